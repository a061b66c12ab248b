"""The code's shape (docs/architecture.md), checked on every run like behaviour is.

The layer contracts themselves are import-linter's (`lint-imports`, in pyproject.toml and
scripts/test). These add what it does not check: no import circle between any two files, few
function-level imports of project code (each with its reason), and no page-type dispatch
outside the page type's own app.
"""

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "seeding", "frontend_sync", "blog", "home", "core", "contentpack")
APPS = ("seeding", "frontend_sync", "blog", "home")
MAX_FUNCTION_LEVEL_IMPORTS = 10


def project_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def import_cycles(graph):
    """Strongly connected groups of modules (Tarjan), each of two or more modules."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def function_level_imports():
    """(file:line, source line, has a comment) for imports of project code inside functions."""
    found = []
    for path in project_files():
        text = path.read_text()
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    module, relative = inner.module or "", inner.level > 0
                elif isinstance(inner, ast.Import):
                    module, relative = inner.names[0].name, False
                else:
                    continue
                if relative or module.split(".")[0] in PACKAGES:
                    line = lines[inner.lineno - 1]
                    above = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                    commented = "#" in line or above.startswith("#")
                    found.append((f"{path.relative_to(ROOT)}:{inner.lineno}", line, commented))
    return found


def page_types_by_app():
    """{app: {names of the page models it defines}}, read from its models package."""
    types = {}
    for app in APPS:
        names = set()
        for path in (ROOT / app).glob(
            "models*/**/*.py" if (ROOT / app / "models").is_dir() else "models.py"
        ):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ClassDef) and node.name.endswith("Page"):
                    names.add(node.name)
        types[app] = names
    return types


def test_no_import_circle_between_files():
    graph = grimp.build_graph(*PACKAGES)
    assert import_cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    """The check above can fail: a graph with a circle in it is reported."""
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_few_function_level_imports_each_with_a_reason():
    imports = function_level_imports()
    assert len(imports) <= MAX_FUNCTION_LEVEL_IMPORTS, imports
    assert [(where, line) for where, line, commented in imports if not commented] == []


def test_no_page_type_dispatch_outside_its_app():
    """`isinstance`/`issubclass` on a page type only in the app that defines it: elsewhere the
    base layer calls the page's hooks (core.pages.SitePageMixin)."""
    types = page_types_by_app()
    offending = []
    for path in project_files():
        owner = path.relative_to(ROOT).parts[0]
        foreign = set().union(*(names for app, names in types.items() if app != owner))
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("isinstance", "issubclass")
                and len(node.args) == 2
            ):
                named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                named |= {n.attr for n in ast.walk(node.args[1]) if isinstance(n, ast.Attribute)}
                if named & foreign:
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert types["blog"] >= {"ConditionArticlePage", "ArticleIndexPage"}  # the scan sees them
    assert offending == []

"""The builder's command line, shared by `python -m contentpack` and `manage.py build_fixtures`.

python -m contentpack [build] [SOURCE ...] [--out DIR] [--site-data FILE] [--check]
python -m contentpack [build] --explain FILE
python -m contentpack evaluate [--corpus DIR] [--split tune|heldout] [--quiet]
"""

import argparse
import sys
from pathlib import Path

from . import evaluate, pack, report
from .errors import PackError, SourceError
from .parse import parse

SITE_DATA = "site.json"  # the practice's site data, next to the source texts
CORPUS = Path("fixtures") / "corpus"


def add_arguments(parser):
    parser.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="source texts (default: fixtures/source/*.txt)"
    )
    parser.add_argument("--out", metavar="DIR", help="where to write the pack (default: fixtures/)")
    parser.add_argument(
        "--site-data",
        metavar="FILE",
        help="the practice's site data (default: fixtures/source/site.json)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit non-zero when the pack differs from what the sources build",
    )
    parser.add_argument(
        "--explain",
        metavar="FILE",
        help="write nothing; show the scores behind each decision for one source text",
    )


def run(sources, out, check, site_data, root, stdout, stderr, explain=None):
    """Build (or check) the pack; return 0 when all is well, else 1 (errors on stderr)."""
    root = Path(root)
    if explain:
        return run_explain(Path(explain), root, stdout, stderr)
    source_dir = root / "fixtures" / "source"
    sources = [Path(s) for s in sources] or sorted(source_dir.glob("*.txt"))
    out = Path(out) if out else root / "fixtures"
    site_data = Path(site_data) if site_data else source_dir / SITE_DATA
    if not sources:
        stderr.write(f"error: no source texts in {source_dir}\n")
        return 1
    try:
        files, articles = pack.build_articles(sources, site_data)
    except SourceError as error:
        stderr.write(f"error: {error}\nnothing written\n")
        return 1
    except PackError as error:
        stderr.write("error: the built pack does not validate:\n")
        stderr.writelines(f"  {line}\n" for line in error.errors)
        stderr.write("nothing written\n")
        return 1
    except OSError as error:
        stderr.write(f"error: {error}\nnothing written\n")
        return 1
    for article in articles:
        stdout.writelines(
            f"{line}\n" for line in report.placements(article, display(article.source, root))
        )
    if check:
        differences = pack.compare(files, out)
        for difference in differences:
            stderr.write(f"  {display(out / difference.path, root)}: {difference.status}\n")
        if differences:
            stderr.write(
                f"{len(differences)} file(s) differ from what the sources build; "
                "run: python manage.py build_fixtures\n"
            )
            return 1
        stdout.write(f"checked {len(articles)} article(s), 1 site file: up to date\n")
        return 0
    differences = pack.write(files, out)
    for difference in differences:
        verb = "removed" if difference.status == "stale" else f"wrote ({difference.status})"
        stdout.write(f"  {verb} {display(out / difference.path, root)}\n")
    stdout.write(f"built {len(articles)} article(s), 1 site file: {len(differences)} changed\n")
    return 0


def run_explain(path, root, stdout, stderr):
    try:
        article = parse(path, path.read_bytes(), explain=True)
    except SourceError as error:
        stderr.write(f"error: {error}\n")
        return 1
    except OSError as error:
        stderr.write(f"error: {path}: cannot read: {error.strerror}\n")
        return 1
    stdout.writelines(f"{line}\n" for line in report.explain(article, display(path, root)))
    return 0


def display(path, root):
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["evaluate"]:
        return main_evaluate(argv[1:])
    if argv[:1] == ["build"]:
        argv = argv[1:]
    parser = argparse.ArgumentParser(
        prog="python -m contentpack [build]",
        description="Build the JSON content pack from source texts (see fixtures/README.md). "
        "'python -m contentpack evaluate' measures the recognition on the labelled corpus.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(
        args.sources,
        args.out,
        args.check,
        args.site_data,
        Path.cwd(),
        sys.stdout,
        sys.stderr,
        explain=args.explain,
    )


def main_evaluate(argv):
    parser = argparse.ArgumentParser(
        prog="python -m contentpack evaluate",
        description="Precision and recall of the recognition per kind, on the labelled corpus "
        f"(fixtures/corpus/); exit 1 when a kind is below {evaluate.BAR} on the held-out split.",
    )
    parser.add_argument("--corpus", metavar="DIR", default=str(CORPUS), help="the corpus")
    parser.add_argument(
        "--split", choices=evaluate.SPLITS, action="append", help="only this split (repeatable)"
    )
    parser.add_argument("--quiet", action="store_true", help="the figures only, no mistakes")
    args = parser.parse_args(argv)
    splits = args.split or list(evaluate.SPLITS)
    return evaluate.run(args.corpus, splits, sys.stdout, sys.stderr, not args.quiet)

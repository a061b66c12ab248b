"""The builder's command line, shared by `python -m contentpack` and `manage.py build_fixtures`."""

import argparse
import sys
from pathlib import Path

from . import pack
from .errors import PackError, SourceError

SITE_DATA = "site.json"  # the practice's site data, next to the source texts


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


def run(sources, out, check, site_data, root, stdout, stderr):
    """Build (or check) the pack; return 0 when all is well, else 1 (errors on stderr)."""
    root = Path(root)
    source_dir = root / "fixtures" / "source"
    sources = [Path(s) for s in sources] or sorted(source_dir.glob("*.txt"))
    out = Path(out) if out else root / "fixtures"
    site_data = Path(site_data) if site_data else source_dir / SITE_DATA
    if not sources:
        stderr.write(f"error: no source texts in {source_dir}\n")
        return 1
    for source in sources:
        stdout.write(f"reading {display(source, root)}\n")
    try:
        files = pack.build(sources, site_data)
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
    articles = len(files) - 1
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
        stdout.write(f"checked {articles} article(s), 1 site file: up to date\n")
        return 0
    differences = pack.write(files, out)
    for difference in differences:
        verb = "removed" if difference.status == "stale" else f"wrote ({difference.status})"
        stdout.write(f"  {verb} {display(out / difference.path, root)}\n")
    stdout.write(f"built {articles} article(s), 1 site file: {len(differences)} changed\n")
    return 0


def display(path, root):
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m contentpack",
        description="Build the JSON content pack from source texts (see fixtures/README.md).",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(
        args.sources, args.out, args.check, args.site_data, Path.cwd(), sys.stdout, sys.stderr
    )

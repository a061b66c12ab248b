"""CPU per uncached request, in-process: what a page-cache miss costs, without a network.

    python benchmarks/misses.py                       # 1,000 articles, 60 requests each
    python benchmarks/misses.py --workdir /tmp/misses # keep (and reuse) the seeded site
    python benchmarks/misses.py --profile api_listing # + cProfile's top functions

It seeds a synthetic site once (benchmarks/synthetic.py, as benchmarks/run.py does; SQLite
in WORKDIR, reused on the next run), then runs the measurement in a subprocess with the
production settings and the page cache off: Django's test client asks each endpoint (the
article page, the article index, the API listing `fields=*&limit=20`, the API detail) a few
times to warm the per-process caches, then REQUESTS times, timing each request's CPU
(`time.process_time`: steadier than wall time on a loaded machine). It prints the median and
mean milliseconds and the query count per request; with --profile ENDPOINT, the functions
that request spends its time in (cProfile, by own time and by cumulative time).

The load benchmark (benchmarks/run.py) turns these into requests per second through
gunicorn; this one says where the time goes.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.queries import HOST, endpoints  # noqa: E402

WARM_UP = 5
ACCEPT_ENCODING = "gzip"  # as browsers and CDNs ask (benchmarks/run.py)


def seeded_site(workdir, articles):
    """The SQLite URL of a site seeded with `articles` synthetic articles in `workdir`."""
    from benchmarks.run import Databases, base_env, build_packs, manage, seed

    database = Path(workdir) / f"site-{articles}.sqlite3"
    static_root = Path(workdir) / "static"
    if not (static_root / "staticfiles.json").exists():
        manage(base_env("sqlite://", static_root), "collectstatic", "--noinput")
    if not database.exists():
        databases = Databases(workdir, None, static_root)
        packs, _ = build_packs(workdir, [articles])
        url, _ = seed(databases, packs[articles], articles)
        Path(url.removeprefix("sqlite:///")).rename(database)
    return f"sqlite:///{database}", static_root


def profiled(get, requests, callers):
    """Where `requests` calls of `get` spend their time: pyinstrument's call tree (sampling,
    so it barely slows the code it measures) when installed, else cProfile's tables."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None and not callers:
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(requests):
                get()
        return profiler.output_text(unicode=True, show_all=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(90)
    if callers:  # e.g. "copy|findall": who calls them
        stats.sort_stats("tottime").print_callers(callers)
    return out.getvalue()


def measure(requests, profile, callers=None):
    """In the subprocess: {endpoint: {median_ms, mean_ms, queries}} and the profile text."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results, report = {}, ""
    for name, path in endpoints().items():

        def get(path=path):
            response = client.get(path, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
            assert response.status_code == 200, (path, response.status_code)
            return response

        for _ in range(WARM_UP):
            get()
        with CaptureQueriesContext(connection) as captured:
            get()
        queries = len(captured)  # now: the next request clears the connection's query log
        times = []
        for _ in range(requests):
            started = time.process_time()
            get()
            times.append((time.process_time() - started) * 1000)
        results[name] = {
            "path": path,
            "median_ms": round(statistics.median(times), 2),
            "mean_ms": round(statistics.mean(times), 2),
            "queries": queries,
        }
        if name == profile:
            report = profiled(get, requests, callers)
    return results, report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per endpoint")
    parser.add_argument("--workdir", help="where the seeded site is kept (default: temporary)")
    parser.add_argument("--profile", help="article, index, api_listing or api_detail")
    parser.add_argument("--callers", help="with --profile: a regex of functions to show callers of")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # the subprocess, with the production environment
        results, report = measure(args.requests, args.profile, args.callers)
        print(report, file=sys.stderr)
        print(json.dumps(results))
        return

    from benchmarks.run import base_env

    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(args.workdir or scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        url, static_root = seeded_site(workdir, args.articles)
        env = base_env(url, static_root, page_cache=False)
        command = [sys.executable, __file__, "--measure", "--requests", str(args.requests)]
        if args.profile:
            command += ["--profile", args.profile]
        if args.callers:
            command += ["--callers", args.callers]
        result = subprocess.run(
            command, cwd=PROJECT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise SystemExit(f"measurement failed:\n{result.stdout}{result.stderr}")
        if result.stderr.strip():
            print(result.stderr)
        results = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"CPU per uncached request, {args.articles:,} articles, {args.requests} requests each")
    print(f"{'endpoint':<12} {'median ms':>10} {'mean ms':>8} {'queries':>8}  path")
    for name, figures in results.items():
        print(
            f"{name:<12} {figures['median_ms']:>10.2f} {figures['mean_ms']:>8.2f} "
            f"{figures['queries']:>8}  {figures['path']}"
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    main()

"""The benchmark suite: builder throughput, seed time and memory, and served throughput.

    python benchmarks/run.py --quick     # 1,000 articles, 8 s per load test (< 5 minutes)
    python benchmarks/run.py             # 1,000 articles, 20 s per load test
    python benchmarks/run.py --full      # + 10,000 articles, 30 s per load test, the load check
    python benchmarks/run.py --seed-only --articles 10000   # steps 1-3 only (no wrk needed)
    python benchmarks/run.py --precision-only   # steps 1-3 and the cache's precision (no wrk)

It works in its own temporary directory and database (a SQLite file; or, with
--database-url postgres://.../NAME, a database NAME_bench it creates and drops), so it never
touches the project's database. Steps:

1. writes deterministic synthetic source texts (benchmarks/synthetic.py);
2. builds content packs from them with the builder (contentpack), timing it;
3. seeds a fresh database from each pack with `manage.py seed` in a subprocess: wall time,
   time per article, and the process's peak memory (max RSS), against a 10-article seed;
4. counts SQL queries per request with Django's test client (benchmarks/queries.py), and
   measures the page cache's precision: the share of warm URLs still cached after one
   publish (benchmarks/precision.py; issue 15: >= 99 % of the unrelated ones, 0 stale);
5. serves the largest seeded site with gunicorn (2 workers, 127.0.0.1, production settings)
   and loads it with `wrk -t2 -c4 --latency`, asking for gzip like every browser and CDN:
   the article page, the article index, the API listing (fields=*, limit=20) and detail,
   with the page cache off and then on, and, on each of the two servers first, the same
   article HTML as a static file served (pre-compressed) by whitenoise: the limit of this
   stack, which each figure is a share of;
6. with --full (or --load), runs benchmarks/load.py (50 connections x 30 s) if present.

With --seed-only it stops after step 3 and prints the builder and seed table.

Targets (issue 8) are printed as PASS/MISS next to the figures; nothing is asserted.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.server import gunicorn, production_env  # noqa: E402
from benchmarks.synthetic import write_sources  # noqa: E402

PORTS = range(8500, 8600)
BASELINE_ARTICLES = 10
STATIC_PATH = "/static/bench/article.html"
ACCEPT_ENCODING = "gzip"  # every request asks for it, as browsers and CDNs do
ENDPOINTS = [
    ("article", "article HTML"),
    ("index", "article index"),
    ("api_listing", "API listing fields=*"),
    ("api_detail", "API detail"),
]
# (endpoint, cached) -> minimum share of the static limit, from issue 8.
RATIO_TARGETS = {
    ("article", False): 0.25,
    ("article", True): 0.80,
    ("api_listing", False): 0.10,
    ("api_listing", True): 0.80,
}
QUERY_TARGETS = {("article", False): 8, ("article", True): 0}
SEED_TARGETS = {1_000: 20.0, 10_000: 200.0}  # seconds
PRECISION_TARGET = 0.99  # unrelated warm URLs still cached after a change (issue 15)
FLAT_MEMORY_MB = 50  # "flat": peak RSS grows less than this from the 10-article seed


def progress(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def verdict(ok):
    return "PASS" if ok else "MISS"


# Environment and processes


def base_env(database_url, static_root, page_cache=True):
    return production_env(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="true" if page_cache else "false",
        LOG_LEVEL="WARNING",
        AXES_ENABLED="false",
        PYTHONPATH=str(PROJECT),
    )


def run(env, *args, what):
    """Run a command in the project directory; return its stdout."""
    result = subprocess.run(args, cwd=PROJECT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"error: {what} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def run_measured(env, *args, what):
    """Run a command; return (stdout, seconds, the process's peak RSS in MB, its CPU seconds:
    user + system, steadier than wall time on a busy machine)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=out, stderr=err)
        # The child's own high-water mark, polled: ru_maxrss would also count this process's
        # memory at fork time (Linux keeps it across exec), e.g. the 10,000-article packs.
        peak_kb = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_kb = max(peak_kb, high_water_kb(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            out.seek(0), err.seek(0)
            raise SystemExit(f"error: {what} failed:\n{out.read()}{err.read()}")
        out.seek(0)
        return out.read(), seconds, peak_kb / 1024, usage.ru_utime + usage.ru_stime


def high_water_kb(pid):
    """Peak resident memory (VmHWM) of a running process, in KB; 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def manage(env, *args):
    return run(env, sys.executable, "manage.py", *args, what=f"manage.py {' '.join(args)}")


def fetch(url):
    """(status, Content-Encoding) of a GET asking for gzip, as browsers and CDNs do."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()
            return response.status, response.headers.get("Content-Encoding")
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return None, None


# Databases


class Databases:
    """A fresh, migrated database per seed: copies of one migrated SQLite file, or (for
    PostgreSQL) NAME_bench re-created and migrated each time, dropped at the end."""

    def __init__(self, workdir, database_url, static_root):
        self.workdir, self.url, self.static_root = Path(workdir), database_url, static_root
        self.template = self.workdir / "migrated.sqlite3"

    @property
    def postgres(self):
        return bool(self.url) and self.url.startswith(("postgres://", "postgresql://"))

    def env(self, url):
        return base_env(url, self.static_root)

    def fresh(self, name):
        if not self.url:
            if not self.template.exists():
                manage(self.env(f"sqlite:///{self.template}"), "migrate", "--noinput")
            path = self.workdir / f"{name}.sqlite3"
            shutil.copy(self.template, path)
            return f"sqlite:///{path}"
        if not self.postgres:
            raise SystemExit("error: --database-url must be a postgres:// URL")
        bench = self._bench_url()
        self._admin(f'DROP DATABASE IF EXISTS "{self._bench_name()}"')
        self._admin(f'CREATE DATABASE "{self._bench_name()}"')
        manage(self.env(bench), "migrate", "--noinput")
        return bench

    def fresh_copy(self, url):
        """A copy of a seeded SQLite database (changes made on it leave `url` as it was);
        PostgreSQL: `url` itself (the precision run's three changes stay in it)."""
        if self.postgres:
            return url
        source = Path(urlsplit(url).path)
        copy = source.with_name(source.stem + "-copy.sqlite3")
        shutil.copy(source, copy)
        return f"sqlite:///{copy}"

    def close(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self._bench_name()}"')

    def _bench_name(self):
        return urlsplit(self.url).path.lstrip("/") + "_bench"

    def _bench_url(self):
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + self._bench_name()))

    def _admin(self, sql):
        import psycopg

        # The server's maintenance database: NAME itself need not exist.
        parts = urlsplit(self.url)._replace(scheme="postgresql", path="/postgres")
        with psycopg.connect(urlunsplit(parts), autocommit=True) as connection:
            if sql.startswith("DROP"):
                connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [self._bench_name()],
                )
            connection.execute(sql)


# Steps


def build_packs(workdir, sizes):
    """Write sources, build one pack per size; return ({size: pack dir}, builder figures)."""
    from contentpack import pack

    site_data = PROJECT / "fixtures" / "source" / "site.json"
    sources = write_sources(Path(workdir) / "source", max(sizes))
    packs, figures = {}, {}
    for size in sorted(sizes):
        started = time.perf_counter()
        files = pack.build(sources[:size], site_data)
        seconds = time.perf_counter() - started
        packs[size] = Path(workdir) / f"pack-{size}"
        pack.write(files, packs[size])
        figures[size] = seconds
        progress(f"built {size:,} articles in {seconds:.1f} s ({size / seconds:,.0f}/s)")
    return packs, figures


def seed(databases, pack_dir, size):
    url = databases.fresh(f"seed-{size}")
    _, seconds, peak_mb, cpu = run_measured(
        databases.env(url),
        sys.executable,
        "manage.py",
        "seed",
        "--fixtures",
        str(pack_dir),
        what=f"seed of {size} articles",
    )
    progress(
        f"seeded {size:,} articles in {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak_mb:.0f} MB"
    )
    return url, {"seconds": seconds, "peak_mb": peak_mb, "cpu": cpu}


WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * WRK_UNITS[match.group(2)] if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency(50),
        "p99": latency(99),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def wrk(url, duration):
    result = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{duration}s", "--timeout", "10s", "--latency"]
        + ["-H", f"Accept-Encoding: {ACCEPT_ENCODING}", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(result.stdout)


def load_endpoints(env, paths, duration, cached):
    label = "cache on" if cached else "cache off"
    results = {}
    with gunicorn(
        {**env, "PAGE_CACHE": "true" if cached else "false"}, PORTS, probe=STATIC_PATH
    ) as (base, _log):
        # The static limit is measured on each server, just before its endpoints: measured
        # once, minutes apart, it drifted with the machine by up to 40 % between runs.
        for name, path in [("static", STATIC_PATH), *paths.items()]:
            for _ in range(4):  # warm both workers (and, with the cache on, their caches)
                status, encoding = fetch(base + path)
            if (status, encoding) != (200, "gzip"):
                raise SystemExit(f"error: GET {path} answered {status} ({encoding or 'identity'})")
            results[name] = wrk(base + path, duration)
            progress(f"{label}: {name} {results[name]['rps']:,.0f} req/s")
    return results


def run_load_check(database_url, duration):
    try:
        from benchmarks.load import report, run_load
    except ImportError:
        progress("benchmarks/load.py not present: load check skipped")
        return None
    progress(f"load check: benchmarks/load.py, 50 connections x {duration} s")
    result = run_load("postgres" if database_url else "sqlite", duration=duration,
                      database_url=database_url)  # fmt: skip
    print(report(result), flush=True)
    return result


def cache_precision(env, workdir):
    """benchmarks/precision.py on the seeded site, with a cache directory of its own."""
    # Every URL fits in the process's page cache (the default keeps 2,000 keys: ~1,000 URLs;
    # warming 2,400 in a row would evict each before it is asked again).
    env = {**env, "CACHE_DIR": str(Path(workdir) / "precision-cache")}
    env["PAGE_CACHE_MAX_ENTRIES"] = "50000"
    output = run(env, sys.executable, "benchmarks/precision.py", what="cache precision")
    return json.loads(output.strip().splitlines()[-1])


# Report


def print_precision(results, articles):
    print()
    print(f"== Page cache precision: {articles:,} articles, every URL warm, then one change")
    header = f"{'change':<24} {'URLs':>6} {'related':>7} {'still cached':>12} "
    header += f"{'unrelated cached':>16} {'stale':>5}  target"
    print(header)
    print("-" * len(header))
    for name, figures in results.items():
        share = figures["unrelated_cached_share"]
        target = f">= {PRECISION_TARGET:.0%} {verdict(share >= PRECISION_TARGET)}; "
        target += f"0 stale {verdict(figures['stale'] == 0)}"
        print(
            f"{name:<24} {figures['urls']:>6,} {figures['related']:>7,} "
            f"{figures['cached_share']:>12.1%} {share:>16.1%} {figures['stale']:>5}  {target}"
        )


def fmt_ms(value):
    return "-" if value is None else f"{value:.1f}"


def print_seed_report(builder, seeds):
    print()
    print("== Builder and seed")
    print(f"{'articles':>9}  {'build s':>8}  {'build/s':>8}  {'seed s':>7}  {'ms/article':>10}  "
          f"{'peak RSS MB':>11}  target")  # fmt: skip
    baseline = seeds.get(BASELINE_ARTICLES)
    for size in sorted(seeds):
        figures = seeds[size]
        build = builder.get(size)
        per_article = figures["seconds"] / size * 1000
        target = ""
        if size in SEED_TARGETS:
            limit_s = SEED_TARGETS[size]
            target = f"< {limit_s:.0f} s {verdict(figures['seconds'] < limit_s)}"
            if baseline:
                growth = figures["peak_mb"] - baseline["peak_mb"]
                target += f"; memory +{growth:.0f} MB {verdict(growth < FLAT_MEMORY_MB)}"
        print(
            f"{size:>9,}  {fmt_ms(build):>8}  "
            f"{'-' if not build else f'{size / build:,.0f}':>8}  {figures['seconds']:>7.1f}  "
            f"{per_article:>10.1f}  {figures['peak_mb']:>11.0f}  {target}"
        )


def print_report(builder, seeds, queries, served, article_bytes, duration, articles):
    print_seed_report(builder, seeds)
    print()
    print(f"== Served: gunicorn 2 workers, wrk -t2 -c4 -d{duration}s, {articles:,} articles, "
          f"article page {article_bytes}")  # fmt: skip
    header = f"{'endpoint':<22} {'cache':<5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
    header += f"{'% limit':>7} {'queries':>7}  target"
    print(header)
    print("-" * len(header))
    for cached in (False, True):
        limit = served[cached]["static"]
        print(
            f"{'static (the limit)':<22} {'on' if cached else 'off':<5} {limit['rps']:>8,.0f} "
            f"{fmt_ms(limit['p50']):>7} {fmt_ms(limit['p99']):>7} {'100%':>7} {0:>7}"
        )
    for name, label in ENDPOINTS:
        for cached in (False, True):
            figures, limit = served[cached][name], served[cached]["static"]
            ratio = figures["rps"] / limit["rps"] if limit["rps"] else 0
            count = queries[name]["cached" if cached else "uncached"]
            targets = []
            if (name, cached) in RATIO_TARGETS:
                want = RATIO_TARGETS[(name, cached)]
                targets.append(f">= {want:.0%} {verdict(ratio >= want)}")
            if (name, cached) in QUERY_TARGETS:
                want = QUERY_TARGETS[(name, cached)]
                targets.append(f"<= {want} queries {verdict(count <= want)}")
            if figures["errors"]:
                targets.append(f"{figures['errors']} ERRORS")
            print(
                f"{label:<22} {'on' if cached else 'off':<5} {figures['rps']:>8,.0f} "
                f"{fmt_ms(figures['p50']):>7} {fmt_ms(figures['p99']):>7} {ratio:>7.1%} "
                f"{count:>7}  {'; '.join(targets)}"
            )
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="1,000 articles, 8 s load tests")
    size.add_argument("--full", action="store_true", help="also 10,000 articles; 30 s tests")
    parser.add_argument("--database-url", help="postgres://... (uses and drops NAME_bench)")
    parser.add_argument("--duration", type=int, help="seconds per load test")
    parser.add_argument("--articles", type=int, help="seed this many articles instead")
    parser.add_argument("--load", action="store_true", help="also run benchmarks/load.py")
    parser.add_argument(
        "--seed-only", action="store_true", help="build and seed only: no server, no wrk"
    )
    parser.add_argument(
        "--precision-only",
        action="store_true",
        help="seed 1,000 articles and measure the page cache's precision only (no wrk)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args(argv)
    if not (args.seed_only or args.precision_only) and not shutil.which("wrk"):
        raise SystemExit("error: wrk is missing (Debian: apt-get install wrk)")

    sizes = [args.articles] if args.articles else [1_000, 10_000] if args.full else [1_000]
    duration = args.duration or (30 if args.full else 8 if args.quick else 20)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    static_root = workdir / "static"
    databases = Databases(workdir, args.database_url, static_root)
    try:
        kind = "PostgreSQL" if databases.postgres else "SQLite"
        progress(f"working in {workdir}; database: {kind}")
        packs, builder = build_packs(workdir, [BASELINE_ARTICLES, *sizes])
        seeds = {}
        for count in [BASELINE_ARTICLES, *sizes]:
            served_url, seeds[count] = seed(databases, packs[count], count)
        if args.seed_only:
            print_seed_report(builder, seeds)
            progress(f"done in {time.perf_counter() - started:.0f} s")
            return

        env = databases.env(served_url)
        manage(env, "collectstatic", "--noinput")
        progress("page cache precision: warming every URL, then three changes")
        precision = cache_precision(databases.env(databases.fresh_copy(served_url)), workdir)
        if args.precision_only:
            print_precision(precision, max(sizes))
            progress(f"done in {time.perf_counter() - started:.0f} s")
            return
        html = static_root / STATIC_PATH.removeprefix("/static/")
        html.parent.mkdir(parents=True, exist_ok=True)
        measured = json.loads(
            run(env, sys.executable, "benchmarks/queries.py", str(html), what="query count")
            .strip()
            .splitlines()[-1]
        )
        # Pre-compressed, as whitenoise's storage does for every static file it collects.
        compressed = gzip.compress(html.read_bytes(), 9)
        html.with_name(html.name + ".gz").write_bytes(compressed)
        measured["article_bytes"] = (
            f"{measured['article_bytes']:,} bytes ({len(compressed):,} gzipped)"
        )
        progress("queries per request: " + ", ".join(
            f"{name} {q['uncached']}/{q['cached']}" for name, q in measured["queries"].items()
        ))  # fmt: skip

        served = {}
        for cached in (False, True):
            served[cached] = load_endpoints(env, measured["paths"], duration, cached)
        print_report(
            builder, seeds, measured["queries"], served, measured["article_bytes"],
            duration, max(sizes),
        )  # fmt: skip
        print_precision(precision, max(sizes))
        if args.full or args.load:
            run_load_check(args.database_url and databases.fresh("load"), 30 if args.full else 10)
        progress(f"done in {time.perf_counter() - started:.0f} s")
    finally:
        databases.close()
        if args.keep:
            progress(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Bounded loopback load: 50 connections for 30 s against gunicorn (2 workers, production
settings) on a seeded site, with `wrk`, on SQLite or PostgreSQL.

Standalone:  python benchmarks/load.py --database sqlite|postgres [--duration 30]
Importable:  from benchmarks.load import run_load; result = run_load("sqlite")
Churn:       python benchmarks/load.py --churn [--database-url postgres://… --redis-url redis://…
             --servers 2]

With --churn (issue 15), a separate process (benchmarks/churn.py) publishes one article and
unpublishes another every 5 s during the run, and the load is driven by Python clients that
check every response (wrk cannot): 50 connections in two client processes, the same URL mix
plus the two churned articles' pages and API details, the feed and the newest-first API
listing. Every answer says what it shows (404, or the title marker `[churn A<k>]`); an
answer showing a state that a change committed more than 1 s before the request was sent
had replaced is *stale*. Also counted: errors (connection), 5xx, any other unexpected status.

Prints requests/s, latency and the error counts wrk reports (socket errors and non-2xx/3xx
responses); exits non-zero if there was any error. The database is prepared first (migrate,
seed, collectstatic); SQLite uses a fresh file in a temporary directory, PostgreSQL the
database in LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/security), created
when missing.
"""

import argparse
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

from benchmarks.server import gunicorn, manage, production_env  # noqa: E402

PORTS = range(8600, 8700)
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/security"
SEARCH_TERMS = ["pain", "muscle", "back", "spasm"]


def server_env(database_url, static_root):
    return production_env(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        AXES_ENABLED="false",
    )


def ensure_postgres_database(url):
    """Create the load test's PostgreSQL database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(env, articles=None, workdir=None):
    """Migrate, seed (idempotent) and collect static files for the production server. With
    `articles`, the seed is a synthetic pack of that many (benchmarks/synthetic.py)."""
    manage(env, "migrate", "--noinput")
    if articles:
        from benchmarks.synthetic import write_sources
        from contentpack import pack

        sources = write_sources(Path(workdir) / "source", articles)
        files = pack.build(sources, PROJECT / "fixtures" / "source" / "site.json")
        pack.write(files, Path(workdir) / "pack")
        manage(env, "seed", "--fixtures", str(Path(workdir) / "pack"))
    else:
        manage(env, "seed")
    manage(env, "collectstatic", "--noinput")


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return json.load(response)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def discover_paths(base):
    """Home, index, every article, API listing/detail and search, from the live API."""
    articles = get_json(base + "/api/v2/pages/?type=blog.ConditionArticlePage&limit=100")
    indexes = get_json(base + "/api/v2/pages/?type=blog.ArticleIndexPage")
    article_paths = [path_of(item["meta"]["html_url"]) for item in articles["items"]]
    if not article_paths:
        raise RuntimeError("the seeded site has no articles to load")
    paths = ["/", *(path_of(item["meta"]["html_url"]) for item in indexes["items"])]
    paths += article_paths
    paths += [
        "/api/v2/pages/",
        "/api/v2/pages/?type=blog.ConditionArticlePage&fields=title&limit=20",
        f"/api/v2/pages/{articles['items'][0]['id']}/",
    ]
    paths += [f"/search/?q={term}" for term in SEARCH_TERMS]
    return paths


def check_paths(base, paths):
    """Each URL once before the load: a URL that already fails is named, not just counted."""
    failing = {}
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if not 200 <= status < 400:
            failing[path] = status
    return failing


LUA = """
local paths = {%s}
local i = 0
request = function()
    i = i + 1
    return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def run_wrk(base, paths, connections, duration, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(path) for path in paths))
    try:
        result = subprocess.run(
            [
                shutil.which("wrk") or "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    return result.stdout


def parse_wrk(output):
    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = dict(
        zip(
            ["connect", "read", "write", "timeout"],
            [int(n) for n in socket_errors.groups()] if socket_errors else [0, 0, 0, 0],
            strict=True,
        )
    )
    latency = {
        pct: re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M).group(1)
        for pct in ("50", "90", "99")
        if re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
    }
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "latency": latency,
        "socket_errors": errors,
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
    }


def run_load(database="sqlite", duration=30, connections=50, workers=2, database_url=None):
    """Prepare a seeded database, serve it with gunicorn, load it with wrk; return a dict."""
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        if database_url is None:
            if database == "sqlite":
                database_url = f"sqlite:///{tmp}/load.sqlite3"
            else:
                database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_POSTGRES)
                ensure_postgres_database(database_url)
        env = server_env(database_url, Path(tmp) / "static")
        prepare(env)
        with gunicorn(env, PORTS, workers=workers) as (base, log):
            paths = discover_paths(base)
            failing = check_paths(base, paths)
            output = run_wrk(base, paths, connections, duration)
            log.seek(0)
            server_log = log.read()
    result = {
        "database": database,
        "connections": connections,
        "duration_s": duration,
        "workers": workers,
        "paths": paths,
        "failing_paths": failing,
        **parse_wrk(output),
        "server_errors_logged": server_log.count("Traceback"),
        "wrk_output": output,
    }
    result["errors"] = (
        sum(result["socket_errors"].values())
        + result["non_2xx_3xx"]
        + len(failing)
        + result["server_errors_logged"]
    )
    result["ok"] = result["errors"] == 0 and result["requests"] > 0
    return result


# Churn: every response checked against the changes' commit times

CHURN_MARK = re.compile(rb"\[churn ([AB])(\d+)\]")
STALE_AFTER = 1.0  # seconds (issue 15)
CLOCK_MARGIN = 0.05  # seconds


def shown(status, body, letters):
    """{letter: ("live", k) or ("gone",)} for the churned articles a response shows."""
    found = {}
    for letter, number in CHURN_MARK.findall(body):
        found.setdefault(letter.decode(), set()).add(int(number))
    result = {}
    for letter in letters:
        if status == 404:
            result[letter] = ("gone",)
        elif letter in found:
            result[letter] = ("live", max(found[letter]))
        else:
            result[letter] = ("gone",)
    return result


def client_worker(bases, plan, connections, offset, duration, queue):
    """One client process: `connections` threads, each with its own keep-alive session,
    asking `plan` ([(path, letters it shows)]) in turn on its server until `duration` ends."""
    import threading

    import requests

    stop = time.monotonic() + duration
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "5xx": 0, "unexpected": 0}
    latencies, observations, unexpected = [], [], []

    def run(number):
        session = requests.Session()
        base = bases[(offset + number) % len(bases)]
        i = (offset + number) * 7
        local = {"requests": 0, "errors": 0, "5xx": 0, "unexpected": 0}
        mine_latency, mine_obs = [], []
        while time.monotonic() < stop:
            path, letters = plan[i % len(plan)]
            i += 1
            sent = time.time()
            try:
                response = session.get(base + path, timeout=10, allow_redirects=False)
                body = response.content
            except requests.RequestException:
                local["errors"] += 1
                continue
            received = time.time()
            local["requests"] += 1
            mine_latency.append(received - sent)
            status = response.status_code
            if status >= 500:
                local["5xx"] += 1
            elif letters and status in (200, 404):
                states = shown(status, body, letters)
                mine_obs.append((path, sent, received, states, response.headers.get("X-Cache")))
            elif status != 200 or not body:
                local["unexpected"] += 1
                unexpected.append((path, status))
        with lock:
            for key, value in local.items():
                totals[key] += value
            latencies.extend(mine_latency)
            observations.extend(mine_obs)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((totals, latencies, observations, unexpected[:20]))


def stale_answers(observations, events):
    """Observations showing a state that a change committed more than STALE_AFTER seconds
    before the request was sent had replaced; and those within that second (informative)."""
    by_letter = {}
    for event in events:
        by_letter.setdefault(event["letter"], []).append(
            (event["t"], ("live", event["k"]) if event["live"] else ("gone",))
        )
    stale, within = [], 0
    for path, sent, received, states, cache in observations:
        for letter, state in states.items():
            history = by_letter.get(letter, [])
            required = [s for t, s in history if t <= sent - STALE_AFTER]
            if not required:
                continue
            # Or a state committed since (up to the answer; CLOCK_MARGIN: the changer notes
            # the time just after the commit, the server may have answered just before).
            allowed = {required[-1]} | {
                s for t, s in history if sent - STALE_AFTER < t <= received + CLOCK_MARGIN
            }
            if state not in allowed:
                changed = max(t for t, _ in history if t <= sent - STALE_AFTER)
                late = round(sent - changed, 3)
                stale.append((path, letter, state, required[-1], cache, f"{late} s after"))
            elif state != required[-1]:
                pass  # already the newer state
            elif any(sent - STALE_AFTER < t <= sent for t, _ in history):
                within += 1  # the old state, less than a second after the change
    return stale, within


def churn_plan(paths, churned):
    """The load's URLs plus the churned articles' (`churned`: {letter: {id, path}}), each
    with the letters of the churned articles it shows."""
    listing = "/api/v2/pages/?type=blog.ConditionArticlePage&order=-first_published_at&limit=20"
    shows_both = {"/", "/articles/", "/feed/", listing}
    details = {}
    for letter, article in churned.items():
        details[article["path"]] = letter
        details[f"/api/v2/pages/{article['id']}/"] = letter
    plan = []
    for path in [*dict.fromkeys([*paths, "/feed/", listing]), *details]:
        if path in details:
            plan.append((path, (details[path],)))
        elif path not in details:
            plan.append((path, ("A", "B") if path in shows_both else ()))
    return plan


def warm_up(bases, paths, rounds=4):
    """Every URL a few times at once on every server, so each worker has rendered it: the
    run then measures churn, not the first renders (as the wrk mode's check_paths does)."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(url):
        try:
            with urllib.request.urlopen(url, timeout=30):  # noqa: S310 (loopback)
                pass
        except urllib.error.HTTPError:
            pass

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch, [base + path for base in bases for path in paths] * rounds))


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else None


def run_churn(
    database="sqlite", duration=30, connections=50, workers=2, servers=1, database_url=None,
    redis_url=None, interval=5.0, clients=2, articles=100,
):  # fmt: skip
    """The churn load (see the module docstring); returns a dict."""
    import multiprocessing
    from contextlib import ExitStack

    with tempfile.TemporaryDirectory(prefix="churn-") as tmp:
        if database_url is None:
            database_url = f"sqlite:///{tmp}/load.sqlite3"
        elif database == "postgres":
            ensure_postgres_database(database_url)
        env = server_env(database_url, Path(tmp) / "static")
        env["CACHE_DIR"] = f"{tmp}/cache"
        env["PYTHONPATH"] = str(PROJECT)
        if redis_url:
            env["REDIS_URL"] = redis_url
            env["CACHE_KEY_PREFIX"] = f"churn-{os.getpid()}-{time.time_ns()}"
        prepare(env, articles=articles, workdir=tmp)
        with ExitStack() as stack:
            started_servers = [
                stack.enter_context(gunicorn(env, PORTS, workers=workers)) for _ in range(servers)
            ]
            bases = [base for base, _log in started_servers]
            changer = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.churn", "--interval", str(interval)]
                + ["--duration", str(duration)],
                cwd=PROJECT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            lines, churned = [], None
            for line in changer.stdout:
                if line.strip() == "ready":
                    break
                if line.startswith('{"articles"'):
                    churned = json.loads(line)["articles"]
                else:
                    lines.append(line)
            if churned is None:
                raise RuntimeError("the churn process did not start")
            plan = churn_plan(discover_paths(bases[0]), churned)
            warm_up(bases, [path for path, _letters in plan])
            slugs = [churned[letter]["slug"] for letter in "AB"]
            changer.stdin.write("go\n")
            changer.stdin.flush()
            queue = multiprocessing.Queue()
            per_client = connections // clients
            processes = [
                multiprocessing.Process(
                    target=client_worker,
                    args=(bases, plan, per_client, n * per_client, duration, queue),
                )
                for n in range(clients)
            ]
            started = time.monotonic()
            for process in processes:
                process.start()
            parts = [queue.get() for _ in processes]
            elapsed = time.monotonic() - started
            for process in processes:
                process.join()
            lines += changer.stdout.readlines()
            changer.wait(timeout=60)
            tracebacks = 0
            for _base, log in started_servers:
                log.seek(0)
                tracebacks += log.read().count("Traceback")
        events = []
        for line in lines:
            event = json.loads(line)
            event["letter"] = "A" if event["slug"] == slugs[0] else "B"
            events.append(event)
    totals = {key: sum(part[0][key] for part in parts) for key in parts[0][0]}
    latencies = [value for part in parts for value in part[1]]
    observations = [value for part in parts for value in part[2]]
    stale, within = stale_answers(observations, events)
    return {
        "database": database,
        "redis": bool(redis_url),
        "servers": servers,
        "workers": workers,
        "connections": connections,
        "duration_s": duration,
        "articles": articles,
        "changes": len(events),
        **totals,
        "requests_per_second": totals["requests"] / elapsed,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "server_tracebacks": tracebacks,
        "checked": len(observations),
        "stale": len(stale),
        "stale_examples": stale[:10],
        "events": events,
        "observations": observations if os.environ.get("CHURN_OBSERVATIONS") else None,
        "old_within_1s": within,
        "unexpected_examples": [u for part in parts for u in part[3]][:10],
        "ok": not stale and not totals["errors"] and not totals["5xx"]
        and not totals["unexpected"] and not tracebacks,
    }  # fmt: skip


def churn_report(result):
    setup = "PostgreSQL + Redis" if result["redis"] else result["database"]
    lines = [
        f"churn, {setup}: {result['servers']} server(s) x {result['workers']} workers, "
        f"{result['connections']} connections x {result['duration_s']} s, "
        f"{result['articles']} articles, {result['changes']} changes",
        f"  requests: {result['requests']} ({result['requests_per_second']:.0f}/s), "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms",
        f"  checked against the changes: {result['checked']}; stale after 1 s: "
        f"{result['stale']}; old state within 1 s of a change: {result['old_within_1s']}",
        f"  errors: {result['errors']}, 5xx: {result['5xx']}, "
        f"other unexpected: {result['unexpected']}, "
        f"server tracebacks: {result['server_tracebacks']}",
    ]
    for example in result["stale_examples"]:
        lines.append(f"  STALE: {example}")
    for example in result["unexpected_examples"]:
        lines.append(f"  UNEXPECTED: {example}")
    lines.append("  OK" if result["ok"] else "  FAILED")
    return "\n".join(lines)


def report(result):
    errors = result["socket_errors"]
    lines = [
        f"{result['database']}: {result['connections']} connections x {result['duration_s']} s, "
        f"gunicorn {result['workers']} workers, {len(result['paths'])} URLs",
        f"  requests: {result['requests']}  ({result['requests_per_second']:.1f}/s)",
        "  latency: " + ", ".join(f"p{k} {v}" for k, v in result["latency"].items()),
        f"  socket errors: connect {errors['connect']}, read {errors['read']}, "
        f"write {errors['write']}, timeout {errors['timeout']}",
        f"  non-2xx/3xx responses: {result['non_2xx_3xx']}",
        f"  server tracebacks logged: {result['server_errors_logged']}",
    ]
    for path, status in result["failing_paths"].items():
        lines.append(f"  FAILING before load: {path} -> {status}")
    lines.append("  OK" if result["ok"] else f"  FAILED: {result['errors']} errors")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=30, help="seconds (default 30)")
    parser.add_argument("--connections", type=int, default=50, help="default 50")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--churn", action="store_true", help="publish/unpublish every 5 s")
    parser.add_argument("--database-url", help="postgres://… (default: a fresh SQLite file)")
    parser.add_argument("--redis-url", help="redis://… (default: no Redis)")
    parser.add_argument("--servers", type=int, default=1, help="app servers (churn only)")
    args = parser.parse_args(argv)
    if args.churn:
        database = "postgres" if args.database_url else "sqlite"
        result = run_churn(
            database, duration=args.duration, connections=args.connections,
            servers=args.servers, database_url=args.database_url, redis_url=args.redis_url,
        )  # fmt: skip
        print(json.dumps(result, indent=2) if args.json else churn_report(result))
        return 0 if result["ok"] else 1
    result = run_load(args.database, duration=args.duration, connections=args.connections)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "wrk_output"}, indent=2))
    else:
        print(report(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

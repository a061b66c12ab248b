"""Bounded loopback load: 50 connections for 30 s against gunicorn (2 workers, production
settings) on a seeded site, with `wrk`, on SQLite or PostgreSQL.

Standalone:  python benchmarks/load.py --database sqlite|postgres [--duration 30]
Importable:  from benchmarks.load import run_load; result = run_load("sqlite")

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


def prepare(env):
    """Migrate, seed (idempotent) and collect static files for the production server."""
    manage(env, "migrate", "--noinput")
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
    args = parser.parse_args(argv)
    result = run_load(args.database, duration=args.duration, connections=args.connections)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "wrk_output"}, indent=2))
    else:
        print(report(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

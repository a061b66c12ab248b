"""A real cluster for the tests: gunicorn app servers (production settings) on free loopback
ports, an editor process (tests/cluster/changer.py) and a poller that asks every server, many
times at once so every worker answers, until all of them show a change."""

import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import requests
from django.db import connection

from benchmarks.server import PROJECT, gunicorn, manage, production_env

STALE_LIMIT = 1.0  # seconds a change may take to reach every process (issue 15)
REQUESTS_PER_URL = 3  # per server and round: concurrent, so both workers of a server answer


def sqlite_database(path):
    """A migrated SQLite file: a copy of the test session's database when that is SQLite
    (milliseconds; needs a transactional test), else `migrate` in a subprocess (~14 s)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        flushed = target.execute("SELECT COUNT(*) FROM auth_permission").fetchone()[0] == 0
        target.close()
        if flushed:
            # An earlier transactional test flushed the session's database, permissions and
            # content types too: `migrate` applies nothing but recreates them (post_migrate).
            manage(server_env(DATABASE_URL=f"sqlite:///{path}"), "migrate", "--noinput")
    else:
        manage(server_env(DATABASE_URL=f"sqlite:///{path}"), "migrate", "--noinput")
    return f"sqlite:///{path}"


def server_env(**extra):
    return production_env(LOG_LEVEL="WARNING", AXES_ENABLED="false", **extra)


@contextmanager
def servers(env, count, workers=2):
    """`count` gunicorn servers on one database and cache, started and stopped in parallel
    (each takes seconds to import Django); yields their base URLs."""
    managers = [gunicorn(env, workers=workers, timeout=60) for _ in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        started = [pool.submit(manager.__enter__) for manager in managers]
        errors = [future.exception() for future in started]
        running = [m for m, e in zip(managers, errors, strict=True) if e is None]
        try:
            if any(errors):
                raise next(e for e in errors if e)
            yield [future.result()[0] for future in started]
        finally:
            list(pool.map(lambda manager: manager.__exit__(None, None, None), running))


class Editor:
    """The changer process: `change("unpublish slug")` returns once the change is committed."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.cluster.changer"],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ready = False  # Django starts while the servers do; waited for on first use

    def change(self, command):
        if not self.ready:
            assert self.process.stdout.readline().strip() == "ready"
            self.ready = True
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer == f"done {command.split()[0]}", answer

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def ask(bases, expectations, pool):
    """One round: every URL of `expectations` on every server, REQUESTS_PER_URL times at once.
    Returns [(response, shows the expected state)]."""

    def one(url, expected):
        response = requests.get(url, timeout=10, allow_redirects=False)
        return response, expected(response)

    jobs = [
        pool.submit(one, base + path, expected)
        for base in bases
        for path, expected in expectations.items()
        for _ in range(REQUESTS_PER_URL)
    ]
    return [job.result() for job in jobs]


def stale(answers):
    return [(r.url, r.status_code, r.headers.get("X-Cache")) for r, ok in answers if not ok]


def seconds_until_everywhere(bases, expectations, limit=STALE_LIMIT):
    """Poll until every answer of a round shows the new state. Returns the seconds from the
    change to the start of that round: every request sent after then saw the change.

    Raises AssertionError with the stale answers when `limit` passes first. A second round
    must agree, so a worker that still holds the old page cannot hide behind luck."""
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        while True:
            sent = time.monotonic() - start
            old = stale(ask(bases, expectations, pool))
            if not old:
                again = stale(ask(bases, expectations, pool))
                assert not again, f"stale again after a fresh round: {again}"
                return sent
            assert sent <= limit, f"still stale {sent:.2f} s after the change: {old}"
            time.sleep(0.05)


def cacheable(response):
    """A 200 the page cache keeps (not the password form: it sets a CSRF cookie, no-store)."""
    return response.status_code == 200 and "no-store" not in response.headers.get(
        "Cache-Control", ""
    )


def warm(bases, expectations):
    """Ask until every cacheable answer is a cache hit, all showing `expectations` (the state
    before the change): every worker then holds the old state, ready to go stale."""
    deadline = time.monotonic() + 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        while True:
            answers = ask(bases, expectations, pool)
            assert not stale(answers), f"the state before the change is not shown: {answers}"
            missed = [
                response.url
                for response, _ in answers
                if cacheable(response) and response.headers.get("X-Cache") != "HIT"
            ]
            if not missed:
                return
            assert time.monotonic() < deadline, f"never served from the cache: {missed}"

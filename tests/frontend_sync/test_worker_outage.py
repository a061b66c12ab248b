"""The webhook worker outlives a database outage: the real `manage.py deliver_webhooks`
process, a real receiver, and a real interruption — on SQLite the database file is moved
away and back (with its -wal/-shm), on PostgreSQL every connection to the test database is
terminated (`pg_terminate_backend`) and new ones refused (`ALLOW_CONNECTIONS false`) for a
while. The worker logs it, backs off, and delivers what was published after the database
came back; it never creates an empty SQLite file meanwhile."""

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from wagtail.models import Page

from benchmarks.server import PROJECT
from seeding.seed import create_root
from tests.cluster.harness import sqlite_database
from tests.conftest import refill_flushed_database
from tests.factories import ConditionArticlePageFactory

from .conftest import endpoint_for

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60  # seconds for anything a loaded machine does slowly (starting Django)


def worker_env(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }


class Worker:
    """`manage.py deliver_webhooks` in its own process; its output lines collected."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "deliver_webhooks", "--interval", "0.2"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            assert self.process.poll() is None, f"the worker exited: {self.lines[-20:]}"
            time.sleep(0.1)
        raise AssertionError(f"no {text!r} from the worker within {timeout} s: {self.lines}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)


def publish_in_another_process(env, page_id):
    """An editor's publish, from another process on the same database (as the admin's)."""
    code = (
        "from wagtail.models import Page; "
        f"Page.objects.get(pk={page_id}).specific.save_revision().publish()"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


def wait_for_request(receiver, count, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while len(receiver.received) < count:
        assert time.monotonic() < deadline, f"{len(receiver.received)} of {count} requests"
        time.sleep(0.1)


@contextmanager
def sqlite_file_moved_away(path):
    files = [f"{path}{extra}" for extra in ("", "-wal", "-shm")]
    moved = [name for name in files if os.path.exists(name)]
    for name in moved:
        os.rename(name, f"{name}.away")
    try:
        yield
    finally:
        for name in moved:
            os.replace(f"{name}.away", name)


@contextmanager
def postgresql_refusing_connections():
    """From the server's maintenance database (a database cannot refuse connections to
    itself from inside): refuse new connections to the test database, terminate the open
    ones but this test's own; allow them again after."""
    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [own_pid] = cursor.fetchone()
    admin = psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    name = connection.ops.quote_name(settings_dict["NAME"])
    try:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
        terminated = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s",
            [settings_dict["NAME"], own_pid],
        ).fetchall()
        assert terminated, "the worker had no connection open"
        yield
    finally:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
        admin.close()


@pytest.fixture
def database(tmp_path):
    """(the worker's DATABASE_URL, a context manager that takes the database away)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        return sqlite_database(path), lambda: sqlite_file_moved_away(path)
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}"
        f"@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    return url, postgresql_refusing_connections


@pytest.fixture
def article(site_tree_baseline):
    page = ConditionArticlePageFactory(parent=site_tree_baseline.index, slug="neck-pain")
    page.save_revision().publish()
    return page


@pytest.fixture
def site_tree_baseline(request):
    """The shared site tree, after making sure the root a transactional test's flush may have
    removed is there."""
    refill_flushed_database()
    if not Page.objects.filter(depth=1).exists():
        create_root()
    return request.getfixturevalue("site_tree")


def test_the_worker_delivers_through_a_database_outage(receiver, article, request, tmp_path):
    endpoint_for(receiver)
    database_url, take_away = request.getfixturevalue("database")
    env = worker_env(database_url)
    worker = Worker(env)
    try:
        publish_in_another_process(env, article.pk)
        wait_for_request(receiver, 1)
        assert receiver.verifies(receiver.received[0])

        with take_away():
            worker.wait_for("database unavailable")
            time.sleep(1)  # a few failed rounds, backing off
            assert worker.process.poll() is None, worker.lines
            if connection.vendor == "sqlite":
                assert not (tmp_path / "worker.sqlite3").exists(), "an empty database was made"

        publish_in_another_process(env, article.pk)
        wait_for_request(receiver, 2)
        worker.wait_for("database available again")
        assert receiver.verifies(receiver.received[1])
        assert receiver.received[1].json["event"] == "page.published"
        assert receiver.received[1].json["revision_id"] != receiver.received[0].json["revision_id"]
        failures = [line for line in worker.lines if "database unavailable" in line]
        pauses = [float(line.rsplit("next try in ", 1)[1].split()[0]) for line in failures]
        assert pauses == sorted(pauses) and len(pauses) >= 2, failures  # backing off
    finally:
        worker.stop()
    assert worker.process.returncode == 0, worker.lines

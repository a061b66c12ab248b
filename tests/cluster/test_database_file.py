"""Issue 15: with the SQLite file missing the site answers 503 and creates nothing; when the
file is back it is served again at once (it was ~40 s of 500s, and an empty database file).

A real gunicorn (production settings, two workers) on a seeded SQLite file that is moved
away while the server runs and holds open connections, then moved back."""

import os

import pytest
import requests

from .harness import manage, server_env, servers, sqlite_database

pytestmark = pytest.mark.django_db(transaction=True)
PATHS = ["/", "/articles/", "/api/v2/pages/"]


def answers(base, rounds=4):
    """Status codes of every path, asked `rounds` times (both workers answer)."""
    return {
        (path, requests.get(base + path, timeout=10).status_code)
        for path in PATHS
        for _ in range(rounds)
    }


def move(database, suffix_from, suffix_to):
    for extra in ("", "-wal", "-shm"):
        if os.path.exists(f"{database}{suffix_from}{extra}"):
            os.rename(f"{database}{suffix_from}{extra}", f"{database}{suffix_to}{extra}")


def test_missing_sqlite_file_is_a_503_and_creates_nothing(tmp_path, static_root):
    database = tmp_path / "db.sqlite3"
    env = server_env(
        DATABASE_URL=sqlite_database(database),
        CACHE_DIR=str(tmp_path / "cache"),
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="false",  # every request reads the database
    )
    manage(env, "seed")
    with servers(env, count=1, workers=2) as (base,):
        assert answers(base) == {(path, 200) for path in PATHS}

        move(database, "", ".away")
        assert answers(base) == {(path, 503) for path in PATHS}
        api = requests.get(base + "/api/v2/pages/", timeout=10)
        assert api.headers["Content-Type"] == "application/json"
        assert set(api.json()) == {"message"} and api.headers["Retry-After"] == "30"
        assert not database.exists(), "an empty database was created at the missing path"

        move(database, ".away", "")
        assert answers(base) == {(path, 200) for path in PATHS}

"""A seed killed half-way leaves the database as it was and the next seed completes; a corrupt
or truncated pack is rejected before anything is written."""

import json
import shutil
import signal
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page

from .servers import PROJECT

FIXTURES = PROJECT / "fixtures"


def run(database_url, *args, check=True):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(database_url):
    return json.loads(run(database_url, "-m", "tests.security.seed_probe", "snapshot").stdout)


@pytest.fixture(scope="module")
def scratch_database_url(tmp_path_factory):
    """A database of the same kind as the test run's, migrated by a separate process."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        db = settings.DATABASES["default"]
        name = f"security_scratch_{uuid.uuid4().hex[:8]}"
        conninfo = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']}"
        with psycopg.connect(conninfo + " dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('seed')}/scratch.sqlite3"
    run(url, "manage.py", "migrate", "--noinput")
    yield url
    if "postgresql" in engine:
        with psycopg.connect(conninfo + " dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_seed_killed_while_writing_a_batch_of_articles_changes_nothing(scratch_database_url):
    """Runs first, on the empty scratch database (the next test seeds it)."""
    before = snapshot(scratch_database_url)
    probe = ("-m", "tests.security.seed_probe", "die-in-batch")
    killed = run(scratch_database_url, *probe, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert "killing seed in a batch of" in killed.stdout
    assert snapshot(scratch_database_url) == before


def test_seed_killed_half_way_changes_nothing_and_the_next_seed_completes(scratch_database_url):
    before = snapshot(scratch_database_url)

    killed = run(
        scratch_database_url, "-m", "tests.security.seed_probe", "die-after", "3", check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert "killing seed after 3 page saves" in killed.stdout

    assert snapshot(scratch_database_url) == before

    seeded = run(scratch_database_url, "manage.py", "seed")
    assert "created" in seeded.stdout
    after = snapshot(scratch_database_url)
    assert after["blog.ConditionArticlePage"] == len(
        json.loads((FIXTURES / "site.json").read_text())["articles"]
    )
    assert after["wagtailcore.Page"] > before["wagtailcore.Page"]


# -- corrupt packs, in-process: nothing may be written ------------------------------------------


@pytest.fixture
def pack(tmp_path):
    target = tmp_path / "pack"
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns("source"))
    return target


def article_file(pack):
    return next((pack / "articles").glob("*.json"))


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def set_key(path, key, value):
    data = json.loads(path.read_text())
    data[key] = value
    path.write_text(json.dumps(data))


CORRUPTIONS = {
    "truncated site.json": lambda pack: truncate(pack / "site.json"),
    "truncated article": lambda pack: truncate(article_file(pack)),
    "empty article": lambda pack: article_file(pack).write_bytes(b""),
    "not UTF-8": lambda pack: article_file(pack).write_bytes(b"\xff\xfe{\x00"),
    "article is a list": lambda pack: article_file(pack).write_text("[]"),
    "title is a number": lambda pack: set_key(article_file(pack), "title", 42),
    "topics is a string": lambda pack: set_key(article_file(pack), "topics", "back-pain"),
    "body is null": lambda pack: set_key(article_file(pack), "body", None),
    "articles is an object": lambda pack: set_key(pack / "site.json", "articles", {"a": 1}),
    "missing article file": lambda pack: article_file(pack).unlink(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupt_pack_is_rejected_before_anything_is_written(pack, corruption):
    pages_before = Page.objects.count()
    CORRUPTIONS[corruption](pack)
    with pytest.raises(CommandError) as error:
        call_command("seed", "--fixtures", str(pack))
    assert "nothing was written" in str(error.value)
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
def test_the_intact_copy_seeds(pack):
    pages_before = Page.objects.count()
    call_command("seed", "--fixtures", str(pack))
    assert Page.objects.count() > pages_before

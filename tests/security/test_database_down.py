"""With the database unreachable the site answers 503 with the standalone error page, never
a traceback. Real servers (gunicorn, production settings) pointed at a database that is not
there: a PostgreSQL port nobody listens on, an SQLite file in a directory that does not exist."""

import pytest
import requests
from django.db import OperationalError, connection, transaction

from core.errors import server_error

from .html import soup
from .servers import gunicorn, production_env


def unreachable_postgres():
    return "postgres://postgres@127.0.0.1:1/nothing"  # port 1: nothing listens, refused at once


def unreadable_sqlite(directory):
    return f"sqlite:///{directory}/missing-dir/db.sqlite3"


@pytest.fixture(scope="module", params=["postgres", "sqlite"])
def server(request, tmp_path_factory):
    if request.param == "postgres":
        url = unreachable_postgres()
    else:
        url = unreadable_sqlite(tmp_path_factory.mktemp("db-down"))
    with gunicorn(production_env(DATABASE_URL=url)) as (base, log):
        yield base, log


@pytest.mark.parametrize("path", ["/", "/articles/", "/sitemap.xml", "/no-such-page/"])
def test_pages_answer_503_without_a_traceback(server, path):
    base, _ = server
    response = requests.get(base + path, timeout=10, allow_redirects=False)
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "30"
    assert "Content-Security-Policy" in response.headers
    page = soup(response.text)
    assert page.find("h1").get_text() == "Temporarily unavailable"
    for leak in ["Traceback", "OperationalError", "psycopg", "sqlite", "/work/"]:
        assert leak not in response.text


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/pages/1/", "/api/v2/images/"])
def test_the_api_answers_a_json_503(server, path):
    """The API's one error shape (core/api/errors.py), even when no view could run."""
    base, _ = server
    response = requests.get(base + path, timeout=10)
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Content-Type"] == "application/json"
    assert set(response.json()) == {"message"}
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_contact_api_answers_a_json_503(server):
    """It answered the site's HTML 503 page to a JSON client (issue 15)."""
    base, _ = server
    response = requests.post(base + "/api/v2/contact/1/", json={"name": "x"}, timeout=10)
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/json"
    assert set(response.json()) == {"message"}


def test_form_posts_answer_503_too(server):
    base, _ = server
    response = requests.post(base + "/contact/", data={"name": "x"}, timeout=10)
    assert response.status_code in {403, 503}  # CSRF refuses first when it can, else 503
    assert "Traceback" not in response.text


def test_the_failure_is_logged_for_the_operator(server):
    base, log = server
    requests.get(base + "/", timeout=10)
    log.seek(0)
    assert "Database unavailable" in log.read()


@pytest.mark.django_db
def test_query_errors_while_the_database_is_up_stay_500(rf):
    """An OperationalError that is a bug (bad query, timeout) is not dressed up as a 503."""
    response = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = 1")
                cursor.execute("SELECT pg_sleep(1)")
            else:
                cursor.execute("SELECT * FROM no_such_table")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response is not None and response.status_code == 500

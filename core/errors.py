"""The server-error handler: a database that cannot be used answers 503, not 500."""

import logging
import os
import sys
from urllib.parse import quote, unquote, urlsplit

from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


TRANSIENT_SQLITE_ERRORS = ("database is locked", "unable to open database", "disk i/o error")


def database_unavailable(exc):
    """True when `exc` means the database cannot be used right now, not that a query is wrong.

    OperationalError also covers query-level errors (SQLite "no such table", a search syntax
    error, a PostgreSQL statement timeout): those are bugs and stay 500. So: a connection that
    never opened, a lost connection, a locked/unopenable SQLite file, or a database that does
    not answer `SELECT 1` now.
    """
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if connection.connection is None:
        return True
    if any(text in str(exc).lower() for text in TRANSIENT_SQLITE_ERRORS):
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return True
    return False


def server_error(request, template_name="500.html"):
    """handler500: a database that cannot be reached (or is locked) is a 503, not a bug.

    Django calls this for an uncaught exception raised anywhere (view or middleware), inside
    its `except` block, so `sys.exc_info()` is the error. The 503 page is a standalone template
    rendered without request context: it needs no database (no site settings, no user) and
    never shows a traceback.
    """
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        logger.error("Database unavailable, answering 503: %s", exc)
        response = HttpResponse(render_to_string("security/503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request, template_name)


def sqlite_path(name):
    """The file of an SQLite NAME, plain or a `file:` URI (cms/settings/base.py)."""
    name = str(name)
    if name.startswith("file:"):
        return unquote(urlsplit(name).path)
    return name


def close_sqlite_if_file_gone(**_kwargs):
    """request_started receiver: a persistent SQLite connection keeps reading a file that was
    deleted or moved away, so the site would go on serving a database that is no longer
    there. One stat per request: when the file is gone, close the connection; the next query
    cannot reopen it (`mode=rw`) and the request answers 503."""
    for alias in connections:
        conn = connections[alias]
        if conn.vendor != "sqlite" or conn.connection is None:
            continue
        name = str(conn.settings_dict["NAME"])
        if name.startswith(":memory:") or "mode=memory" in name:
            continue
        if not os.path.exists(sqlite_path(name)):
            conn.close()


def open_sqlite_files_only_if_they_exist():
    """For a long-running process started before the settings could say so (the webhook
    worker): like serving (SQLITE_MUST_EXIST), never create a missing SQLite file (SQLite would
    make an empty one, and every query would fail on "no such table" after the real file came
    back). Call before the first query."""
    for alias in connections:
        settings_dict = connections[alias].settings_dict
        name = str(settings_dict["NAME"])
        if connections[alias].vendor == "sqlite" and not name.startswith(("file:", ":memory:")):
            settings_dict["NAME"] = f"file:{quote(name)}?mode=rw"

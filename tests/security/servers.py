"""Real server processes for the security tests: gunicorn with production settings, on a
free loopback port in this area's range (8600-8699)."""

import os
from functools import partial

from benchmarks.server import PROJECT, production_env
from benchmarks.server import gunicorn as _gunicorn

__all__ = ["PROJECT", "gunicorn", "production_env"]

gunicorn = partial(
    _gunicorn,
    ports=range(8600, 8700),
    workers=1,
    timeout=30,
    access_log="-" if os.environ.get("SECURITY_SERVER_LOG") else "/dev/null",
)

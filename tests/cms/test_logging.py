"""The development server's log: each line once, successful requests included.

Run in a child Python with the dev settings (DEBUG on, as `scripts/serve` runs): Django's own
logging set-up is applied there exactly as `runserver` applies it, without touching the test
process's logging."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import logging
import django
django.setup()
logging.getLogger("django.utils.autoreload").info("Watching for file changes with StatReloader")
logging.getLogger("django.request").warning("Not Found: /favicon.ico")
logging.getLogger("django.server").info('"GET / HTTP/1.1" 200 5590')
"""


def test_dev_server_prints_each_line_once_and_logs_successful_requests():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    env.pop("LOG_LEVEL", None)
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert lines.count("Watching for file changes with StatReloader") == 1, lines
    assert lines.count("Not Found: /favicon.ico") == 1, lines
    requests = [line for line in lines if line.endswith('"GET / HTTP/1.1" 200 5590')]
    assert len(requests) == 1 and requests[0].startswith("["), lines

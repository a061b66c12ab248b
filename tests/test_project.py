import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes:\n{out.getvalue()} ({exit_})")


def test_system_checks_clean():
    call_command("check", fail_level="WARNING")


def run_browser_tests_without_chromium(**env):
    """One browser test module, run as a developer would on a machine without Chromium."""
    # On SQLite (in memory): on PostgreSQL the child would make and drop this session's own
    # test database.
    left_out = {"CI", "DATABASE_URL", "REDIS_URL"}
    environ = {key: value for key, value in os.environ.items() if key not in left_out}
    environ.update(CHROMIUM_PATH="/nonexistent/chromium", **env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-ra",
            "-p",
            "no:cacheprovider",
            "tests/security/test_csp_browser.py",
            "tests/test_architecture.py::test_the_cycle_finder_finds_a_circle",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_chromium_browser_tests_are_skipped_in_one_line_but_fail_in_ci():
    local = run_browser_tests_without_chromium()
    assert local.returncode == 0, local.stdout + local.stderr
    said = [line for line in local.stdout.splitlines() if "browser tests skipped" in line]
    assert said == [
        "!!! 1 browser tests skipped: no Chromium at /nonexistent/chromium (install Debian's "
        "'chromium' package; scripts/test installs it when run as root on Debian)"
    ]
    assert "1 passed, 1 deselected" in local.stdout

    ci = run_browser_tests_without_chromium(CI="true")
    assert ci.returncode != 0
    assert "CI runs every browser test" in ci.stdout

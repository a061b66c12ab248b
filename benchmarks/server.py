"""gunicorn on a free loopback port, as production runs it: shared by the benchmarks, the load
test and the tests that need a real server process (tests/security)."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def free_port(ports=None):
    """A free loopback port: in `ports` if given, else one the kernel picks."""
    if ports is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def production_env(**extra):
    """Only what production needs, plus `extra`: a clean environment, as on a server."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        **extra,
    }


def manage(env, *args):
    """`manage.py ARGS` in a subprocess with `env`; its output, or RuntimeError with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _answers(url, timeout):
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # noqa: S310 (loopback only)
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server is up
    except OSError:
        return False


@contextmanager
def gunicorn(env, ports=None, workers=2, timeout=60, probe="/robots.txt", access_log="/dev/null"):
    """Run gunicorn on a free port (in `ports`, if given); yield (base URL, its log file);
    stop it after."""
    port = free_port(ports)
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers", str(workers)]
            + ["--bind", f"127.0.0.1:{port}", "--access-logfile", access_log],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while not _answers(base + probe, timeout):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn did not start:\n{log.read()}")
                time.sleep(0.2)
            yield base, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

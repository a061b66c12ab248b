"""Production settings, checked the way a server starts them: a subprocess with a clean
environment holding only what the README's checklist asks for."""

import ast
import subprocess
import sys

import pytest

from .servers import PROJECT, production_env


def clean_env(**env):
    """production_env at production defaults (HTTPS redirect on), with `env` applied; a None
    value removes the variable."""
    environ = production_env()
    del environ["SECURE_SSL_REDIRECT"]
    environ.update(env)
    return {key: value for key, value in environ.items() if value is not None}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(*names, **env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_check_deploy_with_only_secret_key_and_allowed_hosts_is_silent():
    result = manage("check", "--deploy", "--settings=cms.settings.production")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_when_https_redirect_is_turned_off():
    """The check is live: switching the redirect off (e.g. for a loopback run) is reported."""
    result = manage(
        "check", "--deploy", "--settings=cms.settings.production", SECURE_SSL_REDIRECT="false"
    )
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"SITE_URL": "www.example-practice.org"}, "SITE_URL"),
        ({"HEADLESS_PREVIEW_URL": "next.example.org/preview"}, "HEADLESS_PREVIEW_URL"),
        ({"HEADLESS_PREVIEW_SITE_URLS": "clinic.example"}, "HEADLESS_PREVIEW_SITE_URLS"),
        ({"HEADLESS_PREVIEW_SITE_URLS": "a.example=javascript:x"}, "HEADLESS_PREVIEW_SITE_URLS"),
    ],
)
def test_production_refuses_to_start_with_bad_or_missing_settings(env, message):
    result = manage("check", "--settings=cms.settings.production", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_https_defaults_and_proxy_header_is_opt_in():
    """Trusting X-Forwarded-Proto is opt-in: only a proxy that sets it may turn it on."""
    names = (
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    default = settings_of(*names)
    assert default["SECURE_PROXY_SSL_HEADER"] is None
    assert default["SECURE_SSL_REDIRECT"] is True
    assert default["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert default["SESSION_COOKIE_SECURE"] is default["CSRF_COOKIE_SECURE"] is True

    proxied = settings_of(*names, SECURE_PROXY_SSL_HEADER="true", SECURE_SSL_REDIRECT="false")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxied["SECURE_SSL_REDIRECT"] is False


def test_admin_preview_frame_admits_exactly_the_configured_frontends():
    names = ("CSP_ADMIN_DIRECTIVES", "WAGTAIL_HEADLESS_PREVIEW")
    default = settings_of(*names)
    assert default["CSP_ADMIN_DIRECTIVES"]["frame-src"] == ["'self'"]

    configured = settings_of(
        *names,
        HEADLESS_PREVIEW_URL="https://next.example.org/api/preview",
        HEADLESS_PREVIEW_SITE_URLS="clinic-two.example=http://127.0.0.1:3001/preview",
    )
    assert configured["CSP_ADMIN_DIRECTIVES"]["frame-src"] == [
        "'self'",
        "http://127.0.0.1:3001",
        "https://next.example.org",
    ]
    assert configured["WAGTAIL_HEADLESS_PREVIEW"]["CLIENT_URLS"] == {
        "default": "https://next.example.org/api/preview",
        "clinic-two.example": "http://127.0.0.1:3001/preview",
    }

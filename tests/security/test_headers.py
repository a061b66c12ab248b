"""Security headers on every kind of response: public pages, the API, the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from .html import parse_csp, soup

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["home", "article", "index", "api", "api_detail", "missing"]


@pytest.fixture
def urls(site_tree, article):
    return {
        "home": site_tree.home.url,
        "article": article.url,
        "index": site_tree.index.url,
        "api": "/api/v2/pages/",
        "api_detail": f"/api/v2/pages/{article.pk}/",
        "missing": "/no-such-page/",
    }


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("name", PUBLIC_PATHS)
def test_public_responses_carry_the_strict_policy(client, urls, name):
    response = client.get(urls[name])
    assert response.status_code == (404 if name == "missing" else 200)
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert set(policy["img-src"]) >= {"'self'", "data:"}
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_cached_responses_keep_their_headers(client, urls, settings):
    """The server-side page cache replays the headers: a HIT is as protected as a MISS."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    responses = [client.get(urls["article"]) for _ in range(2)]
    assert [r.get("X-Cache") for r in responses] == ["MISS", "HIT"]
    for response in responses:
        assert parse_csp(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
        assert_common_headers(response)
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", ["home", "article", "index"])
def test_public_pages_need_nothing_the_policy_forbids(client, urls, name):
    """Under script-src/style-src 'self', inline code would silently break: the templates must
    have none. JSON-LD is a data block (type application/ld+json), which CSP does not run."""
    document = soup(client.get(urls[name]).content.decode())
    for script in document.find_all("script"):
        if script.get("src"):
            assert script["src"].startswith("/"), script
        else:
            assert script.get("type") == "application/ld+json", script
    assert document.find("style") is None
    for element in document.find_all(True):
        assert "style" not in element.attrs, element
        assert not any(attr.lower().startswith("on") for attr in element.attrs), element


def test_admin_login_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]  # the admin frames its own previews
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


def test_signed_in_admin_pages_have_the_admin_policy(client, site_tree, article):
    user = get_user_model().objects.create_superuser("admin", "a@example.invalid", "x" * 16)
    client.force_login(user)
    for url in ["/admin/", f"/admin/pages/{article.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert parse_csp(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]

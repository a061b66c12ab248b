"""HTTP behaviour of the API: caching headers, conditional GET, CDN purge, CORS, bad input."""

import pytest

from blog.models import ConditionArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FRONTEND = "https://frontend.example"


# HTTP caching


def test_get_has_etag_and_cdn_cache_control(client, articles, settings):
    settings.API_CACHE_MAX_AGE, settings.API_CACHE_STALE_WHILE_REVALIDATE = 60, 300
    response = client.get(f"/api/v2/pages/{articles.article.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert "Cookie" not in response["Vary"]


def test_conditional_get_answers_304(client, articles):
    url = "/api/v2/pages/?type=blog.ConditionArticlePage&fields=*"
    etag = client.get(url)["ETag"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_when_a_page_is_published(client, articles):
    url = f"/api/v2/pages/{articles.article.pk}/"
    before = client.get(url)["ETag"]
    article = ConditionArticlePage.objects.get(pk=articles.article.pk)
    article.summary = "A clearer summary."
    article.save_revision()  # a draft changes nothing
    assert client.get(url)["ETag"] == before
    article.save_revision().publish()
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert after.json()["summary"] == "A clearer summary."


def test_errors_and_posts_are_not_cacheable(client, site_tree):
    assert client.get("/api/v2/pages/?limit=-1")["Cache-Control"] == "no-store"
    assert client.get("/api/v2/pages/999999/")["Cache-Control"] == "no-store"
    response = client.post(
        f"/api/v2/contact/{site_tree.contact.pk}/", data="{}", content_type="application/json"
    )
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response


# The CDN purge (exact URL set, real HTTP receiver): tests/cms/test_precise_invalidation.py


def test_publish_without_cdn_configured_purges_nothing(articles, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    articles.article.save_revision().publish()  # no backend, no error


# CORS: read-only, configured origins only


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]


def preflight(client, origin, method="GET"):
    return client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def test_cors_preflight_from_an_allowed_origin(client, site_tree, cors):
    response = preflight(client, FRONTEND)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    get = client.get("/api/v2/pages/", HTTP_ORIGIN=FRONTEND)
    assert get["Access-Control-Allow-Origin"] == FRONTEND


def test_cors_preflight_from_another_origin_is_not_allowed(client, site_tree, cors):
    response = preflight(client, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    get = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in get


def test_cors_never_allows_cross_origin_posts(client, site_tree, cors):
    response = client.options(
        f"/api/v2/contact/{site_tree.contact.pk}/",
        HTTP_ORIGIN=FRONTEND,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert "POST" not in response.get("Access-Control-Allow-Methods", "")


def test_cors_does_not_apply_outside_the_api(client, site_tree, cors):
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN=FRONTEND)


# Bad input is a 4xx, never a 500

HUGE = "9" * 30
BAD_REQUESTS = [
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?limit=101",
    f"/api/v2/pages/?limit={HUGE}",
    "/api/v2/pages/?offset=-1",
    "/api/v2/pages/?offset=1.5",
    f"/api/v2/pages/?offset={HUGE}",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?child_of=-3",
    f"/api/v2/pages/?child_of={HUGE}",
    f"/api/v2/pages/?descendant_of={HUGE}",
    f"/api/v2/pages/?ancestor_of={HUGE}",
    f"/api/v2/pages/?translation_of={HUGE}",
    f"/api/v2/pages/?id={HUGE}",
    "/api/v2/pages/?unknown=1",
    "/api/v2/pages/?site=localhost",
    "/api/v2/pages/?type=nope",
    "/api/v2/pages/?type=auth.User",
    "/api/v2/pages/?fields=nope",
    "/api/v2/pages/?fields=(((",
    "/api/v2/pages/?order=nope",
    "/api/v2/pages/?order=random&offset=1",
    "/api/v2/pages/?search=" + "long " * 400,
    # Over the search limits (core/search_limits.py), or no word at all to search for.
    "/api/v2/pages/?search=" + "a" * 201,
    "/api/v2/pages/?search=" + "a " * 21,
    "/api/v2/pages/?search=!",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?search=",
    "/api/v2/pages/?search=%20%0A%09",
    '/api/v2/pages/?search="',
    "/api/v2/images/?search=%0A",
    "/api/v2/pages/?title=%00",
    "/api/v2/pages/?search=x&search_operator=xor",
    "/api/v2/pages/?type=blog.ConditionArticlePage&last_reviewed=notadate",
    "/api/v2/pages/?type=blog.ConditionArticlePage&author=abc",
    f"/api/v2/pages/?type=blog.ConditionArticlePage&author={HUGE}",
    "/api/v2/pages/?topic=%00",
    "/api/v2/pages/find/?id=abc",
    f"/api/v2/pages/find/?id={HUGE}",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/find/",
    f"/api/v2/pages/{HUGE}/",
    "/api/v2/pages/abc/",
    "/api/v2/pages/?locale=zz",
    "/api/v2/images/?limit=-1",
    f"/api/v2/images/{HUGE}/",
    f"/api/v2/images/?offset={HUGE}",
    "/api/v2/documents/?fields=nope",
    f"/api/v2/documents/find/?id={HUGE}",
    "/api/v2/page_preview/",
    "/api/v2/page_preview/?content_type=nope&token=x",
    "/api/v2/page_preview/?content_type=auth.user&token=x",
    "/api/v2/page_preview/?content_type=blog.conditionarticlepage&token=forged",
]


def test_bad_input_is_a_client_error(client, articles):
    """Every entry of BAD_REQUESTS gets a 4xx with a message, none a 500 (one test, one
    fixture: the list is long)."""
    failures = []
    for url in BAD_REQUESTS:
        response = client.get(url)
        if not 400 <= response.status_code < 500:
            failures.append((url, response.status_code, response.content[:200]))
        elif response["Content-Type"] == "application/json" and not (
            {"message", "detail"} & set(response.json())
        ):
            failures.append((url, "no message", response.content[:200]))
    assert failures == []


ODD_BUT_VALID = [
    "/api/v2/pages/?search=" + "頸部の痛み 🤕",
    "/api/v2/pages/?search=" + "a" * 200,
    "/api/v2/pages/?search=" + "a " * 20,
    '/api/v2/pages/?search=neck "pain',
    "/api/v2/pages/?type=blog.ConditionArticlePage&topic=ünïcödé",
    "/api/v2/pages/?type=blog.ConditionArticlePage&last_reviewed=2026-03-01",
    "/api/v2/pages/?limit=0",
    "/api/v2/pages/?limit=100&offset=100000",
    "/api/v2/pages/find/?html_path=/ünïcödé/",
]


def test_odd_but_valid_input_is_answered(client, articles):
    statuses = {url: client.get(url).status_code for url in ODD_BUT_VALID}
    assert statuses == dict.fromkeys(ODD_BUT_VALID, 200) | {ODD_BUT_VALID[-1]: 404}

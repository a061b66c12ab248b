"""Issue 15: inputs that answered 500 now get a 4xx, and every API error is JSON of one shape.

Each bad input sits next to a good one, so a check that refused everything would fail too."""

import pytest
from django.db import connection
from django.test import Client

from core.search_limits import MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}
SEARCHABLE = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]


@pytest.fixture
def site(site_tree, article):
    return site_tree


def get(path, data=None, **extra):
    return Client(raise_request_exception=False).get(path, data, **HOST, **extra)


def assert_api_error(response, status):
    """The one shape of an API error: JSON `{"message": "..."}` (the contact form adds its
    field `errors`), never HTML, never cached."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) - {"errors"} == {"message"}
    assert isinstance(body["message"], str) and body["message"]
    assert "no-store" in response.get("Cache-Control", "")


def test_filtering_articles_by_a_relation_field_is_a_400(site):
    """`topics` is the articles' many-to-many field: Wagtail cast 'neck-pain' to an id."""
    for good in [{"topic": "neck-pain"}, {"topics": "1"}]:  # a topic's slug, or its id
        ok = get("/api/v2/pages/", {"type": "blog.ConditionArticlePage", **good})
        assert ok.status_code == 200, good
    for name, value in [("topics", "neck-pain"), ("topics", "1.5"), ("tagged_items", "x")]:
        response = get("/api/v2/pages/", {"type": "blog.ConditionArticlePage", name: value})
        assert_api_error(response, 400)


def too_many_words():
    """Enough one-letter (SQLite) or two-letter (PostgreSQL) words to overflow the search
    backend's recursion (issue 15: ~450 and ~150), and still under 1,000 characters."""
    word = "a" if connection.vendor == "sqlite" else "ab"
    return " ".join([word] * (480 if connection.vendor == "sqlite" else 300))


@pytest.mark.parametrize("path", SEARCHABLE)
def test_api_search_with_too_many_words_is_a_400(site, path):
    assert get(path, {"search": "neck pain"}).status_code == 200
    assert get(path, {"search": " ".join(["pain"] * MAX_SEARCH_TERMS)}).status_code == 200
    assert_api_error(get(path, {"search": " ".join(["pain"] * (MAX_SEARCH_TERMS + 1))}), 400)
    assert_api_error(get(path, {"search": too_many_words()}), 400)
    assert_api_error(get(path, {"search": "x" * (MAX_SEARCH_LENGTH + 1)}), 400)


def test_site_search_with_too_many_words_answers(site, article):
    """The reader's search keeps its first words instead of refusing: still never a 500."""
    found = get("/search/", {"q": "neck " + too_many_words()})
    assert found.status_code == 200
    assert get("/search/", {"q": too_many_words()}).status_code == 200
    assert get("/search/", {"q": "-".join(["a"] * 900)}).status_code == 200


@pytest.fixture
def contact_api(site):
    return f"/api/v2/contact/{site.contact.pk}/"


def post(path, body=b"{}", content_type="application/json", **extra):
    client = Client(raise_request_exception=False)
    return client.post(path, body, content_type=content_type, **HOST, **extra)


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/api/v2/pages/?limit=abc", 400),
        ("get", "/api/v2/pages/?type=", 400),
        ("get", "/api/v2/pages/?search=" + "x" * 300, 400),
        ("get", "/api/v2/pages/999999/", 404),
        ("get", "/api/v2/images/999999/", 404),
        ("get", "/api/nothing/here/", 404),
        ("post", "/api/v2/pages/", 405),
        ("delete", "/api/v2/documents/", 405),
        ("get", "/api/v2/pages/?format=xml", 404),
    ],
)
def test_api_errors_are_json_of_one_shape(site, method, path, status):
    client = Client(raise_request_exception=False)
    assert_api_error(getattr(client, method)(path, **HOST, HTTP_ACCEPT_ENCODING="gzip"), status)


def test_contact_api_errors_have_the_same_shape(site, contact_api, settings):
    """405, 415, 413, 400 and 429 from the contact endpoint: a message, plus field errors."""
    assert_api_error(get(contact_api), 405)
    assert_api_error(post(contact_api, "x", content_type="text/plain"), 415)
    assert_api_error(post(contact_api, b"{" + b" " * 70_000 + b"}"), 413)
    assert_api_error(post(contact_api, b"not json"), 400)
    invalid = post(contact_api, b'{"name": "x"}')
    assert invalid.status_code == 400 and "email" in invalid.json()["errors"]
    assert_api_error(invalid, 400)
    settings.CONTACT_RATE_LIMIT = 0
    limited = post(contact_api, b'{"name": "x"}')
    assert_api_error(limited, 429)
    assert int(limited["Retry-After"]) > 0


def test_successful_api_answers_are_left_alone(site, contact_api):
    ok = get("/api/v2/pages/")
    assert ok.status_code == 200 and "items" in ok.json()

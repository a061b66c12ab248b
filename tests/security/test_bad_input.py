"""Bad input on the HTML routes gets a clear 4xx (or the page), never a 500: fixed nasty
cases first, then a bounded hypothesis fuzz. (API parameters: schemathesis, in tests/api.)"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ünïcödé ✓ 🩺",
    "\u202e\u200b",
    "%ff%fe",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e9",
    "NaN",
    "[]",
    "{}",
]


def assert_clear(response, path):
    assert response.status_code < 500, (path, response.status_code)


@pytest.fixture
def site(site_tree, article):
    return site_tree


def test_index_page_parameter(client, site):
    failures = [
        (path, value, status)
        for value in NASTY
        for path in [site.index.url, site.index.url + "topic/some-topic/"]
        if (status := client.get(path, {"page": value}).status_code) >= 500
    ]
    assert failures == []


def test_search_query(client, site):
    failures = [
        (value, status)
        for value in NASTY
        if (status := client.get("/search/", {"q": value, "page": value}).status_code) >= 500
    ]
    assert failures == []


def test_unknown_and_routable_paths(client, site):
    failures = []
    for value in NASTY:
        segment = quote(value, safe="")
        for path in [
            f"/{segment}/",
            f"{site.index.url}{segment}/",
            f"{site.index.url}topic/{segment}/",
            f"{site.index.url}tag/{segment}/",
            f"/api/v2/pages/{segment}/",
        ]:
            status = client.get(path).status_code
            if status not in {200, 301, 302, 400, 404}:
                failures.append((path, status))
    assert failures == []


def test_unknown_topic_and_page_are_404(client, site):
    """Next to the bad input, the good: real listings answer 200, unknown ones 404."""
    assert client.get(site.index.url).status_code == 200
    assert client.get(site.index.url + "topic/no-such-topic/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_huge_path_is_a_clean_404(client, site):
    response = client.get("/" + "a/" * 2000)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "x" * 100_000, "email": "not-an-email", "message": ""},
        {"name": ["a", "b"], "email": ["x@example.org"] * 3},
        {"name": "\x00", "email": "a@b.c\r\nBcc: victim@example.org", "message": "\u202e"},
    ],
    ids=["empty", "huge", "lists", "control-chars"],
)
def test_contact_form_garbage_posts(site, data):
    csrf_client = Client(enforce_csrf_checks=True)
    refused = csrf_client.post(site.contact.url, data)
    assert refused.status_code == 403  # no CSRF token: refused clearly
    response = Client().post(site.contact.url, data)
    assert_clear(response, site.contact.url)


def test_contact_form_invalid_utf8_body(client, site):
    """Bytes that are not UTF-8 (as a broken client or a fuzzer sends them)."""
    response = client.post(
        site.contact.url,
        data=b"name=%ff%fe&email=%ed%a0%80%40x.org&message=%c0%af",
        content_type="application/x-www-form-urlencoded",
    )
    assert_clear(response, site.contact.url)
    assert not FormSubmission.objects.exists()


def test_method_not_allowed_and_garbage_bodies(client, site):
    for method in ["put", "patch", "delete"]:
        response = getattr(client, method)(site.home.url, data=b"\xff\xfe", content_type="x/y")
        assert_clear(response, site.home.url)
    response = client.post(site.home.url, data=b"\xff" * 1000, content_type="application/json")
    assert_clear(response, site.home.url)


path_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=300
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(["/", "/articles/", "/articles/topic/", "/articles/tag/", "/search/"]),
    segment=path_text,
    query_key=st.sampled_from(["page", "q", "type", "search"]),
    query_value=path_text,
)
def test_fuzz_html_routes(client, site, prefix, segment, query_key, query_value):
    path = prefix + quote(segment, safe="/")
    response = client.get(path, {query_key: query_value})
    assert_clear(response, path)

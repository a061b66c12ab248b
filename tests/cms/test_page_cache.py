"""The anonymous full-page cache (cms/cache.py): what it stores, who it serves and when a
content change makes it stale."""

import gzip

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from core.page_cache import AtCommit, current_generation
from tests.factories import ArticleIndexPageFactory, ConditionArticlePageFactory, TopicFactory

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}
API_LISTING = "/api/v2/pages/?type=blog.ConditionArticlePage&fields=*&limit=20"


@pytest.fixture
def article(site_tree, page_cache):
    page = ConditionArticlePageFactory(parent=site_tree.index, title="Neck pain", slug="neck-pain")
    page.save_revision().publish()
    return page


def get(path, client=None, **extra):
    return (client or Client()).get(path, **HOST, **extra)


def h1(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


def index_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("main li a")]


def api_titles(response):
    return [item["title"] for item in response.json()["items"]]


def republish(page, **changes):
    page = page.specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_anonymous_page_is_served_from_cache_on_the_second_request(article):
    first = get(article.url)
    second = get(article.url)
    assert (first.status_code, first["X-Cache"]) == (200, "MISS")
    assert (second.status_code, second["X-Cache"]) == (200, "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_head_is_answered_from_the_get_entry(article):
    assert get(article.url)["X-Cache"] == "MISS"
    head = Client().head(article.url, **HOST)
    assert (head.status_code, head["X-Cache"]) == (200, "HIT")


def test_query_string_is_part_of_the_key(article, site_tree):
    get(site_tree.index.url)
    assert get(site_tree.index.url + "?page=2")["X-Cache"] == "MISS"
    assert get(site_tree.index.url + "?page=2")["X-Cache"] == "HIT"


def test_publishing_a_change_shows_on_the_page_index_and_api(article, site_tree):
    for path in (article.url, site_tree.index.url, API_LISTING, f"/api/v2/pages/{article.pk}/"):
        get(path)
        assert get(path)["X-Cache"] == "HIT"

    republish(article, title="Neck pain and stiffness")

    assert h1(get(article.url)) == "Neck pain and stiffness"
    assert index_titles(get(site_tree.index.url)) == ["Neck pain and stiffness"]
    assert api_titles(get(API_LISTING)) == ["Neck pain and stiffness"]
    assert get(f"/api/v2/pages/{article.pk}/").json()["title"] == "Neck pain and stiffness"


def test_unpublishing_removes_the_page_everywhere(article, site_tree):
    get(article.url), get(site_tree.index.url), get(API_LISTING)
    article.unpublish()
    assert get(article.url).status_code == 404
    assert index_titles(get(site_tree.index.url)) == []
    assert api_titles(get(API_LISTING)) == []


def test_deleting_a_page_removes_it_from_the_index(article, site_tree):
    other = ConditionArticlePageFactory(parent=site_tree.index, title="Back pain")
    other.save_revision().publish()
    assert index_titles(get(site_tree.index.url)) == ["Back pain", "Neck pain"]
    get(site_tree.index.url)
    other.delete()
    assert index_titles(get(site_tree.index.url)) == ["Neck pain"]


def test_moving_a_page_invalidates_its_old_address_and_listing(article, site_tree):
    old_url = article.url
    get(old_url), get(site_tree.index.url)
    assert get(old_url)["X-Cache"] == "HIT"
    archive = ArticleIndexPageFactory(parent=site_tree.home, title="Archive", slug="archive")
    article.move(archive, pos="last-child")
    moved = get(old_url)  # wagtail.contrib.redirects leaves a permanent redirect behind
    assert (moved.status_code, moved["Location"]) == (301, "/archive/neck-pain/")
    assert index_titles(get(site_tree.index.url)) == []


def test_snippet_and_settings_changes_invalidate(article, site_tree):
    topic = TopicFactory(name="Neck")
    before = current_generation()
    topic.name = "Neck and shoulders"
    topic.save()
    assert current_generation() != before

    get(article.url)
    site_tree.settings.name = "Renamed Practice"
    site_tree.settings.save()
    title = BeautifulSoup(get(article.url).content, "html.parser").title.get_text()
    assert "Renamed Practice" in title


def test_saving_a_draft_keeps_the_published_page_cached(article):
    get(article.url)
    draft = article.get_latest_revision_as_object()
    draft.title = "Draft title"
    draft.save_revision()
    response = get(article.url)
    assert (response["X-Cache"], h1(response)) == ("HIT", "Neck pain")


@pytest.fixture
def editor_client(db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_logged_in_user_never_gets_the_cached_anonymous_page(article, editor_client):
    get(article.url)
    assert get(article.url)["X-Cache"] == "HIT"
    assert get(article.url, client=editor_client)["X-Cache"] == "BYPASS"


def test_logged_in_users_page_is_never_stored(article, editor_client):
    assert get(article.url, client=editor_client)["X-Cache"] == "BYPASS"
    assert get(article.url)["X-Cache"] == "MISS"


def test_authorization_header_bypasses_the_cache(article):
    get(article.url)
    assert get(article.url, HTTP_AUTHORIZATION="Bearer x")["X-Cache"] == "BYPASS"


def test_contact_page_with_csrf_token_is_never_cached(site_tree, page_cache):
    first, second = get(site_tree.contact.url), get(site_tree.contact.url)
    for response in (first, second):
        form = BeautifulSoup(response.content, "html.parser").find("form", method="post")
        assert form.find("input", {"name": "csrfmiddlewaretoken"}) is not None
        assert response["X-Cache"] == "MISS"
        assert "csrftoken" in response.cookies


def test_only_200_get_responses_are_stored(article, site_tree):
    assert get("/no-such-page/").status_code == 404
    assert get("/no-such-page/")["X-Cache"] == "MISS"
    post = Client().post(article.url, **HOST)
    assert "X-Cache" not in post
    assert get(article.url)["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/api/v2/page_preview/?content_type=blog.conditionarticlepage"]
)
def test_admin_and_preview_are_never_cached(article, path):
    assert get(path)["X-Cache"] == "BYPASS"


def test_api_keys_follow_vary_accept(article):
    json_response = get(API_LISTING)
    assert json_response["Content-Type"].startswith("application/json")
    assert get(API_LISTING)["X-Cache"] == "HIT"
    browsable = get(API_LISTING, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
    assert browsable["X-Cache"] != "HIT"


def test_cache_can_be_switched_off(article, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(article.url)
    assert "X-Cache" not in get(article.url)


def pending_at_commit():
    """The page cache's callbacks waiting for the test's transaction to commit."""
    pending = transaction.get_connection().run_on_commit
    return [callback for _, callback, _ in pending if isinstance(callback, AtCommit)]


def test_a_change_makes_the_cache_stale_again_when_it_commits(article):
    """A request served between the change and its commit reads the old rows: what it
    cached under the new token must not outlive the commit."""
    before = current_generation()
    TopicFactory(name="Neck")
    during = current_generation()
    assert during != before
    [at_commit] = pending_at_commit()
    at_commit()
    assert current_generation() not in (before, during)


def test_compressed_and_plain_responses_are_cached_apart(article):
    """The cache keys on Accept-Encoding (GZip's Vary), so a client that cannot decode gzip
    never gets the compressed entry, and a hit is the compressed bytes, not re-compressed."""
    zipped = get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    assert (zipped["Content-Encoding"], zipped["X-Cache"]) == ("gzip", "MISS")
    assert "Accept-Encoding" in zipped["Vary"]
    plain = get(article.url)
    assert (plain.has_header("Content-Encoding"), plain["X-Cache"]) == (False, "MISS")
    hit = get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    assert (hit["Content-Encoding"], hit["X-Cache"]) == ("gzip", "HIT")
    assert hit.content == zipped.content
    unzipped = BeautifulSoup(gzip.decompress(hit.content), "html.parser")
    assert unzipped.h1.get_text(strip=True) == h1(plain) == "Neck pain"


def test_many_changes_in_one_transaction_leave_one_commit_callback(article):
    for n in range(5):
        TopicFactory(name=f"Topic {n}")
    assert len(pending_at_commit()) == 1

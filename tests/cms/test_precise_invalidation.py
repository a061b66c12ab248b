"""Issue 15, precise invalidation: a change makes stale only the URLs that show it, in the page
cache and at the CDN (the same set), and nothing that shows it stays stale.

Each test's transaction stands for an editor's: `commit()` does what its commit would do for
the page cache (the pending invalidation: bump again, purge the CDN), and the next change
starts afresh, as the next admin request would. Every test warms a set of URLs, makes one
change, then asks again: a URL whose content changed
must be a MISS (never a stale HIT); the URLs that do not show the change must stay HITs.
The CDN is a real HTTP receiver (Varnish-style PURGE) behind frontend_cache's HTTPBackend.
"""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.test import Client

from core.page_cache import AtCommit
from tests.factories import ConditionArticlePageFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
HOST = {"HTTP_HOST": "localhost"}
PER_TOPIC = 7  # two topics of 7: 14 articles, two index pages of 10


def commit():
    """Run the page cache's pending commit callback (and forget it), as a commit would."""
    connection = transaction.get_connection()
    pending = [entry for entry in connection.run_on_commit if isinstance(entry[1], AtCommit)]
    connection.run_on_commit = [e for e in connection.run_on_commit if e not in pending]
    for _savepoints, callback, _robust in pending:
        callback()


@pytest.fixture
def site(site_tree):
    """14 articles, oldest first: 'neck-0' (the one we change) is the oldest, so it is on
    the index's second page and suggested by no other article."""
    topics = {name: TopicFactory(name=name.title(), slug=name) for name in ("neck", "back")}
    articles = {}
    for n in range(PER_TOPIC):
        for name, topic in topics.items():
            page = ConditionArticlePageFactory(
                parent=site_tree.index, title=f"{name} article {n}", slug=f"{name}-{n}"
            )
            page.topics.add(topic)
            page.tags.add(f"{name}-tag")
            page.save_revision().publish()
            articles[f"{name}-{n}"] = page
    site_tree.articles = articles
    commit()  # the set-up made everything stale (settings, topics): done, as after a commit
    return site_tree


def urls(site):
    neck, back = site.articles["neck-0"], site.articles["back-0"]
    return {
        "neck": neck.url,
        "neck api": f"/api/v2/pages/{neck.pk}/",
        "back": back.url,
        "back api": f"/api/v2/pages/{back.pk}/",
        "newest neck": site.articles[f"neck-{PER_TOPIC - 1}"].url,
        "index 1": "/articles/",
        "index 2": "/articles/?page=2",
        "neck topic": "/articles/topic/neck/",
        "back topic": "/articles/topic/back/",
        "neck tag": "/articles/tag/neck-tag/",
        "back tag": "/articles/tag/back-tag/",
        "home": "/",
        "sitemap": "/sitemap.xml",
        "feed": "/feed/",
        "api listing": "/api/v2/pages/?type=blog.ConditionArticlePage",
        "api listing 2": "/api/v2/pages/?type=blog.ConditionArticlePage&offset=10&limit=10",
        "api search": "/api/v2/pages/?search=article",
    }


def warm(paths):
    client = Client()
    contents = {}
    for name, path in paths.items():
        client.get(path, **HOST)
        response = client.get(path, **HOST)
        assert response["X-Cache"] == "HIT", name
        contents[name] = response.content
    return contents


def after_change(paths, before):
    """{name: (X-Cache, content changed)}, asserting that no changed content was a HIT."""
    client = Client()
    seen = {}
    for name, path in paths.items():
        response = client.get(path, **HOST)
        changed = response.status_code != 200 or response.content != before[name]
        seen[name] = (response["X-Cache"], changed)
        assert not (changed and response["X-Cache"] == "HIT"), f"stale: {name}"
    return seen


def republish(page, **changes):
    """Edit and publish, as the admin does: from the page as stored."""
    page = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    commit()


def missed(seen):
    return {name for name, (cache, _changed) in seen.items() if cache == "MISS"}


def test_editing_an_article_refreshes_only_what_shows_it(site):
    paths = urls(site)
    before = warm(paths)
    republish(site.articles["neck-0"], title="Neck article, revised")
    seen = after_change(paths, before)
    assert missed(seen) == {
        "neck", "neck api", "index 2", "neck topic", "neck tag", "sitemap", "feed",
        "api listing", "api search",
    }  # fmt: skip
    # Nothing refreshed in vain (the sitemap's lastmod is the publication date: unchanged
    # when republished the same day).
    unchanged = {name for name, (_, changed) in seen.items() if not changed}
    assert missed(seen) & unchanged <= {"sitemap"}


def test_a_new_article_refreshes_its_listings_and_the_articles_suggesting_it(site):
    paths = urls(site)
    before = warm(paths)
    new = ConditionArticlePageFactory(parent=site.index, title="Fresh neck news", slug="fresh")
    new.topics.add(site.articles["neck-0"].topics.get())
    new.save_revision().publish()
    commit()
    seen = after_change(paths, before)
    # Newest: on the index's first page, home, feed, and suggested by every neck article.
    # The back articles, their topic and tag pages are untouched.
    assert {"back", "back api", "back topic", "back tag"}.isdisjoint(missed(seen))
    assert {"index 1", "index 2", "home", "neck topic", "neck", "neck api", "feed"} <= missed(seen)


def test_unpublishing_an_article_withdraws_it_at_once(site):
    paths = urls(site)
    before = warm(paths)
    site.articles["neck-0"].unpublish()
    commit()
    seen = after_change(paths, before)
    assert Client().get(paths["neck"], **HOST).status_code == 404
    assert Client().get(paths["neck api"], **HOST).status_code == 404
    # It was on the index's second page: the first (the ten newest) does not change.
    assert {"back", "back api", "back topic", "back tag", "index 1"}.isdisjoint(missed(seen))
    assert {"index 2", "neck topic", "neck tag", "sitemap", "feed"} <= missed(seen)


def test_a_settings_change_still_refreshes_everything(site):
    paths = urls(site)
    before = warm(paths)
    site.settings.name = "Renamed Practice"
    site.settings.save()
    commit()
    seen = after_change(paths, before)
    assert missed(seen) == set(paths)


# The CDN: the same URLs, purged after the commit


class PurgeRecorder(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):
        self.received.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILAPI_BASE_URL = "https://cms.example"
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    PurgeRecorder.received.clear()
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_the_cdn_is_told_exactly_the_urls_that_went_stale(site, cdn):
    paths = urls(site)
    before = warm(paths)
    neck = site.articles["neck-0"]
    cdn.clear()
    republish(neck, title="Neck article, revised")
    seen = after_change(paths, before)
    assert sorted(cdn) == sorted(
        {
            "localhost/articles/neck-0/",
            f"cms.example/api/v2/pages/{neck.pk}/",
            "localhost/articles/?page=2",
            "localhost/articles/topic/neck/",
            "localhost/articles/tag/neck-tag/",
            "localhost/sitemap.xml",
            "localhost/search/",
            "localhost/feed/",
            "localhost/llms.txt",  # the factory's articles are reviewed
            "cms.example/api/v2/pages/",
        }
    )
    assert len(cdn) == len(set(cdn))  # each once
    # Every warm URL the page cache dropped was purged (API listings by their path).
    purged_paths = {url.split("/", 1)[1] for url in cdn}
    for name in missed(seen):
        path = paths[name].lstrip("/")
        assert (path.split("?")[0] if path.startswith("api/") else path) in purged_paths, name


def test_without_a_cdn_nothing_is_purged(site, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    republish(site.articles["neck-0"], title="Neck article, revised")  # no backend, no error


def test_a_change_of_the_page_count_refreshes_every_listing_page(site):
    """Each listing page says "Page N of M": when M changes, every page changes, even those
    before the article's place."""
    for n in range(7):  # 21 articles: three pages, the oldest alone on the third
        ConditionArticlePageFactory(parent=site.index, slug=f"extra-{n}").save_revision().publish()
    commit()
    paths = {"index 1": "/articles/", "index 2": "/articles/?page=2"}
    before = warm(paths)
    republish(site.articles["neck-0"], title="Neck article, revised")  # on page 3, stays
    assert missed(after_change(paths, before)) == set()
    site.articles["neck-0"].unpublish()  # 20 articles: two pages
    commit()
    assert missed(after_change(paths, before)) == {"index 1", "index 2"}

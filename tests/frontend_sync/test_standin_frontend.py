"""Acceptance (issue 16): a stand-in headless frontend, over real HTTP against a live server.

It builds every page of the site from the API alone (the pages listing page by page, a detail
per page, the topic and tag listings its articles link to, the images, the contact form's
definition), follows every path and link it built (`meta.html_path`, the nested page links,
the links inside the HTML, the redirects) through `find?html_path=`, and receives webhooks on
a real HTTP receiver that refuses any request whose `X-Webhook-Signature` is not the HMAC of
the raw body.

Then an editor makes a random (seeded, reproducible) series of changes the way the admin
does them — new articles, edits, slug changes, drafts, unpublishes, republishes, deletes,
moves between sections, a section made private and public again, a topic renamed — and the
frontend re-syncs its copy incrementally, using only the webhooks (sent by the real
`deliver_webhooks --once`), `?modified_after=` and `/api/v2/tombstones/?since=`. After every
sync its copy must equal a fresh full build: 0 differences. The same frontend with one
channel missing (a dropped webhook, ignored tombstones) shows differences: the comparison can
fail.
"""

import hashlib
import hmac
import io
import json
import random
import threading
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
import requests
import wagtail_factories
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from blog.models import ArticleIndexPage, ConditionArticlePage, Topic
from frontend_sync.models import WebhookEndpoint
from tests.conftest import refill_flushed_database
from tests.factories import ArticleIndexPageFactory, ConditionArticlePageFactory
from tests.seeding.test_seed import build_pack

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]

PAGE_SIZE = 4  # smaller than the site, so every listing is read page by page
SECRET = "stand-in-frontend-secret"


# The frontend's webhook receiver


class WebhookReceiver:
    """A real HTTP endpoint: verifies the signature over the raw body before reading it,
    answers 401 to a bad one, 204 to a good one, and keeps the verified events."""

    def __init__(self, secret):
        self.secret, self.events, self.refused = secret, [], 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.verified(body, self.headers.get("X-Webhook-Signature", "")):
                    with receiver.lock:
                        receiver.events.append(json.loads(body))
                    self.send_response(204)
                else:
                    with receiver.lock:
                        receiver.refused += 1
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/revalidate"

    def verified(self, raw_body, header):
        expected = "sha256=" + hmac.new(self.secret.encode(), raw_body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.encode(), expected.encode())

    def take(self):
        with self.lock:
            events, self.events = self.events, []
        return events

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# What the frontend builds: its copy of the site


class Links(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.hrefs, self.ids = [], set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def page_links(value, nested=False):
    """Every page object nested in a page's JSON, `meta.parent` included: (id, html_path)."""
    if isinstance(value, dict):
        meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
        path = value.get("html_path", meta.get("html_path"))
        if nested and isinstance(value.get("id"), int) and path is not None:
            yield value["id"], path
        for key, item in value.items():
            if key == "meta":
                yield from page_links(item.get("parent"), nested=True)
            else:
                yield from page_links(item, nested=True)
    elif isinstance(value, list):
        for item in value:
            yield from page_links(item, nested=True)


def html_fragments(value):
    """Every HTML string of a page's JSON (body_html, sections' and care cards' html)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("body_html", "html") and isinstance(item, str):
                yield item
            else:
                yield from html_fragments(item)
    elif isinstance(value, list):
        for item in value:
            yield from html_fragments(item)


def listing_paths(page):
    """The topic and tag listing paths an article links to, under its own section."""
    if page["meta"]["type"] != "blog.ConditionArticlePage":
        return set()
    section = page["meta"]["parent"]["meta"]["html_path"]
    return {f"{section}topic/{topic['slug']}/" for topic in page["topics"]} | {
        f"{section}tag/{tag['slug']}/" for tag in page["tags"]
    }


def changed_parts(mine, theirs):
    """The top-level keys (and meta keys) whose values differ, with both values."""
    if not (isinstance(mine, dict) and isinstance(theirs, dict)):
        return {"copy": mine, "site": theirs}
    parts = {}
    for key in set(mine) | set(theirs):
        if mine.get(key) != theirs.get(key):
            parts[key] = (
                changed_parts(mine.get(key), theirs.get(key))
                if key == "meta"
                else ({"copy": mine.get(key), "site": theirs.get(key)})
            )
    return parts


class Copy:
    """The frontend's local copy: page details by id, listings by path, images by id."""

    def __init__(self, pages=None, listings=None, images=None):
        self.pages, self.listings, self.images = pages or {}, listings or {}, images or {}

    def differences(self, other):
        """What differs, one line per page, listing or image (`details` says how)."""
        found, self.details = [], {}
        for name in ("pages", "listings", "images"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key in sorted(set(mine) | set(theirs), key=str):
                if key not in theirs:
                    found.append(f"{name}[{key}] is in the copy, not on the site")
                elif key not in mine:
                    found.append(f"{name}[{key}] is on the site, not in the copy")
                elif mine[key] != theirs[key]:
                    found.append(f"{name}[{key}] differs")
                    self.details[f"{name}[{key}]"] = changed_parts(mine[key], theirs[key])
        return found


class Frontend:
    """Knows the API's base URL and nothing else about the CMS."""

    def __init__(self, base, receiver=None):
        self.base, self.http, self.receiver = base, requests.Session(), receiver
        self.copy, self.synced_at, self.requests = Copy(), None, 0
        self.use_tombstones, self.use_modified_after, self.drop_webhook = True, True, None

    # HTTP

    def get(self, path, **params):
        url = self.base + path + ("?" + urlencode(params) if params else "")
        self.requests += 1
        return self.http.get(url, allow_redirects=False, timeout=30)

    def json(self, path, **params):
        response = self.get(path, **params)
        assert response.status_code == 200, (path, params, response.status_code, response.text)
        return response.json()

    def paged(self, path, **params):
        """Every item of a listing, PAGE_SIZE at a time, until `meta.total_count`."""
        items, offset = [], 0
        while True:
            data = self.json(path, **params, limit=PAGE_SIZE, offset=offset)
            items += data["items"]
            offset += PAGE_SIZE
            if offset >= data["meta"]["total_count"]:
                assert len(items) == data["meta"]["total_count"]
                return items

    def find(self, html_path):
        """`find?html_path=`: the relative URL it redirects to (a page or a listing), or None."""
        response = self.get("/api/v2/pages/find/", html_path=html_path)
        if response.status_code == 404:
            return None
        assert response.status_code == 302, (html_path, response.status_code)
        location = response.headers["Location"]
        assert location.startswith("/api/v2/pages/"), location  # relative: whatever host
        return location

    def page(self, page_id):
        """A page's detail, or None when it is not (or no longer) public."""
        response = self.get(f"/api/v2/pages/{page_id}/")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        return response.json()

    def listing(self, html_path):
        """The article ids of a topic or tag listing page, or None if there is none."""
        location = self.find(html_path)
        if location is None:
            return None
        path, _, query = location.partition("?")
        params = dict(part.split("=", 1) for part in query.split("&") if part)
        ids = [item["id"] for item in self.paged(path, **params, fields="_,id")]
        return ids or None

    # A full build

    def build(self):
        ids = [item["id"] for item in self.paged("/api/v2/pages/", fields="_,id")]
        pages = {page_id: self.page(page_id) for page_id in ids}
        paths = set().union(*(listing_paths(page) for page in pages.values()))
        listings = {path: self.listing(path) for path in sorted(paths)}
        images = {
            item["id"]: self.json(f"/api/v2/images/{item['id']}/")
            for item in self.paged("/api/v2/images/", fields="_,id")
        }
        return Copy(pages, listings, images)

    def follow_everything(self, built, after_changes=False):
        """Every path and link of a build resolves; returns how many were followed.

        `after_changes`: a link written in a page's body before an editor renamed, moved or
        removed its target may no longer resolve (the site shows the same broken link), but
        only if the API says why: a redirect from the old path or a prefix of it, or a
        tombstone of the page it pointed at or of a page above it."""
        followed, self.broken = 0, []
        by_path = {page["meta"]["html_path"]: page_id for page_id, page in built.pages.items()}
        for page_id, page in built.pages.items():
            assert self.find(page["meta"]["html_path"]) == f"/api/v2/pages/{page_id}/"
            followed += 1
            for linked_id, linked_path in page_links(page):
                assert by_path.get(linked_path) == linked_id, (page_id, linked_id, linked_path)
                followed += 1
            for html in html_fragments(page):
                links = Links(html)
                for href in links.hrefs:
                    followed += self.follow_link(href, links.ids, by_path, page_id)
        for path, ids in built.listings.items():
            assert ids and all(article in built.pages for article in ids), path
        redirects = self.paged("/api/v2/redirects/")
        for redirect in redirects:
            if redirect["target_path"] is not None:
                assert self.find(redirect["target_path"]) is not None, redirect
                followed += 1
        if self.broken:
            assert after_changes, self.broken
            old_paths = [r["old_path"] + "/" for r in redirects]
            old_paths += [t["html_path"] for t in self.paged("/api/v2/tombstones/")]
            for page_id, href in self.broken:
                path = urlsplit(href).path.lower()
                assert any(path.startswith(old) for old in old_paths), (page_id, href)
        return followed

    def follow_link(self, href, fragment_ids, by_path, page_id):
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != self.base:
            return 0  # another site's page: not ours to check
        if not parts.path:
            assert parts.fragment in fragment_ids, (page_id, href)  # "#section-…"
            return 1
        location = self.find(parts.path)
        if location is None:
            self.broken.append((page_id, href))  # explained, or failed, by follow_everything
            return 1
        if not location.startswith("/api/v2/pages/?"):
            assert by_path.get(parts.path) is not None, (page_id, href)
        assert self.get(location.partition("?")[0]).status_code == 200
        return 1

    def check_contact_form(self, built):
        """The contact page's form definition describes the endpoint it names."""
        [contact] = [p for p in built.pages.values() if p["meta"]["type"] == "home.ContactPage"]
        form = contact["form"]
        required = {field["name"] for field in form["fields"] if field["required"]}
        assert required and form["honeypot_field"]
        submit = urlsplit(form["submit_url"])
        response = self.http.post(self.base + submit.path, json={}, timeout=30)
        assert response.status_code == 400
        assert set(response.json()["errors"]) == required

    # Incremental sync

    def sync(self):
        """Bring the copy up to date from the webhooks received, `modified_after` and the
        tombstones since the last sync (no full listing)."""
        started = datetime.now(UTC)
        if self.synced_at is None:
            self.copy = self.build()
            self.synced_at = started
            return
        since = self.synced_at.isoformat()
        changed, removed, everything = set(), set(), False
        for event in self.receiver.take() if self.receiver else []:
            if self.drop_webhook is not None and self.drop_webhook(event):
                continue
            if event["event"].startswith("page."):
                changed.add(event["id"])
            else:  # snippet.changed / settings.changed: pages showing it changed
                everything = True
        if self.use_modified_after:
            changed |= {
                item["id"]
                for item in self.paged("/api/v2/pages/", fields="_,id", modified_after=since)
            }
        if self.use_tombstones:
            removed |= {item["id"] for item in self.paged("/api/v2/tombstones/", since=since)}
        self.revalidate(changed | removed, everything)
        self.synced_at = started

    def revalidate(self, page_ids, everything=False):
        """What an ISR frontend revalidates for changed pages: each page, the pages of the
        copy that link to it or share a topic with it (their related articles may change),
        and the topic and tag listings it was or is in."""
        pages = self.copy.pages
        before = {page_id: pages.get(page_id) for page_id in page_ids}
        targets = set(pages) | set(page_ids) if everything else set(page_ids)
        targets |= self.dependents(page_ids)
        fresh = {page_id: self.page(page_id) for page_id in targets}
        targets_after = self.dependents(page_ids, fresh) - targets
        fresh |= {page_id: self.page(page_id) for page_id in targets_after}
        paths = set(self.copy.listings) if everything else set()
        for page in [*before.values(), *fresh.values()]:
            if page is not None:
                paths |= listing_paths(page)
        for page_id, page in fresh.items():
            if page is None:
                pages.pop(page_id, None)
            else:
                pages[page_id] = page
        for path in paths:
            ids = self.listing(path)
            if ids is None:
                self.copy.listings.pop(path, None)
            else:
                self.copy.listings[path] = ids

    def dependents(self, page_ids, fresh=None):
        """Pages of the copy that link to these pages, or share a topic with them."""
        pages = self.copy.pages
        topics = set()
        for page_id in page_ids:
            for page in (pages.get(page_id), (fresh or {}).get(page_id)):
                if page is not None and "topics" in page:
                    topics |= {topic["slug"] for topic in page["topics"]}
        return {
            page_id
            for page_id, page in pages.items()
            if {linked for linked, _path in page_links(page)} & set(page_ids)
            or topics & {topic["slug"] for topic in page.get("topics", ())}
        }


# The editor


class Editor:
    """Random changes made as the admin makes them (page actions, revisions, snippets)."""

    def __init__(self, rng, sections):
        self.rng, self.sections, self.made = rng, sections, 0
        self.log = []

    def articles(self, **filters):
        return list(ConditionArticlePage.objects.filter(**filters).order_by("pk"))

    def act(self):
        operations = [
            self.publish_new,
            self.publish_new,
            self.edit,
            self.edit,
            self.rename_slug,
            self.save_draft,
            self.unpublish,
            self.republish,
            self.delete,
            self.move,
            self.move,
            self.restrict_section,
            self.lift_restriction,
            self.edit_section,
            self.rename_section_slug,
            self.rename_topic,
        ]
        operation = self.rng.choice(operations)
        done = operation()
        if done:
            self.log.append(done)

    def pick(self, **filters):
        articles = self.articles(**filters)
        return self.rng.choice(articles) if articles else None

    def topics(self):
        return self.rng.sample(list(Topic.objects.order_by("pk")), self.rng.randint(0, 2))

    def publish_new(self):
        self.made += 1
        section = self.rng.choice(self.sections)
        page = ConditionArticlePageFactory(
            parent=Page.objects.get(pk=section.pk),
            title=f"New article {self.made}",
            slug=f"new-article-{self.made}",
            live=False,
        )
        page.topics.set(self.topics())
        page.tags.add(*self.rng.sample(["posture", "sleep", "stretching"], self.rng.randint(0, 2)))
        page.save_revision().publish()
        return ("publish_new", page.pk)

    def edit(self):
        page = self.pick(live=True)
        if page is None:
            return None
        page.title += " (revised)"
        page.summary = f"Revised summary {self.rng.randint(0, 10**6)}."
        page.topics.set(self.topics())
        page.save_revision().publish()
        return ("edit", page.pk)

    def rename_slug(self):
        page = self.pick(live=True)
        if page is None:
            return None
        page.slug = f"{page.slug[:40]}-{self.rng.randint(0, 999)}"
        page.save_revision().publish()  # Wagtail adds a redirect from the old path
        return ("rename_slug", page.pk)

    def save_draft(self):
        page = self.pick(live=True)
        if page is None:
            return None
        page.title = "A draft nobody may see"
        page.save_revision()
        return ("save_draft", page.pk)

    def unpublish(self):
        page = self.pick(live=True)
        if page is None:
            return None
        page.unpublish()
        return ("unpublish", page.pk)

    def republish(self):
        page = self.pick(live=False)
        if page is None:
            return None
        page.get_latest_revision_as_object().save_revision().publish()
        return ("republish", page.pk)

    def delete(self):
        page = self.pick()
        if page is None:
            return None
        page.delete()
        return ("delete", page.pk)

    def move(self):
        page = self.pick()
        if page is None:
            return None
        target = self.rng.choice([s for s in self.sections if not page.path.startswith(s.path)])
        page.move(Page.objects.get(pk=target.pk), pos="last-child")
        return ("move", page.pk, target.slug)

    def restrict_section(self):
        section = self.rng.choice(self.sections)
        if PageViewRestriction.objects.filter(page_id=section.pk).exists():
            return None
        PageViewRestriction.objects.create(
            page=Page.objects.get(pk=section.pk), restriction_type=PageViewRestriction.LOGIN
        )
        return ("restrict_section", section.pk)

    def lift_restriction(self):
        restriction = PageViewRestriction.objects.order_by("pk").first()
        if restriction is None:
            return None
        restriction.delete()
        return ("lift_restriction", restriction.page_id)

    def edit_section(self):
        section = ArticleIndexPage.objects.get(pk=self.rng.choice(self.sections).pk)
        section.title = f"{section.title.split(' (')[0]} ({self.rng.randint(0, 999)})"
        section.save_revision().publish()
        return ("edit_section", section.pk)

    def rename_section_slug(self):
        """Every article of the section gets a new path, though only the section is published."""
        section = ArticleIndexPage.objects.get(pk=self.rng.choice(self.sections).pk)
        section.slug = f"{section.slug.split('-')[0]}-{self.rng.randint(0, 999)}"
        section.save_revision().publish()
        return ("rename_section_slug", section.pk)

    def rename_topic(self):
        topic = self.rng.choice(list(Topic.objects.order_by("pk")))
        topic.name = f"{topic.name.split(' (')[0]} ({self.rng.randint(0, 999)})"
        topic.save()
        return ("rename_topic", topic.pk)


# The site, the frontend, the worker


def deliver_webhooks():
    call_command("deliver_webhooks", "--once", stdout=io.StringIO())


@pytest.fixture
def site(live_server, settings, tmp_path):
    """The seeded content pack (six articles sharing a topic) on the live server, a second
    section as an editor would add it, more topics, and a picture on an article."""
    settings.SITE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url
    refill_flushed_database()
    call_command("seed", "--fixtures", build_pack(tmp_path, 6), stdout=io.StringIO())
    articles = ArticleIndexPage.objects.get()
    archive = ArticleIndexPageFactory(
        parent=articles.get_parent(), title="Archive", slug="archive", live=False
    )
    archive.save_revision().publish()
    for name in ("Back pain", "Headache"):
        Topic.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    illustrated = ConditionArticlePage.objects.order_by("pk").first()
    illustrated.image = wagtail_factories.ImageFactory(title="Neck stretch")
    illustrated.save_revision().publish()  # an editor adds a picture
    return [articles, ArticleIndexPage.objects.get(pk=archive.pk)]


@pytest.fixture
def receiver():
    running = WebhookReceiver(SECRET)
    WebhookEndpoint.objects.create(name="Stand-in frontend", url=running.url, secret=SECRET)
    yield running
    running.stop()


def test_the_frontend_builds_every_page_and_every_link_resolves(live_server, receiver, site):
    frontend = Frontend(live_server.url)
    built = frontend.build()
    types = {page["meta"]["type"] for page in built.pages.values()}
    assert types == {
        "home.HomePage",
        "blog.ArticleIndexPage",
        "blog.ConditionArticlePage",
        "home.DisclaimerPage",
        "home.ContactPage",
    }
    articles = [p for p in built.pages.values() if p["meta"]["type"] == "blog.ConditionArticlePage"]
    assert len(articles) == 6 and len(built.pages) > 2 * PAGE_SIZE  # read in several pages
    assert "/articles/topic/neck-pain/" in built.listings
    assert sorted(built.listings["/articles/topic/neck-pain/"]) == sorted(a["id"] for a in articles)
    assert len(built.images) == 1
    [image] = built.images.values()
    assert any((page["image"] or {}).get("id") == image["id"] for page in articles)
    frontend.check_contact_form(built)
    followed = frontend.follow_everything(built)
    assert followed > len(built.pages) * 3

    # The seed's publishes reached the receiver, each signed: none was refused.
    deliver_webhooks()
    published = {e["id"] for e in receiver.take() if e["event"] == "page.published"}
    assert {a["id"] for a in articles} <= published
    assert receiver.refused == 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_changes_resync_to_zero_differences(live_server, receiver, site, seed):
    rng = random.Random(seed)
    editor = Editor(rng, site)
    frontend = Frontend(live_server.url, receiver)
    deliver_webhooks()
    receiver.take()  # the seed's own events: the first sync is a full build
    frontend.sync()
    compared = 0
    for step in range(24):
        editor.act()
        if step % 4 == 3:
            deliver_webhooks()
            frontend.sync()
            fresh = Frontend(live_server.url).build()
            differences = frontend.copy.differences(fresh)
            assert differences == [], f"seed {seed}: {editor.log} {frontend.copy.details}"
            compared += 1
    assert compared == 6 and len(editor.log) >= 12
    assert receiver.refused == 0
    # The site as it is now still holds together: every path and link resolves.
    Frontend(live_server.url).follow_everything(fresh, after_changes=True)


def test_a_frontend_missing_a_channel_goes_out_of_step(live_server, receiver, site):
    """The comparison can fail: a frontend that ignores tombstones and drops the webhook of
    an unpublish keeps a page the site no longer has; one that drops a page's published
    webhook and does not ask `modified_after` keeps its old version."""
    frontend = Frontend(live_server.url, receiver)
    deliver_webhooks()
    receiver.take()
    frontend.sync()
    frontend.use_tombstones = False
    frontend.drop_webhook = lambda event: event["event"] == "page.unpublished"
    gone = ConditionArticlePage.objects.live().order_by("pk").first()
    gone.unpublish()
    deliver_webhooks()
    frontend.sync()
    differences = frontend.copy.differences(Frontend(live_server.url).build())
    assert f"pages[{gone.pk}] is in the copy, not on the site" in differences

    frontend = Frontend(live_server.url, receiver)
    frontend.sync()
    frontend.use_modified_after = False
    frontend.drop_webhook = lambda event: event["event"] == "page.published"
    edited = ConditionArticlePage.objects.live().order_by("pk").last()
    edited.title = "Edited behind the frontend's back"
    edited.save_revision().publish()
    deliver_webhooks()
    frontend.sync()
    differences = frontend.copy.differences(Frontend(live_server.url).build())
    assert f"pages[{edited.pk}] differs" in differences

    # And a webhook signed with another secret is refused, so never applied.
    WebhookEndpoint.objects.update(secret="not-the-frontends-secret")
    edited.save_revision().publish()
    deliver_webhooks()
    assert receiver.take() == [] and receiver.refused == 1

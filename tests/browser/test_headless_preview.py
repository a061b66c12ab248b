"""Headless preview in a real browser: an editor's unsaved draft, shown in the admin's preview
panel and in "preview in new tab" by a stand-in frontend that renders it from
/api/v2/page_preview/ alone (as a Next.js-style frontend would), through the admin's CSP."""

import html
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import admin_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRAFT_TITLE = "Muscle spasms: an unsaved draft title"


class StandInFrontend(BaseHTTPRequestHandler):
    """GET /?content_type=…&token=… → fetch the draft from the CMS API, render its title and
    body. `api` is set on the class by the fixture; `seen` records what was asked."""

    api = ""
    seen = []

    def do_GET(self):
        query = urlsplit(self.path).query
        self.seen.append(query)
        with urllib.request.urlopen(f"{self.api}/api/v2/page_preview/?{query}", timeout=10) as r:  # noqa: S310 (live server)
            draft = json.loads(r.read())
        body = (
            "<!DOCTYPE html><html lang='en'><head><title>Frontend</title></head><body>"
            f"<h1 id='frontend-title'>{html.escape(draft['title'])}</h1>"
            f"<div id='frontend-body'>{draft['body_html']}</div></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def frontend(live_server, settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInFrontend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    StandInFrontend.api, StandInFrontend.seen = live_server.url, []
    # What the environment variable HEADLESS_PREVIEW_URL configures at start-up
    # (cms/settings/base.py; tests/security/test_production_settings.py checks that part).
    settings.HEADLESS_PREVIEW_URL = f"{origin}/preview"
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": f"{origin}/preview"},
    }
    settings.CSP_ADMIN_DIRECTIVES = {
        **settings.CSP_ADMIN_DIRECTIVES,
        "frame-src": ["'self'", origin],
    }
    yield origin
    server.shutdown()
    server.server_close()


def test_the_frontend_shows_the_unsaved_draft_in_the_admin(
    browser, live_server, frontend, seeded_admin
):
    article = seeded_admin
    context = browser.new_context()
    refused = []
    page = context.new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    admin_log_in(page, live_server)

    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    page.fill("#id_title", DRAFT_TITLE)
    page.click("button[data-side-panel-toggle=preview]")
    panel = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
    expect(panel.locator("#frontend-title")).to_have_text(DRAFT_TITLE, timeout=20_000)
    expect(panel.locator("#frontend-body p").first).to_be_visible()

    # "Preview in new tab": the same draft, from the same frontend.
    tab = context.new_page()
    tab.goto(
        f"{live_server.url}{reverse('wagtailadmin_pages:preview_on_edit', args=[article.pk])}?"
        + urlencode({"mode": ""})
    )
    expect(tab.frame_locator("iframe").locator("#frontend-title")).to_have_text(DRAFT_TITLE)

    # The frontend was asked with a token for this page type; readers still see the live title.
    assert StandInFrontend.seen and all(
        "content_type=blog.conditionarticlepage" in query for query in StandInFrontend.seen
    )
    with urllib.request.urlopen(f"{live_server.url}{article.url}", timeout=10) as response:  # noqa: S310
        assert DRAFT_TITLE not in response.read().decode()
    assert refused == []
    context.close()

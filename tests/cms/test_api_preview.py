"""Headless preview: a configured frontend receives the draft; without one, Wagtail's own."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser

from blog.models import ConditionArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FRONTEND_PREVIEW = "https://frontend.example/preview"


class IframeSrc(HTMLParser):
    src = None

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.src = dict(attrs)["src"]


def edit_draft(article):
    draft = ConditionArticlePage.objects.get(pk=article.pk)
    draft.title = "Neck pain (draft)"
    draft.summary = "A draft summary nobody has published."
    draft.body = "Draft **body**."
    return draft


def preview(page, rf):
    request = rf.get("/admin/preview/")
    request.user = AnonymousUser()
    response = page.make_preview_request(request, page.default_preview_mode)
    if hasattr(response, "render"):
        response.render()
    return response


def test_configured_frontend_receives_the_draft(client, articles, rf, settings):
    settings.HEADLESS_PREVIEW_URL = FRONTEND_PREVIEW
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": FRONTEND_PREVIEW},
    }
    draft = edit_draft(articles.article)
    draft.full_clean()  # what the editor's Preview does: body_html follows the draft body

    response = preview(draft, rf)
    parser = IframeSrc()
    parser.feed(response.content.decode())
    frontend_url = urlsplit(parser.src)
    assert f"{frontend_url.scheme}://{frontend_url.netloc}{frontend_url.path}" == (
        FRONTEND_PREVIEW + "/"
    )
    query = {key: values[0] for key, values in parse_qs(frontend_url.query).items()}
    assert query["content_type"] == "blog.conditionarticlepage"

    # The frontend asks the API for the draft with the token it was given.
    received = client.get("/api/v2/page_preview/", query)
    assert received.status_code == 200
    data = received.json()
    assert (data["id"], data["title"]) == (articles.article.pk, "Neck pain (draft)")
    assert data["summary"] == "A draft summary nobody has published."
    assert data["body_html"] == "<p>Draft <strong>body</strong>.</p>"
    assert "no-store" in received["Cache-Control"]
    # The published API is unchanged, and a forged token gets nothing.
    assert client.get(f"/api/v2/pages/{articles.article.pk}/").json()["title"] == "Neck pain"
    forged = client.get("/api/v2/page_preview/", {**query, "token": query["token"] + "x"})
    assert forged.status_code == 404


def test_without_a_frontend_preview_renders_on_this_site(articles, rf, settings):
    settings.HEADLESS_PREVIEW_URL = None
    draft = edit_draft(articles.article)
    response = preview(draft, rf)
    html = response.content.decode()
    assert "<iframe" not in html
    assert "Neck pain (draft)" in html


def test_a_site_with_its_own_frontend_previews_there(articles, rf, settings):
    """HEADLESS_PREVIEW_SITE_URLS: the site's host name chooses its frontend; other sites
    keep Wagtail's own preview."""
    site_frontend = "http://127.0.0.1:3001/preview"
    settings.HEADLESS_PREVIEW_URL = None
    settings.HEADLESS_PREVIEW_SITE_URLS = {"localhost": site_frontend}
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": "{SITE_ROOT_URL}", "localhost": site_frontend},
    }
    draft = edit_draft(articles.article)
    parser = IframeSrc()
    parser.feed(preview(draft, rf).content.decode())
    assert parser.src.startswith(site_frontend + "/?")

    settings.HEADLESS_PREVIEW_SITE_URLS = {"clinic-two.example": site_frontend}
    assert "<iframe" not in preview(draft, rf).content.decode()

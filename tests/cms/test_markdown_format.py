"""Articles as Markdown for agents and syndicators: `Accept: text/markdown` on the page,
`?format=md` on the API detail, cached apart from HTML; /llms.txt lists reviewed articles."""

import datetime
import json

import pytest
from django.utils import timezone

from blog.models import ConditionArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

MARKDOWN = "text/markdown"


def front_matter(text):
    """The front matter's key/values (JSON scalars, which YAML reads as they are)."""
    head, separator, body = text.removeprefix("---\n").partition("\n---\n")
    assert separator, text[:200]
    pairs = (line.split(": ", 1) for line in head.splitlines())
    return {key: json.loads(value) for key, value in pairs}, body


def test_an_article_answers_markdown_to_who_asks_for_it(client, articles):
    article = articles.article
    response = client.get(article.url, HTTP_ACCEPT="text/markdown, text/html;q=0.5")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "Accept" in response["Vary"]
    meta, body = front_matter(response.content.decode())
    assert meta == {
        "title": "Neck pain",
        "canonical_url": "http://localhost/articles/neck-pain/",
        "summary": "Why necks hurt and what helps.",
        "last_reviewed": "2026-03-01",
        "next_review_due": "2027-03-01",
        "reviewed_by": "Dr Rob Reviewer, DC, MSc",
    }
    assert body.strip() == "# Neck pain\n\n## Causes\n\nPosture and **strain**."

    browser = client.get(article.url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")
    assert "Accept" in browser["Vary"]


def test_front_matter_carries_the_practices_republishing_terms(client, articles, settings):
    """Licence and attribution come from Practice settings (as in the API and JSON-LD), and
    a change to them reaches the cached document."""
    settings.PAGE_CACHE_ENABLED = True
    url = articles.article.url
    meta, _body = front_matter(client.get(url, HTTP_ACCEPT=MARKDOWN).content.decode())
    assert not {"licence", "licence_url", "attribution"} & set(meta)  # none set: none claimed

    practice = articles.tree.settings
    practice.content_licence = "CC BY-NC 4.0"
    practice.content_licence_url = "https://creativecommons.org/licenses/by-nc/4.0/"
    practice.attribution = "© Test Practice, reviewed by our clinicians"
    practice.save()
    for response in (
        client.get(url, HTTP_ACCEPT=MARKDOWN),
        client.get(f"/api/v2/pages/{articles.article.pk}/?format=md"),
    ):
        meta, _body = front_matter(response.content.decode())
        assert meta["licence"] == "CC BY-NC 4.0"
        assert meta["licence_url"] == "https://creativecommons.org/licenses/by-nc/4.0/"
        assert meta["attribution"] == "© Test Practice, reviewed by our clinicians"
    assert client.get(f"/api/v2/pages/{articles.tree.contact.pk}/").json()["practice"][
        "licence"
    ] == {"name": meta["licence"], "url": meta["licence_url"]}


def test_html_and_markdown_are_cached_apart(client, articles, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = articles.article.url
    for _ in range(2):
        html = client.get(url, HTTP_ACCEPT="text/html")
        markdown = client.get(url, HTTP_ACCEPT=MARKDOWN)
    assert (html["X-Cache"], markdown["X-Cache"]) == ("HIT", "HIT")
    assert html["Content-Type"].startswith("text/html")
    assert markdown.content.decode().startswith("---\ntitle: ")


def test_the_api_detail_gives_the_same_document(client, articles):
    api = client.get(f"/api/v2/pages/{articles.article.pk}/?format=md")
    assert api.status_code == 200
    assert api["Content-Type"] == "text/markdown; charset=utf-8"
    page = client.get(articles.article.url, HTTP_ACCEPT=MARKDOWN)
    assert api.content == page.content


@pytest.mark.parametrize(
    "url",
    ["/api/v2/pages/?format=md", "/api/v2/pages/{disclaimer}/?format=md"],
)
def test_markdown_only_where_there_is_a_document(client, articles, url):
    response = client.get(url.format(disclaimer=articles.tree.disclaimer.pk))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "format=md" in response.json()["message"]


def test_llms_txt_lists_reviewed_articles_that_are_not_overdue(client, articles, settings):
    overdue = ConditionArticlePage.objects.get(pk=articles.other.pk)
    overdue.next_review_due = timezone.localdate() - datetime.timedelta(days=1)
    overdue.save_revision().publish()
    text = client.get("/llms.txt").content.decode()
    assert text.startswith("# Test Practice\n")
    md_url = f"/api/v2/pages/{articles.article.pk}/?format=md"
    base = settings.WAGTAILAPI_BASE_URL  # absolute URLs name the configured site (SITE_URL)
    assert f"- [Neck pain]({base}{md_url}): Why necks hurt and what helps." in text
    assert overdue.title not in text
    assert client.get(md_url).status_code == 200

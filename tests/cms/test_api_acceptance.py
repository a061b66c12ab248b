"""Acceptance (issue 6): a frontend renders home, index, article (with disclaimer and call to
action), disclaimer and contact pages, and submits the contact form, from the API alone.

The site is the real seeded content pack. The "frontend" below knows only the API's URLs:
it starts from the site's root path and follows ids and URLs found in responses.
"""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SAMPLE_VALUES = {
    "singleline": "Ann Reader",
    "multiline": "I have had neck pain for two weeks.",
    "email": "ann@example.com",
    "url": "https://example.com/",
    "number": "1",
    "date": "2026-01-15",
    "datetime": "2026-01-15 10:00",
    "checkbox": True,
}


class Frontend:
    """A minimal headless frontend: fetches JSON and renders small HTML pages from it."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **params):
        path = urlsplit(url).path if url.startswith("http") else url
        response = self.client.get(path, params)
        if response.status_code == 302:
            return self.get(response["Location"])
        assert response.status_code == 200, (url, response.content[:300])
        return response.json()

    def page_at(self, html_path):
        return self.get("/api/v2/pages/find/", html_path=html_path)

    def children(self, parent_id, page_type, fields="_,id,title,summary,html_url"):
        return self.get(
            "/api/v2/pages/", type=page_type, child_of=parent_id, fields=fields, limit=100
        )["items"]

    def submit(self, submit_url, payload):
        response = self.client.post(
            urlsplit(submit_url).path, json.dumps(payload), content_type="application/json"
        )
        return response.status_code, response.json()


class Outline(HTMLParser):
    """What a reader would see: headings, links and paragraphs of the rendered page."""

    def __init__(self, html):
        super().__init__()
        self.headings, self.links, self.text, self._tag = [], [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        if self._tag in ("h1", "h2") and data.strip():
            self.headings.append(data.strip())
        elif data.strip():
            self.text.append(data.strip())


def render_article(article):
    disclaimer, cta = article["disclaimer"], article["call_to_action"]
    return (
        f"<h1>{article['title']}</h1><p>{article['summary']}</p>{article['body_html']}"
        f"<aside><p>{disclaimer['summary']}</p><a href='{disclaimer['url']}'>More</a></aside>"
        f"<p>{cta['text']}</p><a href='{cta['page']['url']}'>{cta['page']['title']}</a>"
    )


@pytest.fixture
def seeded(settings):
    settings.CONTACT_RATE_LIMIT = 100
    call_command("seed", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_frontend_builds_the_whole_site_from_the_api(client, seeded):
    frontend = Frontend(client)

    home = frontend.page_at("/")
    assert home["meta"]["type"] == "home.HomePage"
    assert home["intro"]
    assert home["featured_articles"], "the seeded home page features articles"

    [index] = frontend.children(home["id"], "blog.ArticleIndexPage", fields="intro")
    index = frontend.get(f"/api/v2/pages/{index['id']}/")
    articles = frontend.children(index["id"], "blog.ConditionArticlePage")
    assert articles
    assert all(item["summary"] and item["title"] for item in articles)

    article = frontend.page_at(urlsplit(articles[0]["meta"]["html_url"]).path)
    assert article["id"] == articles[0]["id"]
    outline = Outline(render_article(article))
    assert outline.headings[0] == article["title"]
    assert article["disclaimer"]["summary"] in outline.text
    assert article["call_to_action"]["page"]["url"] in outline.links
    assert article["body_html"].strip()

    disclaimer = frontend.get(f"/api/v2/pages/{article['disclaimer']['id']}/")
    assert disclaimer["meta"]["type"] == "home.DisclaimerPage"
    assert disclaimer["body_html"] and disclaimer["summary"] == article["disclaimer"]["summary"]

    contact = frontend.get(f"/api/v2/pages/{article['call_to_action']['page']['id']}/")
    assert contact["meta"]["type"] == "home.ContactPage"
    assert contact["practice"]["name"]
    form = contact["form"]
    assert form["fields"]
    payload = {}
    for field in form["fields"]:
        if field["choices"]:
            choice = field["choices"][0]
            several = field["type"] in ("checkboxes", "multiselect")
            payload[field["name"]] = [choice] if several else choice
        else:
            payload[field["name"]] = SAMPLE_VALUES[field["type"]]
    payload[form["honeypot_field"]] = ""

    status, body = frontend.submit(form["submit_url"], {**payload, form["fields"][0]["name"]: ""})
    if form["fields"][0]["required"]:
        assert status == 400 and form["fields"][0]["name"] in body["errors"]
    status, body = frontend.submit(form["submit_url"], payload)
    assert (status, body) == (201, {"message": contact["thank_you_text"]})

    [submission] = FormSubmission.objects.filter(page_id=contact["id"])
    assert submission.get_data()[form["fields"][0]["name"]] == payload[form["fields"][0]["name"]]

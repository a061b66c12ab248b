"""Drafts, unpublished and view-restricted articles never reach readers through any listing."""

import xml.etree.ElementTree as ET

import pytest

from .html import link_texts, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(content, site_tree):
    """The live `other` article, published then unpublished."""
    content.other.unpublish()
    return content.other


def _hidden_titles(content, unpublished):
    return {content.draft.title, content.restricted.title, unpublished.title}


def _all_text(client, url):
    return soup(client.get(url)).get_text(" ")


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/", "/articles/topic/neck-pain/", "/articles/tag/muscles/", "/search/?q=neck"],
)
def test_listings_and_search_show_only_live_public_articles(client, content, unpublished, url):
    text = _all_text(client, url)
    for title in _hidden_titles(content, unpublished):
        assert title not in text


def test_listings_do_show_the_live_article(client, content, unpublished):
    # the counterpart of the test above: the same listings do list what is public
    for url in ["/articles/", "/articles/topic/neck-pain/", "/articles/tag/muscles/"]:
        assert content.article.title in link_texts(soup(client.get(url)), ".card a")
    assert content.article.title in link_texts(soup(client.get("/search/?q=spasms")), ".card a")


def test_related_and_featured_skip_private_articles(client, content, unpublished, site_tree):
    for page in (content.draft, content.restricted, unpublished):
        content.article.related_links.create(article=page)
        site_tree.home.featured_articles.create(article=page)
    content.article.save_revision().publish()
    site_tree.home.save_revision().publish()
    assert content.article.get_related_articles() == []
    assert site_tree.home.get_featured_articles() == []
    assert soup(client.get(content.article.url)).find("section", class_="related") is None
    home = soup(client.get("/"))
    assert home.find("section", attrs={"aria-labelledby": "featured-heading"}) is None


def test_feed_and_sitemap_leave_out_private_articles(client, content, unpublished):
    feed = client.get("/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in (content.draft, content.restricted, unpublished):
        assert page.slug not in sitemap
        assert page.title not in feed
    ET.fromstring(feed)  # noqa: S314 - our own response; still well-formed
    assert content.article.slug in sitemap and content.article.title in feed


def test_restricted_and_draft_articles_are_not_served_to_readers(client, content):
    assert client.get(f"/articles/{content.draft.slug}/").status_code == 404
    response = client.get(content.restricted.url)
    doc = soup(response)
    assert doc.find("h1").text == "Password required"
    assert doc.find("input", type="password") is not None
    html = response.content.decode()
    assert content.restricted.title not in html
    assert content.restricted.summary not in html
    assert "ld+json" not in html

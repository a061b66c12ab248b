"""/search/: Wagtail search over live, public articles; noindex; paginated; bounded query."""

import pytest

from blog.search import MAX_QUERY_LENGTH
from tests.factories import ConditionArticlePageFactory

from .html import link_texts, meta, soup

pytestmark = pytest.mark.django_db


def test_search_finds_articles_by_title_body_and_topic_synonym(client, content):
    assert link_texts(soup(client.get("/search/?q=trigger")), ".card a") == [content.article.title]
    assert content.article.title in link_texts(
        soup(client.get("/search/?q=contractions")), ".card a"
    )
    by_synonym = link_texts(soup(client.get("/search/?q=cervicalgia")), ".card a")
    assert set(by_synonym) == {content.article.title, content.other.title}


def test_search_results_are_noindex_and_say_how_many(client, content):
    doc = soup(client.get("/search/?q=trigger"))
    assert meta(doc, name="robots") == "noindex"
    assert doc.find(attrs={"role": "status"}).text == "1 result found."
    assert doc.find("h1").text == "Search results for “trigger”"
    assert doc.find("input", id="search-q")["value"] == "trigger"


def test_search_with_no_match_says_so(client, content):
    doc = soup(client.get("/search/?q=zebra"))
    assert doc.find(attrs={"role": "status"}).text == "0 results found."
    assert doc.select(".card") == []


def test_empty_search_shows_the_form_only(client, content):
    doc = soup(client.get("/search/?q=+++"))
    assert doc.find("h1").text == "Search articles"
    assert doc.find(attrs={"role": "status"}) is None
    assert meta(doc, name="robots") == "noindex"


def test_very_long_and_odd_queries_are_not_errors(client, content):
    long_query = "spasms " + "x" * 5000
    doc = soup(client.get("/search/", {"q": long_query}))
    assert len(doc.find("input", id="search-q")["value"]) == MAX_QUERY_LENGTH
    for odd in ['"unbalanced', "AND OR NOT", "neck* -pain", "<script>", "%00", "'; DROP TABLE"]:
        response = client.get("/search/", {"q": odd})
        assert response.status_code == 200, odd
    assert b"<script>" not in client.get("/search/", {"q": "<script>"}).content.split(b"</head>")[1]


def test_search_results_are_paginated(client, site_tree):
    for n in range(12):
        ConditionArticlePageFactory(parent=site_tree.index, title=f"Sciatica note {n}")
    first = soup(client.get("/search/?q=sciatica"))
    assert len(first.select(".card")) == 10
    pager = first.find("nav", attrs={"aria-label": "Pages"})
    assert pager.find("a", rel="next")["href"] == "?q=sciatica&page=2"
    second = soup(client.get("/search/?q=sciatica&page=2"))
    assert len(second.select(".card")) == 2


def test_search_only_accepts_get(client, site_tree):
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_search_boxes_take_as_much_as_the_search_reads(client, content):
    # the header's box on every other page; the search page has one box, its own
    header_box = soup(client.get("/")).select("input[type=search]")
    assert [box["id"] for box in header_box] == ["site-search-q"]
    doc = soup(client.get("/search/?q=neck"))
    boxes = doc.select("input[type=search]")
    assert [box["id"] for box in boxes] == ["search-q"]
    assert {box["maxlength"] for box in header_box + boxes} == {str(MAX_QUERY_LENGTH)}

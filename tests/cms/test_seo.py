"""Structured data (JSON-LD), sitemap, robots.txt and the RSS feed."""

import json
import xml.etree.ElementTree as ET

import pytest

from core import jsonld as seo
from tests.factories import PersonFactory, TopicFactory

from .html import jsonld, soup

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_article_jsonld_is_a_medical_web_page_with_review_record(client, content):
    data = jsonld(soup(client.get(content.article.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://localhost/articles/muscle-spasms/"
    assert data["lastReviewed"] == "2026-03-01"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Sam Review",
        "honorificSuffix": "DC, MSc",
    }
    assert data["author"]["name"] == "Alex Writer"
    content.article.refresh_from_db()
    assert data["datePublished"].startswith(content.article.first_published_at.date().isoformat())
    assert "dateModified" in data
    assert data["about"] == [
        {
            "@type": "MedicalCondition",
            "name": "Neck pain",
            "alternateName": ["Cervicalgia", "Stiff neck"],
            "url": "http://localhost/articles/topic/neck-pain/",
        }
    ]
    crumbs = data["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(c["position"], c["name"], c["item"]) for c in crumbs["itemListElement"]] == [
        (1, "Home", "http://localhost/"),
        (2, "Articles", "http://localhost/articles/"),
        (3, content.article.title, "http://localhost/articles/muscle-spasms/"),
    ]
    assert data["publisher"]["@type"] == "MedicalClinic"


def test_article_jsonld_omits_what_is_not_known(client, site_tree):
    from tests.factories import ConditionArticlePageFactory

    article = ConditionArticlePageFactory(
        parent=site_tree.index, author=None, reviewed_by=None, last_reviewed=None
    )
    data = jsonld(soup(client.get(article.url)))
    assert data["@type"] == "MedicalWebPage"
    for absent in ("author", "reviewedBy", "lastReviewed", "about", "image"):
        assert absent not in data
    assert None not in data.values() and "" not in data.values()


def test_contact_page_jsonld_describes_the_practice(client, content, site_tree):
    data = jsonld(soup(client.get(site_tree.contact.url)))
    assert data["@type"] == "ContactPage"
    clinic = data["mainEntity"]
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["name"] == "Test Practice"
    assert clinic["telephone"] == "01234 567890"
    assert clinic["address"] == {"@type": "PostalAddress", "streetAddress": "1 High Street, Town"}
    assert clinic["openingHours"] == ["Mon–Fri 9:00–17:00", "Sat 9:00–12:00"]
    assert [c["name"] for c in data["breadcrumb"]["itemListElement"]] == ["Home", "Contact us"]


def test_other_pages_have_parseable_jsonld(client, content, site_tree):
    assert jsonld(soup(client.get("/")))["@type"] == "MedicalClinic"
    assert jsonld(soup(client.get("/articles/")))["@type"] == "WebPage"
    assert jsonld(soup(client.get(site_tree.disclaimer.url)))["@type"] == "WebPage"


def test_jsonld_cannot_break_out_of_its_script_element(client, content):
    hostile = "</script><script>alert(1)</script> & <!--"
    content.topic.also_called = hostile
    content.topic.save()
    content.article.reviewed_by = PersonFactory(name=hostile)
    content.article.save_revision().publish()
    html = client.get(content.article.url).content.decode()
    assert "<script>alert(1)" not in html
    data = jsonld(soup(client.get(content.article.url)))
    assert data["reviewedBy"]["name"] == hostile
    assert data["about"][0]["alternateName"] == [hostile]


def test_dumps_for_script_escapes_markup_characters():
    dumped = seo.dumps_for_script({"x": "</script>&<"})
    assert "<" not in dumped and ">" not in dumped and "&" not in dumped
    assert json.loads(dumped) == {"x": "</script>&<"}


def test_medical_condition_from_topic_without_synonyms():
    topic = TopicFactory.build(name="Back pain", also_called="")
    assert seo.medical_condition(topic) == {"@type": "MedicalCondition", "name": "Back pain"}


def _sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 - our own response
    return [loc.text for loc in tree.findall("sm:url/sm:loc", SITEMAP_NS)]


def test_sitemap_lists_live_public_pages_and_topic_listings(client, content, site_tree):
    locations = _sitemap_locations(client)
    expected = {
        "http://localhost/",
        "http://localhost/articles/",
        "http://localhost/articles/topic/neck-pain/",
        "http://localhost/articles/muscle-spasms/",
        content.other.get_full_url(),
        site_tree.disclaimer.get_full_url(),
        site_tree.contact.get_full_url(),
    }
    assert set(locations) == expected
    assert len(locations) == len(expected)


def test_sitemap_leaves_out_topics_with_only_private_articles(client, content):
    lonely = TopicFactory(name="Hidden topic", slug="hidden-topic")
    content.restricted.topics.add(lonely)
    content.restricted.save_revision().publish()
    assert "http://localhost/articles/topic/hidden-topic/" not in _sitemap_locations(client)


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /" not in lines


def test_feed_lists_live_public_articles_newest_first(client, content):
    response = client.get("/feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    assert channel.findtext("title") == "Test Practice: articles"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        content.other.title,
        content.article.title,
    ]
    article = items[1]
    assert article.findtext("link") == "http://localhost/articles/muscle-spasms/"
    assert article.findtext("description") == content.article.summary

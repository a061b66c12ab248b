"""The query-saving page behaviour in core/pages.py keeps Wagtail's meaning: routing,
404s, view restrictions (also through aliases) and public-only listings."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import ConditionArticlePageFactory, TopicFactory

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def get(path):
    return Client().get(path, **HOST)


def listed_titles(path):
    soup = BeautifulSoup(get(path).content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("main li a")]


@pytest.fixture
def articles(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    pages = []
    for title in ("Open", "Restricted"):
        page = ConditionArticlePageFactory(parent=site_tree.index, title=title, slug=title.lower())
        page.topics.set([topic])
        page.save_revision().publish()
        pages.append(page)
    PageViewRestriction.objects.create(page=pages[1], restriction_type=PageViewRestriction.LOGIN)
    return pages


def test_routes_to_each_page_type_and_subroute(site_tree, articles):
    soup = BeautifulSoup(get(articles[0].url).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Open"
    for page in (site_tree.home, site_tree.index, site_tree.disclaimer, site_tree.contact):
        assert get(page.url).status_code == 200, page.url
    assert listed_titles(site_tree.index.url + "topic/neck-pain/") == ["Open"]


@pytest.mark.parametrize(
    "path", ["/nope/", "/articles/nope/", "/articles/open/extra/", "/disclaimer/nope/"]
)
def test_unknown_paths_are_404(articles, path):
    assert get(path).status_code == 404


def test_unpublished_article_is_404(articles):
    articles[0].unpublish()
    assert get(articles[0].url).status_code == 404


def test_restricted_article_is_not_served_or_listed(site_tree, articles):
    open_, restricted = articles
    assert get(restricted.url).status_code == 302  # to the login page
    assert listed_titles(site_tree.index.url) == ["Open"]
    assert restricted not in open_.get_related_articles()
    assert open_ in restricted.get_related_articles()


def test_restriction_on_an_ancestor_applies(site_tree, articles):
    PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.LOGIN
    )
    assert get(articles[0].url).status_code == 302
    assert get(site_tree.index.url).status_code == 302


def test_alias_of_a_restricted_page_is_restricted(site_tree, articles):
    alias = articles[1].create_alias(update_slug="restricted-alias")
    assert get(alias.url).status_code == 302
    open_alias = articles[0].create_alias(update_slug="open-alias")
    assert get(open_alias.url).status_code == 200


def test_routing_links_parents_without_queries(site_tree, articles, rf, django_assert_num_queries):
    """SpecificChildRouteMixin hands each routed page its parent through treebeard's private
    `_cached_parent_obj`; if treebeard stops reading it, this fails (and breadcrumbs cost a
    query per level)."""
    request = rf.get(articles[0].url, HTTP_HOST="localhost")
    page, _args, _kwargs = site_tree.home.specific.route(request, ["articles", "open"])
    with django_assert_num_queries(0):
        parent = page.get_parent()
        grandparent = parent.get_parent()
    assert (parent.pk, grandparent.pk) == (site_tree.index.pk, site_tree.home.pk)

"""The site-objects cache (cms/site_cache.py): the Site, home page, practice settings and
Articles index are reused across requests, and any change readers could see replaces them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core.site_objects import site_objects
from home.models import ContactPage
from tests.cms.html import link_texts, soup
from tests.factories import ConditionArticlePageFactory

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def article(site_tree, site_cache):
    page = ConditionArticlePageFactory(parent=site_tree.index, title="Neck pain", slug="neck-pain")
    page.save_revision().publish()
    return page


def page(url):
    return soup(Client().get(url, **HOST))


def nav(document):
    return link_texts(document, "nav.site-nav a")


def breadcrumbs(document):
    return link_texts(document, "nav.breadcrumbs a")


def footer_phone(document):
    return document.select_one("footer a[href^='tel:']").get_text(strip=True)


def test_a_second_request_takes_the_site_objects_from_the_cache(article, rf):
    Client().get(article.url, **HOST)
    request = rf.get(article.url, **HOST)
    objects = site_objects(request)  # from the cache: no query
    assert objects.site.root_page.pk == article.get_parent().get_parent().pk
    assert type(objects.site.root_page).__name__ == "HomePage"  # specific: routing starts here
    assert objects.settings.name == "Test Practice"
    assert [section.pk for section in objects.menu_pages] == [
        article.get_parent().pk,
        site_tree_contact_pk(article),
    ]
    assert type(objects.menu_pages[0]).__name__ == "ArticleIndexPage"  # specific: routing


def site_tree_contact_pk(article):
    return article.get_parent().get_parent().get_children().type(ContactPage).get().pk


def test_second_request_costs_fewer_queries(article):
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            Client().get(article.url, **HOST)
        counts.append(len(queries))
    # Wagtail's site and settings lookups read what SiteObjectsMiddleware left on the request
    # (`_wagtail_site`, the settings' cache attribute): the six queries of a cold load are
    # the site, the home page, the practice settings and the menu pages (one query for the
    # pages, one per section type).
    assert counts[1] == counts[0] - 6


def test_practice_settings_change_shows_on_the_next_page_view(article, site_tree):
    assert footer_phone(page(article.url)) == "01234 567890"
    site_tree.settings.phone = "09876 543210"
    site_tree.settings.save()
    assert footer_phone(page(article.url)) == "09876 543210"


def test_unpublishing_the_article_index_removes_it_from_the_navigation(article, site_tree):
    assert nav(page(site_tree.home.url)) == ["Home", "Articles", "Contact us"]
    site_tree.index.unpublish()
    assert nav(page(site_tree.home.url)) == ["Home", "Contact us"]
    site_tree.index.save_revision().publish()
    assert nav(page(site_tree.home.url)) == ["Home", "Articles", "Contact us"]


def test_restricting_the_article_index_removes_it_from_the_navigation(article, site_tree):
    assert "Articles" in nav(page(site_tree.home.url))
    PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert "Articles" not in nav(page(site_tree.home.url))


def test_publishing_the_home_page_renames_it_in_the_breadcrumbs(article, site_tree):
    assert breadcrumbs(page(article.url))[0] == site_tree.home.title
    home = site_tree.home.get_latest_revision_as_object()
    home.title = "Welcome"
    home.save_revision().publish()
    assert breadcrumbs(page(article.url)) == ["Welcome", "Articles", "Neck pain"]


def test_the_admin_never_uses_the_cache(article, rf):
    Client().get(article.url, **HOST)
    request = rf.get("/admin/", **HOST)
    with CaptureQueriesContext(connection) as queries:
        site_objects(request)
    assert len(queries) >= 1  # looked up afresh, not read from the readers' cache

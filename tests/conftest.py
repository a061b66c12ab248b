import os
from dataclasses import dataclass

import pytest
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage
from home.models import ContactPage, DisclaimerPage, HomePage, PracticeSettings

from .factories import (
    ArticleIndexPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    DisclaimerPageFactory,
    HomePageFactory,
)


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    index: ArticleIndexPage
    disclaimer: DisclaimerPage
    contact: ContactPage
    settings: PracticeSettings


@pytest.fixture
def site_tree(db):
    """A whole site: home with index, disclaimer and contact, the default Site on it, and
    practice settings pointing at the disclaimer and contact pages."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-test")
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    index = ArticleIndexPageFactory(parent=home)
    disclaimer = DisclaimerPageFactory(parent=home)
    contact = ContactPageFactory(parent=home)
    for label, field_type, required in [
        ("Name", "singleline", True),
        ("Email", "email", True),
        ("Message", "multiline", True),
    ]:
        ContactFormFieldFactory(page=contact, label=label, field_type=field_type, required=required)
    settings = PracticeSettings.objects.create(
        site=site,
        name="Test Practice",
        phone="01234 567890",
        address="1 High Street\nTown",
        default_disclaimer=disclaimer,
        contact_page=contact,
    )
    return SiteTree(site, home, index, disclaimer, contact, settings)


CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright cannot download browsers here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per browser-test module, driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls inside one unless told.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def fresh_cache():
    """An empty cache (rate-limit counters, page cache, site root paths) before and after."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()

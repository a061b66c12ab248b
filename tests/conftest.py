import io
import os
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.urls import reverse
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage, ConditionArticlePage
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


# Debian's package (Playwright cannot download browsers here); CHROMIUM_PATH for another one.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SKIPPED_BROWSER_TESTS = pytest.StashKey[int]()
BROWSER_SKIP = (
    f"browser tests skipped: no Chromium at {CHROMIUM} (install Debian's 'chromium' package; "
    "scripts/test installs it when run as root on Debian)"
)


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    """Without Chromium (and not in CI), leave the browser tests out and say so once."""
    if os.path.exists(CHROMIUM) or in_ci():
        return
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.hook.pytest_deselected(items=browser_tests)
        config.stash[SKIPPED_BROWSER_TESTS] = len(browser_tests)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    count = config.stash.get(SKIPPED_BROWSER_TESTS, 0)
    if count:
        terminalreporter.write_line(f"!!! {count} {BROWSER_SKIP}", yellow=True, bold=True)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per browser-test module, driven by Playwright's sync API.
    Without Chromium the browser tests are left out with one line in the summary, except in
    CI (CI=true), where a browser test that cannot run is a failure."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):  # only in CI: elsewhere the tests were left out
        pytest.fail(f"CI runs every browser test, but {BROWSER_SKIP}", pytrace=False)

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


ADMIN_PASSWORD = "test-only-Password-1"  # test users only


def refill_flushed_database():
    """Content types and permissions back after a transactional test's flush emptied them.

    A `serialized_rollback` restore does not always refill them: it runs on a connection
    object of another context when a module-scoped Playwright fixture started first. `migrate`
    applies nothing but recreates them (post_migrate), with ids the cache must forget; the
    seed makes the tree's root."""
    if not ContentType.objects.exists():
        ContentType.objects.clear_cache()
        call_command("migrate", verbosity=0)


@pytest.fixture
def seeded_admin(live_server, settings, django_user_model):
    """The seeded site on the live server (its Site on the live server's host and port) and a
    superuser `admin` with ADMIN_PASSWORD. Returns the seeded article."""
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    refill_flushed_database()
    call_command("seed", stdout=io.StringIO())
    django_user_model.objects.create_superuser("admin", "admin@example.invalid", ADMIN_PASSWORD)
    return ConditionArticlePage.objects.live().order_by("pk").first()


def log_in_as(context, live_server, username, password=ADMIN_PASSWORD):
    """A new page of `context`, signed in to the Wagtail admin as `username` (on its dashboard)."""
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('wagtailadmin_login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('wagtailadmin_home')}")
    return page


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test Client: requests must not close the test's database connection
    (schemathesis calls the WSGI app directly)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def admin_log_in(page, live_server, username="admin", password=ADMIN_PASSWORD):
    """Sign in to the Wagtail admin in a browser page, as a person would."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

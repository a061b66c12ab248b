"""A reader in real Chromium: the whole reading-to-contact flow and keyboard use.

Runs Debian's Chromium through Playwright against pytest-django's live server. axe-core and
the W3C checker over every page type: test_every_page.py. `_screenshot` writes README
screenshots to docs/screenshots/ when missing or when UPDATE_SCREENSHOTS=1.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command, get_commands
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

from blog.models import ConditionArticlePage
from tests.factories import ConditionArticlePageFactory, PersonFactory, TopicFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded(request):
    """The seeded site (the `seed` command) or, where it does not exist yet, the test tree
    with one article. Returns the article a reader will open."""
    cache.clear()  # contact rate-limit counters and cached site root paths of earlier tests
    _ensure_wagtail_baseline()
    if "seed" in get_commands():
        call_command("seed", verbosity=0)
    else:
        tree = request.getfixturevalue("site_tree")
        topic = TopicFactory(name="Neck pain", slug="neck-pain", also_called="Cervicalgia")
        article = ConditionArticlePageFactory(
            parent=tree.index,
            title="Muscle spasms or trigger points, which is it?",
            summary="Spasms and trigger points are both painful; here is how they differ.",
            body="## What is a spasm?\n\nA sudden, involuntary contraction.\n\n"
            "## What is a trigger point?\n\nA tight, tender spot in a muscle.",
            author=PersonFactory(name="Jo Author"),
            reviewed_by=PersonFactory(name="Dr Ann Reviewer", credentials="DC"),
            call_to_action_text="Contact us today to be evaluated.",
        )
        article.topics.add(topic)
        article.tags.add("muscles")
        article.save_revision().publish()
    return ConditionArticlePage.objects.live().public().order_by("path").first()


def _ensure_wagtail_baseline():
    """The locale, root page and root collection Wagtail's migrations create.

    A transactional test's teardown flushes them away; `serialized_rollback` should restore
    them, but after another module's live-server test the serialized copy is sometimes not
    there (no `_test_serialized_contents` on the connection), so re-create what is missing.
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
        )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


def _fill_contact_form(page):
    """Fill every field the practice configured, whatever they are (not the honeypot, which
    is outside the `.field` wrappers and which a person never sees)."""
    fields = page.locator("main form .field").locator(
        "input:visible:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea:visible"
    )
    for i in range(fields.count()):
        field = fields.nth(i)
        kind = field.get_attribute("type") or "text"
        value = {
            "email": "reader@example.com",
            "tel": "01234 567890",
            "number": "1",
            "url": "https://example.com/",
            "date": "2026-01-01",
        }.get(kind, "My neck has been stiff for a week.")
        field.fill(value)
    for box in page.locator("main form .field input[type=checkbox][required]").all():
        box.check()


def test_reader_goes_from_home_to_article_to_disclaimer_to_contact(live_server, page, seeded):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(page.get_by_role("link", name="Articles", exact=True).first).to_have_attribute(
        "aria-current", "page"
    )
    page.locator("main").get_by_role("link", name=seeded.title).click()
    expect(page.locator("h1")).to_have_text(seeded.title)

    notice = page.get_by_role("note")
    expect(notice).to_contain_text("not medical advice")
    notice.get_by_role("link").click()
    disclaimer = seeded.get_disclaimer()
    expect(page.locator("h1")).to_have_text(disclaimer.title)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contact").click()
    expect(page.locator("main form")).to_be_visible()
    before = FormSubmission.objects.count()

    page.locator("main form button[type=submit]").click()  # empty: errors next to the fields
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()

    _fill_contact_form(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert FormSubmission.objects.count() == before + 1
    stored = FormSubmission.objects.latest("submit_time").get_data()
    assert "My neck has been stiff for a week." in stored.values()


def test_first_tab_reaches_skip_link_which_moves_focus_to_main(live_server, page, seeded):
    page.goto(live_server.url + seeded.url)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.textContent.trim(), "
        "getComputedStyle(document.activeElement).top]"
    )
    assert focused[0] == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert inside_main


def _screenshot(page, name, *, width, height, full_page=True):
    page.set_viewport_size({"width": width, "height": height})
    target = SCREENSHOTS / name
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not target.exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=full_page)

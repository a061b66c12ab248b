"""The content checks in a real browser: an editor's submission is blocked with the reasons
listed; fixed (a care card for the red flag, alt text for the image), it goes through; a
Clinical reviewer overrides the block on another article with a written reason, which the
page history and the "Clinical review due" report show; the reviewer's approval puts their
name on the page and in the API.

Screenshots of the panel, the blocked submission and the report go to docs/screenshots/.
"""

import io
import json
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from blog.models import ConditionArticlePage
from seeding.editorial import CLINICAL_REVIEWERS, EDITORS
from tests.conftest import log_in_as
from tests.factories import ConditionArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "test-only-Password-1"  # test users only
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
RED_FLAG = "If the pain spreads to your arm or jaw, it could be a heart attack."
CARD = "Call 999 if chest pain spreads to your arm or jaw."
IMAGE = "![](/static/images/neck.png)"
WAIT = 15_000  # ms: the machine may be busy; an assertion waits up to this long
OVERRIDE = "The sentence quotes a patient; the clinic's phone line covers emergencies."


@pytest.fixture
def seeded(live_server, settings, django_user_model):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("seed", stdout=io.StringIO())
    users = {}
    for username, group, names in (
        ("editor", EDITORS, ("Eddie", "Editor")),
        ("reviewer", CLINICAL_REVIEWERS, ("Rita", "Reviewer")),
    ):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name=names[0], last_name=names[1]
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    article = ConditionArticlePage.objects.live().order_by("pk").first()
    other = ConditionArticlePageFactory(
        parent=article.get_parent(),
        title="Chest pain after exercise",
        slug="chest-pain-after-exercise",
        summary="Most chest pain after exercise is from the muscles.",
        body="Most chest pain after exercise comes from the muscles between the ribs.\n\n"
        f"{RED_FLAG}",
        last_reviewed=None,  # never reviewed: the report lists it
        next_review_due=None,
    )
    other.save_revision().publish()
    return article, ConditionArticlePage.objects.get(pk=other.pk)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (live server)
        return response.read().decode()


def log_in(context, live_server, username):
    page = log_in_as(context, live_server, username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 1000})
    return page


def set_markdown(page, index, text):
    """Types into the index-th Markdown editor (EasyMDE's CodeMirror) as a user would."""
    page.evaluate(
        """([index, text]) => {
            const cm = document.querySelectorAll('.CodeMirror')[index].CodeMirror;
            cm.focus();
            cm.setValue(text);
            cm.save();
        }""",
        [index, text],
    )


def body_value(page):
    return page.input_value("textarea[name=body]")


def open_more_actions(page):
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def submit(page):
    open_more_actions(page)
    with page.expect_navigation():
        page.click("footer button[name=action-submit]")


def panel(page):
    return page.locator("[data-content-checks]")


def test_blocked_fixed_overridden_and_approved(browser, live_server, seeded):
    article, other = seeded
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    edit_url = f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}"

    # The seeded article was never reviewed, and says so.
    assert "Not yet clinically reviewed" in fetch(f"{live_server.url}{article.url}")

    # --- The editor adds a red flag and an image without alt text, and submits: blocked. ---
    context = browser.new_context()
    page = log_in(context, live_server, "editor")
    page.goto(edit_url)
    expect(page.locator(".CodeMirror").first).to_be_visible(timeout=WAIT)
    original = body_value(page)
    set_markdown(page, 0, f"{original}\n\n{RED_FLAG}\n\n{IMAGE}")
    submit(page)
    message = page.locator(".messages")
    expect(message).to_contain_text("could not be saved", timeout=WAIT)
    expect(message).to_contain_text(
        "Red-flag symptom: Mentions signs of a heart attack", timeout=WAIT
    )
    expect(message).to_contain_text("Image without alt text", timeout=WAIT)
    expect(panel(page)).to_contain_text("2 blocking", timeout=WAIT)
    page.screenshot(path=str(SCREENSHOTS / "content-checks-blocked-submission.png"))
    assert ConditionArticlePage.objects.get(pk=article.pk).workflow_in_progress is False

    # --- Fixed: an immediate care card for the red flag, alt text for the image. ---
    fixed_image = "![A person stretching their neck](/static/images/neck.png)"
    set_markdown(page, 0, f"{original}\n\n{RED_FLAG}\n\n{fixed_image}")
    page.get_by_role("button", name="Add care card").first.click()
    card = page.locator("[id^=inline_child_care_cards]").last
    card.locator("select[name$=-level]").select_option("immediate")
    card_editor = card.locator(".CodeMirror")
    expect(card_editor).to_be_visible(timeout=WAIT)  # EasyMDE has started on the new card
    card_editor.evaluate(
        "(el, text) => { el.CodeMirror.setValue(text); el.CodeMirror.save(); }", CARD
    )
    assert page.input_value("textarea[name=body]").startswith(original)
    panel(page).scroll_into_view_if_needed()
    submit(page)
    expect(page.locator(".messages")).to_contain_text("submitted", timeout=WAIT)
    assert ConditionArticlePage.objects.get(pk=article.pk).workflow_in_progress
    context.close()

    # --- The reviewer overrides the block on the other article, with a reason. ---
    context = browser.new_context()
    page = log_in(context, live_server, "reviewer")
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[other.pk])}")
    expect(panel(page)).to_contain_text("Red-flag symptom", timeout=WAIT)
    expect(panel(page)).to_contain_text("1 blocking", timeout=WAIT)
    panel(page).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "content-checks-panel.png"))
    page.fill("textarea[name=content_checks_override]", OVERRIDE)
    submit(page)
    expect(page.locator(".messages")).to_contain_text("submitted", timeout=WAIT)

    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:history', args=[other.pk])}")
    history = page.locator("main table")
    expect(history).to_contain_text("Content checks overridden (1 blocking)", timeout=WAIT)
    expect(history).to_contain_text(OVERRIDE, timeout=WAIT)

    page.goto(f"{live_server.url}{reverse('clinical_review_due')}")
    row = page.locator("table tbody tr", has_text=other.title)
    expect(row).to_contain_text("Red-flag symptom (blocking, overridden)", timeout=WAIT)
    expect(row).to_contain_text(OVERRIDE, timeout=WAIT)
    expect(row).to_contain_text("Rita Reviewer", timeout=WAIT)
    expect(page.locator("main table thead").first).to_contain_text("Reading age", timeout=WAIT)
    page.screenshot(path=str(SCREENSHOTS / "clinical-review-report-checks.png"), full_page=True)

    # --- The reviewer approves the editor's article: their name on the page and in the API. ---
    page.goto(edit_url)
    expect(page.locator(".CodeMirror").first).to_contain_text("heart attack", timeout=WAIT)
    open_more_actions(page)
    approve = page.locator("footer button[data-workflow-action-name=approve]").filter(
        has_not_text="comment"
    )
    with page.expect_navigation():
        approve.click()
    expect(page.locator(".messages")).to_contain_text("has been updated", timeout=WAIT)
    context.close()

    html = fetch(f"{live_server.url}{article.url}")
    assert "Clinically reviewed by:" in html and "Rita Reviewer" in html
    assert "Not yet clinically reviewed" not in html
    data = json.loads(fetch(f"{live_server.url}/api/v2/pages/{article.pk}/"))
    assert data["reviewed_by"]["name"] == "Rita Reviewer"
    assert data["review_status"] == "reviewed"
    assert [card["level"] for card in data["care_cards"]] == ["immediate"]

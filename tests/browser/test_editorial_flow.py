"""The editorial flow in a real browser: an editor changes an article's Markdown body, previews
it, saves a draft and submits it for clinical review; a reviewer approves; the site and the API
then show the change, the page history shows both steps and the review date is stamped.

Also checks the admin's page editor (EasyMDE included) makes no request off the live server.
"""

import io
import json
import re
import urllib.request

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import ConditionArticlePage
from seeding.editorial import CLINICAL_REVIEWERS, EDITORS
from tests.conftest import log_in_as

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "test-only-Password-1"  # test users only
NEW_SENTENCE = "This sentence was rewritten by an editor and approved by a reviewer."


@pytest.fixture
def seeded(live_server, settings, django_user_model):
    """The seeded site (its default Site on the live server's host and port) and an editor and
    a reviewer with known passwords. Returns the seeded article and a sentence of its body."""
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("seed", stdout=io.StringIO())
    for username, group in (("editor", EDITORS), ("reviewer", CLINICAL_REVIEWERS)):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    article = ConditionArticlePage.objects.live().order_by("pk").first()
    assert article is not None and article.get_workflow().name == "Clinical review"
    return article, plain_sentence(article.body)


def plain_sentence(markdown):
    """A sentence of plain words (no Markdown, quotes or entities) to change."""
    for sentence in re.split(r"(?<=\.)\s+", markdown):
        if re.fullmatch(r"[A-Z][A-Za-z ,]+\.", sentence) and len(sentence.split()) >= 6:
            return sentence
    raise AssertionError("the seeded article has no plain sentence to edit")


def fetch(url):
    """An anonymous GET, as a reader or an API client makes it."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (live server)
        return response.read().decode()


def api_detail(live_server, page_id):
    return json.loads(fetch(f"{live_server.url}/api/v2/pages/{page_id}/"))


def log_in(context, live_server, username):
    page = log_in_as(context, live_server, username, PASSWORD)
    return page


def open_more_actions(page):
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def test_editor_change_goes_live_only_after_clinical_approval(browser, live_server, seeded):
    article, old_sentence = seeded
    edit_url = f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}"
    public_url = f"{live_server.url}{article.url}"
    assert old_sentence in fetch(public_url)

    # --- The editor: change a sentence in the Markdown editor, preview, save, submit. ---
    editor_context = browser.new_context()
    requested = []
    editor_context.on("request", lambda request: requested.append(request.url))
    page = log_in(editor_context, live_server, "editor")
    page.goto(edit_url)
    editor = page.locator(".CodeMirror")
    expect(editor).to_be_visible()
    # Edit through CodeMirror (EasyMDE's editor) as a user would: select the sentence, type.
    page.evaluate(
        """([oldText]) => {
            const cm = document.querySelector('.CodeMirror').CodeMirror;
            const text = cm.getValue();
            const start = cm.posFromIndex(text.indexOf(oldText));
            const end = cm.posFromIndex(text.indexOf(oldText) + oldText.length);
            cm.focus();
            cm.setSelection(start, end);
        }""",
        [old_sentence],
    )
    page.keyboard.type(NEW_SENTENCE)
    assert NEW_SENTENCE in page.input_value("textarea[name=body]")

    # The preview panel renders the unsaved change.
    page.click("button[data-side-panel-toggle=preview]")
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_text(NEW_SENTENCE, exact=False)).to_be_visible(timeout=15_000)

    page.locator("footer button.action-save").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    # The editor keeps the new text after saving (the value went through the form).
    expect(page.locator(".CodeMirror")).to_contain_text(NEW_SENTENCE)

    # A draft changes nothing for readers or API clients.
    assert old_sentence in fetch(public_url) and NEW_SENTENCE not in fetch(public_url)
    assert NEW_SENTENCE not in json.dumps(api_detail(live_server, article.pk))

    open_more_actions(page)
    page.click("footer button[name=action-submit]")
    expect(page.locator(".messages")).to_contain_text("submitted")
    assert NEW_SENTENCE not in fetch(public_url)

    # Nothing the editor loaded came from anywhere but our server (no CDN fonts or icons).
    foreign = [
        url
        for url in requested
        if not url.startswith(live_server.url) and not url.startswith(("data:", "blob:"))
    ]
    assert requested and foreign == []
    editor_context.close()

    # --- The reviewer approves from the page editor's action menu. ---
    reviewer_context = browser.new_context()
    page = log_in(reviewer_context, live_server, "reviewer")
    page.goto(edit_url)
    expect(page.locator(".CodeMirror")).to_contain_text(NEW_SENTENCE)
    open_more_actions(page)
    approve = page.locator("footer button[data-workflow-action-name=approve]").filter(
        has_not_text="comment"
    )
    with page.expect_navigation():
        approve.click()
    expect(page.locator(".messages")).to_contain_text("has been updated")

    # Now readers and API clients see the new sentence, with the review date stamped today.
    html = fetch(public_url)
    assert NEW_SENTENCE in html
    data = api_detail(live_server, article.pk)
    assert NEW_SENTENCE in data["body"] and old_sentence not in data["body"]
    article.refresh_from_db()
    assert article.last_reviewed == timezone.localdate()
    assert data["last_reviewed"] == timezone.localdate().isoformat()

    # The page history shows the editor's submission and the reviewer's approval.
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:history', args=[article.pk])}")
    history = page.locator("main table")
    expect(history).to_contain_text("'Clinical review' started")
    expect(history).to_contain_text("Approved at 'Clinical review'")
    expect(history).to_contain_text("Clinical review dates stamped")
    expect(history).to_contain_text("Published")
    reviewer_context.close()

"""The content checks: each check on an article built for it, the submission gate and the
Clinical reviewer's override in the admin, the `check_content` command in every format with
its exit code, the report's columns, and the review status, reading age and reviewer the
page, the API and the JSON-LD give."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from blog.content_checks.articles import OVERRIDE_ACTION, check_article
from blog.models import ArticleCareCard, ConditionArticlePage, Person
from tests.admin_client import edit_form_data, get_edit_form, post_edit
from tests.factories import ConditionArticlePageFactory

pytestmark = pytest.mark.django_db

CHEST_PAIN = "Chest pain that spreads to your arm or jaw can be a heart attack."
HOST = {"HTTP_HOST": "localhost"}


def checks(page, **kwargs):
    return {(result.check, result.severity) for result in check_article(page, **kwargs)}


def names(page):
    return {result.check for result in check_article(page)}


@pytest.fixture
def article(editorial):
    return editorial.article


# --- each check --------------------------------------------------------------------------


def test_a_clean_article_has_no_blocking_result(article):
    assert not [r for r in check_article(article) if r.severity == "blocking"]


def test_a_red_flag_without_an_acting_care_card_blocks(article):
    article.body += f"\n\n{CHEST_PAIN}"
    results = check_article(article)
    red = [r for r in results if r.check == "red_flag"]
    assert len(red) == 1 and red[0].severity == "blocking"
    assert "heart attack" in red[0].message and "call 999" in red[0].message


@pytest.mark.parametrize(
    ("level", "blocks"), [("immediate", False), ("urgent", False), ("non-urgent", True)]
)
def test_a_care_card_of_an_acting_level_covers_the_red_flag(article, level, blocks):
    article.body += f"\n\n{CHEST_PAIN}"
    card = ArticleCareCard(level=level, text="Call 999 if chest pain spreads to your arm or jaw.")
    assert ("red_flag" in {r.check for r in check_article(article, care_cards=[card])}) is blocks


@pytest.mark.parametrize(
    "sentence",
    [
        "Call us old-fashioned, but we like to examine you first.",
        "Take a few slow breaths before you stand up.",
        "Costochondritis causes sharp pain at the front of the chest.",
        "Headaches that start in the neck are common in desk workers.",
    ],
)
def test_false_friends_are_not_red_flags(article, sentence):
    article.body += f"\n\n{sentence}"
    assert "red_flag" not in names(article)


@pytest.mark.parametrize(
    "sentence",
    [
        "Difficulty breathing needs help now.",
        "Slurred speech can be a sign of a stroke.",
        "If you cannot control your bladder, tell someone.",
        "A sudden, very severe headache is rare.",
        "Some people have thoughts of suicide when pain goes on.",
        "Bleeding in pregnancy should be checked.",
        "Tell the midwife if your baby is moving less.",
    ],
)
def test_each_kind_of_red_flag_is_found(article, sentence):
    article.body += f"\n\n{sentence}"
    assert "red_flag" in names(article)


def test_no_disclaimer_blocks(editorial, article):
    settings = editorial.tree.settings
    settings.default_disclaimer = None
    settings.save()
    assert ("disclaimer", "blocking") in checks(article)
    article.disclaimer_text = "This article is general information, not a diagnosis."
    assert "disclaimer" not in names(article)


def test_an_unpublished_default_disclaimer_does_not_count(editorial, article):
    editorial.tree.disclaimer.unpublish()
    assert "disclaimer" in names(article)


def test_an_empty_emergency_number_blocks(editorial, article):
    assert "emergency_number" not in names(article)  # 999 by default
    editorial.tree.settings.emergency_number = ""
    editorial.tree.settings.save()
    assert ("emergency_number", "blocking") in checks(article)


@pytest.mark.parametrize(
    ("image", "blocks"),
    [
        ("![](/media/neck.png)", True),
        ('<img src="/media/neck.png">', True),
        ('<img src="/media/neck.png" alt=" ">', True),
        ("![A person stretching their neck](/media/neck.png)", False),
        ('<img src="/media/neck.png" alt="A person stretching their neck">', False),
    ],
)
def test_an_image_without_alt_text_blocks(article, image, blocks):
    article.body += f"\n\n{image}"
    assert (("image_alt", "blocking") in checks(article)) is blocks


def test_a_link_to_a_page_that_is_not_live_warns(editorial, article):
    draft = ConditionArticlePageFactory(parent=editorial.tree.index, title="Draft", live=False)
    contact = editorial.tree.contact.pk
    article.body += f"\n\nSee [the draft](page:{draft.pk}) and [the contact page](page:{contact})."
    results = [r for r in check_article(article) if r.check == "link_not_live"]
    assert [r.severity for r in results] == ["warning"]
    assert "the draft" in results[0].message and f"page:{draft.pk}" in results[0].message


def test_reading_age_above_the_practice_target_warns(editorial, article):
    article.body = (
        "Musculoskeletal dysfunction frequently necessitates comprehensive multidisciplinary "
        "rehabilitation interventions. Physiotherapeutic management incorporates progressive "
        "individualised strengthening methodologies."
    )
    assert ("reading_age", "warning") in checks(article)
    editorial.tree.settings.reading_age_target = 18
    editorial.tree.settings.save()
    article.body = "Rest. Move a bit each day. Use heat if it helps."
    assert "reading_age" not in names(article)


def test_overlong_sentences_warn(article):
    article.body += "\n\n" + " ".join(["word"] * 30) + "."
    results = [r for r in check_article(article) if r.check == "long_sentences"]
    assert results and results[0].severity == "warning" and "(30 words)" in results[0].message


# --- the editor: gate, panel, override -----------------------------------------------------


def edit_page(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_panel_lists_the_results_of_the_draft(client, editorial, article):
    client.force_login(editorial.editor)
    post_edit(client, article, body=article.body + f"\n\n{CHEST_PAIN}")  # a draft
    panel = edit_page(client, article).select_one("[data-content-checks]")
    assert panel is not None
    items = [li.get_text(" ", strip=True) for li in panel.select("li")]
    assert any(item.startswith("Blocking Red-flag symptom") for item in items), items
    # The override reason is for those who may publish: not shown to the editor.
    assert (
        edit_page(client, article).find("textarea", attrs={"name": "content_checks_override"})
        is None
    )


def test_saving_a_draft_is_never_stopped_and_says_what_the_checks_found(client, editorial, article):
    client.force_login(editorial.editor)
    response = post_edit(client, article, body=article.body + f"\n\n{CHEST_PAIN}")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Content checks: 1 blocking (Red-flag symptom)" in m for m in messages), messages
    latest = ConditionArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert CHEST_PAIN in latest.body


def test_submission_with_a_blocking_result_is_stopped_with_every_reason(client, editorial, article):
    editorial.tree.settings.emergency_number = ""
    editorial.tree.settings.save()
    client.force_login(editorial.editor)
    body = article.body + f"\n\n{CHEST_PAIN}\n\n![](/media/x.png)"
    response = post_edit(client, article, action="action-submit", body=body)
    assert response.status_code == 200  # the editor again, nothing saved
    text = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
    for label in ("Red-flag symptom:", "Emergency number:", "Image without alt text:"):
        assert label in text
    article.refresh_from_db()
    assert not article.workflow_in_progress
    assert CHEST_PAIN not in (article.get_latest_revision_as_object().body)


def test_fixed_the_submission_goes_through(client, editorial, article):
    client.force_login(editorial.editor)
    body = article.body + f"\n\n{CHEST_PAIN}"
    assert post_edit(client, article, action="action-submit", body=body).status_code == 200
    data = get_edit_form(client, article, body=body)
    data.update(
        {
            "care_cards-TOTAL_FORMS": ["1"],
            "care_cards-0-level": ["immediate"],
            "care_cards-0-heading": [""],
            "care_cards-0-text": ["Call 999 if chest pain spreads to your arm or jaw."],
            "care_cards-0-ORDER": ["1"],
            "care_cards-0-id": [""],
            "action-submit": ["1"],
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302
    assert ConditionArticlePage.objects.get(pk=article.pk).workflow_in_progress


def test_an_editor_cannot_override(client, editorial, article):
    client.force_login(editorial.editor)
    response = post_edit(
        client,
        article,
        action="action-submit",
        body=article.body + f"\n\n{CHEST_PAIN}",
        content_checks_override="I am sure.",
    )
    assert response.status_code == 200
    assert not ConditionArticlePage.objects.get(pk=article.pk).workflow_in_progress
    assert not PageLogEntry.objects.filter(action=OVERRIDE_ACTION).exists()


def test_a_reviewer_overrides_with_a_reason_recorded_in_the_history(client, editorial, article):
    client.force_login(editorial.reviewer)
    reason = "The chest pain sentence is a quotation from a patient; the care card follows."
    response = post_edit(
        client,
        article,
        action="action-submit",
        body=article.body + f"\n\n{CHEST_PAIN}",
        content_checks_override=reason,
    )
    assert response.status_code == 302
    article = ConditionArticlePage.objects.get(pk=article.pk)
    assert article.workflow_in_progress
    entry = PageLogEntry.objects.get(page=article, action=OVERRIDE_ACTION)
    assert entry.user == editorial.reviewer and entry.data["reason"] == reason
    assert [item["check"] for item in entry.data["checks"]] == ["red_flag"]
    # The same result now counts as overridden, in bulk too.
    assert [
        r.overridden
        for r in check_article(article.get_latest_revision_as_object())
        if r.check == "red_flag"
    ] == [True]
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    text = BeautifulSoup(history.content.decode(), "html.parser").get_text(" ")
    assert "Content checks overridden (1 blocking)" in text and reason in text


def test_the_report_shows_reading_age_failing_checks_and_the_override(client, editorial, article):
    client.force_login(editorial.reviewer)
    reason = "Quoted on purpose."
    body = article.body + f"\n\n{CHEST_PAIN}"
    post_edit(client, article, action="action-publish", body=body, content_checks_override=reason)
    article = ConditionArticlePage.objects.get(pk=article.pk)
    assert CHEST_PAIN in article.body  # published despite the block
    response = client.get(reverse("clinical_review_due") + "?due_within=400")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    assert {"Reading age", "Failing checks", "Checks overridden"} <= set(headings)
    row = next(tr for tr in soup.select("table tbody tr") if article.title in tr.get_text())
    cells = dict(
        zip(headings, (td.get_text(" ", strip=True) for td in row.select("td")), strict=False)
    )
    assert cells["Reading age"] == str(article.reading_age)
    assert "Red-flag symptom (blocking, overridden)" in cells["Failing checks"]
    assert (
        cells["Checks overridden"].startswith(reason) and "reviewer" in cells["Checks overridden"]
    )


# --- check_content ----------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_content", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_check_content_formats_and_exit_code(editorial, article):
    out, err = run("--format", "json")
    entries = json.loads(out)
    assert [entry["id"] for entry in entries] == [article.pk]
    assert set(entries[0]) >= {"id", "title", "url", "checks"}
    assert entries[0]["url"].endswith("/neck-pain/")
    assert "Checked 1 article: 0 live or submitted with blocking results" in err

    # A live article with a blocking result: exit code 1, every format still written.
    article.body += f"\n\n{CHEST_PAIN}"
    article.save_revision().publish()
    for format in ("text", "json", "csv"):
        with pytest.raises(CommandError) as failed:
            run("--format", format)
        assert failed.value.returncode == 1
        assert "1 live or submitted with blocking results" in str(failed.value)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", "--format", "csv", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    red = [row for row in rows if row["check"] == "red_flag"]
    assert red and red[0]["severity"] == "blocking" and red[0]["title"] == "Neck pain"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", stdout=out, stderr=io.StringIO())
    assert "BLOCKING red_flag: Mentions signs of a heart attack" in out.getvalue()


def test_a_blocking_draft_does_not_fail_check_content(editorial):
    ConditionArticlePageFactory(
        parent=editorial.tree.index, title="Draft", body=CHEST_PAIN, live=False
    ).save_revision()
    out, _ = run("--format", "json")
    draft = next(entry for entry in json.loads(out) if entry["title"] == "Draft")
    assert draft["state"] == "draft" and "red_flag" in {c["check"] for c in draft["checks"]}


# --- review status, reading age, reviewer: page, API, JSON-LD -------------------------------


def page_soup(client, page):
    return BeautifulSoup(client.get(page.url, **HOST).content.decode(), "html.parser")


def jsonld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


def api(client, page):
    return client.get(f"/api/v2/pages/{page.pk}/", **HOST).json()


@pytest.mark.parametrize(
    ("last", "due", "status"),
    [
        (None, None, "never_reviewed"),
        (-400, -35, "overdue"),
        (-350, 10, "due_soon"),
        (-10, 355, "reviewed"),
    ],
)
def test_review_status_in_the_api_and_on_the_page(client, editorial, article, last, due, status):
    today = timezone.localdate()
    article.last_reviewed = today + datetime.timedelta(days=last) if last is not None else None
    article.next_review_due = today + datetime.timedelta(days=due) if due is not None else None
    article.save_revision().publish()
    data = api(client, article)
    assert data["review_status"] == status
    assert isinstance(data["reading_age"], float)
    meta = page_soup(client, article).select_one(".review-meta").get_text(" ", strip=True)
    if status == "never_reviewed":
        assert "Not yet clinically reviewed" in meta and "Clinically reviewed by" not in meta
    elif status == "overdue":
        assert f"Review overdue since {article.next_review_due:%-d %B %Y}" in meta
    else:
        assert "Not yet" not in meta and "overdue" not in meta


def test_jsonld_claims_only_a_review_that_happened(client, editorial, article):
    assert "reviewedBy" in jsonld(page_soup(client, article))
    article.last_reviewed = article.next_review_due = None  # reviewed_by stays set
    article.save_revision().publish()
    data = jsonld(page_soup(client, article))
    assert "lastReviewed" not in data and "reviewedBy" not in data
    markdown = client.get(article.url, HTTP_ACCEPT="text/markdown", **HOST).content.decode()
    assert "reviewed_by" not in markdown and "Dr Reviewer" not in markdown


def test_approval_stamps_the_approving_reviewer(client, editorial, article):
    editorial.reviewer.first_name, editorial.reviewer.last_name = "Rita", "Reviewer"
    editorial.reviewer.save()
    client.force_login(editorial.editor)
    post_edit(client, article, action="action-submit", body=article.body + "\n\nRest helps.")
    article = ConditionArticlePage.objects.get(pk=article.pk)
    client.force_login(editorial.reviewer)
    task_state = article.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    article = ConditionArticlePage.objects.get(pk=article.pk)
    person = Person.objects.get(user=editorial.reviewer)  # created for the account
    assert person.name == "Rita Reviewer" and article.reviewed_by == person
    assert api(client, article)["reviewed_by"]["name"] == "Rita Reviewer"
    assert "Rita Reviewer" in page_soup(client, article).select_one(".review-meta").get_text()
    # The next approval reuses the same Person.
    client.force_login(editorial.editor)
    post_edit(client, article, action="action-submit", body=article.body + " More rest.")
    article = ConditionArticlePage.objects.get(pk=article.pk)
    client.force_login(editorial.reviewer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "approve", article.current_workflow_task_state.pk],
        ),
        {"comment": ""},
    )
    assert Person.objects.filter(user=editorial.reviewer).count() == 1


def test_a_new_article_is_checked_before_it_exists(client, editorial):
    """The create view: the panel renders for a page not yet in the tree, and a submission
    with a blocking result is stopped before anything is created."""
    client.force_login(editorial.editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["blog", "conditionarticlepage", editorial.tree.index.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.select_one("[data-content-checks]") is not None
    data = edit_form_data(response.content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": ["Chest pain"],
            "slug": ["chest-pain"],
            "summary": ["About chest pain."],
            "body": [CHEST_PAIN],
            "action-submit": ["1"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Red-flag symptom:" in BeautifulSoup(response.content.decode(), "html.parser").get_text()
    assert not ConditionArticlePage.objects.filter(slug="chest-pain").exists()

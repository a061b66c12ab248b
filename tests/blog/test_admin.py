"""The editors' admin: every admin view for our models loads for both groups, page type
rules, preview, drafts, revisions, locking, scheduling, snippets and permissions."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from blog.models import ArticleIndexPage, ConditionArticlePage, Person, Topic
from home.models import ContactPage, DisclaimerPage, HomePage
from seeding.editorial import CLINICAL_REVIEWERS, EDITORS
from tests.admin_client import get_edit_form, post_edit

pytestmark = pytest.mark.django_db

BOTH_GROUPS = pytest.mark.parametrize("group", [EDITORS, CLINICAL_REVIEWERS])


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def admin_urls_for_groups(editorial):
    article, index = editorial.article, editorial.tree.index
    topic, person = Topic.objects.get(), Person.objects.first()
    revision = article.get_latest_revision()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:edit", args=[index.pk]),
        reverse("wagtailadmin_pages:add", args=["blog", "conditionarticlepage", index.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[article.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:view_draft", args=[article.pk]),
        reverse("wagtailsnippets_blog_topic:list"),
        reverse("wagtailsnippets_blog_topic:add"),
        reverse("wagtailsnippets_blog_topic:edit", args=[topic.pk]),
        reverse("wagtailsnippets_blog_person:list"),
        reverse("wagtailsnippets_blog_person:add"),
        reverse("wagtailsnippets_blog_person:edit", args=[person.pk]),
        reverse("wagtailimages:index"),
        reverse("clinical_review_due"),
    ]


@BOTH_GROUPS
def test_admin_views_for_our_models_load_for_both_groups(editorial, client, group):
    client.force_login(editorial.user(group))
    for url in admin_urls_for_groups(editorial):
        response = client.get(url)
        assert response.status_code == 200, url


def test_adding_under_the_index_goes_straight_to_the_article_form(editorial, client):
    client.force_login(editorial.editor)
    index = editorial.tree.index
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["blog", "conditionarticlepage", index.pk]
    )


def tab_labels(page):
    return [next(tab.stripped_strings) for tab in page.select('[role="tab"]')]


@BOTH_GROUPS
def test_article_editor_tabs_and_schedule(editorial, client, group):
    client.force_login(editorial.user(group))
    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[editorial.article.pk])))
    # The Settings tab holds only scheduling, which Wagtail shows in the status side panel.
    assert tab_labels(page) == ["Content", "Medical review", "Promote"]
    schedule = page.find(id="schedule-publishing-dialog")
    assert schedule.find(attrs={"name": "go_live_at"}) is not None


def test_article_editor_has_help_for_every_field(editorial, client):
    client.force_login(editorial.editor)
    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[editorial.article.pk])))
    content_fields = [
        "title",
        "summary",
        "body",
        "topics",
        "tags",
        "image",
        "image_caption",
        "image_credit",
        "call_to_action_text",
        "call_to_action_page",
        "disclaimer_text",
        "disclaimer",
    ]
    review_fields = ["author", "reviewed_by", "last_reviewed", "next_review_due"]
    promote_fields = ["slug", "seo_title", "search_description"]
    for name in content_fields + review_fields + promote_fields:
        if name == "title":
            continue  # Wagtail's own title field
        help_text = page.find(id=f"panel-child-{_panel_id(page, name)}-helptext")
        assert help_text is not None and help_text.get_text(strip=True), name
    # Topics are a list of checkboxes, one per topic.
    assert page.select('input[type="checkbox"][name="topics"]')


def _panel_id(page, field_name):
    """The panel prefix of the field named `field_name` in the rendered editor."""
    field = page.find(attrs={"name": field_name})
    assert field is not None, field_name
    described_by = field.get("aria-describedby") or ""
    for element_id in described_by.split():
        if element_id.endswith("-helptext"):
            return element_id.removeprefix("panel-child-").removesuffix("-helptext")
    # Widgets without aria-describedby: the help text follows the field's panel.
    container = field.find_parent(attrs={"data-field-wrapper": True}) or field.parent
    raise AssertionError(f"{field_name} has no help text ({container.name})")


def _care_card(level, heading="", text="Seek help today."):
    return {
        "care_cards-TOTAL_FORMS": "1",
        "care_cards-INITIAL_FORMS": "0",
        "care_cards-MIN_NUM_FORMS": "0",
        "care_cards-MAX_NUM_FORMS": "1000",
        "care_cards-0-id": "",
        "care_cards-0-ORDER": "1",
        "care_cards-0-DELETE": "",
        "care_cards-0-level": level,
        "care_cards-0-heading": heading,
        "care_cards-0-text": text,
    }


def test_editor_writes_a_care_card_in_the_inline_panel(editorial, client):
    article = editorial.article
    client.force_login(editorial.admin)
    editor = soup(client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    template = editor.find(id="id_care_cards-EMPTY_FORM_TEMPLATE")
    assert template is not None  # the InlinePanel's "Add care card" form
    levels = [o["value"] for o in BeautifulSoup(template.decode_contents(), "html.parser")
              .select("select[name$=level] option") if o["value"]]  # fmt: skip
    assert levels == ["immediate", "urgent", "non-urgent"]

    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    bad = get_edit_form(client, article) | {"action-publish": ["1"]}
    bad.update({k: [v] for k, v in _care_card("soon").items()})
    assert client.post(url, bad).status_code == 200  # the form again, with the error
    assert not ConditionArticlePage.objects.get(pk=article.pk).care_cards.exists()

    good = get_edit_form(client, article) | {"action-publish": ["1"]}
    good.update(
        {k: [v] for k, v in _care_card("urgent", "Get help today if:", "- it spreads").items()}
    )
    assert client.post(url, good).status_code == 302
    card = ConditionArticlePage.objects.get(pk=article.pk).care_cards.get()
    assert (card.level, card.heading, card.html) == (
        "urgent",
        "Get help today if:",
        "<ul>\n<li>it spreads</li>\n</ul>",
    )


def test_preview_shows_an_unsaved_care_card_rendered(editorial, client):
    article = editorial.article
    client.force_login(editorial.admin)
    data = get_edit_form(client, article)
    data.update({k: [v] for k, v in _care_card("immediate", "Call 999 if:", "- **faint**").items()})
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    assert client.post(url, data).json()["is_valid"]
    card = soup(client.get(url)).select_one("section.care-card--immediate")
    assert card.select_one(".care-card__content li strong").text == "faint"
    assert not ConditionArticlePage.objects.get(pk=article.pk).care_cards.exists()


# --- Preview, drafts, revisions, scheduling, locking --------------------------------------


def all_pages(editorial):
    tree = editorial.tree
    return [tree.home, tree.index, tree.disclaimer, tree.contact, editorial.article]


def test_every_page_type_previews_its_unsaved_edits(editorial, client):
    client.force_login(editorial.admin)
    for page in all_pages(editorial):
        title = f"Previewed {page.specific_class.__name__}"
        data = get_edit_form(client, page, title=title)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        response = client.post(url, data)
        assert response.json() == {"is_valid": True, "is_available": True}, page
        preview = client.get(url)
        assert preview.status_code == 200, page
        assert soup(preview).find(string=lambda text, t=title: text and t in text), page
        # Previewing saved nothing.
        assert Page.objects.get(pk=page.pk).title != title
        # The admin's preview panel may frame it (the public site's pages may not be framed).
        assert preview["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in preview["Content-Security-Policy"], page


def test_view_draft_and_revision_views_for_every_page_type(editorial, client):
    client.force_login(editorial.admin)
    for page in all_pages(editorial):
        revision = page.get_latest_revision()
        for url in (
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        ):
            assert client.get(url).status_code == 200, url


def test_editor_saves_a_draft_and_compares_revisions(editorial, client):
    article = editorial.article
    client.force_login(editorial.editor)
    response = post_edit(client, article, summary="A new summary, still a draft.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary != "A new summary, still a draft."  # live content unchanged
    assert article.has_unpublished_changes
    draft = article.get_latest_revision()
    assert draft.as_object().summary == "A new summary, still a draft."
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "live", draft.pk])
    )
    assert compare.status_code == 200
    additions = [span.get_text() for span in soup(compare).select(".addition")]
    assert "new" in additions and ", still a draft." in additions


def test_editor_cannot_publish_directly(editorial, client):
    article = editorial.article
    client.force_login(editorial.editor)
    assert not article.permissions_for_user(editorial.editor).can_publish()
    response = post_edit(client, article, action="action-publish", summary="Sneaky publish.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary != "Sneaky publish." and article.has_unpublished_changes
    # Nor through the publish button's absence being bypassed for a new page.
    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    assert page.find("button", attrs={"name": "action-publish"}) is None
    assert page.find("button", attrs={"name": "action-submit"}) is not None


def test_reviewer_can_publish_and_schedule(editorial, client):
    article = editorial.article
    client.force_login(editorial.reviewer)
    go_live = (timezone.localtime() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    response = post_edit(
        client,
        article,
        action="action-publish",
        summary="Scheduled summary.",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary != "Scheduled summary."  # not live until go_live_at
    scheduled = article.scheduled_revision
    assert scheduled is not None and scheduled.approved_go_live_at == go_live
    assert scheduled.as_object().summary == "Scheduled summary."

    # A scheduled page is locked until the schedule is cancelled; then it publishes at once.
    locked = post_edit(client, article, action="action-publish", summary="Published now.")
    assert locked.status_code == 200  # re-rendered with "locked" error
    client.post(reverse("wagtailadmin_pages:revisions_unschedule", args=[article.pk, scheduled.pk]))
    article = ConditionArticlePage.objects.get(pk=article.pk)
    assert article.scheduled_revision is None
    post_edit(client, article, action="action-publish", summary="Published now.", go_live_at="")
    article.refresh_from_db()
    assert article.summary == "Published now."


def test_lock_and_unlock(editorial, client):
    article = editorial.article
    client.force_login(editorial.editor)
    client.post(reverse("wagtailadmin_pages:lock", args=[article.pk]))
    article.refresh_from_db()
    assert article.locked and article.locked_by == editorial.editor
    # The reviewer cannot save over the editor's lock, but may unlock it.
    client.force_login(editorial.reviewer)
    post_edit(client, article, summary="Edited while locked.")
    article.refresh_from_db()
    assert article.get_latest_revision().as_object().summary != "Edited while locked."
    client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    article.refresh_from_db()
    assert not article.locked


# --- Page type rules ----------------------------------------------------------------------


def test_page_types_can_be_created_only_where_they_belong(editorial):
    tree = editorial.tree
    assert ConditionArticlePage.can_create_at(tree.index)
    assert not ConditionArticlePage.can_create_at(tree.home)
    assert not ArticleIndexPage.can_create_at(tree.index)
    # One disclaimer and one contact page per home page: these already exist.
    assert not DisclaimerPage.can_create_at(tree.home)
    assert not ContactPage.can_create_at(tree.home)
    assert ArticleIndexPage.can_create_at(tree.home)
    assert not HomePage.can_create_at(tree.index)


def test_editor_adds_an_article_but_not_elsewhere(editorial, client):
    tree = editorial.tree
    client.force_login(editorial.editor)
    add = reverse("wagtailadmin_pages:add", args=["blog", "conditionarticlepage", tree.index.pk])
    assert client.get(add).status_code == 200
    # Denied (Wagtail redirects to the dashboard): editors work on articles only.
    for parent, model in [(tree.home, "articleindexpage"), (tree.index, "articleindexpage")]:
        url = reverse("wagtailadmin_pages:add", args=["blog", model, parent.pk])
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "wagtailadmin_home"
        ), url
    assert client.get(reverse("wagtailadmin_pages:edit", args=[tree.contact.pk])).status_code == 302


# --- Snippets -----------------------------------------------------------------------------


def test_topic_listing_shows_synonyms_and_article_counts_and_searches(editorial, client):
    topic = Topic.objects.get()
    topic.also_called = "cervicalgia\nstiff neck"
    topic.save()
    Topic.objects.create(name="Back pain", slug="back-pain")
    client.force_login(editorial.editor)
    listing = soup(client.get(reverse("wagtailsnippets_blog_topic:list")))
    rows = {
        row.select_one("td a").get_text(strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")
        ]
        for row in listing.select("table tbody tr")
    }
    assert set(rows) == {"Neck pain", "Back pain"}
    assert "cervicalgia, stiff neck" in rows["Neck pain"] and "1" in rows["Neck pain"]
    assert "0" in rows["Back pain"]
    found = soup(client.get(reverse("wagtailsnippets_blog_topic:list"), {"q": "back"}))
    assert [a.get_text(strip=True) for a in found.select("table tbody td a")][:1] == ["Back pain"]


# --- Contact form submissions -------------------------------------------------------------


@pytest.fixture
def submission(editorial):
    contact = editorial.tree.contact
    return contact.get_submission_class().objects.create(
        page=contact,
        form_data={"name": "Ann Reader", "email": "ann@example.invalid", "message": "Hello"},
    )


def test_reviewers_read_and_export_form_submissions(editorial, client, submission):
    contact = editorial.tree.contact
    client.force_login(editorial.reviewer)
    assert client.get(reverse("wagtailforms:index")).status_code == 200
    listing = client.get(reverse("wagtailforms:list_submissions", args=[contact.pk]))
    assert listing.status_code == 200
    assert "Ann Reader" in soup(listing).get_text()
    export = client.get(
        reverse("wagtailforms:list_submissions", args=[contact.pk]), {"export": "csv"}
    )
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert len(rows) == 2 and "Ann Reader" in rows[1]


FORMULAS = ['=HYPERLINK("http://evil.invalid","x")', "+1+1", "@SUM(A1)", "\t=1+1", "-2+3"]


def test_the_submissions_csv_export_neutralises_formulas(editorial, client):
    """A reader's `=HYPERLINK(...)` must reach the spreadsheet as text (core/exports.py),
    while plain values and numbers are exported unchanged."""
    contact = editorial.tree.contact
    for value in [*FORMULAS, "-12.5", "Plain words"]:
        contact.get_submission_class().objects.create(
            page=contact, form_data={"name": value, "email": "a@example.invalid", "message": "m"}
        )
    client.force_login(editorial.reviewer)
    export = client.get(
        reverse("wagtailforms:list_submissions", args=[contact.pk]), {"export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    names = {cell for row in rows[1:] for cell in row if cell not in ("a@example.invalid", "m")}
    assert {"'" + value for value in FORMULAS} <= names
    assert {"-12.5", "Plain words"} <= names
    assert not any(cell.startswith(("=", "+", "@", "\t")) for row in rows for cell in row)


def test_editors_cannot_see_form_submissions(editorial, client, submission):
    contact = editorial.tree.contact
    client.force_login(editorial.editor)
    url = reverse("wagtailforms:list_submissions", args=[contact.pk])
    # Wagtail answers a permission denied in the admin with a redirect to the dashboard.
    for params in ({}, {"export": "csv"}):
        response = client.get(url, params)
        assert response.status_code == 302, params
        assert response["Location"] == reverse("wagtailadmin_home")
    forms_index = soup(client.get(reverse("wagtailforms:index")))
    assert "Contact us" not in forms_index.get_text()


def test_submission_permission_can_be_granted_in_group_settings(editorial, client):
    from django.contrib.auth.models import Group, Permission

    client.force_login(editorial.admin)
    editors = Group.objects.get(name=EDITORS)
    page = soup(client.get(reverse("wagtailusers_groups:edit", args=[editors.pk])))
    permission = Permission.objects.get(
        content_type__app_label="wagtailforms", codename="view_formsubmission"
    )
    checkbox = page.find("input", attrs={"name": "permissions", "value": str(permission.pk)})
    assert checkbox is not None and not checkbox.has_attr("checked")

"""The editors' admin: every admin view for our models loads for both groups, page type
rules, preview, drafts, revisions, locking, scheduling, snippets and permissions."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from blog.editorial import CLINICAL_REVIEWERS, EDITORS
from blog.models import Person, Topic

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
        "image_credit",
        "call_to_action_text",
        "call_to_action_page",
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

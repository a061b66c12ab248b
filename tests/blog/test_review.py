"""Clinical review: submit → approve publishes with stamped review dates; the review-due report
and the `review_due` command."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from blog.models import ConditionArticlePage
from blog.review import STAMP_LOG_ACTION, add_months
from tests.admin_client import post_edit
from tests.factories import ConditionArticlePageFactory

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "Gentle movement usually helps neck pain settle."


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 15), 12, datetime.date(2027, 3, 15)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), 1, datetime.date(2027, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def submit_change_for_review(client, editorial):
    client.force_login(editorial.editor)
    body = editorial.article.body + "\n\n" + NEW_SENTENCE
    response = post_edit(client, editorial.article, action="action-submit", body=body)
    assert response.status_code == 302
    article = ConditionArticlePage.objects.get(pk=editorial.article.pk)
    assert NEW_SENTENCE not in article.body  # the live page is unchanged while in review
    return article


def approve(client, editorial, article):
    task_state = article.current_workflow_task_state
    assert task_state is not None
    client.force_login(editorial.reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    return ConditionArticlePage.objects.get(pk=article.pk)


def test_approval_publishes_the_change_with_review_dates_stamped(client, editorial):
    article = submit_change_for_review(client, editorial)
    assert article.workflow_in_progress

    article = approve(client, editorial, article)

    today = timezone.localdate()
    assert NEW_SENTENCE in article.body and NEW_SENTENCE in article.body_html
    assert article.last_reviewed == today
    assert article.next_review_due == add_months(today, 12)
    assert not article.has_unpublished_changes
    # The stamped dates are in the published revision, recorded in the page history.
    live = article.live_revision.as_object()
    assert (live.last_reviewed, live.next_review_due) == (today, add_months(today, 12))
    actions = list(
        PageLogEntry.objects.filter(page=article)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions.index("wagtail.workflow.approve") < actions.index(STAMP_LOG_ACTION)
    assert actions.index(STAMP_LOG_ACTION) < len(actions) - 1
    assert actions[-1] == "wagtail.publish"


def test_approval_leaves_dates_alone_when_stamping_is_off(client, editorial, settings):
    settings.CLINICAL_REVIEW_STAMP_ON_APPROVAL = False
    before = (editorial.article.last_reviewed, editorial.article.next_review_due)
    article = approve(client, editorial, submit_change_for_review(client, editorial))
    assert NEW_SENTENCE in article.body
    assert (article.last_reviewed, article.next_review_due) == before
    assert not PageLogEntry.objects.filter(page=article, action=STAMP_LOG_ACTION).exists()


def test_interval_is_configurable(client, editorial, settings):
    settings.CLINICAL_REVIEW_INTERVAL_MONTHS = 6
    article = approve(client, editorial, submit_change_for_review(client, editorial))
    assert article.next_review_due == add_months(timezone.localdate(), 6)


def test_rejection_publishes_nothing(client, editorial):
    article = submit_change_for_review(client, editorial)
    client.force_login(editorial.reviewer)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "reject", article.current_workflow_task_state.pk],
    )
    client.post(url, {"comment": "Please cite a source."})
    article = ConditionArticlePage.objects.get(pk=article.pk)
    assert NEW_SENTENCE not in article.body
    assert article.last_reviewed == editorial.article.last_reviewed


# --- review-due report and command ------------------------------------------------------


@pytest.fixture
def due_articles(editorial):
    today = timezone.localdate()
    index = editorial.tree.index
    return {
        "overdue": ConditionArticlePageFactory(
            parent=index, title="Overdue article", next_review_due=today - datetime.timedelta(1)
        ),
        "soon": ConditionArticlePageFactory(
            parent=index, title="Due soon article", next_review_due=today + datetime.timedelta(20)
        ),
        "later": ConditionArticlePageFactory(
            parent=index, title="Far future article", next_review_due=add_months(today, 11)
        ),
        "draft": ConditionArticlePageFactory(
            parent=index,
            title="Unpublished article",
            live=False,
            next_review_due=today - datetime.timedelta(5),
        ),
    }


def report_titles(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [cell.get_text(strip=True) for cell in soup.select("table tbody td.title a")]


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_report_lists_overdue_and_due_soon_articles_with_edit_links(
    client, editorial, due_articles, who
):
    client.force_login(getattr(editorial, who))
    response = client.get(reverse("clinical_review_due"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("table tbody td.title a")}
    assert list(links) == ["Overdue article", "Due soon article"]  # most urgent first
    assert links["Overdue article"] == reverse(
        "wagtailadmin_pages:edit", args=[due_articles["overdue"].pk]
    )


def test_report_window_filter_and_sorting(client, editorial, due_articles):
    client.force_login(editorial.reviewer)
    url = reverse("clinical_review_due")
    assert report_titles(client.get(url, {"due_within": 400})) == [
        "Overdue article",
        "Due soon article",
        "Neck pain",
        "Far future article",
    ]
    assert report_titles(client.get(url, {"due_within": 0})) == ["Overdue article"]
    assert report_titles(client.get(url, {"ordering": "-next_review_due"})) == [
        "Due soon article",
        "Overdue article",
    ]


def test_report_exports_csv(client, editorial, due_articles):
    client.force_login(editorial.reviewer)
    response = client.get(reverse("clinical_review_due"), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Article"] for row in rows] == ["Overdue article", "Due soon article"]
    assert rows[0]["Status"] == "Overdue by 1 day"
    assert rows[0]["Address"].endswith("/articles/" + due_articles["overdue"].slug + "/")


def test_report_is_not_for_users_without_page_permissions(client, editorial, django_user_model):
    from django.contrib.auth.models import Permission

    outsider = django_user_model.objects.create_user(username="outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(reverse("clinical_review_due")).status_code in (302, 403)


def test_review_due_command_text_and_csv(editorial, due_articles):
    out = io.StringIO()
    call_command("review_due", stdout=out)
    text = out.getvalue()
    assert "2 article(s) due" in text
    assert "Overdue article: Overdue by 1 day" in text and "Far future article" not in text
    assert "Unpublished article" not in text

    out = io.StringIO()
    call_command("review_due", "--days", "400", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    titles = [row["title"] for row in rows]
    assert titles[:2] == ["Overdue article", "Due soon article"]
    assert "Far future article" in titles
    overdue = rows[0]
    assert overdue["days_until_due"] == "-1"
    assert overdue["edit_url"].endswith(f"/admin/pages/{due_articles['overdue'].pk}/edit/")


@pytest.mark.parametrize("bad", ["-1", "soon"])
def test_review_due_command_rejects_bad_days(editorial, bad):
    with pytest.raises(CommandError, match="--days"):
        call_command("review_due", "--days", bad)

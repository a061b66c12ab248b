"""Clinical review dates: which articles are due, and stamping the dates on approval.

`finish_clinical_review` is Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION: it runs when a workflow
is approved. Wagtail imports it while loading its models, so model imports here are lazy.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .review_dates import add_months, due_window_days

STAMP_LOG_ACTION = "blog.review_dates_stamped"


def review_due_articles(within_days=None, today=None):
    """Live articles whose next review is past, due within `within_days`, or not set."""
    from django.db.models import Q

    from .models import ConditionArticlePage  # lazy: see the module docstring

    days = due_window_days() if within_days is None else within_days
    cutoff = (today or timezone.localdate()) + datetime.timedelta(days=days)
    return (
        ConditionArticlePage.objects.live()
        .filter(Q(next_review_due__lte=cutoff) | Q(next_review_due__isnull=True))
        .select_related("reviewed_by")
    )


def days_until_due(article, today=None):
    """Negative when overdue; None when no date is set."""
    if article.next_review_due is None:
        return None
    return (article.next_review_due - (today or timezone.localdate())).days


def due_status(article, today=None):
    days = days_until_due(article, today)
    if days is None:
        return "No review date set"
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def reviewer_person(user):
    """The Person linked to `user` (Snippets → People), created from the account's name
    when there is none."""
    from .models import Person  # lazy: see the module docstring

    if user is None:
        return None
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = user.get_full_name().strip() or user.get_username()
        person = Person.objects.create(name=name, user=user)
    return person


def stamp_review_dates(article, today=None):
    """Reviewed today; next review one interval (CLINICAL_REVIEW_INTERVAL_MONTHS) later."""
    today = today or timezone.localdate()
    article.last_reviewed = today
    article.next_review_due = add_months(today, settings.CLINICAL_REVIEW_INTERVAL_MONTHS)
    return article


def finish_clinical_review(workflow_state, user=None):
    """Publish an approved workflow. For an article (if CLINICAL_REVIEW_STAMP_ON_APPROVAL),
    first save a revision with the review dates and the approving reviewer (`reviewed_by`,
    their Person) stamped, so the published content and the page history both carry them."""
    from wagtail.workflows import publish_workflow_state

    from .models import ConditionArticlePage  # lazy: see the module docstring

    content = workflow_state.content_object
    if not (
        settings.CLINICAL_REVIEW_STAMP_ON_APPROVAL
        and issubclass(content.specific_class, ConditionArticlePage)
    ):
        publish_workflow_state(workflow_state, user=user)
        return
    # Re-read the page: the cached content object may predate the revision being approved.
    latest = ConditionArticlePage.objects.get(pk=content.pk).get_latest_revision()
    article = stamp_review_dates(latest.as_object())
    reviewer = reviewer_person(user)
    if reviewer is not None:
        article.reviewed_by = reviewer
    # clean=False: the approved revision was validated when it was saved; approval must not
    # fail on it now.
    revision = article.save_revision(user=user, log_action=STAMP_LOG_ACTION, clean=False)
    revision.publish(user=user)

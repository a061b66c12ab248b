"""Review dates and what they say about an article: no model imports, so the article model
itself can read them (`ConditionArticlePage.review_status`)."""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


def add_months(day, months):
    """`day` moved on by whole months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def due_window_days():
    return settings.CLINICAL_REVIEW_DUE_WINDOW_DAYS


REVIEW_STATUSES = ("reviewed", "due_soon", "overdue", "never_reviewed")


def review_due_date(article):
    """The next review date: the one set, else one interval after the last review; None
    for an article never reviewed."""
    if article.next_review_due is not None:
        return article.next_review_due
    if article.last_reviewed is None:
        return None
    return add_months(article.last_reviewed, settings.CLINICAL_REVIEW_INTERVAL_MONTHS)


def review_status(article, today=None):
    """`never_reviewed` (no review date: nothing was checked), `overdue` (the next review is
    past), `due_soon` (due within CLINICAL_REVIEW_DUE_WINDOW_DAYS) or `reviewed`."""
    if article.last_reviewed is None:
        return "never_reviewed"
    today = today or timezone.localdate()
    due = review_due_date(article)
    if due < today:
        return "overdue"
    if due <= today + datetime.timedelta(days=due_window_days()):
        return "due_soon"
    return "reviewed"

"""Reports → Clinical review due: live articles to re-review, with links to edit them."""

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.exports import SafeSpreadsheetExportMixin

from .content_checks.articles import check_article, latest_overrides, practice_settings
from .models import ConditionArticlePage, Person, Topic
from .review import due_status, due_window_days, review_due_articles


class ReviewDueFilterSet(WagtailFilterSet):
    # Read by the view to set the report's window (see ReviewDueReportView.window_days).
    due_within = django_filters.NumberFilter(
        label="Due within (days)",
        method=lambda queryset, name, value: queryset,
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    reviewed_by = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), empty_label="Anyone"
    )
    topics = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.all(), widget=forms.CheckboxSelectMultiple, distinct=True
    )

    class Meta:
        model = ConditionArticlePage
        fields = ["due_within", "reviewed_by", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["due_within"].extra["help_text"] = (
            f"Default: {due_window_days()} days. Overdue articles are always listed."
        )


class ReviewDueReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = "Clinical review due"
    header_icon = "time"
    model = ConditionArticlePage
    any_permission_required = ["add", "change", "publish"]
    filterset_class = ReviewDueFilterSet
    index_url_name = "clinical_review_due"
    index_results_url_name = "clinical_review_due_results"
    default_ordering = "next_review_due"
    columns = [
        TitleColumn("title", label="Article", url_name="wagtailadmin_pages:edit", sort_key="title"),
        Column("due_status", label="Status", accessor=due_status),
        Column("next_review_due", label="Next review due", sort_key="next_review_due"),
        Column("last_reviewed", label="Last reviewed", sort_key="last_reviewed"),
        Column("reviewed_by", label="Reviewed by"),
        Column("reading_age", label="Reading age"),
        Column("failing_checks", label="Failing checks"),
        Column("checks_override", label="Checks overridden"),
    ]
    list_export = [
        "title",
        "due_status",
        "next_review_due",
        "last_reviewed",
        "reviewed_by",
        "reading_age",
        "failing_checks",
        "checks_override",
        "full_url",
    ]
    export_headings = {
        "title": "Article",
        "due_status": "Status",
        "next_review_due": "Next review due",
        "last_reviewed": "Last reviewed",
        "reviewed_by": "Reviewed by",
        "reading_age": "Reading age",
        "failing_checks": "Failing checks",
        "checks_override": "Checks overridden",
        "full_url": "Address",
    }

    def get_filename(self):
        return f"clinical-review-due-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def window_days(self):
        if self.filters and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get("due_within")
            if value is not None and value >= 0:
                return int(value)
        return due_window_days()

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = (
            review_due_articles(self.window_days)
            .filter(pk__in=editable.values("pk"))
            .prefetch_related("care_cards")
        )
        return super().get_queryset()

    def order_queryset(self, queryset):
        # Articles with no date first, then soonest due: the most urgent at the top.
        if self.ordering in ("next_review_due", "-next_review_due"):
            field = F("next_review_due")
            if self.ordering.startswith("-"):
                return queryset.order_by(field.desc(nulls_last=True), "title")
            return queryset.order_by(field.asc(nulls_first=True), "title")
        return super().order_queryset(queryset)

    def decorate_paginated_queryset(self, object_list):
        """The status, and the content checks of the live article (with the newest override a
        Clinical reviewer recorded), for this page of the report only."""
        today = timezone.localdate()
        overrides = latest_overrides(article.pk for article in object_list)
        settings_by_site = {}
        for article in object_list:
            article.due_status = due_status(article, today)
            site = article.get_site()
            if site not in settings_by_site:
                settings_by_site[site] = practice_settings(article, site) if site else None
            override = overrides.get(article.pk)
            results = check_article(article, settings=settings_by_site[site], override=override)
            article.failing_checks = "; ".join(failing_check(result) for result in results)
            article.checks_override = override_summary(override) if override else ""
        return object_list


def failing_check(result):
    if result.overridden:
        return f"{result.label} (blocking, overridden)"
    return f"{result.label} ({result.severity})"


def override_summary(entry):
    who = (entry.user.get_full_name() or entry.user.get_username()) if entry.user else "unknown"
    reason = (entry.data or {}).get("reason", "")
    return f"{reason} ({who}, {timezone.localtime(entry.timestamp):%Y-%m-%d})"

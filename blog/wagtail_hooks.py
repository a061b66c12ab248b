"""Admin wiring of the blog: snippet listings, the Markdown editor, the clinical review report,
the content checks' messages and overrides."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet

from .content_checks.articles import OVERRIDE_ACTION, check_article, record_override
from .models import ConditionArticlePage
from .reports import ReviewDueReportView
from .review import STAMP_LOG_ACTION
from .snippet_viewsets import PersonViewSet, TopicViewSet

register_snippet(TopicViewSet)
register_snippet(PersonViewSet)


@hooks.register("insert_global_admin_js")
def markdown_editor_options():
    """Loaded before the Markdown editor starts: options that keep it offline."""
    return format_html('<script src="{}"></script>', static("blog/markdown-editor.js"))


@hooks.register("insert_global_admin_css")
def markdown_editor_toolbar_labels():
    return format_html('<link rel="stylesheet" href="{}">', static("blog/markdown-editor.css"))


@hooks.register("before_publish_page")
def record_pending_override(request, page):
    """Writes a Clinical reviewer's override (the form let the action through) to the page's
    history. Publishing runs this before Wagtail reloads the page; submitting, after saving."""
    pending = getattr(page, "pending_content_checks_override", None)
    if pending is not None:
        record_override(page, request.user, pending.reason, pending.results)
        page.pending_content_checks_override = None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def after_article_saved(request, page):
    """Records a pending override, and tells the editor what the checks found in what was
    just saved."""
    if not isinstance(page, ConditionArticlePage):
        return
    record_pending_override(request, page)
    if not request.accepts("text/html"):
        return  # autosave: the panel shows the results on the next load
    results = check_article(page)
    blocking = [result for result in results if result.blocking]
    warnings = [result for result in results if result.severity == "warning"]
    if blocking or warnings:
        parts = []
        if blocking:
            parts.append(f"{len(blocking)} blocking ({', '.join(r.label for r in blocking)})")
        if warnings:
            parts.append(
                f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} "
                f"({', '.join(r.label for r in warnings)})"
            )
        messages.warning(
            request, f"Content checks: {'; '.join(parts)}. See the Content checks panel."
        )


@hooks.register("register_admin_urls")
def register_review_due_urls():
    return [
        path(
            "reports/clinical-review-due/",
            ReviewDueReportView.as_view(),
            name="clinical_review_due",
        ),
        path(
            "reports/clinical-review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="clinical_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ReviewDueReportView.any_permission_required
        )


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ReviewDueMenuItem(
        "Clinical review due", reverse("clinical_review_due"), icon_name="time", order=150
    )


class ContentChecksOverriddenFormatter(LogFormatter):
    label = "Content checks overridden"

    def format_message(self, log_entry):
        checks = (log_entry.data or {}).get("checks", [])
        return f"Content checks overridden ({len(checks)} blocking)"

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        overridden = "; ".join(item["message"] for item in data.get("checks", []))
        return f"Reason: {data.get('reason', '')} — Overridden: {overridden}"


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        STAMP_LOG_ACTION, "Clinical review dates stamped", "Clinical review dates stamped"
    )
    actions.register_action(OVERRIDE_ACTION)(ContentChecksOverriddenFormatter)

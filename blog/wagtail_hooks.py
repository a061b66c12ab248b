"""Admin wiring of the blog: snippet listings, the Markdown editor, the clinical review report."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet

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


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        STAMP_LOG_ACTION, "Clinical review dates stamped", "Clinical review dates stamped"
    )

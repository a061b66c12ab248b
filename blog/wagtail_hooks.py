"""Admin wiring: snippet listings, the clinical review report, who sees form submissions."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet

from .reports import ReviewDueReportView
from .review import STAMP_LOG_ACTION
from .views import PersonViewSet, TopicViewSet

register_snippet(TopicViewSet)
register_snippet(PersonViewSet)

# Who may read (and export) contact form submissions: personal data, so a model permission
# rather than page edit rights. Granted to Clinical reviewers by blog.editorial.
VIEW_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


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


@hooks.register("register_permissions")
def form_submission_permissions():
    """Shows "Form submission: can view" in Settings → Groups."""
    from django.contrib.auth.models import Permission

    app_label, codename = VIEW_SUBMISSIONS_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("filter_form_submissions_for_user")
def form_submissions_for_permitted_users(user, editable_forms):
    """Every form page for users with the permission; none for anyone else, even editors
    of the form page."""
    if user.has_perm(VIEW_SUBMISSIONS_PERMISSION):
        return Page.objects.filter(content_type__in=get_form_types())
    return editable_forms.none()

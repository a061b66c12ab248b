"""Admin wiring of the site pages: who may read the contact form's submissions."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

# Who may read (and export) contact form submissions: personal data, so a model permission
# rather than page edit rights. Granted to Clinical reviewers by seeding.editorial.
VIEW_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


@hooks.register("register_permissions")
def form_submission_permissions():
    """Shows "Form submission: can view" in Settings → Groups."""
    app_label, codename = VIEW_SUBMISSIONS_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("filter_form_submissions_for_user")
def form_submissions_for_permitted_users(user, editable_forms):
    """Every form page for users with the permission; none for anyone else, even editors
    of the form page."""
    if user.has_perm(VIEW_SUBMISSIONS_PERMISSION):
        return Page.objects.filter(content_type__in=get_form_types())
    return editable_forms.none()

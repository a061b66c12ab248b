"""The article editor's form: the content checks' gate on the way to publication.

Wagtail 8 has no hook before "Submit to moderation" (its edit view saves, then starts the
workflow), but every action of the page editor validates this form first. So the checks run
here, on what the editor is sending (fields and care cards, not yet saved): when the action
leads to publication (submit, restart the workflow, publish, approve) and a blocking result
stands, the form is invalid, and Wagtail shows every reason at the top of the editor with
nothing saved. A user who may publish the article (a Clinical reviewer) may send a written
reason instead: the action goes ahead and `blog.wagtail_hooks` writes the override to the
page's history (`articles.record_override`). Saving a draft is never stopped: its results are
shown as a message after the save.
"""

from dataclasses import dataclass

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .articles import check_article, latest_overrides, practice_settings

# POST keys of the page editor's actions that lead to publication.
GATED_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")
WORKFLOW_ACTIONS_GATED = ("approve",)


@dataclass
class PendingOverride:
    """An override to record once the page is saved (the form has no saved page yet)."""

    reason: str
    results: list


class ArticleAdminForm(WagtailAdminPageForm):
    content_checks_override = forms.CharField(
        label="Override reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Clinical reviewers only: to submit or publish despite blocking results, "
        "say why they are acceptable. The reason is kept in the page's history.",
    )

    @property
    def gated_action(self):
        if not self.is_bound:
            return False
        if any(self.data.get(key) for key in GATED_ACTIONS):
            return True
        return (
            bool(self.data.get("action-workflow-action"))
            and self.data.get("workflow-action-name") in WORKFLOW_ACTIONS_GATED
        )

    def may_override(self):
        user = self.for_user
        if user is None:
            return False
        if self.instance.pk is not None:
            return self.instance.permissions_for_user(user).can_publish()
        return self.parent_page.permissions_for_user(user).can_publish_subpage()

    def submitted_care_cards(self):
        """The care cards as the form holds them (deleted ones left out)."""
        formset = self.formsets.get("care_cards")
        if formset is None:
            return None
        return [
            card_form.instance
            for card_form in formset.forms
            if card_form.is_valid()
            and (card_form.has_changed() or card_form.instance.pk is not None)
            and not card_form.cleaned_data.get("DELETE")
            and (card_form.cleaned_data.get("text") or "").strip()
        ]

    def content_check_results(self):
        """The checks of the article as this (valid) form would save it."""
        site = (self.parent_page or self.instance).get_site()
        override = None
        if self.instance.pk is not None:
            override = latest_overrides([self.instance.pk]).get(self.instance.pk)
        return check_article(
            self.instance,
            care_cards=self.submitted_care_cards(),
            settings=practice_settings(self.instance, site),
            override=override,
        )

    def is_valid(self):
        valid = super().is_valid()
        self.instance.pending_content_checks_override = None
        if not (valid and self.gated_action):
            return valid
        results = self.content_check_results()
        blocking = [result for result in results if result.blocking]
        if not blocking:
            return True
        reason = (self.cleaned_data.get("content_checks_override") or "").strip()
        if reason and self.may_override():
            self.instance.pending_content_checks_override = PendingOverride(reason, blocking)
            return True
        for result in blocking:
            self.add_error(None, f"{result.label}: {result.message}")
        if reason:
            self.add_error(
                "content_checks_override",
                "Only a user who may publish this article (a Clinical reviewer) can override "
                "the content checks.",
            )
        return False

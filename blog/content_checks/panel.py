"""The "Content checks" panel of the article editor: the results for the article as the
editor sees it (the saved draft, or the form just sent), and the Clinical reviewer's override
reason (shown only to those who may publish the article)."""

from wagtail.admin.panels import FieldPanel, Panel

from . import rules
from .articles import apply_override, article_text, latest_overrides, practice_settings
from .engine import article_reading_age, run_checks


class ContentChecksPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/content_checks_panel.html"

        class Media:
            css = {"all": ["blog/content-checks.css"]}

        def care_cards(self):
            if self.form is not None and self.form.is_bound and hasattr(self.form, "cleaned_data"):
                return self.form.submitted_care_cards()
            return None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            parent = getattr(self.form, "parent_page", None)
            settings = practice_settings(page, (parent or page).get_site())
            text = article_text(page, care_cards=self.care_cards(), settings=settings)
            override = latest_overrides([page.pk]).get(page.pk) if page.pk else None
            results = apply_override(run_checks(text), override)
            context.update(
                results=results,
                blocking=[result for result in results if result.blocking],
                warnings=[result for result in results if result.severity == rules.WARNING],
                overridden=[result for result in results if result.overridden],
                reading_age=article_reading_age(text.body_html, text.care_cards),
                target=getattr(settings, "reading_age_target", None),
            )
            return context


class OverrideReasonPanel(FieldPanel):
    """The override reason field, for users who may publish the article only."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            may_override = getattr(self.form, "may_override", None)
            return super().is_shown() and may_override is not None and may_override()

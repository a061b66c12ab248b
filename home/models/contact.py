import logging

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.search import index

logger = logging.getLogger(__name__)


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """The practice's contact page and form. Submissions are stored first, then emailed.

    The practice details come from PracticeSettings; `to_address`/`from_address` are the
    practice's internal inbox and never leave the admin.
    """

    intro = models.TextField(blank=True, help_text="Shown above the form.")
    thank_you_text = models.TextField(blank=True, help_text="Shown after a reader sends the form.")

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email (internal, never published)",
        ),
    ]

    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def process_form_submission(self, form):
        """Store the submission, then try to email it: a mail failure loses nothing."""
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        if self.to_address:
            try:
                self.send_mail(form)
            except Exception:  # SMTP errors, timeouts, refused connections
                logger.exception(
                    "Contact form email failed; submission %s is stored", submission.pk
                )
        return submission

from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.search import index

from core import jsonld
from core.pages import SitePageMixin
from core.preview import HeadlessPreviewPageMixin

from .. import contact_service as contact
from ..api_fields import ContactFormDefinitionField, PracticeField
from .site_settings import PracticeSettings


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SitePageMixin, HeadlessPreviewPageMixin, AbstractEmailForm):
    """The practice's contact page and form. Submissions are stored first, then emailed.

    The practice details come from PracticeSettings; `to_address`/`from_address` are the
    practice's internal inbox and never leave the admin.
    """

    def get_submissions_list_view_class(self):
        """The submissions CSV export cannot run formulas readers typed (core/exports.py).
        Imported here: Wagtail's admin views need the models loaded."""
        from core.exports import SafeSubmissionsListView  # admin views need loaded models

        return SafeSubmissionsListView

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

    # Never to_address/from_address/subject: they are the practice's internal inbox.
    api_fields = [
        APIField("practice", serializer=PracticeField()),
        APIField("intro"),
        APIField("thank_you_text"),
        APIField("form", serializer=ContactFormDefinitionField()),
    ]

    api_prefetch_related = ("form_fields",)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_form(self, *args, **kwargs):
        """Wagtail's form plus the honeypot field and per-field length limits."""
        return contact.harden_form(super().get_form(*args, **kwargs), self)

    def serve(self, request, *args, **kwargs):
        """POSTs go through the shared contact service (same as the JSON endpoint)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        result = contact.submit(self, request.POST, contact.client_ip(request), user=request.user)
        if result.accepted:
            return self.render_landing_page(request, result.submission, *args, **kwargs)
        form = result.form
        if form is None:  # rate limited: show the reader's input with the reason
            form = self.get_form(request.POST, page=self, user=request.user)
            form.is_valid()
            form.add_error(None, contact.RATE_LIMITED_MESSAGE)
        context = self.get_context(request)
        context["form"] = form
        if result.status != "rate_limited":
            return TemplateResponse(request, self.get_template(request), context)
        response = TemplateResponse(request, self.get_template(request), context, status=429)
        response["Retry-After"] = str(contact.rate_window())
        return response

    def process_form_submission(self, form):
        """Store the submission, then try to email it: a mail failure loses nothing."""
        return contact.store_and_notify(self, form)

    def get_jsonld(self, linked_data):
        """A ContactPage whose main entity is the practice."""
        settings = PracticeSettings.for_request(linked_data.request)
        return jsonld.compact(
            {
                "@context": jsonld.SCHEMA,
                "@type": "ContactPage",
                "name": self.title,
                "url": linked_data.url,
                "mainEntity": jsonld.practice(settings, linked_data.site_url),
                "breadcrumb": jsonld.breadcrumb_list(linked_data.crumbs),
            }
        )

"""API serializer fields of the home and contact pages (listed in their `api_fields`)."""

from django.urls import reverse

from core.api.fields import PageLinksField, ReadOnlyAPIField

from . import contact_service
from .models.site_settings import PracticeSettings


class FeaturedArticlesField(PageLinksField):
    """Home page featured articles in editor order (reads prefetched `featured_articles`)."""

    def pages(self, page):
        return [item.article for item in page.featured_articles.all()]


class PracticeField(ReadOnlyAPIField):
    """The practice's public details from PracticeSettings (never the form's inbox), with
    the licence and attribution republished content must carry."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page):
        practice = PracticeSettings.for_request(self.request)
        return {
            "name": practice.name,
            "address_lines": practice.address_lines,
            "phone": practice.phone,
            "email": practice.email,
            "opening_hours_lines": practice.opening_hours_lines,
            "licence": practice.licence,
            "attribution": practice.attribution,
        }


class ContactFormDefinitionField(ReadOnlyAPIField):
    """What a frontend needs to render and submit the contact form.

    {submit_url, honeypot_field, fields: [{name, clean_name, type, label, required, choices,
    help_text, default, max_length}]}. Never the email to/from addresses or subject.
    """

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page):
        submit_path = reverse("contact_submission", args=[page.pk])
        return {
            "submit_url": self.request.build_absolute_uri(submit_path),
            "honeypot_field": contact_service.HONEYPOT_FIELD,
            "fields": [
                {
                    "name": field.clean_name,
                    "clean_name": field.clean_name,
                    "type": field.field_type,
                    "label": field.label,
                    "required": field.required,
                    "choices": contact_service.choices_of(page, field),
                    "help_text": field.help_text,
                    "default": field.default_value,
                    "max_length": contact_service.max_length_for(field.field_type),
                }
                for field in page.form_fields.all()
            ],
        }

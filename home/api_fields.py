"""API serializer fields of the home and contact pages (listed in their `api_fields`).

Each `to_representation` is annotated with what it returns, and each class docstring's first
paragraph says what the field means: the OpenAPI document (`core.api.openapi`) reads both.
"""

from typing import Annotated

from django.urls import reverse
from typing_extensions import TypedDict
from wagtail.api.utils import get_base_url

from core.api.fields import PageLinksField, ReadOnlyAPIField

from . import contact_service
from .models.site_settings import PracticeSettings


class PracticeDict(TypedDict):
    name: str
    address_lines: list[str]
    phone: str
    email: str
    opening_hours_lines: list[str]


class ContactFormFieldDefinitionDict(TypedDict):
    name: Annotated[str, "The key to send in the JSON body."]
    clean_name: str
    type: Annotated[str, {"examples": ["singleline", "multiline", "email", "dropdown"]}]
    label: str
    required: bool
    choices: list[str]
    help_text: str
    default: str
    max_length: int | None


class ContactFormDict(TypedDict):
    submit_url: str
    honeypot_field: Annotated[str, "Render this field hidden from people and leave it empty."]
    fields: list[ContactFormFieldDefinitionDict]


class FeaturedArticlesField(PageLinksField):
    """Home page featured articles in editor order (reads prefetched `featured_articles`)."""

    def pages(self, page):
        return [item.article for item in page.featured_articles.all()]


class PracticeField(ReadOnlyAPIField):
    """The practice's public details from PracticeSettings (never the form's inbox), with
    the licence and attribution republished content must carry."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> PracticeDict:
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

    Never the email to/from addresses or subject (the practice's internal inbox).
    """

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> ContactFormDict:
        submit_path = reverse("contact_submission", args=[page.pk])
        return {
            # Like detail_url and html_url: the site's configured root (SITE_URL).
            "submit_url": get_base_url(self.request) + submit_path,
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

"""The OpenAPI document: generated from the api_fields (a new one appears without editing the
generator), and schemathesis finds no server error and no response that breaks it, running
against the Django WSGI app with seeded content."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.fields import Field
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from typing_extensions import TypedDict
from wagtail.api import APIField
from wagtail.models import get_page_models

from blog.models import ConditionArticlePage
from cms.api import api_router, openapi_document
from cms.wsgi import application
from core.api.openapi import build_document
from home.models import DisclaimerPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = application  # requests go straight into Django through WSGI

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def page_type_schema(document, model):
    name = f"{model._meta.app_label}_{model.__name__}"
    return document["components"]["schemas"][name]["properties"]


def test_every_page_types_api_fields_are_described_with_a_type():
    document = openapi_document()
    models = [model for model in get_page_models() if getattr(model, "api_fields", ())]
    assert len(models) >= 5
    for model in models:
        properties = page_type_schema(document, model)
        for field in model.api_fields:
            described = properties[field.name]
            # {} would accept anything: annotate the field's to_representation (or property).
            assert {"type", "anyOf", "allOf", "$ref"} & set(described), (model, field.name)


def test_field_descriptions_come_from_help_texts_and_field_docstrings():
    document = openapi_document()
    schemas = document["components"]["schemas"]
    article = schemas["blog_ConditionArticlePage"]["properties"]
    assert article["body_html"]["description"].startswith("Sanitised HTML rendered from body")
    assert "site default" in article["disclaimer"]["description"]
    assert article["related_articles"]["description"].startswith("Detail view only.")
    assert article["last_reviewed"] == {
        "type": ["string", "null"],
        "format": "date",
        "description": ConditionArticlePage._meta.get_field("last_reviewed").help_text,
    }
    assert article["reading_time_minutes"]["type"] == "integer"
    assert article["image"]["anyOf"][0] == {"$ref": "#/components/schemas/ImageReference"}
    honeypot = schemas["ContactForm"]["properties"]["honeypot_field"]
    assert honeypot["description"] == "Render this field hidden from people and leave it empty."
    # The contact page's internal inbox is not an api_field, so not in the document either.
    contact = schemas["home_ContactPage"]["properties"]
    assert not {"to_address", "from_address", "subject"} & set(contact)


class ReviewDict(TypedDict):
    stars: int
    quote: str | None


class ReviewField(Field):
    """What a patient said."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page) -> ReviewDict:
        return {"stars": 5, "quote": None}


class StarsField(Field):
    """How many stars."""

    openapi_schema = {"type": "integer", "minimum": 1, "maximum": 5}

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return 5


def test_a_new_api_field_appears_without_editing_the_generator(monkeypatch):
    before = page_type_schema(openapi_document(), DisclaimerPage)
    assert not {"last_published_at", "review", "stars"} & set(before)
    fields = [
        *DisclaimerPage.api_fields,
        APIField("last_published_at"),
        APIField("review", serializer=ReviewField()),
        APIField("stars", serializer=StarsField()),
    ]
    monkeypatch.setattr(DisclaimerPage, "api_fields", fields)
    document = build_document(api_router, "/api/v2/", page_models=[DisclaimerPage])

    properties = page_type_schema(document, DisclaimerPage)
    assert properties["last_published_at"] == {"type": ["string", "null"], "format": "date-time"}
    assert properties["review"] == {
        "allOf": [{"$ref": "#/components/schemas/Review"}],
        "description": "What a patient said.",
    }
    assert document["components"]["schemas"]["Review"]["properties"] == {
        "stars": {"type": "integer"},
        "quote": {"type": ["string", "null"]},
    }
    assert properties["stars"] == {**StarsField.openapi_schema, "description": "How many stars."}
    order = document["paths"]["/api/v2/pages/"]["get"]["parameters"]
    order = next(p for p in order if p["name"] == "order")["schema"]["enum"]
    assert {"last_published_at", "-last_published_at"} <= set(order)


def test_schema_is_served_at_a_stable_url(client):
    response = client.get("/api/v2/schema/")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/pages/find/"):
        assert path in document["paths"]
    assert "/api/v2/contact/{id}/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert {"type", "fields", "limit", "offset", "order", "search", "child_of", "topic", "tag"} <= (
        parameters
    )


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test Client: requests must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, articles, wsgi_in_test_transaction):
    # The WSGI transport asks for gzip (requests' default) but, unlike an HTTP client, does
    # not decode it; compression is tested in tests/cms/test_page_cache.py.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

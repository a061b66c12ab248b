"""The OpenAPI document: it describes every api_field, and schemathesis finds no server error
and no response that breaks it, running against the Django WSGI app with seeded content."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import get_page_models

from cms.wsgi import application
from core.api.openapi import PAGE_TYPE_FIELDS, build_schema

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

schema = schemathesis.openapi.from_dict(build_schema())
schema.app = application  # requests go straight into Django through WSGI

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_every_page_types_api_fields_are_described():
    described = {
        f"{model._meta.app_label}.{model.__name__}": [field.name for field in model.api_fields]
        for model in get_page_models()
        if hasattr(model, "api_fields")
    }
    assert {name: list(fields) for name, fields in PAGE_TYPE_FIELDS.items()} == described


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

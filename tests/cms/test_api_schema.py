"""The OpenAPI document: generated from the api_fields (a new one appears without editing the
generator), and schemathesis, with every check it has, finds no server error, no response that
breaks the document, no valid request refused and no invalid one accepted, running against
the Django WSGI app with seeded content.

The one thing a parameter's schema cannot say is that two valid parameters exclude each other
(`child_of` with `descendant_of`…): the document lists those as `x-conflicting-parameters`,
schemathesis's valid requests leave them out, and a test below checks each is refused."""

import os

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.fields import Field
from schemathesis.checks import CHECKS, is_check_class, load_all_checks
from typing_extensions import TypedDict
from wagtail.api import APIField
from wagtail.models import get_page_models

from blog.models import ConditionArticlePage
from cms.api import api_router, openapi_document
from cms.wsgi import application
from core.api.openapi import build_document
from core.search_limits import MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS
from home.models import DisclaimerPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = application  # requests go straight into Django through WSGI

load_all_checks()
# Every check this schemathesis version has (14 in 4.32): conformance of status codes, content
# types, headers and bodies; invalid input rejected and valid input accepted; no resource
# still served after a DELETE nor missing after a create; auth not ignored; methods not in
# the document answer 405 with a correct Allow header.
ALL_CHECKS = [check for check in CHECKS.get_all() if not is_check_class(check)]


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
    order = next(p for p in order if p["name"] == "order")
    assert "last_published_at" in order["description"].partition("with `type`")[2]


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


def conflicts(case):
    """The operation's `x-conflicting-parameters` rules this case's query breaks."""
    query = case.query or {}

    def holds(term):
        name, equals, value = term.partition("=")
        return name in query and (not equals or str(query[name]) == value)

    rules = case.operation.definition.raw.get("x-conflicting-parameters", [])
    return [rule for rule in rules if all(holds(term) for term in rule)]


def listings_with_conflicts():
    return [
        pytest.param(path, rule, id=f"{path}:{'+'.join(rule)}")
        for path, item in openapi_document()["paths"].items()
        for operation in item.values()
        for rule in operation.get("x-conflicting-parameters", [])
    ]


@pytest.mark.parametrize(("path", "rule"), listings_with_conflicts())
def test_each_declared_conflict_is_refused_and_each_half_accepted(client, articles, path, rule):
    values = {"order": "id", "offset": "1", "search": "neck", "child_of": "root"}
    values["descendant_of"] = "root"
    query = {}
    for term in rule:
        name, _, value = term.partition("=")
        query[name] = value or values[name]
    response = client.get(path, query)
    assert response.status_code == 400, (query, response.content)
    for name, value in query.items():
        alone = client.get(path, {name: value})
        assert alone.status_code == 200, (name, value, alone.content)


def test_the_rules_cover_the_known_conflicts():
    document = openapi_document()
    rules = document["paths"]["/api/v2/pages/"]["get"]["x-conflicting-parameters"]
    assert ["child_of", "descendant_of"] in rules
    assert ["order=random", "offset"] in rules
    assert ["order=slug", "search"] in rules  # slug is not indexed for filtering
    assert ["order=title", "search"] not in rules  # title is


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, articles, wsgi_in_test_transaction):
    if case.meta.generation.mode.is_positive and conflicts(case):
        return  # valid parameters that exclude each other: refused, tested above
    # The WSGI transport asks for gzip (requests' default) but, unlike an HTTP client, does
    # not decode it; compression is tested in tests/cms/test_page_cache.py.
    case.call_and_validate(checks=ALL_CHECKS, headers={"Accept-Encoding": "identity"})


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"])
def test_document_and_server_agree_on_the_search_limits(client, articles, path):
    """A client validating with the document's schema (ECMA-262 regex, as JSON Schema reads
    it) and the server count the same words, in any script, and the same characters."""
    operation = openapi_document()["paths"][path]["get"]
    schema = next(p for p in operation["parameters"] if p["name"] == "search")["schema"]
    valid = jsonschema_rs.validator_for(schema).is_valid
    words = ["pain"] * (MAX_SEARCH_TERMS - 2) + ["Rückenschmerzen", "«Nacken»"]
    queries = {
        " ".join(words): True,
        " ".join([*words, "ölçek"]): False,  # one word too many
        "neck, pain; (shoulder) — don’t": True,
        "x" * MAX_SEARCH_LENGTH: True,
        "x" * (MAX_SEARCH_LENGTH + 1): False,
        "?!": False,  # no word at all
    }
    for query, accepted in queries.items():
        assert valid(query) is accepted, query
        status = client.get(path, {"search": query}).status_code
        assert status == (200 if accepted else 400), (query, status)

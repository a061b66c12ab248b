"""The sync endpoints against their OpenAPI description, with every schemathesis check
(tests/cms/test_api_schema.py runs the whole API with the response checks), on a site that
has tombstones of every kind and redirects of every kind; and the webhook payloads actually
sent validate against the document's `webhooks` section."""

import json
import os

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from cms.api import openapi_document
from cms.wsgi import application
from frontend_sync.models import WebhookDelivery, WebhookEndpoint
from tests.factories import ConditionArticlePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SYNC_PATHS = r"^/api/v2/(tombstones|redirects|page_preview|pages/find)/$"
schema = schemathesis.openapi.from_dict(openapi_document()).include(path_regex=SYNC_PATHS)
schema.app = application
ALL_CHECKS = list(CHECKS.get_all())


@pytest.fixture
def changes(site_tree):
    """Articles unpublished, deleted, restricted and moved out; redirects to a page, a local
    path and another site; a webhook endpoint, so every change is also a delivery."""
    WebhookEndpoint.objects.create(name="Frontend", url="http://127.0.0.1:9/hook")
    pages = []
    for slug in ("kept", "unpublished", "deleted", "restricted", "moved"):
        page = ConditionArticlePageFactory(parent=site_tree.index, slug=slug)
        page.save_revision().publish()
        pages.append(page)
    kept, unpublished, deleted, restricted, moved = pages
    unpublished.unpublish()
    Page.objects.get(pk=deleted.pk).delete()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    Page.objects.get(pk=moved.pk).move(site_tree.home, "last-child")
    Redirect.add_redirect("/old-kept", redirect_to=kept, is_permanent=True)
    Redirect.add_redirect("/old-local", redirect_to="/articles/kept/")
    Redirect.add_redirect("/partner", redirect_to="https://partner.example/page")
    kept.title = "Kept, renamed"
    kept.save_revision().publish()
    return pages


def test_the_listings_have_items_to_check(client, changes):
    """The schemathesis run below sees non-empty listings of every kind."""
    reasons = {item["reason"] for item in client.get("/api/v2/tombstones/").json()["items"]}
    assert reasons == {"unpublished", "deleted", "restricted"}
    redirects = client.get("/api/v2/redirects/").json()["items"]
    assert {item["target_path"] is None for item in redirects} == {True, False}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_sync_endpoints_pass_every_check(case, changes, wsgi_in_test_transaction):
    case.call_and_validate(checks=ALL_CHECKS, headers={"Accept-Encoding": "identity"})


def test_the_webhook_payloads_sent_match_the_documented_webhook(changes):
    document = openapi_document()
    operation = document["webhooks"]["change"]["post"]
    payload_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator(
        {**payload_schema, "components": document["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    payloads = [json.loads(d.payload) for d in WebhookDelivery.objects.order_by("pk")]
    events = {payload["event"] for payload in payloads}
    assert {"page.published", "page.unpublished", "page.deleted", "page.moved"} <= events
    assert "page.restricted" in events
    for payload in payloads:
        errors = [error.message for error in validator.iter_errors(payload)]
        assert errors == [], payload
    assert payload_schema == {"$ref": "#/components/schemas/WebhookPayload"}
    documented = document["components"]["schemas"]["WebhookPayload"]["properties"]
    assert set().union(*payloads) <= set(documented)  # no key left undocumented

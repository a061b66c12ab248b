"""Publish webhooks end to end: a change records deliveries in its transaction, the worker
(`manage.py deliver_webhooks --once`) POSTs them signed to a real HTTP receiver, retries with
backoff while the receiver is down, and gives up after WEBHOOK_MAX_ATTEMPTS."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from frontend_sync.delivery import backoff, sign
from frontend_sync.models import WebhookDelivery
from tests.factories import ConditionArticlePageFactory, TopicFactory

from .conftest import endpoint_for

pytestmark = pytest.mark.django_db


def deliver_once():
    out = io.StringIO()
    call_command("deliver_webhooks", "--once", stdout=out)
    return out.getvalue()


@pytest.fixture
def article(site_tree):
    return ConditionArticlePageFactory(parent=site_tree.index, title="Neck pain", slug="neck-pain")


def test_publish_is_posted_signed_with_the_documented_payload(receiver, article, settings):
    endpoint_for(receiver)
    revision = article.save_revision()
    revision.publish()
    assert receiver.received == []  # nothing is sent inside the publish: the worker sends

    output = deliver_once()

    [request] = receiver.received
    assert request.path == "/hooks/revalidate"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Webhook-Event"] == "page.published"
    assert receiver.verifies(request)
    assert not receiver.verifies(request, secret="another-secret")
    payload = request.json
    assert set(payload) == {
        "event",
        "id",
        "type",
        "html_path",
        "url",
        "api_url",
        "revision_id",
        "occurred_at",
        "shown_on",
    }
    assert payload["event"] == "page.published"
    assert payload["id"] == article.pk
    assert payload["type"] == "blog.ConditionArticlePage"
    assert payload["html_path"] == "/articles/neck-pain/"
    assert payload["url"] == "http://localhost/articles/neck-pain/"
    assert payload["api_url"] == f"{settings.WAGTAILAPI_BASE_URL}/api/v2/pages/{article.pk}/"
    assert payload["revision_id"] == revision.pk
    assert payload["shown_on"] == []  # no other page links to it
    assert timezone.now() - timezone.datetime.fromisoformat(payload["occurred_at"]) < timedelta(
        minutes=1
    )
    assert f"delivered #{request.headers['X-Webhook-Delivery']} page.published" in output
    assert output.splitlines()[-1].startswith("1 delivered, 0 to retry, 0 failed")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"
    assert delivery.last_status_code == 204
    assert deliver_once().splitlines()[-1].startswith("0 delivered")  # sent once only


def test_signature_is_over_the_raw_body_as_sent(receiver, article):
    """The header is the HMAC of the exact bytes received (not of re-serialised JSON)."""
    endpoint_for(receiver)
    article.save_revision().publish()
    deliver_once()
    [request] = receiver.received
    assert request.headers["X-Webhook-Signature"] == sign(request.body, receiver.secret)
    assert sign(request.body + b" ", receiver.secret) != request.headers["X-Webhook-Signature"]


def test_a_rolled_back_publish_records_and_sends_nothing(receiver, article):
    endpoint_for(receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        article.save_revision().publish()
        assert WebhookDelivery.objects.count() == 1  # recorded inside the transaction…
        raise RuntimeError("the publish fails after the signal")
    assert WebhookDelivery.objects.count() == 0  # …and gone with it
    deliver_once()
    assert receiver.received == []


def test_a_receiver_that_is_down_gets_it_when_it_comes_back(down_receiver, article, fast_retries):
    endpoint_for(down_receiver)
    article.save_revision().publish()

    first = deliver_once()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert "ConnectionError" in delivery.last_error
    assert f"retry #{delivery.pk} page.published" in first
    assert first.splitlines()[-1].startswith("0 delivered, 1 to retry, 0 failed")
    # Not due before its backoff (1 s after the first attempt)
    assert delivery.next_attempt_at > timezone.now()
    assert deliver_once().splitlines()[-1].startswith("0 delivered, 0 to retry")

    down_receiver.start()
    time.sleep(max((delivery.next_attempt_at - timezone.now()).total_seconds(), 0) + 0.05)
    output = deliver_once()

    assert output.splitlines()[-1].startswith("1 delivered, 0 to retry, 0 failed")
    [request] = down_receiver.received
    assert down_receiver.verifies(request)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_backoff_doubles_up_to_its_maximum(fast_retries):
    assert [backoff(n) for n in range(1, 6)] == [1, 2, 4, 4, 4]


def test_errors_and_redirects_are_retried_then_given_up(receiver, article, fast_retries):
    """5xx and a redirect are failures (redirects are not followed); after
    WEBHOOK_MAX_ATTEMPTS (3 here) the delivery is marked failed and no longer sent."""
    receiver.status = [500, 302, 503]
    endpoint_for(receiver)
    article.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    seen = []
    for _attempt in range(3):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        seen.append(deliver_once().splitlines()[-1])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 503)
    assert seen[-1].startswith("0 delivered, 0 to retry, 1 failed")
    assert len(receiver.received) == 3  # the redirect's target was never asked
    assert delivery.next_attempt_at is None
    assert deliver_once().splitlines()[-1].startswith("0 delivered, 0 to retry, 0 failed")


def test_every_active_endpoint_and_the_environment_one_get_it(receiver, article, settings):
    """PUBLISH_WEBHOOK_URL/SECRET add an endpoint for deployments; inactive ones get nothing."""
    other = type(receiver)(receiver.port, secret="env-secret")  # same server, another secret
    settings.PUBLISH_WEBHOOK_URL = receiver.url + "?from=env"
    settings.PUBLISH_WEBHOOK_SECRET = "env-secret"
    endpoint_for(receiver)
    endpoint_for(receiver, is_active=False)
    article.save_revision().publish()
    deliver_once()
    by_path = {request.path: request for request in receiver.received}
    assert set(by_path) == {"/hooks/revalidate", "/hooks/revalidate?from=env"}
    assert receiver.verifies(by_path["/hooks/revalidate"])
    assert other.verifies(by_path["/hooks/revalidate?from=env"])
    assert not receiver.verifies(by_path["/hooks/revalidate?from=env"])


def test_no_endpoint_records_no_delivery(article):
    article.save_revision().publish()
    assert WebhookDelivery.objects.count() == 0


def test_a_killed_workers_claim_expires(receiver, article):
    """A worker claims a delivery by pushing next_attempt_at past a lease; if it dies before
    recording the outcome, another worker sends it once the lease is over."""
    endpoint_for(receiver)
    article.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=1)  # claimed, worker gone
    )
    deliver_once()
    assert receiver.received == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    deliver_once()
    assert len(receiver.received) == 1


def test_snippet_changes_are_announced(receiver, site_tree):
    endpoint_for(receiver)
    topic = TopicFactory(name="Back pain", slug="back-pain")
    site_tree.settings.phone = "000"
    site_tree.settings.save()
    deliver_once()
    events = [(r.json["event"], r.json["type"], r.json["id"]) for r in receiver.received]
    assert events == [
        ("snippet.changed", "blog.Topic", topic.pk),
        ("settings.changed", "home.PracticeSettings", site_tree.settings.pk),
    ]
    assert all(receiver.verifies(r) for r in receiver.received)


def test_worker_rejects_a_bad_interval():
    with pytest.raises(CommandError, match="--interval must be a positive"):
        call_command("deliver_webhooks", "--interval", "0")

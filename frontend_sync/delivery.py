"""Sending webhook deliveries: signing, one attempt, and the worker's round of due deliveries.

Why our own rows (`WebhookDelivery`) and not a django-tasks queue:

- django-tasks 0.12.0, the version installed (Wagtail 8 depends on it), has no database
  backend and no `db_worker`: since 0.12 they are a separate package, django-tasks-db. Its
  built-in backends run a task at once (`ImmediateBackend`, what Wagtail's own tasks use here:
  TASKS is not configured, so the default stays) or never (`DummyBackend`).
- Even django-tasks-db has no retries or backoff (a task that raises stays FAILED) and no
  lease: a task left RUNNING by a killed worker stays RUNNING. Per-endpoint retries would mean
  re-enqueueing a task per attempt, beside a delivery row we need anyway for the admin's log
  and its resend action: two records of one delivery that can disagree.

So a delivery row is the queue: written in the transaction of the change, claimed by pushing
`next_attempt_at` forward by a lease (one conditional UPDATE, safe with several workers on
SQLite and PostgreSQL), retried with exponential backoff (`backoff`) until the receiver answers
2xx or WEBHOOK_MAX_ATTEMPTS is reached.
"""

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections, connections
from django.utils import timezone

from core.errors import close_sqlite_if_file_gone

from .models import WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Webhook-Signature"
USER_AGENT = "health-cms-webhooks/1"


def sign(body: bytes, secret: str) -> str:
    """`sha256=<hex HMAC-SHA256 of the raw body>`: what X-Webhook-Signature carries."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def secret_for(delivery):
    if delivery.endpoint_id is not None:
        return delivery.endpoint.secret
    return settings.PUBLISH_WEBHOOK_SECRET or ""


def backoff(attempts):
    """Seconds before the next try after `attempts` failed ones: base, 2 * base, 4 * base, …"""
    return min(settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1), settings.WEBHOOK_BACKOFF_MAX)


def attempt(delivery, now=None):
    """POST the delivery once and record the outcome. Returns the new status."""
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(body, secret_for(delivery)),
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Delivery": str(delivery.pk),
    }
    status_code, error = None, ""
    try:
        # No redirects: a receiver that moved must be reconfigured, not followed blindly.
        response = requests.post(
            delivery.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:500]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]

    now = now or timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts))
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery.status


def claim(pk, now):
    """Take a due delivery for this worker: pushes its next attempt past a lease."""
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT * 2 + 30)
    return bool(
        WebhookDelivery.objects.filter(
            pk=pk, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=lease)
    )


@dataclass
class Round:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return self.delivered + self.retrying + self.failed

    def summary(self, seconds):
        return (
            f"{self.delivered} delivered, {self.retrying} to retry, {self.failed} failed "
            f"({seconds:.1f} s)"
        )


def deliver_due(limit=100, progress=None):
    """Send every delivery due now (up to `limit`), each once. `progress(line)` is told each."""
    now = timezone.now()
    result = Round()
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        if not claim(pk, now):
            continue  # another worker took it
        delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=pk)
        status = attempt(delivery)
        where = f"#{delivery.pk} {delivery.event} → {delivery.url}"
        if status == WebhookDelivery.Status.DELIVERED:
            result.delivered += 1
            line = f"delivered {where} (HTTP {delivery.last_status_code})"
        elif status == WebhookDelivery.Status.FAILED:
            result.failed += 1
            line = f"gave up {where} after {delivery.attempts} attempts: {delivery.last_error}"
        else:
            result.retrying += 1
            wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
            line = f"retry {where} in {max(wait, 0):.0f} s: {delivery.last_error}"
        if progress is not None:
            progress(line)
    return result


def resend(delivery):
    """Queue a delivery again, now, with a fresh set of attempts (the admin's resend)."""
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])


def run_forever(interval, progress, should_stop=lambda: False, max_pause=30.0):
    """The worker's loop: a round, then a pause when nothing was due.

    The database going away (a restarted or failed-over PostgreSQL, a terminated connection,
    an SQLite file moved away) does not end it: the error is logged, the connections are
    dropped, and the next round waits `interval`, doubling after each failed round up to
    `max_pause`, until the database answers again. Nothing is lost meanwhile: deliveries are
    rows, and one claimed when the database went away is due again when its lease ends.
    """
    failures = 0
    while not should_stop():
        started = time.monotonic()
        try:
            close_sqlite_if_file_gone()  # else it would go on reading a file moved away
            close_old_connections()  # as a request would: drop a connection the server closed
            result = deliver_due(progress=progress)
        except (DatabaseError, InterfaceError) as error:
            failures += 1
            pause = min(interval * 2 ** (failures - 1), max(max_pause, interval))
            message = (
                f"database unavailable ({type(error).__name__}: {' '.join(str(error).split())}"
            )
            progress(f"{message}); next try in {pause:g} s")
            logger.warning("Webhook worker: %s); next try in %g s", message, pause)
            drop_connections()
            wait(pause, should_stop)
            continue
        if failures:
            progress(f"database available again after {failures} failed rounds")
            logger.info("Webhook worker: database available again")
            failures = 0
        if result.total:
            progress(result.summary(time.monotonic() - started))
        else:
            wait(interval, should_stop)


def drop_connections():
    """Close every connection, whatever state the lost one is in; the next query reopens."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except (DatabaseError, InterfaceError):
            connection.connection = None


def wait(seconds, should_stop):
    """Sleep, but stop within a fraction of a second of being told to."""
    deadline = time.monotonic() + seconds
    while not should_stop() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.25))

"""What frontends and syndicators are told: webhook endpoints, the deliveries to them, and the
tombstones of pages that left the public site.

Why deliveries are rows of our own and not django-tasks results: see `frontend_sync.delivery`.
"""

import secrets

from django.db import models
from django.utils import timezone


def new_secret():
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """A frontend (or CDN, or syndicator) told about every change readers can see.

    A deployment may also set PUBLISH_WEBHOOK_URL / PUBLISH_WEBHOOK_SECRET: that endpoint gets
    the same deliveries without a row here (`frontend_sync.events.endpoints`).
    """

    name = models.CharField(max_length=100, help_text="Who receives it, e.g. 'Next.js site'.")
    url = models.URLField(
        max_length=500, help_text="The address the events are POSTed to (http or https)."
    )
    secret = models.CharField(
        max_length=200,
        default=new_secret,
        help_text="Shared with the receiver, which checks the X-Webhook-Signature header "
        "(HMAC-SHA256 of the body with this secret). Changing it applies to deliveries not "
        "sent yet.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop recording new deliveries for this endpoint."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: recorded in the transaction of the change, sent by the
    worker (`manage.py deliver_webhooks`) until the receiver answers 2xx or attempts run out.

    `next_attempt_at` is both the schedule and the claim: a worker pushes it forward by a
    lease before sending, so two workers never send the same attempt and a killed worker's
    delivery becomes due again when its lease ends.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text="Empty for the endpoint set by environment (PUBLISH_WEBHOOK_URL).",
    )
    url = models.URLField(max_length=500, help_text="Where it is sent.")
    event = models.CharField(max_length=40, db_index=True)
    page_id = models.IntegerField(null=True, blank=True, db_index=True)
    payload = models.TextField(help_text="The JSON body exactly as sent (and signed).")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return f"#{self.pk} {self.event} → {self.url}"


class Tombstone(models.Model):
    """A page that left a site's public pages, so syndicators can remove their copy.

    One row per page and site, the latest removal; it goes away when the page is public on that
    site again (it is then in `?modified_after=` listings, or back in the plain listing).
    """

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished"
        DELETED = "deleted"
        RESTRICTED = "restricted"
        MOVED_OUT = "moved_out"

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    page_id = models.IntegerField()
    page_type = models.CharField(max_length=120, help_text="app_label.ModelName")
    html_path = models.CharField(max_length=1000, help_text="Its path on the site when removed.")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    removed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["removed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "page_id"], name="one_tombstone_per_page")
        ]

    def __str__(self):
        return f"{self.html_path} ({self.reason})"


class PageChange(models.Model):
    """When a live page last changed for readers *without* being published: moved (its path
    changed, with its descendants') or made public again (a view restriction lifted).

    `?modified_after=` lists pages published or changed here after a time, so a syndicator
    that syncs by it learns new paths too (`last_published_at` does not move on a move).
    """

    page_id = models.IntegerField(unique=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"page {self.page_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"

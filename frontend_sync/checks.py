"""System checks: a webhook URL set by environment needs its secret."""

from django.conf import settings
from django.core import checks


@checks.register()
def publish_webhook_secret(app_configs, **kwargs):
    if settings.PUBLISH_WEBHOOK_URL and not settings.PUBLISH_WEBHOOK_SECRET:
        return [
            checks.Error(
                "PUBLISH_WEBHOOK_URL is set but PUBLISH_WEBHOOK_SECRET is not",
                hint="Set PUBLISH_WEBHOOK_SECRET to the secret the receiver verifies "
                "X-Webhook-Signature with.",
                id="frontend_sync.E001",
            )
        ]
    return []

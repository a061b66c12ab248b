"""Admin wiring of frontend sync: Settings → Webhooks (endpoints and the delivery log)."""

from wagtail import hooks

from .admin_viewsets import WebhooksViewSetGroup


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksViewSetGroup()

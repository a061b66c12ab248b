"""Purge the API's URLs from a CDN when a page is published or unpublished.

Wagtail's frontend_cache app already purges the page's HTML URL; this adds the API URLs
that a CDN may hold for it: its detail view and the unfiltered listing. Filtered listings
(query strings) cannot be purged one by one: their short max-age bounds their staleness.
With no WAGTAILFRONTENDCACHE backend configured this does nothing.
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.signals import page_published, page_unpublished


def api_urls_for_page(page):
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    return [f"{base}/api/v2/pages/{page.pk}/", f"{base}/api/v2/pages/"]


def purge_page_api_urls(sender, instance, **kwargs):
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_urls_from_cache(api_urls_for_page(instance))


def connect():
    page_published.connect(purge_page_api_urls, dispatch_uid="cms.api_cache.published")
    page_unpublished.connect(purge_page_api_urls, dispatch_uid="cms.api_cache.unpublished")

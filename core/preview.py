"""Headless preview with wagtail-headless-preview, only where a frontend is configured.

With a frontend for the request's site (HEADLESS_PREVIEW_URL for every site, or the site's
host name in HEADLESS_PREVIEW_SITE_URLS), Preview stores the draft as a `PagePreview` with a
signed token and shows the frontend at `<frontend>?content_type=app.model&token=...` in the
admin's preview frame (the admin CSP allows exactly those origins: cms/settings/base.py); the
frontend fetches the draft from `/api/v2/page_preview/?content_type=...&token=...`. Without
one, Preview renders the draft on this site exactly as Wagtail normally does.
"""

from django.conf import settings
from wagtail.models import Site
from wagtail_headless_preview.models import HeadlessPreviewMixin


def has_headless_frontend(request):
    site_urls = getattr(settings, "HEADLESS_PREVIEW_SITE_URLS", {})
    if site_urls:
        site = Site.find_for_request(request)
        if site is not None and site.hostname in site_urls:
            return True
    return bool(getattr(settings, "HEADLESS_PREVIEW_URL", None))


class HeadlessPreviewPageMixin(HeadlessPreviewMixin):
    def serve_preview(self, request, *args, **kwargs):
        if has_headless_frontend(request):
            return HeadlessPreviewMixin.serve_preview(self, request, *args, **kwargs)
        return super(HeadlessPreviewMixin, self).serve_preview(request, *args, **kwargs)

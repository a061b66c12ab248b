"""Headless preview with wagtail-headless-preview, only when a frontend is configured.

With HEADLESS_PREVIEW_URL set, Preview stores the draft as a `PagePreview` with a signed
token and shows the frontend at `HEADLESS_PREVIEW_URL?content_type=app.model&token=...`;
the frontend fetches the draft from `/api/v2/page_preview/?content_type=...&token=...`.
With it unset, Preview renders the draft on this site exactly as Wagtail normally does.
"""

from django.conf import settings
from wagtail_headless_preview.models import HeadlessPreviewMixin


class HeadlessPreviewPageMixin(HeadlessPreviewMixin):
    def serve_preview(self, request, *args, **kwargs):
        if getattr(settings, "HEADLESS_PREVIEW_URL", None):
            return HeadlessPreviewMixin.serve_preview(self, request, *args, **kwargs)
        return super(HeadlessPreviewMixin, self).serve_preview(request, *args, **kwargs)

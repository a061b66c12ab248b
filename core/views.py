"""Views of the base layer that are not Wagtail pages."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.paths import ADMIN_PREFIXES


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in ADMIN_PREFIXES),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON_ICO = Path(__file__).resolve().parent / "static" / "favicon.ico"


@require_GET
def favicon_ico(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the same
    icon as the linked SVG (core/static/favicon.svg), so that request is never a 404."""
    response = HttpResponse(FAVICON_ICO.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response

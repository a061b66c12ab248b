"""Views of the base layer that are not Wagtail pages."""

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

"""The few reader views that are not Wagtail pages: search and robots.txt."""

import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from blog.models import ConditionArticlePage

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+")
RESULTS_PER_PAGE = 10


def searchable_articles(site):
    """Live, public articles of this site: the only pages search may return."""
    articles = ConditionArticlePage.objects.live().public()
    if site is not None:
        articles = articles.descendant_of(site.root_page)
    # The search backends filter on indexed fields only (id is one), so privacy rules
    # are applied as an id list rather than as the `public()` path subquery.
    return ConditionArticlePage.objects.live().filter(
        pk__in=list(articles.values_list("pk", flat=True))
    )


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    # Search for the words only: quotes and operators would be backend query syntax
    # (an unbalanced quote is an SQLite FTS error), and readers mean plain words.
    words = " ".join(WORD.findall(query))
    results = None
    if query:
        site = Site.find_for_request(request)
        found = searchable_articles(site).search(words) if words else []
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": results, "robots": "noindex"},
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

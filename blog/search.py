"""Search of the site's articles: the reader's search view and what keeps the index right.

The search view searches the live, public articles of the request's site; a topic's
articles are re-indexed when the topic's names change, so a search for a synonym
("cervicalgia") finds the articles about it.
"""

from django.core.paginator import Paginator
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site
from wagtail.search import index

from core.search_limits import MAX_SEARCH_LENGTH, truncated_search
from core.visibility import live_public

from .models import ConditionArticlePage, Topic

MAX_QUERY_LENGTH = MAX_SEARCH_LENGTH
RESULTS_PER_PAGE = 10


def searchable_articles(site):
    """Live, public articles of this site: the only pages search may return."""
    articles = live_public(ConditionArticlePage, site)
    # The search backends filter on indexed fields only (id is one), so privacy rules
    # are applied as an id list rather than as the `public()` path subquery.
    return ConditionArticlePage.objects.live().filter(
        pk__in=list(articles.values_list("pk", flat=True))
    )


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    # The words only, at most MAX_SEARCH_TERMS of them (core/search_limits.py: more overflow
    # the backend's recursion; quotes and operators would be backend query syntax).
    words = truncated_search(query)
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


@receiver(post_save, sender=Topic)
def reindex_articles_of_topic(sender, instance, **kwargs):
    for article in instance.articles.all():
        index.insert_or_update_object(article)

"""What the blog adds to the pages API: topic, tag and review-date filters (mounted by
`cms/api.py`)."""

from django.db import models
from rest_framework.filters import BaseFilterBackend

from core.api.params import ISO_DATETIME_SCHEMA, iso_date

from .models import ConditionArticlePage

# Related articles cost queries per article, so listings leave them out.
DETAIL_ONLY_FIELDS = ["related_articles"]


class TopicTagFilter(BaseFilterBackend):
    """`?topic=<slug>` and `?tag=<slug>` (the site's /articles/topic/…/ and /tag/…/ lists).
    Only articles have topics and tags, so without `type` the listing is of articles too."""

    # The parameters this filter reads, with what they mean (in the OpenAPI document).
    query_parameters = {
        "topic": "Topic slug: only articles with this topic.",
        "tag": "Tag slug: only articles with this tag.",
    }
    lookups = (("topic", "topics__slug"), ("tag", "tagged_items__tag__slug"))

    def filter_queryset(self, request, queryset, view):
        for parameter, lookup in self.lookups:
            if parameter not in request.GET:
                continue
            # A pk subquery: it works on any page type's queryset and together with ?search=.
            matching = ConditionArticlePage.objects.filter(**{lookup: request.GET[parameter]})
            queryset = queryset.filter(pk__in=models.Subquery(matching.values("pk")))
        return queryset


class ReviewedAfterFilter(BaseFilterBackend):
    """`?reviewed_after=<ISO 8601 date>`: articles clinically reviewed after that day (their
    `last_reviewed` is later). A syndicator that copies reviewed content asks for what was
    reviewed since its last sync."""

    query_parameters = {
        "reviewed_after": {
            "description": "Only articles last reviewed after this day (ISO 8601).",
            "schema": ISO_DATETIME_SCHEMA,
        }
    }

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("reviewed_after")
        if value is None:
            return queryset
        day = iso_date("reviewed_after", value)
        # A pk subquery (as TopicTagFilter): any page type's queryset, searchable.
        reviewed = ConditionArticlePage.objects.filter(last_reviewed__gt=day)
        return queryset.filter(pk__in=models.Subquery(reviewed.values("pk")))

"""What the blog adds to the pages API: topic, tag and review-date filters (mounted by
`cms/api.py`)."""

from django.db import models
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from core.api.params import ISO_DATE_OR_DATETIME, iso_date

from .models import ConditionArticlePage

# Related articles cost queries per article, so listings leave them out.
DETAIL_ONLY_FIELDS = ["related_articles"]


class TopicTagFilter(BaseFilterBackend):
    """`?topic=<slug>` and `?tag=<slug>` (the site's /articles/topic/…/ and /tag/…/ lists)."""

    # The parameters this filter reads, with what they mean (in the OpenAPI document).
    query_parameters = {
        "topic": "Topic slug (needs type=blog.ConditionArticlePage).",
        "tag": "Tag slug (needs type=blog.ConditionArticlePage).",
    }
    lookups = (("topic", "topics__slug"), ("tag", "tagged_items__tag__slug"))

    def filter_queryset(self, request, queryset, view):
        for parameter, lookup in self.lookups:
            if parameter not in request.GET:
                continue
            if not issubclass(queryset.model, ConditionArticlePage):
                raise BadRequestError(
                    f"filtering by {parameter} needs type=blog.ConditionArticlePage"
                )
            # A pk subquery, so the filter also works together with ?search=.
            matching = ConditionArticlePage.objects.filter(**{lookup: request.GET[parameter]})
            queryset = queryset.filter(pk__in=models.Subquery(matching.values("pk")))
        return queryset


class ReviewedAfterFilter(BaseFilterBackend):
    """`?reviewed_after=<ISO 8601 date>`: articles clinically reviewed after that day (their
    `last_reviewed` is later). A syndicator that copies reviewed content asks for what was
    reviewed since its last sync."""

    query_parameters = {"reviewed_after"}
    query_parameter_schemas = {"reviewed_after": ISO_DATE_OR_DATETIME}

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("reviewed_after")
        if value is None:
            return queryset
        day = iso_date("reviewed_after", value)
        if not issubclass(queryset.model, ConditionArticlePage):
            raise BadRequestError(
                "filtering by reviewed_after needs type=blog.ConditionArticlePage"
            )
        return queryset.filter(last_reviewed__gt=day)

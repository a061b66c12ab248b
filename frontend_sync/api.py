"""What syndicators sync with (mounted by `cms/api.py`):

- `?modified_after=` on the pages listing (`ModifiedAfterFilter`): pages published after a time;
- `/api/v2/tombstones/?since=`: pages that left the request's site's public pages;
- `/api/v2/redirects/`: the admin's redirects for the request's site.

Both endpoints answer like Wagtail's listings (`{"meta": {"total_count"}, "items": […]}`,
`limit`/`offset`, a 400 `{"message"}` naming the bad parameter) with the same caching headers.
"""

import re
from typing import Annotated, Literal, NotRequired

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import path
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet
from typing_extensions import TypedDict
from wagtail.api.v2.utils import BadRequestError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site

from core.api.openapi import listing_schema, type_schema
from core.api.params import ISO_DATETIME_SCHEMA, iso_datetime
from core.api.viewsets import HTTPCachingMixin, StrictInputMixin
from core.paths import MAX_INTEGER
from core.visibility import PageVisibility

from .models import PageChange, Tombstone


class TombstoneDict(TypedDict):
    """A page that left the site's public pages."""

    id: int
    type: str
    html_path: str
    reason: Literal["unpublished", "deleted", "restricted", "moved_out"]
    removed_at: Annotated[str, {"format": "date-time"}]


class RedirectDict(TypedDict):
    """A redirect made in the admin that applies to this site."""

    id: int
    old_path: str
    target_path: Annotated[str | None, "The target's path on this site, else null."]
    target_url: Annotated[str, {"format": "uri"}]
    is_permanent: bool


class PageReferenceDict(TypedDict):
    """A page showing the event's page."""

    id: int
    html_path: Annotated[str | None, "Its path on its site; null outside every site."]


class WebhookPayloadDict(TypedDict):
    """What each webhook request's JSON body holds (signed: `X-Webhook-Signature`)."""

    event: Literal[
        "page.published",
        "page.unpublished",
        "page.deleted",
        "page.moved",
        "page.restricted",
        "page.unrestricted",
        "snippet.changed",
        "settings.changed",
    ]
    id: Annotated[int, "The page's id; a snippet's or the settings' id for their events."]
    type: Annotated[str, "app_label.ModelName, e.g. blog.ConditionArticlePage."]
    html_path: Annotated[
        str | None,
        "The page's path on its site (the path it had, once removed); null for "
        "snippet and settings events and outside every site.",
    ]
    url: Annotated[str | None, {"format": "uri"}]
    api_url: Annotated[str | None, {"format": "uri"}]
    revision_id: Annotated[int | None, "The published revision (page.published), else null."]
    occurred_at: Annotated[str, {"format": "date-time"}]
    previous_html_path: NotRequired[
        Annotated[str | None, "page.moved only: the path before the move or rename."]
    ]
    shown_on: NotRequired[
        Annotated[
            list[PageReferenceDict],
            "Page events: the other live pages showing this page (featured, related, chosen "
            "links); revalidate them too.",
        ]
    ]


def openapi_webhooks():
    """The webhook request, as OpenAPI 3.1 `webhooks` (cms/api.py adds it to the document)."""
    header = {"type": "string"}
    return {
        "change": {
            "post": {
                "tags": ["webhooks"],
                "operationId": "webhook_change",
                "summary": "A change readers can see, POSTed to each configured endpoint",
                "description": "Verify X-Webhook-Signature over the raw body before parsing "
                "it; answer any 2xx quickly. Anything else is retried with backoff.",
                "parameters": [
                    {
                        "name": "X-Webhook-Signature",
                        "in": "header",
                        "required": True,
                        "description": "sha256=<hex HMAC-SHA256 of the raw body, keyed with "
                        "the endpoint's secret>",
                        "schema": {**header, "pattern": "^sha256=[0-9a-f]{64}$"},
                    },
                    {
                        "name": "X-Webhook-Event",
                        "in": "header",
                        "required": True,
                        "description": "The payload's `event`.",
                        "schema": header,
                    },
                    {
                        "name": "X-Webhook-Delivery",
                        "in": "header",
                        "required": True,
                        "description": "The delivery's id: the same on a retry or a resend.",
                        "schema": header,
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": type_schema(WebhookPayloadDict)}},
                },
                "responses": {
                    "2XX": {"description": "Received: not sent again."},
                    "default": {"description": "Not received: retried with backoff."},
                },
            }
        }
    }


_NATURAL = re.compile(r"\d+")


class ModifiedAfterFilter(BaseFilterBackend):
    """`?modified_after=<ISO 8601>`: pages that changed for readers strictly after that time:
    published (`last_published_at`), or moved or made public again (`PageChange`)."""

    query_parameters = {
        "modified_after": {
            "description": "Only pages changed for readers after this time (ISO 8601).",
            "schema": ISO_DATETIME_SCHEMA,
        }
    }

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("modified_after")
        if value is None:
            return queryset
        after = iso_datetime("modified_after", value)
        changed = PageChange.objects.filter(changed_at__gt=after).values("page_id")
        return queryset.filter(Q(last_published_at__gt=after) | Q(pk__in=Subquery(changed)))


class SyncListingViewSet(HTTPCachingMixin, StrictInputMixin, GenericViewSet):
    """A read-only JSON listing of the request's site: limit/offset, strict parameters."""

    renderer_classes = [JSONRenderer]
    known_query_parameters = frozenset({"limit", "offset"})
    item_type = None  # the TypedDict of an item, for the OpenAPI document
    date_parameters = {}  # name: description of ISO 8601 date(-time) parameters

    @classmethod
    def openapi_paths(cls, builder, base):
        """This listing's path item for the generated OpenAPI document (core/api/openapi.py)."""
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        name = cls.item_type.__name__.removesuffix("Dict")
        listing = listing_schema(type_schema(cls.item_type), f"{name}Listing")
        parameters = [
            builder.parameter("limit", {"type": "integer", "minimum": 0, "maximum": limit_max}),
            builder.parameter("offset", {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}),
            *(
                builder.parameter(parameter, ISO_DATETIME_SCHEMA, description)
                for parameter, description in cls.date_parameters.items()
            ),
        ]
        return {
            base: {
                "get": {
                    "tags": ["sync"],
                    "operationId": f"{name.lower()}_listing",
                    "summary": cls.__doc__.strip().splitlines()[0],
                    "parameters": parameters,
                    "responses": {"200": builder.response(name, listing), **builder.errors()},
                }
            }
        }

    def listing_view(self, request):
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                f"query parameter is not an operation or a recognised field: "
                f"{', '.join(sorted(unknown))}"
            )
        limit = self.integer("limit", 20)
        if limit > settings.WAGTAILAPI_LIMIT_MAX:
            raise BadRequestError(f"limit cannot be higher than {settings.WAGTAILAPI_LIMIT_MAX}")
        offset = self.integer("offset", 0)
        site = PageVisibility.for_request(request).site
        if site is None:
            return Response({"meta": {"total_count": 0}, "items": []})
        # Counted and sliced by the database, as Wagtail's listings are: a page of a long
        # history reads `limit` rows, not all of them.
        rows = self.get_rows(request, site)
        return Response(
            {
                "meta": {"total_count": rows.count()},
                "items": [self.item(row, request, site) for row in rows[offset : offset + limit]],
            }
        )

    def integer(self, name, default):
        value = self.request.GET.get(name)
        if value is None:
            return default
        if not _NATURAL.fullmatch(value) or int(value) > MAX_INTEGER:
            raise BadRequestError(f"{name} must be a whole number from 0 to {MAX_INTEGER}")
        return int(value)

    def get_rows(self, request, site):
        """The ordered queryset of the listing's rows for `site`."""
        raise NotImplementedError

    def item(self, row, request, site):
        """One row as its JSON object."""
        raise NotImplementedError

    def handle_exception(self, exc):
        if isinstance(exc, (ValidationError, OverflowError)):
            exc = BadRequestError(str(exc))
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, Http404):
            return Response({"message": str(exc)}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


class TombstonesAPIViewSet(SyncListingViewSet):
    """`GET /api/v2/tombstones/?since=<ISO 8601>`: pages that left this site's public pages
    (at or after `since`), oldest first: `{id, type, html_path, reason, removed_at}`."""

    model = Tombstone
    item_type = TombstoneDict
    known_query_parameters = SyncListingViewSet.known_query_parameters | {"since"}
    date_parameters = {
        "since": "ISO 8601 date or date-time: only pages removed at or after it "
        "(send an offset's + as %2B)."
    }

    def get_rows(self, request, site):
        tombstones = Tombstone.objects.filter(site=site)
        if "since" in request.GET:
            tombstones = tombstones.filter(
                removed_at__gte=iso_datetime("since", request.GET["since"])
            )
        return tombstones.order_by("removed_at", "pk")

    def item(self, tombstone, request, site):
        return {
            "id": tombstone.page_id,
            "type": tombstone.page_type,
            "html_path": tombstone.html_path,
            "reason": tombstone.reason,
            "removed_at": tombstone.removed_at.isoformat(),
        }


class RedirectsAPIViewSet(SyncListingViewSet):
    """`GET /api/v2/redirects/`: the admin's redirects that apply to this site.

    `{id, old_path, target_path, target_url, is_permanent}`: `target_path` is the path on this
    site (null for another site's page or an external link), `target_url` the absolute URL.
    Redirects to a page readers cannot see (draft, restricted, another site's private page)
    are left out: they would lead to a 404 and name a page that is not public.
    """

    model = Redirect
    item_type = RedirectDict

    def get_rows(self, request, site):
        """This site's redirects (and those for all sites) to an external or local link, or
        to a page readers can see on some site: live, under no view restriction, inside a
        site's root (the conditions `target` would otherwise find false row by row)."""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("redirect_page__path"), 1, Length("page__path"))
        )
        in_a_site = Q()
        for root in Site.get_site_root_paths():
            in_a_site |= Q(redirect_page__url_path__startswith=root.root_path)
        to_link = Q(redirect_page__isnull=True) & ~Q(redirect_link="")
        to_public_page = Q(redirect_page__live=True) & in_a_site & ~Exists(restricted)
        return (
            Redirect.objects.filter(Q(site=site) | Q(site__isnull=True))
            .filter(to_link | (to_public_page if in_a_site else Q(pk__in=[])))
            .select_related("redirect_page")
            .order_by("old_path", "pk")
        )

    def item(self, redirect, request, site):
        return {
            "id": redirect.pk,
            "old_path": redirect.old_path,
            **self.target(redirect, request, site),
            "is_permanent": redirect.is_permanent,
        }

    @staticmethod
    def target(redirect, request, site):
        page = redirect.redirect_page
        if page is None:
            link = redirect.redirect_link
            if link.startswith("/"):
                return {"target_path": link, "target_url": site.root_url + link}
            return {"target_path": None, "target_url": link}
        site_id, root_url, page_path = page.get_url_parts(request)
        route = redirect.redirect_page_route_path or ""
        if route:
            page_path = page_path.rstrip("/") + "/" + route.lstrip("/")
        return {
            "target_path": page_path if site_id == site.pk else None,
            "target_url": root_url + page_path,
        }

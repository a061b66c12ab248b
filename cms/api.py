"""The API router: what is served under /api/v2/. Endpoints come from the base layer
(`core.api.viewsets`) and the frontend-sync app; the apps add their filters here, and their own
views' entries in the OpenAPI document (`openapi_document`)."""

from wagtail.api.v2.router import WagtailAPIRouter

from blog.api import DETAIL_ONLY_FIELDS, ReviewedAfterFilter, TopicTagFilter
from core.api import openapi
from core.api.viewsets import (
    CachedDocumentsAPIViewSet,
    CachedImagesAPIViewSet,
    ContentPagesAPIViewSet,
    PagePreviewAPIViewSet,
)
from frontend_sync.api import (
    ModifiedAfterFilter,
    RedirectsAPIViewSet,
    TombstonesAPIViewSet,
    openapi_webhooks,
)
from home.api import openapi_path_item as contact_path_item

APP_FILTERS = [TopicTagFilter, ReviewedAfterFilter, ModifiedAfterFilter]


class PagesAPIViewSet(ContentPagesAPIViewSet):
    """Every page type of the site, with the blog's topic, tag and review-date filters and
    the sync filter `modified_after`."""

    filter_backends = [*APP_FILTERS, *ContentPagesAPIViewSet.filter_backends]
    known_query_parameters = ContentPagesAPIViewSet.known_query_parameters.union(
        *(backend.query_parameters for backend in APP_FILTERS)
    )
    detail_only_fields = [*ContentPagesAPIViewSet.detail_only_fields, *DETAIL_ONLY_FIELDS]


# Named as Wagtail names its own v2 router: its CDN purge (WAGTAILAPI_USE_FRONTENDCACHE)
# reverses "wagtailapi_v2:pages:detail".
api_router = WagtailAPIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", CachedImagesAPIViewSet)
api_router.register_endpoint("documents", CachedDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
api_router.register_endpoint("tombstones", TombstonesAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)


def openapi_document():
    """The OpenAPI 3.1 document of /api/v2/ (served at /api/v2/schema/, see cms/urls.py)."""
    schema_path_item = {
        "get": {
            "tags": ["schema"],
            "operationId": "openapi_schema",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return openapi.build_document(
        api_router,
        "/api/v2/",
        path_items={
            "/api/v2/contact/{id}/": contact_path_item(),
            "/api/v2/schema/": schema_path_item,
        },
        webhooks=openapi_webhooks(),
        info={
            "title": "Health practice content API",
            "version": "2",
            "description": "Wagtail API v2 for condition articles, the medical disclaimer, "
            "the contact page and form. Only live, public pages of the requested site. "
            "Guide: docs/api.md.",
        },
    )

"""The API router: what is served under /api/v2/. Endpoints come from the base layer
(`core.api.viewsets`) and the frontend-sync app; the apps add their filters here."""

from wagtail.api.v2.router import WagtailAPIRouter

from blog.api import DETAIL_ONLY_FIELDS, ReviewedAfterFilter, TopicTagFilter
from core.api.viewsets import (
    CachedDocumentsAPIViewSet,
    CachedImagesAPIViewSet,
    ContentPagesAPIViewSet,
    PagePreviewAPIViewSet,
)
from frontend_sync.api import ModifiedAfterFilter, RedirectsAPIViewSet, TombstonesAPIViewSet

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

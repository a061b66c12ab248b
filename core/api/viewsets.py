"""Wagtail API v2 endpoints of the site (the project's router in `cms/api.py` mounts them).

`ContentPagesAPIViewSet` adds to Wagtail's pages endpoint:
- constant query counts: each page type's `api_select_related`/`api_prefetch_related`
  (`core.pages.SitePageMixin`) for what its `api_fields` read;
- the apps' own filters, added by the project's router (`cms/api.py`);
- strict input checking: every bad parameter is a 400, never a 500 (see `check_input`);
- only the request's own site (`?site=` is refused) and only live, public pages;
- HTTP caching headers on every successful GET (see `HTTPCachingMixin`).
"""

import hashlib
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.signing import BadSignature
from django.http import Http404
from django.urls import path
from django.utils.cache import get_conditional_response, patch_vary_headers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from core.paths import MAX_INTEGER
from core.search_limits import SearchQueryError, checked_search
from core.visibility import PageVisibility

INTEGER_PARAMETERS = ("limit", "offset", "id", "child_of", "descendant_of", "ancestor_of")
INTEGER_PARAMETERS += ("translation_of",)
MAX_PARAMETER_LENGTH = 1000
_INTEGER = re.compile(r"-?\d+")


class BoundedPagination(WagtailPagination):
    """Wagtail's limit/offset pagination, refusing offsets no database can handle."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if _INTEGER.fullmatch(offset) and int(offset) > MAX_INTEGER:
            raise BadRequestError(f"offset cannot be higher than {MAX_INTEGER}")
        return super().paginate_queryset(queryset, request, view)


class HTTPCachingMixin:
    """ETag (hash of the body), 304 on If-None-Match, and a Cache-Control a CDN can use.

    The ETag changes whenever the JSON changes, e.g. when a page is published. Errors and
    non-GET responses are not marked cacheable.
    """

    cache_control = None  # default: public with API_CACHE_MAX_AGE/STALE_WHILE_REVALIDATE

    def get_cache_control(self):
        if self.cache_control:
            return self.cache_control
        return (
            f"public, max-age={settings.API_CACHE_MAX_AGE}, "
            f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            response.headers.setdefault("Cache-Control", "no-store")
            return response
        response.render()
        digest = hashlib.sha256(response.content).hexdigest()[:40]
        response["ETag"] = f'"{digest}"'
        response["Cache-Control"] = self.get_cache_control()
        conditional = get_conditional_response(
            request._request, etag=response["ETag"], response=response
        )
        if conditional is not response:
            conditional["Cache-Control"] = response["Cache-Control"]
            patch_vary_headers(conditional, ["Accept"])
        return conditional


class StrictInputMixin:
    """Refuse input that Wagtail would pass to the database and fail on (500) with a 400.

    Also: no authentication at all. Responses never depend on who asks, so they are safe to
    cache publicly and the session cookie is never read (no `Vary: Cookie`).
    """

    authentication_classes = ()
    permission_classes = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        pk = kwargs.get("pk")
        if pk is not None and int(pk) > MAX_INTEGER:
            raise Http404("not found")
        self.check_input(request)

    def check_input(self, request):
        for name, values in request.GET.lists():
            for value in values:
                if "\x00" in name or "\x00" in value:
                    raise BadRequestError("null characters are not allowed in parameters")
                if len(value) > MAX_PARAMETER_LENGTH:
                    raise BadRequestError(
                        f"{name} is longer than {MAX_PARAMETER_LENGTH} characters"
                    )
        for name in INTEGER_PARAMETERS:
            value = request.GET.get(name)
            if value is not None and _INTEGER.fullmatch(value) and int(value) > MAX_INTEGER:
                raise BadRequestError(f"{name} cannot be higher than {MAX_INTEGER}")

        if "search" in request.GET:
            # Words only, within the limits, before any backend sees them (core/search_limits).
            try:
                words = checked_search(request.GET["search"])
            except SearchQueryError as error:
                raise BadRequestError(str(error)) from None
            query = request._request.GET.copy()
            query["search"] = words
            request._request.GET = query
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def check_query_parameters(self, queryset):
        """Wagtail's check, plus: field filter values must suit the field (a bad date or a
        huge id would otherwise fail in the database)."""
        super().check_query_parameters(queryset)
        for name, value in self.request.GET.items():
            if name in self.known_query_parameters:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many or field.one_to_many:
                # Wagtail filters a relation by the related object's id: `topics=neck-pain`
                # was a ValueError (500). The id must suit the related model's primary key.
                target = field.related_model._meta.pk
            else:
                target = field.target_field if field.many_to_one else field
            try:
                python_value = target.to_python(value)
            except ValidationError as error:
                raise BadRequestError(f"{name}: {' '.join(error.messages)}") from None
            if isinstance(python_value, int) and abs(python_value) > MAX_INTEGER:
                raise BadRequestError(f"{name} cannot be higher than {MAX_INTEGER}")

    def handle_exception(self, exc):
        # Last line of defence: bad input the checks above missed is the client's error.
        if isinstance(exc, (ValidationError, OverflowError)):
            exc = BadRequestError(str(exc))
        return super().handle_exception(exc)

    def find_object(self, queryset, request):
        if "id" in request.GET and not _INTEGER.fullmatch(request.GET["id"]):
            raise BadRequestError("id must be an integer")
        return super().find_object(queryset, request)


def optimise_queryset(queryset):
    """Select and prefetch what the page type's api_fields read: queries constant in limit."""
    model = queryset.model
    return queryset.select_related(
        "locale", *getattr(model, "api_select_related", ())
    ).prefetch_related(*getattr(model, "api_prefetch_related", ()))


class ContentPagesAPIViewSet(HTTPCachingMixin, StrictInputMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint for this site: see the module docstring and docs/api.md."""

    pagination_class = BoundedPagination
    filter_backends = PagesAPIViewSet.filter_backends
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"site"}

    def check_input(self, request):
        super().check_input(request)
        if "site" in request.GET:
            raise BadRequestError("the site is the one the request's host name belongs to")

    def get_base_queryset(self):
        return PageVisibility.for_request(self.request).queryset()

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is not Page:
            # One page type: Wagtail filters it by `pk IN (the visible pages)`, which SQLite
            # can only sort in a temporary table (54 ms for 10,000 articles); the same
            # conditions on the type's own query let it walk the `path` index instead.
            queryset = PageVisibility.for_request(self.request).queryset(queryset.model)
        return optimise_queryset(queryset)

    def get_object(self):
        """The specific page, with what its api_fields read selected and prefetched.
        (Wagtail's `base.specific` refetches the page without them: a query per tag.)"""
        if not hasattr(self, "_cached_object"):
            base = GenericAPIView.get_object(self)  # Wagtail's lookup: visible pages only
            model = base.specific_class
            self._cached_object = (
                optimise_queryset(model.objects.filter(pk=base.pk)).get()
                if model is not None
                else base.specific
            )
        return self._cached_object


class PagePreviewAPIViewSet(ContentPagesAPIViewSet):
    """The draft behind a headless preview token (wagtail-headless-preview's pattern).

    GET /api/v2/page_preview/?content_type=blog.conditionarticlepage&token=... returns the
    draft serialised exactly like the pages detail view. Never cached.
    """

    cache_control = "private, no-store"
    known_query_parameters = ContentPagesAPIViewSet.known_query_parameters | {
        "content_type",
        "token",
    }

    def listing_view(self, request):
        self.action = "detail_view"
        return self.detail_view(request, 0)

    def detail_view(self, request, pk):
        return Response(self.get_serializer(self.get_object()).data)

    def get_object(self):
        if hasattr(self, "_preview_page"):
            return self._preview_page
        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        app_label, _, model_name = content_type.partition(".")
        try:
            model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
        except ContentType.DoesNotExist:
            raise BadRequestError(
                "content_type must name a page type, e.g. blog.conditionarticlepage"
            ) from None
        if model is None or not issubclass(model, HeadlessPreviewMixin):
            raise BadRequestError("content_type must name a page type with previews")
        try:
            page = model.get_page_from_preview_token(token)
        except BadSignature:
            raise Http404("preview not found") from None
        if page is None:
            raise Http404("preview not found")
        if not page.pk:
            page.pk = 0  # a page not saved yet: a fake id keeps URL reversing working
        self._preview_page = page
        return page

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


class CachedImagesAPIViewSet(HTTPCachingMixin, StrictInputMixin, ImagesAPIViewSet):
    pagination_class = BoundedPagination


class CachedDocumentsAPIViewSet(HTTPCachingMixin, StrictInputMixin, DocumentsAPIViewSet):
    pagination_class = BoundedPagination

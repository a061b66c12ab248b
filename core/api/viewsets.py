"""Wagtail API v2 endpoints of the site (the project's router in `cms/api.py` mounts them).

`ContentPagesAPIViewSet` adds to Wagtail's pages endpoint:
- constant query counts: each page type's `api_select_related`/`api_prefetch_related`
  (`core.pages.SitePageMixin`) for what its `api_fields` read;
- the apps' own filters, added by the project's router (`cms/api.py`);
- strict input checking: every bad parameter is a 400, never a 500 (see `check_input`);
- only the request's own site (`?site=` is refused) and only live, public pages;
- HTTP caching headers on every successful GET (see `HTTPCachingMixin`).
"""

import copy
import hashlib
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.signing import BadSignature
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.cache import get_conditional_response, patch_vary_headers
from rest_framework.fields import Field, SkipField
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageParentField, PageSerializer, get_serializer_class
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from core import markdown_export
from core.api.fields import PageHtmlPathField, PageHtmlUrlField
from core.page_cache import ANY_PAGE_TAG, depends_on, item_tag
from core.paths import MAX_INTEGER
from core.search_limits import SearchQueryError, checked_search
from core.visibility import PageVisibility, django_request

INTEGER_PARAMETERS = ("limit", "offset", "id", "child_of", "descendant_of", "ancestor_of")
INTEGER_PARAMETERS += ("translation_of",)
PAGE_REFERENCE_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")
MAX_PARAMETER_LENGTH = 1000
_INTEGER = re.compile(r"-?\d+")


# Listing parameters that only a page's membership decides (its type, parent, topics, tags:
# core.page_changes makes every listing stale when that changes) or the window (default
# order: by id). A listing with any other parameter may change with any page.
MEMBERSHIP_PARAMETERS = {"type", "child_of", "descendant_of", "topic", "tag", "fields"}
MEMBERSHIP_PARAMETERS |= {"limit", "offset"}


class BoundedPagination(WagtailPagination):
    """Wagtail's limit/offset pagination, refusing offsets no database can handle. Tells the
    page cache which pages a listing shows: an edit of one of them makes it stale."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if _INTEGER.fullmatch(offset) and int(offset) > MAX_INTEGER:
            raise BadRequestError(f"offset cannot be higher than {MAX_INTEGER}")
        items = super().paginate_queryset(queryset, request, view)
        if issubclass(queryset.model, Page):
            if set(request.GET) <= MEMBERSHIP_PARAMETERS:
                tags = [item_tag(item.pk) for item in items]
            else:
                tags = [ANY_PAGE_TAG]
            depends_on(django_request(request), *tags)
        return items


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
        if request.method not in ("GET", "HEAD"):
            return  # answered 405 with `Allow`, whatever the parameters
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
        if request.GET.get("type", None) == "":
            # Wagtail reads an empty `type` as no type; the document's enum has no empty value.
            raise BadRequestError("type cannot be empty: leave it out, or name a page type")
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


def _hashable(fields_config):
    """Wagtail's parsed `fields` ([(name, negated, nested or None)]) as a cache key."""
    return tuple(
        (name, negated, _hashable(nested) if nested else None)
        for name, negated, nested in fields_config
    )


class SerializerClassCacheMixin:
    """Wagtail builds a serializer class (and the nested ones) on every request: ~1 ms of a
    listing. The class depends only on the model, its api_fields and the `fields` asked for,
    so one is kept per combination (bounded: `fields` comes from clients)."""

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        key = (cls, router, model, tuple(getattr(model, "api_fields", ()) or ()))
        key += (_hashable(fields_config), show_details, nested)
        serializer_class = _SERIALIZER_CLASSES.get(key)
        if serializer_class is None:
            serializer_class = super()._get_serializer_class(
                router, model, fields_config, show_details=show_details, nested=nested
            )
            if len(_SERIALIZER_CLASSES) >= 512:
                _SERIALIZER_CLASSES.clear()
            _SERIALIZER_CLASSES[key] = serializer_class
        return serializer_class


_SERIALIZER_CLASSES = {}


def optimise_queryset(queryset):
    """Select and prefetch what the page type's api_fields read: queries constant in limit."""
    model = queryset.model
    return queryset.select_related(
        "locale", *getattr(model, "api_select_related", ())
    ).prefetch_related(*getattr(model, "api_prefetch_related", ()))


class DetailUrlField(Field):
    """The object's URL in this API.

    Wagtail's `meta.detail_url`, with the endpoint's URL reversed once per model and
    request (Wagtail reverses it for every item: 4 % of a 20-article listing). A model
    without an endpoint, or an unexpected URL, goes Wagtail's own way."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        model = type(instance)
        prefixes = self.context.setdefault("_detail_url_prefixes", {})
        if model not in prefixes:
            url = self.detail_url(model, 0)
            prefixes[model] = url[:-2] if url and url.endswith("/0/") else None
        if prefixes[model] is not None:
            return f"{prefixes[model]}{instance.pk}/"
        url = self.detail_url(model, instance.pk)
        if not url:
            raise SkipField  # no endpoint serves the model: Wagtail leaves the field out
        return url

    def detail_url(self, model, pk):
        return get_object_detail_url(self.context["router"], self.context["request"], model, pk)

    def to_representation(self, url) -> str:
        return url


class ParentWithPathField(PageParentField):
    """Wagtail's `meta.parent`, with the parent's `html_path` too."""

    def to_representation(self, value):
        serializer_class = _PARENT_SERIALIZERS.get(value.__class__)
        if serializer_class is None:
            serializer_class = _PARENT_SERIALIZERS[value.__class__] = get_serializer_class(
                value.__class__,
                ["id", "type", "detail_url", "html_url", "html_path", "title"],
                meta_fields=["type", "detail_url", "html_url", "html_path"],
                base=SitePageSerializer,
            )
        return serializer_class(context=self.context).to_representation(value)


_PARENT_SERIALIZERS = {}  # one per page type


class SitePageSerializer(PageSerializer):
    """Wagtail's page serializer, plus `meta.html_path` on every page object.

    DRF builds a ModelSerializer's fields for every instance by introspecting the model
    (~0.5 ms for an article); the serializer classes are kept (`SerializerClassCacheMixin`),
    so the fields are built once per class and each instance gets a copy, as DRF gives each
    its copy of the declared fields."""

    detail_url = DetailUrlField()
    html_path = PageHtmlPathField()
    html_url = PageHtmlUrlField()
    parent = ParentWithPathField(read_only=True)

    def get_fields(self):
        fields = _SERIALIZER_FIELDS.get(type(self))
        if fields is None:
            if len(_SERIALIZER_FIELDS) >= 512:
                _SERIALIZER_FIELDS.clear()
            fields = _SERIALIZER_FIELDS[type(self)] = super().get_fields()
        return copy.deepcopy(fields)


_SERIALIZER_FIELDS = {}


class MarkdownRenderer(BaseRenderer):
    """`?format=md` on a page's detail view: the page's Markdown document (`get_markdown`)."""

    media_type = markdown_export.MEDIA_TYPE
    format = "md"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else b""


class ContentPagesAPIViewSet(
    SerializerClassCacheMixin, HTTPCachingMixin, StrictInputMixin, PagesAPIViewSet
):
    """Wagtail's pages endpoint for this site: see the module docstring and docs/api.md."""

    renderer_classes = [*PagesAPIViewSet.renderer_classes, MarkdownRenderer]

    base_serializer_class = SitePageSerializer
    meta_fields = [*PagesAPIViewSet.meta_fields, "html_path"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "html_path"]
    nested_default_fields = [*PagesAPIViewSet.nested_default_fields, "html_path"]
    pagination_class = BoundedPagination
    filter_backends = PagesAPIViewSet.filter_backends
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"site"}

    def check_input(self, request):
        super().check_input(request)
        if "site" in request.GET:
            raise BadRequestError("the site is the one the request's host name belongs to")
        self.check_page_references(request)

    def check_page_references(self, request):
        """A filter naming a page this site does not show is a 404 (Wagtail answers 400, as
        if the request were malformed; it is well formed, the page is just not there)."""
        for name in PAGE_REFERENCE_PARAMETERS:
            value = request.GET.get(name)
            if value is None or not _INTEGER.fullmatch(value) or int(value) < 0:
                continue  # `root`, or Wagtail's own 400 for a value that is no id
            if not self.get_base_queryset().filter(pk=int(value)).exists():
                raise Http404(f"{name}: no page {int(value)}")

    def get_base_queryset(self):
        return PageVisibility.for_request(self.request).queryset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.accepted_renderer.format == "md" and self.action != "detail_view":
            self.answer_in_json(request)
            raise BadRequestError("format=md is for one page's detail view")

    @staticmethod
    def answer_in_json(request):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type

    def detail_view(self, request, pk):
        if request.accepted_renderer.format != "md":
            return super().detail_view(request, pk)
        page = self.get_object()
        markdown = page.get_markdown(request._request) if hasattr(page, "get_markdown") else None
        if markdown is None:
            self.answer_in_json(request)
            raise BadRequestError("this page type has no Markdown document (format=md)")
        return Response(markdown)

    def find_view(self, request):
        """`?html_path=` (or `?id=`): a relative redirect to the page's detail view, keeping
        every other parameter (`fields`…), so it works whatever host name serves the API.
        A sub-path of a routable page (e.g. /articles/topic/neck-pain/) redirects to the
        listing it shows, when the page type says which (`api_listing_for_route`)."""
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        listing = self.listing_for_path(request)
        if listing is not None:
            query.update(listing)
            return redirect(f"{request.path.removesuffix('find/')}?{query.urlencode()}")
        try:
            page = self.find_object(self.get_queryset(), request)
        except ObjectDoesNotExist:
            page = None
        if page is None:
            raise Http404("not found")
        url = request.wagtailapi_router.get_object_detail_urlpath(self.model, page.pk)
        return redirect(f"{url}?{query.urlencode()}" if query else url)

    def listing_for_path(self, request):
        """The listing query a routable sub-path shows, or None (a page, or no such path)."""
        site = PageVisibility.for_request(request).site
        if "html_path" not in request.GET or site is None:
            return None
        components = [part for part in request.GET["html_path"].split("/") if part]
        try:
            page, args, _kwargs = site.root_page.specific.route(request, components)
        except Http404:
            return None
        hook = getattr(page, "api_listing_for_route", None)
        if hook is None or not args or not PageVisibility.for_request(request).is_visible(page):
            return None
        view, view_args, view_kwargs = args
        return hook(view, view_args, view_kwargs)

    def get_queryset(self):
        # Wagtail asks twice per listing (once only for the model of the serializer class).
        if getattr(self, "_queryset", None) is None:
            self._queryset = self._build_queryset()
        return self._queryset.all()

    def _build_queryset(self):
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
            model = self.specific_model()
            if model is None:
                base = GenericAPIView.get_object(self)  # Wagtail's lookup
                model = base.specific_class
                if model is None:
                    self._cached_object = base.specific
                    return self._cached_object
            pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            self._cached_object = optimise_queryset(model.objects.filter(pk=pk)).get()
        return self._cached_object

    def specific_model(self):
        """The page type of the requested page, if visible, from its content type alone:
        Wagtail's lookup builds a whole base `Page` (~50 columns) only to read its type.
        None when the filters do not give a queryset (a search), so Wagtail's lookup runs."""
        queryset = self.filter_queryset(self.get_queryset())
        if not hasattr(queryset, "values_list"):
            return None
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        try:
            content_type_id = queryset.filter(**lookup).values_list("content_type", flat=True)
            content_type_id = content_type_id.get()
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
            raise Http404("not found") from None
        return ContentType.objects.get_for_id(content_type_id).model_class()


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

    @classmethod
    def openapi_paths(cls, builder, base):
        """Its one URL in the OpenAPI document (`core.api.openapi` calls this)."""
        previewable = sorted(
            f"{model._meta.app_label}.{model._meta.model_name}"
            for model in builder.served_page_models()
            if issubclass(model, HeadlessPreviewMixin)
        )
        parameters = [
            builder.parameter(
                "content_type",
                {"type": "string", "enum": previewable},
                "The page type of the draft, e.g. blog.conditionarticlepage.",
            ),
            builder.parameter("token", description="The preview token the frontend received."),
        ]
        return {
            base: {
                "get": {
                    "tags": ["preview"],
                    "operationId": "page_preview",
                    "summary": "The draft behind a headless preview token",
                    "parameters": [{**p, "required": True} for p in parameters],
                    "responses": {
                        "200": builder.response("The draft page", builder.page_schema()),
                        **builder.errors(),
                    },
                }
            }
        }


class CachedImagesAPIViewSet(
    SerializerClassCacheMixin, HTTPCachingMixin, StrictInputMixin, ImagesAPIViewSet
):
    pagination_class = BoundedPagination


class CachedDocumentsAPIViewSet(
    SerializerClassCacheMixin, HTTPCachingMixin, StrictInputMixin, DocumentsAPIViewSet
):
    pagination_class = BoundedPagination

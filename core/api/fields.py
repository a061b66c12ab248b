"""Base classes for the serializer fields that page types list in their `api_fields`.

A field that shows another page goes through `core.visibility.PageVisibility`, so a draft,
a view-restricted page or another site's page never appears nested in a response. Fields
read only what the page type's `api_select_related`/`api_prefetch_related` load (see
`core.pages.SitePageMixin`), so a listing costs the same queries whatever its length.

Each field's `to_representation` is annotated with what it returns (a TypedDict for an
object): `core.api.openapi` reads the annotation to describe the field in the OpenAPI
document, and the class docstring's first paragraph becomes the field's description.
"""

from typing import Annotated, NotRequired

from django.urls import NoReverseMatch
from rest_framework.fields import Field
from typing_extensions import TypedDict

from core.visibility import PageVisibility, django_request, html_path

URL = Annotated[str | None, "Absolute or site-relative URL."]


class PageLinkDict(TypedDict):
    """A link to a live, public page of the request's site."""

    id: int
    title: str
    url: URL
    html_path: Annotated[str | None, "The page's path within its site."]
    html_url: URL
    summary: NotRequired[str]


class ReadOnlyAPIField(Field):
    """A read-only field; `whole_object=True` passes the page itself (`source="*"`)."""

    def __init__(self, whole_object=False, **kwargs):
        kwargs["read_only"] = True
        if whole_object:
            kwargs["source"] = "*"
        super().__init__(**kwargs)

    @property
    def request(self):
        return django_request(self.context["request"])

    @property
    def visibility(self):
        return PageVisibility.for_request(self.request)


class PageLinksField(ReadOnlyAPIField):
    """A list of visible pages as [{id, title, url, html_url, summary}].

    Subclasses say which pages with `pages(obj)`; hidden ones are left out."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def pages(self, obj):
        raise NotImplementedError

    def to_representation(self, obj) -> list[PageLinkDict]:
        links = (
            self.visibility.page_link(page, summary=getattr(page, "summary", ""))
            for page in self.pages(obj)
        )
        return [link for link in links if link is not None]


class PageHtmlUrlField(ReadOnlyAPIField):
    """The page's absolute URL on the site.

    Wagtail's `meta.html_url`, with the request: Wagtail's own reads `page.full_url`, which
    caches the site root paths on the page, i.e. one cache lookup per page of a listing
    (a file read in the embedded default); the request keeps one copy for all of them."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> str | None:
        request = self.context.get("request")
        try:
            return page.get_full_url(django_request(request) if request is not None else None)
        except NoReverseMatch:
            return None


class PageHtmlPathField(ReadOnlyAPIField):
    """The page's path within its site, e.g. "/articles/neck-pain/": what a frontend routes
    by (`meta.html_path`; `find?html_path=` takes it back). Null for a page outside every
    site."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> str | None:
        request = self.context.get("request")
        return html_path(page, django_request(request) if request is not None else None)

"""The one answer to "may this page be shown to this reader?", used by pages, API, sitemap,
feed and search.

A page is public when it is live, inside the request's site and under no view restriction
(Wagtail's `PageViewRestriction`: password, login or group) on itself or an ancestor.

- `public_pages(queryset)`: the same as Wagtail's `queryset.public()`, in the same SQL query
  (Wagtail's `public()` first reads every restriction in a query of its own).
- `PageVisibility.for_request(request)`: per request, the site root and the restricted
  branches, read once (two queries), so nested page links in an API response cost nothing.
  API responses are public and cacheable, so they never depend on a login or a password the
  reader may have entered.
"""

from functools import cached_property

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site


def public_pages(queryset):
    """`queryset.public()` in one query: excludes pages at or below a restricted page."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))


def live_public(model, site=None):
    """Live, public pages of `model`, inside `site` when given."""
    pages = public_pages(model.objects.live())
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def html_path(page, request=None):
    """The page's path within its site ("/articles/neck-pain/"), or None outside every site:
    what a frontend routes by, whatever host name serves the API."""
    parts = page.get_url_parts(request=request)
    return parts[2] if parts else None


def django_request(request):
    """The HttpRequest behind a DRF Request, so per-request caches are shared with Wagtail."""
    return getattr(request, "_request", request)


class PageVisibility:
    """Whether pages may be shown to a request, with two queries per request."""

    def __init__(self, request):
        self.request = django_request(request)
        self._links = {}

    @classmethod
    def for_request(cls, request):
        """One instance per request, cached on the request."""
        request = django_request(request)
        visibility = getattr(request, "page_visibility", None)
        if visibility is None:
            visibility = request.page_visibility = cls(request)
        return visibility

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def site_root_path(self):
        return self.site.root_page.path if self.site is not None else None

    @cached_property
    def restricted_paths(self):
        """Every view-restricted branch, whoever asks."""
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def queryset(self, model=Page):
        """Live, public pages of the request's site, of `model` (the API's base queryset)."""
        if self.site_root_path is None:
            return model.objects.none()
        queryset = model.objects.live().filter(path__startswith=self.site_root_path)
        for path in self.restricted_paths:
            queryset = queryset.exclude(path__startswith=path)
        return queryset

    def is_visible(self, page):
        if page is None or not page.live or self.site_root_path is None:
            return False
        if not page.path.startswith(self.site_root_path):
            return False
        return not any(page.path.startswith(path) for path in self.restricted_paths)

    def page_link(self, page, **extra):
        """{id, title, url, html_path, html_url} for a visible page, else None. Built once
        per page and request: every article in a listing links to the same disclaimer page."""
        if not self.is_visible(page):
            return None
        link = self._links.get(page.pk)
        if link is None:
            link = self._links[page.pk] = {
                "id": page.pk,
                "title": page.title,
                "url": page.get_url(self.request),
                "html_path": html_path(page, self.request),
                "html_url": page.get_full_url(self.request),
            }
        return {**link, **extra}

"""The CDN purge: tells `wagtail.contrib.frontend_cache` (WAGTAILFRONTENDCACHE) exactly the URLs
the page cache made stale, once the change is committed.

Wagtail's own handlers (frontend_cache's and the API's WAGTAILAPI_USE_FRONTENDCACHE) purge
one page's URL and its API detail when the signal fires, before the commit, so a CDN could
fetch the old page again at once; and they leave the index, home, topic and tag pages, related
articles, sitemap, feed and API listings stale. So the project does not install that app's
handlers (`wagtail.contrib.frontend_cache` is not in INSTALLED_APPS; its backends and
`purge_urls_from_cache` work without it): `core.page_cache` calls `purge` at commit with the
set `core.page_changes` worked out, the same set it invalidated in the page cache.

A change that makes everything stale (settings, a snippet, …) purges every live page's URL
and API detail, and the URLs named in `PAGE_CACHE_LISTS_EVERY_PAGE` and `PAGE_CACHE_SITE_WIDE`.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.api.utils import get_base_url
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Site

from core.visibility import public_pages


def configured():
    return bool(get_backends())


def api_base(site):
    """The API's base URL, as Wagtail's own purge names it (WAGTAILAPI_BASE_URL), else the
    site's root URL."""
    return get_base_url() or site.root_url


def named_urls(site, names):
    """Absolute URLs of the named URL patterns (API paths on the API's base URL)."""
    urls = set()
    for name in names:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        urls.add((api_base(site) if path.startswith("/api/") else site.root_url) + path)
    return urls


def everything_urls():
    urls = set()
    for site in Site.objects.select_related("root_page"):
        names = [
            *getattr(settings, "PAGE_CACHE_LISTS_EVERY_PAGE", []),
            *getattr(settings, "PAGE_CACHE_API_LISTINGS", []),
            *getattr(settings, "PAGE_CACHE_SITE_WIDE", []),
        ]
        urls |= named_urls(site, names)
        pages = public_pages(site.root_page.get_descendants(inclusive=True).live())
        for page in pages.order_by("path"):
            url = page.get_full_url(site)
            if url:
                detail = reverse("wagtailapi_v2:pages:detail", args=[page.pk])
                urls.update([url, api_base(site) + detail])
    return urls


def purge(urls, everything=False):
    """Purge `urls` (absolute) from every configured CDN; with `everything`, every page."""
    if not configured():
        return
    if everything:
        urls = set(urls) | everything_urls()
    purge_urls_from_cache(sorted(urls))

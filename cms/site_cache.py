"""The per-site objects every readers' page needs, cached across requests.

Every page view needs the same few site-wide objects: the Site for the request's host (with
its home page, where routing starts), the practice settings (with the default disclaimer and
the contact page) and the Articles index (the navigation). Looking them up costs four
queries and a few milliseconds of ORM work per request, yet they only change when an editor
publishes, moves or deletes a page or saves a site, setting or view restriction: exactly the
events that replace the page cache's *generation* token (`cms.cache`). Cached under that
token, they go stale together with every cached page.

`SiteObjectsMiddleware` hands them to Wagtail where it looks for them (`Site.find_for_request`
and `BaseSiteSetting.for_request` read `request._wagtail_site` and a per-request attribute
first); `site_objects(request)` gives them to the templates. `SITE_CACHE_ENABLED` (env
`SITE_CACHE`, default on; off in test settings like the page cache) switches the cache off:
the objects are then looked up once per request, as Wagtail does.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Site

from cms.cache import cache_backend, cache_timeout, current_generation

EXCLUDE = re.compile(r"^/(admin|django-admin)/")


@dataclass
class SiteObjects:
    site: Site | None
    settings: object | None  # home.models.PracticeSettings
    article_index: object | None  # blog.models.ArticleIndexPage, live and public


def _cached_for(request):
    """Whether this request's site objects come from the cache (never in the admin)."""
    return getattr(settings, "SITE_CACHE_ENABLED", True) and not EXCLUDE.match(request.path)


def load(request):
    """Look the objects up in the database: 4 queries, unless the request has them."""
    from blog.models import ArticleIndexPage
    from cms.page_mixins import public_pages
    from home.models import PracticeSettings

    # Wagtail's own lookups, which keep their result on the request for its routing.
    site = Site.find_for_request(request)
    if site is None:
        return SiteObjects(None, None, None)
    site.root_page = site.root_page.specific  # routing starts from the specific home page
    practice = PracticeSettings.for_request(request)
    index = public_pages(ArticleIndexPage.objects.live().child_of(site.root_page)).first()
    return SiteObjects(site, practice, index)


def _key(request):
    return f"siteobjects:{current_generation()}:{request.get_host().lower()}:{request.get_port()}"


def site_objects(request):
    """The request's SiteObjects: from the request, else the cache, else the database."""
    objects = getattr(request, "_cms_site_objects", None)
    if objects is not None:
        return objects
    if _cached_for(request):
        cache, key = cache_backend(), _key(request)
        objects = cache.get(key)
        if objects is None:
            objects = load(request)
            cache.set(key, objects, cache_timeout())
    else:
        objects = load(request)
    request._cms_site_objects = objects
    return objects


class SiteObjectsMiddleware:
    """Give Wagtail the cached Site and practice settings before it looks them up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cached_for(request) and not hasattr(request, "_wagtail_site"):
            from home.models import PracticeSettings

            objects = site_objects(request)
            request._wagtail_site = objects.site
            if objects.settings is not None:
                objects.settings._request = request
                setattr(request, PracticeSettings.get_cache_attr_name(), objects.settings)
        return self.get_response(request)

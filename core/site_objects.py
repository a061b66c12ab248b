"""The per-site objects every readers' page needs, cached across requests.

Every page view needs the same few site-wide objects: the Site for the request's host (with
its specific home page, where routing starts), the site's settings (`SITE_SETTINGS_MODEL`,
with the pages it selects) and the menu pages (live, public children of the home page with
"show in menus" ticked: the navigation, and the sections routing passes through). Looking
them up costs four queries and a few milliseconds of ORM work per request, yet they only
change when an editor publishes, moves or deletes a page or saves a site, setting or view
restriction: exactly the events that replace the page cache's *generation* token
(`core.page_cache`). Cached under that token, they go stale together with every cached page.

`SiteObjectsMiddleware` hands them to Wagtail where Wagtail looks for them first: the site
in `request._wagtail_site` (documented in `Site.find_for_request`) and the settings under
the model's `get_cache_attr_name()`, as `BaseSiteSetting.for_request` leaves them. Those are
Wagtail's own per-request caches, so `Site.find_for_request` and `Settings.for_request`
cost no query afterwards (pinned by tests/cms/test_site_objects.py).
`SITE_CACHE_ENABLED` (env `SITE_CACHE`, default on; off in test settings like the page
cache) switches the cache off: the objects are then looked up once per request.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from wagtail.models import Page, Site

from core.page_cache import cache_backend, cache_timeout, current_generation
from core.paths import is_admin_path
from core.visibility import public_pages


@dataclass
class SiteObjects:
    site: Site | None
    settings: object | None  # an instance of settings.SITE_SETTINGS_MODEL
    menu_pages: list = field(default_factory=list)  # specific, in tree order


def settings_model():
    return apps.get_model(settings.SITE_SETTINGS_MODEL)


def _cached_for(request):
    """Whether this request's site objects come from the cache (never in the admin)."""
    return getattr(settings, "SITE_CACHE_ENABLED", True) and not is_admin_path(request.path)


def load(request):
    """Look the objects up in the database: 4 queries, unless the request has them."""
    # Wagtail's own lookups, which keep their result on the request for its routing.
    site = Site.find_for_request(request)
    if site is None:
        return SiteObjects(None, None, [])
    site.root_page = site.root_page.specific  # routing starts from the specific home page
    site_settings = settings_model().for_request(request)
    menu = public_pages(Page.objects.live().in_menu().child_of(site.root_page))
    return SiteObjects(site, site_settings, list(menu.specific().order_by("path")))


def _key(request):
    host = f"{request.get_host().lower()}:{request.get_port()}"
    return f"siteobjects:{current_generation(request)}:{host}"


def site_objects(request):
    """The request's SiteObjects: from the request, else the cache, else the database."""
    objects = getattr(request, "site_objects", None)
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
    request.site_objects = objects
    return objects


class SiteObjectsMiddleware:
    """Give Wagtail the cached Site and site settings before it looks them up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cached_for(request) and not hasattr(request, "_wagtail_site"):
            objects = site_objects(request)
            # Wagtail's documented per-request cache of `Site.find_for_request`.
            request._wagtail_site = objects.site
            if objects.settings is not None:
                # `BaseSiteSetting.for_request` keeps the request on the instance (for page
                # URLs) and the instance on the request: the same two steps, from the cache.
                objects.settings._request = request
                setattr(request, settings_model().get_cache_attr_name(), objects.settings)
        return self.get_response(request)

"""Server-side full-page cache for anonymous readers: HTML pages and API GETs.

Why our own: `wagtail-cache` 3.0 (the latest) requires Wagtail < 8 and only caches pages,
not the API. This is a thin layer over Django's cache framework (`CACHES["default"]`:
local memory, or Redis when REDIS_URL/CACHE_URL is set).

What is cached: the response to an anonymous GET (HEAD is answered from the GET entry) of
any path not excluded (admin, previews, documents), when the response is a 200 that sets
no cookie, used no CSRF token (forms) and does not say `private`/`no-store`/`no-cache`.
A request with a session cookie (a logged-in editor, a passed page password) or an
`Authorization` header bypasses the cache both ways: never served, never stored.

Invalidation: every key contains a site-wide *generation* token; any content change
(publish, unpublish, move, delete of a page; a snippet, setting, image, site, redirect or
view restriction saved or deleted) replaces the token, so the page and every page showing
it (home, index, related articles, API listings) go stale together. Old entries expire by
timeout.

Coherence between processes: the token is read from `PAGE_CACHE_GENERATION_ALIAS` on every
request, so it must live in a store every process shares (Redis, or the machine's
FileBasedCache in the embedded default); then a change made by any process (an admin request
in another worker, `manage.py seed`, a shell, a second app server) makes every process miss
from its next request on. The entries themselves (`PAGE_CACHE_ALIAS`) may be per process:
a key holds the token, so a process can never serve an entry of an older generation. The
embedded default keeps them in local memory (a hit then reads one small file, ~50 us,
instead of three, ~230 us, measured in docs/performance.md). A per-process token store
(LocMemCache) is refused by the system check `core.E001` unless PAGE_CACHE_ALLOW_PER_PROCESS.

Keys follow the response's `Vary` header (e.g. DRF's `Vary: Accept`) like Django's own
cache middleware, except `Cookie`: cached requests carry no session cookie by construction.

Every response to a cacheable method gets `X-Cache: HIT`, `MISS` or `BYPASS`.
"""

import hashlib
import re
import secrets

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.paths import ADMIN_PREFIXES

GENERATION_KEY = "pagecache:generation"
DEFAULT_EXCLUDE = [*(f"^{prefix}" for prefix in ADMIN_PREFIXES), r"^/documents/", r"preview"]
NEVER_CACHE_DIRECTIVES = {"private", "no-store", "no-cache"}


def _setting(name, default):
    return getattr(settings, name, default)


def cache_backend():
    """The cache the page cache (and core.site_objects) stores in."""
    return caches[_setting("PAGE_CACHE_ALIAS", "default")]


def cache_timeout():
    return _setting("PAGE_CACHE_TIMEOUT", 300)


def generation_alias():
    return _setting("PAGE_CACHE_GENERATION_ALIAS", None) or _setting("PAGE_CACHE_ALIAS", "default")


def generation_backend():
    """The cache holding the generation token: shared by every process (see the docstring)."""
    return caches[generation_alias()]


def current_generation(request=None):
    """The generation token; read once per request when `request` is given (the page cache
    and the site-objects cache then key one request's entries under the same token)."""
    generation = getattr(request, "_page_cache_generation", None)
    if generation is not None:
        return generation
    cache = generation_backend()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh random token (never a counter restarted at 0), so a generation key lost to
        # culling or a cache restart can never bring back entries of an older generation.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if request is not None:
        request._page_cache_generation = generation
    return generation


def invalidate_all(**_kwargs):
    """Make every cached page stale (usable directly as a signal receiver); again when the
    transaction commits, since a request served between the change and the commit reads the
    old rows and would cache them under the new token."""
    _new_generation()
    pending = transaction.get_connection().run_on_commit
    if not (pending and pending[-1][1] is _new_generation):  # one is enough (a seed publishes
        transaction.on_commit(_new_generation)  # thousands of pages in one transaction)


def _new_generation():
    generation_backend().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PageCacheMiddleware:
    """Place after SecurityMiddleware/WhiteNoise/CORS and before SessionMiddleware, so that
    a hit skips sessions, auth and the view, while the outer middleware still adds its
    per-request headers (CORS) to hits."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exclude = [re.compile(p) for p in _setting("PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDE)]
        self.bypass_cookies = {
            settings.SESSION_COOKIE_NAME,
            *_setting("PAGE_CACHE_BYPASS_COOKIES", ["messages"]),
        }

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _setting("PAGE_CACHE_ENABLED", True):
            return self.get_response(request)
        if not self.request_is_cacheable(request):
            response = self.get_response(request)
            response["X-Cache"] = "BYPASS"
            return response

        cache = cache_backend()
        base = self.base_key(request)
        cached = self.lookup(cache, base, request)
        if cached is not None:
            return cached

        response = self.get_response(request)
        if request.method == "GET" and self.response_is_cacheable(request, response):
            self.store(cache, base, request, response)
        response["X-Cache"] = "MISS"
        return response

    # Rules

    def request_is_cacheable(self, request):
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        if self.bypass_cookies.intersection(request.COOKIES):
            return False
        return not any(pattern.search(request.path) for pattern in self.exclude)

    @staticmethod
    def response_is_cacheable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page used {% csrf_token %}
            return False
        cache_control = cc_delim_re.split(response.get("Cache-Control", ""))
        directives = {d.split("=")[0].strip().lower() for d in cache_control}
        return not directives & NEVER_CACHE_DIRECTIVES

    # Keys and storage

    @staticmethod
    def base_key(request):
        url = request.build_absolute_uri()
        return f"pagecache:{current_generation(request)}:{_hash(url)}"

    @staticmethod
    def vary_headers(response):
        names = cc_delim_re.split(response.get("Vary", ""))
        return sorted({n.strip().lower() for n in names if n.strip()} - {"cookie"})

    @staticmethod
    def variant_key(base, request, headers):
        if not headers:
            return f"{base}:page"
        meta = "|".join(request.headers.get(name, "") for name in headers)
        return f"{base}:page:{_hash(meta)}"

    def store(self, cache, base, request, response):
        headers = self.vary_headers(response)
        entry = (response.status_code, list(response.items()), response.content)
        cache.set_many(
            {f"{base}:vary": headers, self.variant_key(base, request, headers): entry},
            cache_timeout(),
        )

    def lookup(self, cache, base, request):
        headers = cache.get(f"{base}:vary")
        if headers is None:
            return None
        entry = cache.get(self.variant_key(base, request, headers))
        if entry is None:
            return None
        status, items, content = entry
        response = HttpResponse(content, status=status)
        for name, value in items:
            response[name] = value
        # Answer If-None-Match / If-Modified-Since from the cached validators, if any.
        last_modified = response.get("Last-Modified")
        response = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )
        response["X-Cache"] = "HIT"
        return response


# Invalidation

# Besides pages: the models whose changes readers see. The project lists its own models in
# settings.PAGE_CACHE_INVALIDATE_ON (app labels are data here: the base layer imports no app).
WATCHED_MODELS = [
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",  # documents and images of a private collection
    "wagtailimages.Image",
    "wagtaildocs.Document",  # the API's documents listing is cached
    "wagtailredirects.Redirect",
]


def connect_signals():
    """Bump the generation on any change readers could see. Called from CoreConfig.ready()."""
    uid = "core.page_cache.invalidate_all"
    for signal, name in [
        (page_published, "page_published"),
        (page_unpublished, "page_unpublished"),
        (post_page_move, "page_moved"),
        (published, "published"),  # snippets with drafts, if any become publishable
        (unpublished, "unpublished"),
    ]:
        signal.connect(invalidate_all, dispatch_uid=f"{uid}.{name}")
    post_delete.connect(invalidate_all, sender=Page, dispatch_uid=uid + ".page_deleted")
    for label in [*WATCHED_MODELS, *_setting("PAGE_CACHE_INVALIDATE_ON", [])]:
        model = apps.get_model(label)
        post_save.connect(invalidate_all, sender=model, dispatch_uid=f"{uid}.{label}.saved")
        post_delete.connect(invalidate_all, sender=model, dispatch_uid=f"{uid}.{label}.deleted")


# The system check: coherence needs the token (and the rate-limit counters, and Wagtail's own
# cached site root paths, all in the default cache) where every process sees them.


def per_process_aliases():
    """Aliases of the caches every process must share that live in one process's memory."""
    aliases = {"default", generation_alias()}
    return sorted(alias for alias in aliases if isinstance(caches[alias], LocMemCache))


def check_shared_cache(app_configs=None, **kwargs):
    """core.E001: the page cache is on but a change in one process cannot reach the others."""
    if not _setting("PAGE_CACHE_ENABLED", True) or _setting("PAGE_CACHE_ALLOW_PER_PROCESS", False):
        return []
    aliases = per_process_aliases()
    if not aliases:
        return []
    return [
        checks.Error(
            f"The page cache is on, but the cache(s) {', '.join(aliases)} live in one process's "
            "memory (LocMemCache): a page unpublished in one process would stay public in the "
            "others until the cache times out.",
            hint="Use Redis (REDIS_URL) or a cache every process shares (FileBasedCache, "
            "DatabaseCache); set PAGE_CACHE_ALLOW_PER_PROCESS=true only for a single process.",
            id="core.E001",
        )
    ]

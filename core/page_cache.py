"""Server-side full-page cache for anonymous readers: HTML pages and API GETs.

Why our own: `wagtail-cache` 3.0 (the latest) requires Wagtail < 8 and only caches pages,
not the API. This is a thin layer over Django's cache framework (`CACHES["default"]`:
local memory, or Redis when REDIS_URL/CACHE_URL is set).

What is cached: the response to an anonymous GET (HEAD is answered from the GET entry) of
any path not excluded (admin, previews, documents), when the response is a 200 that sets
no cookie, used no CSRF token (forms) and does not say `private`/`no-store`/`no-cache`.
A request with a session cookie (a logged-in editor, a passed page password) or an
`Authorization` header bypasses the cache both ways: never served, never stored.

Invalidation is precise (issue 15): a change makes stale only the URLs that show it.
Each entry records the *tags* it depends on and their versions when it was rendered: the
request path's tag (`path_tag`: every query-string variant of the path) and any tag the view
declared with `depends_on` (e.g. a paginated listing's page number, `listing_tag`). A change
bumps the versions of the tags it affects (`core.page_changes` works out which: the page,
the listings, home, topic and tag pages, referencing pages, related articles, sitemap, feed,
the API detail and listings); a hit reads its tags' versions in one `get_many` from the
shared tag store and is a miss when any differs. A change that every page may show (site
settings, a snippet, a redirect, a view restriction, an image, a move or delete, a menu page,
more than `PAGE_CACHE_MAX_PRECISE` pages in one transaction) still replaces the site-wide
*generation* token held in every key: everything goes stale at once.

Coherence between processes: the generation token and the tag versions are read on every
request from stores every process shares (`PAGE_CACHE_GENERATION_ALIAS`,
`PAGE_CACHE_TAGS_ALIAS`: Redis, or the machine's FileBasedCache in the embedded default);
then a change made by any process (an admin request in another worker, `manage.py seed`, a
shell, a second app server) makes every process miss from its next request on. The entries
themselves (`PAGE_CACHE_ALIAS`) may be per process: a process can never serve an entry of an
older generation or tag version. The embedded default keeps them in local memory (a hit
then reads two small files, the token and the path's tag, instead of the entry's three).
A per-process token or tag store (LocMemCache) is refused by the system check `core.E001`
unless PAGE_CACHE_ALLOW_PER_PROCESS.

A tag that was never bumped has no stored version (None): hits then read a missing file, and
nothing is written on a miss. A bumped version is kept for twice the page timeout, longer
than any entry that recorded the version before it, so its expiry cannot revive such an
entry; the tag store must not evict it earlier (its own directory in the default; Redis
with `noeviction` or a `volatile-*` policy, where hot tags are the last to go).

Keys follow the response's `Vary` header (e.g. DRF's `Vary: Accept`) like Django's own
cache middleware, except `Cookie`: cached requests carry no session cookie by construction.

Every response to a cacheable method gets `X-Cache: HIT`, `MISS` or `BYPASS`.
"""

import hashlib
import re
import secrets

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

from core import cdn
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


def tags_alias():
    return _setting("PAGE_CACHE_TAGS_ALIAS", None) or generation_alias()


def tags_backend():
    """The cache holding the tag versions: shared by every process, like the token."""
    return caches[tags_alias()]


def path_tag(path):
    """Every cached variant (query string, Accept, encoding) of a path, e.g. "/articles/"."""
    return f"p:{path}"


def listing_tag(path, number):
    """Page `number` of a paginated listing at `path` (declared by the listing's view)."""
    return f"l:{path}:{number}"


def item_tag(pk):
    """A listing (the API's) shows the page `pk` among its items."""
    return f"i:{pk}"


# A listing whose items any page change may change: filtered or ordered by what an edit can
# change (search, order, modified_after, …).
ANY_PAGE_TAG = "any-page"


def _tag_key(tag):
    return f"pagecache:tag:{_hash(tag)}"


def tag_versions(tags):
    """{tag: version or None} from the shared tag store, in one get_many."""
    keys = {_tag_key(tag): tag for tag in tags}
    found = tags_backend().get_many(list(keys))
    return {tag: found.get(key) for key, tag in keys.items()}


def depends_on(request, *tags):
    """Declare that the response to `request` shows what `tags` stand for. The versions are
    read now, before the view reads the rows: a change committed while it renders makes the
    stored entry stale at once."""
    versions = getattr(request, "_page_cache_versions", None)
    if versions is None or not _setting("PAGE_CACHE_ENABLED", True):
        return  # not a cacheable request
    versions.update(tag_versions([tag for tag in tags if tag not in versions]))


def bump(tags):
    """Make every entry that depends on one of `tags` stale, in every process."""
    if tags:
        timeout = 2 * cache_timeout() + 60
        tags_backend().set_many({_tag_key(tag): secrets.token_hex(8) for tag in tags}, timeout)


def invalidate_all(**_kwargs):
    """Make every cached page stale (usable directly as a signal receiver); again when the
    transaction commits, since a request served between the change and the commit reads the
    old rows and would cache them under the new token."""
    _new_generation()  # each time: this process may read the new rows before the commit
    pending = pending_invalidation()
    if pending is None:
        cdn.purge(set(), everything=True)
    else:  # at commit once, however many changes (a seed publishes thousands of pages)
        pending.everything = True


def invalidate(tags, urls=()):
    """Make the entries depending on `tags` stale now and again at commit (see above); tell
    the CDN about `urls` (absolute) once the change is committed."""
    pending = pending_invalidation()
    if pending is None:
        bump(tags)
        cdn.purge(set(urls))
        return
    if not pending.everything:
        bump(tags)
    pending.tags.update(tags)
    pending.urls.update(urls)


def pending_invalidation():
    """The transaction's pending invalidation, registered with `on_commit` on first use: one
    per transaction, however many changes it makes. None outside a transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, AtCommit):
            return callback
    pending = AtCommit()
    transaction.on_commit(pending)
    return pending


class AtCommit:
    """What one transaction changed: bumped again when it commits, then purged from the CDN."""

    def __init__(self):
        self.everything = False
        self.tags, self.urls = set(), set()
        self.pages = 0  # pages changed precisely so far (core.page_changes)

    def __call__(self):
        if self.everything:
            _new_generation()
        else:
            bump(self.tags)
        cdn.purge(self.urls, everything=self.everything)


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

        # The tags' versions before the view reads anything (views add theirs: depends_on).
        request._page_cache_versions = tag_versions([path_tag(request.path)])
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
        versions = getattr(request, "_page_cache_versions", {})
        entry = (response.status_code, list(response.items()), response.content, versions)
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
        status, items, content, versions = entry
        if versions and tag_versions(versions) != versions:
            return None  # a change this entry depends on came after it was stored
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


# The system check: coherence needs the token (and the rate-limit counters, and Wagtail's own
# cached site root paths, all in the default cache) where every process sees them.


def per_process_aliases():
    """Aliases of the caches every process must share that live in one process's memory."""
    aliases = {"default", generation_alias(), tags_alias()}
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

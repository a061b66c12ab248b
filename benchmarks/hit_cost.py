"""Microseconds per page-cache hit inside one process, for each way of storing the cache.

    python benchmarks/hit_cost.py [--hits 2000]

A hit through `core.page_cache.PageCacheMiddleware` (a 38 KB entry, a view that is never
called), with the stores of the embedded default (token and tag versions in FileBasedCache
directories, entries in LocMemCache) and of production (everything in Redis, when REDIS_URL
is set). No database, no server: the cost of the cache itself. Prints one line per set-up.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

PROJECT = Path(__file__).resolve().parent.parent
BODY = b"<p>" + b"x" * 38_000 + b"</p>"


def setups(tmp):
    files = "django.core.cache.backends.filebased.FileBasedCache"
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    result = {
        "embedded default (files + local memory)": {
            "CACHES": {
                "default": {"BACKEND": files, "LOCATION": f"{tmp}/default"},
                "pagetags": {"BACKEND": files, "LOCATION": f"{tmp}/tags"},
                "pages": locmem,
            },
            "PAGE_CACHE_ALIAS": "pages",
            "PAGE_CACHE_GENERATION_ALIAS": "default",
            "PAGE_CACHE_TAGS_ALIAS": "pagetags",
        },
        "local memory only (one process)": {
            "CACHES": {"default": locmem},
            "PAGE_CACHE_ALIAS": "default",
            "PAGE_CACHE_GENERATION_ALIAS": "default",
            "PAGE_CACHE_TAGS_ALIAS": None,
        },
    }
    if os.environ.get("REDIS_URL"):
        redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "hitcost",
        }
        result["Redis (production)"] = {
            "CACHES": {"default": redis},
            "PAGE_CACHE_ALIAS": "default",
            "PAGE_CACHE_GENERATION_ALIAS": "default",
            "PAGE_CACHE_TAGS_ALIAS": None,
        }
    return result


def measure(hits):
    from django.core.cache import caches
    from django.http import HttpResponse
    from django.test import RequestFactory, override_settings

    from core.page_cache import PageCacheMiddleware

    def view(request):
        return HttpResponse(BODY)

    factory = RequestFactory()
    with tempfile.TemporaryDirectory() as tmp:
        for name, overrides in setups(tmp).items():
            with override_settings(PAGE_CACHE_ENABLED=True, **overrides):
                for alias in overrides["CACHES"]:
                    caches[alias].clear()
                middleware = PageCacheMiddleware(view)
                path = "/articles/neck-pain/"
                assert middleware(factory.get(path))["X-Cache"] == "MISS"
                timings = []
                for _ in range(hits):
                    request = factory.get(path)
                    started = time.perf_counter()
                    response = middleware(request)
                    timings.append(time.perf_counter() - started)
                    assert response["X-Cache"] == "HIT"
                median = statistics.median(timings) * 1e6
                print(f"{name:<42} {median:7.1f} us per hit (median of {hits:,})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=int, default=2000)
    args = parser.parse_args(argv)
    sys.path.insert(0, os.environ.get("PROJECT_DIR", str(PROJECT)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    measure(args.hits)


if __name__ == "__main__":
    main()

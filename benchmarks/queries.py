"""SQL queries per request of the benchmarked endpoints, measured with Django's test client
against the benchmark's database (run by benchmarks/run.py in a subprocess, with the same
environment as the server). Prints one JSON object: the endpoints' paths, their query
counts uncached and cached, and writes the article's HTML (for the static-response limit).

Usage: python benchmarks/queries.py ARTICLE_HTML_OUT
"""

import json
import sys
from pathlib import Path

import django

API_LISTING = "/api/v2/pages/?type=blog.ConditionArticlePage&fields=*&limit=20"
HOST = "127.0.0.1"


def endpoints():
    from blog.models import ArticleIndexPage, ConditionArticlePage

    articles = ConditionArticlePage.objects.live().order_by("pk")
    article = articles[articles.count() // 2]  # one from the middle, with neighbours
    return {
        "article": article.get_url(),
        "index": ArticleIndexPage.objects.live().first().get_url(),
        "api_listing": API_LISTING,
        "api_detail": f"/api/v2/pages/{article.pk}/",
    }


def count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return len(queries), response


def measure(paths):
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    result = {}
    client = Client()
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, path in paths.items():
            count(client, path)  # warms per-process caches (content types, site root paths)
            result[name] = {"uncached": count(client, path)[0]}
    with override_settings(PAGE_CACHE_ENABLED=True):
        cache.clear()
        for name, path in paths.items():
            count(client, path)
            queries, response = count(client, path)
            result[name]["cached"] = queries
            result[name]["x_cache"] = response.get("X-Cache")
    cache.clear()
    return result


def main(html_out):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    paths = endpoints()
    queries = measure(paths)
    with override_settings(PAGE_CACHE_ENABLED=False):
        html = Client().get(paths["article"], HTTP_HOST=HOST).content
    Path(html_out).write_bytes(html)
    print(json.dumps({"paths": paths, "queries": queries, "article_bytes": len(html)}))


if __name__ == "__main__":
    main(sys.argv[1])

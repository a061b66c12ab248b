"""How precise the page cache's invalidation is (issue 15): the share of warm URLs still
cached after one change, on the benchmark's seeded site.

Run by benchmarks/run.py in a subprocess with the server's environment (production settings,
the seeded database; its own CACHE_DIR). In one process, with Django's test client:

1. warms every URL a reader or a frontend can reach: home, every page of the index and of
   each topic and tag listing, every article and its API detail, the sitemap, feed and
   llms.txt, the API listing in windows of 20 and per topic;
2. makes one change through Wagtail's API, as an editor would (its own transaction): an
   edit of an article's title, a new article, an unpublished article;
3. asks every URL again, and also renders it with the cache bypassed (the truth). A URL is
   *related* when its content changed, *unrelated* when not; a *stale* answer is a cached
   one that differs from the truth (must be 0).

Prints one JSON object per change: URLs, still cached (all, and unrelated), related, stale.

Usage: python benchmarks/precision.py
"""

import json
import math
import sys
import time
from pathlib import Path

import django

HOST = "127.0.0.1"
BYPASS = {"HTTP_AUTHORIZATION": "Bypass page cache"}  # never served from nor stored in it


def warm_urls():
    from django.db.models import Count
    from taggit.models import Tag

    from blog.models import ArticleIndexPage, ConditionArticlePage, Topic

    index = ArticleIndexPage.objects.live().first()
    articles = index.get_articles()
    per_page = ArticleIndexPage.PER_PAGE

    def pages(base, count):
        return [base] + [f"{base}?page={n}" for n in range(2, math.ceil(count / per_page) + 1)]

    base = index.url
    urls = ["/", *pages(base, articles.count())]
    for topic in Topic.objects.annotate(n=Count("articles")).filter(n__gt=0):
        url = base + index.reverse_subpage("topic", kwargs={"slug": topic.slug})
        urls += pages(url, articles.filter(topics=topic).count())
    for tag in Tag.objects.filter(blog_articletag_items__isnull=False).distinct():
        url = base + index.reverse_subpage("tag", kwargs={"slug": tag.slug})
        urls += pages(url, articles.filter(tags__slug=tag.slug).distinct().count())
    live = ConditionArticlePage.objects.live().order_by("pk")
    for article in live:
        urls += [article.url, f"/api/v2/pages/{article.pk}/"]
    urls += ["/sitemap.xml", "/feed/", "/llms.txt", "/api/v2/pages/"]
    listing = "/api/v2/pages/?type=blog.ConditionArticlePage"
    urls += [f"{listing}&limit=20&offset={n}" for n in range(0, live.count(), 20)]
    urls += [f"{listing}&topic={topic.slug}" for topic in Topic.objects.all()]
    return urls


def ask(client, url, **extra):
    response = client.get(url, HTTP_HOST=HOST, **extra)
    return response.status_code, response.content, response.get("X-Cache")


def measure(client, urls, before):
    """{url: content now}, and the counts."""
    counts = {"urls": len(urls), "cached": 0, "related": 0, "unrelated": 0}
    counts |= {"unrelated_cached": 0, "stale": 0}
    now = {}
    for url in urls:
        status, content, cache = ask(client, url)
        truth = ask(client, url, **BYPASS)[:2]
        now[url] = truth
        related = truth != before[url]
        counts["cached"] += cache == "HIT"
        counts["related" if related else "unrelated"] += 1
        counts["unrelated_cached"] += cache == "HIT" and not related
        counts["stale"] += (status, content) != truth
    counts["cached_share"] = counts["cached"] / counts["urls"]
    counts["unrelated_cached_share"] = counts["unrelated_cached"] / max(1, counts["unrelated"])
    return now, counts


def changes():
    """(name, function making the change) — each through Wagtail, as an editor would."""
    from blog.models import ArticleIndexPage, ConditionArticlePage

    def middle():
        live = ConditionArticlePage.objects.live().order_by("pk")
        return live[live.count() // 2]

    def edit():
        page = middle().get_latest_revision_as_object()
        page.title = page.title + " (revised)"
        page.save_revision().publish()

    def new():
        index = ArticleIndexPage.objects.live().first()
        source = middle()
        page = ConditionArticlePage(
            title="A new article", slug="a-new-article", summary=source.summary, body=source.body
        )
        index.add_child(instance=page)
        page.topics.set(source.topics.all())
        page.save_revision().publish()

    def unpublish():
        middle().unpublish()

    return [("edit an article", edit), ("publish a new article", new), ("unpublish", unpublish)]


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    urls = warm_urls()
    before = {url: ask(client, url)[:2] for url in urls}
    print(f"warmed {len(urls):,} URLs in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results = {}
    for name, change in changes():
        change()
        before, results[name] = measure(client, urls, before)
        print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()

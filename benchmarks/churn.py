"""The editor of the churn load (benchmarks/load.py --churn), in a process of its own.

    python -m benchmarks.churn --interval 5 --duration 30 SLUG_A SLUG_B

With the servers' environment. First it adds two articles A and B (copies of the newest,
so they are the newest: first on the index, home, feed and newest-first listings), publishes
A and unpublishes B, prints {"articles": {"A": {"slug", "id", "path"}, "B": …}} and "ready",
and waits for a line on stdin. Then every `interval` seconds it unpublishes the live one and
publishes the other, each publish with a new title marker `[churn A<k>]` (or B), so every
response says which version it shows. After each change it prints one JSON line:
{"t": its commit time, "slug": …, "live": …, "k": …}. It stops after `duration` seconds.
"""

import argparse
import json
import os
import re
import sys
import time

import django

MARKER = re.compile(r" \[churn [AB]\d+\]$")


def change(slug, live, k, letter):
    """Publish (with a new marker) or unpublish in one transaction; print its commit time
    (the first thing done after the commit, when readers can first see it)."""
    from django.db import transaction
    from wagtail.models import Page

    committed = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.time()))
        page = Page.objects.get(slug=slug).specific
        if live:
            revision_page = page.get_latest_revision_as_object()
            revision_page.title = MARKER.sub("", revision_page.title) + f" [churn {letter}{k}]"
            revision_page.save_revision().publish()
        elif page.live:
            page.unpublish()
    event = {"t": committed[0], "slug": slug, "live": live, "k": k}
    print(json.dumps(event), flush=True)


def add_article(letter):
    """A new article, a copy of the newest live one (its topics and tags too), published."""
    from blog.models import ArticleIndexPage, ConditionArticlePage

    slug = f"churn-{letter.lower()}"
    page = ConditionArticlePage.objects.filter(slug=slug).first()
    if page is None:
        source = ConditionArticlePage.objects.live().order_by("-first_published_at").first()
        page = ConditionArticlePage(
            title=f"Churning article [churn {letter}0]",
            slug=slug,
            summary=source.summary,
            body=source.body,
        )
        ArticleIndexPage.objects.get(pk=source.get_parent().pk).add_child(instance=page)
        page.topics.set(source.topics.all())
        page.save_revision().publish()
    return {"slug": slug, "id": page.pk, "path": page.url}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=30.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    articles = {letter: add_article(letter) for letter in "AB"}
    slugs = {letter: article["slug"] for letter, article in articles.items()}
    k = 0
    change(slugs["A"], True, k, "A")
    change(slugs["B"], False, k, "B")
    print(json.dumps({"articles": articles}), flush=True)
    print("ready", flush=True)
    sys.stdin.readline()
    live = "A"
    started = time.monotonic()
    while True:
        tick = started + (k + 1) * args.interval
        if tick > started + args.duration:
            break
        time.sleep(max(0.0, tick - time.monotonic()))
        k += 1
        other = "B" if live == "A" else "A"
        change(slugs[live], False, k, live)
        change(slugs[other], True, k, other)
        live = other
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A stand-in syndicator keeps a copy {page id: URL} of the public site by syncing with
`modified_after` and tombstones only; after a random series of publishes, edits, unpublishes,
deletes, moves (within and out of the site, and back), renamed sections and view restrictions
(added and lifted)
its copy equals the site's full listing, every time it syncs."""

import random

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from tests.factories import ConditionArticlePageFactory, HomePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def paged(client, url):
    items, offset = [], 0
    while True:
        data = client.get(f"{url}&limit=100&offset={offset}").json()
        items += data["items"]
        offset += 100
        if offset >= data["meta"]["total_count"]:
            return items


def full_listing(client):
    return {
        item["id"]: item["meta"]["html_url"]
        for item in paged(client, "/api/v2/pages/?fields=_,id,html_url")
    }


class Syndicator:
    def __init__(self, client):
        self.client, self.copy, self.synced_at = client, {}, None

    def sync(self):
        started = timezone.now()
        if self.synced_at is None:
            self.copy = full_listing(self.client)
        else:
            since = self.synced_at.isoformat().replace("+", "%2B")
            for tombstone in paged(self.client, f"/api/v2/tombstones/?since={since}"):
                self.copy.pop(tombstone["id"], None)
            changed = paged(
                self.client, f"/api/v2/pages/?fields=_,id,html_url&modified_after={since}"
            )
            for item in changed:
                self.copy[item["id"]] = item["meta"]["html_url"]
        self.synced_at = started


def live(pk):
    return Page.objects.get(pk=pk).specific


@pytest.mark.parametrize("seed", range(1, 6))
def test_a_syndicator_resyncs_to_zero_differences(client, site_tree, seed):
    rng = random.Random(seed)
    outside = HomePageFactory(parent=Page.get_first_root_node(), slug="archive")
    parents = [site_tree.index.pk, site_tree.home.pk]
    articles = []
    for number in range(6):
        page = ConditionArticlePageFactory(parent=site_tree.index, slug=f"a-{number}")
        page.save_revision().publish()
        articles.append(page.pk)
    syndicator = Syndicator(client)
    syndicator.sync()
    made = len(articles)

    def publish_new():
        nonlocal made
        parent = Page.objects.get(pk=rng.choice(parents))
        page = ConditionArticlePageFactory(parent=parent, slug=f"a-{made}", live=False)
        made += 1
        page.save_revision().publish()
        articles.append(page.pk)

    def edit(pk):
        page = live(pk)
        page.title += " (edited)"
        page.save_revision().publish()

    def unpublish(pk):
        page = live(pk)
        if page.live:
            page.unpublish()

    def delete(pk):
        live(pk).delete()
        articles.remove(pk)

    def move(pk):
        live(pk).move(Page.objects.get(pk=rng.choice([*parents, outside.pk])), "last-child")

    def restrict(pk):
        if not PageViewRestriction.objects.filter(page_id=pk).exists():
            PageViewRestriction.objects.create(
                page=live(pk), restriction_type=PageViewRestriction.PASSWORD, password="x"
            )

    def lift(pk):
        for restriction in PageViewRestriction.objects.filter(page_id=pk):
            restriction.delete()

    def rename_section(pk):
        """The section's slug, not the article: every article under it changes path."""
        section = Page.objects.get(pk=site_tree.index.pk).specific
        section.slug = f"articles-{rng.randint(0, 999)}"
        section.save_revision().publish()

    log = []
    operations = [edit, unpublish, edit, delete, move, move, restrict, lift, rename_section]
    for step in range(30):
        if rng.random() < 0.2 or not articles:
            publish_new()
        else:
            operation, pk = rng.choice(operations), rng.choice(articles)
            operation(pk)
            log.append((step, operation.__name__, pk))
        if step % 3 == 2:
            syndicator.sync()
            assert syndicator.copy == full_listing(client), f"seed {seed}, step {step}: {log}"
    syndicator.sync()
    assert syndicator.copy == full_listing(client)

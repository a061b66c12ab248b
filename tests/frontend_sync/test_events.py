"""Which changes become which events and tombstones (recorded rows; the sending is
tests/frontend_sync/test_webhooks.py)."""

import json

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from frontend_sync.models import PageChange, Tombstone, WebhookDelivery, WebhookEndpoint
from tests.factories import ConditionArticlePageFactory, HomePageFactory
from tests.seeding.test_seed import build_pack, seed

from .conftest import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(site_tree):
    return WebhookEndpoint.objects.create(name="Frontend", url=Receiver(9).url)


@pytest.fixture
def article(site_tree):
    page = ConditionArticlePageFactory(parent=site_tree.index, title="Neck pain", slug="neck-pain")
    page.save_revision().publish()
    WebhookDelivery.objects.all().delete()
    return page


def events():
    return [json.loads(d.payload) for d in WebhookDelivery.objects.order_by("pk")]


def tombstones():
    return list(Tombstone.objects.values_list("page_id", "html_path", "reason"))


def test_unpublish_buries_the_page_and_republish_unburies_it(endpoint, article):
    article.unpublish()
    assert tombstones() == [(article.pk, "/articles/neck-pain/", "unpublished")]
    [event] = events()
    assert (event["event"], event["id"], event["html_path"]) == (
        "page.unpublished",
        article.pk,
        "/articles/neck-pain/",
    )
    assert event["revision_id"] is None

    article.save_revision().publish()
    assert tombstones() == []
    assert [e["event"] for e in events()] == ["page.unpublished", "page.published"]


def test_delete_sends_one_deleted_event_not_an_unpublish(endpoint, article):
    """Wagtail unpublishes a live page before deleting it: that is not a second event."""
    page_id = article.pk
    Page.objects.get(pk=page_id).delete()
    assert [(e["event"], e["id"], e["html_path"]) for e in events()] == [
        ("page.deleted", page_id, "/articles/neck-pain/")
    ]
    assert tombstones() == [(page_id, "/articles/neck-pain/", "deleted")]


def test_deleting_a_branch_reports_each_live_page_once(endpoint, article, site_tree):
    ConditionArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    Page.objects.get(pk=site_tree.index.pk).delete()
    assert sorted((e["event"], e["html_path"]) for e in events()) == [
        ("page.deleted", "/articles/"),
        ("page.deleted", "/articles/neck-pain/"),
    ]
    assert sorted(tombstones()) == sorted(
        [
            (site_tree.index.pk, "/articles/", "deleted"),
            (article.pk, "/articles/neck-pain/", "deleted"),
        ]
    )


def test_deleting_a_draft_says_nothing(endpoint, site_tree):
    draft = ConditionArticlePageFactory(parent=site_tree.index, live=False)
    draft.delete()
    assert events() == []
    assert tombstones() == []


def test_move_within_the_site_tells_both_paths(endpoint, article, site_tree):
    article.move(site_tree.home, pos="last-child")
    [event] = events()
    assert event["event"] == "page.moved"
    assert event["html_path"] == "/neck-pain/"
    assert event["previous_html_path"] == "/articles/neck-pain/"
    assert tombstones() == []


def test_move_out_of_the_site_buries_the_branch(endpoint, article, site_tree):
    """Moved under a page that is no site's root: gone from the site, with its old path."""
    outside = HomePageFactory(parent=Page.get_first_root_node(), slug="archive")
    site_tree.index.move(outside, pos="last-child")
    assert set(tombstones()) == {
        (site_tree.index.pk, "/articles/", "moved_out"),
        (article.pk, "/articles/neck-pain/", "moved_out"),
    }
    assert [(e["event"], e["id"], e["html_path"], e["previous_html_path"]) for e in events()] == [
        ("page.moved", site_tree.index.pk, None, "/articles/"),
        ("page.moved", article.pk, None, "/articles/neck-pain/"),
    ]

    Page.objects.get(pk=site_tree.index.pk).move(site_tree.home, pos="last-child")
    assert tombstones() == []  # back in the site


def test_view_restriction_buries_the_branch_and_lifting_it_unburies(endpoint, article, site_tree):
    restriction = PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert set(tombstones()) == {
        (site_tree.index.pk, "/articles/", "restricted"),
        (article.pk, "/articles/neck-pain/", "restricted"),
    }
    assert [(e["event"], e["id"], e["html_path"]) for e in events()] == [
        ("page.restricted", site_tree.index.pk, "/articles/"),
        ("page.restricted", article.pk, "/articles/neck-pain/"),
    ]
    WebhookDelivery.objects.all().delete()
    restriction.delete()
    assert tombstones() == []
    assert [(e["event"], e["id"]) for e in events()] == [
        ("page.unrestricted", site_tree.index.pk),
        ("page.unrestricted", article.pk),
    ]


def test_moving_a_branch_tells_every_page_its_new_and_old_path(endpoint, article, site_tree):
    """A frontend revalidates both paths of every page whose path changed, not only the top's."""
    section = ConditionArticlePageFactory(parent=site_tree.home, slug="section")
    section.save_revision().publish()
    ConditionArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    WebhookDelivery.objects.all().delete()
    Page.objects.get(pk=site_tree.index.pk).move(section, pos="last-child")
    assert [(e["event"], e["id"], e["html_path"], e["previous_html_path"]) for e in events()] == [
        ("page.moved", site_tree.index.pk, "/section/articles/", "/articles/"),
        ("page.moved", article.pk, "/section/articles/neck-pain/", "/articles/neck-pain/"),
    ]  # not the draft: readers never saw it
    assert tombstones() == []
    assert set(PageChange.objects.values_list("page_id", flat=True)) == {
        site_tree.index.pk,
        article.pk,
    }


def test_moving_a_branch_into_a_restricted_one_buries_it_and_back_unburies(
    endpoint, article, site_tree
):
    private = ConditionArticlePageFactory(parent=site_tree.home, slug="private")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    WebhookDelivery.objects.all().delete()
    Page.objects.get(pk=site_tree.index.pk).move(private, pos="last-child")
    assert set(tombstones()) == {
        (private.pk, "/private/", "restricted"),
        (site_tree.index.pk, "/articles/", "restricted"),
        (article.pk, "/articles/neck-pain/", "restricted"),
    }
    assert [(e["event"], e["id"]) for e in events()] == [
        ("page.moved", site_tree.index.pk),
        ("page.moved", article.pk),
    ]
    Page.objects.get(pk=site_tree.index.pk).move(site_tree.home, pos="last-child")
    assert tombstones() == [(private.pk, "/private/", "restricted")]


def test_a_restriction_inside_a_branch_outlives_the_branchs_moves_and_lifts(
    endpoint, article, site_tree
):
    """A page under a restriction of its own stays buried when a restriction above it is
    lifted, or its branch moves out of the site and back: it was never public meanwhile."""
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    [buried] = tombstones()
    outer = PageViewRestriction.objects.create(
        page=site_tree.index, restriction_type=PageViewRestriction.LOGIN
    )
    assert [e["id"] for e in events() if e["event"] == "page.restricted"] == [
        article.pk,
        site_tree.index.pk,
    ]  # the article once, by its own restriction
    outer.delete()
    assert tombstones() == [buried]
    assert [e["id"] for e in events() if e["event"] == "page.unrestricted"] == [site_tree.index.pk]

    outside = HomePageFactory(parent=Page.get_first_root_node(), slug="archive")
    Page.objects.get(pk=site_tree.index.pk).move(outside, pos="last-child")
    Page.objects.get(pk=site_tree.index.pk).move(site_tree.home, pos="last-child")
    assert tombstones() == [buried]
    moved = [e["id"] for e in events() if e["event"] == "page.moved"]
    assert moved == [site_tree.index.pk, site_tree.index.pk]


def test_deleting_a_restricted_page_keeps_its_tombstone(endpoint, article):
    """Its restriction is deleted with it: that is not the restriction being lifted."""
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    Page.objects.get(pk=article.pk).delete()
    assert tombstones() == [(article.pk, "/articles/neck-pain/", "restricted")]
    assert [e["event"] for e in events()] == ["page.restricted", "page.deleted"]


def test_moves_and_lifted_restrictions_count_as_modified(client, endpoint, article, site_tree):
    """`last_published_at` does not change on a move; `modified_after` lists the page all
    the same (its path changed), and a page public again after a restriction is lifted."""
    before = timezone.now().isoformat().replace("+", "%2B")
    url = f"/api/v2/pages/?modified_after={before}"
    assert client.get(url).json()["items"] == []
    Page.objects.get(pk=article.pk).move(site_tree.home, "last-child")
    assert [item["id"] for item in client.get(url).json()["items"]] == [article.pk]

    PageChange.objects.all().delete()
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    restriction.delete()
    assert [item["id"] for item in client.get(url).json()["items"]] == [article.pk]


def test_unpublishing_a_restricted_page_is_not_a_second_removal(endpoint, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    removed_at = Tombstone.objects.get().removed_at
    article.unpublish()
    assert Tombstone.objects.get().removed_at == removed_at
    assert tombstones() == [(article.pk, "/articles/neck-pain/", "restricted")]


def test_tombstones_belong_to_the_site_the_page_left(article, site_tree):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    other_site = Site.objects.create(hostname="other.example", root_page=other_home)
    other_article = ConditionArticlePageFactory(parent=other_home, slug="elsewhere")
    other_article.unpublish()
    article.unpublish()
    assert dict(Tombstone.objects.values_list("page_id", "site_id")) == {
        other_article.pk: other_site.pk,
        article.pk: site_tree.site.pk,
    }


def test_a_seeds_batch_of_new_articles_is_announced_page_by_page(tmp_path):
    """The seed writes new articles in batches (seeding/bulk_publish.py) inside
    `new_pages_published()`: each still gets its page.published delivery."""
    WebhookEndpoint.objects.create(name="Frontend", url=Receiver(9).url)
    seed("--fixtures", build_pack(tmp_path, 3))
    published = [e for e in events() if e["type"] == "blog.ConditionArticlePage"]
    assert {e["event"] for e in published} == {"page.published"}
    assert sorted(e["html_path"] for e in published) == [
        f"/articles/muscle-spasms-part-{n}/" for n in (1, 2, 3)
    ]
    assert all(e["revision_id"] for e in published)


def test_a_stale_cached_site_records_no_tombstone(article, site_tree):
    """Wagtail caches the site root paths; a site created in a transaction that rolled back
    can outlive it there. A removal then records no tombstone for it (a row pointing at no
    site would fail the unpublish's commit on PostgreSQL)."""
    with transaction.atomic():
        Site.objects.all().delete()
        ghost = Site.objects.create(hostname="ghost", root_page=site_tree.home)
        assert ghost.pk in [root.site_id for root in Site.get_site_root_paths()]
        transaction.set_rollback(True)
    assert ghost.pk in [root.site_id for root in Site.get_site_root_paths()]  # still cached
    Page.objects.get(pk=article.pk).specific.unpublish()
    assert Tombstone.objects.filter(site_id=ghost.pk).count() == 0


def test_events_name_the_pages_showing_the_page(client, endpoint, article, site_tree):
    """The home page features the article: when the article comes back after an unpublish,
    the home page shows it again though nothing of the home page was published. The event
    names it (`shown_on`), and `modified_after` lists it."""
    home = site_tree.home
    home.featured_articles.create(article=article)
    home.save_revision().publish()
    article.unpublish()
    [unpublished] = [e for e in events() if e["event"] == "page.unpublished"]
    assert unpublished["shown_on"] == [{"id": home.pk, "html_path": "/"}]

    before = timezone.now().isoformat().replace("+", "%2B")
    WebhookDelivery.objects.all().delete()
    article.save_revision().publish()
    [published] = events()
    assert published["shown_on"] == [{"id": home.pk, "html_path": "/"}]
    listed = client.get(f"/api/v2/pages/?modified_after={before}").json()["items"]
    assert {item["id"] for item in listed} == {article.pk, home.pk}


def test_renaming_a_section_tells_every_page_below_it(client, endpoint, article, site_tree):
    """Wagtail rewrites the descendants' paths with no signal in the transaction: each live
    page gets page.moved with both paths and is listed by modified_after."""
    ConditionArticlePageFactory(parent=site_tree.index, slug="draft", live=False)
    before = timezone.now().isoformat().replace("+", "%2B")
    section = Page.objects.get(pk=site_tree.index.pk).specific
    section.slug = "library"
    section.save_revision().publish()
    moved = [
        (e["id"], e["html_path"], e["previous_html_path"])
        for e in events()
        if e["event"] == "page.moved"
    ]
    assert moved == [
        (site_tree.index.pk, "/library/", "/articles/"),
        (article.pk, "/library/neck-pain/", "/articles/neck-pain/"),
    ]
    assert [e["event"] for e in events()][-1] == "page.published"
    listed = client.get(f"/api/v2/pages/?modified_after={before}").json()["items"]
    assert {item["id"] for item in listed} == {site_tree.index.pk, article.pk}

    WebhookDelivery.objects.all().delete()
    section.title = "Library"  # a publish without a new slug: nothing moved
    section.save_revision().publish()
    assert [e["event"] for e in events()] == ["page.published"]

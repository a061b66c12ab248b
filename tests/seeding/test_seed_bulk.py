"""New articles are written in batches (home/bulk_publish.py): each must be indistinguishable
from one published through Wagtail's own add_child, save_revision and publish, and the seed's
queries must not grow with the number of new articles (only per batch)."""

import datetime
import json
import shutil
from contextlib import nullcontext
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from blog.models import ArticleIndexPage, ConditionArticlePage
from seeding import seed as seed_module
from seeding.models import SeedRecord
from tests.contentpack.conftest import PROJECT

from .test_seed import ARTICLE_SLUG, build_pack, count_queries, seed

PACK = PROJECT / "fixtures"
TWIN = "muscle-spasms-twin"


@pytest.fixture
def packs(tmp_path):
    """The committed pack, and the same plus a twin of its article under another slug."""
    one = tmp_path / "one"
    shutil.copytree(PACK, one, ignore=shutil.ignore_patterns("source", "*.md"))
    # Every part pack version 2 can give an article, so each is compared below.
    path = one / "articles" / f"{ARTICLE_SLUG}.json"
    article = json.loads(path.read_bytes())
    article["care_cards"] = [
        {"level": "immediate", "heading": "Call 999 if you have:", "text": "- chest pain"},
        {"level": "non-urgent", "heading": None, "text": "See a GP if it *lasts*."},
    ]
    article["image_caption"] = "A neck stretch."
    article["disclaimer"] = "This article is general information, not a diagnosis."
    path.write_text(json.dumps(article, ensure_ascii=False))
    two = tmp_path / "two"
    shutil.copytree(one, two)
    article = json.loads((two / "articles" / f"{ARTICLE_SLUG}.json").read_bytes())
    article["slug"] = TWIN
    (two / "articles" / f"{TWIN}.json").write_text(json.dumps(article, ensure_ascii=False))
    site = json.loads((two / "site.json").read_bytes())
    site["articles"].append(TWIN)
    (two / "site.json").write_text(json.dumps(site, ensure_ascii=False))
    return one, two


def through_wagtail(monkeypatch):
    """Make the seed publish new articles as it used to: add_child, save_revision, publish,
    with Wagtail's own search indexing on every save (no batches, nothing deferred)."""

    def queue_article(self, key, fields, source):
        page = self.page(key, self.new_articles.parent, ConditionArticlePage, fields, source)
        self.article_pks[page.slug] = page.pk

    monkeypatch.setattr(seed_module.Seeder, "queue_article", queue_article)
    monkeypatch.setattr(seed_module, "page_indexing_deferred", nullcontext)
    monkeypatch.setattr(seed_module, "index_objects", lambda *args, **kwargs: None)


# What differs between two pages of the same content: replaced by placeholders (not None).
DIFFERS = {
    "id", "pk", "page_ptr", "page_ptr_id", "path", "url_path", "slug", "translation_key",
    "latest_revision", "latest_revision_id", "live_revision", "live_revision_id",
    "object_id", "content_object", "page",
}  # fmt: skip


def normalise(value):
    if isinstance(value, dict):
        return {
            k: f"<{k}>" if k in DIFFERS and v is not None else normalise(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    if isinstance(value, datetime.datetime):
        return "TIME"
    return value


def state(slug):
    """Everything Wagtail stores for a published article, with what differs between two
    pages of the same content (ids, slug, tree position, times) replaced by placeholders."""
    page = ConditionArticlePage.objects.get(slug=slug)
    revision = Revision.objects.get(object_id=str(page.pk), base_content_type__model="page")
    assert page.live and not page.has_unpublished_changes and not page.expired
    assert page.live_revision_id == page.latest_revision_id == revision.pk
    assert page.first_published_at == page.last_published_at
    assert page.latest_revision_created_at == revision.created_at <= page.last_published_at
    assert page.url_path == page.get_parent().url_path + slug + "/"
    assert page.url == f"/articles/{slug}/"
    assert revision.content["pk"] == page.pk and revision.content["slug"] == slug
    assert revision.content["url_path"] == page.url_path
    assert {item["content_object"] for item in revision.content["tagged_items"]} <= {page.pk}
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    logs = list(
        entries.values_list(
            "action", "user__username", "label", "data", "content_changed", "deleted", "uuid",
            "content_type_id",
        )
    )  # fmt: skip
    created, published = entries
    assert created.timestamp <= page.last_published_at <= published.timestamp
    assert (created.revision_id, published.revision_id) == (None, revision.pk)
    references = sorted(
        ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
            "content_type_id", "base_content_type_id", "to_content_type_id", "to_object_id",
            "model_path", "content_path", "content_path_hash",
        )
    )  # fmt: skip
    search = list(
        IndexEntry.objects.filter(object_id=str(page.pk)).values_list(
            "content_type_id", "title", "autocomplete", "body"
        )
    )
    record = SeedRecord.objects.get(key=f"article:{slug}")
    assert (record.page_id, record.revision_id) == (page.pk, revision.pk)
    return normalise(
        {
            "fields": {f.attname: getattr(page, f.attname) for f in page._meta.concrete_fields},
            "revision": {
                f.attname: getattr(revision, f.attname) for f in Revision._meta.concrete_fields
            },
            "content": {
                **revision.content,
                "tagged_items": [normalise(item) for item in revision.content["tagged_items"]],
            },
            "logs": logs,
            "tags": list(page.tags.values_list("name", flat=True)),
            "topics": list(page.topics.values_list("slug", flat=True)),
            "care_cards": list(
                page.care_cards.values_list("sort_order", "level", "heading", "text", "html")
            ),
            "references": references,
            "search": search,
        }
    )


def assert_tree_is_sound():
    assert Page.find_problems() == ([], [], [], [], [])
    for page in Page.objects.all():
        assert page.numchild == page.get_children().count(), page


@pytest.mark.django_db
def test_batch_written_article_is_indistinguishable_from_one_published_through_wagtail(
    packs, monkeypatch, client
):
    one, two = packs
    with monkeypatch.context() as patch:
        through_wagtail(patch)
        assert "created 8" in seed("--fixtures", one)
    assert "created   article:" + TWIN in seed("--fixtures", two)  # written in a batch

    twin = state(TWIN)
    assert twin == state(ARTICLE_SLUG)
    assert [card[:3] for card in twin["care_cards"]] == [
        [0, "immediate", "Call 999 if you have:"],
        [1, "non-urgent", ""],
    ]
    assert twin["care_cards"][1][4] == "<p>See a GP if it <em>lasts</em>.</p>"
    assert twin["fields"]["disclaimer_text"].endswith("not a diagnosis.")
    assert twin["fields"]["image_caption"] == "A neck stretch."
    assert twin["content"]["care_cards"][0]["html"] == "<ul>\n<li>chest pain</li>\n</ul>"
    assert_tree_is_sound()
    # Found alike by the site search, the Wagtail admin's search, and the API.
    both = {ARTICLE_SLUG, TWIN}
    for words in ("trigger points", "neck", "Muscle Spasms"):
        found = ConditionArticlePage.objects.live().search(words)
        assert {page.slug for page in found} == both, words
        assert {p.slug for p in Page.objects.live().search(words)} >= both, words
        html = client.get("/search/", {"q": words}).content.decode()
        assert all(f'href="/articles/{slug}/"' in html for slug in both), words
    for slug in both:
        assert client.get(f"/articles/{slug}/").status_code == 200
    # Idempotent: both unchanged on the next run.
    assert "created 0, updated 0, unchanged 9, skipped 0" in seed("--fixtures", two)


@pytest.mark.django_db
def test_articles_in_several_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_module, "BATCH_SIZE", 3)
    pack = build_pack(tmp_path, 8)
    output = seed("--fixtures", pack)
    assert "created 15, updated 0" in output  # 7 site items + 8 articles
    index = ArticleIndexPage.objects.get()
    articles = ConditionArticlePage.objects.child_of(index)
    titles = {f"Muscle Spasms, Part {n}" for n in range(1, 9)}
    assert {a.title for a in articles} == titles
    assert all(a.live and a.live_revision_id for a in articles)
    assert Revision.objects.filter(object_id__in=[str(a.pk) for a in articles]).count() == 8
    assert_tree_is_sound()
    assert "unchanged 15" in seed("--fixtures", pack)


@pytest.mark.django_db
def test_queries_do_not_grow_with_new_articles(tmp_path):
    """A first seed of 20 or of 40 articles (one batch) costs the same queries."""
    small, large = build_pack(tmp_path, 20), build_pack(tmp_path, 40)
    with transaction.atomic():
        twenty = count_queries("--fixtures", small)
        transaction.set_rollback(True)
    forty = count_queries("--fixtures", large)
    assert forty - twenty <= 2, (twenty, forty)
    # 2026-11: about 510 queries for the whole first seed, nearly all of them for the site
    # pages (published one by one through Wagtail), groups and workflow.
    assert forty <= 550, forty


@pytest.mark.django_db
def test_batches_cost_a_bounded_number_of_queries(tmp_path, monkeypatch):
    """In batches of 10, each batch costs a bounded number of queries, whatever its size."""
    monkeypatch.setattr(seed_module, "BATCH_SIZE", 10)
    small, large = build_pack(tmp_path, 20), build_pack(tmp_path, 40)
    with transaction.atomic():
        two_batches = count_queries("--fixtures", small)
        transaction.set_rollback(True)
    four_batches = count_queries("--fixtures", large)
    assert (four_batches - two_batches) / 2 <= 15, (two_batches, four_batches)


@pytest.mark.django_db
def test_article_whose_slug_is_taken_by_an_editors_page_names_file_and_field(packs):
    """A page of another type an editor made under the index with a new article's slug: the
    seed refuses, names the file and field, and writes nothing (as add_child's validation)."""
    one, two = packs
    seed("--fixtures", one)
    ArticleIndexPage.objects.get().add_child(instance=Page(title="Editor's own", slug=TWIN))
    before = Page.objects.count(), Revision.objects.count()
    with pytest.raises(CommandError) as error:
        seed("--fixtures", two, "--force")
    message = str(error.value)
    assert f"articles/{TWIN}.json: field 'slug': The slug '{TWIN}' is already in use" in message
    assert "nothing was written" in message
    assert (Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.django_db
def test_invalid_article_value_names_file_and_field(packs):
    _, two = packs
    path = two / "articles" / f"{TWIN}.json"
    article = json.loads(path.read_bytes())
    article["summary"] = "x" * 301  # ConditionArticlePage.summary max_length=300
    path.write_text(json.dumps(article))
    before = Page.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("seed", "--fixtures", str(two), stdout=StringIO())
    assert f"articles/{TWIN}.json: field 'summary'" in str(error.value)
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_large_pack_shows_progress(tmp_path):
    pack = build_pack(tmp_path, 100)
    output = seed("--fixtures", pack)
    assert "  100/100 articles (100%) in " in output
    assert "created 107" in output

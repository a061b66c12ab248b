"""Seed the site from a content pack (see fixtures/README.md): create or update by slug.

`seed(pack_dir)` validates the whole pack, then writes everything in one transaction. Pages
are published through Wagtail's revision API (a revision and page history per page, by the
"content-seed" user); new articles, the bulk of a first seed, are written in batches by
`seeding.bulk_publish`, which writes the same rows in a few queries per batch. A `SeedRecord`
per item remembers what the seed wrote, so a second run changes nothing, and an item an editor
changed since is skipped unless `force`. The search index is updated once per page, at the
end, in batches; the reference index once per object.
"""

import hashlib
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from blog.models import ArticleCareCard, ArticleIndexPage, ConditionArticlePage, Person, Topic
from contentpack import pack as content_pack
from core.search_index import index_objects, page_indexing_deferred
from home.models import (
    ContactFormField,
    ContactPage,
    DisclaimerPage,
    FeaturedArticle,
    HomePage,
    PracticeSettings,
)

from .bulk_publish import NewChildPages
from .editorial import ensure_editorial_setup
from .models import SeedRecord

SEED_USERNAME = "content-seed"
WELCOME_TITLE = "Welcome to your new Wagtail site!"
# Model field -> pack field, for error messages that name what the practice can fix.
PACK_FIELDS = {
    "call_to_action_text": "call_to_action",
    "disclaimer_text": "disclaimer",
    "form_fields": "fields",
}
# New articles written per batch (memory stays flat; queries per batch are bounded), and
# objects loaded at once to update the search and reference indexes at the end.
BATCH_SIZE = 100
INDEX_CHUNK = 200


# Where each site-level page's fields are in the pack: (file, field prefix).
SITE = {
    name: ("site.json", f"{name}.") for name in ("home", "article_index", "disclaimer", "contact")
}


# What `locate()` and the unchanged check read of an existing article.
LOCATE_FIELDS = ("slug", "path", "depth", "live", "latest_revision", "content_type")


class SeedError(Exception):
    """The pack cannot be seeded; the message names the file and field."""


# Per-item lines kept for each of created, updated and unchanged (skipped items are always
# all listed): a pack of 10,000 articles would otherwise print, and hold, 10,000 lines.
LISTED_PER_STATUS = 100


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    listed: list = field(default_factory=list)

    def add(self, status, label, note=""):
        self.counts[status] += 1
        if status == "skipped" or self.counts[status] <= LISTED_PER_STATUS:
            self.note(f"  {status:<9} {label}{f' ({note})' if note else ''}")

    def note(self, line):
        self.listed.append(line)

    @property
    def lines(self):
        more = [
            f"  ... and {count - LISTED_PER_STATUS:,} more {status}"
            for status, count in sorted(self.counts.items())
            if status != "skipped" and count > LISTED_PER_STATUS
        ]
        return self.listed + more

    @property
    def changed(self):
        return bool(self.counts["created"] or self.counts["updated"])

    def outcome(self):
        """One line on what the run did as a whole, true also when it skipped items."""
        skipped = self.counts["skipped"]
        if self.changed:
            return None
        if skipped:
            return (
                f"nothing written: {skipped} item(s) skipped (listed above), so the database "
                "may not match the pack; --force overwrites them"
            )
        return "nothing to change: the database already matches the pack"

    def summary(self):
        c = self.counts
        prefix = "seed (dry run, nothing written)" if self.dry_run else "seed"
        return (
            f"{prefix}: created {c['created']}, updated {c['updated']}, "
            f"unchanged {c['unchanged']}, skipped {c['skipped']} (edited since seeding)"
        )


def digest(data):
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def seed_user():
    """The inactive account page history shows as the seed's author."""
    user, created = get_user_model().objects.get_or_create(
        username=SEED_USERNAME,
        defaults={"first_name": "Content", "last_name": "seed", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def site_address():
    """Hostname and port of the default Site, from SITE_URL (env-driven). Wagtail serves a
    Site on port 443 as https, any other as http."""
    url = urlsplit(settings.SITE_URL)
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.hostname or "localhost", port


class Seeder:
    def __init__(self, pack, force=False, dry_run=False, progress=None):
        self.pack = pack
        self.site = pack.site
        self.force = force
        self.report = Report(dry_run=dry_run)
        self.progress = progress  # called with (articles done, total, seconds) now and then
        self.user = None
        self.records = {}
        self.topics_by_pk = {}
        self.tags = {}  # taggit Tag by name, fetched or created once per seed
        self.touched = []  # non-page objects whose references to re-index at the end
        self.to_index = defaultdict(set)  # model -> pks of the pages to (re-)index for search
        self.new_articles = None  # NewChildPages under the article index
        self.article_pks = {}  # slug -> pk, for the featured articles

    # -- the plan ---------------------------------------------------------------------------

    def run(self):
        """Seed everything; the search index is updated once per page at the end, the
        reference index once per object (a page's when it is published)."""
        with disable_reference_index_auto_update(), page_indexing_deferred():
            self.seed_all()
        for obj in self.touched:
            ReferenceIndex.create_or_update_for_object(obj)
        if not self.report.dry_run:  # a dry run is rolled back: nothing to index
            for model, pks in self.to_index.items():
                index_objects(model, sorted(pks), chunk=INDEX_CHUNK)
        return self.report

    def seed_all(self):
        self.user = seed_user()
        self.records = {r.key: r for r in SeedRecord.objects.all()}
        root = Page.get_first_root_node() or create_root()
        home = self.page_shell("page:home", root, HomePage, self.home_fields({}), SITE["home"])
        self.ensure_site(home)
        index = self.page(
            "page:article_index", home, ArticleIndexPage, self.index_fields(), SITE["article_index"]
        )
        disclaimer = self.page(
            "page:disclaimer", home, DisclaimerPage, self.disclaimer_fields(), SITE["disclaimer"]
        )
        contact = self.page(
            "page:contact", home, ContactPage, self.contact_fields(), SITE["contact"]
        )
        self.ensure_settings(home, disclaimer, contact)
        topics = self.ensure_topics()
        self.topics_by_pk = {topic.pk: topic for topic in topics.values()}
        self.ensure_people()
        self.seed_articles(index, topics, contact)
        self.page(
            "page:home", root, HomePage, self.home_fields(self.article_pks), SITE["home"], page=home
        )
        if index is not None:
            ensure_editorial_setup(index)

    def seed_articles(self, index, topics, contact):
        """Each article: new ones are queued and written BATCH_SIZE at a time; existing ones
        go through `page()` (unchanged, skipped, or updated through the revision API)."""
        existing = self.existing_articles(index)
        if index is not None:
            self.new_articles = NewChildPages(index, ConditionArticlePage, self.user)
        total, started = len(self.pack.articles), time.monotonic()
        every = max(100, -(-total // 10))  # about ten progress lines for a large pack
        own_disclaimers = {}  # source file -> its disclaimer, to check none is dropped
        for done, article in enumerate(self.pack.articles, start=1):
            slug = article["slug"]
            own_disclaimers[article["source"]] = article["disclaimer"]
            key, fields = f"article:{slug}", self.article_fields(article, topics, contact)
            source = (f"articles/{slug}.json", "")
            page, record = self.locate(key, index, ConditionArticlePage, slug, existing)
            if page is None and index is not None and (record is None or self.force):
                self.queue_article(key, fields, source)
            else:
                page = self.page(
                    key, index, ConditionArticlePage, fields, source, page=page, existing=existing
                )
                self.article_pks[slug] = page.pk if page else None
            if len(self.new_articles or ()) >= BATCH_SIZE:
                self.publish_new_articles()
            if self.progress and (done % every == 0 or done == total) and total >= every:
                self.progress(done, total, time.monotonic() - started)
        self.publish_new_articles()
        self.check_disclaimers_placed(own_disclaimers)

    def check_disclaimers_placed(self, own_disclaimers):
        """Every disclaimer of the pack lands on an article: each of site.json's
        `alternative_disclaimers` must be its source's own `disclaimer` (what the article
        shows), else it would be silently lost. Raises SeedError (nothing is written)."""
        for position, alternative in enumerate(self.site["alternative_disclaimers"]):
            if own_disclaimers.get(alternative["source"]) != alternative["text"]:
                raise SeedError(
                    f"site.json: field 'alternative_disclaimers.{position}': the disclaimer "
                    f"of {alternative['source']} is not that article's own 'disclaimer', so "
                    "no page would show it; rebuild the pack"
                )

    def queue_article(self, key, fields, source):
        page = ConditionArticlePage(live=False, owner=self.user)
        self.apply(page, fields)
        with field_errors(*source):
            self.new_articles.add(page)
        page._seed_key, page._seed_digest = key, digest(fields)

    def publish_new_articles(self):
        if not self.new_articles:
            return
        records = []
        for page, revision in self.new_articles.publish():
            key = page._seed_key
            self.to_index[ConditionArticlePage].add(page.pk)
            self.article_pks[page.slug] = page.pk
            record = self.records.get(key)
            if record is None:
                record = SeedRecord(key=key)
                records.append(record)
            record.page_id, record.revision_id = page.pk, revision.pk
            record.digest = page._seed_digest
            if record.pk is not None:  # re-created with --force after an editor deleted it
                record.save()
            self.records.pop(key, None)  # each key comes once: memory stays flat
            self.report.add("created", key)
        SeedRecord.objects.bulk_create(records)

    # -- fields from the pack ---------------------------------------------------------------

    def home_fields(self, article_pks):
        home = self.site["home"]
        featured = [article_pks[slug] for slug in home["featured"] if article_pks.get(slug)]
        return {
            "title": home["title"],
            "slug": home["slug"],
            "intro": home["intro"],
            "featured_articles": [{"article_id": pk} for pk in featured],
        }

    def index_fields(self):
        data = self.site["article_index"]
        fields = {"title": data["title"], "slug": data["slug"], "intro": data["intro"]}
        return fields | {"show_in_menus": True}  # a section of the site's navigation

    def disclaimer_fields(self):
        data = self.site["disclaimer"]
        return {k: data[k] for k in ("title", "slug", "summary", "body")}

    def contact_fields(self):
        data = self.site["contact"]
        fields = {
            k: data[k]
            for k in ("title", "slug", "intro", "thank_you_text", "subject")
            + ("to_address", "from_address")
        }
        fields["form_fields"] = [
            {k: f[k] for k in ("label", "field_type", "required", "help_text")}
            for f in data["fields"]
        ]
        fields["show_in_menus"] = True  # a section of the site's navigation
        return fields

    def article_fields(self, article, topics, contact):
        has_cta = bool(article["call_to_action"])
        return {
            "title": article["title"],
            "slug": article["slug"],
            "summary": article["summary"],
            "body": article["body"],
            "topics": sorted(topics[slug].pk for slug in article["topics"]),
            "tags": article["tags"],
            "image_caption": article["image_caption"] or "",
            "image_credit": article["image_credit"] or "",
            "care_cards": [
                {"level": card["level"], "heading": card["heading"] or "", "text": card["text"]}
                for card in article["care_cards"]
            ],
            "call_to_action_text": article["call_to_action"] or "",
            "call_to_action_page_id": contact.pk if (has_cta and contact) else None,
            # The article's own words (each of site.json's alternative_disclaimers is one of
            # these); none: the notice shows the site's default disclaimer's summary.
            "disclaimer_text": article["disclaimer"] or "",
            "disclaimer_id": None,  # the full disclaimer linked: the site's default
        }

    # -- pages ------------------------------------------------------------------------------

    def existing_articles(self, index):
        """Articles the seed made or that sit under the index, by pk and by slug (one query)."""
        if index is None:
            return None
        page_ids = [r.page_id for k, r in self.records.items() if k.startswith("article:")]
        pages = list(
            (
                ConditionArticlePage.objects.filter(pk__in=page_ids)
                | ConditionArticlePage.objects.child_of(index)
            ).only(*LOCATE_FIELDS)  # a whole article (body, HTML) is loaded only to update it
        )
        children = [
            p for p in pages if p.path.startswith(index.path) and p.depth == index.depth + 1
        ]
        return {"pk": {p.pk: p for p in pages}, "slug": {p.slug: p for p in children}}

    def locate(self, key, parent, model, slug, existing=None):
        """(page, record): the page the record points to, else the parent's child by slug."""
        record = self.records.get(key)
        if existing is not None:
            if record and record.page_id:
                return existing["pk"].get(record.page_id), record
            return existing["slug"].get(slug), record
        if record and record.page_id:
            return model.objects.filter(pk=record.page_id).first(), record
        if parent is None:
            return None, record
        return model.objects.child_of(parent).filter(slug=slug).first(), record

    def page_shell(self, key, parent, model, fields, source):
        """The page for `key`; created (unpublished) when missing and not deleted by an editor."""
        page, record = self.locate(key, parent, model, fields["slug"])
        if page is not None or parent is None or (record and not self.force):
            return page
        return self.create(parent, model, fields, source)

    def create(self, parent, model, fields, source):
        if parent.is_root():
            self.remove_welcome_page(parent, fields["slug"])
        page = model(live=False, owner=self.user)  # Page.save logs "created by" the owner
        self.apply(page, fields)
        with field_errors(*source):
            parent.add_child(instance=page)
        page._seed_created_with = fields
        return page

    def page(self, key, parent, model, fields, source=None, page=None, existing=None):
        """Create or update one page and publish it; returns the page (None if missing)."""
        record = self.records.get(key)
        if page is None:
            page, record = self.locate(key, parent, model, fields["slug"], existing)
        if page is None:
            if parent is None:
                self.report.add("skipped", key, "its parent page is missing")
                return None
            if record and not self.force:
                self.report.add("skipped", key, "deleted since seeding; --force re-creates it")
                return None
            page = self.create(parent, model, fields, source)
        wanted = digest(fields)
        created_with = getattr(page, "_seed_created_with", None)
        created = created_with is not None
        if not created:
            edited = record is None or page.latest_revision_id != record.revision_id
            if edited and not self.force:
                why = "not created by the seed" if record is None else "edited since seeding"
                self.report.add("skipped", key, f"{why}; --force overwrites it")
                return page
            if not edited and record.digest == wanted and page.live:
                self.report.add("unchanged", key)
                return page
            page = page.specific_class.objects.get(pk=page.pk)  # whole, not only LOCATE_FIELDS
        if created_with != fields:  # a page created early (the home) gets the rest now
            self.apply(page, fields)
        with field_errors(*source):
            revision = page.save_revision(user=self.user, log_action=not created)
        revision.publish(user=self.user, skip_permission_checks=True)
        ReferenceIndex.create_or_update_for_object(page)  # once, now that all rows are saved
        self.to_index[page.specific_class].add(page.pk)
        self.remember(key, page, wanted, revision.pk)
        self.report.add("created" if created else "updated", key)
        return page

    def apply(self, page, fields):
        for name, value in fields.items():
            if name == "topics":
                page.topics.set([self.topics_by_pk[pk] for pk in value])
            elif name == "tags":
                page.tags.set(self.tag_objects(value))
            elif name == "featured_articles":
                page.featured_articles = [
                    FeaturedArticle(sort_order=i, **item) for i, item in enumerate(value)
                ]
            elif name == "care_cards":
                page.care_cards = [
                    ArticleCareCard(sort_order=i, **item) for i, item in enumerate(value)
                ]
            elif name == "form_fields":
                page.form_fields = [
                    ContactFormField(sort_order=i, **item) for i, item in enumerate(value)
                ]
            else:
                setattr(page, name, value)

    def tag_objects(self, names):
        """Tags by name as taggit would find or create them, one query per new name only."""
        tag_model = ConditionArticlePage.tags.through.tag_model()
        missing = [name for name in names if name not in self.tags]
        if missing:
            self.tags.update({t.name: t for t in tag_model.objects.filter(name__in=missing)})
            for name in missing:
                if name not in self.tags:
                    self.tags[name], _ = tag_model.objects.get_or_create(name=name)
        return [self.tags[name] for name in names]

    def remove_welcome_page(self, parent, slug):
        """Delete Wagtail's initial "Welcome" page when it holds the slug the home needs."""
        welcome = parent.get_children().filter(slug=slug).first()
        if (
            welcome
            and welcome.specific_class is Page
            and welcome.title == WELCOME_TITLE
            and welcome.numchild == 0
        ):
            welcome.delete()  # its Site goes with it; ensure_site makes ours
            self.report.note(f"  removed   Wagtail's initial page '{WELCOME_TITLE}'")

    def remember(self, key, page, wanted, revision_id):
        record = self.records.get(key) or SeedRecord(key=key)
        record.page_id = page.pk if isinstance(page, Page) else None  # not the page: memory
        record.digest, record.revision_id = wanted, revision_id
        record.save()
        self.records[key] = record

    # -- non-page items: state compared with what the seed last wrote ------------------------

    def state_item(self, key, current, wanted, write):
        """Write `wanted` unless it is already there or someone changed what we wrote."""
        record = self.records.get(key)
        if digest(current) == digest(wanted):
            self.report.add("unchanged", key)
            return
        edited = current is not None and (record is None or digest(current) != record.digest)
        if edited and not self.force:
            why = "not created by the seed" if record is None else "edited since seeding"
            self.report.add("skipped", key, f"{why}; --force overwrites it")
            return
        write()
        self.remember(key, None, digest(wanted), None)
        self.report.add("created" if current is None else "updated", key)

    def ensure_site(self, home):
        if home is None:
            return
        hostname, port = site_address()
        site = Site.objects.filter(is_default_site=True).first()
        wanted = {
            "hostname": hostname,
            "port": port,
            "root_page_id": home.pk,
            "site_name": self.site["practice"]["name"],
            "is_default_site": True,
        }
        current = {k: getattr(site, k) for k in wanted} if site else None

        def write():
            target = site or Site()
            for name, value in wanted.items():
                setattr(target, name, value)
            with field_errors("the Site (SITE_URL, site.json practice.name)"):
                target.full_clean()
            target.save()

        self.state_item("site", current, wanted, write)

    def ensure_settings(self, home, disclaimer, contact):
        site = Site.objects.filter(root_page=home).first() if home else None
        if site is None:
            return
        practice = self.site["practice"]
        settings_obj = PracticeSettings.objects.filter(site=site).first()
        wanted = {
            **{k: practice[k] for k in ("name", "phone", "email", "address", "opening_hours")},
            "default_disclaimer_id": disclaimer.pk if disclaimer else None,
            "contact_page_id": contact.pk if contact else None,
        }
        current = {k: getattr(settings_obj, k) for k in wanted} if settings_obj else None

        def write():
            target = settings_obj or PracticeSettings(site=site)
            for name, value in wanted.items():
                setattr(target, name, value)
            with field_errors("site.json", prefix="practice."):
                target.full_clean()
            target.save()
            self.touched.append(target)

        self.state_item("settings:practice", current, wanted, write)

    def ensure_topics(self):
        """Topics by slug (or name), created when missing; editors own them after that."""
        wanted = {topic["slug"]: topic["name"] for topic in self.site["topics"]}
        by_slug = Topic.objects.in_bulk(list(wanted), field_name="slug")
        by_name = {t.name.casefold(): t for t in Topic.objects.filter(name__in=wanted.values())}
        topics = {}
        for slug, name in wanted.items():
            topic = by_slug.get(slug) or by_name.get(name.casefold())
            if topic is None:
                topic = Topic(name=name, slug=slug)
                with field_errors("site.json", prefix="topics."):
                    topic.full_clean()
                topic.save()
                self.report.add("created", f"topic:{slug}")
            else:
                self.report.add("unchanged", f"topic:{slug}")
            topics[slug] = topic
        return topics

    def ensure_people(self):
        existing = set(Person.objects.values_list("name", flat=True))
        for person in self.site["people"]:
            if person["name"] in existing:
                self.report.add("unchanged", f"person:{person['name']}")
                continue
            Person.objects.create(**person)
            self.report.add("created", f"person:{person['name']}")


def create_root():
    """The tree's root (and root collection, default locale) when the database has none, as
    after a test flush: what Wagtail's migrations would have made."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    locale = Locale.objects.filter(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    ).first() or Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


class field_errors:
    """Turn a model ValidationError into a SeedError naming the pack file and field."""

    def __init__(self, source, prefix=""):
        self.source, self.prefix = source, prefix

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None or not issubclass(kind, ValidationError):
            return False
        messages = []
        for name, errors in getattr(error, "message_dict", {"": error.messages}).items():
            name = PACK_FIELDS.get(name, name)
            where = f"field '{self.prefix}{name}'" if name and name != "__all__" else "fields"
            messages.extend(f"{self.source}: {where}: {message}" for message in errors)
        raise SeedError("\n".join(messages)) from error


def seed(pack_dir, force=False, dry_run=False, progress=None):
    """Validate the pack at `pack_dir`, then seed it in one transaction; return a Report.
    `progress(done, total, seconds)` is called every tenth of the articles (of 100 or more)."""
    try:
        pack = content_pack.read(Path(pack_dir))
    except content_pack.PackError as error:
        raise SeedError("the content pack does not validate:\n" + str(error)) from error
    try:
        with transaction.atomic():
            report = Seeder(pack, force=force, dry_run=dry_run, progress=progress).run()
            if dry_run:
                transaction.set_rollback(True)
    except content_pack.PackError as error:  # an article file changed since it was validated
        raise SeedError("the content pack changed while seeding:\n" + str(error)) from error
    return report

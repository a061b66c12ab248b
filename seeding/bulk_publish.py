"""Create and publish many new pages under one parent in a few queries per batch.

`NewChildPages` writes, for each page, what Wagtail's own

    parent.add_child(instance=page)              # live=False, owner=user
    revision = page.save_revision(user=user)     # no "edit" log entry for a new page
    revision.publish(user=user)

writes: the page row (tree path, depth, url_path, draft_title, locale, translation key), its
specific row, its child relations (tagged items, ...) and many-to-many rows, one revision whose
content is the page as `save_revision` serialises it (not yet live), the page then live with
`live_revision`/`latest_revision` and `first/last_published_at` set, the parent's `numchild`,
the "wagtail.create" and "wagtail.publish" log entries, the `page_published` and `published`
signals, and the page's reference index entries. But it does so with one INSERT per table per
batch instead of about a hundred queries per page.

What it does not do, on purpose: the search index (the caller indexes the pages once, in bulk,
see `core.search_index`), `post_save` signals (a page is not saved the usual way), and the checks
Wagtail makes for cases that cannot occur for a new page (aliases, scheduled publishing,
comments, workflows in progress, site roots, an earlier revision).

Relies on these Wagtail/Django internals, checked by tests/home/test_seed_bulk.py against
pages published through the API: treebeard's `_get_path`/`_inc_path`, `Page.set_url_path`,
`Page._set_core_field_defaults`, modelcluster's `serializable_data` and in-memory relations,
`ReferenceIndex._extract_references_from_object` (what `create_or_update_for_object` stores),
and `QuerySet._insert` for the specific table (Django's `bulk_create` refuses multi-table
inherited models).
"""

from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published, published

from frontend_sync import events as webhook_events


class NewChildPages:
    """New pages of one model under `parent`, validated by `add()`, written by `publish()`."""

    def __init__(self, parent, model, user):
        self.parent, self.model, self.user = parent, model, user
        self.pages = []
        self.locale_id = None
        self.slugs = set(parent.get_children().values_list("slug", flat=True))
        self.content_type = ContentType.objects.get_for_model(model)
        self.base_content_type = ContentType.objects.get_for_model(Page)
        self.db = router.db_for_write(model)
        # Foreign keys are checked by the database (the seed sets them from saved objects);
        # Django's full_clean would query each one per page. The tree path is set by publish().
        self.unchecked = ["path"] + [f.name for f in model._meta.fields if f.is_relation]

    def __len__(self):
        return len(self.pages)

    def add(self, page):
        """Validate `page` as add_child (minimal_clean) then save_revision (full_clean) would:
        raises ValidationError keyed by field name; on success the page waits for publish()."""
        page.depth = self.parent.depth + 1
        page._cached_parent_obj = self.parent  # for the locale default, as add_child sets it
        if page.locale_id is None:
            page.locale_id = self.locale_id  # the parent's: Wagtail looks it up per page
        page._set_core_field_defaults()
        self.locale_id = page.locale_id
        if hasattr(page, "render_body"):
            page.render_body()  # MarkdownBodyMixin.full_clean
        page.clean_fields(exclude=self.unchecked)
        if page.slug in self.slugs:
            raise ValidationError(
                {
                    "slug": _(
                        "The slug '%(page_slug)s' is already in use within the parent page "
                        "at '%(parent_url_path)s'."
                    )
                    % {"page_slug": page.slug, "parent_url_path": self.parent.url}
                }
            )
        self.slugs.add(page.slug)
        self.pages.append(page)

    def publish(self):
        """Write the pages added since the last call; returns [(page, revision)]."""
        pages, self.pages = self.pages, []
        if not pages:
            return []
        created_at = timezone.now()
        self._insert_pages(pages)
        self._insert_relations(pages)
        revisions = self._insert_revisions(pages, created_at)
        published_at = timezone.now()
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.draft_title = page.title
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.first_published_at = page.last_published_at = published_at
        # One UPDATE per batch: each page's revision is its only one.
        revision_id = Subquery(
            Revision.objects.filter(
                base_content_type=self.base_content_type,
                object_id=Cast(OuterRef("pk"), models.CharField()),
            ).values("pk")[:1]
        )
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            latest_revision_id=revision_id,
            live_revision_id=revision_id,
            latest_revision_created_at=created_at,
            draft_title=F("title"),
            live=True,
            has_unpublished_changes=False,
            expired=False,
            first_published_at=published_at,
            last_published_at=published_at,
        )
        PageLogEntry.objects.bulk_create(
            [
                entry
                for page, revision in zip(pages, revisions, strict=True)
                for entry in (
                    self._log(page, "wagtail.create", created_at),
                    self._log(page, "wagtail.publish", published_at, revision),
                )
            ]
        )
        self._insert_references(pages)
        with webhook_events.new_pages_published():  # queries not growing with the batch
            for page, revision in zip(pages, revisions, strict=True):
                page_published.send(sender=self.model, instance=page, revision=revision)
                published.send(sender=self.model, instance=page, revision=revision)
        return list(zip(pages, revisions, strict=True))

    # -- the steps --------------------------------------------------------------------------

    def _insert_pages(self, pages):
        """Tree positions after the parent's last child (its row locked, as add_child does),
        the Page rows, then the specific rows, then the parent's numchild."""
        parent = Page.objects.select_for_update().get(pk=self.parent.pk)
        last = parent.get_last_child() if parent.numchild else None
        for page in pages:
            if last is None:
                page.path = Page._get_path(parent.path, page.depth, 1)
            else:
                page.path = last._inc_path()
            page.numchild = 0
            page.set_url_path(self.parent)
            page.content_type = self.content_type
            page.live, page.has_unpublished_changes = False, False
            last = page
        Page.objects.bulk_create(pages)
        concrete = self.model._meta.local_concrete_fields
        for page in pages:
            page.page_ptr_id = page.id
        batch = self._batch_size(concrete, pages)
        manager = self.model._base_manager.using(self.db)
        for start in range(0, len(pages), batch):
            manager._insert(pages[start : start + batch], fields=concrete, using=self.db)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        self.parent.numchild = parent.numchild + len(pages)

    def _insert_relations(self, pages):
        """Child relations (ParentalKey) and ParentalManyToMany rows, as modelcluster's commit
        writes them, left in memory in the order the database returns them (what
        `serializable_data` reads after a save)."""
        for relation in get_all_child_relations(self.model):
            name, field = relation.get_accessor_name(), relation.field
            rows = []
            for page in pages:
                children = in_memory(page, name)
                for position, child in enumerate(children):
                    setattr(child, field.name, page)
                    if getattr(child, "sort_order_field", None):
                        setattr(child, child.sort_order_field, position)
                rows.extend(children)
                setattr(page, name, children)  # in memory, also when empty: no query later
            related = relation.related_model
            related._default_manager.bulk_create(rows)
            for page in pages:
                setattr(page, name, db_order(getattr(page, name).all(), related))
        for field in get_all_child_m2m_relations(self.model):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = []
            for page in pages:
                targets = db_order(in_memory(page, field.name), field.related_model)
                rows.extend(through(**{source: page, target: item}) for item in targets)
                setattr(page, field.name, targets)
            through._default_manager.bulk_create(rows)

    def _insert_revisions(self, pages, created_at):
        revisions = [
            Revision(
                content_type=self.content_type,
                base_content_type=self.base_content_type,
                object_id=str(page.pk),
                user=self.user,
                approved_go_live_at=None,
                content=page.serializable_data(),
                object_str=str(page),
                created_at=created_at,
            )
            for page in pages
        ]
        return Revision.objects.bulk_create(revisions)

    def _insert_references(self, pages):
        """The reference index rows `ReferenceIndex.create_or_update_for_object` would create
        for each page (a new page has none to update or delete), in one INSERT."""
        rows = [
            ReferenceIndex(
                content_type=self.content_type,
                base_content_type=self.base_content_type,
                object_id=page.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for page in pages
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ]
        ignore = connections[self.db].features.supports_ignore_conflicts
        ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=ignore)

    def _log(self, page, action, timestamp, revision=None):
        return PageLogEntry(
            content_type=self.content_type,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=timestamp,
            data={},
            user=self.user,
            uuid=None,
            page=page,
            revision=revision,
            content_changed=True,
        )

    def _batch_size(self, fields, objs):
        return max(connections[self.db].ops.bulk_batch_size(fields, objs), 1)


def in_memory(page, name):
    """The objects modelcluster holds for a relation of a page not saved yet; none if the
    relation was never set (a new page has no rows; asking the manager would query)."""
    held = getattr(page, "_cluster_related_objects", {})
    return list(getattr(page, name).all()) if name in held else []


def db_order(items, model):
    """`items` in the order `model`'s default manager returns them: Meta.ordering, else pk."""
    items = list(items)
    ordering = [name for name in model._meta.ordering if isinstance(name, str)]
    if not ordering:
        return sorted(items, key=attrgetter("pk"))
    for name in reversed(ordering):
        reverse = name.startswith("-")
        items.sort(key=attrgetter(name.lstrip("-").replace("__", ".")), reverse=reverse)
    return items

"""Signal receivers: each change readers can see becomes deliveries and tombstones
(`frontend_sync.events`), written in the transaction of the change.

Events: `page.published`, `page.unpublished`, `page.deleted`, `page.moved`,
`page.restricted`, `page.unrestricted` (a view restriction added or removed), and
`snippet.changed` / `settings.changed` for the models listed in PAGE_CACHE_INVALIDATE_ON (their
changes alter pages; a frontend revalidates everything).

A move, a rename (a live page published with a new slug), or a view restriction added or
lifted changes every live page of the branch: each gets its own event and tombstone. Every page
event names the pages showing the page (`shown_on`, `events.with_pages_showing`).

A deleted live page is first unpublished by Wagtail (its own `pre_delete` receiver calls
`unpublish(commit=False)`), which sends `page_unpublished` while the row is still live: that is
not reported (the deletion is). Both receivers ask the database whether the row is live, so
they do not depend on which `pre_delete` receiver runs first.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import events
from .models import Tombstone


def _live_in_database(page):
    return Page.objects.filter(pk=page.pk, live=True).exists()


def on_published(sender, instance, revision=None, **kwargs):
    site_id, html_path = events.site_and_path(instance)
    if (
        site_id is not None
        and not events.in_new_pages_batch()
        and not events.is_restricted(instance)
    ):
        events.unbury([instance.pk], site_id)
    events.record(
        events.page_payload(
            "page.published",
            instance,
            html_path=html_path,
            revision_id=revision.pk if revision is not None else instance.live_revision_id,
        )
    )


def on_unpublished(sender, instance, **kwargs):
    if _live_in_database(instance):
        return  # unpublish(commit=False) before a delete: the deletion is the event
    site_id, html_path = events.site_and_path(instance)
    if site_id is not None and not events.is_restricted(instance):
        events.bury([(instance, html_path)], site_id, Tombstone.Reason.UNPUBLISHED)
    events.record(events.page_payload("page.unpublished", instance, html_path=html_path))


def on_page_pre_delete(sender, instance, **kwargs):
    if not _live_in_database(instance):
        return  # a draft or an unpublished page: readers saw nothing of it
    site_id, html_path = events.site_and_path(instance)
    if site_id is not None and not events.is_restricted(instance):
        events.bury([(instance, html_path)], site_id, Tombstone.Reason.DELETED)
    events.record(events.page_payload("page.deleted", instance, html_path=html_path))


def on_moved(
    sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kw
):
    """Every live page of the moved branch changed path: each is told (with both paths),
    buried where it stopped being public (out of the site, or into a restricted branch) and
    unburied where it became public."""
    if not instance.live or url_path_before == url_path_after:
        return  # a draft, or a reorder among siblings: no reader sees a difference
    site_before, path_before = events.site_for_url_path(url_path_before)
    site_after, _path_after = events.site_and_path(instance)
    # A restriction inside the branch moved with it; one above it is the old or new parent's.
    inside = [path for path in events.restricted_paths() if path.startswith(instance.path)]
    hidden_above_before = site_before is None or events.is_restricted(parent_page_before)
    hidden_above_after = site_after is None or events.is_restricted(parent_page_after)
    left, arrived, payloads = [], [], []
    for page, html_path in events.live_branch(instance):
        hidden_inside = events.under(page, inside)
        public_before = not (hidden_above_before or hidden_inside)
        public_after = not (hidden_above_after or hidden_inside)
        if not (public_before or public_after):
            continue  # hidden before and after: readers see no difference
        old_path = (
            path_before + page.url_path[len(url_path_after) :] if path_before is not None else None
        )
        if public_before and not (public_after and site_after == site_before):
            left.append((page, old_path))
        if public_after:
            arrived.append(page.pk)
        payloads.append(
            events.page_payload(
                "page.moved", page, html_path=html_path, previous_html_path=old_path
            )
        )
    if left:
        reason = Tombstone.Reason.RESTRICTED if site_after == site_before else None
        events.bury(left, site_before, reason or Tombstone.Reason.MOVED_OUT)
    if arrived:
        events.unbury(arrived, site_after)
        events.touch(arrived)  # their paths changed: modified_after lists them
    events.record_all(payloads)


def on_page_pre_save(sender, instance, update_fields=None, **kwargs):
    """Before a live page's row is saved with a new slug (a rename, published): remember its
    old URL path. Wagtail rewrites its descendants' paths after the save, without a signal
    inside the transaction (`page_slug_changed` is sent on commit)."""
    if not isinstance(instance, Page) or instance.pk is None or events.in_new_pages_batch():
        return
    if update_fields is not None and "slug" not in update_fields:
        return  # e.g. a revision saved: the slug is not written
    before = Page.objects.filter(pk=instance.pk, live=True).values_list("slug", "url_path")
    before = before.first()
    if before is not None and before[0] != instance.slug:
        instance._url_path_before_rename = before[1]


def on_page_saved(sender, instance, **kwargs):
    """A renamed live page: it and its live, public descendants changed path (`page.moved`,
    listed by modified_after), like a move."""
    url_path_before = instance.__dict__.pop("_url_path_before_rename", None)
    if url_path_before is None:
        return
    hidden = events.restricted_paths()
    if events.under(instance, hidden):
        return  # hidden before and after
    # The descendants' rows still hold the old paths: Wagtail rewrites them after this save.
    branch = Page.objects.descendant_of(instance).live().order_by("path")
    pages = [(instance, url_path_before, instance.url_path)] + [
        (page, page.url_path, instance.url_path + page.url_path[len(url_path_before) :])
        for page in branch
        if not events.under(page, hidden)
    ]
    payloads = []
    for page, old_url_path, new_url_path in pages:
        _site, previous = events.site_for_url_path(old_url_path)
        _site, current = events.site_for_url_path(new_url_path)
        if previous is None and current is None:
            continue  # outside every site
        page.url_path = new_url_path  # for the payload's full URL
        payloads.append(
            events.page_payload("page.moved", page, html_path=current, previous_html_path=previous)
        )
    events.touch(page.pk for page, _old, _new in pages)  # also when saved without a publish
    events.record_all(payloads)


def on_restriction_saved(sender, instance, created, **kwargs):
    """A new restriction hides its page's live branch: every page of it that was public
    (not already under another restriction) is buried and told."""
    if not created:
        return  # a changed password or group list: the pages stay hidden
    site_id, _path = events.site_and_path(instance.page)
    if site_id is None:
        return  # outside every site: nothing readers saw
    others = events.restricted_paths(excluding=instance)
    hidden = [
        (page, html_path)
        for page, html_path in events.live_branch(instance.page)
        if not events.under(page, others)
    ]
    events.bury(hidden, site_id, Tombstone.Reason.RESTRICTED)
    events.record_all(
        events.page_payload("page.restricted", page, html_path=html_path)
        for page, html_path in hidden
    )


def on_restriction_deleted(sender, instance, origin=None, **kwargs):
    """A lifted restriction shows the pages of its branch under no other restriction again:
    each is unburied, listed by modified_after, and told."""
    deleted = getattr(origin, "model", type(origin))  # an instance or a queryset
    if not (isinstance(deleted, type) and issubclass(deleted, PageViewRestriction)):
        return  # deleted along with its page: the page stays gone, its tombstone stays
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    site_id, _path = events.site_and_path(page)
    if site_id is None:
        return
    remaining = events.restricted_paths()
    shown = [
        (branch_page, html_path)
        for branch_page, html_path in events.live_branch(page)
        if not events.under(branch_page, remaining)
    ]
    ids = [branch_page.pk for branch_page, _path in shown]
    events.unbury(ids, site_id)
    events.touch(ids)  # public again: listed by modified_after
    events.record_all(
        events.page_payload("page.unrestricted", branch_page, html_path=html_path)
        for branch_page, html_path in shown
    )


def on_content_model_changed(sender, instance, **kwargs):
    """A topic, person or the practice settings changed: pages showing them changed."""
    event = "settings.changed" if isinstance(instance, BaseSiteSetting) else "snippet.changed"
    events.record(
        {
            "event": event,
            "id": instance.pk,
            "type": sender._meta.label,
            "html_path": None,
            "url": None,
            "api_url": None,
            "revision_id": None,
            "occurred_at": timezone.now().isoformat(),
        }
    )


page_published.connect(on_published, dispatch_uid="frontend_sync_published")
page_unpublished.connect(on_unpublished, dispatch_uid="frontend_sync_unpublished")
post_page_move.connect(on_moved, dispatch_uid="frontend_sync_moved")
pre_save.connect(on_page_pre_save, dispatch_uid="frontend_sync_page_pre_save")
post_save.connect(on_page_saved, dispatch_uid="frontend_sync_page_saved")
pre_delete.connect(on_page_pre_delete, sender=Page, dispatch_uid="frontend_sync_pre_delete")
post_save.connect(
    on_restriction_saved, sender=PageViewRestriction, dispatch_uid="frontend_sync_restricted"
)
post_delete.connect(
    on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="frontend_sync_unrestricted"
)
for label in settings.PAGE_CACHE_INVALIDATE_ON:
    model = apps.get_model(label)
    for signal in (post_save, post_delete):
        signal.connect(
            on_content_model_changed, sender=model, dispatch_uid=f"frontend_sync_{label}"
        )

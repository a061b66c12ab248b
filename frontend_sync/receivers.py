"""Signal receivers: each change readers can see becomes deliveries and tombstones
(`frontend_sync.events`), written in the transaction of the change.

Events: `page.published`, `page.unpublished`, `page.deleted`, `page.moved`,
`page.restricted`, `page.unrestricted` (a view restriction added or removed), and
`snippet.changed` / `settings.changed` for the models listed in PAGE_CACHE_INVALIDATE_ON (their
changes alter pages; a frontend revalidates everything).

A deleted live page is first unpublished by Wagtail (its own `pre_delete` receiver calls
`unpublish(commit=False)`), which sends `page_unpublished` while the row is still live: that is
not reported (the deletion is). Both receivers ask the database whether the row is live, so
they do not depend on which `pre_delete` receiver runs first.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
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


def on_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if not instance.live or url_path_before == url_path_after:
        return  # a draft, or a reorder among siblings: no reader sees a difference
    site_before, path_before = events.site_for_url_path(url_path_before)
    site_after, path_after = events.site_and_path(instance)
    branch = events.live_branch(instance)
    ids = [page.pk for page, _path in branch]
    events.touch(ids)  # every path in the branch changed
    if site_before != site_after:
        if site_before is not None and not events.is_restricted(instance):
            old_paths = [
                (page, path_before + page.url_path[len(url_path_after) :]) for page, _path in branch
            ]
            events.bury(old_paths, site_before, Tombstone.Reason.MOVED_OUT)
        if site_after is not None:
            events.unbury(ids, site_after)
    events.record(
        events.page_payload(
            "page.moved", instance, html_path=path_after, previous_html_path=path_before
        )
    )


def on_restriction_saved(sender, instance, created, **kwargs):
    if not created:
        return  # a changed password or group list: the pages stay hidden
    page = instance.page
    site_id, _path = events.site_and_path(page)
    if site_id is not None:
        events.bury(events.live_branch(page), site_id, Tombstone.Reason.RESTRICTED)
    if page.live:
        events.record(events.page_payload("page.restricted", page))


def on_restriction_deleted(sender, instance, origin=None, **kwargs):
    deleted = getattr(origin, "model", type(origin))  # an instance or a queryset
    if not (isinstance(deleted, type) and issubclass(deleted, PageViewRestriction)):
        return  # deleted along with its page: the page stays gone, its tombstone stays
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    site_id, _path = events.site_and_path(page)
    if site_id is not None and not events.is_restricted(page):
        visible = [branch_page.pk for branch_page, _path in events.live_branch(page)]
        Tombstone.objects.filter(
            site_id=site_id, page_id__in=visible, reason=Tombstone.Reason.RESTRICTED
        ).delete()
        events.touch(visible)  # public again: listed by modified_after
    if page.live:
        events.record(events.page_payload("page.unrestricted", page))


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

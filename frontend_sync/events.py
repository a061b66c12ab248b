"""Turning a change into what frontends are told: webhook deliveries and tombstones.

Everything here writes rows in the caller's transaction (signal receivers run inside the
publish, unpublish, move or delete): a change that rolls back leaves no delivery and no
tombstone behind, and one that commits always has them. Nothing here does network I/O.
"""

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from .models import PageChange, Tombstone, WebhookDelivery, WebhookEndpoint


@dataclass(frozen=True)
class Target:
    url: str
    endpoint: WebhookEndpoint | None  # None: the deployment's PUBLISH_WEBHOOK_URL


_batch = threading.local()


def endpoints():
    """Active endpoints from the admin, plus the one set by environment."""
    cached = getattr(_batch, "targets", None)
    if cached is not None:
        return cached
    targets = [Target(e.url, e) for e in WebhookEndpoint.objects.filter(is_active=True)]
    if settings.PUBLISH_WEBHOOK_URL:
        targets.append(Target(settings.PUBLISH_WEBHOOK_URL, None))
    if in_new_pages_batch():
        _batch.targets = targets
    return targets


@contextmanager
def new_pages_published():
    """For a batch publishing many new pages (seeding/bulk_publish.py): the endpoints are read
    once, not once per page, and no tombstone is looked for (a new page never had one), so
    the batch's queries do not grow with its length."""
    if in_new_pages_batch():
        yield  # nested: the outer block keeps the list
        return
    _batch.targets = None
    try:
        yield
    finally:
        del _batch.targets


def in_new_pages_batch():
    return hasattr(_batch, "targets")


def page_type(page):
    model = page.specific_class or type(page)
    return f"{model._meta.app_label}.{model.__name__}"


def site_and_path(page):
    """(site id, site-relative path) of the page, or (None, None) outside every site."""
    parts = page.get_url_parts()
    if parts is None:
        return None, None
    site_id, _root_url, path = parts
    return site_id, path


def api_url(page_id):
    try:
        path = reverse("wagtailapi_v2:pages:detail", args=[page_id])
    except NoReverseMatch:
        return None
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + path


def page_payload(event, page, *, revision_id=None, html_path=None, **extra):
    """The JSON every page event carries. `html_path` defaults to the page's current path."""
    if html_path is None:
        html_path = site_and_path(page)[1]
    return {
        "event": event,
        "id": page.pk,
        "type": page_type(page),
        "html_path": html_path,
        "url": page.get_full_url() if html_path is not None else None,
        "api_url": api_url(page.pk),
        "revision_id": revision_id,
        "occurred_at": timezone.now().isoformat(),
        **extra,
    }


def record(payload):
    """One pending delivery per endpoint for this payload (in the caller's transaction)."""
    return record_all([payload])


def record_all(payloads):
    """`record` for several payloads (a branch's pages), in one INSERT. Page events get
    `shown_on` (`with_pages_showing`), except in a batch of new pages (nothing could show
    them yet, and the batch's queries must not grow with its length)."""
    payloads = list(payloads)
    page_events = [payload for payload in payloads if payload["event"].startswith("page.")]
    if in_new_pages_batch():
        for payload in page_events:
            payload["shown_on"] = []
    else:
        with_pages_showing(page_events)
    targets = endpoints()
    if not targets or not payloads:
        return []
    now = timezone.now()
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=target.endpoint,
            url=target.url,
            event=payload["event"],
            page_id=payload["id"] if payload["event"].startswith("page.") else None,
            payload=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            created_at=now,
            next_attempt_at=now,
        )
        for payload in payloads
        for target in targets
    )


def is_restricted(page):
    """Whether a view restriction on the page or an ancestor hides it from the public."""
    ancestor_paths = [
        page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
    ]
    return PageViewRestriction.objects.filter(page__path__in=ancestor_paths).exists()


def restricted_paths(excluding=None):
    """The tree paths of every view-restricted page (but `excluding`, a restriction)."""
    restrictions = PageViewRestriction.objects.all()
    if excluding is not None:
        restrictions = restrictions.exclude(pk=excluding.pk)
    return list(restrictions.values_list("page__path", flat=True))


def under(page, paths):
    """Whether the page is at or below one of these tree paths."""
    return any(page.path.startswith(path) for path in paths)


def bury(pages_with_paths, site_id, reason):
    """Tombstones for (page, html_path) pairs that left site `site_id`'s public pages."""
    if not Site.objects.filter(pk=site_id).exists():
        # The id came from Wagtail's cached site root paths, which can outlive the site (one
        # created in a transaction that rolled back): nothing to record, and no failed write.
        return
    now = timezone.now()
    for page, html_path in pages_with_paths:
        Tombstone.objects.update_or_create(
            site_id=site_id,
            page_id=page.pk,
            defaults={
                "page_type": page_type(page),
                "html_path": html_path,
                "reason": reason,
                "removed_at": now,
            },
        )


def unbury(page_ids, site_id=None):
    """The pages are public again (on `site_id`, or wherever they are)."""
    tombstones = Tombstone.objects.filter(page_id__in=list(page_ids))
    if site_id is not None:
        tombstones = tombstones.filter(site_id=site_id)
    tombstones.delete()


def touch(page_ids):
    """The pages changed for readers without a publish: `modified_after` lists them again.
    (Three queries, however many pages.)"""
    page_ids = set(page_ids)
    if not page_ids:
        return
    now = timezone.now()
    changes = PageChange.objects.filter(page_id__in=page_ids)
    known = set(changes.values_list("page_id", flat=True))
    changes.update(changed_at=now)
    PageChange.objects.bulk_create(
        PageChange(page_id=page_id, changed_at=now) for page_id in page_ids - known
    )


def pages_showing(page_ids):
    """{page id: [(id, html_path) of the other live pages that show it]}: the pages whose own
    content links to it (featured and related articles, chosen disclaimer or call-to-action
    page), from Wagtail's reference index. Their API output changes with it, also when it
    comes back and they show it again, which no copy of them could have told. One query."""
    page_ids = {int(page_id) for page_id in page_ids}
    if not page_ids:
        return {}
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=page_type,
        to_object_id__in=[str(page_id) for page_id in page_ids],
    ).values_list("to_object_id", "object_id")
    sources = {}
    for target, source in references:
        if int(source) != int(target):
            sources.setdefault(int(source), set()).add(int(target))
    showing = {page_id: [] for page_id in page_ids}
    for page in Page.objects.filter(pk__in=list(sources)).live().order_by("path"):
        for target in sorted(sources[page.pk]):
            showing[target].append((page.pk, site_and_path(page)[1]))
    return showing


def with_pages_showing(payloads):
    """The payloads, each with `shown_on` (the pages showing its page, as {id, html_path}),
    and those pages listed by `modified_after`: their content changed with it."""
    payloads = list(payloads)
    showing = pages_showing(payload["id"] for payload in payloads)
    for payload in payloads:
        payload["shown_on"] = [
            {"id": page_id, "html_path": path} for page_id, path in showing[payload["id"]]
        ]
    touch(page_id for pages in showing.values() for page_id, _path in pages)
    return payloads


def live_branch(page):
    """The page and its live descendants, with their site paths (one query)."""
    return [
        (branch_page, site_and_path(branch_page)[1])
        for branch_page in Page.objects.descendant_of(page, inclusive=True).live().order_by("path")
    ]


def site_for_url_path(url_path):
    """(site id, site-relative path) for a Wagtail url_path, as the page's URL was built."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.site_id, url_path[len(root.root_path) - 1 :]
    return None, None

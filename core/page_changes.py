"""What a change makes stale (issue 15, precise invalidation), and the receivers that act on it.

A publish or unpublish of a page makes stale only the URLs that show it, worked out here with
the page types' hooks (`core.pages.SitePageMixin`):

- the page itself (every query-string variant) and its API detail;
- what its ancestors show of it: `stale_when_descendant_changed` (the Articles index: the
  listing page that shows it, or the pages from its place on when it entered, left or moved
  within a listing, every page when their number changed; the home page: when it is among
  the latest articles);
- what the page type knows shows it: `stale_when_changed` (an article: the topic and tag
  listings, articles suggesting it as related, the feed, llms.txt);
- the pages that reference it, from Wagtail's ReferenceIndex (chosen related articles,
  featured articles, call-to-action links) with their API details;
- the URLs that list every page: `PAGE_CACHE_LISTS_EVERY_PAGE` (sitemap, search);
- the API listings (`PAGE_CACHE_API_LISTINGS`): those that show it as an item, or all of
  them when it came, went or changed place.

"Entered, left or moved within": a page's *membership* (`cache_membership`: its parent and
publication date; an article's topics and tags) is read from the database before the save
(`pre_save`) and compared with the published state; a republish that keeps it only changes
what the listings show of the page, not which pages they show.

Everything goes stale (the generation token) on what every page may show or what moves URLs:
site settings, snippets (topics, people), sites, redirects, images, documents, view
restrictions, a page moved or deleted, the site root or a menu page (navigation, breadcrumbs),
a page with children (its title in their breadcrumbs), a reference from anything but a page,
and more than PAGE_CACHE_MAX_PRECISE pages changed in one transaction (a seed).

The same set goes to the CDN (`core.cdn`) once the change is committed.
"""

import logging
from math import ceil
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from wagtail.models import Page, ReferenceIndex, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core import cdn
from core.page_cache import (
    ANY_PAGE_TAG,
    invalidate,
    invalidate_all,
    item_tag,
    listing_tag,
    path_tag,
    pending_invalidation,
)

logger = logging.getLogger(__name__)

# Besides pages: the models whose changes readers see. The project lists its own models in
# settings.PAGE_CACHE_INVALIDATE_ON (app labels are data here: the base layer imports no app).
WATCHED_MODELS = [
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",  # documents and images of a private collection
    "wagtailimages.Image",
    "wagtaildocs.Document",  # the API's documents listing is cached
    "wagtailredirects.Redirect",
]


class PageChange:
    """A page published or unpublished: its membership before and after (None: not live)."""

    def __init__(self, page, before, after):
        self.page, self.before, self.after = page, before, after

    @property
    def membership_changed(self):
        return self.before != self.after

    def states(self):
        """The memberships the page had or has (one when it did not change)."""
        if self.before == self.after:
            return [self.after] if self.after is not None else []
        return [state for state in (self.before, self.after) if state is not None]


class Stale:
    """The URLs a change makes stale: whole paths (every variant) and listing pages."""

    def __init__(self, api_base=""):
        self.api_base = api_base  # the API's base URL (WAGTAILAPI_BASE_URL, else the site's)
        self.urls = set()  # absolute; every query-string variant of their path is stale
        self.listing_pages = set()  # (absolute URL of a paginated listing, page number)
        self.also_purge = set()  # URLs the page cache drops by tags instead (CDN only)
        self.extra_tags = set()
        self.everything = False
        self.cache_object = SimpleNamespace()  # Wagtail's site root paths, looked up once

    def add_url(self, url):
        if url:
            self.urls.add(url)

    def add_page(self, page, api=True):
        """The page's HTML (every variant) and, with `api`, its API detail."""
        self.add_url(page.get_full_url(self.cache_object))
        if api:
            self.add_url(self.api_base + reverse("wagtailapi_v2:pages:detail", args=[page.pk]))

    def add_listing(self, url, number=None, count=0, per_page=1):
        """Page `number` of the paginated listing at `url`; every page when None (`count`
        items, `per_page` a page, say how many pages there are to purge)."""
        if number is not None:
            self.listing_pages.add((url, number))
            return
        self.add_url(url)
        pages = max(1, ceil(count / per_page))
        self.also_purge.update(f"{url}?page={n}" for n in range(2, pages + 1))

    def tags(self):
        paths = {path_tag(urlsplit(url).path) for url in self.urls}
        listings = {listing_tag(urlsplit(url).path, n) for url, n in self.listing_pages}
        return paths | listings | self.extra_tags

    def purge_urls(self):
        pages = {url if n == 1 else f"{url}?page={n}" for url, n in self.listing_pages}
        return self.urls | self.also_purge | pages


def membership(page):
    """What decides which listings show the page, or None when it is not live."""
    if page is None or not page.live:
        return None
    own = getattr(page, "cache_membership", None)
    if own is not None:
        return own()
    return {"parent": page.path[: -page.steplen], "first_published_at": page.first_published_at}


def shows_everywhere(page, site):
    """The site root and menu pages are on every page (navigation, breadcrumbs), and so is a
    page with children (in their breadcrumbs)."""
    return (
        page.pk == site.root_page_id
        or (page.show_in_menus and page.depth == site.root_page.depth + 1)
        or page.numchild > 0
    )


def every_page_urls(site):
    return cdn.named_urls(site, getattr(settings, "PAGE_CACHE_LISTS_EVERY_PAGE", []))


def referencing_pages(page, stale):
    """Pages whose content references the page (ReferenceIndex); anything else that does
    (site settings, a snippet) may be shown on every page: everything."""
    page_type = ContentType.objects.get_for_model(Page).pk
    sources = ReferenceIndex.get_references_to(page).values_list(
        "base_content_type_id", "object_id"
    )
    ids = set()
    for content_type, object_id in sources.distinct():
        if content_type != page_type:
            stale.everything = True
            return
        ids.add(int(object_id))
    ids.discard(page.pk)
    for source in Page.objects.live().filter(pk__in=ids):
        stale.add_page(source)


def stale_for(change):
    """The Stale set of a page change."""
    page = change.page
    try:
        site = page.get_site()
    except Site.DoesNotExist:  # deleted with the page (the seed's "Welcome" page)
        stale = Stale()
        stale.everything = True
        return stale
    if site is None:  # outside every site: nothing public shows it
        return Stale()
    stale = Stale(cdn.api_base(site))
    if shows_everywhere(page, site):
        stale.everything = True
        return stale
    stale.add_page(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        hook = getattr(ancestor, "stale_when_descendant_changed", None)
        if hook is not None:
            hook(stale, change)
    hook = getattr(page, "stale_when_changed", None)
    if hook is not None:
        hook(stale, change)
    referencing_pages(page, stale)
    stale.urls |= every_page_urls(site)
    # The API listings: every one when the page came, went or changed place; otherwise those
    # showing it (their items' tags) and those filtered or ordered by anything else. The CDN
    # is sent the listing's URL (it cannot be sent every query string).
    listings = cdn.named_urls(site, settings.PAGE_CACHE_API_LISTINGS)
    if change.membership_changed:
        stale.urls |= listings
    else:
        stale.also_purge |= listings
        stale.extra_tags |= {item_tag(page.pk), ANY_PAGE_TAG}
    return stale


def page_changed(change):
    """Invalidate (and purge) what the change makes stale; everything when that is simpler."""
    pending = pending_invalidation()
    if pending is not None:
        pending.pages += 1
        if pending.everything or pending.pages > settings.PAGE_CACHE_MAX_PRECISE:
            invalidate_all()  # cheap: what the transaction changed goes stale at commit anyway
            return
    try:
        stale = stale_for(change)
    except Exception:  # e.g. the page's site deleted with it: never fail the change itself
        logger.exception("page cache: could not work out what %r shows; flushing all", change.page)
        stale = Stale()
        stale.everything = True
    if stale.everything:
        invalidate_all()
    else:
        invalidate(stale.tags(), stale.purge_urls())


# Receivers


def remember_membership(sender, instance, update_fields=None, **kwargs):
    """pre_save of a page: its membership as the database has it, before the change."""
    if instance.pk is None or hasattr(instance, "_page_cache_before"):
        return
    if update_fields is not None and "live" not in update_fields:
        return  # a draft (save_revision) or a bookkeeping field: nothing readers see
    stored = type(instance).objects.filter(pk=instance.pk).first()
    instance._page_cache_before = membership(stored)


def _before(instance, default):
    return instance.__dict__.pop("_page_cache_before", default)


def on_page_published(sender, instance, **kwargs):
    # Not remembered: a page written without save() (a seed batch) was new, so not live.
    page_changed(PageChange(instance, _before(instance, None), membership(instance)))


def on_page_unpublished(sender, instance, **kwargs):
    # Not remembered: it was live with what it has now.
    was = _before(instance, None) or (membership(instance) if instance.live else None)
    if was is None:
        instance.live = True
        was = membership(instance)
        instance.live = False
    page_changed(PageChange(instance, was, None))


def on_object_published(sender, instance, **kwargs):
    """`published`/`unpublished` fire for pages too (handled above): the rest are snippets
    with drafts, shown wherever they are used."""
    if not isinstance(instance, Page):
        invalidate_all()


def connect_signals():
    """Called from CoreConfig.ready()."""
    uid = "core.page_changes"
    for model in get_page_models():
        pre_save.connect(remember_membership, sender=model, dispatch_uid=f"{uid}.pre_save")
    page_published.connect(on_page_published, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate_all, dispatch_uid=f"{uid}.moved")
    published.connect(on_object_published, dispatch_uid=f"{uid}.object_published")
    unpublished.connect(on_object_published, dispatch_uid=f"{uid}.object_unpublished")
    post_delete.connect(invalidate_all, sender=Page, dispatch_uid=f"{uid}.page_deleted")
    for label in [*WATCHED_MODELS, *getattr(settings, "PAGE_CACHE_INVALIDATE_ON", [])]:
        model = apps.get_model(label)
        post_save.connect(invalidate_all, sender=model, dispatch_uid=f"{uid}.{label}.saved")
        post_delete.connect(invalidate_all, sender=model, dispatch_uid=f"{uid}.{label}.deleted")

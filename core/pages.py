"""Behaviour shared by page models, as small mixins, and the hooks a page type implements.

The base layer never asks "which page type is this?": it calls the hooks of `SitePageMixin`,
which each page type overrides in its own app:

- `api_select_related` / `api_prefetch_related`: what the page type's `api_fields` read, so
  the pages API loads it with the page (queries constant in the listing's length);
- `get_jsonld(linked_data)`: the page's schema.org JSON-LD (`core.jsonld` builds the parts);
- `get_markdown(request)`: the page as a Markdown document (`core.markdown_export`), or None
  when the page type has none; served for `Accept: text/markdown` and `?format=md`;
- `cache_membership()`, `stale_when_changed(stale, change)`,
  `stale_when_descendant_changed(stale, change)`: which listings show the page, and what a
  change of the page (or of a page below it) makes stale (`core.page_changes`).
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import Page, PageViewRestriction

from . import jsonld, markdown_export
from .markdown import html_sections, html_text, markdown_to_html


def absolute_url(root_url, url):
    """`url` made absolute on a site's root URL (unchanged when it already is)."""
    if url.startswith(("http://", "https://")):
        return url
    return root_url.rstrip("/") + url


@dataclass
class LinkedData:
    """What the layout knows about the page being rendered, handed to `get_jsonld`."""

    request: object
    url: str  # the canonical URL
    crumbs: list  # [(title, absolute URL)] from the home page to this page
    site_url: str  # the site's root URL, with a trailing slash
    description: str

    def absolute(self, url):
        return absolute_url(self.site_url, url)


class SitePageMixin:
    """The hooks the base layer calls on a page; the defaults suit a plain page."""

    api_select_related = ()
    api_prefetch_related = ()

    def get_jsonld(self, linked_data):
        return jsonld.web_page(
            self,
            url=linked_data.url,
            crumbs=linked_data.crumbs,
            description=linked_data.description,
        )

    def get_markdown(self, request):
        return None

    def cache_membership(self):
        """What decides which listings show the page (compared before and after a change):
        its parent and its publication date (listings are newest first)."""
        return {"parent": self.path[: -self.steplen], "first_published_at": self.first_published_at}

    def stale_when_changed(self, stale, change):
        """Add to `stale` what shows this page besides itself, its ancestors' listings and the
        pages referencing it (core.page_changes adds those)."""

    def stale_when_descendant_changed(self, stale, change):
        """Add to `stale` what this page shows of a page below it: by default, a page whose
        children came or went lists its children."""
        if change.membership_changed and change.page.depth == self.depth + 1:
            stale.add_page(self, api=False)

    def serve(self, request, *args, **kwargs):
        """The HTML page, or its Markdown document for a client that asks for it; both say
        `Vary: Accept`, so caches (ours and a CDN's) keep them apart."""
        markdown = self.get_markdown(request) if markdown_export.wants_markdown(request) else None
        if markdown is not None:
            response = HttpResponse(markdown, content_type="text/markdown; charset=utf-8")
        else:
            response = super().serve(request, *args, **kwargs)
        if type(self).get_markdown is not SitePageMixin.get_markdown:
            patch_vary_headers(response, ["Accept"])
        return response


class MarkdownBodyMixin(models.Model):
    """Keeps `body_html` rendered from the Markdown `body`.

    Rendering costs milliseconds, so it happens when the page is cleaned (editor save and
    preview) or saved, never per request. `body_html` is a model field, so each revision
    keeps the HTML that matches its Markdown.
    """

    body_html = models.TextField(
        editable=False,
        blank=True,
        help_text="Sanitised HTML rendered from body when the page was saved; exactly what "
        "the site shows.",
    )

    class Meta:
        abstract = True

    def render_body(self):
        # Once per instance and body: an editor's save cleans, then saves the same instance.
        # Not memoised across instances: `page:`/`doc:` links resolve against what is live now.
        if getattr(self, "_body_rendered_from", None) != self.body:
            self.body_html = markdown_to_html(self.body)
            self._body_rendered_from = self.body

    def full_clean(self, *args, **kwargs):
        self.render_body()
        super().full_clean(*args, **kwargs)

    @property
    def sections(self):
        """The body's `## ` sections: [{id, heading, html}] (core.markdown.html_sections)."""
        return html_sections(self.body_html)

    @property
    def lede(self):
        """The page's `summary` to print above the body, or "" when the body already says it.

        The summary serves listings, the meta description and the API; on the page itself
        a summary made of the body's opening sentences would have every reader read them
        twice. Compared as words (tags and spacing aside), so typography must match too: a
        summary that is the practice's own wording is still shown."""
        summary = " ".join(getattr(self, "summary", "").split())
        if not summary or summary in html_text(self.body_html):
            return ""
        return summary

    def save(self, *args, **kwargs):
        self.render_body()
        super().save(*args, **kwargs)


class OneQueryViewRestrictionsMixin:
    """Finds the view restrictions that apply to a page in one query (Wagtail's default
    costs two: the ancestors, then their restrictions), on every page served.

    Restrictions on the page, its ancestors and the pages those are aliases of all apply,
    as in Wagtail; a restriction stored on an alias itself (Wagtail never creates one) is
    applied too, which can only make this stricter.
    """

    def get_view_restrictions(self):
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths) | models.Q(page__aliases__path__in=paths)
        ).distinct()


class SpecificChildRouteMixin:
    """Routes to child pages in one query per URL level instead of Wagtail's two (the base
    page, then its specific model). A page passed through on the way to a deeper one comes
    with its specific fields deferred (its route() needs none); the page being served comes
    from `child_route_queryset()`, which a page whose children are all of one model
    overrides to fetch that model, with what its template shows, in one query."""

    def child_route_queryset(self):
        return Page.objects.specific()

    def known_child(self, request, slug):
        """A child page with this slug already at hand (no query), or None."""
        return None

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        child = self.known_child(request, slug)
        if child is None:
            queryset = (
                Page.objects.specific(defer=True) if remaining else self.child_route_queryset()
            )
            try:
                child = queryset.child_of(self).get(slug=slug)
            except ObjectDoesNotExist as error:
                raise Http404 from error
        # Treebeard's `get_parent()` reads this private attribute: set, the breadcrumbs and
        # `routed_ancestors` need no query for the parents. Pinned by
        # tests/cms/test_pages_mixins.py::test_routing_links_parents_without_queries.
        child._cached_parent_obj = self
        return child.route(request, remaining)


def routed_ancestors(page, root):
    """[root, ..., page]: the pages routing passed through to reach `page`, which
    `SpecificChildRouteMixin` links by `_cached_parent_obj`; None when the chain does not
    reach `root` (a page not served by routing, e.g. a preview): then query the ancestors."""
    chain = [page]
    while chain[-1].depth > root.depth:
        parent = getattr(chain[-1], "_cached_parent_obj", None)
        if parent is None or parent.depth != chain[-1].depth - 1:
            return None
        chain.append(parent)
    if chain[-1].pk != root.pk:
        return None
    return chain[::-1]


def prefetched(obj, to_attr, relation):
    """The objects of `relation`: the list `api_prefetch_related` put in `to_attr` (a
    `Prefetch(..., to_attr=...)`), else the relation's own (a preview, a nested page)."""
    objects = obj.__dict__.get(to_attr)
    return objects if objects is not None else list(getattr(obj, relation).all())

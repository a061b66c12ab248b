"""Template tags for the readers' site layout: navigation, breadcrumbs, SEO meta, JSON-LD.

Everything here reads the current page and request from the template context; pages that are
not Wagtail pages (search, 404) simply have no `page` and get a plain layout.
"""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import jsonld as schema
from core.pages import LinkedData, SitePageMixin, routed_ancestors
from core.pages import absolute_url as on_site_root
from core.site_objects import site_objects

register = template.Library()


def _request(context):
    return context.get("request")


def _site(context):
    request = _request(context)
    return site_objects(request).site if request is not None else None


def _site_settings(context):
    request = _request(context)
    return site_objects(request).settings if request is not None else None


def _listing_crumb(context):
    """The extra breadcrumb of a topic or tag listing under the article index."""
    topic, tag = context.get("topic"), context.get("tag")
    if topic is not None:
        return (topic.name, context["page"].reverse_subpage("topic", kwargs={"slug": topic.slug}))
    if tag:
        return (
            f"Tagged “{context.get('tag_name') or tag}”",
            context["page"].reverse_subpage("tag", kwargs={"slug": tag}),
        )
    return None


def breadcrumb_trail(context):
    """[(title, url)] from the home page to the current page (or listing), once per request
    (the breadcrumbs and the JSON-LD both show it)."""
    page, request = context.get("page"), _request(context)
    cache = getattr(request, "_cms_breadcrumbs", None)
    if cache is None or cache[0] is not page:
        trail = _breadcrumb_trail(context)
        if request is None:
            return trail
        request._cms_breadcrumbs = cache = (page, trail)
    return cache[1]


def _breadcrumb_trail(context):
    page, site, request = context.get("page"), _site(context), _request(context)
    if page is None or site is None:
        return []
    ancestors = routed_ancestors(page, site.root_page)
    if ancestors is None:
        ancestors = page.get_ancestors(inclusive=True).filter(depth__gte=site.root_page.depth)
    trail = [(p.title, p.get_url(request)) for p in ancestors if p.live]
    listing = _listing_crumb(context)
    if listing:
        trail.append((listing[0], trail[-1][1] + listing[1]))
    return trail


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """Home, then the home page's children with "Show in menus" ticked (live and public)."""
    page = context.get("page")
    request = _request(context)
    site = _site(context)
    items = []
    if site is not None:
        routed = bool(_listing_crumb(context))
        for target in [site.root_page, *site_objects(request).menu_pages]:
            current = None
            if page is not None and page.pk == target.pk:
                current = "true" if routed else "page"
            elif (
                page is not None
                and target.pk != site.root_page.pk
                and page.path.startswith(target.path)
            ):
                current = "true"
            label = "Home" if target.pk == site.root_page.pk else target.title
            items.append({"label": label, "url": target.get_url(request), "current": current})
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    trail = breadcrumb_trail(context)
    return {"ancestors": trail[:-1], "current": trail[-1] if trail else None}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's full URL; routable listings add their sub-path and page number."""
    page, request, site = context.get("page"), _request(context), _site(context)
    if page is None or site is None:
        return ""
    url = page.get_full_url(request)
    listing = _listing_crumb(context)
    if listing:
        url = url.rstrip("/") + "/" + listing[1].lstrip("/")
    articles = context.get("articles")
    number = getattr(articles, "number", 1)
    if number and number > 1:
        url += "?" + urlencode({"page": number})
    return url


@register.simple_tag(takes_context=True)
def meta_description(context):
    page = context.get("page")
    if page is None:
        return ""
    for attr in ("search_description", "summary", "intro"):
        value = getattr(page, attr, "")
        if value:
            return " ".join(value.split())
    return ""


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The site's settings (`SITE_SETTINGS_MODEL`), from the site-objects cache."""
    return _site_settings(context)


@register.simple_tag(takes_context=True)
def practice_name(context):
    """The name in the site settings (`SITE_SETTINGS_MODEL.name`), else ""."""
    return getattr(_site_settings(context), "name", "") or ""


def page_jsonld(context):
    """The schema.org dict for the current page (its `get_jsonld` hook), or None."""
    page, request, site = context.get("page"), _request(context), _site(context)
    if page is None or site is None:
        return None
    linked_data = LinkedData(
        request=request,
        url=canonical_url(context),
        crumbs=[
            (title, on_site_root(site.root_url, link)) for title, link in breadcrumb_trail(context)
        ],
        site_url=site.root_url + "/",
        description=meta_description(context),
    )
    if isinstance(page, SitePageMixin):  # a page of this project, not Wagtail's root page
        return page.get_jsonld(linked_data)
    return SitePageMixin.get_jsonld(page, linked_data)


@register.simple_tag(takes_context=True)
def jsonld(context):
    data = page_jsonld(context)
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(schema.dumps_for_script(data)),  # noqa: S308 - escaped by dumps_for_script
    )


@register.filter
def field_kind(bound_field):
    """'honeypot', 'hidden', 'checkbox', 'group' or 'input': how a form lays a field out.

    A field is a honeypot when its widget carries `data-honeypot` or the class `honeypot`
    (the contact form's trap field does); it is hidden from sight, from the keyboard and from
    assistive tech.
    """
    attrs = bound_field.field.widget.attrs
    if "data-honeypot" in attrs or "honeypot" in attrs.get("class", "").split():
        return "honeypot"
    if bound_field.is_hidden:
        return "hidden"
    if bound_field.widget_type in {"checkbox"}:
        return "checkbox"
    if bound_field.widget_type in {"checkboxselectmultiple", "radioselect"}:
        return "group"
    return "input"


@register.filter
def honeypot_widget(bound_field):
    """A honeypot input that keyboard users never land on and browsers never autofill."""
    return bound_field.as_widget(attrs={"tabindex": "-1", "autocomplete": "off"})


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute on the current Wagtail site's root URL (as canonical URLs are)."""
    site = _site(context)
    if site is None:
        request = _request(context)
        return request.build_absolute_uri(url) if request else url
    return on_site_root(site.root_url, url)


@register.filter
def pager_numbers(page_obj):
    """The page numbers a pager shows: the first, the last, and two on each side of the
    current page, with `…` (Paginator.ELLIPSIS) for the gaps. All of them was 100 links
    (and a fifth of the index's CPU) for 1,000 articles."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)

"""Template tags for the readers' site layout: navigation, breadcrumbs, SEO meta, JSON-LD.

Everything here reads the current page and request from the template context; pages that are
not Wagtail pages (search, 404) simply have no `page` and get a plain layout.
"""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms import seo
from cms.page_mixins import routed_ancestors
from cms.site_cache import site_objects

register = template.Library()


def _request(context):
    return context.get("request")


def _site(context):
    request = _request(context)
    return site_objects(request).site if request is not None else None


def _practice(context):
    request = _request(context)
    return site_objects(request).settings if request is not None else None


def _article_index(context):
    """The site's live, public article index (the Articles section)."""
    request = _request(context)
    return site_objects(request).article_index if request is not None else None


def _contact_page(context):
    settings = _practice(context)
    contact = settings.contact_page if settings else None
    return contact if contact is not None and contact.live else None


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


def _absolute(site, url):
    if url.startswith(("http://", "https://")):
        return url
    return site.root_url.rstrip("/") + url


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    page = context.get("page")
    request = _request(context)
    site = _site(context)
    items = []
    if site is not None:
        targets = [("Home", site.root_page), ("Articles", _article_index(context))]
        targets.append(("Contact", _contact_page(context)))
        routed = bool(_listing_crumb(context))
        for label, target in targets:
            if target is None:
                continue
            current = None
            if page is not None and page.pk == target.pk:
                current = "true" if routed else "page"
            elif (
                page is not None
                and target.pk != site.root_page.pk
                and page.path.startswith(target.path)
            ):
                current = "true"
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
def practice_name(context):
    settings = _practice(context)
    return settings.name if settings and settings.name else ""


def page_jsonld(context):
    """The schema.org dict for the current page, or None."""
    from blog.models import ConditionArticlePage
    from home.models import ContactPage, HomePage

    page, request, site = context.get("page"), _request(context), _site(context)
    if page is None or site is None:
        return None
    settings = _practice(context)
    site_url = site.root_url + "/"
    url = canonical_url(context)
    crumbs = [(title, _absolute(site, link)) for title, link in breadcrumb_trail(context)]
    if isinstance(page, ConditionArticlePage):
        index = article_index_of(context, page)
        topics = list(page.topics.all())
        topic_urls = {}
        if index is not None:
            base = index.get_full_url(request).rstrip("/") + "/"
            topic_urls = {
                topic.pk: base + index.reverse_subpage("topic", kwargs={"slug": topic.slug})
                for topic in topics
            }
        image_url = None
        if page.image_id:
            image_url = _absolute(site, page.image.get_rendition("width-1200").url)
        return seo.article(
            page,
            url=url,
            crumbs=crumbs,
            settings=settings,
            site_url=site_url,
            topics=topics,
            topic_urls=topic_urls,
            image_url=image_url,
        )
    if isinstance(page, ContactPage):
        return seo.contact_page(page, url=url, crumbs=crumbs, settings=settings, site_url=site_url)
    if isinstance(page, HomePage):
        return seo.home_page(page, url=url, settings=settings)
    return seo.web_page(page, url=url, crumbs=crumbs, description=meta_description(context))


@register.simple_tag(takes_context=True)
def jsonld(context):
    data = page_jsonld(context)
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(seo.dumps_for_script(data)),  # noqa: S308 - escaped by dumps_for_script
    )


@register.filter
def field_kind(bound_field):
    """'honeypot', 'hidden', 'checkbox' or 'input': how the contact form lays a field out.

    A field is a honeypot when it is the contact service's trap field (`HONEYPOT_FIELD`) or its
    widget carries `data-honeypot` or the class `honeypot`; it is hidden from sight, from the
    keyboard and from assistive tech.
    """
    from home.contact import HONEYPOT_FIELD

    attrs = bound_field.field.widget.attrs
    marked = "data-honeypot" in attrs or "honeypot" in attrs.get("class", "").split()
    if marked or bound_field.name == HONEYPOT_FIELD:
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
def latest_articles(context, count=5):
    """The newest live, public articles of the site's article index."""
    index = _article_index(context)
    if index is None:
        return []
    return list(index.get_articles()[:count])


@register.simple_tag(takes_context=True)
def article_index(context):
    return _article_index(context)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute on the current Wagtail site's root URL (as canonical URLs are)."""
    site = _site(context)
    if site is None:
        request = _request(context)
        return request.build_absolute_uri(url) if request else url
    return _absolute(site, url)


@register.simple_tag(takes_context=True)
def article_index_of(context, article):
    """The index an article lives in: the request's cached Articles index when it is that."""
    index = _article_index(context)
    if index is not None and article.path.startswith(index.path):
        return index
    return article.get_parent().specific


@register.simple_tag(takes_context=True)
def disclaimer_for(context, article):
    """The article's disclaimer, reusing the request's practice settings."""
    return article.get_disclaimer(site_settings=_practice(context))


@register.simple_tag(takes_context=True)
def call_to_action_for(context, article):
    """The page an article's call to action links to, reusing the request's settings."""
    return article.get_call_to_action_page(site_settings=_practice(context))

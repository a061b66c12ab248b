"""schema.org JSON-LD for the readers' site, built as plain dicts.

Templates print the result of `jsonld_for(page, request)` through the `jsonld` tag in
`cms.templatetags.site_tags`, which escapes `<`, `>` and `&` so that no text an editor typed
can close the script element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

SCHEMA = "https://schema.org"

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dumps_for_script(data):
    """JSON safe to place inside <script type="application/ld+json">."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _compact(data):
    """Drop keys whose value is empty, so the output never carries "" or null."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def breadcrumb_list(crumbs):
    """`crumbs` is a list of (name, absolute_url) from the site root to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def person(person):
    if person is None:
        return None
    return _compact(
        {
            "@type": "Person",
            "name": person.name,
            "honorificSuffix": person.credentials,
            "jobTitle": person.job_title,
            "url": person.profile_url,
        }
    )


def practice(settings, url):
    """The practice as a MedicalClinic (a MedicalBusiness and an Organization)."""
    if settings is None:
        return None
    address = None
    if settings.address_lines:
        address = {"@type": "PostalAddress", "streetAddress": ", ".join(settings.address_lines)}
    return _compact(
        {
            "@type": "MedicalClinic",
            "name": settings.name,
            "url": url,
            "address": address,
            "telephone": settings.phone,
            "email": settings.email,
            "openingHours": settings.opening_hours_lines,
        }
    )


def medical_condition(topic, url=None):
    return _compact(
        {
            "@type": "MedicalCondition",
            "name": topic.name,
            "alternateName": topic.synonyms,
            "description": topic.description,
            "url": url,
        }
    )


def article(page, *, url, crumbs, settings, site_url, topics, topic_urls, image_url=None):
    """MedicalWebPage for a ConditionArticlePage."""
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "MedicalWebPage",
            "name": page.title,
            "headline": page.title,
            "description": page.search_description or page.summary,
            "url": url,
            "inLanguage": "en-GB",
            "about": [medical_condition(topic, topic_urls.get(topic.pk)) for topic in topics],
            "lastReviewed": page.last_reviewed,
            "author": person(page.author),
            "reviewedBy": person(page.reviewed_by),
            "datePublished": page.first_published_at,
            "dateModified": page.last_published_at,
            "image": image_url,
            "publisher": practice(settings, site_url),
            "breadcrumb": breadcrumb_list(crumbs),
        }
    )


def contact_page(page, *, url, crumbs, settings, site_url):
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "ContactPage",
            "name": page.title,
            "url": url,
            "mainEntity": practice(settings, site_url),
            "breadcrumb": breadcrumb_list(crumbs),
        }
    )


def web_page(page, *, url, crumbs, description=""):
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "WebPage",
            "name": page.title,
            "description": description,
            "url": url,
            "breadcrumb": breadcrumb_list(crumbs),
        }
    )


def home_page(page, *, url, settings):
    """The home page describes the practice itself."""
    return practice(settings, url) | {"@context": SCHEMA} if settings else None

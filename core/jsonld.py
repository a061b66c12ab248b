"""schema.org JSON-LD for the readers' site, built as plain dicts.

The parts of the vocabulary the site uses (web page, breadcrumbs, person, medical clinic,
medical condition); each page type composes its own document in `get_jsonld` (see
`core.pages.SitePageMixin`). The `jsonld` template tag prints it with `dumps_for_script`,
which escapes `<`, `>` and `&` so that no text an editor typed can close the script element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

SCHEMA = "https://schema.org"

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dumps_for_script(data):
    """JSON safe to place inside <script type="application/ld+json">."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def compact(data):
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
    return compact(
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
    return compact(
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
    return compact(
        {
            "@type": "MedicalCondition",
            "name": topic.name,
            "alternateName": topic.synonyms,
            "description": topic.description,
            "url": url,
        }
    )


def web_page(page, *, url, crumbs, description=""):
    return compact(
        {
            "@context": SCHEMA,
            "@type": "WebPage",
            "name": page.title,
            "description": description,
            "url": url,
            "breadcrumb": breadcrumb_list(crumbs),
        }
    )


def licence(settings, url):
    """schema.org CreativeWork licence terms from the practice settings: `license` (the
    licence's URL, else its name), `copyrightHolder` (the practice) and `creditText` (the
    attribution to show). Empty when the settings name no licence and no attribution."""
    if settings is None:
        return {}
    terms = settings.licence or {}
    return compact(
        {
            "license": terms.get("url") or terms.get("name"),
            "copyrightHolder": (
                {"@type": "MedicalClinic", "name": settings.name, "url": url}
                if terms or settings.attribution
                else None
            ),
            "creditText": settings.attribution,
        }
    )

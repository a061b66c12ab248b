"""Markdown link and image extensions that only resolve objects the public may see.

wagtail-markdown resolves `[text](page:ID)` and `[text](doc:ID)` with no live or privacy check,
so a link to a draft or private page would publish its URL (and slug). These lookups resolve
live, public pages and documents outside restricted collections only; anything else is left as
the inert `page:ID`/`doc:ID` href, which leaks nothing but the number. wagtail-markdown's
`<:Title>` linker syntax (looked up by title, same problem) is not enabled at all.

Loaded by name from settings.WAGTAILMARKDOWN["extensions"] (Markdown imports them when it
first renders, after the app registry is ready).
"""

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page
from wagtailmarkdown.mdx.inlinepatterns import (
    ImageExtension,
    LinkExtension,
    ObjectLookupNegotiator,
)

from core.visibility import public_pages


class PublishedObjectLookup(ObjectLookupNegotiator):
    @staticmethod
    def retrieve_page(lookup_field_value):
        if not str(lookup_field_value).isdigit():
            return None
        return public_pages(Page.objects.live()).filter(pk=lookup_field_value).first()

    @staticmethod
    def retrieve_document(lookup_field_value):
        if not str(lookup_field_value).isdigit():
            return None
        restricted = CollectionViewRestriction.objects.values("collection")
        return (
            get_document_model()
            .objects.filter(pk=lookup_field_value)
            .exclude(collection__in=restricted)
            .first()
        )

    @staticmethod
    def retrieve_wagtailmedia(lookup_field_value):
        return None


class PublishedLinkExtension(LinkExtension):
    def __init__(self, **kwargs):
        super().__init__(object_lookup_negotiator=PublishedObjectLookup, **kwargs)


class PublishedImageExtension(ImageExtension):
    def __init__(self, **kwargs):
        super().__init__(object_lookup_negotiator=PublishedObjectLookup, **kwargs)

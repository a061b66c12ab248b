"""API serializer fields of the article (listed in `ConditionArticlePage.api_fields`).

Each `to_representation` is annotated with what it returns, and each class docstring's first
paragraph says what the field means: the OpenAPI document (`core.api.openapi`) reads both.
"""

from typing import Literal

from typing_extensions import TypedDict

from core.api.fields import PageLinkDict, PageLinksField, ReadOnlyAPIField
from core.pages import prefetched


class PersonDict(TypedDict):
    name: str
    credentials: str
    job_title: str
    profile_url: str


class TopicDict(TypedDict):
    name: str
    slug: str
    synonyms: list[str]


class TagDict(TypedDict):
    name: str
    slug: str


class CallToActionDict(TypedDict):
    text: str
    page: PageLinkDict | None


class PersonField(ReadOnlyAPIField):
    """An author or reviewer, from Snippets → People."""

    def to_representation(self, person) -> PersonDict:
        return {
            "name": person.name,
            "credentials": person.credentials,
            "job_title": person.job_title,
            "profile_url": person.profile_url,
        }


class TopicsField(ReadOnlyAPIField):
    """The conditions or topics the article is about.

    Reads the prefetched `topics` (`api_topics`)."""

    def to_representation(self, page) -> list[TopicDict]:
        return [
            {"name": topic.name, "slug": topic.slug, "synonyms": topic.synonyms}
            for topic in prefetched(page, "api_topics", "topics")
        ]


class TagsField(ReadOnlyAPIField):
    """The article's tags, sorted by name.

    Reads the prefetched `tagged_items` with their tags (`api_tagged_items`)."""

    def to_representation(self, page) -> list[TagDict]:
        items = prefetched(page, "api_tagged_items", "tagged_items")
        tags = sorted((item.tag for item in items), key=lambda tag: tag.name)
        return [{"name": tag.name, "slug": tag.slug} for tag in tags]


class DisclaimerField(ReadOnlyAPIField):
    """The article's disclaimer or the site default; null if not live and public. Includes
    `summary`."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> PageLinkDict | None:
        disclaimer = page.get_disclaimer(self.request)
        if disclaimer is None:
            return None
        return self.visibility.page_link(disclaimer, summary=disclaimer.summary)


class CallToActionField(ReadOnlyAPIField):
    """The closing invitation (the article's own, else the practice's default) and the page
    it links to (by default the site's contact page); null when there is no invitation."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> CallToActionDict | None:
        text = page.get_call_to_action_text(self.request)
        if not text:
            return None
        target = page.get_call_to_action_page(self.request)
        link = self.visibility.page_link(target) if target is not None else None
        return {"text": text, "page": link}


class RelatedArticlesField(PageLinksField):
    """Live, public articles of this site suggested after this one (with `summary`)."""

    def pages(self, page):
        return page.get_related_articles()


class DisclaimerNoticeDict(TypedDict):
    text: str
    own: bool


class CareCardDict(TypedDict):
    level: Literal["immediate", "urgent", "non-urgent"]
    heading: str | None
    text: str
    html: str


class SectionDict(TypedDict):
    id: str
    heading: str
    html: str


class DisclaimerNoticeField(ReadOnlyAPIField):
    """What the article's disclaimer notice says: `own` is true when these are the article's
    own words, false when it is the summary of the site's default disclaimer; null when
    there is neither."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> DisclaimerNoticeDict | None:
        text = page.get_disclaimer_notice(self.request)
        if not text:
            return None
        return {"text": text, "own": bool(page.disclaimer_text.strip())}


class CareCardsField(ReadOnlyAPIField):
    """Advice on when to get care, in the editor's order: `level` (immediate: call 999 or go
    to A&E; urgent: same-day help; non-urgent: see a GP or the practice), the optional
    `heading`, the Markdown `text` and its sanitised `html`.

    Reads the prefetched `care_cards` (`api_care_cards`)."""

    def to_representation(self, page) -> list[CareCardDict]:
        return [
            {
                "level": card.level,
                "heading": card.heading or None,
                "text": card.text,
                "html": card.html,
            }
            for card in prefetched(page, "api_care_cards", "care_cards")
        ]


class SectionsField(ReadOnlyAPIField):
    """The body's sections, one per `## ` heading: the heading's `id` (its anchor on the
    page), its text and the HTML up to the next heading. Text before the first heading is
    in no section."""

    def __init__(self, **kwargs):
        super().__init__(whole_object=True, **kwargs)

    def to_representation(self, page) -> list[SectionDict]:
        return page.sections

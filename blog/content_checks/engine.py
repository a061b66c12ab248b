"""The checks themselves: pure functions from an article's words to a list of results.

No database and no Django here: `articles.article_text` gathers what a page holds (the form's
unsaved data as well as a saved page) into an `ArticleText`, and everything below decides on
that alone, so the same article always gives the same results wherever it is checked.
"""

import re
from dataclasses import asdict, dataclass, field

import textstat

from . import rules
from .html_parts import html_parts

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_INERT_LINK = re.compile(r"^(page|doc):", re.IGNORECASE)
EXCERPT_WORDS = 12


@dataclass(frozen=True)
class CareCardText:
    level: str
    heading: str
    text: str  # plain words (rendered from the card's Markdown)

    @property
    def words(self):
        return f"{self.heading}. {self.text}" if self.heading else self.text


@dataclass(frozen=True)
class ArticleText:
    """Everything the checks read of one article."""

    title: str
    summary: str
    body_html: str
    care_cards: tuple = ()
    disclaimer_notice: str = ""
    emergency_number: str = ""
    reading_age_target: int = 11


@dataclass(frozen=True)
class CheckResult:
    check: str
    severity: str
    message: str
    overridden: bool = field(default=False, compare=False)

    @classmethod
    def of(cls, check, message):
        return cls(check, rules.CHECKS[check][0], message)

    @property
    def label(self):
        return rules.CHECKS[self.check][1]

    @property
    def blocking(self):
        return self.severity == rules.BLOCKING and not self.overridden

    def as_dict(self):
        return asdict(self)


def words(text):
    return _WORD.findall(text or "")


def sentences(text):
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def excerpt(sentence, limit=EXCERPT_WORDS):
    found = sentence.split()
    return " ".join(found[:limit]) + (" …" if len(found) > limit else "")


def reading_age(prose) -> float | None:
    """Flesch-Kincaid grade (textstat) + 5, to one decimal: the age of a reader in that school
    year. `prose` is a list of blocks (paragraphs, list items); each ends a sentence. None for
    no words."""
    blocks = [block if block.rstrip()[-1:] in ".!?:" else f"{block}." for block in prose if block]
    text = " ".join(blocks)
    if not words(text):
        return None
    return round(textstat.flesch_kincaid_grade(text) + rules.GRADE_TO_AGE, 1)


def article_reading_age(body_html, care_cards=()) -> float | None:
    """The reading age of an article's body (its paragraphs and list items, not its
    headings) and care cards: what the checks compare with the target and the API gives."""
    return reading_age([*html_parts(body_html).prose, *(card.words for card in care_cards)])


def run_checks(article: ArticleText) -> list[CheckResult]:
    """Every result for `article`, blocking checks first, in the order of `rules.CHECKS`."""
    parts = html_parts(article.body_html)
    results = [
        *red_flags(article, parts),
        *disclaimer(article),
        *emergency_number(article),
        *image_alt(parts),
        *links_not_live(parts),
        *reading_age_above_target(article),
        *long_sentences(parts),
    ]
    order = list(rules.CHECKS)
    return sorted(results, key=lambda result: order.index(result.check))


def red_flags(article, parts):
    acting = [card.words for card in article.care_cards if card.level in rules.ACTING_LEVELS]
    other_cards = [
        card.words for card in article.care_cards if card.level not in rules.ACTING_LEVELS
    ]
    texts = [article.summary, *(text for _, text in parts.blocks), *other_cards]
    mentioned = [sentence for text in texts for sentence in sentences(text)]
    covering = [sentence for text in acting for sentence in sentences(text)]
    for flag in rules.RED_FLAGS:
        first = next((s for s in mentioned if flag.mentioned_in(s)), None)
        if first is None or any(flag.mentioned_in(s) for s in covering):
            continue
        yield CheckResult.of(
            "red_flag",
            f"Mentions {flag.label} (“{excerpt(first)}”) without an immediate or urgent care "
            f"card about it. {flag.note}",
        )


def disclaimer(article):
    if not article.disclaimer_notice.strip():
        yield CheckResult.of(
            "disclaimer",
            "No disclaimer: write the article's own, choose a live disclaimer page, or set the "
            "practice's default disclaimer (Settings → Practice settings).",
        )


def emergency_number(article):
    if not article.emergency_number.strip():
        yield CheckResult.of(
            "emergency_number",
            "The practice's emergency number is empty (Settings → Practice settings): readers "
            "must be told whom to call in an emergency.",
        )


def image_alt(parts):
    for src, alt in parts.images:
        if not (alt or "").strip():
            yield CheckResult.of(
                "image_alt",
                f"The image {src or '(no address)'} has no alternative text: describe it in "
                '![words](…) or alt="…".',
            )


def links_not_live(parts):
    for href, text in parts.links:
        if _INERT_LINK.match(href):
            kind = "page" if href.lower().startswith("page:") else "document"
            yield CheckResult.of(
                "link_not_live",
                f"The link “{text}” ({href}) goes to a {kind} readers cannot open: it is not "
                "published, private or deleted.",
            )


def reading_age_above_target(article):
    age = article_reading_age(article.body_html, article.care_cards)
    if age is not None and age > article.reading_age_target:
        yield CheckResult.of(
            "reading_age",
            f"Reading age {age:g} is above the practice's target of {article.reading_age_target}: "
            "use shorter sentences and everyday words.",
        )


def long_sentences(parts):
    found = [
        sentence
        for text in parts.prose
        for sentence in sentences(text)
        if len(words(sentence)) > rules.LONG_SENTENCE_WORDS
    ]
    if found:
        longest = max(found, key=lambda sentence: len(words(sentence)))
        count = len(found)
        yield CheckResult.of(
            "long_sentences",
            f"{count} sentence{'s' if count != 1 else ''} longer than "
            f"{rules.LONG_SENTENCE_WORDS} words; the longest ({len(words(longest))} words): "
            f"“{excerpt(longest)}”",
        )

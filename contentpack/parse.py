"""Source text (bytes) -> Article, with a record of where every paragraph went.

`blocks` splits the text, `classify` decides what each block is (from the data in
`rules.py`), and this module puts each one in its place: the body (Markdown: paragraphs,
`## ` headings, lists), the article's own disclaimer, its call to action, its care cards, its
topics, tags, image caption and credit. `Article.placements` says where each block went, and
why a block was dropped; nothing is dropped silently.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from . import rules
from .blocks import MAX_BYTES, MAX_TITLE, decode, split
from .classify import classify
from .errors import SourceError
from .text import (
    ends_like_a_sentence,
    escape_markdown,
    escape_markdown_inline,
    first_sentences,
    list_markdown,
    markdown_link,
    normalise,
    slugify,
)

__all__ = ["MAX_BYTES", "MAX_TITLE", "Article", "parse"]

MAX_SUMMARY = 300  # ConditionArticlePage.summary
MAX_TAG = 100  # taggit's Tag.name
MAX_TOPIC = 100  # Topic.name
MAX_CREDIT = 255  # ConditionArticlePage.image_credit

_RELATED = [re.compile(p, rules.FLAGS) for p in rules.RELATED_TOPIC]
_TAGS = re.compile(rules.TAGS_VALUE, rules.FLAGS)
_CREDIT = re.compile(rules.CREDIT_VALUE, rules.FLAGS)
_CAPTION = re.compile(rules.CAPTION_VALUE, rules.FLAGS)
_DISCLAIMER_LABEL = re.compile(rules.DISCLAIMER_LABEL, rules.FLAGS)


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str


@dataclass(frozen=True)
class Fragment:
    """A one-line leftover taken out of the body, kept so nothing disappears unrecorded."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class CareCard:
    """Urgent-care advice: `level` is immediate, urgent or non-urgent; `heading` is the
    source's own lead-in line ("Call 999 if you have:") or None; `text` is Markdown."""

    level: str
    heading: str | None
    text: str


@dataclass
class Placement:
    """Where one unit of the source went: `kind` is what it was recognised as, `goes_to`
    where it ended up, `note` the detail (or the reason it was dropped)."""

    line: int
    kind: str
    text: str
    goes_to: str
    level: str | None = None
    note: str = ""
    scores: list = field(default_factory=list)


@dataclass
class Article:
    source: str
    title: str
    slug: str
    summary: str
    body: str  # Markdown
    topics: list = field(default_factory=list)  # [Topic]
    tags: list = field(default_factory=list)
    image_credit: str | None = None
    image_caption: str | None = None
    disclaimer: str | None = None  # plain text, paragraphs separated by a blank line
    call_to_action: str | None = None  # plain text, paragraphs separated by a blank line
    care_cards: list = field(default_factory=list)  # [CareCard]
    fragments: list = field(default_factory=list)  # [Fragment]
    placements: list = field(default_factory=list)  # [Placement], not part of the pack


def topic(path, line, name):
    name = normalise(name)
    if len(name) > MAX_TOPIC:
        raise SourceError(path, line, f"topic is {len(name)} characters, at most {MAX_TOPIC}")
    slug = slugify(name)
    if not slug:
        raise SourceError(path, line, f"topic {name!r} gives an empty slug")
    return Topic(name[:1].upper() + name[1:], slug)


def related_markdown(text, topic_url, path, line):
    """A body paragraph as Markdown with its related-topic mention linked, and the topic."""
    for pattern in _RELATED:
        match = pattern.search(text)
        if match:
            found = topic(path, line, match.group("topic"))
            start, end = match.span("topic")
            before = escape_markdown(text[:start]) if start else ""
            link = markdown_link(text[start:end], topic_url(found.slug))
            return before + link + escape_markdown_inline(text[end:]), found
    return escape_markdown(text), None


def heading_markdown(text):
    """A `## ` heading; '#' is escaped, as a closing '#' run would be dropped."""
    return "## " + escape_markdown_inline(text).replace("#", "\\#")


def block_markdown(block):
    """A list block as Markdown: its lead-in line as a paragraph, then the list."""
    parts = [escape_markdown(block.lead)] if block.lead else []
    parts.append(list_markdown(block.items, block.ordered))
    return "\n\n".join(parts)


class Assembly:
    """The article's parts as the decisions are placed, in source order."""

    def __init__(self, path, topic_url):
        self.path, self.topic_url = path, topic_url
        self.body, self.prose = [], []  # Markdown chunks; plain text of prose paragraphs
        self.disclaimers, self.calls, self.cards = [], [], []
        self.fragments, self.tags, self.fragment_topics, self.related_topics = [], [], [], []
        self.image_credit = self.image_caption = None
        self.placements = []

    def place(self, decision, kind, text, goes_to, note=""):
        self.placements.append(
            Placement(
                decision.block.line,
                kind,
                text,
                goes_to,
                decision.level if kind == "care_card" else None,
                note,
                decision.scores,
            )
        )

    def add(self, decision):
        block, kind = decision.block, decision.kind
        text = block.text
        handler = getattr(self, f"add_{kind}")
        handler(decision, block, text)

    def add_body(self, decision, block, text):
        if decision.cta_start:
            rest = " ".join(decision.sentences[: decision.cta_start])
            call = " ".join(decision.sentences[decision.cta_start :])
            self.body.append(escape_markdown(rest))
            self.prose.append(rest)
            self.place(decision, "body", rest, "body")
            self.calls.append(call)
            self.place(decision, "call_to_action", call, "call_to_action", "closing sentences")
            return
        self.body.append(escape_markdown(text))
        self.prose.append(text)
        self.place(decision, "body", text, "body")

    def add_related_topic(self, decision, block, text):
        markdown, found = related_markdown(text, self.topic_url, self.path, block.line)
        self.body.append(markdown)
        self.prose.append(text)
        self.related_topics.append(found)
        self.place(decision, "related_topic", text, "body", f"topic {found.slug!r} linked")

    def add_list(self, decision, block, text):
        self.body.append(block_markdown(block))
        self.place(decision, "list", text, "body", f"Markdown list of {len(block.items)}")

    def add_heading(self, decision, block, text):
        self.body.append(heading_markdown(text))
        self.place(decision, "heading", text, "heading", "'## ' heading in the body")

    def add_disclaimer(self, decision, block, text):
        if decision.label_of:
            self.place(decision, "disclaimer", text, "dropped", "the label of the disclaimer")
            return
        label = _DISCLAIMER_LABEL.match(text)
        note = ""
        if label and text[label.end() :]:
            note = f"label {label.group().strip()!r} removed"
            text = text[label.end() :]
            text = text[:1].upper() + text[1:]
        self.disclaimers.append(text)
        self.place(decision, "disclaimer", text, "disclaimer", note)

    def add_care_card(self, decision, block, text):
        if block.items:
            card = CareCard(decision.level, block.lead, list_markdown(block.items, block.ordered))
        else:
            card = CareCard(decision.level, None, escape_markdown(text))
        self.cards.append(card)
        self.place(decision, "care_card", text, "care_card", f"level {decision.level}")

    def add_call_to_action(self, decision, block, text):
        self.calls.append(text)
        self.place(decision, "call_to_action", text, "call_to_action")

    def add_tags(self, decision, block, text):
        items = tag_items(self.path, block.line, _TAGS.match(text).group("value"))
        seen = {tag.casefold() for tag in self.tags}
        new, repeats = [], []
        for item in items:
            (repeats if item.casefold() in seen else new).append(item)
            seen.add(item.casefold())
        self.tags.extend(new)
        if items:
            note = ", ".join(new) + (f" (repeats dropped: {', '.join(repeats)})" if repeats else "")
            self.place(decision, "tags", text, "tag", note)
        else:
            self.place(decision, "tags", text, "dropped", "no tags: every item is empty")

    def add_credit(self, decision, block, text):
        value = normalise(_CREDIT.match(text).group("value"))
        self.fragments.append(Fragment("image-credit", text, block.line))
        if not value:
            note = "names no one: image_credit stays empty (recorded in fragments)"
            self.place(decision, "credit", text, "credit", note)
        elif self.image_credit:
            self.place(decision, "credit", text, "dropped", "a second credit (one image slot)")
        else:
            self.image_credit = value[:MAX_CREDIT]
            self.place(decision, "credit", text, "credit", f"image_credit {self.image_credit!r}")

    def add_caption(self, decision, block, text):
        value = normalise(_CAPTION.match(text).group("value"))
        self.fragments.append(Fragment("image-caption", text, block.line))
        if not value:
            self.place(decision, "caption", text, "dropped", "a caption label with no text")
            return
        if self.image_caption:
            self.place(decision, "caption", text, "dropped", "a second caption (one image slot)")
            return
        self.image_caption = value
        self.place(decision, "caption", text, "caption", "image_caption")

    def add_topic(self, decision, block, text):
        self.fragments.append(Fragment("topic", text, block.line))
        found = topic(self.path, block.line, text)
        self.fragment_topics.append(found)
        self.place(decision, "topic", text, "topic", found.slug)


def parse(path, data, topic_url=lambda slug: f"/articles/topic/{slug}/", explain=False):
    """Parse one source file's bytes into an Article, or raise SourceError. With `explain`,
    every score in `placements` lists every cue (slower; for --explain)."""
    text = decode(path, data)
    title, title_line, blocks = split(path, text)
    assembly = Assembly(path, topic_url)
    for decision in classify(blocks, full=explain):
        assembly.add(decision)
    if not assembly.body:
        raise SourceError(path, title_line, "no article text after the title")
    opening = next((p for p in assembly.prose if ends_like_a_sentence(p)), None)
    if opening is None:
        placed = [p for p in assembly.placements if p.goes_to in ("body", "heading")]
        opening = assembly.prose[0] if assembly.prose else placed[0].text
    topics = list(unique(assembly.fragment_topics + assembly.related_topics, key=lambda t: t.slug))
    return Article(
        source=str(path),
        title=title,
        slug=slugify(title) or slugify(PurePath(path).stem) or "article",
        summary=first_sentences(opening, MAX_SUMMARY),
        body="\n\n".join(assembly.body),
        topics=topics,
        tags=assembly.tags,
        image_credit=assembly.image_credit,
        image_caption=assembly.image_caption,
        disclaimer="\n\n".join(assembly.disclaimers) or None,
        call_to_action="\n\n".join(assembly.calls) or None,
        care_cards=assembly.cards,
        fragments=assembly.fragments,
        placements=assembly.placements,
    )


def tag_items(path, line, value):
    items = []
    for item in value.split(","):
        item = normalise(item)
        if not item:
            continue
        if len(item) > MAX_TAG:
            raise SourceError(path, line, f"tag {item[:20]!r}… is over {MAX_TAG} characters")
        items.append(item)
    return items


def unique(items, key):
    seen = set()
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            yield item

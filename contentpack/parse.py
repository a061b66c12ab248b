"""Source text (bytes) -> Article.

The format: the first non-empty line is the title; paragraphs are separated by blank lines.
What each paragraph is (disclaimer, call to action, fragment, tags line, related-topic
sentence) is decided by the data in `rules.py`; everything else is body text, kept verbatim
apart from whitespace normalisation.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from . import rules
from .errors import SourceError
from .text import (
    ends_like_a_sentence,
    escape_markdown,
    escape_markdown_inline,
    first_sentences,
    markdown_link,
    normalise,
    sentences,
    slugify,
)

MAX_BYTES = 1024 * 1024
MAX_TITLE = 255  # Wagtail's Page.title
MAX_SUMMARY = 300  # ConditionArticlePage.summary
MAX_TAG = 100  # taggit's Tag.name
MAX_TOPIC = 100  # Topic.name
MAX_CREDIT = 255  # ConditionArticlePage.image_credit
BOM = b"\xef\xbb\xbf"
# Control characters a text file never has (tab and form feed count as whitespace).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

_DISCLAIMER = [[re.compile(p, rules.FLAGS) for p in rule["all"]] for rule in rules.DISCLAIMER_RULES]
_CTA = [re.compile(p, rules.FLAGS) for p in rules.CALL_TO_ACTION_STARTS]
_FRAGMENTS = [
    (rule["kind"], re.compile(rule["pattern"], rules.FLAGS), rule.get("lowercase", False))
    for rule in rules.FRAGMENT_RULES
]
_RELATED = [re.compile(p, rules.FLAGS) for p in rules.RELATED_TOPIC_RULES]
_METADATA = {name: re.compile(p, rules.FLAGS) for name, p in rules.METADATA_LINES.items()}


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


@dataclass
class Paragraph:
    text: str  # normalised
    line: int
    single_line: bool


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
    disclaimer: str | None = None  # plain text
    call_to_action: str | None = None  # plain text
    fragments: list = field(default_factory=list)  # [Fragment]


def decode(path, data):
    """Bytes -> str with LF line endings and no BOM, or a SourceError naming the line."""
    if len(data) > MAX_BYTES:
        line = data.count(b"\n", 0, MAX_BYTES) + 1
        raise SourceError(
            path, line, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit"
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError(path, line, "binary file (NUL byte), expected UTF-8 text")
    start = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise SourceError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[offset]:02x} at column {column}); save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise SourceError(path, line, f"control character U+{ord(control.group()):04X}")
    return text


def split_title(path, text):
    """The title line and the paragraphs after it (each with its first line number)."""
    lines = text.split("\n")
    title, title_line, paragraphs, block, block_start = None, 0, [], [], 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if block:
                paragraphs.append(
                    Paragraph(normalise(" ".join(block)), block_start, len(block) == 1)
                )
            block = []
            continue
        if title is None:
            title, title_line = normalise(line), number
            continue
        if not block:
            block_start = number
        block.append(line)
    if block:
        paragraphs.append(Paragraph(normalise(" ".join(block)), block_start, len(block) == 1))
    if title is None:
        reason = "file is empty" if not text else "file has only whitespace"
        raise SourceError(path, 1, f"no title ({reason})")
    if len(title) > MAX_TITLE:
        raise SourceError(
            path, title_line, f"title is {len(title)} characters, at most {MAX_TITLE} allowed"
        )
    if any(pattern.match(title) for pattern in _METADATA.values()):
        raise SourceError(path, title_line, "no title (the first line is a metadata line)")
    return title, title_line, paragraphs


def metadata_kind(paragraph):
    if not paragraph.single_line:
        return None, None
    for name, pattern in _METADATA.items():
        match = pattern.match(paragraph.text)
        if match:
            return name, match.group("value")
    return None, None


def fragment_kind(paragraph):
    """(kind, value) for a one-line fragment, else (None, None)."""
    text = paragraph.text
    if (
        not paragraph.single_line
        or ends_like_a_sentence(text)
        or len(text.split()) > rules.FRAGMENT_MAX_WORDS
    ):
        return None, None
    for kind, pattern, lowercase in _FRAGMENTS:
        if lowercase and text != text.lower():
            continue
        match = pattern.match(text)
        if match:
            return kind, normalise(match.group("value"))
    return None, None


def is_disclaimer(text):
    return any(all(p.search(text) for p in patterns) for patterns in _DISCLAIMER)


def split_call_to_action(text):
    """(rest of the paragraph, call to action) when the paragraph closes with one."""
    parts = sentences(text)
    first = max(0, len(parts) - 1 - rules.CALL_TO_ACTION_MAX_TRAILING)
    for index in range(first, len(parts)):
        if any(p.match(parts[index]) for p in _CTA):
            return " ".join(parts[:index]), " ".join(parts[index:])
    return text, None


def topic(path, line, name):
    name = normalise(name)
    if len(name) > MAX_TOPIC:
        raise SourceError(path, line, f"topic is {len(name)} characters, at most {MAX_TOPIC}")
    slug = slugify(name)
    if not slug:
        raise SourceError(path, line, f"topic {name!r} gives an empty slug")
    return Topic(name[:1].upper() + name[1:], slug)


def body_markdown(paragraph, topic_url, found_topics, path):
    """A body paragraph as Markdown, with a related-topic mention linked to its listing."""
    for pattern in _RELATED:
        match = pattern.search(paragraph.text)
        if match:
            found = topic(path, paragraph.line, match.group("topic"))
            found_topics.append(found)
            start, end = match.span("topic")
            text = paragraph.text
            before = escape_markdown(text[:start]) if start else ""
            link = markdown_link(text[start:end], topic_url(found.slug))
            return before + link + escape_markdown_inline(text[end:])
    return escape_markdown(paragraph.text)


def parse(path, data, topic_url=lambda slug: f"/articles/topic/{slug}/"):
    """Parse one source file's bytes into an Article, or raise SourceError."""
    text = decode(path, data)
    title, title_line, paragraphs = split_title(path, text)
    body, disclaimers, fragments, tags, fragment_topics = [], [], [], [], []
    image_credit = image_caption = None
    for paragraph in paragraphs:
        name, value = metadata_kind(paragraph)
        if name == "tags":
            tags.extend(tag_items(path, paragraph.line, value))
            continue
        kind, value = fragment_kind(paragraph)
        if kind:
            fragments.append(Fragment(kind, paragraph.text, paragraph.line))
            if kind == "topic":
                fragment_topics.append(topic(path, paragraph.line, value))
            elif kind == "image-credit" and value:
                image_credit = image_credit or value[:MAX_CREDIT]
            elif kind == "image-caption":
                image_caption = image_caption or value
            continue
        if is_disclaimer(paragraph.text):
            disclaimers.append(paragraph.text)
            continue
        body.append(paragraph)

    call_to_action = None
    prose = [p for p in body if ends_like_a_sentence(p.text)]
    if prose:
        closing = prose[-1]
        rest, call_to_action = split_call_to_action(closing.text)
        if call_to_action:
            if rest:
                closing.text = rest
            else:
                body.remove(closing)
    if not body:
        raise SourceError(path, title_line, "no article text after the title")

    opening = next((p for p in body if ends_like_a_sentence(p.text)), body[0])
    related_topics = []
    markdown = "\n\n".join(body_markdown(p, topic_url, related_topics, path) for p in body)
    topics = list(unique(fragment_topics + related_topics, key=lambda t: t.slug))
    return Article(
        source=str(path),
        title=title,
        slug=slugify(title) or slugify(PurePath(path).stem) or "article",
        summary=first_sentences(opening.text, MAX_SUMMARY),
        body=markdown,
        topics=topics,
        tags=list(unique(tags, key=str.casefold)),
        image_credit=image_credit,
        image_caption=image_caption,
        disclaimer="\n\n".join(disclaimers) or None,
        call_to_action=call_to_action,
        fragments=fragments,
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

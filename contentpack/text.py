"""Small text helpers: whitespace normalisation, sentences, slugs and Markdown escaping."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")  # Unicode-aware: NBSP, thin spaces, tabs, line separators
# A sentence ends at . ! ? or … (plus any closing quotes/brackets) followed by a space and a
# character that can start a sentence (not a lowercase letter: "e.g. this" stays together).
_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*) (?=[^\s\W\d_a-z]|[\"'“‘«(\[\d])")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


def normalise(text):
    """Collapse every run of whitespace (NBSP included) to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def sentences(paragraph):
    """Split normalised text into sentences; `" ".join(sentences(p)) == p`."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        parts.append(paragraph[start : match.end(1)])
        start = match.end()
    parts.append(paragraph[start:])
    return [part for part in parts if part]


def ends_like_a_sentence(text):
    return bool(_ENDS_SENTENCE.search(text))


def first_sentences(text, limit):
    """The opening sentences of `text` that fit in `limit` characters, verbatim.

    When even the first sentence is longer, it is cut at the last word boundary that fits
    and an ellipsis is added (the only case where the result is not verbatim).
    """
    result = ""
    for sentence in sentences(text):
        candidate = f"{result} {sentence}" if result else sentence
        if len(candidate) > limit:
            break
        result = candidate
    if result:
        return result
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def slugify(text, max_length=80):
    """A stable URL slug: ASCII when the text allows it, else Unicode word characters."""
    text = re.sub(r"['’‘`]", "", text.lower())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not slug:
        slug = re.sub(r"[\W_]+", "-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length]
        if "-" in slug:
            slug = slug[: slug.rindex("-")]
        slug = slug.strip("-")
    return slug


# Characters that are Markdown syntax anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]{}])")
# "<" may start an HTML tag, a comment, an autolink or wagtail-markdown's "<:page:...>" link.
_ANGLE = re.compile(r"<")
# An entity reference ("&amp;") would be decoded.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Syntax only at the start of a paragraph: headings, quotes and bullet lists.
_BLOCK_START = re.compile(r"^(#|>|[-+*](?= |$))")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?= |$)")
_RULE = re.compile(r"^[-\s]+$")  # "---" or "- - -" alone is a horizontal rule


def escape_markdown(text):
    """Escape normalised plain text so Markdown renders it as the same plain text."""
    text = escape_markdown_inline(text)
    if _RULE.match(text):
        return text.replace("-", "\\-")
    numbered = _NUMBERED.match(text)
    if numbered:
        return f"{numbered.group(1)}\\{numbered.group(2)}{text[numbered.end() :]}"
    if _BLOCK_START.match(text):
        return "\\" + text
    return text


def markdown_link(text, url):
    return f"[{escape_markdown_inline(text)}]({url})"


def escape_markdown_inline(text):
    """Escape text that sits inside a line (no block-start rules)."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("~", "&#126;")  # "~~x~~" is strikethrough and "~" is not escapable
    return _ANGLE.sub("&lt;", text)


def list_markdown(items, ordered):
    """A Markdown list, one item a line: "1. …" (the source's numbers) or "- …"."""
    lines = []
    for index, item in enumerate(items, start=1):
        marker = f"{item.number if item.number is not None else index}." if ordered else "-"
        # "|" too: consecutive item lines could otherwise read as a table ("- a|b" / "- |").
        text = escape_markdown(item.text).replace("|", "\\|")
        lines.append(f"{marker} {text}")
    return "\n".join(lines)

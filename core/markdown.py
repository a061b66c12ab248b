"""The one place Markdown becomes HTML: wagtail-markdown's renderer with the nh3 allow-list
configured in settings.WAGTAILMARKDOWN. The site and the API both use what this returns."""

import functools
import math
import re
from html.parser import HTMLParser

from wagtailmarkdown.utils import render_markdown

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


# Heading ids the sanitiser lets through (WAGTAILMARKDOWN allows `id` on h2-h6) that the
# section extension did not write: an editor's raw `<h2 id="main">` could otherwise take an id
# the layout relies on (the skip link's `#main`) or clobber a DOM name.
_FOREIGN_HEADING_ID = re.compile(r'(<h[2-6]) id="(?!section-)[^"]*"')


def markdown_to_html(text: str) -> str:
    """Sanitised HTML; headings keep only the `section-…` ids core.markdown_sections gives."""
    return _FOREIGN_HEADING_ID.sub(r"\1", str(render_markdown(text or "")))


def reading_time_minutes(text: str) -> int:
    """Whole minutes at an average adult reading speed; at least 1 for any text."""
    words = _word_count(text or "")
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


@functools.lru_cache(maxsize=512)
def _word_count(text):
    # Counting a 5 KB article's words takes ~0.25 ms: a listing of 20 paid 5 ms per request.
    # The same bodies come back on every uncached request (a publish changes one), so the
    # count is kept per text (512 bodies: a few MB at most).
    return len(_WORD.findall(text))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    """The words of an HTML fragment, whitespace collapsed to single spaces."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


# A section heading as the renderer writes it (core.markdown_sections gives every one an id).
_SECTION_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)


def html_sections(html: str) -> list[dict]:
    """The `## ` sections of rendered Markdown: [{id, heading, html}], where `html` is what
    follows the heading up to the next one. Text before the first heading is no section.

    Reads only HTML that `markdown_to_html` wrote (sanitised, attributes quoted the same
    way), so a pattern is enough; a heading with no id (rendered before ids existed) is no
    section either."""
    pieces = _SECTION_HEADING.split(html or "")
    sections = []
    for start in range(1, len(pieces) - 1, 3):
        section_id, heading, content = pieces[start : start + 3]
        sections.append({"id": section_id, "heading": html_text(heading), "html": content.strip()})
    return sections

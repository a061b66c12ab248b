"""What the checks read in rendered Markdown: its blocks of text, its images and its links.

Checks read the HTML the site shows (core.markdown renders it) rather than the Markdown, so a
raw `<img>` and a Markdown `![](…)` image are the same thing to them, and a `page:ID` link
left inert by the renderer (the page is not live and public) is visible as such.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class HtmlParts:
    blocks: list = field(default_factory=list)  # (tag, text), in order; nested blocks split
    images: list = field(default_factory=list)  # (src, alt or None)
    links: list = field(default_factory=list)  # (href, text)

    @property
    def prose(self):
        """The text blocks a reader reads as sentences (headings are labels, not prose)."""
        return [text for tag, text in self.blocks if tag not in HEADING_TAGS and text]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = HtmlParts()
        self.stack = []  # (tag, words) of the open blocks
        self.link = None  # [href, words] of the open <a>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCK_TAGS:
            self._close_text()
            self.stack.append((tag, []))
        elif tag == "img":
            self.parts.images.append((attrs.get("src") or "", attrs.get("alt")))
        elif tag == "a":
            self.link = [attrs.get("href") or "", []]
        elif tag == "br":
            self.handle_data(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            href, words = self.link
            self.parts.links.append((href, " ".join("".join(words).split())))
            self.link = None
        elif tag in BLOCK_TAGS and self.stack and self.stack[-1][0] == tag:
            self._close_text(pop=True)

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1].append(data)
        else:  # text outside any block (raw HTML): a block of its own
            self.stack.append(("p", [data]))
            self._close_text(pop=True)
        if self.link is not None:
            self.link[1].append(data)

    def _close_text(self, pop=False):
        """Ends the open block's text so far (a nested block starts a new one)."""
        if not self.stack:
            return
        tag, words = self.stack.pop() if pop else self.stack[-1]
        text = " ".join("".join(words).split())
        if text:
            self.parts.blocks.append((tag, text))
        if not pop:
            words.clear()


def html_parts(html):
    parser = _Parser()
    parser.feed(html or "")
    parser.close()
    while parser.stack:
        parser._close_text(pop=True)
    return parser.parts

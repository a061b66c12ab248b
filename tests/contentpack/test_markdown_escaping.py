"""Body text is escaped so that the site's Markdown renders exactly the source text."""

import os
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from contentpack.blocks import Item
from contentpack.parse import heading_markdown
from contentpack.text import escape_markdown, list_markdown, markdown_link, normalise
from core.markdown import markdown_to_html

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", 500))
MARKDOWN_ALPHABET = st.sampled_from(
    list("ab Z1.*_`#>-+=|[]{}()!<>&;/\\:~^\"'’“–\u00a0")
    + [
        "<b>",
        "&amp;",
        "&#126;",
        "<http://x.y>",
        "1. ",
        "[^1]",
        "<:1>",
        "<:page:1>",
        "{: #x}",
        "~~~",
        "```",
    ]
)


def rendered_text(markdown):
    parser = TextOnly()
    parser.feed(markdown_to_html(markdown))
    parser.close()
    return normalise("".join(parser.text))


class TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=40).map("".join).map(normalise))
def test_escaped_text_renders_as_itself(text):
    assert rendered_text(escape_markdown(text)) == text


@given(st.text(alphabet="ab *_[]<&", min_size=1, max_size=20).map(normalise).filter(bool))
@settings(deadline=None)
def test_link_text_renders_as_itself(text):
    assert rendered_text(f"See {markdown_link(text, '/articles/topic/x/')}.") == f"See {text}."


def test_escaping_keeps_plain_prose_unchanged():
    prose = "Stretch – don’t bounce. It’s ‘normal’ to feel it (a little)!"
    assert escape_markdown(prose) == prose


class Blocks(TextOnly):
    """The text of each <h2> and <li>, to check headings and list items render as themselves."""

    def __init__(self):
        super().__init__()
        self.current, self.found = None, []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in {"h2", "li"}:
            self.current = (tag, [])

    def handle_data(self, data):
        super().handle_data(data)
        if self.current:
            self.current[1].append(data)

    def handle_endtag(self, tag):
        if self.current and tag == self.current[0]:
            self.found.append((tag, normalise("".join(self.current[1]))))
            self.current = None


def blocks(markdown):
    parser = Blocks()
    parser.feed(markdown_to_html(markdown))
    return parser.found


TEXTS = st.lists(MARKDOWN_ALPHABET, min_size=1, max_size=30).map("".join).map(normalise)


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(TEXTS.filter(bool))
def test_heading_renders_as_itself(text):
    assert blocks(heading_markdown(text)) == [("h2", text)]


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(st.lists(TEXTS.filter(bool), min_size=1, max_size=4), st.booleans())
def test_list_items_render_as_themselves(items, ordered):
    numbered = [Item(text, index if ordered else None) for index, text in enumerate(items, 1)]
    assert blocks(list_markdown(numbered, ordered)) == [("li", text) for text in items]

"""Body text is escaped so that the site's Markdown renders exactly the source text."""

import os
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from contentpack.text import escape_markdown, markdown_link, normalise
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

"""Every labelled corpus text, end to end through the site's Markdown renderer: every source
sentence exactly once in the article's parts, nothing invented, headings and lists rendered
as headings and lists. The source side is read independently of the builder, with the hand
labels saying which lines are layout leftovers (topic, caption, credit, tags)."""

import json
import re
from html.parser import HTMLParser

import pytest

from contentpack import parse
from core.markdown import markdown_to_html

from .conftest import PROJECT

CORPUS = PROJECT / "fixtures" / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())
NAMES = sorted(MANIFEST["tune"] + MANIFEST["heldout"])
LEFTOVERS = {"topic", "caption", "credit", "tags"}
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_MARKER = re.compile(r"^(?:\d+[.)]|[-*•])\s+")
_LABEL = re.compile(r"^(?:medical |important )?disclaimer\s*[:\-–—]\s*", re.IGNORECASE)


def normalise(text):
    return " ".join(text.split())


def source_sentences(name):
    """The sentences of the source's paragraphs that are not layout leftovers."""
    labels = json.loads((CORPUS / f"{name}.labels.json").read_text())["units"]
    leftovers = {unit["line"] for unit in labels if unit["kind"] in LEFTOVERS}
    text = (CORPUS / f"{name}.txt").read_bytes().decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").split("\n")
    paragraphs, start, block = [], None, []
    for number, line in enumerate(lines[1:], start=2):  # line 1 is the title
        if line.strip():
            start = start or number
            block.append(line)
        elif block:
            paragraphs.append((start, block))
            start, block = None, []
    if block:
        paragraphs.append((start, block))
    sentences = []
    for start, block in paragraphs:
        if start in leftovers:
            continue
        if all(_MARKER.match(line) for line in block[1:]) and len(block) > 1:
            pieces = [_MARKER.sub("", line) for line in block]
        else:
            pieces = [normalise(" ".join(block))]
        for piece in pieces:
            piece = _LABEL.sub("", normalise(piece))
            if piece.casefold() in {"disclaimer", ""}:
                continue  # the standalone label of the disclaimer below
            sentences.extend(_SENTENCE_END.split(piece))
    return sentences


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.tags = [""], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in {"p", "h2", "li", "ul", "ol"}:
            self.blocks.append("")

    def handle_data(self, data):
        self.blocks[-1] += data


def rendered(markdown):
    parser = Text()
    parser.feed(markdown_to_html(markdown))
    return [normalise(b) for b in parser.blocks if b.strip()], parser.tags


@pytest.fixture(scope="module", params=NAMES)
def case(request):
    name = request.param
    path = CORPUS / f"{name}.txt"
    return name, parse(path, path.read_bytes())


def article_parts(article):
    body, tags = rendered(article.body)
    parts = [*body, article.disclaimer or "", article.call_to_action or ""]
    for card in article.care_cards:
        parts.extend(rendered(card.text)[0])
        parts.append(card.heading or "")
    return [normalise(p) for p in parts for p in p.split("\n\n")], tags


def count(sentence, parts):
    def fold(text):  # the disclaimer's first letter is capitalised when its label goes
        return text.casefold()

    return sum(fold(part).count(fold(sentence)) for part in parts)


def test_every_source_sentence_exactly_once(case):
    name, article = case
    parts, _ = article_parts(article)
    expected = source_sentences(name)
    assert len(expected) > 5
    for sentence in expected:
        assert count(sentence, parts) == 1, (name, sentence)


def test_nothing_invented(case):
    name, article = case
    parts, _ = article_parts(article)
    source = normalise((CORPUS / f"{name}.txt").read_bytes().decode("utf-8-sig")).casefold()
    for part in parts:
        for sentence in _SENTENCE_END.split(part):
            assert sentence.casefold() in source, (name, sentence)


def test_headings_and_lists_render_as_such(case):
    name, article = case
    _, tags = article_parts(article)
    placements = article.placements
    assert tags.count("h2") == sum(p.kind == "heading" for p in placements), name
    lists = sum(p.kind == "list" for p in placements)
    lists += sum(1 for card in article.care_cards if card.heading)
    assert tags.count("ul") + tags.count("ol") == lists, name
    assert "\\-" not in article.body and "1\\." not in article.body  # markers not escaped

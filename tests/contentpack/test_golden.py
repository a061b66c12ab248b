"""The real source text, end to end: nothing lost, nothing invented, typography kept."""

import json
import re
from html.parser import HTMLParser

import pytest

from contentpack import parse
from contentpack.pack import build
from core.markdown import markdown_to_html

from .conftest import PROJECT, SOURCE

_INDEPENDENT_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def source_sentences():
    """The source's sentences, split independently of the parser: every paragraph with
    sentence punctuation, whitespace normalised (NBSP is whitespace), title excluded."""
    text = SOURCE.read_bytes().decode("utf-8-sig")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)][1:]
    prose = [p for p in paragraphs if re.search(r"[.?!]", p) and not p.startswith("Tags:")]
    return [s for p in prose for s in _INDEPENDENT_SENTENCE_END.split(p)]


def markdown_to_plain(markdown):
    """Undo the builder's Markdown: links become their text, escapes their character."""
    text = re.sub(r"\[((?:\\.|[^\]])*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&#126;", "~").replace("&amp;", "&")


@pytest.fixture(scope="module")
def article():
    return parse(SOURCE, SOURCE.read_bytes())


def test_every_sentence_appears_exactly_once_across_body_disclaimer_and_cta(article):
    parts = [markdown_to_plain(article.body), article.disclaimer, article.call_to_action]
    produced = [
        s for part in parts for p in part.split("\n\n") for s in _INDEPENDENT_SENTENCE_END.split(p)
    ]
    expected = source_sentences()
    assert len(expected) > 30
    for sentence in expected:
        assert sum(part.count(sentence) for part in parts) == 1, sentence
    assert sorted(produced) == sorted(expected)  # and nothing invented


def test_disclaimer_and_call_to_action_leave_the_body(article):
    assert "self-diagnosing" in article.disclaimer
    assert "self-diagnosing" not in article.body
    assert article.call_to_action.startswith("Contact us today")
    assert "Contact us" not in article.body
    # The CTA was the last sentence of the last paragraph: the rest of it stays.
    assert article.body.endswith("functioning at their optimal level is important.")


def test_typography_is_kept_and_nbsp_is_whitespace(article):
    text = "\n".join([article.title, article.summary, article.body, article.disclaimer])
    for char in "’‘–":
        assert char in text
    assert "\u00a0" not in text
    assert "  " not in text


def test_fragments_become_topic_and_empty_image_credit(article):
    assert [(t.name, t.slug) for t in article.topics] == [("Neck pain", "neck-pain")]
    assert [(f.kind, f.text) for f in article.fragments] == [
        ("topic", "neck pain"),
        ("image-credit", "photo credit"),
    ]
    assert article.image_credit is None  # the source has no image, and names no one
    assert "photo credit" not in article.body
    assert "\n\nneck pain\n\n" not in article.body


def test_empty_tags_items_give_no_tags(article):
    assert article.tags == []


def test_related_topic_sentence_stays_in_the_body_with_its_topic_linked(article):
    html = markdown_to_html(article.body)
    links = LinkCollector.collect(html)
    assert ("/articles/topic/neck-pain/", "neck pain") in links
    assert "read this and the other articles regarding" in article.body


def test_summary_is_the_opening_sentences_verbatim(article):
    assert len(article.summary) <= 300
    opening = source_sentences()[:2]
    assert article.summary == " ".join(opening)


def test_title_and_stable_slug(article):
    assert article.title == "Muscle Spasms or Trigger Points, Which Is It?"
    assert article.slug == "muscle-spasms-or-trigger-points-which-is-it"


def test_committed_pack_is_what_the_source_builds():
    files = build([SOURCE], PROJECT / "fixtures" / "source" / "site.json")
    for name, content in files.items():
        assert (PROJECT / "fixtures" / name).read_bytes() == content, name
    site = json.loads(files["site.json"])
    assert site["disclaimer"]["source"] == SOURCE.name
    assert "self-diagnosing" in site["disclaimer"]["summary"]


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = [], None, []

    @classmethod
    def collect(cls, html):
        parser = cls()
        parser.feed(html)
        return parser.links

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None

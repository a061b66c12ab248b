"""Each irregularity the source format allows, next to the regular case."""

import pytest

from contentpack import parse

from .conftest import OTHER_SOURCE, SOURCE

REGULAR = (
    "Back Pain Basics\n"
    "\n"
    "Back pain is common. Most of it gets better on its own.\n"
    "\n"
    "back pain\n"
    "\n"
    "Keep moving – gentle activity helps.\n"
    "\n"
    "Please see your doctor rather than self-diagnosing your symptoms.\n"
    "\n"
    "Call us today to book a visit.\n"
    "\n"
    "Tags: back, spine\n"
)


def parsed(text):
    return parse("t.txt", text if isinstance(text, bytes) else text.encode())


def same_content(a, b):
    """Equal apart from source line numbers (in fragments and placements)."""
    lines = ("fragments", "placements")
    return {k: v for k, v in vars(a).items() if k not in lines} == {
        k: v for k, v in vars(b).items() if k not in lines
    }


def test_regular_text():
    article = parsed(REGULAR)
    assert article.title == "Back Pain Basics"
    assert article.summary == "Back pain is common. Most of it gets better on its own."
    assert article.body == (
        "Back pain is common. Most of it gets better on its own.\n\n"
        "Keep moving – gentle activity helps."
    )
    assert [t.slug for t in article.topics] == ["back-pain"]
    assert article.tags == ["back", "spine"]
    assert article.disclaimer.startswith("Please see your doctor")
    assert article.call_to_action == "Call us today to book a visit."


def test_byte_order_mark_is_dropped():
    article = parsed(b"\xef\xbb\xbf" + REGULAR.encode())
    assert article.title == "Back Pain Basics"
    assert same_content(article, parsed(REGULAR))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_read_like_lf(newline):
    assert same_content(parsed(REGULAR.replace("\n", newline)), parsed(REGULAR))


def test_nbsp_and_runs_of_spaces_are_whitespace():
    text = REGULAR.replace("is common. Most", "is\u00a0common.\u00a0  Most")
    article = parsed(text)
    assert article.summary == "Back pain is common. Most of it gets better on its own."
    assert "\u00a0" not in article.body


def test_stray_whitespace_lines_separate_paragraphs_like_blank_lines():
    text = "\n \u00a0\t\n" + REGULAR.replace("\n\n", "\n  \t\u00a0 \n")
    assert same_content(parsed(text), parsed(REGULAR))


def test_hard_wrapped_paragraph_is_joined():
    text = REGULAR.replace("Keep moving – gentle", "Keep moving –\ngentle")
    assert "Keep moving – gentle activity helps." in parsed(text).body


def test_missing_disclaimer():
    text = REGULAR.replace(
        "Please see your doctor rather than self-diagnosing your symptoms.\n\n", ""
    )
    article = parsed(text)
    assert article.disclaimer is None
    assert article.call_to_action == "Call us today to book a visit."


def test_missing_call_to_action_keeps_the_last_paragraph_whole():
    text = REGULAR.replace("Call us today to book a visit.\n\n", "")
    article = parsed(text)
    assert article.call_to_action is None
    assert article.body.endswith("Keep moving – gentle activity helps.")


def test_call_to_action_inside_the_last_paragraph_is_split_off():
    text = REGULAR.replace("Call us today to book a visit.\n\n", "").replace(
        "gentle activity helps.", "gentle activity helps. Contact us to find out more."
    )
    article = parsed(text)
    assert article.call_to_action == "Contact us to find out more."
    assert article.body.endswith("Keep moving – gentle activity helps.")


def test_call_us_in_the_middle_of_the_text_stays_in_the_body():
    text = REGULAR.replace("Back pain is common.", "Call us if it is bad. Back pain is common.")
    article = parsed(text)
    assert article.body.startswith("Call us if it is bad.")


def test_missing_fragments():
    article = parsed(REGULAR.replace("back pain\n\n", ""))
    assert article.topics == []
    assert article.fragments == []


def test_missing_tags_line():
    assert parsed(REGULAR.replace("\nTags: back, spine\n", "")).tags == []


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Tags: , ,", []),
        ("Tags:", []),
        ("Tags: back, , spine,", ["back", "spine"]),
        ("tags : Back ,back, spine", ["Back", "spine"]),
    ],
)
def test_tags_keep_only_non_empty_distinct_items(line, tags):
    assert parsed(REGULAR.replace("Tags: back, spine", line)).tags == tags


def test_image_credit_with_a_name_fills_the_slot():
    article = parsed(REGULAR.replace("back pain\n\n", "Photo credit: Jane Example\n\n"))
    assert article.image_credit == "Jane Example"


def test_lone_photo_credit_leaves_the_slot_empty_but_is_recorded():
    article = parsed(REGULAR.replace("back pain\n\n", "photo credit\n\n"))
    assert article.image_credit is None
    assert [(f.kind, f.text) for f in article.fragments] == [("image-credit", "photo credit")]


def test_title_case_short_line_is_a_heading_in_the_body():
    article = parsed(REGULAR.replace("back pain\n\n", "What Causes It\n\n"))
    assert "\n\n## What Causes It\n\n" in article.body
    assert article.fragments == []


def test_unknown_short_line_stays_in_the_body():
    article = parsed(REGULAR.replace("back pain\n\n", "What 2 do, now\n\n"))
    assert "\n\nWhat 2 do, now\n\n" in article.body


def test_markdown_characters_are_escaped():
    text = REGULAR.replace("Keep moving", "# 1 tip: *keep* moving_now [or] <b>rest</b> & AT&T")
    body = parsed(text).body
    assert r"\# 1 tip: \*keep\* moving\_now \[or\] &lt;b>rest&lt;/b> & AT&T" in body


def test_the_second_source_of_the_same_kind():
    article = parsed(OTHER_SOURCE)
    assert article.title == "Heel Pain – Plantar Fasciitis Explained"
    assert article.slug == "heel-pain-plantar-fasciitis-explained"
    assert [t.slug for t in article.topics] == ["foot-pain"]
    assert article.image_credit == "A. Example"
    assert article.tags == []
    assert article.disclaimer.startswith("This article is not a substitute")
    assert article.call_to_action.startswith("Book an appointment today")
    assert "[foot pain](/articles/topic/foot-pain/)" in article.body
    assert "“fascia”" in article.body


def test_real_source_parses_the_same_with_crlf_and_bom():
    data = SOURCE.read_bytes()
    variant = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    assert same_content(parse(SOURCE, variant), parse(SOURCE, data))

"""Recognition by scored cues: each kind next to its false friend."""

import re

import pytest

from contentpack import parse
from core.markdown import markdown_to_html

OPENING = "Neck pain is common. Most of it settles within a few weeks."
MIDDLE = "Gentle movement helps. Heat can ease the stiffness."


def text(*paragraphs, title="Neck Pain"):
    return "\n\n".join([title, *paragraphs]) + "\n"


def parsed(*paragraphs):
    return parse("t.txt", text(*paragraphs).encode())


def kinds(article):
    return [(p.kind, p.level) if p.level else p.kind for p in article.placements]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Please remember that nothing on this page replaces an examination by your doctor, so "
        "talk to them before you try to diagnose yourself.",
        "The information in this article is general and is not a diagnosis. Please see your GP.",
        "This website is for educational purposes only and is no substitute for a visit to a "
        "qualified health professional.",
    ],
)
def test_disclaimers_worded_differently_leave_the_body(disclaimer):
    article = parsed(OPENING, MIDDLE, disclaimer)
    assert article.disclaimer == disclaimer
    assert "doctor" not in article.body and "GP" not in article.body


def test_a_sentence_about_doctors_in_the_body_is_not_a_disclaimer():
    sentence = "Your doctor may suggest anti-inflammatory gel for a few days."
    article = parsed(OPENING, sentence, MIDDLE)
    assert article.disclaimer is None
    assert sentence in article.body


def test_disclaimer_label_is_removed_and_reported():
    article = parsed(OPENING, "Disclaimer: this article is general information, not advice.")
    assert article.disclaimer == "This article is general information, not advice."
    assert "label 'Disclaimer:' removed" in article.placements[-1].note


@pytest.mark.parametrize("label", ["Disclaimer", "Medical Disclaimer:"])
def test_standalone_disclaimer_line_is_dropped_with_its_reason(label):
    article = parsed(OPENING, label, "This page is general information, not a diagnosis.")
    dropped = [p for p in article.placements if p.goes_to == "dropped"]
    assert [(p.text, p.note) for p in dropped] == [(label, "the label of the disclaimer")]
    assert "Disclaimer" not in article.body


@pytest.mark.parametrize(
    "call",
    [
        "Call our office today to schedule an evaluation.",
        "We would be glad to help: get in touch and we will find a time that suits you.",
        "Book an appointment with us today.",
    ],
)
def test_calls_to_action_near_the_end_before_or_after_the_disclaimer(call):
    disclaimer = "This article is general information and not a diagnosis; see your GP."
    for order in ([call, disclaimer], [disclaimer, call]):
        article = parsed(OPENING, MIDDLE, *order)
        assert article.call_to_action == call
        assert call not in article.body


def test_call_us_old_fashioned_at_the_start_is_body_text():
    opener = "Call us old-fashioned, but we still think a walk is the best medicine."
    article = parsed(opener, MIDDLE)
    assert article.call_to_action is None
    assert article.body.startswith(opener)


def test_avoid_contact_sports_is_body_text():
    advice = "Avoid contact sports for two weeks and build up slowly."
    article = parsed(OPENING, advice)
    assert article.call_to_action is None
    assert article.body.endswith(advice)


def test_no_call_to_action_means_none_and_nothing_invented():
    article = parsed(OPENING, MIDDLE)
    assert article.call_to_action is None


@pytest.mark.parametrize(
    ("advice", "level"),
    [
        ("If you lose bladder control or feel numb, call 999 or go to A&E.", "immediate"),
        ("If the pain is severe and getting worse, call 111 or see a doctor today.", "urgent"),
        ("If it has not improved after two weeks, see your GP or come and see us.", "non-urgent"),
    ],
)
def test_care_advice_becomes_a_care_card_with_its_level(advice, level):
    article = parsed(OPENING, advice, MIDDLE)
    assert [(c.level, c.heading, c.text) for c in article.care_cards] == [(level, None, advice)]
    assert advice not in article.body


def test_a_remark_about_a_and_e_is_not_a_care_card():
    remark = "Most people who go to A&E with neck pain are sent home with painkillers."
    article = parsed(OPENING, remark, MIDDLE)
    assert article.care_cards == []
    assert remark in article.body


def test_care_card_with_a_lead_line_and_a_list():
    advice = "Call 999 if you have:\n- numbness around your bottom\n- weakness in both legs"
    article = parsed(OPENING, advice, MIDDLE)
    (card,) = article.care_cards
    assert (card.level, card.heading) == ("immediate", "Call 999 if you have:")
    assert card.text == "- numbness around your bottom\n- weakness in both legs"
    assert "<li>numbness around your bottom</li>" in markdown_to_html(card.text)


@pytest.mark.parametrize(
    "line", ["Why does the desk matter?", "What Causes Neck Pain", "Simple Things That Help"]
)
def test_heading_lines_become_level_two_headings(line):
    article = parsed(OPENING, line, MIDDLE)
    assert f"\n\n## {line}\n\n" in article.body
    # the site's renderer gives every section heading an id (core.markdown_sections)
    assert re.search(
        rf'<h2 id="section-[\w-]+">{re.escape(line)}</h2>', markdown_to_html(article.body)
    )


@pytest.mark.parametrize("line", ["Most people do not.", "Sound familiar? It is common."])
def test_short_sentences_are_not_headings(line):
    article = parsed(OPENING, line, MIDDLE)
    assert "##" not in article.body


@pytest.mark.parametrize(
    ("source", "tag", "items"),
    [
        ("1. Rest.\n2. Ice *gently*.\n3. Move.", "ol", ["Rest.", "Ice *gently*.", "Move."]),
        ("- rest\n- ice\n- move", "ul", ["rest", "ice", "move"]),
        ("* rest\n* ice", "ul", ["rest", "ice"]),
        ("Things that help:\n- rest\n- ice", "ul", ["rest", "ice"]),
    ],
)
def test_lists_stay_lists(source, tag, items):
    article = parsed(OPENING, source, MIDDLE)
    html = markdown_to_html(article.body)
    assert f"<{tag}>" in html
    for item in items:
        assert f"<li>{item}</li>" in html
    assert kinds(article)[1] == "list"


def test_a_wrapped_list_item_is_joined():
    article = parsed(OPENING, "- rest the arm\n  for a day\n- ice", MIDDLE)
    assert "- rest the arm for a day\n- ice" in article.body


def test_caption_and_credit_fill_their_fields():
    article = parsed(OPENING, "Image: A stretch for the neck.", "photo credit: R. Okafor", MIDDLE)
    assert article.image_caption == "A stretch for the neck."
    assert article.image_credit == "R. Okafor"
    assert "Image:" not in article.body and "Okafor" not in article.body


def test_every_article_keeps_its_own_disclaimer_text():
    first = parse("a.txt", text(OPENING, "This article is general, not a diagnosis.").encode())
    own = "Nothing on this page replaces an examination by your doctor."
    second = parse("b.txt", text(OPENING, own).encode())
    none = parse("c.txt", text(OPENING, MIDDLE).encode())
    assert first.disclaimer == "This article is general, not a diagnosis."
    assert second.disclaimer == own
    assert none.disclaimer is None


def test_repeated_tags_are_dropped_with_their_reason():
    article = parsed(OPENING, "Tags: Back, back, spine, Spine")
    assert article.tags == ["Back", "spine"]
    assert article.placements[-1].note == "Back, spine (repeats dropped: back, Spine)"

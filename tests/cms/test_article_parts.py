"""The parts of an article beyond its body, on the page (parsed) and in the API: care cards,
sections and "On this page", the article's own disclaimer notice, the call to action (its
own, the practice's default or none: never a sentence of ours), the image caption, and the
summary printed above the body only when the body does not already say it."""

import pytest
from wagtail.models import Page

from blog.models import ArticleCareCard
from tests.factories import ConditionArticlePageFactory

from .html import jsonld, soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

BODY = (
    "Neck pain is common and usually settles.\n\n"
    "## Causes\n\nPosture and strain.\n\n"
    "## What helps\n\n- Gentle movement\n- Heat\n\n"
    "## When to get help\n\nSee us if it lasts."
)


def publish(page, cards=()):
    page.care_cards = [ArticleCareCard(**card) for card in cards]
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def article(site_tree):
    return publish(
        ConditionArticlePageFactory(
            parent=site_tree.index,
            title="Neck pain",
            slug="neck-pain",
            summary="Neck pain is common and usually settles.",
            body=BODY,
            image_caption="A gentle neck stretch.",
        ),
        cards=[
            {"level": "immediate", "heading": "Call 999 if you have:", "text": "- chest pain"},
            {"level": "non-urgent", "heading": "", "text": "See a GP if it lasts **weeks**."},
        ],
    )


def test_care_cards_follow_the_nhs_pattern(client, article):
    main = soup(client.get(article.url)).find("main")
    cards = main.select("section.care-card")
    assert [card["class"] for card in cards] == [
        ["care-card", "care-card--immediate"],
        ["care-card", "care-card--non-urgent"],
    ]
    first, second = cards
    heading = first.find("h2")
    assert first["aria-labelledby"] == heading["id"]
    # heard first by screen readers, seen as the badge (hidden from them: no repeat)
    assert heading.find(class_="visually-hidden").text == "Immediate action required: "
    assert heading.get_text() == "Immediate action required: Call 999 if you have:"
    assert first.find(class_="care-card__badge")["aria-hidden"] == "true"
    assert [li.text for li in first.select(".care-card__content li")] == ["chest pain"]
    # no heading of its own: headed by its level, in words
    assert second.find("h2").get_text() == "Non-urgent advice"
    assert second.find(class_="care-card__badge") is None
    assert second.select_one(".care-card__content strong").text == "weeks"
    # out of the body, before it
    assert not main.select(".prose .care-card")
    assert main.find(class_="prose").find_previous("section", class_="care-card") is second


def test_care_card_text_is_sanitised(client, site_tree):
    page = publish(
        ConditionArticlePageFactory(parent=site_tree.index),
        cards=[{"level": "urgent", "text": '<script>x()</script><a href="#" onclick="x()">a</a>'}],
    )
    card = soup(client.get(page.url)).select_one("section.care-card")
    assert card.find("script") is None
    assert card.find("a").attrs == {"href": "#"}
    content = card.select_one(".care-card__content").decode_contents().strip()
    assert content == page.care_cards.get().html.strip() == '<p><a href="#">a</a></p>'


def test_sections_have_anchors_and_three_make_a_contents_list(client, article, site_tree):
    main = soup(client.get(article.url)).find("main")
    headings = main.select(".prose h2")
    assert [(h["id"], h.text) for h in headings] == [
        ("section-causes", "Causes"),
        ("section-what-helps", "What helps"),
        ("section-when-to-get-help", "When to get help"),
    ]
    contents = main.find("nav", attrs={"aria-labelledby": "contents-heading"})
    assert contents.find("h2").text == "On this page"
    links = [(a["href"], a.text) for a in contents.select("ol a")]
    assert links == [(f"#{h['id']}", h.text) for h in headings]

    two = publish(
        ConditionArticlePageFactory(parent=site_tree.index, body="## One\n\nA.\n\n## Two\n\nB.")
    )
    main = soup(client.get(two.url)).find("main")
    assert len(main.select(".prose h2[id]")) == 2
    assert main.find("nav", class_="contents") is None


def test_section_ids_never_take_the_layouts_ids(client, site_tree):
    page = publish(
        ConditionArticlePageFactory(parent=site_tree.index, body="## Main\n\nA.\n\n## Main\n\nB.")
    )
    document = soup(client.get(page.url))
    ids = [tag["id"] for tag in document.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert [h["id"] for h in document.select(".prose h2")] == ["section-main", "section-main_1"]


def test_summary_is_not_printed_above_the_paragraph_that_says_it(client, article, site_tree):
    main = soup(client.get(article.url)).find("main")
    assert main.find(class_="lede") is None
    assert main.get_text().count(article.summary) == 1

    own_words = publish(
        ConditionArticlePageFactory(
            parent=site_tree.index, summary="A summary in other words.", body="The body."
        )
    )
    assert soup(client.get(own_words.url)).find(class_="lede").text == "A summary in other words."


def test_disclaimer_page_does_not_repeat_its_summary(client, site_tree):
    disclaimer = site_tree.disclaimer
    disclaimer.summary = "This site gives general information only."
    disclaimer.body = "This site gives general information only.\n\nSee a professional."
    disclaimer.save_revision().publish()
    main = soup(client.get(disclaimer.url)).find("main")
    assert main.find(class_="lede") is None
    assert main.get_text().count("This site gives general information only.") == 1


def test_own_disclaimer_in_its_words_else_the_site_default(client, article, site_tree):
    article.disclaimer_text = "This article is general; Dr Jo wrote it.\n\nAsk us."
    publish(article, cards=[])
    other = publish(ConditionArticlePageFactory(parent=site_tree.index))

    notice = soup(client.get(article.url)).find(attrs={"role": "note"})
    assert [p.text for p in notice.find_all("p")[:2]] == [
        "This article is general; Dr Jo wrote it.",
        "Ask us.",
    ]
    assert site_tree.disclaimer.summary not in notice.get_text()
    assert notice.find("a")["href"] == site_tree.disclaimer.url  # the practice's full one

    notice = soup(client.get(other.url)).find(attrs={"role": "note"})
    assert site_tree.disclaimer.summary in notice.get_text()
    assert "Dr Jo" not in notice.get_text()  # never another article's words

    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["disclaimer_notice"] == {"text": article.disclaimer_text, "own": True}
    data = client.get(f"/api/v2/pages/{other.pk}/").json()
    assert data["disclaimer_notice"] == {"text": site_tree.disclaimer.summary, "own": False}


def test_call_to_action_is_the_articles_own_the_practices_or_none(client, article, site_tree):
    main = soup(client.get(article.url)).find("main")
    assert main.find(class_="cta") is None
    assert "book an assessment" not in main.get_text()
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["call_to_action"] is None

    site_tree.settings.default_call_to_action = "Call us to talk it through."
    site_tree.settings.save()
    cta = soup(client.get(article.url)).find(class_="cta")
    assert cta.find("p").text == "Call us to talk it through."
    assert cta.find("a")["href"] == site_tree.contact.url
    data = client.get(f"/api/v2/pages/{article.pk}/").json()["call_to_action"]
    assert data["text"] == "Call us to talk it through." and data["page"]["url"] == "/contact/"

    article.call_to_action_text = "Get in touch with our team."
    publish(article, cards=[])
    assert soup(client.get(article.url)).find(class_="cta").find("p").text == (
        "Get in touch with our team."
    )


def test_image_caption(client, article, site_tree):
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["image_caption"] == "A gentle neck stretch."
    assert data["image_credit"] == ""
    # no picture: no figure, and none invented for the caption
    assert soup(client.get(article.url)).find("figure") is None


def test_api_care_cards_and_sections(client, article):
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["care_cards"] == [
        {
            "level": "immediate",
            "heading": "Call 999 if you have:",
            "text": "- chest pain",
            "html": "<ul>\n<li>chest pain</li>\n</ul>",
        },
        {
            "level": "non-urgent",
            "heading": None,
            "text": "See a GP if it lasts **weeks**.",
            "html": "<p>See a GP if it lasts <strong>weeks</strong>.</p>",
        },
    ]
    assert data["sections"] == [
        {"id": "section-causes", "heading": "Causes", "html": "<p>Posture and strain.</p>"},
        {
            "id": "section-what-helps",
            "heading": "What helps",
            "html": "<ul>\n<li>Gentle movement</li>\n<li>Heat</li>\n</ul>",
        },
        {
            "id": "section-when-to-get-help",
            "heading": "When to get help",
            "html": "<p>See us if it lasts.</p>",
        },
    ]


def test_jsonld_lists_care_cards_as_page_parts(client, article):
    data = jsonld(soup(client.get(article.url)))
    assert data["@type"] == "MedicalWebPage"
    assert data["hasPart"] == [
        {
            "@type": "WebPageElement",
            "name": "Call 999 if you have:",
            "text": "chest pain",
            "cssSelector": "#care-card-1",
        },
        {
            "@type": "WebPageElement",
            "name": "Non-urgent advice",
            "text": "See a GP if it lasts weeks.",
            "cssSelector": "#care-card-2",
        },
    ]

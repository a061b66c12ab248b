"""Every reader-facing page type renders inside the layout with its own content."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from blog.models import ArticleIndexPage
from tests.factories import ConditionArticlePageFactory

from .html import link_texts, meta, soup

pytestmark = pytest.mark.django_db


def test_layout_has_skip_link_first_nav_breadcrumbs_and_footer(client, content, site_tree):
    doc = soup(client.get(content.article.url))
    first_link = doc.body.find("a")
    assert first_link["href"] == "#main" and "Skip to main content" in first_link.text
    assert doc.find("main", id="main") is not None

    nav = doc.find("nav", attrs={"aria-label": "Main"})
    assert link_texts(nav, "a") == ["Home", "Articles", "Contact us"]
    assert nav.find("a", string="Articles")["aria-current"] == "true"

    crumbs = doc.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert link_texts(crumbs, "a") == ["Home", "Articles", content.article.title]
    assert crumbs.find_all("a")[-1]["aria-current"] == "page"

    footer = doc.find("footer", class_="site-footer")
    assert footer.find("address").get_text("|", strip=True) == "1 High Street|Town"
    assert footer.find("a", href="tel:01234567890").text == "01234 567890"
    assert footer.find("a", href="mailto:hello@practice.invalid") is not None
    assert "Mon–Fri 9:00–17:00" in footer.get_text()
    assert footer.find("a", string=site_tree.disclaimer.title)["href"] == site_tree.disclaimer.url


def test_practice_details_come_from_settings_not_templates(client, content, site_tree):
    site_tree.settings.name = "Riverside Chiropractic"
    site_tree.settings.phone = "020 7946 0000"
    site_tree.settings.save()
    doc = soup(client.get("/"))
    assert doc.find(class_="site-header__name").text == "Riverside Chiropractic"
    assert doc.title.text == "Home | Riverside Chiropractic"
    assert doc.find("a", href="tel:02079460000") is not None
    assert "01234 567890" not in doc.get_text()


def test_home_nav_item_is_current_page(client, content):
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", string="Home")["aria-current"] == "page"
    assert not nav.find("a", string="Articles").has_attr("aria-current")


def test_article_page_shows_review_record_disclaimer_cta_and_taxonomy(client, content, site_tree):
    doc = soup(client.get(content.article.url))
    main = doc.find("main")
    assert main.find("h1").text == content.article.title
    assert main.find(class_="lede").text == content.article.summary

    review = main.find(class_="review-meta")
    times = {t.find_parent("div").dt.text: t["datetime"] for t in review.find_all("time")}
    assert times == {"Page last reviewed:": "2026-03-01", "Next review due:": "2027-03-01"}
    text = review.get_text(" ", strip=True)
    assert "Dr Sam Review, DC, MSc" in text and "Alex Writer, BSc" in text
    assert "Reading time: 3 minutes" in text

    image = main.find("figure").find("img")
    assert image["alt"] == "Person stretching" and ".width-960." in image["src"]
    assert main.find("figcaption").text == "Photo: Practice archive"

    notice = main.find(attrs={"role": "note"})
    assert notice.find("h2").text.startswith("Important")
    assert site_tree.disclaimer.summary in notice.get_text()
    assert notice.find("a")["href"] == site_tree.disclaimer.url

    cta = main.find(class_="cta")
    assert "Contact us today to be evaluated." in cta.get_text()
    assert cta.find("a")["href"] == site_tree.contact.url

    taxonomy = main.find(class_="article__taxonomy")
    hrefs = {a.text: a["href"] for a in taxonomy.find_all("a")}
    assert hrefs == {
        "Neck pain": "/articles/topic/neck-pain/",
        "muscles": "/articles/tag/muscles/",
        "self-care": "/articles/tag/self-care/",
    }
    related = doc.find("section", class_="related")
    assert link_texts(related, "a") == [content.other.title]


def test_article_body_is_the_stored_html_not_rendered_per_request(client, content):
    type(content.article).objects.filter(pk=content.article.pk).update(
        body_html="<p>Stored <strong>HTML</strong></p>", body="Markdown *changed*"
    )
    prose = soup(client.get(content.article.url)).find(class_="prose")
    assert prose.decode_contents().strip() == "<p>Stored <strong>HTML</strong></p>"


def test_article_without_optional_parts_renders(client, site_tree):
    site_tree.settings.default_disclaimer = None
    site_tree.settings.contact_page = None
    site_tree.settings.save()
    article = ConditionArticlePageFactory(parent=site_tree.index, author=None, reviewed_by=None)
    main = soup(client.get(article.url)).find("main")
    assert main.find("figure") is None
    assert main.find(attrs={"role": "note"}) is None
    assert main.find(class_="cta") is None
    assert main.find(class_="article__taxonomy") is None


def test_article_index_lists_live_articles_and_paginates(client, site_tree, monkeypatch):
    monkeypatch.setattr(ArticleIndexPage, "PER_PAGE", 2)
    for n in range(5):
        ConditionArticlePageFactory(parent=site_tree.index, title=f"Article {n}")
    first = soup(client.get("/articles/"))
    assert first.find("h1").text == "Articles"
    assert len(first.select(".card-list .card")) == 2
    pager = first.find("nav", attrs={"aria-label": "Pages"})
    assert pager.find("a", attrs={"aria-current": "page"}).get_text(" ", strip=True) == "Page 1"
    assert pager.find("a", rel="next")["href"] == "?page=2"

    last = soup(client.get("/articles/?page=3"))
    assert len(last.select(".card-list .card")) == 1
    assert last.find("nav", attrs={"aria-label": "Pages"}).find("a", rel="next") is None
    assert last.find("link", rel="canonical")["href"] == "http://localhost/articles/?page=3"


def test_the_pager_shows_the_ends_and_the_neighbours_of_the_current_page(
    client, site_tree, monkeypatch
):
    """Not one link per page (1,000 articles made 100): the first and last page, two on each
    side of the current one, and a gap mark between."""
    monkeypatch.setattr(ArticleIndexPage, "PER_PAGE", 1)
    for n in range(12):
        ConditionArticlePageFactory(parent=site_tree.index, title=f"Article {n}")
    pager = soup(client.get("/articles/?page=6")).find("nav", attrs={"aria-label": "Pages"})
    items = [li.get_text(" ", strip=True) for li in pager.find_all("li")]
    assert items == [
        "Previous page", "Page 1", "…", "Page 4", "Page 5", "Page 6", "Page 7", "Page 8", "…",
        "Page 12", "Next page",
    ]  # fmt: skip
    assert pager.find("a", attrs={"aria-current": "page"})["href"] == "?page=6"
    assert [a["href"] for a in pager.find_all("a")][1:3] == ["?page=1", "?page=4"]


def test_topic_and_tag_listings_say_what_they_list(client, content):
    topic = soup(client.get("/articles/topic/neck-pain/"))
    assert topic.find("h1").text == "Articles about Neck pain"
    assert "Cervicalgia, Stiff neck" in topic.find("main").get_text()
    assert set(link_texts(topic, ".card a")) == {content.article.title, content.other.title}
    assert topic.find("link", rel="canonical")["href"] == (
        "http://localhost/articles/topic/neck-pain/"
    )
    crumbs = topic.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert link_texts(crumbs, "a") == ["Home", "Articles", "Neck pain"]

    tag = soup(client.get("/articles/tag/self-care/"))
    assert tag.find("h1").text == "Articles tagged “self-care”"
    assert link_texts(tag, ".card a") == [content.article.title]


def test_unknown_topic_or_tag_is_404(client, content):
    assert client.get("/articles/topic/no-such-topic/").status_code == 404
    assert client.get("/articles/tag/no-such-tag/").status_code == 404


def test_home_page_lists_each_article_once_with_topics_and_ways_to_get_help(
    client, content, site_tree
):
    site_tree.home.featured_articles.create(article=content.other)
    site_tree.home.save()
    doc = soup(client.get("/"))
    assert doc.find(class_="hero__lede").text == site_tree.home.intro
    featured = doc.find("section", attrs={"aria-labelledby": "featured-heading"})
    assert link_texts(featured, ".card a") == [content.other.title]
    # the featured article is not listed again among the latest
    latest = doc.find("section", attrs={"aria-labelledby": "latest-heading"})
    assert link_texts(latest, ".card a") == [content.article.title]
    # the topics of the live, public articles (not the draft's or the restricted one's count)
    topics = doc.find("section", attrs={"aria-labelledby": "topics-heading"})
    topic_url = site_tree.index.url + f"topic/{content.topic.slug}/"
    assert [(a.text, a["href"]) for a in topics.find_all("a")] == [("Neck pain", topic_url)]
    assert "2 articles" in topics.get_text()
    # the next step: contact the practice (hero), and what the site can and cannot do (help)
    hero = doc.find(class_="hero")
    assert hero.find("a", class_="action-link")["href"] == site_tree.contact.url
    assert hero.find("a", href="tel:01234567890") is not None
    help_section = doc.find("section", attrs={"aria-labelledby": "help-heading"})
    assert "call 999" in help_section.get_text()
    assert help_section.find("a", href=site_tree.disclaimer.url) is not None


def test_home_page_titled_with_the_practice_name_says_it_once(client, site_tree):
    """The title bar does not read "Name | Name", and the heading under the header (which
    shows the name) is the page's intro instead of the name again."""
    site_tree.home.title = site_tree.settings.name
    site_tree.home.intro = "Back and neck pain: what helps, and how to reach us."
    site_tree.home.save_revision().publish()
    doc = soup(client.get("/"))
    assert doc.title.text == site_tree.settings.name
    assert doc.find("h1").text == "Back and neck pain: what helps, and how to reach us"
    assert doc.find(class_="hero__lede") is None


def test_disclaimer_page_renders_stored_html(client, site_tree):
    doc = soup(client.get(site_tree.disclaimer.url))
    assert doc.find("h1").text == site_tree.disclaimer.title
    assert doc.find(class_="prose").find("strong").text == "health care practitioner"


def test_meta_tags_title_description_canonical_open_graph(client, content):
    doc = soup(client.get(content.article.url))
    url = "http://localhost/articles/muscle-spasms/"
    assert doc.title.text == f"{content.article.title} | Test Practice"
    assert meta(doc, name="description") == content.article.summary
    assert doc.find("link", rel="canonical")["href"] == url
    assert meta(doc, property="og:url") == url
    assert meta(doc, property="og:type") == "article"
    assert meta(doc, property="og:title") == content.article.title
    assert meta(doc, property="og:image").startswith("http://localhost/media/")
    assert meta(doc, name="twitter:card") == "summary_large_image"
    assert meta(doc, name="robots") is None


def test_search_description_overrides_summary(client, content):
    content.article.search_description = "Spasm or trigger point: how to tell."
    content.article.save_revision().publish()
    doc = soup(client.get(content.article.url))
    assert meta(doc, name="description") == "Spasm or trigger point: how to tell."


def test_static_files_use_the_static_tag(client, content, settings):
    settings.STATIC_URL = "/assets/"
    doc = soup(client.get("/"))
    assert doc.find("link", rel="stylesheet")["href"] == "/assets/css/site.css"


def test_article_page_query_budget(client, content, django_assert_max_num_queries):
    client.get(content.article.url)  # warm per-process caches (content types, renditions)
    with django_assert_max_num_queries(25):
        assert client.get(content.article.url).status_code == 200


def test_every_page_links_an_icon_that_is_served(client, content):
    """No 404 (and no console error) for a favicon: the linked SVG and /favicon.ico, which
    browsers ask for whatever a page links, are both served."""
    for url in ("/", content.article.url, "/search/?q=neck", "/no-such-page/"):
        icons = BeautifulSoup(client.get(url).content, "html.parser").find_all("link", rel="icon")
        assert {icon["href"].split("?")[0].rsplit("/", 1)[-1] for icon in icons} == {
            "favicon.svg",
            "favicon.ico",
        }
    svg = next(icon for icon in icons if icon["type"] == "image/svg+xml")["href"]
    assert finders.find(svg.removeprefix(settings.STATIC_URL))
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico["Content-Type"] == "image/x-icon"
    assert ico.content.startswith(b"\x00\x00\x01\x00")  # an ICO file's header

"""SQL query budgets of the pages readers and frontends hit most, uncached and cached.

Each budget is checked at two content sizes, so a query per item (an N+1) fails the test
even while the total is still under budget.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import ArticleCareCard, RelatedArticle
from home.models import FeaturedArticle
from tests.factories import (
    ConditionArticlePageFactory,
    ContactPageFactory,
    DisclaimerPageFactory,
    PersonFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}

# Budgets as production serves a page with the full-page cache off: the site-objects cache
# (core/site_objects.py) on. Issue 8 asks for at most 8 on an uncached article; it costs 6:
# the article index (routing), the article, its topics, its tags, the view restrictions and
# the related articles. Without the site-objects cache add 6 (site, home page, practice
# settings, the menu pages: one query for the pages and one per section type). Cached, every
# page costs 0. Lower these when a change saves a query; never raise them without saying why.
# An article with care cards costs one query more (the cards); the routing query tells
# whether there are any, so one without costs nothing for them. The API detail prefetches
# the cards whatever they are (10 -> 11): one query per response, not per item. Tags and
# their names come in one query since issue 15 (11 -> 10). The home page lists the topics of
# the articles (4 -> 5): one query for all of them, with their counts.
ARTICLE_BUDGET = 6
INDEX_BUDGET = 3
HOME_BUDGET = 5
API_DETAIL_BUDGET = 10
WITHOUT_SITE_CACHE = 6
ISSUE_8_ARTICLE_LIMIT = 8
API_LISTING = "/api/v2/pages/?type=blog.ConditionArticlePage&fields=*&limit={limit}"


def publish_articles(site_tree, count, start=0):
    """`count` articles as the seed makes them: topics, tags, people, related links."""
    author, reviewer = PersonFactory(), PersonFactory()
    topics = [
        TopicFactory(name="Neck pain", slug="neck-pain"),
        TopicFactory(name="Back pain", slug="back-pain"),
    ]
    pages = []
    for n in range(start, start + count):
        page = ConditionArticlePageFactory(
            parent=site_tree.index,
            title=f"Article {n}",
            slug=f"article-{n}",
            author=author,
            reviewed_by=reviewer,
            call_to_action_text="Contact us today.",
            call_to_action_page=site_tree.contact,
        )
        page.topics.set(topics)
        page.tags.add("neck", f"tag-{n}")
        for other in pages[-3:]:
            page.related_links.add(RelatedArticle(article=other))
        page.save_revision().publish()
        pages.append(page)
    return pages


def count_queries(path, client=None):
    """Queries of a request after a first one (which fills per-process caches)."""
    client = client or Client()
    client.get(path, **HOST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **HOST)
    assert response.status_code == 200, path
    return len(queries)


def assert_constant_and_within(budget, small, large):
    assert small == large, f"queries grow with content: {small} -> {large}"
    assert large <= budget, f"{large} queries > budget {budget}"


def test_article_page_within_budget_whatever_its_relations(site_tree, site_cache):
    articles = publish_articles(site_tree, 6)
    one_related, three_related = articles[1], articles[-1]
    assert_constant_and_within(
        ARTICLE_BUDGET, count_queries(one_related.url), count_queries(three_related.url)
    )


def test_article_page_suggesting_by_topic_within_budget(site_tree, site_cache):
    first = publish_articles(site_tree, 4)[0]  # no chosen links: articles sharing a topic
    assert count_queries(first.url) <= ARTICLE_BUDGET


def test_care_cards_cost_one_query_whatever_their_number(site_tree, site_cache):
    one, three = publish_articles(site_tree, 2)
    for page, count in ((one, 1), (three, 3)):
        page.care_cards = [
            ArticleCareCard(level="urgent", text=f"Advice {n}.") for n in range(count)
        ]
        page.save_revision().publish()
    assert_constant_and_within(ARTICLE_BUDGET + 1, count_queries(one.url), count_queries(three.url))
    assert count_queries(publish_articles(site_tree, 1, start=2)[0].url) <= ARTICLE_BUDGET


def test_own_disclaimer_and_call_to_action_page_cost_one_query_each(site_tree, site_cache):
    article = publish_articles(site_tree, 1)[0]
    article.disclaimer = DisclaimerPageFactory(parent=site_tree.home, slug="other-disclaimer")
    article.call_to_action_page = ContactPageFactory(parent=site_tree.home, slug="book")
    article.save_revision().publish()
    assert count_queries(article.url) <= ARTICLE_BUDGET + 2 <= ISSUE_8_ARTICLE_LIMIT


def test_article_index_queries_do_not_grow_with_articles(site_tree, site_cache):
    publish_articles(site_tree, 2)
    few = count_queries(site_tree.index.url)
    publish_articles(site_tree, 10, start=2)
    many = count_queries(site_tree.index.url)
    assert_constant_and_within(INDEX_BUDGET, few, many)
    topic_listing = site_tree.index.url + "topic/neck-pain/"
    assert count_queries(topic_listing) <= INDEX_BUDGET + 1  # + the topic itself


def test_home_page_queries_do_not_grow_with_featured_articles(site_tree, site_cache):
    articles = publish_articles(site_tree, 6)
    FeaturedArticle.objects.create(page=site_tree.home, article=articles[0])
    one = count_queries(site_tree.home.url)
    for article in articles[1:]:
        FeaturedArticle.objects.create(page=site_tree.home, article=article)
    six = count_queries(site_tree.home.url)
    assert_constant_and_within(HOME_BUDGET, one, six)


@pytest.mark.parametrize("page", ["article", "index", "home"])
def test_without_the_site_cache_each_request_looks_the_site_up(site_tree, page):
    article = publish_articles(site_tree, 3)[-1]
    url = {"article": article.url, "index": site_tree.index.url, "home": site_tree.home.url}
    budget = {"article": ARTICLE_BUDGET, "index": INDEX_BUDGET, "home": HOME_BUDGET}
    assert count_queries(url[page]) <= budget[page] + WITHOUT_SITE_CACHE


def test_api_detail_queries_do_not_grow_with_topics_and_tags(site_tree, site_cache):
    few, many = publish_articles(site_tree, 2)
    many.tags.add(*[f"extra-{n}" for n in range(6)])
    many.topics.add(TopicFactory(name="Shoulder pain", slug="shoulder-pain"))
    many.save_revision().publish()
    assert_constant_and_within(
        API_DETAIL_BUDGET,
        count_queries(f"/api/v2/pages/{few.pk}/"),
        count_queries(f"/api/v2/pages/{many.pk}/"),
    )


@pytest.mark.parametrize("path", ["article", "index", "home", "api_listing", "api_detail"])
def test_cached_responses_cost_no_queries(site_tree, page_cache, path):
    article = publish_articles(site_tree, 3)[-1]
    url = {
        "article": article.url,
        "index": site_tree.index.url,
        "home": site_tree.home.url,
        "api_listing": API_LISTING.format(limit=20),
        "api_detail": f"/api/v2/pages/{article.pk}/",
    }[path]
    assert Client().get(url, **HOST)["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, **HOST)
    assert (response.status_code, response["X-Cache"]) == (200, "HIT")
    assert len(queries) == 0, [q["sql"] for q in queries]

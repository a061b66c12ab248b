import pytest
from wagtail.models import Page

from blog.models import ArticleIndexPage, ConditionArticlePage
from home.models import ContactPage, DisclaimerPage, HomePage
from tests.factories import ConditionArticlePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_article_renders_markdown_once_on_save(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index, body="Some **bold** advice.")
    assert article.body_html == "<p>Some <strong>bold</strong> advice.</p>"


def test_article_tree_rules():
    assert ConditionArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert ArticleIndexPage.allowed_subpage_models() == [ConditionArticlePage]
    assert set(HomePage.allowed_subpage_models()) == {ArticleIndexPage, DisclaimerPage, ContactPage}
    assert HomePage.allowed_parent_page_models() == [Page]


def test_disclaimer_defaults_to_site_setting(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index)
    assert article.get_disclaimer() == site_tree.disclaimer


def test_related_articles_derived_from_shared_topics(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    article = ConditionArticlePageFactory(parent=site_tree.index)
    other = ConditionArticlePageFactory(parent=site_tree.index)
    unrelated = ConditionArticlePageFactory(parent=site_tree.index)
    for page in (article, other):
        page.topics.add(topic)
        page.save()
    related = article.get_related_articles()
    assert other in related and unrelated not in related and article not in related


def test_reading_time_is_computed_from_body(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index, body="word " * 401)
    assert article.reading_time_minutes == 3

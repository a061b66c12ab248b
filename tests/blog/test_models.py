import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

from blog.models import ArticleIndexPage, ConditionArticlePage, RelatedArticle
from home.models import ContactPage, DisclaimerPage, HomePage
from tests.factories import (
    ConditionArticlePageFactory,
    ContactPageFactory,
    DisclaimerPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_article_renders_markdown_once_on_save(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index, body="Some **bold** advice.")
    assert article.body_html == "<p>Some <strong>bold</strong> advice.</p>"


def test_article_tree_rules():
    assert ConditionArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert ArticleIndexPage.allowed_subpage_models() == [ConditionArticlePage]
    # The home page keeps no closed list: what editors can add is what names it as parent.
    assert set(HomePage.creatable_subpage_models()) == {
        ArticleIndexPage,
        DisclaimerPage,
        ContactPage,
    }
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


def test_call_to_action_links_to_the_contact_page_unless_another_is_chosen(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index)
    assert article.get_call_to_action_page() == site_tree.contact
    booking = ContactPageFactory(parent=site_tree.home, slug="book")
    article.call_to_action_page = booking
    assert article.get_call_to_action_page() == booking
    booking.unpublish()
    article.call_to_action_page = ContactPage.objects.get(pk=booking.pk)
    assert article.get_call_to_action_page() is None  # never a link to a draft


def test_chosen_disclaimer_wins_over_the_default(site_tree):
    own = DisclaimerPageFactory(parent=site_tree.home, slug="sports-disclaimer")
    article = ConditionArticlePageFactory(parent=site_tree.index, disclaimer=own)
    assert article.get_disclaimer() == own


def published_with_topic(site_tree, topic, count):
    pages = []
    for n in range(count):
        page = ConditionArticlePageFactory(parent=site_tree.index, title=f"Article {n}")
        page.topics.add(topic)
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_related_articles_by_topic_are_the_three_newest(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    article, *others = published_with_topic(site_tree, topic, 5)
    served = ConditionArticlePage.objects.prefetch_related("topics").get(pk=article.pk)
    assert served.get_related_articles() == others[::-1][:3]


def test_chosen_related_articles_win_in_their_order_and_skip_drafts(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    article, first, second, draft = published_with_topic(site_tree, topic, 4)
    draft.unpublish()
    for order, chosen in enumerate([second, draft, first]):
        RelatedArticle.objects.create(page=article, article=chosen, sort_order=order)
    served = ConditionArticlePage.objects.get(pk=article.pk)
    assert served.get_related_articles() == [second, first]


def test_chosen_related_articles_all_unpublished_suggest_nothing(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    article, _sharing_a_topic, draft = published_with_topic(site_tree, topic, 3)
    draft.unpublish()
    RelatedArticle.objects.create(page=article, article=draft, sort_order=0)
    assert ConditionArticlePage.objects.get(pk=article.pk).get_related_articles() == []


def test_preview_uses_the_related_articles_chosen_in_the_editor(site_tree):
    topic = TopicFactory(name="Neck pain", slug="neck-pain")
    article, first, second = published_with_topic(site_tree, topic, 3)
    RelatedArticle.objects.create(page=article, article=first, sort_order=0)
    preview = article.get_latest_revision_as_object()  # links from the revision, in memory
    preview.related_links = [RelatedArticle(article=second)]
    assert preview.get_related_articles() == [second]


def test_reading_time_is_computed_from_body(site_tree):
    article = ConditionArticlePageFactory(parent=site_tree.index, body="word " * 401)
    assert article.reading_time_minutes == 3


@pytest.mark.django_db
def test_data_migration_gives_existing_articles_section_ids(site_tree):
    """blog 0007: an article saved before section ids existed gets them (its body_html is
    re-rendered), so anchors, "On this page" and the API's sections work for it too."""
    migration = importlib.import_module("blog.migrations.0007_article_body_html_section_ids")
    page = ConditionArticlePageFactory(parent=site_tree.index, body="Intro.\n\n## Causes\n\nA.")
    old = "<p>Intro.</p>\n<h2>Causes</h2>\n<p>A.</p>"  # as rendered before
    ConditionArticlePage.objects.filter(pk=page.pk).update(body_html=old)
    assert ConditionArticlePage.objects.get(pk=page.pk).sections == []
    migration.render_section_ids(apps, None)
    page = ConditionArticlePage.objects.get(pk=page.pk)
    assert page.sections == [{"id": "section-causes", "heading": "Causes", "html": "<p>A.</p>"}]
    assert page.disclaimer_text == "" and page.get_disclaimer() == site_tree.disclaimer

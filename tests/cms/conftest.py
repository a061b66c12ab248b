"""Content for the site and API tests: the shared site_tree plus articles that use every field."""

import datetime
from dataclasses import dataclass

import pytest
import wagtail_factories
from wagtail.models import PageViewRestriction

from blog.models import ConditionArticlePage, Topic
from tests.factories import ConditionArticlePageFactory, PersonFactory, TopicFactory


@dataclass
class Content:
    topic: Topic
    article: ConditionArticlePage
    other: ConditionArticlePage
    draft: ConditionArticlePage
    restricted: ConditionArticlePage


def _with_topic(article, topic, *tags):
    article.topics.add(topic)
    article.tags.add(*tags)
    article.save_revision().publish()
    return article


@pytest.fixture
def content(site_tree):
    """Two live articles sharing a topic, plus a draft and a password-protected article that
    share it too (so every listing would show them if privacy rules were missing)."""
    settings = site_tree.settings
    settings.email = "hello@practice.invalid"
    settings.opening_hours = "Mon–Fri 9:00–17:00\nSat 9:00–12:00"
    settings.save()
    topic = TopicFactory(name="Neck pain", slug="neck-pain", also_called="Cervicalgia\nStiff neck")
    author = PersonFactory(name="Alex Writer", credentials="BSc", job_title="Editor")
    reviewer = PersonFactory(name="Dr Sam Review", credentials="DC, MSc")
    article = ConditionArticlePageFactory(
        parent=site_tree.index,
        title="Muscle spasms or trigger points?",
        slug="muscle-spasms",
        summary="How to tell muscle spasms from trigger points.",
        body="## What they are\n\nSpasms are *sudden* contractions.\n\n" + "word " * 450,
        author=author,
        reviewed_by=reviewer,
        image=wagtail_factories.ImageFactory(
            title="A stretching exercise", description="Person stretching"
        ),
        image_credit="Photo: Practice archive",
        call_to_action_text="Contact us today to be evaluated.",
        last_reviewed=datetime.date(2026, 3, 1),
        next_review_due=datetime.date(2027, 3, 1),
    )
    _with_topic(article, topic, "muscles", "self-care")
    other = _with_topic(
        ConditionArticlePageFactory(parent=site_tree.index, title="Stiff neck after sleep"), topic
    )
    draft = ConditionArticlePageFactory(
        parent=site_tree.index, title="Draft about neck spasms", live=False
    )
    draft.topics.add(topic)
    draft.tags.add("muscles")
    draft.save_revision()
    restricted = _with_topic(
        ConditionArticlePageFactory(
            parent=site_tree.index,
            title="Private neck spasms notes",
            summary="Private summary about neck spasms.",
        ),
        topic,
        "muscles",
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return Content(topic, article, other, draft, restricted)


@dataclass
class Articles:
    tree: object
    article: ConditionArticlePage
    other: ConditionArticlePage


@pytest.fixture
def articles(site_tree):
    neck = TopicFactory(name="Neck pain", slug="neck-pain", also_called="cervicalgia\nsore neck")
    back = TopicFactory(name="Back pain", slug="back-pain")
    author = PersonFactory(name="Dr Ann Author", credentials="DC", job_title="Chiropractor")
    reviewer = PersonFactory(name="Dr Rob Reviewer", credentials="DC, MSc")
    image = wagtail_factories.ImageFactory(title="Neck stretch")
    article = ConditionArticlePageFactory(
        parent=site_tree.index,
        title="Neck pain",
        slug="neck-pain",
        summary="Why necks hurt and what helps.",
        body="## Causes\n\nPosture and **strain**.",
        image=image,
        image_credit="Photo: the practice",
        author=author,
        reviewed_by=reviewer,
        call_to_action_text="Contact us today to be evaluated.",
        call_to_action_page=site_tree.contact,
        last_reviewed=datetime.date(2026, 3, 1),
        next_review_due=datetime.date(2027, 3, 1),
    )
    other = ConditionArticlePageFactory(
        parent=site_tree.index,
        title="Back pain",
        slug="back-pain",
        last_reviewed=datetime.date(2025, 6, 1),
        next_review_due=datetime.date(2026, 6, 1),
    )
    article.topics.add(neck)
    article.tags.add("posture")
    article.save_revision().publish()
    other.topics.add(neck, back)
    other.tags.add("lifting")
    other.save_revision().publish()
    site_tree.home.featured_articles.create(article=article)
    site_tree.home.save_revision().publish()
    return Articles(site_tree, article, other)


@pytest.fixture
def page_cache(settings, fresh_cache):
    """The full-page cache switched on (it is off in test settings), starting empty."""
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def site_cache(settings, fresh_cache):
    """The site-objects cache switched on, as in production (off in test settings)."""
    settings.SITE_CACHE_ENABLED = True

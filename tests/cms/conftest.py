"""Content for the API tests: the shared site_tree plus articles that use every api_field."""

import datetime
from dataclasses import dataclass

import pytest
import wagtail_factories
from django.core.cache import cache

from blog.models import ConditionArticlePage
from tests.factories import ConditionArticlePageFactory, PersonFactory, TopicFactory


@dataclass
class Articles:
    tree: object
    article: ConditionArticlePage
    other: ConditionArticlePage


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # rate-limit counters, site root paths
    yield
    cache.clear()


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

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from blog.models import ConditionArticlePage
from seeding.editorial import CLINICAL_REVIEWERS, EDITORS, ensure_editorial_setup
from tests.factories import ConditionArticlePageFactory, PersonFactory, TopicFactory


@dataclass
class Editorial:
    tree: object
    article: ConditionArticlePage
    editor: object
    reviewer: object
    admin: object

    def user(self, group_name):
        return {EDITORS: self.editor, CLINICAL_REVIEWERS: self.reviewer}[group_name]


@pytest.fixture
def editorial(site_tree, django_user_model):
    """The site with the editorial set-up, one published article (with a revision), an
    editor, a clinical reviewer and a superuser."""
    ensure_editorial_setup(site_tree.index)
    today = timezone.localdate()
    article = ConditionArticlePageFactory(
        parent=site_tree.index,
        title="Neck pain",
        slug="neck-pain",
        body="Neck pain is common.\n\nMost neck pain settles within weeks.",
        author=PersonFactory(name="Dr Author"),
        reviewed_by=PersonFactory(name="Dr Reviewer"),
        call_to_action_page=site_tree.contact,
        last_reviewed=today - datetime.timedelta(days=165),
        next_review_due=today + datetime.timedelta(days=200),
    )
    article.topics.add(TopicFactory(name="Neck pain", slug="neck-pain"))
    article.save_revision().publish()
    for page in (site_tree.home, site_tree.index, site_tree.disclaimer, site_tree.contact):
        page.save_revision().publish()

    def member(username, group_name):
        user = django_user_model.objects.create_user(username=username, password="not-used")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    admin = django_user_model.objects.create_superuser(username="admin", password="not-used")
    return Editorial(
        site_tree,
        ConditionArticlePage.objects.get(pk=article.pk),
        member("editor", EDITORS),
        member("reviewer", CLINICAL_REVIEWERS),
        admin,
    )

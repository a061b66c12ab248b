import pytest
from django.contrib.auth.models import Group

from seeding.editorial import CLINICAL_REVIEWERS, EDITORS, ensure_editorial_setup
from tests.factories import ConditionArticlePageFactory

pytestmark = pytest.mark.django_db


def _user_in(group_name, django_user_model):
    user = django_user_model.objects.create_user(username=group_name.lower().replace(" ", "_"))
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_can_edit_but_not_publish_reviewers_can_publish(site_tree, django_user_model):
    ensure_editorial_setup(site_tree.index)
    article = ConditionArticlePageFactory(parent=site_tree.index)
    editor = _user_in(EDITORS, django_user_model)
    reviewer = _user_in(CLINICAL_REVIEWERS, django_user_model)

    editor_perms = article.permissions_for_user(editor)
    reviewer_perms = article.permissions_for_user(reviewer)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert reviewer_perms.can_edit() and reviewer_perms.can_publish()


def test_setup_is_idempotent_and_assigns_the_workflow(site_tree):
    first = ensure_editorial_setup(site_tree.index)
    second = ensure_editorial_setup(site_tree.index)
    assert first == second
    article = ConditionArticlePageFactory(parent=site_tree.index)
    assert article.get_workflow() == first
    assert [t.specific.groups.get().name for t in first.tasks.all()] == [CLINICAL_REVIEWERS]

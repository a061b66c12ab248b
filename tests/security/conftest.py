import pytest

from tests.factories import ConditionArticlePageFactory


@pytest.fixture
def article(site_tree):
    return ConditionArticlePageFactory(
        parent=site_tree.index,
        title="Low back pain",
        slug="low-back-pain",
        body="## What it is\n\nPain in the **lower back**.",
    )

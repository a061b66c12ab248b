"""The checks of every article at once (the `check_content` command, cron and CI).

Each article is checked as readers or reviewers will see it: an article in the Clinical
review workflow as its latest (submitted) revision, a live one as it is live, a draft that
was never published as its latest revision. Practice settings are read once per site and the
overrides in one query.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, WorkflowState

from ..models import ConditionArticlePage
from .articles import check_article, latest_overrides, practice_settings

LIVE, SUBMITTED, DRAFT = "live", "submitted", "draft"


@dataclass
class ArticleChecks:
    page: ConditionArticlePage  # the version checked
    state: str
    results: list

    @property
    def blocking(self):
        return [result for result in self.results if result.blocking]

    @property
    def must_not_block(self):
        """Live or submitted: a blocking result here fails `check_content`."""
        return self.state in (LIVE, SUBMITTED)


def submitted_ids():
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=page_type
    )
    return {int(object_id) for object_id in states.values_list("object_id", flat=True)}


def check_all_articles(pages=None, progress=None):
    """[ArticleChecks] for `pages` (default: every article), in tree order. `progress(done,
    total)` is called after each article."""
    if pages is None:
        pages = ConditionArticlePage.objects.all()
    pages = list(pages.prefetch_related("care_cards").order_by("path"))
    submitted = submitted_ids()
    overrides = latest_overrides(page.pk for page in pages)
    settings_by_site = {}
    checked = []
    for done, page in enumerate(pages, start=1):
        site = page.get_site()
        key = site.pk if site else None
        if key not in settings_by_site:
            settings_by_site[key] = practice_settings(page, site) if site else None
        if page.pk in submitted:
            state, version = SUBMITTED, page.get_latest_revision_as_object()
        elif page.live:
            state, version = LIVE, page
        else:
            state, version = DRAFT, page.get_latest_revision_as_object()
        results = check_article(
            version, settings=settings_by_site[key], override=overrides.get(page.pk)
        )
        checked.append(ArticleChecks(version, state, results))
        if progress is not None:
            progress(done, len(pages))
    return checked

"""From an article page to the checks' input, and the overrides Clinical reviewers recorded.

The page may be saved, a revision (`as_object()`), or the editor's form as it stands (the
care cards then come from the form, not the database). The body is rendered afresh, so a
`page:` link to a page unpublished since the article was saved shows as not live.

An override is a page log entry (`OVERRIDE_ACTION`, shown in the page's history) holding the
reviewer's reason and the blocking results they accepted; a later result with the same check
and message counts as overridden (`CheckResult.overridden`), a new one does not.
"""

from dataclasses import replace

from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from core.markdown import html_text, markdown_to_html
from home.models import PracticeSettings

from . import rules
from .engine import ArticleText, CareCardText, run_checks

OVERRIDE_ACTION = "blog.content_checks_overridden"
DEFAULT_READING_AGE_TARGET = 11


def practice_settings(page, site=None):
    site = site or page.get_site()
    return PracticeSettings.for_site(site) if site is not None else None


def card_text(card):
    return CareCardText(
        level=card.level,
        heading=(card.heading or "").strip(),
        text=html_text(markdown_to_html(card.text)),
    )


def article_text(page, *, care_cards=None, settings=None):
    """The `ArticleText` of `page`; `care_cards` (ArticleCareCard-like objects) instead of
    the page's own, `settings` (PracticeSettings) instead of those of the page's site."""
    cards = page.care_cards.all() if care_cards is None else care_cards
    return ArticleText(
        title=page.title,
        summary=page.summary or "",
        body_html=markdown_to_html(page.body),
        care_cards=tuple(card_text(card) for card in cards),
        # Without settings (a page outside every site) only the article's own words count.
        disclaimer_notice=(
            page.get_disclaimer_notice(settings=settings)
            if settings
            else page.disclaimer_text.strip()
        ),
        emergency_number=settings.emergency_number if settings else "",
        reading_age_target=(
            settings.reading_age_target if settings else DEFAULT_READING_AGE_TARGET
        ),
    )


def overridden_checks(entry):
    """(check, message) pairs a recorded override accepted."""
    if entry is None:
        return set()
    return {(item["check"], item["message"]) for item in (entry.data or {}).get("checks", [])}


def apply_override(results, entry):
    accepted = overridden_checks(entry)
    return [
        replace(result, overridden=True)
        if result.severity == rules.BLOCKING and (result.check, result.message) in accepted
        else result
        for result in results
    ]


def latest_overrides(page_ids):
    """{page id: its newest override log entry}, in one query."""
    entries = (
        PageLogEntry.objects.filter(page_id__in=list(page_ids), action=OVERRIDE_ACTION)
        .select_related("user")
        .order_by("page_id", "-timestamp", "-pk")
    )
    latest = {}
    for entry in entries:
        latest.setdefault(entry.page_id, entry)
    return latest


def check_article(page, *, care_cards=None, settings=None, site=None, override=None):
    """The results for `page`, with the blocking ones a recorded override accepted marked
    `overridden`. `override`: the page's newest override entry, if the caller has it (else
    it is looked up)."""
    if settings is None:
        settings = practice_settings(page, site)
    results = run_checks(article_text(page, care_cards=care_cards, settings=settings))
    if override is None and page.pk is not None:
        override = latest_overrides([page.pk]).get(page.pk)
    return apply_override(results, override)


def record_override(page, user, reason, results):
    """Writes the override to the page's history (PageLogEntry)."""
    log(
        page,
        OVERRIDE_ACTION,
        user=user,
        data={
            "reason": reason,
            "checks": [
                {"check": result.check, "message": result.message}
                for result in results
                if result.severity == rules.BLOCKING
            ],
        },
        revision=page.latest_revision,
    )

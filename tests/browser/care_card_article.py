"""The article the browser tests read: the seeded site plus an article an editor wrote with
care cards of each level, sections (so an "On this page" list), an image with caption and
credit, its own disclaimer notice and call to action."""

import wagtail_factories
from django.core.cache import cache
from django.core.management import call_command

from blog.models import ArticleCareCard, ArticleIndexPage, ConditionArticlePage
from tests.factories import ConditionArticlePageFactory

from .test_reader import _ensure_wagtail_baseline

BODY = """\
A trapped nerve in the neck can send pain, pins and needles or weakness down one arm. Most \
people get better within a few weeks to months.

## What causes it?

The nerve is squeezed where it leaves the spine, usually by a worn disc or a bony spur. \
It is more common after the age of 40.

## What helps

- Keep moving gently; rest in bed slows recovery.
- Use a supportive pillow so your neck is level when you sleep.
- Take simple painkillers if you need them, as the packet says.

## How we can help

We check your neck, arm strength and reflexes, explain what we find and agree a plan with \
you: gentle manual therapy, exercises and advice on work and sleep.
"""


def seed_site_with_care_card_article():
    """Seed the site and publish the article; returns it."""
    cache.clear()
    _ensure_wagtail_baseline()
    call_command("seed", verbosity=0)
    page = ConditionArticlePageFactory(
        parent=ArticleIndexPage.objects.get(),
        title="Trapped nerve in the neck",
        slug="trapped-nerve-in-the-neck",
        summary="A trapped nerve in the neck can send pain down one arm; most people recover.",
        body=BODY,
        image=wagtail_factories.ImageFactory(title="Neck", description="A neck stretch"),
        image_caption="Tilting the head gently away from the painful side.",
        image_credit="Photo: the practice",
        disclaimer_text="This article is general information, not a diagnosis of your neck.",
        call_to_action_text="If your arm pain is not settling, book an appointment with us.",
    )
    page.care_cards = [
        ArticleCareCard(
            level="immediate",
            heading="Call 999 or go to A&E if you have:",
            text="- sudden weakness in an arm or leg\n- difficulty speaking or a drooping face",
        ),
        ArticleCareCard(
            level="urgent",
            heading="Get help today (NHS 111 or your GP) if:",
            text="- the weakness in your arm is getting worse\n- you drop things you hold",
        ),
        ArticleCareCard(
            level="non-urgent", text="See your GP or us if it is no better in 2 weeks."
        ),
    ]
    page.save_revision().publish()
    return ConditionArticlePage.objects.get(pk=page.pk)

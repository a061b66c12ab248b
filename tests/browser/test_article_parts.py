"""An article with care cards and sections in real Chromium: the cards and the "On this page"
list are shown and work, and axe-core finds no violation of any impact (not only serious
ones), at desktop and phone widths. Screenshots go to docs/screenshots/ when missing or when
UPDATE_SCREENSHOTS=1."""

import pytest
import wagtail_factories
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from blog.models import ArticleCareCard, ArticleIndexPage, ConditionArticlePage
from tests.factories import ConditionArticlePageFactory

from .test_reader import _ensure_wagtail_baseline, _screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

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


@pytest.fixture
def article():
    """The seeded site, and an article an editor wrote with care cards of each level."""
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


@pytest.fixture
def page(browser):
    # Axe is injected as a script: our CSP (script-src 'self') would refuse it.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


def assert_no_axe_violations(page, label):
    violations = Axe().run(page).response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
    ]
    assert not violations, f"{label}: " + "; ".join(details)


def test_axe_check_fails_on_a_minor_violation(page):
    """The counterpart of the check below: a minor-impact violation alone fails it."""
    page.set_content('<html lang="en"><title>x</title><main><h1>A</h1><h3>B</h3></main></html>')
    with pytest.raises(AssertionError, match="heading-order"):
        assert_no_axe_violations(page, "skipped heading level")


def test_care_cards_and_contents_list_shown_and_accessible(live_server, page, article):
    page.goto(live_server.url + article.url)
    main = page.locator("main")

    immediate = main.locator("section.care-card--immediate")
    expect(immediate).to_be_visible()
    heading = main.get_by_role(
        "heading", name="Immediate action required: Call 999 or go to A&E if you have:"
    )
    expect(heading).to_be_visible()
    expect(immediate.get_by_role("listitem")).to_have_count(2)
    expect(main.get_by_role("heading", name="Non-urgent advice", exact=True)).to_be_visible()
    # the level is readable without colour: the badge is on screen
    expect(main.locator(".care-card--urgent .care-card__badge")).to_have_text("Urgent advice")

    contents = main.get_by_role("navigation", name="On this page")
    expect(contents).to_be_visible()
    expect(contents.get_by_role("link")).to_have_count(3)
    contents.get_by_role("link", name="How we can help").click()
    expect(page).to_have_url(live_server.url + article.url + "#section-how-we-can-help")
    expect(main.get_by_role("heading", name="How we can help")).to_be_in_viewport()

    expect(main.get_by_role("note")).to_contain_text("not a diagnosis of your neck")
    expect(main.locator("figcaption")).to_contain_text("Tilting the head gently")

    page.goto(live_server.url + article.url)
    _screenshot(page, "article-care-cards-desktop.png", width=1280, height=900)
    assert_no_axe_violations(page, "article with care cards (desktop)")
    _screenshot(page, "article-care-cards-phone.png", width=390, height=844)
    assert_no_axe_violations(page, "article with care cards (phone)")

"""An article with care cards and sections in real Chromium: the cards and the "On this page"
list are shown and work, and axe-core finds no violation of any impact (not only serious
ones), at desktop and phone widths. Screenshots go to docs/screenshots/ when missing or when
UPDATE_SCREENSHOTS=1."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .care_card_article import seed_site_with_care_card_article
from .test_reader import _screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def article():
    """The seeded site, and an article an editor wrote with care cards of each level."""
    return seed_site_with_care_card_article()


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

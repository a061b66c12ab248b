"""The Content-Security-Policy breaks nothing: a real Chromium reports no CSP violation on the
public pages (strict policy) nor in the admin's dashboard, page editor (EasyMDE) and preview
(admin policy), nor on a public page seen by a signed-in editor (the Wagtail userbar)."""

import pytest

from tests.conftest import admin_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}`
    );
});
"""


def visit(page, url):
    """Open `url`; return the CSP violations it caused (events and console reports)."""
    console = []
    page.on(
        "console", lambda msg: console.append(msg.text) if "Content Security" in msg.text else None
    )
    response = page.goto(url, wait_until="networkidle")
    assert response.status < 400, (url, response.status)
    page.wait_for_timeout(300)
    return page.evaluate("window.__csp") + console


def test_no_csp_violations_public_and_admin(browser, live_server, seeded_admin):
    article = seeded_admin
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    base = live_server.url
    public = ["/", article.get_parent().url, article.url, "/search/?q=muscle"]
    violations = {url: visit(page, base + url) for url in public}

    admin_log_in(page, live_server)
    admin = ["/admin/", f"/admin/pages/{article.pk}/edit/", f"/admin/pages/{article.pk}/"]
    violations |= {url: visit(page, base + url) for url in admin}

    page.goto(base + f"/admin/pages/{article.pk}/edit/", wait_until="networkidle")
    page.get_by_role("button", name="Toggle preview", exact=True).click()
    page.wait_for_timeout(2000)
    violations["preview"] = page.evaluate("window.__csp")
    violations["userbar"] = visit(page, base + article.url)

    assert {url: found for url, found in violations.items() if found} == {}
    context.close()

"""Markdown bodies cannot run anyone's script: not in the stored body_html, not on the page,
not in the API. Each payload is checked through an HTML parser, next to harmless Markdown
that must survive."""

import html
import re

import pytest

from core.markdown import markdown_to_html
from tests.factories import ConditionArticlePageFactory

from .html import soup

XSS = [
    '<h2 id="main">Takes the skip link\'s target</h2>',
    '<h3 id="section-x" onclick="alert(1)">Hand-written section id</h3>',
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)>",
    '<p onclick="alert(1)">click</p>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name="q"><button>go</button></form>',
    '<a href="https://example.org/" target="_blank" onmouseover="alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "![img](data:image/svg+xml,<svg onload=alert(1)>)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "## Heading {: onclick=alert(1) style=color:red }",
    "Para {: onmouseover=alert(1) }",
    '<div markdown="1">*x* <script>alert(1)</script></div>',
    "```html\n<script>alert(1)</script>\n```",
]

C0_AND_SPACE = "".join(map(chr, range(0x21)))
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "srcdoc"}
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "em", "strong", "ul", "ol", "li", "a", "img",
    "blockquote", "code", "pre", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "del", "ins", "dl", "dt", "dd", "abbr",
}  # fmt: skip


def url_scheme(value):
    """The scheme a browser would see (WHATWG URL parsing): entities decoded, leading and
    trailing controls/spaces stripped, tabs and newlines removed anywhere."""
    value = html.unescape(value).strip(C0_AND_SPACE)
    cleaned = re.sub(r"[\t\n\r]", "", value).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def assert_inert(fragment):
    """No element or attribute in `fragment` can run script or restyle the page."""
    for element in soup(fragment).find_all(True):
        assert element.name in ALLOWED_TAGS, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            assert attribute.lower() not in {"style", "class", "srcdoc"}, element
            if attribute.lower() == "id":  # only the section anchors of `## ` headings
                assert element.name in {"h2", "h3", "h4", "h5", "h6"}, element
                assert value.startswith("section-"), element
            if attribute.lower() in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                assert scheme is None or scheme in SAFE_SCHEMES | {"page", "doc", "image"}, element


@pytest.mark.parametrize("payload", XSS)
def test_markdown_renderer_neutralises(payload):
    assert_inert(markdown_to_html(f"Before.\n\n{payload}\n\nAfter **bold**."))


def test_harmless_markdown_survives():
    """The sanitiser is not just deleting everything: real formatting and links stay."""
    rendered = soup(
        markdown_to_html(
            "## Causes\n\nSee [the NHS](https://www.nhs.uk/) or "
            "[email us](mailto:hello@example.org). ![Spine](/media/spine.png)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |"
        )
    )
    assert rendered.find("h2").get_text() == "Causes"
    assert [a["href"] for a in rendered.find_all("a")] == [
        "https://www.nhs.uk/",
        "mailto:hello@example.org",
    ]
    assert rendered.find("img")["src"] == "/media/spine.png"
    assert rendered.find("table") is not None


def test_checker_catches_what_it_should():
    """The assertions above can fail: raw payloads are not inert."""
    for payload in ['<a href="java&#x09;script:alert(1)">x</a>', "<svg onload=alert(1)>"]:
        with pytest.raises(AssertionError):
            assert_inert(payload)


@pytest.fixture
def xss_article(site_tree):
    body = "\n\n".join(["Intro paragraph.", *XSS, "Closing paragraph."])
    return ConditionArticlePageFactory(parent=site_tree.index, slug="xss", body=body)


@pytest.mark.django_db
def test_stored_body_html_is_inert(xss_article):
    xss_article.refresh_from_db()
    assert "Closing paragraph." in xss_article.body_html
    assert_inert(xss_article.body_html)


FORBIDDEN_IN_PAGES = {"iframe", "object", "embed", "svg", "math", "style", "base", "frame"}


def assert_page_inert(document):
    """Page-wide: whatever the templates add, nothing from the body can run or restyle."""
    for element in document.find_all(True):
        assert element.name not in FORBIDDEN_IN_PAGES, element
        if element.name == "script":
            src = element.get("src")
            if src:
                assert src.startswith("/") and not src.startswith("//"), element
            else:
                assert element.get("type") == "application/ld+json", element
        if element.name == "meta":
            assert "http-equiv" not in element.attrs, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            assert attribute.lower() not in {"style", "srcdoc"}, element
            if attribute.lower() in URL_ATTRIBUTES:
                assert url_scheme(value) in {None, *SAFE_SCHEMES, "page", "doc", "image"}, element


@pytest.mark.django_db
def test_rendered_article_page_is_inert(client, xss_article):
    response = client.get(xss_article.url)
    assert response.status_code == 200
    document = soup(response.content.decode())
    assert "Closing paragraph." in document.find("main").get_text()
    assert_page_inert(document)


@pytest.mark.django_db
def test_api_body_html_is_inert(client, xss_article):
    response = client.get(f"/api/v2/pages/{xss_article.pk}/")
    assert response.status_code == 200
    body_html = response.json()["body_html"]
    assert "Closing paragraph." in body_html
    assert_inert(body_html)

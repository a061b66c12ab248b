"""`page:ID` and `doc:ID` links in Markdown resolve only to what the public may see: a link to
a draft or private page, or a document in a restricted collection, publishes nothing."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.markdown import markdown_to_html
from tests.factories import ConditionArticlePageFactory

from .html import soup

pytestmark = pytest.mark.django_db


def link_hrefs(markdown):
    return [a.get("href") for a in soup(markdown_to_html(markdown)).find_all("a")]


@pytest.fixture
def pages(site_tree):
    live = ConditionArticlePageFactory(parent=site_tree.index, slug="live-article")
    draft = ConditionArticlePageFactory(parent=site_tree.index, slug="secret-draft", live=False)
    private = ConditionArticlePageFactory(parent=site_tree.index, slug="members-only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    return live, draft, private


def test_link_to_live_public_page_resolves(pages):
    live, _, _ = pages
    assert link_hrefs(f"[read](page:{live.pk})") == [live.url]


@pytest.mark.parametrize("which", [1, 2], ids=["draft", "private"])
def test_link_to_draft_or_private_page_reveals_nothing(pages, which):
    hidden = pages[which]
    html = markdown_to_html(f"[read](page:{hidden.pk}) and [title link](page:{hidden.pk})")
    assert hidden.slug not in html
    assert hidden.url not in html
    assert link_hrefs(f"[read](page:{hidden.pk})") == [f"page:{hidden.pk}"]  # inert, unresolved


def test_links_follow_what_is_public_when_the_article_is_saved(pages, site_tree):
    """Rendering is never memoised across saves: a page made private stops being linked the
    next time the linking article is saved, with the very same Markdown."""
    live, _, _ = pages
    article = ConditionArticlePageFactory(parent=site_tree.index, body=f"[read](page:{live.pk})")
    assert [a["href"] for a in soup(article.body_html).find_all("a")] == [live.url]

    PageViewRestriction.objects.create(
        page=live, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    article = type(article).objects.get(pk=article.pk)
    article.save()
    assert [a["href"] for a in soup(article.body_html).find_all("a")] == [f"page:{live.pk}"]


def test_title_linker_syntax_is_not_enabled(pages):
    _, draft, _ = pages
    html = markdown_to_html(f"<:{draft.title}>")
    assert draft.slug not in html
    assert soup(html).find("a") is None


def test_malformed_page_ids_are_left_alone(pages):
    assert link_hrefs("[x](page:abc) [y](page:) [z](page:-1)") == ["page:abc", "page:", "page:-1"]


@pytest.fixture
def documents(db):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    restricted = root.add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.LOGIN
    )
    public_doc = Document(title="Leaflet", collection=root)
    public_doc.file.save("leaflet.txt", ContentFile(b"public"), save=True)
    internal_doc = Document(title="Rota", collection=restricted)
    internal_doc.file.save("staff-rota.txt", ContentFile(b"internal"), save=True)
    yield public_doc, internal_doc
    public_doc.file.delete(save=False)
    internal_doc.file.delete(save=False)


def test_document_links_resolve_only_outside_restricted_collections(documents):
    public_doc, internal_doc = documents
    assert link_hrefs(f"[leaflet](doc:{public_doc.pk})") == [public_doc.url]
    html = markdown_to_html(f"[rota](doc:{internal_doc.pk})")
    assert "staff-rota" not in html
    assert link_hrefs(f"[rota](doc:{internal_doc.pk})") == [f"doc:{internal_doc.pk}"]

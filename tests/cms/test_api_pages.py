"""The pages API: fields per page type, filters, visibility and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import ArticleCareCard, ConditionArticlePage
from tests.factories import (
    ArticleIndexPageFactory,
    ConditionArticlePageFactory,
    HomePageFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ARTICLES = "/api/v2/pages/?type=blog.ConditionArticlePage"


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def listed_ids(client, url=ARTICLES):
    return {item["id"] for item in get_json(client, url)["items"]}


# Fields per page type


def test_article_detail_has_everything_a_frontend_needs(client, articles):
    data = get_json(client, f"/api/v2/pages/{articles.article.pk}/")
    tree = articles.tree
    assert data["summary"] == "Why necks hurt and what helps."
    assert data["body"].startswith("## Causes")
    assert data["body_html"] == articles.article.body_html  # stored at save, not re-rendered
    assert data["topics"] == [
        {"name": "Neck pain", "slug": "neck-pain", "synonyms": ["cervicalgia", "sore neck"]}
    ]
    assert data["tags"] == [{"name": "posture", "slug": "posture"}]
    assert (data["last_reviewed"], data["next_review_due"]) == ("2026-03-01", "2027-03-01")
    assert data["author"]["name"] == "Dr Ann Author"
    assert data["author"]["job_title"] == "Chiropractor"
    assert data["reviewed_by"]["credentials"] == "DC, MSc"
    assert data["reading_time_minutes"] == articles.article.reading_time_minutes
    assert data["image_fill_1200x630"]["url"].endswith(".fill-1200x630.jpg")
    assert data["image_width_800"]["alt"] == "Neck stretch"
    assert data["image_credit"] == "Photo: the practice"
    assert data["disclaimer"] == {
        "id": tree.disclaimer.pk,
        "title": tree.disclaimer.title,
        "summary": tree.disclaimer.summary,
        "url": "/disclaimer/",
        "html_path": "/disclaimer/",
        "html_url": "http://localhost/disclaimer/",
    }
    assert data["call_to_action"]["text"] == "Contact us today to be evaluated."
    assert data["call_to_action"]["page"]["id"] == tree.contact.pk
    assert data["call_to_action"]["page"]["url"] == "/contact/"
    assert [a["id"] for a in data["related_articles"]] == [articles.other.pk]


def test_body_html_is_the_stored_html_not_rendered_per_request(client, articles):
    ConditionArticlePage.objects.filter(pk=articles.article.pk).update(body_html="<p>stored</p>")
    assert get_json(client, f"/api/v2/pages/{articles.article.pk}/")["body_html"] == "<p>stored</p>"


def test_disclaimer_page_fields(client, site_tree):
    data = get_json(client, f"/api/v2/pages/{site_tree.disclaimer.pk}/")
    assert data["summary"] == site_tree.disclaimer.summary
    assert data["body"] == site_tree.disclaimer.body
    assert "<strong>health care practitioner</strong>" in data["body_html"]


def test_contact_page_fields_never_include_the_internal_addresses(client, site_tree):
    data = get_json(client, f"/api/v2/pages/{site_tree.contact.pk}/?fields=*")
    assert data["practice"]["name"] == "Test Practice"
    assert data["practice"]["address_lines"] == ["1 High Street", "Town"]
    assert data["intro"] == site_tree.contact.intro
    assert data["thank_you_text"] == site_tree.contact.thank_you_text
    fields = data["form"]["fields"]
    assert [(f["name"], f["type"], f["required"]) for f in fields] == [
        ("name", "singleline", True),
        ("email", "email", True),
        ("message", "multiline", True),
    ]
    assert data["form"]["submit_url"].endswith(f"/api/v2/contact/{site_tree.contact.pk}/")
    assert data["form"]["honeypot_field"] == "website"
    text = str(data)
    for secret in ("inbox@practice.invalid", "website@practice.invalid", "Website enquiry"):
        assert secret not in text
    for field in ("to_address", "from_address", "subject"):
        get_json(client, f"/api/v2/pages/{site_tree.contact.pk}/?fields={field}", status=400)
        get_json(client, f"/api/v2/pages/?type=home.ContactPage&{field}=x", status=400)


def test_home_page_lists_featured_articles(client, articles):
    data = get_json(client, f"/api/v2/pages/{articles.tree.home.pk}/")
    assert data["intro"] == articles.tree.home.intro
    assert data["featured_articles"] == [
        {
            "id": articles.article.pk,
            "title": "Neck pain",
            "url": "/articles/neck-pain/",
            "html_path": "/articles/neck-pain/",
            "html_url": "http://localhost/articles/neck-pain/",
            "summary": "Why necks hurt and what helps.",
        }
    ]


def test_index_page_intro_and_its_articles_by_child_of(client, articles):
    index = articles.tree.index
    assert get_json(client, f"/api/v2/pages/{index.pk}/")["intro"] == index.intro
    data = get_json(client, f"{ARTICLES}&child_of={index.pk}&fields=summary")
    assert {item["id"] for item in data["items"]} == {articles.article.pk, articles.other.pk}
    assert all(item["summary"] for item in data["items"])


# Filters and ordering


def test_filter_by_topic_and_tag_slug(client, articles):
    assert listed_ids(client, f"{ARTICLES}&topic=neck-pain") == {
        articles.article.pk,
        articles.other.pk,
    }
    assert listed_ids(client, f"{ARTICLES}&topic=back-pain") == {articles.other.pk}
    assert listed_ids(client, f"{ARTICLES}&tag=posture") == {articles.article.pk}
    assert listed_ids(client, f"{ARTICLES}&topic=back-pain&tag=posture") == set()
    assert listed_ids(client, f"{ARTICLES}&topic=no-such-topic") == set()


def test_topic_filter_combines_with_search(client, articles):
    assert listed_ids(client, f"{ARTICLES}&topic=back-pain&search=pain") == {articles.other.pk}


def test_topic_filter_without_a_type_lists_the_articles_with_it(client, articles):
    # Only articles have topics: the untyped listing of pages with one is of articles.
    assert listed_ids(client, "/api/v2/pages/?topic=back-pain") == {articles.other.pk}
    assert listed_ids(client, "/api/v2/pages/?tag=posture&search=neck") == {articles.article.pk}


def test_order_by_review_dates(client, articles):
    def order(param):
        return [item["id"] for item in get_json(client, f"{ARTICLES}&order={param}")["items"]]

    assert order("last_reviewed") == [articles.other.pk, articles.article.pk]
    assert order("-last_reviewed") == [articles.article.pk, articles.other.pk]
    assert order("next_review_due") == [articles.other.pk, articles.article.pk]
    get_json(client, f"{ARTICLES}&order=body_html_nope", status=400)


def test_find_by_html_path_redirects_relatively_and_keeps_the_query(client, articles):
    response = client.get("/api/v2/pages/find/?html_path=/articles/neck-pain/&fields=summary")
    assert response.status_code == 302
    assert response["Location"] == f"/api/v2/pages/{articles.article.pk}/?fields=summary"
    data = client.get(response["Location"]).json()
    assert (data["id"], data["summary"]) == (articles.article.pk, "Why necks hurt and what helps.")
    assert client.get("/api/v2/pages/find/?html_path=/no/such/page/").status_code == 404


@pytest.mark.parametrize(("kind", "slug"), [("topic", "neck-pain"), ("tag", "posture")])
def test_find_resolves_a_topic_or_tag_listing_to_its_articles(client, articles, kind, slug):
    path = f"/articles/{kind}/{slug}/"
    response = client.get(f"/api/v2/pages/find/?html_path={path}&fields=summary")
    assert response.status_code == 302
    listing = client.get(response["Location"]).json()
    lookup = {"topic": "topics__slug", "tag": "tags__slug"}[kind]
    expected = ConditionArticlePage.objects.live().filter(**{lookup: slug})
    assert {item["id"] for item in listing["items"]} == {page.pk for page in expected}
    assert articles.article.pk in {item["id"] for item in listing["items"]}
    assert "summary" in listing["items"][0]
    # The index itself is a page; an unknown topic is nothing.
    index = client.get("/api/v2/pages/find/?html_path=/articles/")
    assert index["Location"] == f"/api/v2/pages/{articles.tree.index.pk}/"
    assert client.get(f"/api/v2/pages/find/?html_path=/articles/{kind}/nope/").status_code == 404


def test_every_page_object_carries_its_site_relative_path(client, articles):
    listing = get_json(client, "/api/v2/pages/")
    paths = {item["id"]: item["meta"]["html_path"] for item in listing["items"]}
    assert paths[articles.article.pk] == "/articles/neck-pain/"
    assert paths[articles.tree.home.pk] == "/"
    detail = get_json(client, f"/api/v2/pages/{articles.article.pk}/")
    assert detail["meta"]["html_path"] == "/articles/neck-pain/"
    assert detail["meta"]["parent"]["meta"]["html_path"] == "/articles/"
    assert detail["disclaimer"]["html_path"] == "/disclaimer/"
    # Every path leads back to its page.
    for page_id, path in paths.items():
        found = client.get(f"/api/v2/pages/find/?html_path={path}")
        assert found["Location"] == f"/api/v2/pages/{page_id}/", path


def test_the_api_root_lists_its_endpoints(client, articles):
    index = get_json(client, "/api/v2/")
    paths = {endpoint["path"]: endpoint["methods"] for endpoint in index["endpoints"]}
    assert paths["/api/v2/pages/"] == ["GET"]
    assert paths["/api/v2/contact/{id}/"] == ["POST"]
    assert index["openapi"] == "/api/v2/schema/"
    schema = client.get(index["openapi"]).json()
    assert set(paths) == set(schema["paths"])
    assert client.post("/api/v2/").status_code == 405


# Only live, public pages of the request's site


def test_draft_page_never_appears(client, articles):
    draft = ConditionArticlePageFactory(parent=articles.tree.index, title="Draft", live=False)
    assert draft.pk not in listed_ids(client)
    get_json(client, f"/api/v2/pages/{draft.pk}/", status=404)
    assert client.get(f"/api/v2/pages/find/?html_path={draft.url_path}").status_code == 404


def test_unpublished_changes_never_appear(client, articles):
    article = ConditionArticlePage.objects.get(pk=articles.article.pk)
    article.title = "Unpublished new title"
    article.summary = "Unpublished summary"
    article.save_revision()
    data = get_json(client, f"/api/v2/pages/{article.pk}/")
    assert (data["title"], data["summary"]) == ("Neck pain", "Why necks hurt and what helps.")


@pytest.mark.parametrize("restriction_type", ["login", "password", "groups"])
def test_view_restricted_pages_never_appear(client, articles, django_user_model, restriction_type):
    PageViewRestriction.objects.create(
        page=articles.other, restriction_type=restriction_type, password="secret"
    )
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)  # even a logged-in reader's API responses stay public-only
    assert articles.other.pk not in listed_ids(client)
    get_json(client, f"/api/v2/pages/{articles.other.pk}/", status=404)
    related = get_json(client, f"/api/v2/pages/{articles.article.pk}/")["related_articles"]
    assert related == []


def test_restricted_branch_hides_its_descendants(client, articles):
    PageViewRestriction.objects.create(page=articles.tree.index, restriction_type="login")
    ids = listed_ids(client, "/api/v2/pages/")
    assert not ids & {articles.tree.index.pk, articles.article.pk, articles.other.pk}
    assert articles.tree.home.pk in ids


def test_other_sites_pages_never_appear(client, articles):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_index = ArticleIndexPageFactory(parent=other_home, slug="other-articles")
    foreign = ConditionArticlePageFactory(parent=other_index, title="Other site's article")
    topic = TopicFactory(slug="neck-pain")
    foreign.topics.add(topic)
    foreign.save_revision().publish()

    assert foreign.pk not in listed_ids(client)
    get_json(client, f"/api/v2/pages/{foreign.pk}/", status=404)
    get_json(client, "/api/v2/pages/?site=other.example", status=400)
    # Not nested either: it shares a topic with the article but is not "related" here.
    related = get_json(client, f"/api/v2/pages/{articles.article.pk}/")["related_articles"]
    assert foreign.pk not in [a["id"] for a in related]
    # The other site's own host sees it.
    assert foreign.pk in listed_ids(client.__class__(HTTP_HOST="other.example"))


def test_nested_draft_pages_never_appear(client, articles):
    """Related, featured, disclaimer and call-to-action pages are dropped when not live."""
    article = ConditionArticlePage.objects.get(pk=articles.article.pk)
    draft = ConditionArticlePageFactory(parent=articles.tree.index, title="Draft", live=False)
    article.related_links.create(article=draft)
    article.related_links.create(article=articles.other)
    article.save_revision().publish()
    articles.tree.home.featured_articles.create(article=draft)
    articles.tree.home.save_revision().publish()
    for page in (articles.tree.disclaimer, articles.tree.contact):
        page.unpublish()

    data = get_json(client, f"/api/v2/pages/{article.pk}/")
    assert [a["id"] for a in data["related_articles"]] == [articles.other.pk]
    assert data["disclaimer"] is None
    assert data["call_to_action"] == {"text": "Contact us today to be evaluated.", "page": None}
    featured = get_json(client, f"/api/v2/pages/{articles.tree.home.pk}/")["featured_articles"]
    assert [a["id"] for a in featured] == [articles.article.pk]
    for page_id in (draft.pk, articles.tree.disclaimer.pk, articles.tree.contact.pk):
        get_json(client, f"/api/v2/pages/{page_id}/", status=404)


# Query counts do not grow with the number of items


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


def test_article_listing_queries_are_constant_in_limit(client, articles):
    topic = TopicFactory(slug="neck-pain")
    for number in range(12):
        page = ConditionArticlePageFactory(
            parent=articles.tree.index, image=articles.article.image, author=articles.article.author
        )
        page.topics.add(topic)
        page.tags.add(f"tag-{number}")
        page.care_cards = [
            ArticleCareCard(level="urgent", text=f"Advice {n}.") for n in range(number % 3)
        ]
        page.save_revision().publish()
    url = f"{ARTICLES}&fields=*"
    client.get(f"{url}&limit=100")  # creates the renditions once
    one, one_items = count_queries(client, f"{url}&limit=1")
    many, many_items = count_queries(client, f"{url}&limit=100")
    assert (one_items, many_items) == (1, 14)
    assert one == many
    assert many <= 11  # 12 before issue 15: tags and their names are one query now


@pytest.mark.parametrize(
    "page_type", ["home.HomePage", "home.ContactPage", "home.DisclaimerPage", "wagtailcore.Page"]
)
def test_other_listings_queries_are_constant_in_limit(client, articles, page_type):
    url = f"/api/v2/pages/?type={page_type}&fields=*"
    one, _ = count_queries(client, f"{url}&limit=1")
    many, _ = count_queries(client, f"{url}&limit=100")
    assert one == many

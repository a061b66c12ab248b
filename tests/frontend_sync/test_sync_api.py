"""What syndicators sync with: `modified_after`/`reviewed_after` on the pages listing,
`/api/v2/tombstones/`, `/api/v2/redirects/`, and the practice's licence in the API and JSON-LD.
Bad values are 400s naming the parameter, next to the good ones."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import ConditionArticlePage
from frontend_sync.models import Tombstone
from tests.cms.html import jsonld, soup
from tests.factories import ConditionArticlePageFactory, HomePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ARTICLES = "/api/v2/pages/?type=blog.ConditionArticlePage"


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(data):
    return [item["id"] for item in data["items"]]


@pytest.fixture
def articles(site_tree):
    """Three live articles published at known times and reviewed on known days."""
    made = []
    for day, slug in ((1, "old"), (10, "middle"), (20, "new")):
        page = ConditionArticlePageFactory(
            parent=site_tree.index, slug=slug, last_reviewed=datetime.date(2026, 3, day)
        )
        ConditionArticlePage.objects.filter(pk=page.pk).update(
            last_published_at=datetime.datetime(2026, 3, day, 12, tzinfo=datetime.UTC)
        )
        made.append(page)
    return made


# modified_after


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-10", ["middle", "new"]),  # a date: midnight
        ("2026-03-10T12:00:00Z", ["new"]),  # strictly after
        ("2026-03-10T11:59:59%2B00:00", ["middle", "new"]),
        ("2026-03-10T13:00:00%2B02:00", ["middle", "new"]),  # 11:00 UTC
        ("2026-03-21", []),
    ],
)
def test_modified_after(client, articles, value, expected):
    data = get_json(client, f"{ARTICLES}&fields=_,id,slug&modified_after={value}&order=id")
    assert [item["meta"]["slug"] for item in data["items"]] == expected


def test_modified_after_works_on_every_page_type(client, articles, site_tree):
    data = get_json(client, "/api/v2/pages/?modified_after=2026-03-15")
    assert ids(data) == [articles[2].pk]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("yesterday", "modified_after: 'yesterday' is not an ISO 8601 date or date-time"),
        ("2026-02-30", "modified_after: '2026-02-30' is not an ISO 8601"),
        ("2026-03-10T25:00", "modified_after: '2026-03-10T25:00'"),
        ("2026-03-10T10:00:00+01:00", "send a '+' in a time zone offset as %2B"),  # + is a space
        ("", "modified_after: '' is not"),
    ],
)
def test_bad_modified_after_is_a_400_naming_it(client, articles, value, hint):
    data = get_json(client, f"{ARTICLES}&modified_after={value}", status=400)
    assert hint in data["message"]


# reviewed_after


def test_reviewed_after(client, articles):
    data = get_json(client, f"{ARTICLES}&reviewed_after=2026-03-10&order=id")
    assert ids(data) == [articles[2].pk]
    data = get_json(client, f"{ARTICLES}&reviewed_after=2026-03-09T23:00:00Z&order=id")
    assert ids(data) == [articles[1].pk, articles[2].pk]


def test_reviewed_after_without_a_type_lists_the_reviewed_articles(client, articles):
    data = get_json(client, "/api/v2/pages/?reviewed_after=2026-03-10&order=id")
    assert ids(data) == [articles[2].pk]


@pytest.mark.parametrize("value", ["03/01/2026", "2026-13-01", "soon"])
def test_bad_reviewed_after_is_a_400_naming_it(client, articles, value):
    data = get_json(client, f"{ARTICLES}&reviewed_after={value}", status=400)
    assert data["message"].startswith(f"reviewed_after: '{value}' is not an ISO 8601")


# Tombstones


def test_tombstones_list_pages_that_left_with_since(client, articles, site_tree):
    old, middle, new = articles
    Page.objects.get(pk=old.pk).specific.unpublish()
    Tombstone.objects.filter(page_id=old.pk).update(
        removed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    )
    Page.objects.get(pk=middle.pk).delete()
    PageViewRestriction.objects.create(
        page=new, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    data = get_json(client, "/api/v2/tombstones/")
    assert data["meta"] == {"total_count": 3}
    assert [(i["id"], i["type"], i["html_path"], i["reason"]) for i in data["items"]] == [
        (old.pk, "blog.ConditionArticlePage", "/articles/old/", "unpublished"),
        (middle.pk, "blog.ConditionArticlePage", "/articles/middle/", "deleted"),
        (new.pk, "blog.ConditionArticlePage", "/articles/new/", "restricted"),
    ]
    assert data["items"][0]["removed_at"] == "2026-03-01T00:00:00+00:00"

    since = (timezone.now() - timedelta(minutes=5)).isoformat().replace("+", "%2B")
    assert ids(get_json(client, f"/api/v2/tombstones/?since={since}")) == [middle.pk, new.pk]
    assert ids(get_json(client, "/api/v2/tombstones/?since=2026-03-01")) == [
        old.pk,
        middle.pk,
        new.pk,
    ]  # since is inclusive
    page = get_json(client, "/api/v2/tombstones/?limit=1&offset=1")
    assert (page["meta"]["total_count"], ids(page)) == (3, [middle.pk])


def test_tombstones_of_another_site_are_not_listed(client, site_tree):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    Site.objects.create(hostname="other.example", root_page=other_home)
    ConditionArticlePageFactory(parent=other_home, slug="elsewhere").unpublish()
    assert get_json(client, "/api/v2/tombstones/")["items"] == []
    assert len(get_json(client, "/api/v2/tombstones/", HTTP_HOST="other.example")["items"]) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=last-week", "since: 'last-week' is not an ISO 8601 date or date-time"),
        ("limit=101", "limit cannot be higher than 100"),
        ("limit=-1", "limit must be a whole number"),
        ("offset=abc", "offset must be a whole number"),
        ("offset=99999999999", "offset cannot be higher than 2147483647"),
        ("reason=deleted", "not an operation or a recognised field: reason"),
    ],
)
def test_bad_tombstone_parameters_are_400s(client, site_tree, query, message):
    assert message in get_json(client, f"/api/v2/tombstones/?{query}", status=400)["message"]


def test_tombstones_are_cacheable_with_an_etag(client, site_tree):
    response = client.get("/api/v2/tombstones/")
    assert response["Cache-Control"].startswith("public, max-age=")
    again = client.get("/api/v2/tombstones/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def listing_queries(client, url, table):
    """The queries a listing made, and those of them that read rows of `table`."""
    with CaptureQueriesContext(connection) as queries:
        data = get_json(client, url)
    reads = [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
    return len(queries.captured_queries), reads, data


def make_tombstones(site, count):
    Tombstone.objects.bulk_create(
        Tombstone(
            site=site,
            page_id=10_000 + number,
            page_type="blog.ConditionArticlePage",
            html_path=f"/articles/gone-{number}/",
            reason=Tombstone.Reason.DELETED,
        )
        for number in range(Tombstone.objects.count(), Tombstone.objects.count() + count)
    )


def test_tombstones_are_counted_and_paged_by_the_database(client, site_tree):
    """A page of a long history reads `limit` rows: the count and the slice are SQL."""
    make_tombstones(site_tree.site, 3)
    get_json(client, "/api/v2/tombstones/?limit=1")  # fills the site caches
    few, _reads, _data = listing_queries(client, "/api/v2/tombstones/?limit=2", "x")
    make_tombstones(site_tree.site, 120)
    many, reads, data = listing_queries(
        client, "/api/v2/tombstones/?limit=2&offset=100", "frontend_sync_tombstone"
    )
    assert many == few
    assert data["meta"]["total_count"] == 123
    assert [item["html_path"] for item in data["items"]] == [
        "/articles/gone-100/",
        "/articles/gone-101/",
    ]
    assert len(reads) == 2
    assert all("COUNT(" in sql or "LIMIT 2 OFFSET 100" in sql for sql in reads), reads


# Redirects


def test_redirects_list_old_paths_and_targets(client, articles, site_tree):
    _old, middle, new = articles
    Redirect.add_redirect("/old-neck", redirect_to=new, is_permanent=True)
    Redirect.add_redirect("/partner", redirect_to="https://partner.example/page", is_permanent=0)
    Redirect.add_redirect("/local-link", redirect_to="/articles/old/")
    hidden = Redirect.add_redirect("/to-private", redirect_to=middle)
    PageViewRestriction.objects.create(
        page=middle, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    data = get_json(client, "/api/v2/redirects/")
    items = {item["old_path"]: item for item in data["items"]}
    assert set(items) == {"/old-neck", "/partner", "/local-link"}  # never to a private page
    assert hidden.old_path not in items
    assert items["/old-neck"] == {
        "id": items["/old-neck"]["id"],
        "old_path": "/old-neck",
        "target_path": "/articles/new/",
        "target_url": "http://localhost/articles/new/",
        "is_permanent": True,
    }
    assert items["/partner"]["target_path"] is None
    assert items["/partner"]["target_url"] == "https://partner.example/page"
    assert items["/partner"]["is_permanent"] is False
    assert items["/local-link"]["target_path"] == "/articles/old/"


def test_redirects_of_another_site_are_not_listed(client, articles, site_tree):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    other = Site.objects.create(hostname="other.example", root_page=other_home)
    Redirect.add_redirect("/theirs", redirect_to="/x/", site=other)
    Redirect.add_redirect("/ours", redirect_to="/y/", site=site_tree.site)
    assert [i["old_path"] for i in get_json(client, "/api/v2/redirects/")["items"]] == ["/ours"]


def test_bad_redirect_parameters_are_400s(client, site_tree):
    data = get_json(client, "/api/v2/redirects/?old_path=/x", status=400)
    assert "old_path" in data["message"]


# Licence and attribution


@pytest.fixture
def licensed(site_tree):
    settings = site_tree.settings
    settings.content_licence = "CC BY 4.0"
    settings.content_licence_url = "https://creativecommons.org/licenses/by/4.0/"
    settings.attribution = "© Test Practice"
    settings.save()
    return settings


def test_licence_and_attribution_in_the_contact_page_api(client, licensed, site_tree):
    practice = get_json(client, f"/api/v2/pages/{site_tree.contact.pk}/")["practice"]
    assert practice["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert practice["attribution"] == "© Test Practice"


def test_no_licence_is_null_in_the_api(client, site_tree):
    practice = get_json(client, f"/api/v2/pages/{site_tree.contact.pk}/")["practice"]
    assert (practice["licence"], practice["attribution"]) == (None, "")


def test_licence_in_the_article_jsonld(client, licensed, articles):
    data = jsonld(soup(client.get(articles[0].url)))
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["copyrightHolder"]["name"] == "Test Practice"
    assert data["creditText"] == "© Test Practice"


def test_no_licence_leaves_the_jsonld_without_terms(client, articles):
    data = jsonld(soup(client.get(articles[0].url)))
    assert {"license", "copyrightHolder", "creditText"}.isdisjoint(data)


def test_redirects_to_pages_readers_cannot_reach_are_left_out(client, articles, site_tree):
    """Decided in the query (so counts and pages are right): a draft, a page outside every
    site and another site's private page are left out; another site's public page is listed
    with its absolute URL only."""
    _old, middle, new = articles
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    Site.objects.create(hostname="other.example", root_page=other_home)
    theirs = ConditionArticlePageFactory(parent=other_home, slug="theirs")
    their_private = ConditionArticlePageFactory(parent=other_home, slug="private")
    PageViewRestriction.objects.create(
        page=their_private, restriction_type=PageViewRestriction.LOGIN
    )
    nowhere = HomePageFactory(parent=Page.get_first_root_node(), slug="nowhere")
    Redirect.add_redirect("/a-draft", redirect_to=middle)
    Page.objects.get(pk=middle.pk).specific.unpublish()
    Redirect.add_redirect("/b-nowhere", redirect_to=nowhere)
    Redirect.add_redirect("/c-private", redirect_to=their_private)
    Redirect.add_redirect("/d-theirs", redirect_to=theirs)
    Redirect.add_redirect("/e-ours", redirect_to=new)
    data = get_json(client, "/api/v2/redirects/")
    assert data["meta"]["total_count"] == 2
    assert [(i["old_path"], i["target_path"], i["target_url"]) for i in data["items"]] == [
        ("/d-theirs", None, "http://other.example/theirs/"),
        ("/e-ours", "/articles/new/", "http://localhost/articles/new/"),
    ]
    page = get_json(client, "/api/v2/redirects/?limit=1&offset=1")
    assert (page["meta"]["total_count"], page["items"][0]["old_path"]) == (2, "/e-ours")


def test_redirects_are_counted_and_paged_by_the_database(client, articles, site_tree):
    def make(count):
        start = Redirect.objects.count()
        Redirect.objects.bulk_create(
            Redirect(old_path=f"/old-{n:04}", redirect_page=articles[n % 3], site=site_tree.site)
            for n in range(start, start + count)
        )

    make(3)
    get_json(client, "/api/v2/redirects/?limit=1")  # fills the site caches
    few, _reads, _data = listing_queries(client, "/api/v2/redirects/?limit=2", "x")
    make(120)
    many, reads, data = listing_queries(
        client, "/api/v2/redirects/?limit=2&offset=100", "wagtailredirects_redirect"
    )
    assert many == few
    assert data["meta"]["total_count"] == 123
    assert [item["old_path"] for item in data["items"]] == ["/old-0100", "/old-0101"]
    assert len(reads) == 2
    assert all("COUNT(" in sql or "LIMIT 2 OFFSET 100" in sql for sql in reads), reads


@pytest.mark.parametrize(
    ("since", "count"),
    [("0001-01-01T00:00:00%2B05:00", 1), ("9999-12-31T23:59:59-05:00", 0)],
)
def test_dates_beyond_what_the_database_holds_are_the_ends_of_time(client, articles, since, count):
    """Valid ISO 8601 that is before year 1 or after 9999 in UTC: not a 400 (the OpenAPI
    document calls it valid), the earliest or latest time there is."""
    Page.objects.get(pk=articles[0].pk).specific.unpublish()
    data = get_json(client, f"/api/v2/tombstones/?since={since}")
    assert data["meta"]["total_count"] == count
    modified = get_json(client, f"/api/v2/pages/?modified_after={since}")
    assert (modified["meta"]["total_count"] > 0) == (count == 1)


def test_any_iso_8601_offset_is_accepted(client, articles):
    """+20:01 is a valid offset (ISO 8601 allows up to ±23:59) that PostgreSQL refuses in a
    timestamp: the value is compared in UTC (schemathesis found this 500 on PostgreSQL)."""
    since = "2026-03-10T20:01:00%2B20:01"  # 2026-03-10 00:00 UTC
    data = get_json(client, f"{ARTICLES}&fields=_,id,slug&modified_after={since}&order=id")
    assert [item["meta"]["slug"] for item in data["items"]] == ["middle", "new"]
    assert get_json(client, f"/api/v2/tombstones/?since={since}")["meta"]["total_count"] == 0

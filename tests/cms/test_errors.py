"""Custom 404 and 500 pages: in the layout, and leaking nothing."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from .html import meta

pytestmark = pytest.mark.django_db


def test_404_uses_the_layout(client, content):
    from bs4 import BeautifulSoup

    response = client.get("/no/such/page/")
    assert response.status_code == 404
    doc = BeautifulSoup(response.content, "html.parser")
    assert doc.find("h1").text == "Page not found"
    assert doc.body.find("a")["href"] == "#main"
    assert doc.find("nav", attrs={"aria-label": "Main"}) is not None
    assert doc.find(class_="site-header__name").text == "Test Practice"
    assert meta(doc, name="robots") == "noindex"
    assert "Traceback" not in response.content.decode()


def test_500_renders_without_request_settings_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html", {})
    from bs4 import BeautifulSoup

    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("h1").text == "Sorry, there is a problem with the service"
    assert doc.find("main", id="main") is not None


def test_server_error_response_leaks_nothing(settings, content):
    def broken(request):
        raise RuntimeError("secret database password in exception")

    from django.urls import path

    import cms.urls

    settings.ROOT_URLCONF = type(
        "Urls", (), {"urlpatterns": [path("boom/", broken), *cms.urls.urlpatterns]}
    )
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "secret" not in body and "RuntimeError" not in body

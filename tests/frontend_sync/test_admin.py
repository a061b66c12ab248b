"""The admin's webhook screens: endpoints managed like any model, a delivery log that can be
read and resent but not typed in, and nothing of it for an editor without permissions."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from frontend_sync.models import WebhookDelivery, WebhookEndpoint
from tests.factories import ConditionArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(site_tree):
    WebhookEndpoint.objects.create(name="Frontend", url="http://127.0.0.1:9/hook")
    article = ConditionArticlePageFactory(parent=site_tree.index, slug="neck")
    article.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, attempts=10, next_attempt_at=None
    )
    return delivery


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@x.invalid", "pw"))
    return client


def test_endpoint_is_added_in_the_admin_with_a_generated_secret(admin_client):
    form = BeautifulSoup(admin_client.get(reverse("webhookendpoint:add")).content, "html.parser")
    offered = form.find("input", attrs={"name": "secret"})["value"]
    assert len(offered) == 64  # a fresh random secret, offered for the editor to copy
    response = admin_client.post(
        reverse("webhookendpoint:add"),
        {
            "name": "Next site",
            "url": "https://frontend.example/api/revalidate",
            "secret": offered,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.url, endpoint.secret) == ("https://frontend.example/api/revalidate", offered)


def test_endpoint_url_must_be_a_url(admin_client):
    response = admin_client.post(
        reverse("webhookendpoint:add"), {"name": "Broken", "url": "not a url", "secret": "s"}
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_delivery_log_lists_and_inspects_with_no_add_or_edit(admin_client, delivery):
    listing = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert f"#{delivery.pk} page.published" in listing
    assert reverse("webhook_deliveries:resend", args=[delivery.pk]) in listing
    inspect = admin_client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert inspect.status_code == 200
    assert "page.published" in inspect.content.decode()
    for name in ("webhook_deliveries:add", "webhook_deliveries:edit"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[delivery.pk] if name.endswith("edit") else [])


def test_resend_asks_then_queues_the_delivery_again(admin_client, delivery):
    url = reverse("webhook_deliveries:resend", args=[delivery.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "Yes, resend" in confirm.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == "failed"  # a GET changes nothing

    response = admin_client.post(url)
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert delivery.next_attempt_at <= timezone.now()


def test_resend_of_an_unknown_delivery_is_a_404(admin_client, site_tree):
    assert admin_client.post(reverse("webhook_deliveries:resend", args=[999])).status_code == 404


def test_editors_without_the_permission_cannot_resend(client, django_user_model, delivery):
    editor = django_user_model.objects.create_user("editor", "e@x.invalid", "pw")
    group = Group.objects.create(name="Can open the admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    url = reverse("webhook_deliveries:resend", args=[delivery.pk])
    assert client.post(url).status_code in (302, 403)  # refused (or sent to the dashboard)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert client.get(reverse("webhook_deliveries:index")).status_code in (302, 403)

"""Issue 15 hardening: password reset throttled, `Retry-After` on every 429, one-line fields
refuse line breaks. Counters live in the default cache (shared by every process: the
cluster tests use the real shared stores)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from tests.contact_helpers import VALID, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
RESET = "/admin/password_reset/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", "editor@example.invalid", "x" * 20)


def reset(client, email, ip="203.0.113.5"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


@override_settings(PASSWORD_RESET_RATE_LIMIT=3, PASSWORD_RESET_RATE_WINDOW=900)
def test_password_reset_is_throttled_per_client(client, editor):
    assert client.get(RESET).status_code == 200
    for n in range(3):
        assert reset(client, f"someone{n}@example.invalid").status_code == 302
    refused = reset(client, "editor@example.invalid")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert mail.outbox == []  # the refused request sent nothing
    assert client.get(RESET).status_code == 200  # the form itself stays reachable
    assert reset(client, "editor@example.invalid", ip="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1


@override_settings(PASSWORD_RESET_RATE_LIMIT=100, PASSWORD_RESET_EMAIL_RATE_LIMIT=2)
def test_password_reset_is_throttled_per_address_from_any_client(client, editor):
    """Someone rotating addresses cannot flood one inbox."""
    for n in range(2):
        assert reset(client, "Editor@example.invalid", ip=f"192.0.2.{n}").status_code == 302
    assert reset(client, "editor@example.invalid", ip="192.0.2.99").status_code == 429
    assert len(mail.outbox) == 2


def test_contact_form_429_says_when_to_retry(client, site_tree, settings):
    settings.CONTACT_RATE_LIMIT = 1
    settings.CONTACT_RATE_WINDOW = 120
    assert client.post(site_tree.contact.url, VALID).status_code == 200
    html = client.post(site_tree.contact.url, VALID)
    api = post_json(client, site_tree.contact, VALID)
    assert (html.status_code, html["Retry-After"]) == (429, "120")
    assert (api.status_code, api["Retry-After"]) == (429, "120")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_admin_lockout_429_says_when_to_retry(client, editor, settings):
    for _ in range(3):
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="192.0.2.1"
        )
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


@pytest.mark.parametrize("name", ["Ann\nBcc: victim@example.com", "Ann\rX", "Ann\u2028X"])
def test_names_refuse_line_breaks(client, site_tree, name):
    api = post_json(client, site_tree.contact, {**VALID, "name": name})
    assert api.status_code == 400 and "name" in api.json()["errors"]
    html = client.post(site_tree.contact.url, {**VALID, "name": name})
    assert html.status_code == 200 and "Enter this on one line." in html.content.decode()
    assert FormSubmission.objects.count() == 0 and mail.outbox == []


def test_messages_keep_their_line_breaks(client, site_tree):
    message = "Line one.\nLine two."
    assert post_json(client, site_tree.contact, {**VALID, "message": message}).status_code == 201
    assert FormSubmission.objects.get().form_data["message"] == message

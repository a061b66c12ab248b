"""Adversarial checks on the contact submissions (home/contact.py; its own behaviour is
tested in tests/home/test_contact.py): who can read them, what they can carry into the admin,
spoofed client addresses, header injection on the HTML path, a refusing mail server."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from seeding.editorial import CLINICAL_REVIEWERS, EDITORS, ensure_editorial_setup
from tests.contact_helpers import VALID, post_json

from .html import soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def submission(client, site_tree):
    response = post_json(client, site_tree.contact, {**VALID, "message": "Private: " + SCRIPT})
    assert response.status_code == 201
    return FormSubmission.objects.get()


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", "x" * 16)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people(site_tree):
    ensure_editorial_setup(site_tree.index)
    return {
        "editor": user_in(EDITORS, "editor"),
        "reviewer": user_in(CLINICAL_REVIEWERS, "reviewer"),
        "nobody": user_in(None, "nobody"),
        "admin": get_user_model().objects.create_superuser(
            "admin", "admin@example.invalid", "x" * 16
        ),
    }


def submissions_url(site_tree):
    return f"/admin/forms/submissions/{site_tree.contact.pk}/"


def test_anonymous_cannot_read_submissions(client, site_tree, submission):
    response = client.get(submissions_url(site_tree))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("who", ["editor", "nobody"])
def test_admin_users_without_the_permission_cannot_read_submissions(
    client, site_tree, submission, people, who
):
    client.force_login(people[who])
    for url in [submissions_url(site_tree), submissions_url(site_tree) + "?export=csv"]:
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert b"Private:" not in response.content
    assert b"Private:" not in client.get("/admin/forms/").content


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_permitted_users_read_submissions_with_the_payload_escaped(
    client, site_tree, submission, people, who
):
    """A submission is untrusted input shown inside the admin: it must stay text."""
    client.force_login(people[who])
    response = client.get(submissions_url(site_tree))
    assert response.status_code == 200
    document = soup(response.content.decode())
    assert "Private:" in document.get_text()
    assert not [s for s in document.find_all("script") if "alert" in s.get_text()]
    assert not document.find_all("img", attrs={"onerror": True})


def test_public_page_and_api_never_show_submissions(client, site_tree, submission):
    for url in [site_tree.contact.url, f"/api/v2/pages/{site_tree.contact.pk}/", "/api/v2/pages/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert b"Private:" not in response.content
        assert b"ann@example.com" not in response.content
        assert b"inbox@practice.invalid" not in response.content


def test_spoofed_forwarded_for_does_not_escape_the_rate_limit(client, site_tree, settings):
    """Without a configured proxy header, X-Forwarded-For is the client's own invention."""
    settings.CONTACT_RATE_LIMIT = 2
    statuses = [
        post_json(
            client, site_tree.contact, VALID, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [201, 201, 429, 429]
    assert FormSubmission.objects.count() == 2


@pytest.mark.parametrize(
    "email",
    ["ann@example.com\nBcc: victim@example.com", "ann@example.com%0ABcc:victim@example.com"],
)
def test_header_injection_through_the_html_form(client, site_tree, email):
    response = client.post(site_tree.contact.url, {**VALID, "email": email})
    assert response.status_code == 200
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_refusing_mail_server_still_thanks_the_reader_and_keeps_the_message(
    client, site_tree, settings, caplog
):
    """A real SMTP connection to a closed port (no mocks): stored, logged, thanked."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with caplog.at_level(logging.ERROR):
        response = client.post(site_tree.contact.url, VALID)
    assert response.status_code == 200
    assert site_tree.contact.thank_you_text in soup(response.content.decode()).get_text()
    submission = FormSubmission.objects.get()
    assert submission.get_data()["message"] == "My neck hurts."
    assert str(submission.pk) in caplog.text

"""The contact submission service, through both the HTML form and the JSON endpoint."""

import logging
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.mail import BadHeaderError, EmailMessage
from wagtail.contrib.forms.models import FormSubmission

from home import contact_service as contact
from tests.contact_helpers import VALID, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def post_html(client, page, data, **extra):
    return client.post(page.url, data=data, **extra)


class ErrorSummaryParser(HTMLParser):
    """Collects the items of the form's error summary (the role="alert" box)."""

    def __init__(self):
        super().__init__()
        self.errors, self._depth = [], 0

    def handle_starttag(self, tag, attrs):
        if self._depth:
            self._depth += tag == "div"
        elif tag == "div" and dict(attrs).get("role") == "alert":
            self._depth = 1

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth and data.strip():
            self.errors.append(data.strip())


def html_errors(response):
    parser = ErrorSummaryParser()
    parser.feed(response.content.decode())
    return parser.errors


# JSON endpoint


def test_json_submission_is_stored_then_emailed(client, site_tree):
    response = post_json(client, site_tree.contact, VALID)
    assert response.status_code == 201
    assert response.json() == {"message": site_tree.contact.thank_you_text}
    assert response["Cache-Control"] == "no-store"
    submission = FormSubmission.objects.get(page=site_tree.contact)
    assert submission.get_data()["message"] == "My neck hurts."
    assert "website" not in submission.form_data  # the honeypot is not stored
    [email] = mail.outbox
    assert email.to == ["inbox@practice.invalid"]
    assert email.reply_to == ["ann@example.com"]
    assert "My neck hurts." in email.body


def test_json_validation_errors(client, site_tree):
    response = post_json(client, site_tree.contact, {"name": "", "email": "not-an-email"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"name", "email", "message"}
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**VALID, "unknown": "x"}, "unknown"),
        ({**VALID, "name": {"first": "Ann"}}, "name"),
        ({**VALID, "message": [{"a": 1}]}, "message"),
    ],
)
def test_json_unknown_fields_and_wrong_shapes_are_400(client, site_tree, payload, field):
    response = post_json(client, site_tree.contact, payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "\xff"])
def test_json_malformed_body_is_400(client, site_tree, body):
    response = client.post(
        f"/api/v2/contact/{site_tree.contact.pk}/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


def test_form_encoded_post_is_refused_with_415(client, site_tree):
    """A cross-site HTML form can only send form encodings: they never reach the service."""
    response = client.post(f"/api/v2/contact/{site_tree.contact.pk}/", data=VALID)
    assert response.status_code == 415
    response = client.post(
        f"/api/v2/contact/{site_tree.contact.pk}/", data="x=1", content_type="text/plain"
    )
    assert response.status_code == 415
    assert not FormSubmission.objects.exists()


def test_json_endpoint_needs_no_csrf_token_and_reads_no_cookie(site_tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post_json(strict, site_tree.contact, VALID)
    assert response.status_code == 201
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_get_is_405(client, site_tree):
    response = client.get(f"/api/v2/contact/{site_tree.contact.pk}/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_unknown_draft_or_foreign_page_is_404(client, site_tree):
    assert post_json(client, site_tree.disclaimer, VALID).status_code == 404
    huge = client.post("/api/v2/contact/99999999999/", data="{}", content_type="application/json")
    assert huge.status_code == 404
    site_tree.contact.unpublish()
    assert post_json(client, site_tree.contact, VALID).status_code == 404


def test_oversized_body_is_413(client, site_tree):
    response = post_json(client, site_tree.contact, {**VALID, "message": "x" * 70_000})
    assert response.status_code == 413


# The same behaviour on both paths


@pytest.mark.parametrize("post", [post_json, post_html])
def test_honeypot_is_accepted_silently_and_discarded(client, site_tree, post):
    response = post(client, site_tree.contact, {**VALID, "website": "http://spam.example"})
    assert response.status_code in (200, 201)
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("field", "limit"), [("name", 255), ("message", 5000)])
@pytest.mark.parametrize("post", [post_json, post_html])
def test_length_limits(client, site_tree, post, field, limit):
    assert post(client, site_tree.contact, {**VALID, field: "x" * (limit + 1)}).status_code in (
        200,
        400,
    )
    assert not FormSubmission.objects.exists()
    assert post(client, site_tree.contact, {**VALID, field: "x" * limit}).status_code in (200, 201)
    assert FormSubmission.objects.count() == 1


def test_non_text_fields_are_validated_by_their_type(client, site_tree):
    from tests.factories import ContactFormFieldFactory

    for label, field_type, choices in [
        ("Consent", "checkbox", ""),
        ("Visits", "number", ""),
        ("Preferred time", "dropdown", "Morning\nAfternoon"),
    ]:
        ContactFormFieldFactory(
            page=site_tree.contact, label=label, field_type=field_type, choices=choices
        )
    fields = client.get(f"/api/v2/pages/{site_tree.contact.pk}/").json()["form"]["fields"]
    assert fields[-1]["choices"] == ["Morning", "Afternoon"]
    assert fields[-1]["max_length"] is None
    valid = {**VALID, "consent": True, "visits": 2, "preferred_time": "Morning"}
    assert post_json(client, site_tree.contact, valid).status_code == 201
    invalid = {**valid, "visits": "many", "preferred_time": "Midnight"}
    response = post_json(client, site_tree.contact, invalid)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"visits", "preferred_time"}


def test_html_length_error_is_shown_to_the_reader(client, site_tree):
    response = post_html(client, site_tree.contact, {**VALID, "message": "x" * 5001})
    assert response.status_code == 200
    assert any("at most 5000 characters" in error for error in html_errors(response))


@pytest.mark.parametrize("post", [post_json, post_html])
def test_rate_limit_per_client(client, site_tree, post, settings):
    settings.CONTACT_RATE_LIMIT = 3
    for _ in range(3):
        assert post(client, site_tree.contact, VALID).status_code in (200, 201)
    blocked = post(client, site_tree.contact, VALID)
    assert blocked.status_code == 429
    assert FormSubmission.objects.count() == 3
    # Another client is not affected.
    other = post(client, site_tree.contact, VALID, REMOTE_ADDR="203.0.113.9")
    assert other.status_code in (200, 201)


def test_rate_limit_shares_one_allowance_across_html_and_json(client, site_tree, settings):
    settings.CONTACT_RATE_LIMIT = 2
    assert post_html(client, site_tree.contact, VALID).status_code == 200
    assert post_json(client, site_tree.contact, VALID).status_code == 201
    assert post_json(client, site_tree.contact, VALID).status_code == 429
    response = post_html(client, site_tree.contact, VALID)
    assert response.status_code == 429
    assert contact.RATE_LIMITED_MESSAGE in html_errors(response)


def test_client_ip_header_behind_a_proxy(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert contact.client_ip(request) == "10.0.0.1"
    settings.CONTACT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert contact.client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize("post", [post_json, post_html])
def test_smtp_failure_is_logged_and_the_submission_kept(client, site_tree, post, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with caplog.at_level(logging.ERROR, logger="home.contact_service"):
        response = post(client, site_tree.contact, VALID)
    assert response.status_code in (200, 201)
    submission = FormSubmission.objects.get()
    assert f"submission {submission.pk} is stored" in caplog.text


def test_submission_is_stored_before_email_is_attempted(site_tree, monkeypatch):
    seen = []

    def send(message, *args, **kwargs):
        seen.append(FormSubmission.objects.count())
        return 1

    monkeypatch.setattr(EmailMessage, "send", send)
    result = contact.submit(site_tree.contact, VALID, "192.0.2.1")
    assert result.status == "sent"
    assert seen == [1]


# Email header injection


def test_django_refuses_newlines_in_headers():
    message = EmailMessage("Hello\nBcc: victim@example.com", "body", "a@example.com", ["b@x.org"])
    with pytest.raises(BadHeaderError):
        message.message()


@pytest.mark.parametrize(
    "email", ["ann@example.com\nBcc: victim@example.com", "ann@example.com\r\nX: y"]
)
def test_reply_to_injection_is_a_validation_error(client, site_tree, email):
    response = post_json(client, site_tree.contact, {**VALID, "email": email})
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert mail.outbox == []


def test_subject_and_name_newlines_cannot_add_headers(client, site_tree):
    site_tree.contact.subject = "Website enquiry\nBcc: victim@example.com"
    site_tree.contact.save_revision().publish()
    refused = post_json(
        client, site_tree.contact, {**VALID, "name": "Ann\nBcc: victim@example.com"}
    )
    assert refused.status_code == 400  # one-line fields refuse line breaks (issue 15)
    response = post_json(client, site_tree.contact, VALID)
    assert response.status_code == 201
    [email] = mail.outbox
    headers = email.message()
    assert headers["Subject"] == "Website enquiry Bcc: victim@example.com"
    assert headers["Bcc"] is None
    assert email.recipients() == ["inbox@practice.invalid"]

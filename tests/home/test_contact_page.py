"""The contact page form: labels, server-side errors next to fields, CSRF, thank-you page."""

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from tests.factories import ContactFormFieldFactory

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the contact service counts posts per client in the cache
    yield
    cache.clear()


@pytest.fixture
def contact(site_tree):
    ContactFormFieldFactory(
        page=site_tree.contact,
        label="Phone",
        field_type="singleline",
        required=False,
        help_text="Only if you would like us to call you back.",
    )
    return site_tree.contact


def test_contact_services_honeypot_is_rendered_hidden(client, contact):
    from home.contact_service import HONEYPOT_FIELD

    form = _soup(client.get(contact.url)).find("main").find("form")
    trap = form.find("input", attrs={"name": HONEYPOT_FIELD})
    assert trap is not None and trap["tabindex"] == "-1"
    wrapper = trap.find_parent("div")
    assert "honeypot" in wrapper["class"] and wrapper["aria-hidden"] == "true"
    assert not form.find("input", attrs={"name": "name"}).find_parent(attrs={"aria-hidden": True})


def test_every_field_has_a_label_and_help_is_described(client, contact):
    form = _soup(client.get(contact.url)).find("main").find("form")
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    for control in form.select(".field input:not([type=hidden]), .field textarea"):
        label = form.find("label", attrs={"for": control["id"]})
        assert label is not None, control
    phone = form.find("input", attrs={"name": "phone"})
    help_id = phone["aria-describedby"]
    assert form.find(id=help_id).text == "Only if you would like us to call you back."
    assert "(required)" in form.find("label", attrs={"for": "id_name"}).text
    assert "(required)" not in form.find("label", attrs={"for": "id_phone"}).text


def test_invalid_submission_shows_errors_next_to_fields(client, contact):
    response = client.post(contact.url, {"name": "", "email": "not-an-email", "message": ""})
    assert response.status_code == 200
    doc = _soup(response)
    summary = doc.find(id="error-summary")
    assert summary["role"] == "alert"
    assert {a["href"] for a in summary.find_all("a")} == {"#id_name", "#id_email", "#id_message"}
    for name in ("name", "email", "message"):
        control = doc.find(attrs={"name": name})
        assert control["aria-invalid"] == "true"
        error = doc.find(id=f"id_{name}_error")
        assert error is not None and error.get_text(strip=True)
        assert f"id_{name}_error" in control["aria-describedby"].split()
        assert error.find_parent(class_="field") is control.find_parent(class_="field")
    assert "valid email" in doc.find(id="id_email_error").text
    phone = doc.find(attrs={"name": "phone"})
    assert not phone.has_attr("aria-invalid")
    assert doc.find(attrs={"name": "email"})["value"] == "not-an-email"
    assert FormSubmission.objects.count() == 0


def test_valid_submission_is_stored_and_thanked(client, contact, mailoutbox):
    data = {"name": "Pat Reader", "email": "pat@example.com", "message": "My neck hurts."}
    response = client.post(contact.url, data)
    assert response.status_code == 200
    doc = _soup(response)
    assert doc.find("h1").text.startswith("Thank you")
    assert contact.thank_you_text in doc.find("main").get_text()
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["message"] == "My neck hurts."
    assert len(mailoutbox) == 1


def test_form_with_a_required_consent_checkbox(client, contact):
    ContactFormFieldFactory(
        page=contact, label="I agree you may store my message", field_type="checkbox"
    )
    data = {"name": "Pat", "email": "pat@example.com", "message": "Hello"}
    refused = _soup(client.post(contact.url, data))
    box = refused.find("input", attrs={"name": "i_agree_you_may_store_my_message"})
    assert box["aria-invalid"] == "true"
    assert refused.find("label", attrs={"for": box["id"]}) is not None
    accepted = client.post(contact.url, data | {"i_agree_you_may_store_my_message": "on"})
    assert accepted.status_code == 200
    assert _soup(accepted).find("h1").text.startswith("Thank you")
    assert FormSubmission.objects.count() == 1


def test_post_without_csrf_token_is_refused(contact):
    client = Client(enforce_csrf_checks=True)
    response = client.post(contact.url, {"name": "x", "email": "x@example.com", "message": "x"})
    assert response.status_code == 403
    assert FormSubmission.objects.count() == 0


class _FormWithHoneypot(forms.Form):
    name = forms.CharField(label="Your name")
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"data-honeypot": ""}),
    )
    token = forms.CharField(widget=forms.HiddenInput)


def _render_fields(form):
    html = "".join(render_to_string("includes/form_field.html", {"field": f}) for f in form)
    return BeautifulSoup(html, "html.parser")


def test_honeypot_field_is_hidden_from_sight_keyboard_and_assistive_tech():
    doc = _render_fields(_FormWithHoneypot())
    trap = doc.find("input", attrs={"name": "website"})
    wrapper = trap.find_parent("div")
    assert "honeypot" in wrapper["class"] and wrapper["aria-hidden"] == "true"
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    name = doc.find("input", attrs={"name": "name"})
    assert name.find_parent("div")["class"] == ["field"]
    assert not name.has_attr("tabindex")
    hidden = doc.find("input", attrs={"name": "token"})
    assert hidden["type"] == "hidden" and hidden.find_parent("div") is None


def test_browsers_may_fill_in_name_email_and_phone(client, contact):
    main = _soup(client.get(contact.url)).find("main")
    hints = {
        field["name"]: (field.get("type"), field.get("autocomplete"))
        for field in main.select("form .field input")
    }
    assert hints == {
        "name": ("text", "name"),
        "email": ("email", "email"),
        "phone": ("tel", "tel"),
    }


def test_a_question_field_gets_no_autofill_hint(client, contact):
    """Only a field named for a person's name, email or phone is marked; 'Your question' is
    none of them, and a message is never autofilled."""
    ContactFormFieldFactory(page=contact, label="Your question", field_type="singleline")
    main = _soup(client.get(contact.url)).find("main")
    assert not main.find("input", attrs={"name": "your_question"}).has_attr("autocomplete")
    assert not main.find("textarea").has_attr("autocomplete")


def test_emergency_advice_comes_first_and_the_footer_is_not_repeated(client, contact):
    doc = _soup(client.get(contact.url))
    main = doc.find("main")
    headings = [h.get_text(" ", strip=True) for h in main.find_all(["h1", "h2"])]
    assert headings[:3] == [contact.title, "In an emergency, call 999", "Send us a message"]
    assert main.find(class_="emergency-banner").find("a", href="tel:01234567890") is not None
    # the practice's address and hours are in the footer only
    assert "1 High Street" not in main.get_text()
    landmark_names = [s["aria-labelledby"] for s in doc.find_all("section")]
    assert len(landmark_names) == len(set(landmark_names))


def test_consent_checkbox_sits_beside_its_label(client, contact):
    ContactFormFieldFactory(page=contact, label="I agree", field_type="checkbox", required=True)
    box = _soup(client.get(contact.url)).find("input", attrs={"type": "checkbox"})
    wrapper = box.parent
    assert "checkbox" in wrapper["class"]
    assert wrapper.find("label")["for"] == box["id"]

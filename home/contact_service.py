"""The contact submission service shared by the HTML form and the JSON API endpoint.

Both paths call `submit()`, so they behave identically:

1. per-client rate limit (Django's default cache, keyed by client IP; see `client_ip`): the
   store every process shares (Redis, or the machine's cache directory in the embedded
   default), so two workers do not double the allowance (system check core.E001),
2. honeypot: a hidden field real readers leave empty; if filled, the post is accepted
   silently and nothing is stored or sent,
3. the page's Wagtail form, with a length limit on every field,
4. the submission is stored BEFORE any email is attempted, then emailed; an SMTP failure is
   logged with the submission id and loses nothing (it stays in the admin's submissions).

Email headers carry no reader input except a validated Reply-To address (Django's
EmailField rejects newlines, and Django's mail refuses any header containing one).
"""

import logging
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import MaxLengthValidator

from core import throttle

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"

# Longest accepted value per Wagtail form field type (characters).
MAX_LENGTHS = {
    "singleline": 255,
    "multiline": 5000,
    "email": 254,
    "url": 2000,
    "number": 30,
    "date": 30,
    "datetime": 40,
    "hidden": 255,
}
DEFAULT_MAX_LENGTH = 1000

# Every character that starts a new line somewhere (email bodies, CSV, logs, spreadsheets).
LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
MULTILINE_TYPES = {"multiline"}


def refuse_line_breaks(value):
    """One-line fields (a name, an email, a subject) cannot start a new line: in the
    notification's body a name like "Ann\nBcc: ..." would forge lines after it."""
    if LINE_BREAKS.intersection(str(value)):
        raise ValidationError("Enter this on one line.", code="line_break")


RATE_LIMITED_MESSAGE = "Too many messages from your connection. Please try again later."


# What browsers may fill in for a reader, by a word of the field's name (Wagtail's clean_name
# of its label: "Your email" → "your_email"): the HTML autocomplete token and, for phone
# numbers, the input type that brings up a phone's number pad. First match wins.
AUTOFILL = (
    ({"email"}, "email", None),
    ({"phone", "telephone", "tel", "mobile"}, "tel", "tel"),
    ({"name"}, "name", None),
)
AUTOFILL_TYPES = {"singleline", "email"}


def autofill(django_field, form_field):
    """Mark a name, email or phone field for the browser's autofill (and a phone keypad)."""
    if form_field.field_type not in AUTOFILL_TYPES:
        return
    words = set(form_field.clean_name.lower().split("_"))
    for names, token, input_type in AUTOFILL:
        if words & names:
            django_field.widget.attrs["autocomplete"] = token
            if input_type:
                django_field.widget.input_type = input_type
            return


def max_length_for(field_type):
    """Longest accepted text for a text field type; None for choices, checkboxes etc."""
    return MAX_LENGTHS.get(field_type)


@dataclass
class Result:
    """What happened to one submission attempt. `status`: sent, spam, invalid, rate_limited."""

    status: str
    form: forms.Form | None = None
    submission: object = None
    errors: dict = field(default_factory=dict)

    @property
    def accepted(self):
        """True when the reader should see the thank-you (a spam post is not told otherwise)."""
        return self.status in {"sent", "spam"}


def client_ip(request):
    """The client's IP address for rate limiting (core/throttle.py: REMOTE_ADDR, or the
    CONTACT_CLIENT_IP_HEADER a reverse proxy overwrites)."""
    return throttle.client_ip(request)


def harden_form(form, page):
    """Add the honeypot field, a length limit to every field of a Wagtail form and autofill
    hints to its name, email and phone fields."""
    for form_field in page.form_fields.all():
        django_field = form.fields.get(form_field.clean_name)
        if django_field is None:
            continue
        autofill(django_field, form_field)
        # Text is limited here; other types (choices, dates, numbers, checkboxes) only
        # accept values their own validation bounds.
        if isinstance(django_field, forms.CharField):
            limit = max_length_for(form_field.field_type) or DEFAULT_MAX_LENGTH
            django_field.max_length = min(django_field.max_length or limit, limit)
            django_field.widget.attrs["maxlength"] = str(django_field.max_length)
            django_field.validators.append(MaxLengthValidator(django_field.max_length))
            if form_field.field_type not in MULTILINE_TYPES:
                django_field.validators.append(refuse_line_breaks)
    form.fields[HONEYPOT_FIELD] = forms.CharField(
        required=False,
        max_length=200,
        label="Leave this field empty",
        # `data-honeypot` tells the site's form layout (core/templatetags) to hide it.
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "data-honeypot": "true"}
        ),
    )
    return form


def rate_window():
    return getattr(settings, "CONTACT_RATE_WINDOW", 600)


def rate_limited(ip):
    """Count this attempt; True when the client has used up its allowance for the window."""
    limit = getattr(settings, "CONTACT_RATE_LIMIT", 10)
    return throttle.count_attempt(f"contact-rate:{ip}", limit, rate_window())


def submit(page, data, ip, user=None):
    """Validate and process one submission of `page`'s form. See the module docstring."""
    if rate_limited(ip):
        logger.warning("Contact form rate limit reached for %s", ip)
        return Result("rate_limited", errors={"__all__": [RATE_LIMITED_MESSAGE]})
    if data.get(HONEYPOT_FIELD):
        logger.info("Contact form honeypot filled; submission from %s discarded", ip)
        return Result("spam")
    form = page.get_form(data, page=page, user=user)
    if not form.is_valid():
        errors = {
            name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()
        }
        return Result("invalid", form=form, errors=errors)
    submission = page.process_form_submission(form)
    return Result("sent", form=form, submission=submission)


def store_and_notify(page, form):
    """Store the submission, then try to email it: a mail failure loses nothing."""
    data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT_FIELD}
    submission = page.get_submission_class().objects.create(form_data=data, page=page)
    if page.to_address:
        try:
            notification_email(page, form).send()
        except Exception:  # SMTP errors, timeouts, refused connections, bad headers
            logger.exception(
                "Contact form email failed; submission %s is stored in the admin", submission.pk
            )
    return submission


def single_line(value):
    """Collapse any line breaks, so a value can never start a new email header."""
    return " ".join(str(value).split())


def notification_email(page, form):
    """The practice's notification: editor-set subject, reader's address only as Reply-To."""
    lines = []
    reply_to = []
    for bound_field in form:
        name = bound_field.name
        if name == HONEYPOT_FIELD or name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if isinstance(value, list):
            value = ", ".join(value)
        if isinstance(bound_field.field, forms.EmailField) and value and not reply_to:
            reply_to.append(value)
        lines.append(f"{bound_field.label}: {value}")
    return EmailMessage(
        subject=single_line(page.subject or f"Message from {page.title}"),
        body="\n".join(lines),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=[address.strip() for address in page.to_address.split(",") if address.strip()],
        reply_to=reply_to,
    )


def choices_of(page, form_field):
    """A form field's choices as Wagtail's own form builder splits them."""
    if not form_field.choices:
        return []
    builder = page.form_builder([form_field])
    return [value for value, _label in builder.get_formatted_field_choices(form_field)]

"""POST /api/v2/contact/<page_id>/: the contact form for headless frontends.

CSRF-safe by design (docs/api.md "Contact form"): it accepts only `application/json`, which
a cross-site HTML form cannot send and which a browser sends cross-origin only after a CORS
preflight that our CORS settings refuse (they allow GET/HEAD/OPTIONS only). It reads no
cookie or session, so there is no ambient authority for another site to borrow. Hence
`csrf_exempt` is safe here. The processing is `home.contact_service.submit`, shared with the
HTML form.
"""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from typing_extensions import TypedDict

from core.api.openapi import ERROR, ID, type_schema
from core.paths import MAX_INTEGER
from core.visibility import PageVisibility

from . import contact_service as contact
from .models import ContactPage

MAX_BODY_BYTES = 64 * 1024


class FormErrorsDict(TypedDict):
    """Messages per field name; `__all__` for the whole form."""

    errors: dict[str, list[str]]


class ThanksDict(TypedDict):
    message: str


def openapi_path_item():
    """This endpoint in the OpenAPI document (`cms/api.py` adds it at its URL)."""
    form_errors = {
        "description": "Validation errors",
        "content": {"application/json": {"schema": type_schema(FormErrorsDict)}},
    }
    # A non-numeric id matches no route: core.api.views.api_not_found answers it.
    error = {"anyOf": [type_schema(FormErrorsDict), ERROR]}
    value = {"anyOf": [{"type": t} for t in ("string", "boolean", "number")]}
    value["anyOf"].append({"type": "array", "items": {"type": "string"}})
    return {
        "post": {
            "tags": ["contact"],
            "operationId": "submit_contact_form",
            "summary": "Submit the contact form of ContactPage {id}",
            "description": "Body: the form's fields by `name` (see the page's `form.fields`) "
            "plus the empty honeypot field. Not cacheable.",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "additionalProperties": value},
                        "example": {"name": "Ann", "email": "ann@example.com", "message": "Hi"},
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Stored (and emailed to the practice)",
                    "content": {"application/json": {"schema": type_schema(ThanksDict)}},
                },
                "400": form_errors,
                "404": {
                    "description": "No such contact page on this site",
                    "content": {"application/json": {"schema": error}},
                },
                "413": form_errors,
                "415": form_errors,
                "429": form_errors,
            },
        }
    }


def _errors(status, message, **headers):
    return _json({"errors": {"__all__": [message]}}, status, **headers)


def _json(data, status, **headers):
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _form_value(value):
    """JSON scalars and lists of scalars as form values; anything else is refused."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise ValueError("must be a string, a number, true/false or a list of strings")


@csrf_exempt
def contact_submission(request, page_id):
    if request.method != "POST":
        return _errors(405, "Send the form with POST and a JSON body.", Allow="POST")
    if request.content_type != "application/json":
        return _errors(415, "Send the form as application/json.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
        return _errors(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.")

    page = ContactPage.objects.live().filter(pk=page_id).first() if page_id <= MAX_INTEGER else None
    if page is None or not PageVisibility.for_request(request).is_visible(page):
        return _errors(404, "No contact form with this id on this site.")

    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return _errors(400, "The body is not valid JSON.")
    if not isinstance(payload, dict):
        return _errors(400, "The body must be a JSON object of field names and values.")

    allowed = {field.clean_name for field in page.form_fields.all()} | {contact.HONEYPOT_FIELD}
    data, errors = {}, {}
    for name, value in payload.items():
        if name not in allowed:
            errors[name] = ["Unknown field."]
            continue
        try:
            data[name] = _form_value(value)
        except ValueError as error:
            errors[name] = [str(error).capitalize() + "."]
    if errors:
        return _json({"errors": errors}, 400)

    result = contact.submit(page, data, contact.client_ip(request))
    if result.status == "rate_limited":
        return _json({"errors": result.errors}, 429, Retry_After=str(contact.rate_window()))
    if result.status == "invalid":
        return _json({"errors": result.errors}, 400)
    return _json({"message": page.thank_you_text}, 201)

"""Shared by the contact-form tests: a valid submission and the JSON endpoint's client call."""

import json

VALID = {"name": "Ann Reader", "email": "ann@example.com", "message": "My neck hurts."}


def post_json(client, page, data, **extra):
    return client.post(
        f"/api/v2/contact/{page.pk}/", json.dumps(data), content_type="application/json", **extra
    )

"""Drive the Wagtail admin's page editor through the Django test client.

`edit_form_data` reads the editor form as the browser would submit it (every input, textarea
and select of the form, checkboxes only when ticked), so tests post what the admin rendered.
"""

from bs4 import BeautifulSoup
from django.urls import reverse


def edit_form_data(html, form_id="page-edit-form"):
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no <form id={form_id!r}> in the response"
    data = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            add(name, field.string or "")
        elif field.name == "select":
            for option in field.find_all("option", selected=True):
                add(name, option.get("value", option.text))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                add(name, field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file", "image"):
            add(name, field.get("value", ""))
    return data


def get_edit_form(client, page, **changes):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = edit_form_data(response.content.decode())
    data.update({name: [value] for name, value in changes.items()})
    return data


def post_edit(client, page, action=None, **changes):
    """Submit the editor form with `changes`; `action` is e.g. "action-publish"."""
    data = get_edit_form(client, page, **changes)
    if action:
        data[action] = ["1"]
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

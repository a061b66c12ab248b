"""Admin sign-in is throttled (django-axes, through Wagtail's own login view) and passwords
must be strong."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "e@example.invalid", PASSWORD)


def sign_in(client, password, username="editor", ip="203.0.113.5"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_right_password_signs_in(client, editor):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_failures_lock_out_even_the_right_password(client, editor):
    for _ in range(4):
        response = sign_in(client, "wrong password!")
        assert response.status_code == 200  # the form again, with an error
    locked = sign_in(client, "wrong password!")
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content

    after = sign_in(client, PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="editor").exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_follows_the_user_name_across_addresses(client, editor):
    """Spreading guesses over many addresses does not get round the limit."""
    for n in range(5):
        sign_in(client, "wrong password!", ip=f"198.51.100.{n}")
    assert sign_in(client, PASSWORD, ip="192.0.2.77").status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_follows_the_address_across_user_names(client, editor):
    for n in range(5):
        sign_in(client, "wrong password!", username=f"guess{n}")
    assert sign_in(client, PASSWORD).status_code == 429
    assert sign_in(client, PASSWORD, ip="192.0.2.78").status_code == 302


@override_settings(AXES_ENABLED=True)
def test_force_login_is_unaffected(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["short1!", "password1234", "123456789012", "e@example.invalid"],
    ids=["too-short", "common", "numeric", "same-as-email"],
)
def test_weak_passwords_are_rejected(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_uncommon_password_is_accepted(editor):
    validate_password("plum-orbit-kettle-91", user=editor)

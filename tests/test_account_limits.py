"""Rate limits on password reset and sign-up: the next post gets 429 and does nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.builders import make_user, signup_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]
User = get_user_model()


# --- Password reset ------------------------------------------------------------


def test_password_reset_from_one_office_address_is_limited_per_hour(
    en_client, writer, mailoutbox
):
    """Thirty reset posts an hour per address; the next gets 429, an error and no email."""
    for attempt in range(30):
        en_client.post(
            reverse("portal:password_reset"), {"email": f"x{attempt}@example.org"}
        )

    response = en_client.post(
        reverse("portal:password_reset"), {"email": "sari@example.org"}
    )

    assert response.status_code == 429
    assert "Too many attempts. Wait a minute and try again." in response.text
    assert mailoutbox == []


def test_sixth_password_reset_for_same_email_within_an_hour_is_refused(
    client, writer, mailoutbox
):
    """One address gets at most five reset emails an hour, whatever the sender's IP."""
    for attempt in range(5):
        client.post(
            reverse("portal:password_reset"),
            {"email": "Sari@example.org"},
            REMOTE_ADDR=f"10.0.4.{attempt}",
        )

    response = client.post(
        reverse("portal:password_reset"),
        {"email": "sari@example.org"},
        REMOTE_ADDR="10.0.5.1",
    )

    assert response.status_code == 429
    assert len(mailoutbox) == 5


# --- Sign-up -------------------------------------------------------------------


def test_signup_rate_limit_refuses_with_429(en_client, mailoutbox):
    """Ten sign-up posts an hour per IP; the next gets 429 with a message and creates nothing."""
    for attempt in range(10):
        en_client.post(
            reverse("portal:signup"), signup_data(password2=f"mismatch-{attempt}")
        )

    response = en_client.post(reverse("portal:signup"), signup_data())

    assert response.status_code == 429
    assert "Too many sign-ups from your network. Try again in an hour." in response.text
    assert 'value="budi"' in response.text
    assert "field--error" not in response.text
    assert not User.objects.exists()
    assert mailoutbox == []


def test_refused_signup_does_not_tell_whether_a_username_is_taken(en_client):
    """Over the limit no field is checked, so the form cannot be used to probe accounts."""
    make_user("budi")
    for attempt in range(10):
        en_client.post(
            reverse("portal:signup"), signup_data(username=f"probe{attempt}")
        )

    response = en_client.post(reverse("portal:signup"), signup_data())

    assert response.status_code == 429
    assert "A user with that username already exists." not in response.text

"""Rate limits on log-in, password reset and sign-up: the next post gets 429 and does nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.builders import login_as, make_user, signup_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]
User = get_user_model()


# --- Log in --------------------------------------------------------------------


def test_sixth_login_for_same_username_is_refused_even_with_right_password(
    en_client, writer
):
    """Five posts a minute per username; the sixth gets 429 and logs nobody in."""
    for attempt in range(5):
        response = login_as(en_client, "Sari", "wrong", REMOTE_ADDR=f"10.0.0.{attempt}")
        assert response.status_code == 200

    response = login_as(en_client, "sari", REMOTE_ADDR="10.0.1.1")

    assert response.status_code == 429
    assert "Too many login attempts. Wait a minute and try again." in response.text
    assert 'value="sari"' in response.text
    assert "_auth_user_id" not in en_client.session


def test_login_limit_per_username_does_not_block_other_usernames(
    client, writer, other_writer
):
    """Hammering one username leaves another writer free to log in."""
    for attempt in range(6):
        login_as(client, "sari", "wrong", REMOTE_ADDR=f"10.0.0.{attempt}")

    response = login_as(client, other_writer.username, REMOTE_ADDR="10.0.2.1")

    assert response.status_code == 302


def test_sixth_login_from_same_ip_is_refused_even_with_right_password(
    en_client, writer
):
    """Five posts a minute per IP address; the sixth gets 429 and logs nobody in."""
    for attempt in range(5):
        response = login_as(
            en_client, f"guess{attempt}", "wrong", REMOTE_ADDR="10.9.9.9"
        )
        assert response.status_code == 200

    response = login_as(en_client, "sari", REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 429
    assert "Too many login attempts. Wait a minute and try again." in response.text
    assert "_auth_user_id" not in en_client.session


def test_blank_usernames_do_not_share_a_limit(client):
    """Posts without a username count per IP only, not against one shared blank name."""
    for attempt in range(6):
        response = login_as(client, "", "x", REMOTE_ADDR=f"10.0.3.{attempt}")

    assert response.status_code == 200


def test_login_limit_does_not_authenticate_at_all(client, writer, monkeypatch):
    """A refused login never reaches the authentication backends."""
    for attempt in range(5):
        login_as(client, f"guess{attempt}", "wrong")
    calls = []
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate",
        lambda *args, **kwargs: calls.append(kwargs),
    )

    response = login_as(client, "sari")

    assert response.status_code == 429
    assert calls == []


def test_login_limit_counts_lookalike_usernames_together(client, writer):
    """Full-width spellings of a username share its failed-login counter."""
    for attempt in range(5):
        login_as(client, "sari", "wrong", REMOTE_ADDR=f"10.0.6.{attempt}")

    response = login_as(client, "ｓａｒｉ", REMOTE_ADDR="10.0.7.1")

    assert response.status_code == 429


# --- Password reset ------------------------------------------------------------


def test_sixth_password_reset_from_same_ip_is_refused(en_client, writer, mailoutbox):
    """Five reset posts a minute per IP; the sixth gets 429, an error and no email."""
    for attempt in range(5):
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

"""Writer accounts: logging in and out, changing and resetting passwords."""

import pytest
from django.urls import reverse

from tests.builders import (
    NEW_PASSWORD,
    PASSWORD,
    login_as,
    only_link,
    path_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]


# --- Log in and out ------------------------------------------------------------


def test_login_page_links_to_password_reset_and_signup(en_client):
    """The login page offers a password reset and, when enabled, the sign-up."""
    response = en_client.get(reverse("portal:login"))

    assert response.status_code == 200
    assert reverse("portal:password_reset") in response.text
    assert reverse("portal:signup") in response.text


def test_login_page_hides_signup_link_when_signup_is_disabled(en_client, settings):
    """With sign-up switched off the login page does not advertise it."""
    settings.WRITER_SIGNUP_ENABLED = False

    response = en_client.get(reverse("portal:login"))

    assert reverse("portal:signup") not in response.text


def test_login_redirects_to_the_dashboard(client, writer):
    """Right username and password log the writer in and open the dashboard."""
    response = login_as(client, "sari")

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(writer.pk)


def test_login_follows_a_safe_next_url(client, writer):
    """A ``next`` inside the site is where the writer lands after logging in."""
    response = client.post(
        reverse("portal:login") + "?next=" + reverse("portal:profile"),
        {"username": "sari", "password": PASSWORD},
    )

    assert response.url == reverse("portal:profile")


def test_logged_in_user_visiting_login_goes_to_dashboard(client, writer):
    """Someone already logged in is sent on instead of seeing the form."""
    client.force_login(writer)

    response = client.get(reverse("portal:login"))

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")


def test_wrong_password_shows_error_and_keeps_username(en_client, writer):
    """A wrong password re-renders the form with an error and the typed username."""
    response = login_as(en_client, "sari", "wrong-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in en_client.session
    assert "Please enter a correct username and password" in response.text
    assert 'value="sari"' in response.text
    assert "wrong-password" not in response.text


def test_logout_by_post_ends_the_session(client, writer):
    """Posting to logout logs the writer out and goes to the home page."""
    client.force_login(writer)

    response = client.post(reverse("portal:logout"))

    assert response.status_code == 302
    assert response.url == reverse("articles:home")
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_not_allowed(client, writer):
    """A link (GET) cannot log anyone out; only the form's POST can."""
    client.force_login(writer)

    response = client.get(reverse("portal:logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(writer.pk)


def test_editor_can_use_the_portal_login(client, editor):
    """Editors log in here too and keep their staff flag."""
    response = login_as(client, editor.username)

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_staff is True


# --- Passwords ---------------------------------------------------------------


def test_password_change_needs_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("portal:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))


def test_writer_changes_password(client, writer):
    """The old password plus a new one twice changes it and shows the done page."""
    client.force_login(writer)

    response = client.post(
        reverse("portal:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:password_change_done")
    writer.refresh_from_db()
    assert writer.check_password(NEW_PASSWORD)
    assert client.get(response.url).status_code == 200


def test_password_change_with_wrong_old_password_shows_error(en_client, writer):
    """A wrong current password is refused with a field error."""
    en_client.force_login(writer)

    response = en_client.post(
        reverse("portal:password_change"),
        {
            "old_password": "nope",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "field--error" in response.text
    writer.refresh_from_db()
    assert writer.check_password(PASSWORD)


def test_password_reset_link_works_end_to_end(client, writer, mailoutbox):
    """The emailed link lets the writer set a new password and log in with it."""
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("portal:password_reset"), {"email": "SARI@example.org"}
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sari@example.org"]
    assert mailoutbox[0].subject == "Reset your Newsroom password"

    link_page = client.get(path_of(only_link(mailoutbox[0])))
    assert link_page.status_code == 302  # to the token-free set-password URL
    form_page = client.get(link_page.url)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        link_page.url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done.url == reverse("portal:password_reset_complete")
    assert client.get(done.url).status_code == 200

    assert login_as(client, "sari", NEW_PASSWORD).status_code == 302


def test_used_password_reset_link_shows_invalid_link_page(
    en_client, writer, mailoutbox
):
    """Once the password is reset the same link shows the invalid-link message."""
    en_client.post(reverse("portal:password_reset"), {"email": "sari@example.org"})
    link = path_of(only_link(mailoutbox[0]))
    set_password = en_client.get(link).url
    en_client.post(
        set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    response = en_client.get(link)

    assert response.status_code == 200
    assert "The password reset link is invalid" in response.text


def test_password_reset_for_unknown_email_sends_nothing(client, mailoutbox):
    """An unknown address gets the same "sent" page but no email."""
    response = client.post(
        reverse("portal:password_reset"), {"email": "nobody@example.org"}
    )

    assert response.url == reverse("portal:password_reset_done")
    assert mailoutbox == []

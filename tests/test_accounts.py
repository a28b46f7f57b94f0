"""Writer accounts: log in/out, passwords, sign-up, activation, rate limits."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Profile
from editorial.permissions import WRITERS_GROUP
from editorial.portal.accounts.activation import activation_token, activation_url
from tests.builders import (
    NEW_PASSWORD,
    PASSWORD,
    login_as,
    make_user,
    only_link,
    path_of,
    signup_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]
User = get_user_model()


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


# --- Sign-up and activation -------------------------------------------------------


def test_signup_creates_inactive_writer_and_sends_activation_email(client, mailoutbox):
    """Sign-up makes an inactive, non-staff community writer with a profile and one email."""
    response = client.post(reverse("portal:signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("portal:signup_sent")
    user = User.objects.get(username="budi")
    assert user.is_active is False
    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.email == "budi@example.org"
    assert user.check_password(NEW_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [WRITERS_GROUP]
    assert Profile.objects.get(user=user).display_name == "Budi Santoso"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["budi@example.org"]
    link = only_link(mailoutbox[0])
    assert link.startswith("https://news.example.org/write/activate/")
    assert client.get(response.url).status_code == 200


def test_signup_cannot_make_staff(client):
    """Extra posted fields like is_staff are ignored."""
    client.post(
        reverse("portal:signup"),
        signup_data(is_staff="on", is_superuser="on", is_active="on"),
    )

    user = User.objects.get(username="budi")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, False)


def test_login_before_activation_fails_with_a_hint(en_client, mailoutbox):
    """Until the link is followed the account cannot log in, and says why."""
    en_client.post(reverse("portal:signup"), signup_data())

    response = login_as(en_client, "budi", NEW_PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in en_client.session
    assert "This account is not activated yet." in response.text


def test_login_of_inactive_account_with_wrong_password_gives_no_hint(en_client):
    """The activation hint is only for someone who knows the password."""
    en_client.post(reverse("portal:signup"), signup_data())

    response = login_as(en_client, "budi", "wrong-password")

    assert "not activated" not in response.text
    assert "Please enter a correct username and password" in response.text


def test_activation_link_activates_and_logs_in(client, mailoutbox):
    """Following the link activates the account, logs in and welcomes the writer."""
    client.cookies["django_language"] = "en"
    client.post(reverse("portal:signup"), signup_data())

    response = client.get(path_of(only_link(mailoutbox[0])))

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    user = User.objects.get(username="budi")
    assert user.is_active is True
    assert user.is_staff is False
    assert client.session["_auth_user_id"] == str(user.pk)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith("Welcome") for m in messages)


def test_writer_logs_in_after_activation(client, mailoutbox):
    """After activation the chosen password works on the login page."""
    client.post(reverse("portal:signup"), signup_data())
    client.get(path_of(only_link(mailoutbox[0])))
    client.post(reverse("portal:logout"))

    assert login_as(client, "budi", NEW_PASSWORD).status_code == 302


def test_reused_activation_link_shows_400_page(en_client, mailoutbox):
    """A link that has already activated the account no longer works."""
    en_client.post(reverse("portal:signup"), signup_data())
    link = path_of(only_link(mailoutbox[0]))
    en_client.get(link)
    en_client.post(reverse("portal:logout"))

    response = en_client.get(link)

    assert response.status_code == 400
    assert "This activation link does not work" in response.text
    assert reverse("portal:login") in response.text
    assert reverse("portal:signup") in response.text
    assert "_auth_user_id" not in en_client.session


@pytest.mark.parametrize(
    ("uidb64", "token"),
    [
        ("!!!", "garbage"),
        ("MQ", "garbage"),
        ("OTk5OTk5", "abc-def"),
        ("bm90LWEtbnVtYmVy", "abc-def"),
        ("_w", "abc-def"),
        ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "abc-def"),
    ],
)
def test_garbage_activation_link_shows_400_page(en_client, uidb64, token):
    """Malformed or unknown ids and tokens give the 400 page, never a server error."""
    make_user()

    response = en_client.get(
        reverse("portal:activate", kwargs={"uidb64": uidb64, "token": token})
    )

    assert response.status_code == 400
    assert "This activation link does not work" in response.text


def test_activation_link_for_another_user_does_not_work(en_client, mailoutbox):
    """A token made for one account does not activate another."""
    en_client.post(reverse("portal:signup"), signup_data())
    en_client.post(
        reverse("portal:signup"),
        signup_data(username="wati", email="wati@example.org"),
    )
    budi, wati = User.objects.get(username="budi"), User.objects.get(username="wati")
    budi_link = activation_url(budi)
    uid_of_wati = path_of(activation_url(wati)).split("/")[3]
    token_of_budi = path_of(budi_link).split("/")[4]

    response = en_client.get(
        reverse(
            "portal:activate", kwargs={"uidb64": uid_of_wati, "token": token_of_budi}
        )
    )

    assert response.status_code == 400
    wati.refresh_from_db()
    assert wati.is_active is False


def test_activation_token_is_not_a_password_reset_token(writer):
    """Activation tokens use their own salt: a reset token does not pass as one."""
    writer.is_active = False
    reset_token = default_token_generator.make_token(writer)

    assert activation_token.check_token(writer, reset_token) is False


def test_activation_link_does_not_reactivate_a_deactivated_writer(client, writer):
    """An active account's link is spent; deactivation after login does not revive it."""
    writer.is_active = False
    writer.save()
    link = path_of(activation_url(writer))
    assert client.get(link).status_code == 302
    client.post(reverse("portal:logout"))
    writer.refresh_from_db()
    writer.is_active = False  # an editor closes the account again
    writer.save()

    response = client.get(link)

    assert response.status_code == 400
    writer.refresh_from_db()
    assert writer.is_active is False


def test_duplicate_email_in_other_case_is_refused(en_client, mailoutbox):
    """An email already used by an account, in any letter case, is a form error."""
    User.objects.filter(pk=make_user("budi_lama").pk).update(email="Budi@Example.org")

    response = en_client.post(
        reverse("portal:signup"), signup_data(email="BUDI@example.ORG")
    )

    assert response.status_code == 200
    assert "An account with this email address already exists." in response.text
    assert "field--error" in response.text
    assert not User.objects.filter(username="budi").exists()
    assert mailoutbox == []


def test_duplicate_username_in_other_case_is_refused(en_client):
    """A username that differs from an existing one only in case is taken."""
    make_user("budi")

    response = en_client.post(
        reverse("portal:signup"),
        signup_data(username="BUDI", email="other@example.org"),
    )

    assert response.status_code == 200
    assert "A user with that username already exists." in response.text


def test_password_mismatch_keeps_what_was_typed_except_passwords(en_client, mailoutbox):
    """A mismatch shows an error and keeps username, email and display name."""
    response = en_client.post(
        reverse("portal:signup"), signup_data(password2="something-else-42")
    )

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.text
    assert 'value="budi"' in response.text
    assert 'value="budi@example.org"' in response.text
    assert 'value="Budi Santoso"' in response.text
    assert NEW_PASSWORD not in response.text
    assert not User.objects.exists()
    assert mailoutbox == []


def test_weak_password_is_refused_by_the_validators(en_client):
    """Django's password validators apply to sign-up."""
    response = en_client.post(
        reverse("portal:signup"),
        signup_data(password1="12345678", password2="12345678"),
    )

    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not User.objects.exists()


def test_signup_requires_email_and_display_name(en_client):
    """Email and display name are required."""
    response = en_client.post(
        reverse("portal:signup"), signup_data(email="", display_name="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"email", "display_name"}


def test_signup_disabled_gives_404(client, settings):
    """With WRITER_SIGNUP_ENABLED off the sign-up pages do not exist."""
    settings.WRITER_SIGNUP_ENABLED = False

    assert client.get(reverse("portal:signup")).status_code == 404
    assert client.post(reverse("portal:signup"), signup_data()).status_code == 404
    assert client.get(reverse("portal:signup_sent")).status_code == 404
    assert not User.objects.exists()


def test_logged_in_user_visiting_signup_goes_to_dashboard(client, writer):
    """Someone already logged in has no use for the sign-up form."""
    client.force_login(writer)

    response = client.get(reverse("portal:signup"))

    assert response.url == reverse("portal:dashboard")


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


def test_editor_can_use_the_portal_login(client, editor):
    """Editors log in here too and keep their staff flag."""
    response = login_as(client, editor.username)

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_staff is True


def test_login_limit_counts_lookalike_usernames_together(client, writer):
    """Full-width spellings of a username share its failed-login counter."""
    for attempt in range(5):
        login_as(client, "sari", "wrong", REMOTE_ADDR=f"10.0.6.{attempt}")

    response = login_as(client, "ｓａｒｉ", REMOTE_ADDR="10.0.7.1")

    assert response.status_code == 429

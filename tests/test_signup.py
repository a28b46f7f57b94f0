"""Writer sign-up: the form, the inactive account, the activation link."""

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
    login_as,
    make_user,
    only_link,
    path_of,
    signup_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]
User = get_user_model()


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

    response = client.post(path_of(only_link(mailoutbox[0])))

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
    client.post(path_of(only_link(mailoutbox[0])))
    client.post(reverse("portal:logout"))

    assert login_as(client, "budi", NEW_PASSWORD).status_code == 302


def test_reused_activation_link_shows_400_page(en_client, mailoutbox):
    """A link that has already activated the account no longer works."""
    en_client.post(reverse("portal:signup"), signup_data())
    link = path_of(only_link(mailoutbox[0]))
    en_client.post(link)
    en_client.post(reverse("portal:logout"))

    response = en_client.post(link)

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
    assert client.post(link).status_code == 302
    client.post(reverse("portal:logout"))
    writer.refresh_from_db()
    writer.is_active = False  # an editor closes the account again
    writer.save()

    response = client.get(link)

    assert response.status_code == 400
    writer.refresh_from_db()
    assert writer.is_active is False


def test_known_email_gets_the_same_answer_and_a_you_have_an_account_mail(
    en_client, mailoutbox
):
    """Sign-up with a known address (any case) looks like any sign-up; its owner is told."""
    User.objects.filter(pk=make_user("budi_lama").pk).update(email="Budi@Example.org")

    response = en_client.post(
        reverse("portal:signup"), signup_data(email="BUDI@example.ORG")
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:signup_sent")
    assert not User.objects.filter(username="budi").exists()
    [message] = mailoutbox
    assert message.to == ["Budi@Example.org"]
    assert "already belongs to your account" in message.body
    assert "/write/login/" in message.body and "/activate/" not in message.body


def test_activation_link_opened_by_a_mail_scanner_activates_nothing(client, mailoutbox):
    """A GET of the link only asks to confirm; the account stays closed until a POST."""
    client.post(reverse("portal:signup"), signup_data())
    link = path_of(only_link(mailoutbox[0]))

    response = client.get(link)

    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert User.objects.get(username="budi").is_active is False
    assert "_auth_user_id" not in client.session


def test_password_reset_link_is_on_site_url_whatever_the_host_header(
    client, writer, mailoutbox, settings
):
    """A forged Host header cannot put another site's address in the reset email."""
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        reverse("portal:password_reset"),
        {"email": writer.email},
        HTTP_HOST="evil.example.net",
    )
    [message] = mailoutbox
    assert "https://news.example.org/write/password/reset/" in message.body
    assert "evil.example.net" not in message.body


def test_activation_email_greets_the_display_name(client, mailoutbox):
    """The activation email says hello to the byline name, not the username."""
    client.post(reverse("portal:signup"), signup_data())
    assert "Budi Santoso" in mailoutbox[0].body


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

"""Failed-login limits, the same on the portal and the admin: failures only, per address."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from editorial import login_limits
from tests.builders import PASSWORD, login_as, make_editor, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_rate_window")]
OFFICE = "203.0.113.7"


def fail(client, username, address, times=1):
    for _attempt in range(times):
        response = login_as(client, username, "wrong", REMOTE_ADDR=address)
        assert response.status_code == 200


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_successful_logins_count_nothing(client, writer):
    """A whole office logging in all day from one address is never limited."""
    for _attempt in range(12):
        response = login_as(client, writer.username, REMOTE_ADDR=OFFICE)
        assert response.status_code == 302
        client.logout()


def test_five_failures_make_that_address_wait_for_that_account(en_client, writer):
    """After five failures the sixth try, right password or not, gets 429 and a wait."""
    fail(en_client, "sari", OFFICE, times=5)
    response = login_as(en_client, "sari", REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in" in response.text
    assert 'value="sari"' in response.text
    assert not logged_in(en_client)


def test_right_password_from_an_address_that_was_not_failing_still_works(
    client, writer
):
    """A guesser elsewhere does not lock the owner out."""
    fail(client, "sari", "198.51.100.1", times=5)
    response = login_as(client, "sari", REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert logged_in(client)


def test_failures_for_one_account_leave_colleagues_at_the_same_address_free(
    client, writer, other_writer
):
    """One person mistyping five times does not stop the rest of the office."""
    fail(client, "sari", OFFICE, times=5)
    response = login_as(client, other_writer.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302


def test_one_address_guessing_many_accounts_is_stopped(client, writer):
    """Fifty failures across many names from one address stop every login from it."""
    for number in range(login_limits.ADDRESS_LIMIT):
        fail(client, f"guess{number}", "198.51.100.9")
    response = login_as(client, "sari", REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429


def test_many_addresses_guessing_one_account_stop_only_failing_addresses(
    client, writer
):
    """Past the account limit, failing addresses wait; a clean address logs in."""
    for number in range(login_limits.ACCOUNT_LIMIT):
        fail(client, "sari", f"198.51.100.{number + 10}")
    assert login_as(client, "sari", REMOTE_ADDR="198.51.100.10").status_code == 429
    assert login_as(client, "sari", REMOTE_ADDR=OFFICE).status_code == 302


def test_a_refused_login_checks_no_password(client, writer, monkeypatch):
    """A refused attempt never reaches the authentication backends."""
    fail(client, "sari", OFFICE, times=5)
    calls = []
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate",
        lambda *args, **kwargs: calls.append(kwargs),
    )
    assert login_as(client, "sari", REMOTE_ADDR=OFFICE).status_code == 429
    assert calls == []


def test_lookalike_usernames_share_one_counter(client, writer):
    """Full-width spellings of a username count against the same account."""
    fail(client, "sari", OFFICE, times=5)
    assert login_as(client, "ｓａｒｉ", REMOTE_ADDR=OFFICE).status_code == 429


def test_the_admin_login_has_the_same_limits(en_client):
    """Five failures on /admin/login/ refuse the sixth, even with the right password."""
    editor = make_editor("redaktur")
    url = reverse("admin:login")
    for _attempt in range(5):
        en_client.post(
            url, {"username": editor.username, "password": "wrong"}, REMOTE_ADDR=OFFICE
        )
    response = en_client.post(
        url, {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert "Too many failed attempts. Try again in" in response.text
    assert not logged_in(en_client)


@pytest.mark.parametrize(
    "username, password, active",
    [
        ("nobody-here", "wrong", True),
        ("sari", "wrong", True),
        ("belum", "wrong", False),
        ("belum", PASSWORD, False),
    ],
    ids=["unknown", "wrong-password", "unconfirmed-wrong", "unconfirmed-right"],
)
def test_every_failed_login_does_the_same_password_work(
    client, writer, monkeypatch, username, password, active
):
    """Unknown, wrong and unconfirmed logins each hash the password exactly twice."""
    make_user("belum", is_active=False, last_login=None)
    hashes = []
    real_encode = MD5PasswordHasher.encode

    def counting(self, *args, **kwargs):
        hashes.append(1)
        return real_encode(self, *args, **kwargs)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    response = login_as(client, username, password, REMOTE_ADDR=OFFICE)
    assert response.status_code == 200
    assert len(hashes) == 2

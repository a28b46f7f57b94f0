"""Writers' names and badges in the portal and its emails read as on reader pages."""

import pytest
from django.urls import reverse

from articles.models import Profile
from tests.builders import log_in, make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, member, writer_label",
    [("id", "anggota", "penulis"), ("en", "member", "writer")],
)
def test_portal_badges_read_like_the_reader_pages(
    client, writer, language, member, writer_label
):
    """The dashboard and profile show the badge's label in the UI language, not its raw value."""
    log_in(client, writer, language=language)
    for name in ("portal:dashboard", "portal:profile"):
        html = client.get(reverse(name)).content.decode()
        assert f'<span class="badge badge--member">{member}</span>' in html
    make_article(author=writer)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert f'<span class="badge badge--writer">{writer_label}</span>' in html


def test_password_reset_email_greets_the_display_name(client, writer, mailoutbox):
    """The reset email says "Hello Sari W.", not the username."""
    Profile.objects.create(user=writer, display_name="Sari W.")
    client.post(reverse("portal:password_reset"), {"email": writer.email})
    [message] = mailoutbox
    assert "Sari W.," in message.body and "Hello sari" not in message.body


def test_activation_email_greets_the_display_name(client, mailoutbox):
    """The sign-up's activation email greets the byline name given at sign-up."""
    from tests.builders import signup_data

    client.post(reverse("portal:signup"), signup_data(display_name="Budi S."))
    [message] = mailoutbox
    assert "Budi S.," in message.body and "budi," not in message.body

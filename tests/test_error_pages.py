"""Error pages in the site's frame: a failed CSRF check says what happened and how to recover."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.builders import draft_payload, make_writer

pytestmark = pytest.mark.django_db


def test_csrf_failure_is_the_sites_page_with_a_way_back():
    """A portal form posted with an old token gets a 403 page that explains and links back."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_writer())
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("portal:new"),
        draft_payload(),
        HTTP_REFERER="http://testserver/write/new/",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in page
    assert "Nothing was saved" in page
    assert 'href="http://testserver/write/new/"' in page
    assert "keeps a copy of it in this browser" in page
    assert "CSRF token" not in page  # Django's reason is for developers


def test_csrf_failure_does_not_link_back_to_another_site():
    """A referrer on another host is not offered as the way back."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("portal:login"), {}, HTTP_REFERER="https://evil.example.net/"
    )
    assert response.status_code == 403
    assert "evil.example.net" not in response.content.decode()

"""Partners' API keys (admin, authentication), rate limits and CORS of the API."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from api.keys import HEADER, create_api_key, hash_key
from api.models import ApiKey
from tests.builders import make_article

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


# --- Keys in the admin ---------------------------------------------------------


def test_a_new_key_is_shown_once_and_stored_only_as_a_hash(admin_client):
    """Adding a key in the admin shows it once; the database holds its hash."""
    response = admin_client.post(
        reverse("admin:api_apikey_add"),
        {
            "partner": "Mitra Media",
            "name": "syndication",
            "is_active": "on",
            "rate_per_minute": 900,
        },
        follow=True,
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    # The whole key (the "added" message names the key by its prefix), any language.
    key = max(re.findall(r"nrk_[A-Za-z0-9_-]+", " ".join(shown)), key=len)
    assert api_key.key_hash == hash_key(key)
    assert key not in str(ApiKey.objects.values().get())
    assert api_key.prefix == key[: len(api_key.prefix)]
    change = admin_client.get(reverse("admin:api_apikey_change", args=[api_key.pk]))
    assert key not in change.content.decode()


def test_editing_a_key_keeps_it(admin_client):
    """Changing the rate or switching a key off never makes a new key."""
    api_key, key = create_api_key(name="app", partner="Mitra")
    admin_client.post(
        reverse("admin:api_apikey_change", args=[api_key.pk]),
        {"partner": "Mitra", "name": "app", "rate_per_minute": 5},
    )
    api_key.refresh_from_db()
    assert api_key.key_hash == hash_key(key)
    assert api_key.rate_per_minute == 5
    assert api_key.is_active is False


def test_editors_who_are_not_superusers_cannot_manage_keys(editor_client):
    """API keys are for the site's administrators only."""
    response = editor_client.get(reverse("admin:api_apikey_changelist"))
    assert response.status_code == 403


# --- Authentication ----------------------------------------------------------


def test_a_key_is_recognised_and_its_use_recorded(client):
    """A valid key answers 200 and sets ``last_used_at``."""
    make_article()
    api_key, key = create_api_key(name="app", partner="Mitra")
    assert client.get(URL, headers={HEADER: key}).status_code == 200
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None
    assert timezone.now() - api_key.last_used_at < timezone.timedelta(minutes=1)


@pytest.mark.parametrize("kind", ["unknown", "inactive"])
def test_unknown_or_inactive_keys_are_refused(client, kind):
    """A wrong or switched-off key answers 401 instead of being served anonymously."""
    api_key, key = create_api_key(name="app", partner="Mitra")
    if kind == "inactive":
        ApiKey.objects.filter(pk=api_key.pk).update(is_active=False)
    else:
        key = "nrk_not-a-key"
    response = client.get(URL, headers={HEADER: key})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unknown or inactive API key."}
    assert "X-API-Key" in response["WWW-Authenticate"]


# --- Rate limits --------------------------------------------------------------


def test_anonymous_clients_are_limited_per_address(client, settings):
    """Past API_ANON_RATE an address gets 429 with Retry-After; another address does not."""
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get(URL).status_code == 200
    refused = client.get(URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"]
    assert client.get(URL, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_behind_a_proxy_the_configured_header_names_the_client(client, settings):
    """With RATELIMIT_IP_META_KEY, clients behind one proxy are counted apart."""
    settings.API_ANON_RATE = "1/minute"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    assert client.get(URL, HTTP_X_REAL_IP="203.0.113.1").status_code == 200
    assert client.get(URL, HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.get(URL, HTTP_X_REAL_IP="203.0.113.2").status_code == 200


def test_a_partner_key_gets_its_own_higher_limit(client, settings):
    """A keyed client is counted per key, at the key's rate, not the anonymous one."""
    settings.API_ANON_RATE = "1/minute"
    _, key = create_api_key(name="app", partner="Mitra", rate_per_minute=4)
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 429
    for _ in range(4):
        assert client.get(URL, headers={HEADER: key}).status_code == 200
    assert client.get(URL, headers={HEADER: key}).status_code == 429


def test_an_empty_anonymous_rate_switches_the_limit_off(client, settings):
    """API_ANON_RATE="" means no anonymous limit (e.g. behind a CDN that limits)."""
    settings.API_ANON_RATE = None
    for _ in range(5):
        assert client.get(URL).status_code == 200


# --- CORS ------------------------------------------------------------------------


def test_cors_is_off_by_default(client):
    """Without API_CORS_ORIGINS no origin is allowed and nothing varies on Origin."""
    response = client.get(URL, headers={"origin": "https://app.example.com"})
    assert "Access-Control-Allow-Origin" not in response
    assert "Vary" not in response


def test_cors_allows_only_the_configured_origins(client, settings):
    """A configured origin may read the API from a browser; others may not."""
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    settings.CORS_URLS_REGEX = r"^/api/"
    allowed = client.get(URL, headers={"origin": "https://app.example.com"})
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get(URL, headers={"origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        URL,
        headers={
            "origin": "https://app.example.com",
            "access-control-request-method": "GET",
            "access-control-request-headers": "x-api-key",
        },
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    page = client.get("/", headers={"origin": "https://app.example.com"})
    assert "Access-Control-Allow-Origin" not in page


def test_a_malformed_anonymous_rate_stops_the_process():
    """API_ANON_RATE that DRF could not read is refused at start, not at the first request."""
    from tests.test_settings import run_check

    result = run_check(API_ANON_RATE="lots")
    assert result.returncode != 0
    assert "API_ANON_RATE" in result.stderr

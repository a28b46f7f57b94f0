"""Partners' API keys: making them, and recognising them on a request.

A key is sent in the ``X-API-Key`` header. It is a random string shown once,
when it is made; only its SHA-256 hash is stored (a key has 256 bits of
entropy, so a fast hash is enough: nothing can be guessed from it).
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiKey

HEADER = "X-API-Key"
KEY_PREFIX = "nrk_"
# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def new_key() -> str:
    """A fresh random key (its first characters name it in the admin)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The stored form of ``key``."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def assign_new_key(api_key: ApiKey) -> str:
    """Give ``api_key`` (not saved yet, or being replaced) a new key; return it.

    The caller saves the row and shows the returned key once: it is not
    stored anywhere.
    """
    key = new_key()
    api_key.key_hash = hash_key(key)
    api_key.prefix = key[: len(KEY_PREFIX) + 6]
    return key


def create_api_key(**fields) -> tuple[ApiKey, str]:
    """A saved ``ApiKey`` with ``fields``, and its key (shown once)."""
    api_key = ApiKey(**fields)
    key = assign_new_key(api_key)
    api_key.save()
    return api_key, key


def key_for(raw: str) -> ApiKey | None:
    """The active ``ApiKey`` whose key is ``raw``, or None."""
    return ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()


def mark_used(api_key: ApiKey) -> None:
    """Record that ``api_key`` was used now (at most once a minute)."""
    now = timezone.now()
    last = api_key.last_used_at
    if last is None or now - last >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


class ApiKeyAuthentication(BaseAuthentication):
    """``request.auth`` is the partner's ``ApiKey``; without the header, None.

    A key that is unknown or switched off is refused (401), rather than
    served at the anonymous rate, so a partner notices at once.
    """

    def authenticate(self, request):
        raw = request.headers.get(HEADER, "").strip()
        if not raw:
            return None
        api_key = key_for(raw)
        if api_key is None:
            raise AuthenticationFailed("Unknown or inactive API key.")
        mark_used(api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return f'ApiKey header="{HEADER}"'

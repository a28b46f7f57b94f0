"""Failed-login limits for every login form: the portal's and the admin's.

Only failures count; a successful login counts nothing. The policy (README,
"Security"):

- one address guessing one account: after ``PAIR_LIMIT`` failures in
  ``WINDOW`` seconds that address waits for that account;
- one address guessing many accounts: after ``ADDRESS_LIMIT`` failures in the
  window it waits for all of them (generous: a newsroom office behind one NAT
  shares an address, and its people rarely mistype fifty times in a quarter
  of an hour);
- many addresses guessing one account: after ``ACCOUNT_LIMIT`` failures in
  the window the account is closed only to addresses that have themselves
  failed on it, so its owner, typing the right password from an address that
  has not been failing, still logs in.

A refused attempt never checks the password (no hash work for a guesser) and
the form says how many seconds to wait. Counts are fixed windows in the
default cache (Redis in production, so all workers share them). Usernames are
compared as login compares them after NFKC and case folding, so look-alike
spellings ("ｓａｒｉ") share a counter.
"""

import hashlib
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_header

WINDOW = 15 * 60
PAIR_LIMIT = 5
ADDRESS_LIMIT = 50
ACCOUNT_LIMIT = 20


def client_address(request) -> str:
    """The client's address as django-ratelimit reads it (RATELIMIT_IP_META_KEY)."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if meta_key:
        return get_header(request, meta_key).split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def normalised(username: str) -> str:
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def wait_seconds(request, username: str) -> int:
    """Seconds this address must wait before trying ``username`` again (0: go on)."""
    address, account = client_address(request), normalised(username)
    counts = _counts(address, account)
    if counts["address"] >= ADDRESS_LIMIT or counts["pair"] >= PAIR_LIMIT:
        return _seconds_left()
    if account and counts["account"] >= ACCOUNT_LIMIT and counts["pair"] > 0:
        return _seconds_left()
    return 0


def record_failure(request, username: str) -> None:
    """Count one failed login of ``username`` from this request's address."""
    address, account = client_address(request), normalised(username)
    for key in _keys(address, account).values():
        if key is None:
            continue
        # add() then incr(): atomic on Redis; the TTL ends the window.
        cache.add(key, 0, timeout=WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=WINDOW)


def _counts(address: str, account: str) -> dict[str, int]:
    keys = _keys(address, account)
    found = cache.get_many([key for key in keys.values() if key])
    return {name: found.get(key, 0) if key else 0 for name, key in keys.items()}


def _keys(address: str, account: str) -> dict[str, str | None]:
    window = int(time.time()) // WINDOW

    def key(*parts: str) -> str:
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
        return f"login-failures:{window}:{digest}"

    return {
        "address": key("address", address),
        "pair": key("pair", address, account) if account else None,
        "account": key("account", account) if account else None,
    }


def _seconds_left() -> int:
    return WINDOW - int(time.time()) % WINDOW


class LoginLimitsMixin:
    """An authentication form that counts failures and refuses a guesser.

    Used by the portal's and the admin's login forms alike; the policy is in
    this module. A refused attempt checks no password at all.
    """

    too_many_message = _("Too many failed attempts. Try again in %(seconds)d seconds.")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        wait = wait_seconds(self.request, username)
        if wait:
            raise ValidationError(
                self.too_many_message, code="too_many", params={"seconds": wait}
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "too_many":
                record_failure(self.request, username)
            raise

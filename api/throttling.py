"""Rate limits: anonymous clients per IP address, partners per API key.

Both count in the default cache (Redis in production, so every worker shares
the counts). Over the limit the API answers 429 with ``Retry-After``.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AnonymousThrottle(SimpleRateThrottle):
    """``API_ANON_RATE`` requests per client address for requests without a key.

    The address is ``REMOTE_ADDR``, or the header named by
    ``RATELIMIT_IP_META_KEY`` behind a proxy (as for the site's other limits).
    An empty ``API_ANON_RATE`` switches the limit off.
    """

    scope = "api-anon"

    def get_rate(self):
        return settings.API_ANON_RATE or None

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class ApiKeyThrottle(SimpleRateThrottle):
    """The key's own ``rate_per_minute`` for requests with an API key."""

    scope = "api-key"

    def __init__(self):
        # The rate is the key's, known only once the request is authenticated.
        self.rate = None

    def allow_request(self, request, view):
        if request.auth is None:
            return True
        self.rate = f"{request.auth.rate_per_minute}/minute"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


def client_ip(request) -> str:
    """The client's address: ``RATELIMIT_IP_META_KEY``'s header, else REMOTE_ADDR."""
    meta_key = settings.RATELIMIT_IP_META_KEY
    value = request.META.get(meta_key, "") if meta_key else ""
    value = value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return value or "unknown"

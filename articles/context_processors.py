"""Site-wide values every template may use."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .fragments import nav_categories


@functools.lru_cache(maxsize=16)
def _site_links(language: str, script_prefix: str) -> dict[str, str]:
    # The same on every page of a language: reversed once, not per page.
    return {
        "home": reverse("articles:home"),
        "search": reverse("articles:search"),
        "rss": reverse("articles:feed", args=["rss"]),
        "atom": reverse("articles:feed", args=["atom"]),
    }


def site_links() -> dict[str, str]:
    """Links of the page chrome (front page, search, the site's feeds) in the
    current language; pages rendered without context processors (500, 503)
    pass them themselves."""
    return _site_links(translation.get_language(), get_script_prefix())


def site(request):
    return {
        "site_links": site_links(),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "app_promo_enabled": settings.APP_PROMO_ENABLED,
        "app_promo_url": settings.APP_PROMO_URL,
        "writer_signup_enabled": settings.WRITER_SIGNUP_ENABLED,
        # Lazy: only templates that show the menu read it, from the cache
        # (one query after a category changes).
        "nav_categories": SimpleLazyObject(nav_categories),
    }

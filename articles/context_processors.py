"""Site-wide values every template may use."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .fragments import nav_categories


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "app_promo_enabled": settings.APP_PROMO_ENABLED,
        "app_promo_url": settings.APP_PROMO_URL,
        "writer_signup_enabled": settings.WRITER_SIGNUP_ENABLED,
        # Lazy: only templates that show the menu read it, from the cache
        # (one query after a category changes).
        "nav_categories": SimpleLazyObject(nav_categories),
    }

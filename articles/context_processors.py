"""Site-wide values every template may use."""

from django.conf import settings

from .models import Category


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "app_promo_enabled": settings.APP_PROMO_ENABLED,
        "app_promo_url": settings.APP_PROMO_URL,
        "writer_signup_enabled": settings.WRITER_SIGNUP_ENABLED,
        # Lazy: evaluated (one query) only by templates that show the menu.
        "nav_categories": Category.objects.all(),
    }

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from api.errors import not_found as api_not_found
from newsroom.health import healthz, readyz


class FaviconRedirect(RedirectView):
    """/favicon.ico, which browsers and crawlers ask for, is the static icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static_url("img/favicon.ico")


# django-ckeditor's own URLs (its uploader/browser) are deliberately not
# included: that view is CSRF-exempt and stores uploads unchecked.
urlpatterns = [
    # Probes (newsroom/health.py): outside any language prefix, never cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", FaviconRedirect.as_view()),
    path("admin/", admin.site.urls),
    path("write/", include("editorial.portal.urls")),
    # The read-only JSON API (api/), outside any language prefix.
    path("api/v1/", include("api.urls")),
    re_path(r"^api/", api_not_found),
    # The portal's language switch posts to /i18n/setlang/ (a cookie); reader
    # pages switch by URL instead: /en/... is English, no prefix Indonesian.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("editorial.urls")),
    *i18n_patterns(path("", include("articles.urls")), prefix_default_language=False),
]

# The error page must render without the database or context processors.
handler500 = "articles.views.server_error"

# The benchmark's floor page (make bench); never mounted unless BENCH_FLOOR is on.
if settings.BENCH_FLOOR:
    from newsroom.bench_views import floor

    urlpatterns.insert(0, path("__bench__/floor/", floor, name="bench_floor"))

if settings.DEBUG:
    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
elif settings.LOCAL_SERVE and settings.MEDIA_URL.startswith("/"):
    # `make run` (DEBUG off on a laptop): uploaded media from MEDIA_ROOT.
    urlpatterns.insert(
        0,
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    )

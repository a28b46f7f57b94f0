"""Request plumbing for reader pages: their language comes from the URL only.

Reader pages live under ``i18n_patterns`` without a prefix for the default
language: ``/politik/slug/`` is Indonesian, ``/en/politik/slug/`` English.
Neither a cookie nor ``Accept-Language`` changes what a reader URL shows, so
the response varies on nothing and a shared cache or CDN may keep it. The
writer portal and the admin keep Django's usual choice (language cookie, then
``Accept-Language``), since they are never cached.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

READER_APP = "articles"


def is_reader_request(request) -> bool:
    """True once the URL resolved to a reader page (the ``articles`` URLs)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and READER_APP in match.app_names


class ReaderLocaleMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` where reader pages follow the URL prefix alone.

    URLs resolve in the language of their prefix (the default language without
    one, as ``i18n_patterns`` expects); once the view is known, pages outside
    the reader site switch to the visitor's cookie or ``Accept-Language``.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_reader_request(request):
            return None
        if translation.get_language_from_path(request.path_info) is None:
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if is_reader_request(request):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

"""Request plumbing for reader pages: their language comes from the URL only.

Reader pages live under ``i18n_patterns`` without a prefix for the default
language: ``/politik/slug/`` is Indonesian, ``/en/politik/slug/`` English.
Neither a cookie nor ``Accept-Language`` changes what a reader URL shows, so
the response varies on nothing and a shared cache or CDN may keep it. The
writer portal and the admin keep Django's usual choice (language cookie, then
``Accept-Language``), since they are never cached.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

from . import caching, page_cache

READER_APP = "articles"


def is_reader_request(request) -> bool:
    """True once the URL resolved to a reader page (the ``articles`` URLs)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and READER_APP in match.app_names


@functools.lru_cache(maxsize=4096)
def _may_be_reader_path(path_info: str) -> bool:
    """Whether ``path_info`` resolves to a reader page, before the view runs.

    Remembered per path (the URLconf does not change while the process runs),
    so the cache's hot path resolves no URL.
    """
    language = translation.get_language_from_path(path_info)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolve(path_info)
    except Resolver404:
        return False
    return READER_APP in match.app_names


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


class PageCacheMiddleware:
    """Serve and store anonymous reader pages (see ``articles.page_cache``).

    It sits outside CSP, sessions, CSRF and messages: a hit skips them all
    (their headers were stored with the page), and a response they gave a
    cookie or ``Vary: Cookie`` is never stored. A hit costs one cache round
    trip when this worker keeps its own copy of the page
    (``page_cache.local_copies``), two when the page comes from the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_be_reader_path(request.path_info):
            # Probes, the portal, the admin, static files: no page cache and
            # no cache or database work on their behalf.
            return self.get_response(request)
        if not settings.PAGE_CACHE or not page_cache.is_anonymous_request(request):
            # Fragments (articles.fragments.article_parts) are still kept.
            request.page_cache_generation = caching.generation(
                cache.get(caching.GENERATION)
            )
            response = self.get_response(request)
            if getattr(response, "page_cache_keys", None) is not None:
                response.setdefault("Cache-Control", "private, no-cache")
            return response
        entry_key = page_cache.entry_key(request)
        local = page_cache.local_copies.get(entry_key)
        wanted = [caching.SCHEDULE_KEY, caching.GENERATION]
        wanted += page_cache.version_names(local) if local else [entry_key]
        found = cache.get_many(wanted)
        next_at, epoch = caching.schedule(found.get(caching.SCHEDULE_KEY))
        if local is not None and page_cache.is_current(local, epoch, found):
            return self.replay(request, local, next_at)
        entry = cache.get(entry_key) if local is not None else found.get(entry_key)
        if entry is not None and entry["epoch"] == epoch:
            if caching.versions(entry["versions"]) == entry["versions"]:
                page_cache.local_copies.put(entry_key, entry)
                return self.replay(request, entry, next_at)
        page_cache.local_copies.discard(entry_key)
        generation = caching.generation(found.get(caching.GENERATION))
        request.page_cache_generation = generation
        return self.render(request, entry_key, next_at, epoch, generation)

    def replay(self, request, entry, next_at):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        # CommonMiddleware, which sets it on rendered pages, is skipped.
        response["Content-Length"] = str(len(entry["content"]))
        page_cache.public_headers(response, entry, next_at)
        return page_cache.conditional(request, response, entry)

    def render(self, request, entry_key, next_at, epoch, generation):
        response = self.get_response(request)
        keys = getattr(response, "page_cache_keys", None)
        if keys is None:
            return response
        if not page_cache.is_storable(response):
            response.setdefault("Cache-Control", "private, no-cache")
            return response
        entry = page_cache.make_entry(response, keys, epoch)
        # Stored only if nothing was purged while the page was rendered: a
        # purge in between may have come too late for what was read.
        if entry.pop("generation") == generation:
            cache.set(entry_key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            page_cache.local_copies.put(entry_key, entry)
        page_cache.public_headers(response, entry, next_at)
        return page_cache.conditional(request, response, entry)

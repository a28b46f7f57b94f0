"""API answers through the reader pages' cache: versions, validators, headers.

An API answer names what it shows with the reader pages' keys
(``articles.caching``: ``article-12``, ``list``...). It is kept in the same
cache as the pages, under its URL, and served while the versions of its keys
are unchanged, so publishing, unpublishing or editing anything it shows
renders it afresh on the next request, and a scheduled article appears when
its time comes. The page-cache middleware does not touch API URLs (they are
not reader pages), so nothing is cached twice.

Headers are the reader pages' (``articles.page_cache.public_headers``):
``Cache-Control: public, max-age=60, s-maxage=600,
stale-while-revalidate=60`` (never past the next scheduled publication), an
``ETag`` (hash of the body) and ``Last-Modified``, with ``304 Not Modified``
for a conditional request that matches, and ``Surrogate-Key``/``Cache-Tag``
for purging a CDN. With an API key the answer is the same, but
``Cache-Control: private, no-cache`` keeps it out of shared caches (a CDN
would otherwise serve partners without counting their requests).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date

from articles import caching, page_cache, renditions

from .renderers import render_json

CONTENT_TYPE = "application/json"
# An answer showing an image whose renditions are not made yet is kept this
# long only: making them changes no key (pages show the original meanwhile),
# and the API should list them soon after.
PROVISIONAL_SECONDS = 60


@dataclass
class Answer:
    """What a view built: its data, the keys of what it shows, and whether
    it waits for image renditions (``provisional``)."""

    data: object
    keys: list[str]
    provisional: bool = False


def waits_for_renditions(images) -> bool:
    """Whether any of ``images`` (None allowed) has a file but no renditions yet."""
    return any(
        image is not None and renditions.needs_renditions(image) for image in images
    )


def cached_json(
    request, build: Callable[[], Answer], *, private: bool = False
) -> HttpResponse:
    """The JSON answer to ``request``: from the cache while still current,
    else from ``build()`` (and then stored). ``private`` for a partner's."""
    request = getattr(request, "_request", request)  # DRF's Request wraps it
    entry_key = page_cache.entry_key(request)
    found = cache.get_many([entry_key, caching.SCHEDULE_KEY, caching.GENERATION])
    next_at, epoch = caching.schedule(found.get(caching.SCHEDULE_KEY))
    entry = found.get(entry_key) if settings.PAGE_CACHE else None
    if not _is_current(entry, epoch):
        generation = caching.generation(found.get(caching.GENERATION))
        answer = build()
        content = render_json(answer.data)
        entry = page_cache.make_entry(HttpResponse(content), answer.keys, epoch)
        timeout = settings.PAGE_CACHE_SECONDS
        if answer.provisional:
            timeout = min(timeout, PROVISIONAL_SECONDS)
        # Stored only if nothing was purged while it was built (as pages).
        if entry.pop("generation") == generation and settings.PAGE_CACHE:
            cache.set(entry_key, entry, timeout=timeout)
    return _respond(request, entry, next_at, private)


def _is_current(entry, epoch) -> bool:
    return (
        entry is not None
        and entry["epoch"] == epoch
        and caching.versions(entry["versions"]) == entry["versions"]
    )


def _respond(request, entry, next_at, private: bool) -> HttpResponse:
    response = HttpResponse(entry["content"], content_type=CONTENT_TYPE)
    if private:
        response["Cache-Control"] = "private, no-cache"
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
    else:
        page_cache.public_headers(response, entry, next_at)
    return page_cache.conditional(request, response, entry)

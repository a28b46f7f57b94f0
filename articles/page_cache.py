"""Whole reader pages for anonymous readers: stored entries and their headers.

A reader view marks its response as cacheable (``reader_page``,
``tag_response``) with the keys of what it shows (``articles.caching``);
``articles.middleware.PageCacheMiddleware`` stores and replays it.

Only anonymous ``GET``/``HEAD`` requests are served from or stored in the
cache: a request carrying a session or messages cookie bypasses it, and a
response that sets a cookie, varies on ``Cookie``, is not a 200, or says
``private``/``no-store`` (previews) is never stored.

Headers
-------
Anonymous reader pages get ``Cache-Control: public, max-age=<PAGE_CACHE_MAX_AGE>,
s-maxage=<PAGE_CACHE_S_MAXAGE>, stale-while-revalidate=<...>``, an ``ETag``
(hash of the body) and ``Last-Modified`` (render time); a conditional ``GET``
that matches is answered ``304 Not Modified``. ``Surrogate-Key`` (space
separated, Fastly) and ``Cache-Tag`` (comma separated, Cloudflare) carry the
page's keys. Reader pages for a logged-in visitor get ``Cache-Control:
private, no-cache``.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from .caching import (
    GENERATION,
    PREFIX,
    list_page_keys,
    now_timestamp,
    settings_fingerprint,
    version_key,
    versions,
)

# Headers worked out afresh for every answer from the cache; all others that
# the page had when it was stored (type, language, CSP, frame options...) are
# replayed as they were.
PER_ANSWER_HEADERS = {
    "cache-control",
    "content-length",
    "etag",
    "expires",
    "last-modified",
    "surrogate-key",
    "cache-tag",
}


# --- Marking reader responses --------------------------------------------------


def tag_response(response, keys: Iterable[str]):
    """Mark ``response`` as a cacheable reader page showing ``keys``."""
    response.page_cache_keys = list(keys)
    return response


def reader_page(keys: Callable | None = None):
    """Decorate a reader view: its responses may be cached for anonymous readers.

    ``keys(request, response, **kwargs)`` names what the page shows when the
    view did not call ``tag_response`` itself; without it the page carries
    the list keys of the view's template context (see ``keys_from_context``).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if getattr(response, "page_cache_keys", None) is None:
                finder = keys or keys_from_context
                tag_response(response, finder(request, response, **kwargs))
            return response

        return wrapped

    return decorator


def keys_from_context(request, response, **kwargs) -> list[str]:
    """List keys of a ``TemplateResponse`` of a list view: its category, tag
    or author and the articles on the page."""
    context = getattr(response, "context_data", None) or {}
    view = context.get("view")
    own = []
    for name in ("category", "tag", "author"):
        obj = getattr(view, name, None)
        if obj is not None:
            own.append(f"{name}-{obj.pk}")
    page = context.get("page_obj")
    articles = page.object_list if page is not None else ()
    return list_page_keys(*own, articles=articles)


# --- The page cache ------------------------------------------------------------


def is_anonymous_request(request) -> bool:
    """A GET/HEAD without session or messages cookie: may use the page cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies
    )


def entry_key(request) -> str:
    """Where the page for ``request`` (scheme, host, path and query) is stored."""
    raw = "|".join(
        (
            "https" if request.is_secure() else "http",
            request.META.get("HTTP_HOST", ""),
            request.get_full_path(),
            settings_fingerprint(),
        )
    )
    return f"{PREFIX}:page:" + hashlib.md5(raw.encode()).hexdigest()


def is_storable(response) -> bool:
    """A complete 200 that sets no cookie, varies not on it, and is not private."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def make_entry(response, keys, epoch) -> dict:
    """What is stored for a page: body, headers, validators, key versions.

    ``generation`` (popped before storing) is the purge generation read with
    the versions.
    """
    current = versions(keys)
    generation = cache.get(GENERATION)
    return {
        "epoch": epoch,
        "versions": current,
        "generation": generation,
        "content": response.content,
        "headers": {
            name: value
            for name, value in response.items()
            if name.lower() not in PER_ANSWER_HEADERS
        },
        "etag": f'"{hashlib.md5(response.content).hexdigest()}"',
        "last_modified": int(now_timestamp()),
    }


def conditional(request, response, entry):
    """``response``, or a 304 when the request's ``If-None-Match`` or
    ``If-Modified-Since`` matches the stored ``entry``."""
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=entry["last_modified"],
        response=response,
    )


def public_headers(response, entry, next_at) -> None:
    """``Cache-Control``, validators and surrogate keys of an anonymous page."""
    max_age = settings.PAGE_CACHE_MAX_AGE
    s_maxage = settings.PAGE_CACHE_S_MAXAGE
    until_next = next_at - now_timestamp()
    if until_next < s_maxage:
        # A scheduled article goes live then: no cache may keep the page past it.
        s_maxage = max(0, int(until_next))
        max_age = min(max_age, s_maxage)
    response["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
    )
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    keys = list(entry["versions"])
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


# --- Copies kept by each worker process ----------------------------------------


class LocalCopies:
    """The worker's own copies of recently served entries, newest last.

    A copy is served only when the versions of its keys, read from the shared
    cache on this very request, are still the ones it was stored with, so it
    is exactly as fresh as the shared entry; keeping it saves fetching and
    unpickling the page on every hit: a hit costs one round trip of a few
    short version strings. ``PAGE_CACHE_LOCAL_ENTRIES`` bounds the number.
    """

    def __init__(self):
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        limit = settings.PAGE_CACHE_LOCAL_ENTRIES
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)

    def discard(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local_copies = LocalCopies()


def version_names(entry: dict) -> list[str]:
    """The cache names of the versions ``entry`` was stored with."""
    return [version_key(key) for key in entry["versions"]]


def is_current(entry: dict, epoch: str, found: dict) -> bool:
    """Whether ``entry`` is still valid, given the versions ``found`` in the
    cache (by ``version_names``) and the schedule's ``epoch``."""
    if entry["epoch"] != epoch:
        return False
    return all(
        found.get(version_key(key)) == value for key, value in entry["versions"].items()
    )

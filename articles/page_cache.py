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
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import has_vary_header
from django.utils.http import http_date

from .caching import (
    GENERATION,
    PREFIX,
    list_page_keys,
    now_timestamp,
    settings_fingerprint,
    versions,
)

# Headers of a stored page that are replayed with it.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "X-Frame-Options")


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
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "etag": f'"{hashlib.md5(response.content).hexdigest()}"',
        "last_modified": int(now_timestamp()),
    }


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

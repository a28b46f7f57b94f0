"""Absolute links to the public site, always on ``SITE_URL``.

Pages, feeds, sitemaps, structured data and emails all point readers here,
never to the Host header of the request that happened to build them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path`` on the public site; a URL that is already absolute is kept.

    Media or static files on a CDN may already be absolute ("https://..."), or
    scheme-relative ("//cdn.example.org/..."), which takes the site's scheme.
    """
    parts = urlsplit(path)
    if parts.scheme:
        return path
    if parts.netloc:
        return site_scheme() + ":" + path
    return settings.SITE_URL + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    """``reverse(viewname, ...)`` as an absolute URL on the public site."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


def site_scheme() -> str:
    """ "https" or "http", as ``SITE_URL`` says."""
    return urlsplit(settings.SITE_URL).scheme


def site_domain() -> str:
    """Everything of ``SITE_URL`` after the scheme (host, port, path prefix)."""
    return settings.SITE_URL.split("://", 1)[1]

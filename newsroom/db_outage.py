"""A friendly 503 while the database cannot be reached, and no log storm.

While PostgreSQL restarts, every request that touches it fails. Instead of a
500 page and a traceback per request, readers get the site's "back in a
moment" page with ``Retry-After``, and the log gets one line per outage
(and one when requests succeed again). ``CONN_HEALTH_CHECKS`` (settings)
makes the next request after the restart open a fresh connection, so the
site recovers by itself.
"""

import logging
import threading

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from articles.context_processors import site_links

logger = logging.getLogger("newsroom.database")

RETRY_AFTER_SECONDS = 30
_outage = threading.Event()


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached (not a bad query)."""
    return isinstance(error, (OperationalError, InterfaceError))


def unavailable_response() -> HttpResponse:
    """The 503 page, rendered without the database or context processors."""
    page = loader.get_template("503.html").render(
        {"site_name": settings.SITE_NAME, "site_links": site_links()}
    )
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once per outage by the middleware, not once per request by Django.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """Turn "database unreachable" errors of views into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _outage.is_set() and response.status_code < 500:
            _outage.clear()
            logger.warning("Database reachable again")
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        if not _outage.is_set():
            _outage.set()
            logger.error(
                "Database unreachable (%s): answering 503 until it returns",
                type(exception).__name__,
            )
        return unavailable_response()

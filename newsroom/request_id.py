"""One id per request, carried by every log line written while it is handled.

The proxy's ``X-Request-ID`` is kept when it looks like an id (short, safe
characters), so a line in nginx's log and a line in ours can be matched;
otherwise a new one is made. The id lives in a context variable, so code that
runs later on behalf of the request (a task) can carry it too::

    with request_id_context(payload["request_id"]):
        do_the_work()
"""

import contextlib
import contextvars
import logging
import re
import uuid
from collections.abc import Iterator

from django.utils.log import log_response

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


def current_request_id() -> str | None:
    """Return the id of the request (or task) being handled, or None outside one."""
    return _request_id.get()


def new_request_id() -> str:
    """Return a fresh random id (32 hex characters)."""
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str | None:
    """Return ``value`` when it is a short id of safe characters, else None."""
    if value and _SAFE_ID.match(value):
        return value
    return None


@contextlib.contextmanager
def request_id_context(value: str | None = None) -> Iterator[str]:
    """Set the current request id (a new one when ``value`` is not a safe id)."""
    request_id = clean_request_id(value) or new_request_id()
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


class RequestIDMiddleware:
    """Take the proxy's X-Request-ID (or make one) and echo it on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_id_context(request.headers.get(HEADER)) as request_id:
            request.request_id = request_id
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django writes its "Not Found: /path" line after the whole
                # middleware chain, outside this context; write it here, with
                # the id (log_response marks it, so Django does not repeat it).
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        response[HEADER] = request_id
        return response


class RequestIDFilter(logging.Filter):
    """Add ``record.request_id`` ("-" outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True

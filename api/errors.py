"""Error bodies: always ``{"detail": "..."}``, plus ``errors`` per parameter."""

from django.http import Http404, HttpResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .renderers import render_json

NOT_FOUND = "Not found."


def exception_handler(exc, context):
    """DRF's handler, with one shape for every error and one 404 message."""
    if isinstance(exc, (Http404, exceptions.NotFound)):
        # The same answer for a missing and an unpublished article.
        exc = exceptions.NotFound(NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        response.data = {"detail": "Invalid query parameters.", "errors": errors}
    return response


def not_found(request, *args, **kwargs):
    """Any other path under /api/: the same JSON 404 as a missing article."""
    return HttpResponse(
        render_json({"detail": NOT_FOUND}), status=404, content_type="application/json"
    )

"""Cursor pagination: pages that stay right while articles are published.

A list is walked in a fixed order on unique keys (articles: newest
``published_at`` first, then highest id). The cursor holds the keys of the
last item of the page, so the next page is "the items after these keys": one
indexed range query, never an OFFSET, and an article published meanwhile
appears at the top of the first page instead of shifting every later page.
Cursors are opaque (base64 of JSON); a damaged one answers 400.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import replace_query_param

from articles.links import absolute_url

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
LARGEST_KEY = 2**63 - 1
INVALID_CURSOR = "Invalid cursor: use the `next` URL of the previous page."


class PageParameters(serializers.Serializer):
    """The query parameters of every list."""

    page_size = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=DEFAULT_PAGE_SIZE,
        help_text=f"Items per page, 1 to {MAX_PAGE_SIZE} (default "
        f"{DEFAULT_PAGE_SIZE}); other values answer 400.",
    )
    cursor = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="Where the page starts: taken from the previous page's `next`.",
    )


@dataclass
class Page:
    items: list
    next_url: str | None


def paginate(queryset: QuerySet, ordering: tuple[str, ...], request, params) -> Page:
    """The page of ``queryset`` (ordered by ``ordering``) that ``params`` ask for.

    ``ordering`` names unique-together fields, all ascending or all
    descending ("-" prefix). One query: it reads one item more than the page
    to know whether there is a next page.
    """
    fields = [name.lstrip("-") for name in ordering]
    descending = ordering[0].startswith("-")
    size = params["page_size"]
    rows = queryset.order_by(*ordering)
    cursor = params.get("cursor")
    if cursor:
        values = decode_cursor(cursor, queryset.model, fields)
        rows = rows.filter(_after(fields, values, descending))
    items = list(rows[: size + 1])
    next_url = None
    if len(items) > size:
        items = items[:size]
        token = encode_cursor([getattr(items[-1], name) for name in fields])
        next_url = absolute_url(
            replace_query_param(request.get_full_path(), "cursor", token)
        )
    return Page(items, next_url)


def _after(fields: list[str], values: list, descending: bool) -> Q:
    """Rows after ``values`` in the order of ``fields``.

    ``(a < x) OR (a = x AND b < y)``, plus ``a <= x`` on its own, so the
    database walks the index from the cursor instead of filtering the OR.
    """
    beyond = "lt" if descending else "gt"
    condition = Q()
    for i, name in enumerate(fields):
        step = Q(**dict(zip(fields[:i], values[:i], strict=True)))
        condition |= step & Q(**{f"{name}__{beyond}": values[i]})
    if len(fields) > 1:
        condition &= Q(**{f"{fields[0]}__{beyond}e": values[0]})
    return condition


def encode_cursor(values: list) -> str:
    data = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, model, fields: list[str]) -> list:
    """The key values in ``cursor``, as Python values of ``fields``; 400 if damaged."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        if not isinstance(data, list) or len(data) != len(fields):
            raise ValueError
        values = []
        for name, value in zip(fields, data, strict=True):
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ValueError
            value = model._meta.get_field(name).to_python(value)
            if not _is_sane(value):
                raise ValueError
            values.append(value)
    except (ValueError, TypeError, binascii.Error, DjangoValidationError):
        raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
    return values


def _is_sane(value) -> bool:
    """A key value the database can compare: bounded ints, aware datetimes, no NUL."""
    if isinstance(value, int):
        return abs(value) <= LARGEST_KEY
    if isinstance(value, datetime):
        return value.tzinfo is not None
    return isinstance(value, str) and "\x00" not in value

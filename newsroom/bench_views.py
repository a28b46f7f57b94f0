"""The benchmark's floor: the cheapest page this Django project can serve.

``make bench`` reports every reader page as a ratio to this view, served by the
same gunicorn workers in the same run, so the figures say what the page costs
on top of URL resolution, the middleware stack and the WSGI round trip. It is
mounted only when the ``BENCH_FLOOR`` setting is true (see ``newsroom.urls``),
so production never has it.
"""

from django.http import HttpResponse

# About the size of the demo flagship article page, so both responses cost the
# same to send; the benchmark reports bytes per response to check it.
FLOOR_PAGE_BYTES = 14 * 1024

_HEAD = b'<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
_HEAD += b"<title>Benchmark floor</title></head><body>\n<p>"
_TAIL = b"</p>\n</body></html>\n"
FLOOR_PAGE = _HEAD + b"x" * (FLOOR_PAGE_BYTES - len(_HEAD) - len(_TAIL)) + _TAIL


def floor(request):
    """Constant bytes, built once at import: no template, no query, no cache."""
    return HttpResponse(FLOOR_PAGE, content_type="text/html; charset=utf-8")

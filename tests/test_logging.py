"""Logs: one line per event, JSON in production, and the request id on each line."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.request_id import (
    RequestIDFilter,
    RequestIDMiddleware,
    current_request_id,
    request_id_context,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SNIPPET = """
import logging, django
django.setup()
from newsroom.request_id import request_id_context
with request_id_context("req-123"):
    logging.getLogger("django.request").warning("Not Found: /nothing")
    logging.getLogger("editorial.workflow").warning("an app warning")
logging.getLogger("django").info("below the level")
"""


def run_snippet(**env):
    """Run SNIPPET with Django set up in a fresh process; return its stderr lines."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "LOG_FORMAT", "LOG_LEVEL", "SENTRY_DSN"}
    }
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_each_warning_is_written_once_in_development():
    """A warning from Django's logger and one from an app logger: one text line each."""
    lines = run_snippet(DEBUG="True")
    assert len(lines) == 2, lines
    assert "WARNING django.request [req-123] Not Found: /nothing" in lines[0]
    assert "WARNING editorial.workflow [req-123] an app warning" in lines[1]


def test_production_writes_one_json_line_per_event():
    """With DEBUG off each event is one JSON object with the documented keys."""
    lines = run_snippet(
        DEBUG="False",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="news.example.org",
    )
    assert len(lines) == 2, lines
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"timestamp", "level", "logger", "message", "request_id"}
    assert first["logger"] == "django.request"
    assert first["level"] == "WARNING"
    assert first["message"] == "Not Found: /nothing"
    assert first["request_id"] == "req-123"
    assert second["logger"] == "editorial.workflow"


def test_log_format_json_can_be_chosen_while_debugging():
    """LOG_FORMAT=json gives JSON lines on a laptop too."""
    lines = run_snippet(DEBUG="True", LOG_FORMAT="json")
    assert [json.loads(line)["request_id"] for line in lines] == ["req-123"] * 2


def test_an_exception_stays_on_one_json_line():
    """A traceback is a field of the one JSON line, not more lines."""
    from newsroom.logs import JSONFormatter

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]


def _middleware_answer(**headers):
    seen = {}

    def view(request):
        seen["id"] = current_request_id()
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers=headers)
    response = RequestIDMiddleware(view)(request)
    return seen["id"], response


def test_the_proxys_request_id_is_kept_and_echoed():
    """A safe X-Request-ID from the proxy is used during the request and returned."""
    seen, response = _middleware_answer(**{"X-Request-ID": "abc-123_DEF.4"})
    assert seen == "abc-123_DEF.4"
    assert response["X-Request-ID"] == "abc-123_DEF.4"
    assert current_request_id() is None


@pytest.mark.parametrize(
    "header", ["", "x" * 65, "id with spaces", "id\nInjected: 1", "<script>"]
)
def test_an_unsafe_or_missing_request_id_is_replaced(header):
    """Anything but a short id of safe characters gets a fresh id."""
    seen, response = _middleware_answer(**{"X-Request-ID": header})
    assert seen != header
    assert len(seen) == 32
    assert response["X-Request-ID"] == seen


def test_the_filter_adds_the_current_request_id():
    """Records get the current id, or "-" outside a request."""
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    RequestIDFilter().filter(record)
    assert record.request_id == "-"
    with request_id_context("task-7"):
        RequestIDFilter().filter(record)
    assert record.request_id == "task-7"


def test_responses_carry_a_request_id(client):
    """Every response says which request id its log lines carry."""
    response = client.get("/healthz", headers={"X-Request-ID": "lb-42"})
    assert response["X-Request-ID"] == "lb-42"


class _Capture(logging.Handler):
    """Records what the console handler would see: message and request id."""

    def __init__(self):
        super().__init__()
        self.addFilter(RequestIDFilter())
        self.lines = []

    def emit(self, record):
        self.lines.append((record.request_id, record.getMessage()))


@pytest.mark.django_db
def test_djangos_not_found_line_is_written_once_with_the_request_id(client):
    """Django's 404 warning is written inside the request, once, carrying the id."""
    capture = _Capture()
    logger = logging.getLogger("django.request")
    logger.addHandler(capture)
    try:
        response = client.get(
            "/no-such-page-at-all/", headers={"X-Request-ID": "lb-404"}, follow=True
        )
    finally:
        logger.removeHandler(capture)
    assert response.status_code == 404
    assert len(capture.lines) == 1
    request_id, message = capture.lines[0]
    assert request_id == "lb-404"
    assert message.startswith("Not Found: ") and "no-such-page-at-all" in message

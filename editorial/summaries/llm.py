"""The AI backend: an OpenAI-compatible chat-completions endpoint.

Works with Ollama, vLLM, llama.cpp's server and hosted services. Uses only
the standard library (``urllib.request``): one POST, a timeout, two retries
with a short backoff on timeouts, connection errors and 5xx (never on 4xx).
Logs carry the host, model, status, duration and sizes, never article text
or the key.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from editorial.summaries.errors import LLMError
from editorial.summaries.points import clean_point
from editorial.summaries.prompts import USER_LABELS, response_schema, system_prompt
from editorial.summaries.text import ArticleText

logger = logging.getLogger(__name__)

RETRY_BACKOFF = (0.5, 1.5)  # seconds before the first and second retry
TEMPERATURE = 0.2
MAX_INPUT_CHARS = 24_000  # keeps a long article inside a small model's context
MAX_RESPONSE_BYTES = 1_000_000
MIN_POINTS, MAX_POINTS = 2, 5
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)
_JSON_PART = re.compile(r"(\{.*\}|\[.*\])", re.DOTALL)


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to reach the AI service (from the SUMMARY_LLM_* settings)."""

    url: str
    model: str
    api_key: str = ""
    timeout: float = 20.0

    @property
    def host(self) -> str:
        """The endpoint's host (and port), never its path, query or credentials."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        try:
            port = parts.port
        except ValueError:
            port = None
        return f"{host}:{port}" if host and port else host


class _Retryable(Exception):
    def __init__(self, message: str, http_status: int | str) -> None:
        super().__init__(message)
        self.http_status = http_status


def summarise(text: ArticleText, config: LLMConfig, count: int = 3) -> list[str]:
    """``count`` key points from the AI service; raises ``LLMError`` on any failure."""
    if not config.url or not config.model:
        raise LLMError(_("The AI service is not configured."))
    body = json.dumps(request_body(text, config.model, count)).encode("utf-8")
    attempts = len(RETRY_BACKOFF) + 1
    for attempt in range(1, attempts + 1):
        try:
            content = _post(config, body, attempt)
        except _Retryable as error:
            if attempt == attempts:
                raise LLMError(str(error)) from None
            time.sleep(RETRY_BACKOFF[attempt - 1])
            continue
        return parse_points(content, count)
    raise LLMError(_("The AI service did not answer."))  # pragma: no cover


def request_body(text: ArticleText, model: str, count: int) -> dict:
    """The chat-completions request for ``count`` points in the article's language."""
    article = text.plain_text()[:MAX_INPUT_CHARS]
    return {
        "model": model,
        "messages": [
            {"role": "system", "content": system_prompt(text.language, count)},
            {"role": "user", "content": f"{USER_LABELS[text.language]}\n\n{article}"},
        ],
        "temperature": TEMPERATURE,
        "response_format": response_schema(count),
    }


def _post(config: LLMConfig, body: bytes, attempt: int) -> str:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(
        config.url.rstrip("/") + "/chat/completions",
        data=body,
        headers=headers,
        method="POST",
    )
    started = time.monotonic()
    status: int | str = "-"
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            status = response.status
            raw = response.read(MAX_RESPONSE_BYTES + 1)
            size = len(raw)
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
        if error.code >= 500:
            message = _("The AI service failed (HTTP %(status)s).")
            raise _Retryable(message % {"status": error.code}, status) from None
        raise LLMError(
            _("The AI service refused the request (HTTP %(status)s).")
            % {"status": error.code}
        ) from None
    except TimeoutError:
        status = "timeout"
        raise _Retryable(_("The AI service did not answer in time."), status) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            status = "timeout"
            raise _Retryable(
                _("The AI service did not answer in time."), status
            ) from None
        status = "unreachable"
        raise _Retryable(_("The AI service could not be reached."), status) from None
    except (OSError, http.client.HTTPException):
        status = "connection-error"
        raise _Retryable(_("The AI service could not be reached."), status) from None
    finally:
        logger.info(
            "summary llm request host=%s model=%s attempt=%d status=%s "
            "duration_ms=%d request_bytes=%d response_bytes=%d",
            config.host,
            config.model,
            attempt,
            status,
            (time.monotonic() - started) * 1000,
            len(body),
            size,
        )
    if size > MAX_RESPONSE_BYTES:
        raise LLMError(_("The AI service answered something too large."))
    return _message_content(raw)


def _message_content(raw: bytes) -> str:
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise _not_points() from None
    if not isinstance(content, str):
        raise _not_points()
    return content


def parse_points(content: str, count: int) -> list[str]:
    """Key points from the model's message: a JSON object with ``points`` or a list.

    Code fences and text around the JSON are tolerated; bullets and numbering
    are stripped, each point is cut to 200 characters, and there must be 2-5.
    """
    data = _load_json(content.strip())
    if isinstance(data, dict):
        data = data.get("points", data.get("key_points"))
    if not isinstance(data, list) or not all(isinstance(p, str) for p in data):
        raise _not_points()
    points = [point for point in (clean_point(p) for p in data) if point]
    points = points[: max(count, MIN_POINTS)]
    if not MIN_POINTS <= len(points) <= MAX_POINTS:
        raise _not_points()
    return points


def _load_json(content: str) -> object:
    content = _FENCE.sub("", content)
    try:
        return json.loads(content)
    except ValueError:
        pass
    match = _JSON_PART.search(content)
    if match:
        try:
            return json.loads(match.group(1))
        except ValueError:
            pass
    raise _not_points()


def _not_points() -> LLMError:
    return LLMError(
        _("The AI service answered something that is not a list of key points.")
    )

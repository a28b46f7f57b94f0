"""``suggest()``: key points for an article from the configured backend.

Settings (read through ``django.conf.settings``, defaults here):
``SUMMARY_BACKEND`` ("extractive", "llm" or "off"), ``SUMMARY_LLM_URL`` (base
URL ending in /v1), ``SUMMARY_LLM_MODEL``, ``SUMMARY_LLM_API_KEY`` and
``SUMMARY_LLM_TIMEOUT`` (seconds). When the AI service fails, the extractive
summariser answers and the ``Suggestion`` records the fallback.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from editorial.summaries import extractive, llm
from editorial.summaries.errors import LLMError, SummariesOff
from editorial.summaries.llm import LLMConfig
from editorial.summaries.prompts import PROMPT_VERSION
from editorial.summaries.text import ArticleText

logger = logging.getLogger(__name__)

EXTRACTIVE = "extractive"
LLM = "llm"
OFF = "off"
BACKENDS = (EXTRACTIVE, LLM)
MIN_COUNT, MAX_COUNT = 2, 5
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class Suggestion:
    """Proposed key points and where they came from (for the article's provenance).

    ``model``, ``endpoint_host`` and ``prompt_version`` describe what wrote the
    points: the extractive algorithm (no host, no prompt) or the LLM. After a
    fallback, ``fallback_from`` is "llm" and ``error`` says why, for people.
    """

    points: list[str]
    backend: str
    model: str
    endpoint_host: str
    prompt_version: str
    input_hash: str
    fallback_from: str = ""
    error: str = ""
    duration_ms: int = 0


def suggest(
    text: ArticleText, *, backend: str | None = None, count: int = 3
) -> Suggestion:
    """Propose ``count`` (2-5) key points for ``text``.

    ``backend`` overrides ``SUMMARY_BACKEND``; "off" in either raises
    ``SummariesOff`` and an unknown name ``ImproperlyConfigured``. Raises
    ``NotEnoughText`` when the article has fewer than two usable sentences.
    An LLM failure never raises: the extractive summariser answers and the
    result says so.
    """
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise ValueError(f"count must be {MIN_COUNT}-{MAX_COUNT}, not {count}")
    chosen = configured_backend() if backend is None else backend
    if configured_backend() == OFF or chosen == OFF:
        raise SummariesOff(_("Key-point suggestions are switched off on this site."))
    if chosen not in BACKENDS:
        raise ImproperlyConfigured(
            f"Unknown summary backend {chosen!r}: use extractive, llm or off."
        )
    started = time.monotonic()
    input_hash = text.input_hash()
    if chosen == LLM:
        config = llm_config()
        try:
            points = llm.summarise(text, config, count)
        except LLMError as error:
            logger.warning(
                "summary llm failed, extractive fallback host=%s model=%s",
                config.host,
                config.model,
            )
            return _extractive(text, count, input_hash, started, error=str(error))
        return Suggestion(
            points=points,
            backend=LLM,
            model=config.model,
            endpoint_host=config.host,
            prompt_version=PROMPT_VERSION,
            input_hash=input_hash,
            duration_ms=_elapsed_ms(started),
        )
    return _extractive(text, count, input_hash, started)


def configured_backend() -> str:
    """``SUMMARY_BACKEND``, lower case ("extractive" when unset)."""
    value = getattr(settings, "SUMMARY_BACKEND", EXTRACTIVE) or EXTRACTIVE
    return str(value).strip().lower()


def llm_config() -> LLMConfig:
    """The AI service's address, model, key and timeout from the settings."""
    return llm.LLMConfig(
        url=getattr(settings, "SUMMARY_LLM_URL", "") or "",
        model=getattr(settings, "SUMMARY_LLM_MODEL", "") or "",
        api_key=getattr(settings, "SUMMARY_LLM_API_KEY", "") or "",
        timeout=float(getattr(settings, "SUMMARY_LLM_TIMEOUT", DEFAULT_TIMEOUT)),
    )


def _extractive(
    text: ArticleText, count: int, input_hash: str, started: float, *, error: str = ""
) -> Suggestion:
    points = extractive.summarise(text, count)
    return Suggestion(
        points=points,
        backend=EXTRACTIVE,
        model=extractive.ALGORITHM,
        endpoint_host="",
        prompt_version="",
        input_hash=input_hash,
        fallback_from=LLM if error else "",
        error=error,
        duration_ms=_elapsed_ms(started),
    )


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)

"""The errors the summaries engine raises; each message is written for people."""


class SummaryError(Exception):
    """Base class: the engine could not propose key points."""


class SummariesOff(SummaryError):
    """Key-point suggestions are switched off (``SUMMARY_BACKEND=off``)."""


class NotEnoughText(SummaryError):
    """The article has fewer than two usable sentences to summarise."""


class LLMError(SummaryError):
    """The AI service failed; the caller falls back to the extractive summariser."""

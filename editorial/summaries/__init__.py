"""Key points an editor signs off: the engine that proposes them.

``suggest(ArticleText.from_article(article))`` returns a ``Suggestion``: 2-5
points from the offline extractive summariser (default) or an
OpenAI-compatible AI service, with the provenance the article records. No
models, no database writes: callers decide what to keep.
"""

from editorial.summaries.errors import (
    LLMError,
    NotEnoughText,
    SummariesOff,
    SummaryError,
)
from editorial.summaries.prompts import PROMPT_VERSION
from editorial.summaries.service import Suggestion, suggest
from editorial.summaries.text import ArticleText, SectionText

__all__ = [
    "PROMPT_VERSION",
    "ArticleText",
    "LLMError",
    "NotEnoughText",
    "SectionText",
    "Suggestion",
    "SummariesOff",
    "SummaryError",
    "suggest",
]

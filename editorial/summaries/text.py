"""What the engine summarises: an article's title, lead and sections, as text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from articles.sanitize import html_to_text

LANGUAGES = ("id", "en")

# Where one paragraph ends in stored rich text: a sentence never runs across it.
_PARAGRAPH_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|figcaption|td|th|tr|caption|div)>|<br\s*/?>",
    re.IGNORECASE,
)

_MARK = "\ue000"  # not whitespace, so html_to_text keeps it


@dataclass(frozen=True)
class SectionText:
    """One numbered section: its heading (plain text) and body (HTML)."""

    heading: str
    body: str


@dataclass(frozen=True)
class ArticleText:
    """The parts of an article that key points are drawn from.

    ``lead`` and section bodies are HTML (as stored); ``language`` is "id" or "en".
    """

    title: str
    lead: str = ""
    sections: tuple[SectionText, ...] = field(default_factory=tuple)
    language: str = "id"

    def __post_init__(self) -> None:
        sections = tuple(
            s if isinstance(s, SectionText) else SectionText(*s) for s in self.sections
        )
        object.__setattr__(self, "sections", sections)
        object.__setattr__(self, "language", normalise_language(self.language))

    @classmethod
    def from_article(cls, article: Any) -> ArticleText:
        """The text of an ``articles.models.Article``: title, lead, sections in order.

        The language is ``article.language`` when the model has one, else
        ``settings.LANGUAGE_CODE``.
        """
        language = getattr(article, "language", None) or getattr(
            settings, "LANGUAGE_CODE", "id"
        )
        return cls(
            title=article.title,
            lead=article.lead or "",
            sections=tuple(
                SectionText(s.heading, s.body or "") for s in article.sections.all()
            ),
            language=language,
        )

    def plain_text(self) -> str:
        """Title, lead and numbered sections as plain text, paragraphs apart."""
        blocks = [" ".join(self.title.split()), *paragraphs(self.lead)]
        for number, section in enumerate(self.sections, start=1):
            blocks.append(f"{number}. {' '.join(section.heading.split())}")
            blocks.extend(paragraphs(section.body))
        return unicodedata.normalize("NFC", "\n\n".join(b for b in blocks if b))

    def input_hash(self) -> str:
        """sha256 (hex) of the normalised plain text: same text, same hash."""
        return hashlib.sha256(self.plain_text().encode("utf-8")).hexdigest()


def normalise_language(code: str | None) -> str:
    """ "id" or "en" from a language code such as "en-us"; anything else is "id"."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else "id"


def paragraphs(html: str) -> list[str]:
    """The non-empty plain-text paragraphs of stored rich text, in order."""
    # One html_to_text call for the whole field (it is the slow part), with a
    # private-use character marking where each paragraph ended.
    marked = _PARAGRAPH_END.sub(
        lambda m: m.group(0) + _MARK, (html or "").replace(_MARK, "")
    )
    text = unicodedata.normalize("NFC", html_to_text(marked))
    return [" ".join(part.split()) for part in text.split(_MARK) if part.strip()]

"""Where an article's key points came from, as the API tells it.

The one place that maps the article's summary provenance to the API: today
the model has ``summary_is_ai``; ``summary_source`` (human, extractive, llm,
llm_edited) replaces it, and this reads either.
"""

from articles.models import display_name

HUMAN = "human"
SOURCES = ("human", "extractive", "llm", "llm_edited")
# Shown with machine-written points; in English, whatever the site's language.
AI_DISCLOSURE = "This summary was created using Artificial Intelligence (AI)"


def summary_source(article) -> str:
    """``summary_source`` when the model has it, else derived from ``summary_is_ai``."""
    source = getattr(article, "summary_source", None)
    if source:
        return str(source)
    return "llm" if getattr(article, "summary_is_ai", False) else HUMAN


def key_points_payload(article) -> dict:
    """The key points with their provenance and disclosure.

    ``checked_by`` is the display name of the editor who checked a
    machine-written summary (select ``summary_checked_by__profile`` with the
    article, so this costs no query).
    """
    source = summary_source(article)
    ai_assisted = source != HUMAN
    points = article.key_points if isinstance(article.key_points, list) else []
    checker = article.summary_checked_by if article.summary_checked_by_id else None
    return {
        "points": [str(point) for point in points],
        "source": source,
        "ai_assisted": ai_assisted,
        "checked_by": display_name(checker) if ai_assisted and checker else None,
        "disclosure": AI_DISCLOSURE if ai_assisted else None,
    }

"""Where an article's key points came from, as the API tells it.

The provenance, the disclosure text and the IPTC digital source type come
from ``articles.ai_disclosure``, the one place the article page, its JSON-LD
and the feeds take them from too. API answers are in English.
"""

from django.conf import settings
from django.utils import translation

from articles.ai_disclosure import disclosure, policy_url
from articles.links import absolute_url
from articles.models import SummarySource, display_name

SOURCES = tuple(SummarySource.values)


def key_points_payload(article) -> dict:
    """The key points with their provenance and disclosure.

    ``checked_by`` is the display name of the editor who checked a
    machine-made summary (select ``summary_checked_by__profile`` with the
    article, so this costs no query).
    """
    told = disclosure(article)
    source = str(article.summary_source)
    ai_assisted = source != SummarySource.HUMAN
    points = article.key_points if isinstance(article.key_points, list) else []
    checker = article.summary_checked_by if article.summary_checked_by_id else None
    return {
        "points": [str(point) for point in points],
        "source": source,
        "ai_assisted": ai_assisted,
        "checked_by": display_name(checker) if ai_assisted and checker else None,
        "disclosure": told.text if told else None,
        "digital_source_type": told.digital_source_type if told else None,
        "ai_policy_url": _policy_page() if told else None,
    }


def _policy_page() -> str:
    # Reader pages in the site's language, like every other URL the API gives.
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(policy_url())

"""What readers (and machines) are told about machine-made key points.

One place for the disclosure the key-points box shows, the ``ai-disclosure``
meta tag, the JSON-LD ``hasPart`` and the feeds carry, and the JSON API can
reuse: ``disclosure(article)`` returns ``None`` for points a person wrote.

``digitalSourceType`` values are IPTC NewsCodes
(http://cv.iptc.org/newscodes/digitalsourcetype/): an LLM's points are
``trainedAlgorithmicMedia``, an LLM's points a person edited
``compositeWithTrainedAlgorithmicMedia``, sentences picked by the extractive
algorithm (no trained model) ``algorithmicMedia``.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy

from .models import SummarySource

IPTC_DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
DIGITAL_SOURCE_TYPES = {
    SummarySource.LLM: IPTC_DIGITAL_SOURCE_TYPE + "trainedAlgorithmicMedia",
    SummarySource.LLM_EDITED: IPTC_DIGITAL_SOURCE_TYPE
    + "compositeWithTrainedAlgorithmicMedia",
    SummarySource.EXTRACTIVE: IPTC_DIGITAL_SOURCE_TYPE + "algorithmicMedia",
}
# The box's first line; the same msgid as before summary_source existed.
DISCLAIMER = gettext_lazy(
    "Disclaimer: This summary was created using Artificial Intelligence (AI)"
)
HOW_MADE = {
    SummarySource.LLM: gettext_lazy(
        "The key points were written by an AI language model (LLM)."
    ),
    SummarySource.LLM_EDITED: gettext_lazy(
        "The key points were written by an AI language model (LLM) and "
        "edited by a person."
    ),
    SummarySource.EXTRACTIVE: gettext_lazy(
        "The key points are sentences picked from the article by automatic extraction."
    ),
}
CHECKED = gettext_lazy("Our editorial team checked them against the article.")


@dataclass(frozen=True)
class Disclosure:
    """How an article's key points were made, for readers and machines."""

    source: str
    digital_source_type: str
    disclaimer: str
    how_made: str
    checked: str  # "" until an editor confirmed the check

    @property
    def text(self) -> str:
        """The disclosure as one plain sentence group (meta tag, feeds, API)."""
        parts = (self.disclaimer, self.how_made, self.checked)
        # The disclaimer keeps the wording readers know, without a full stop.
        return " ".join(
            p if p.endswith((".", "!", "?")) else f"{p}." for p in parts if p
        )


def digital_source_type(article) -> str | None:
    """The IPTC digital source type URI of the key points (None: a person's)."""
    return DIGITAL_SOURCE_TYPES.get(getattr(article, "summary_source", None))


def disclosure(article) -> Disclosure | None:
    """What to tell about ``article``'s key points; None for a person's or none."""
    source_type = digital_source_type(article)
    if source_type is None or not article.key_points:
        return None
    checked = article.summary_checked_by_id is not None
    return Disclosure(
        source=article.summary_source,
        digital_source_type=source_type,
        disclaimer=str(DISCLAIMER),
        how_made=str(HOW_MADE[article.summary_source]),
        checked=str(CHECKED) if checked else "",
    )


def policy_url() -> str:
    """The path of the site's AI policy page."""
    return reverse("articles:ai_policy")

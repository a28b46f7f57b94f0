"""Where an article's key points came from, as edits and proposals change them.

``editing.save_content`` asks these rules on every content save:

- Points taken from a machine proposal (``KeyPointSuggestion``) get the
  proposal's kind: ``llm`` when an LLM's points are kept as proposed,
  ``llm_edited`` when the person changed them; an extractive proposal stays
  ``extractive`` even when edited (its sentences are the article's own, picked
  by an algorithm; the disclosure and the editor's check still apply).
- Editing the points of an article whose points an LLM wrote makes them
  ``llm_edited``, unless the same save says who wrote them.
"""

from django.utils import timezone

from articles.models import SummarySource

from .models import KeyPointSuggestion

Outcome = KeyPointSuggestion.Outcome


def same_points(a, b) -> bool:
    """The two lists say the same, ignoring spacing around and inside points."""
    return [" ".join(str(p).split()) for p in a or []] == [
        " ".join(str(p).split()) for p in b or []
    ]


def source_for(suggestion: KeyPointSuggestion, points) -> str:
    """The ``summary_source`` of ``points`` saved from ``suggestion``."""
    if suggestion.backend == SummarySource.LLM:
        if same_points(points, suggestion.points):
            return SummarySource.LLM
        return SummarySource.LLM_EDITED
    return SummarySource.EXTRACTIVE


def source_after_edit(source: str, points_changed: bool, source_chosen: bool) -> str:
    """``summary_source`` after a save that did not come from a proposal."""
    if points_changed and not source_chosen and source == SummarySource.LLM:
        return SummarySource.LLM_EDITED
    return source


def record_decision(suggestion: KeyPointSuggestion, actor, outcome: str) -> bool:
    """Record ``outcome`` on an undecided ``suggestion``; False if already decided."""
    decided = KeyPointSuggestion.objects.filter(
        pk=suggestion.pk, outcome=Outcome.NONE
    ).update(outcome=outcome, decided_by=actor, decided_at=timezone.now())
    if decided:
        suggestion.outcome, suggestion.decided_by = outcome, actor
    return bool(decided)


def outcome_for(suggestion: KeyPointSuggestion, points) -> str:
    """Accepted as proposed, or accepted with edits."""
    return (
        Outcome.ACCEPTED if same_points(points, suggestion.points) else Outcome.EDITED
    )

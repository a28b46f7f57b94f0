"""Key-point suggestions: ask the machine, then accept, edit or discard.

The actions the portal and the desk call (views stay thin):

- ``request_suggestion`` records a pending ``KeyPointSuggestion`` and
  enqueues ``tasks.make_key_point_suggestion`` after commit; the task calls
  ``run`` which asks ``editorial.summaries.suggest`` and stores the points
  (ready) or why there are none (failed). Nothing about the article changes.
- ``accept`` writes the proposed points through ``editing.save_content`` (the
  one content-save entry point), which sets ``summary_source`` and records
  the outcome; it never replaces points already there unless asked to.
- ``discard`` records that the proposal was not used.
- Editing a proposal first (the "Edit" button puts its points into the form)
  is an ordinary content save with ``ContentChanges.suggestion`` set.

Every refusal raises ``SuggestionRefused`` with a message for people.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.background import enqueue_after_commit

from . import editing, permissions, provenance, tasks
from .models import KeyPointSuggestion
from .summaries import ArticleText, NotEnoughText, SummariesOff, SummaryError, suggest

logger = logging.getLogger(__name__)

Status = KeyPointSuggestion.Status
Outcome = KeyPointSuggestion.Outcome
POINTS = 3


class SuggestionRefused(Exception):
    """A suggestion action that was not taken; ``str(error)`` is for people."""


def request_suggestion(article: Article, actor) -> KeyPointSuggestion:
    """Ask for key points for ``article``; the work runs in the background.

    Refused when ``actor`` may not edit the article now.
    """
    if not permissions.can_suggest_key_points(actor, article):
        raise SuggestionRefused(permissions.edit_refusal_reason(actor, article))
    with transaction.atomic():
        suggestion = KeyPointSuggestion.objects.create(
            article=article, article_version=article.version, requested_by=actor
        )
        enqueue_after_commit(tasks.make_key_point_suggestion, suggestion.pk)
    return suggestion


def run(suggestion_id: int) -> KeyPointSuggestion | None:
    """Propose points for a pending suggestion and store them (the task's body).

    An unexpected error is raised, so the task is retried; the engine's own
    refusals (switched off, not enough text) are stored as a failure.
    """
    suggestion = (
        KeyPointSuggestion.objects.select_related("article")
        .filter(pk=suggestion_id, status=Status.PENDING)
        .first()
    )
    if suggestion is None:  # done by an earlier run of this task
        return None
    text = ArticleText.from_article(suggestion.article)
    try:
        result = suggest(text, count=POINTS)
    except (SummariesOff, NotEnoughText, SummaryError) as error:
        return _store(
            suggestion,
            status=Status.FAILED,
            error=str(error),
            input_hash=text.input_hash(),
        )
    return _store(
        suggestion,
        status=Status.READY,
        points=result.points,
        backend=result.backend,
        model=result.model,
        endpoint_host=result.endpoint_host,
        prompt_version=result.prompt_version,
        input_hash=result.input_hash,
        fallback_from=result.fallback_from,
        error=result.error,
        duration_ms=result.duration_ms,
    )


def give_up(suggestion_id: int) -> None:
    """Mark a suggestion whose task failed for good as failed."""
    KeyPointSuggestion.objects.filter(pk=suggestion_id, status=Status.PENDING).update(
        status=Status.FAILED,
        error=_("The key points could not be proposed. Please try again later."),
    )


def _store(suggestion: KeyPointSuggestion, **fields) -> KeyPointSuggestion:
    KeyPointSuggestion.objects.filter(pk=suggestion.pk, status=Status.PENDING).update(
        **fields
    )
    suggestion.refresh_from_db()
    return suggestion


def accept(
    suggestion: KeyPointSuggestion, actor, *, replace: bool = False
) -> editing.SavedContent:
    """Make ``suggestion``'s points the article's key points, as proposed.

    Refused when it is not open, when the article's text changed since it was
    proposed, when ``actor`` may not edit the article, or when the article
    already has key points and ``replace`` was not confirmed.
    """
    article = suggestion.article
    _check_open(suggestion)
    if ArticleText.from_article(article).input_hash() != suggestion.input_hash:
        raise SuggestionRefused(
            _("The article changed after these points were proposed. Ask for new ones.")
        )
    if article.key_points and not replace:
        raise SuggestionRefused(
            _(
                "The article already has key points. Confirm that these should "
                "replace them."
            )
        )
    try:
        return editing.save_content(
            article,
            editing.ContentChanges(
                fields={"key_points": list(suggestion.points)}, suggestion=suggestion
            ),
            actor,
            loaded_version=editing.ANY_VERSION,
            note=_("Accepted proposed key points"),
        )
    except editing.EditRefused as refusal:
        raise SuggestionRefused(str(refusal)) from refusal


def discard(suggestion: KeyPointSuggestion, actor) -> None:
    """Record that ``suggestion``'s points were not used."""
    _check_open(suggestion)
    if not permissions.can_suggest_key_points(actor, suggestion.article):
        raise SuggestionRefused(
            permissions.edit_refusal_reason(actor, suggestion.article)
        )
    provenance.record_decision(suggestion, actor, Outcome.DISCARDED)


def _check_open(suggestion: KeyPointSuggestion) -> None:
    if suggestion.outcome != Outcome.NONE:
        raise SuggestionRefused(_("These key points were already decided on."))
    if suggestion.status != Status.READY:
        raise SuggestionRefused(_("There are no proposed key points to use yet."))


def open_suggestion(article: Article, pk) -> KeyPointSuggestion | None:
    """``article``'s undecided, ready suggestion ``pk`` (None if there is none)."""
    if not str(pk or "").isdigit():
        return None
    return (
        KeyPointSuggestion.objects.filter(
            pk=pk, article=article, status=Status.READY, outcome=Outcome.NONE
        )
        .select_related("article")
        .first()
    )


def latest(article: Article) -> KeyPointSuggestion | None:
    """The newest suggestion for ``article`` nobody decided on yet, if any."""
    if article.pk is None:
        return None
    return (
        KeyPointSuggestion.objects.filter(article=article, outcome=Outcome.NONE)
        .select_related("article")
        .first()
    )


def panel(
    article: Article, user, *, names: dict, edit_url: str, editing: bool = False
) -> dict | None:
    """What the "Suggest key points" box shows on an edit page (None: no box).

    ``names`` are the URL names of the page's "suggest", "decide" and
    "status" views; ``edit_url`` is the edit page; ``editing`` says that the
    form holds a proposal's points.
    """
    if article.pk is None or not permissions.can_suggest_key_points(user, article):
        return None
    suggestion = latest(article)
    current = suggestion is not None and (
        suggestion.status != Status.READY
        or ArticleText.from_article(article).input_hash() == suggestion.input_hash
    )
    return {
        "suggestion": suggestion,
        "outdated": suggestion is not None and not current,
        "replaces": bool(article.key_points),
        "article": article,
        "names": names,
        "edit_url": edit_url,
        "editing": editing,
    }


def status_data(suggestion: KeyPointSuggestion) -> dict:
    """The JSON the edit page's script polls while a suggestion is pending."""
    return {
        "id": suggestion.pk,
        "status": suggestion.status,
        "outcome": suggestion.outcome,
        "points": suggestion.points,
        "backend": suggestion.backend,
        "error": suggestion.error,
        "fallback_from": suggestion.fallback_from,
    }

"""The editorial workflow: the one place where an article's status changes.

Every caller (admin desk, writer portal, shell, seed_demo, tests) goes through
``apply``. It locks the article row, checks the actor and the state after the
lock, changes the article, appends a ``ReviewEvent`` and sends notifications
once the transaction has committed. A refused action raises
``TransitionError`` and changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Correction, display_name
from articles.sanitize import html_to_text

from . import permissions, tasks
from .models import ReviewEvent
from .notifications import EDITORS, NOBODY, WRITER

S = Article.Status
MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 5


class TransitionError(Exception):
    """An action that is not allowed; ``str(error)`` is for people to read.

    ``problems`` lists ``(field, message)`` pairs when the content is not
    ready for review, so forms can show each next to its field.
    """

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


# Who may take an action (``Transition.who``).
OWNER, EDITOR = "owner", "editor"
# What an action does to ``Article.reviewer`` (``Transition.reviewer``).
KEEP, TAKE, RELEASE = "keep", "take", "release"


def _always(article: Article) -> bool:
    return True


def _publishable(article: Article) -> bool:
    # A scheduled article (published, date ahead) may be published now or rescheduled.
    return article.status != S.PUBLISHED or article.is_scheduled


def _scheduled(article: Article) -> bool:
    return article.is_scheduled


def _live(article: Article) -> bool:
    # A scheduled article was never seen by readers: it is cancelled, not pulled.
    return article.is_live


@dataclass(frozen=True)
class Transition:
    """One row of the workflow table: everything about one action."""

    action: str
    label: str  # the button: "Request changes"
    done_label: str  # the history: "Changes requested"
    sources: frozenset
    target: str
    who: str  # OWNER or EDITOR
    note_required: bool = False
    reviewer: str = KEEP
    sets_approver: bool = False
    sets_published_at: bool = False
    # cancel_schedule: the article forgets its publication time.
    clears_published_at: bool = False
    # submit: the content must pass ``review_readiness``.
    checks_readiness: bool = False
    # approve: an AI summary needs an editor's confirmed check first.
    checks_summary: bool = False
    # approve: not by the article's own author (settings.FOUR_EYES_APPROVAL).
    four_eyes: bool = False
    emails: str = NOBODY  # who is told: notifications.EDITORS, WRITER or NOBODY
    # Offered to the writer in the portal (dashboard, editor, read-only page).
    owner_sees: bool = False
    # Extra condition on the article beyond its status (e.g. "is scheduled").
    applies: Callable[[Article], bool] = _always


# fmt: off
TRANSITIONS: dict[str, Transition] = {row.action: row for row in [
    Transition("submit", gettext_lazy("Submit for review"),
               gettext_lazy("Submitted for review"),
               frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, OWNER,
               checks_readiness=True, emails=EDITORS, owner_sees=True),
    Transition("withdraw", gettext_lazy("Withdraw"),
               gettext_lazy("Withdrawn"),
               frozenset({S.SUBMITTED}), S.DRAFT, OWNER,
               reviewer=RELEASE, owner_sees=True),
    Transition("start_review", gettext_lazy("Start review"),
               gettext_lazy("Review started"),
               frozenset({S.SUBMITTED}), S.IN_REVIEW, EDITOR, reviewer=TAKE),
    Transition("take_over", gettext_lazy("Take over review"),
               gettext_lazy("Review taken over"),
               frozenset({S.IN_REVIEW}), S.IN_REVIEW, EDITOR, reviewer=TAKE),
    Transition("request_changes", gettext_lazy("Request changes"),
               gettext_lazy("Changes requested"),
               frozenset({S.SUBMITTED, S.IN_REVIEW}), S.CHANGES_REQUESTED, EDITOR,
               note_required=True, reviewer=RELEASE, emails=WRITER),
    Transition("approve", gettext_lazy("Approve"),
               gettext_lazy("Approved"),
               frozenset({S.SUBMITTED, S.IN_REVIEW}), S.APPROVED, EDITOR,
               reviewer=RELEASE, sets_approver=True, checks_summary=True,
               four_eyes=True, emails=WRITER),
    Transition("publish", gettext_lazy("Publish"),
               gettext_lazy("Published"),
               frozenset({S.APPROVED, S.UNPUBLISHED, S.PUBLISHED}), S.PUBLISHED,
               EDITOR, sets_published_at=True, emails=WRITER, applies=_publishable),
    Transition("cancel_schedule", gettext_lazy("Cancel schedule"),
               gettext_lazy("Schedule cancelled"),
               frozenset({S.PUBLISHED}), S.APPROVED, EDITOR,
               clears_published_at=True, applies=_scheduled),
    Transition("unpublish", gettext_lazy("Unpublish"),
               gettext_lazy("Unpublished"),
               frozenset({S.PUBLISHED}), S.UNPUBLISHED, EDITOR,
               note_required=True, emails=WRITER, applies=_live),
    Transition("reject", gettext_lazy("Reject"),
               gettext_lazy("Rejected"),
               frozenset({S.SUBMITTED, S.IN_REVIEW}), S.REJECTED, EDITOR,
               note_required=True, reviewer=RELEASE, emails=WRITER),
]}
# fmt: on


# Events in the history that are not transitions of the table.
OTHER_EVENT_LABELS = {"correct": gettext_lazy("Correction added")}


def event_label(event: ReviewEvent) -> str:
    """What ``event`` did, for people: "Changes requested", "Scheduled for ..."."""
    if event.scheduled_for is not None:
        when = timezone.localtime(event.scheduled_for)
        return _("Scheduled for %(when)s") % {
            "when": date_format(when, "SHORT_DATETIME_FORMAT")
        }
    if event.action in TRANSITIONS:
        return TRANSITIONS[event.action].done_label
    return OTHER_EVENT_LABELS.get(event.action, event.action)


def review_readiness(article: Article) -> list[tuple[str, str]]:
    """Everything that keeps ``article`` from review, as ``(field, message)``.

    Empty when the article is ready: title, category, lead, a hero image with
    a credit, 2-5 key points and at least one section with heading and body.
    """
    problems = []
    if not article.title.strip():
        problems.append(("title", _("Give the article a title.")))
    if article.category_id is None:
        problems.append(("category", _("Choose a category.")))
    if not html_to_text(article.lead):
        problems.append(("lead", _("Write the lead paragraph.")))
    if article.hero_image_id is None:
        problems.append(("hero_image", _("Add a hero image.")))
    elif not (article.hero_image.credit or article.hero_image.source):
        problems.append(("hero_image", _("Credit the hero image (credit or source).")))
    points = len(article.key_points or [])
    if not MIN_KEY_POINTS <= points <= MAX_KEY_POINTS:
        problems.append(
            (
                "key_points",
                _("Give 2 to 5 key points (now %(count)d).") % {"count": points},
            )
        )
    sections = list(article.sections.all())
    if not any(s.heading.strip() and html_to_text(s.body) for s in sections):
        problems.append(
            ("sections", _("Add at least one section with a heading and a body."))
        )
    return problems


def _refusal(transition: Transition, article: Article, actor) -> str:
    """Why ``actor`` may not take ``transition`` on ``article`` ("" if they may)."""
    if article.status not in transition.sources or not transition.applies(article):
        return _("“%(action)s” is not possible while the article is %(status)s.") % {
            "action": transition.label,
            "status": article.get_status_display().lower(),
        }
    if transition.who == OWNER:
        if not permissions.is_owner(actor, article):
            return _("Only the writer of this article can do that.")
        return ""
    if not permissions.is_editor(actor):
        return _("Only an editor can do that.")
    if transition.four_eyes and settings.FOUR_EYES_APPROVAL:
        if permissions.is_owner(actor, article):
            return _("You wrote this article: another editor must approve it.")
    if transition.reviewer == TAKE and article.status == S.IN_REVIEW:
        if not permissions.can_take_over(actor, article):
            return _("You already hold this review.")
        return ""
    if permissions.held_by_someone_else(actor, article):
        return _("%(name)s is reviewing this article; take over the review first.") % {
            "name": display_name(article.reviewer)
        }
    return ""


def allowed_actions(article: Article, actor) -> list[str]:
    """The actions ``actor`` may take on ``article`` now, in table order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if not _refusal(transition, article, actor)
    ]


def apply(
    article: Article,
    action: str,
    actor,
    *,
    note: str = "",
    publish_at: datetime | None = None,
    summary_checked: bool = False,
    notify: bool = True,
) -> ReviewEvent:
    """Take ``action`` on ``article`` as ``actor`` and return the event written.

    ``publish_at`` (publish only) schedules publication; without it the
    article goes out now. ``summary_checked`` (approve only) records that the
    editor checked an AI-written summary. ``notify=False`` is for demo data.
    Raises ``TransitionError`` and changes nothing when the action is unknown,
    not allowed in this state or for this actor, lacks its note, or (submit)
    the content is not ready.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “%(action)s”.") % {"action": action})
    note = (note or "").strip()
    with transaction.atomic():
        locked = (
            Article.objects.select_for_update(of=("self",))
            .select_related("reviewer", "hero_image")
            .get(pk=article.pk)
        )
        refusal = _refusal(transition, locked, actor)
        if refusal:
            raise TransitionError(refusal)
        if transition.note_required and not note:
            raise TransitionError(
                _("“%(action)s” needs a note explaining why.")
                % {"action": transition.label}
            )
        changed = _change(transition, locked, actor, publish_at, summary_checked)
        from_status = locked.status
        locked.status = transition.target
        locked.save(update_fields=["status", *changed])
        event = ReviewEvent.objects.create(
            article=locked,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=transition.target,
            note=note,
            scheduled_for=locked.published_at if locked.is_scheduled else None,
        )
        if notify:
            tasks.email_about(event, transition.emails)
    for field in ["status", *changed]:
        setattr(article, field, getattr(locked, field))
    return event


def _change(
    transition: Transition, article: Article, actor, publish_at, summary_checked
) -> list[str]:
    """Apply what the row of ``transition`` sets on ``article``; return the fields."""
    changed = []
    if transition.checks_readiness:
        problems = review_readiness(article)
        if problems:
            raise TransitionError(
                _("The article is not ready for review yet."), problems=problems
            )
    if transition.checks_summary and _needs_summary_check(article):
        if not summary_checked:
            raise TransitionError(
                _(
                    "The key points were written by AI. Confirm that you "
                    "checked them against the article before approving."
                )
            )
        article.summary_checked_by = actor
        changed.append("summary_checked_by")
    if transition.sets_approver:
        article.approved_by = actor
        changed.append("approved_by")
    if transition.reviewer != KEEP:
        article.reviewer = actor if transition.reviewer == TAKE else None
        changed.append("reviewer")
    if transition.sets_published_at:
        article.published_at = publish_at or timezone.now()
        changed.append("published_at")
    if transition.clears_published_at:
        article.published_at = None
        changed.append("published_at")
    return changed


def _needs_summary_check(article: Article) -> bool:
    return article.summary_is_ai_assisted and article.summary_checked_by_id is None


def needs_summary_check(article: Article, action: str) -> bool:
    """Whether taking ``action`` now needs the editor to confirm the AI summary."""
    return TRANSITIONS[action].checks_summary and _needs_summary_check(article)


def needs_input(article: Article, action: str) -> bool:
    """Whether ``action`` asks for more than a click (a note or the AI check)."""
    return TRANSITIONS[action].note_required or needs_summary_check(article, action)


def owner_actions(article: Article, user) -> list[Transition]:
    """The actions the writer is offered on ``article`` now, with their labels."""
    return [
        TRANSITIONS[action]
        for action in allowed_actions(article, user)
        if TRANSITIONS[action].owner_sees
    ]


def add_correction(article: Article, editor, note: str) -> Correction:
    """Add a correction note to a live article, shown to readers with its date.

    Only an article readers can see (published, its time passed) is corrected;
    before that, the text itself is edited.
    """
    note = (note or "").strip()
    if not permissions.is_editor(editor):
        raise TransitionError(_("Only an editor can add a correction."))
    if not note:
        raise TransitionError(_("Write the correction note."))
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not locked.is_live:
            raise TransitionError(_("Only a live article can be corrected."))
        correction = Correction.objects.create(
            article=locked, note=note, created_by=editor
        )
        ReviewEvent.objects.create(
            article=locked,
            actor=editor,
            action="correct",
            from_status=locked.status,
            to_status=locked.status,
            note=note,
        )
    return correction

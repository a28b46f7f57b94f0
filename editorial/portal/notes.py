"""Editors' notes as the writer sees them: the open one and the ones answered."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from editorial.models import ReviewEvent
from editorial.workflow import TRANSITIONS


@dataclass(frozen=True)
class EditorNote:
    """An editor's note on a step, and when the writer answered it by resubmitting."""

    event: ReviewEvent
    answered_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """A request for changes the writer has not resubmitted after."""
        return self.event.action == "request_changes" and self.answered_at is None

    @property
    def step(self) -> str:
        """The step the note came with, in words ("Request changes")."""
        transition = TRANSITIONS.get(self.event.action)
        return str(transition.label) if transition else self.event.action


def editor_notes(events: Iterable[ReviewEvent]) -> list[EditorNote]:
    """The notes among ``events`` (newest first, as stored), newest first.

    A note counts as answered by the first submission after it.
    """
    notes = []
    answered_at = None
    for event in events:
        if event.action == "submit":
            # Walking back in time: the latest submit seen is the first after
            # any older note.
            answered_at = event.created_at
        elif event.note:
            notes.append(EditorNote(event, answered_at))
    return notes

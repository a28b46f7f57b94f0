"""The editorial workflow: who may move an article from which state to which."""

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from editorial.models import ReviewEvent
from editorial.workflow import (
    TRANSITIONS,
    TransitionError,
    add_correction,
    allowed_actions,
    apply,
)
from tests.builders import (
    SCHEDULED,
    assert_refused,
    events,
    make_editor,
    make_ready_article,
    make_user,
    row,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status
STATES = [*S.values, SCHEDULED]

# Roles, as seen from one article.
OWNER = "owner writer"
OTHER_WRITER = "other writer"
EDITOR = "editor"  # for an article in review: the editor holding the review
OTHER_EDITOR = "other editor"  # for an article in review: not the holder
PLAIN_USER = "non-staff user without groups"
STAFF_USER = "staff user without Editors group"
# An editor who wrote the article (and, in review, holds it): owner and editor
# at once, but never the one who approves it (four eyes, on by default).
AUTHOR_EDITOR = "editor who wrote the article"
ROLES = [OWNER, OTHER_WRITER, EDITOR, OTHER_EDITOR, PLAIN_USER, STAFF_USER]
EDITORS = {EDITOR, OTHER_EDITOR}
NOT_BY_THE_AUTHOR = {"approve"}

# The README's workflow table, written out by hand: (action, state) -> roles allowed.
# Every pair not listed is allowed to nobody.
EXPECTED_ALLOWED = {
    ("submit", S.DRAFT): {OWNER},
    ("submit", S.CHANGES_REQUESTED): {OWNER},
    ("withdraw", S.SUBMITTED): {OWNER},
    ("start_review", S.SUBMITTED): EDITORS,
    ("take_over", S.IN_REVIEW): {OTHER_EDITOR},
    ("request_changes", S.SUBMITTED): EDITORS,
    ("request_changes", S.IN_REVIEW): {EDITOR},
    ("approve", S.SUBMITTED): EDITORS,
    ("approve", S.IN_REVIEW): {EDITOR},
    ("reject", S.SUBMITTED): EDITORS,
    ("reject", S.IN_REVIEW): {EDITOR},
    ("publish", S.APPROVED): EDITORS,
    ("publish", S.UNPUBLISHED): EDITORS,
    ("publish", SCHEDULED): EDITORS,
    ("cancel_schedule", SCHEDULED): EDITORS,
    ("unpublish", S.PUBLISHED): EDITORS,
}
EXPECTED_TARGET = {
    "submit": S.SUBMITTED,
    "withdraw": S.DRAFT,
    "start_review": S.IN_REVIEW,
    "take_over": S.IN_REVIEW,
    "request_changes": S.CHANGES_REQUESTED,
    "approve": S.APPROVED,
    "publish": S.PUBLISHED,
    "cancel_schedule": S.APPROVED,
    "unpublish": S.UNPUBLISHED,
    "reject": S.REJECTED,
}


@pytest.fixture
def cast(writer, other_writer, editor, other_editor):
    """One user per role; the article builders give them their relation."""
    return {
        OWNER: writer,
        OTHER_WRITER: other_writer,
        EDITOR: editor,
        OTHER_EDITOR: other_editor,
        PLAIN_USER: make_user(),
        STAFF_USER: make_user(staff=True),
        AUTHOR_EDITOR: make_editor(),
    }


# --- The matrix ----------------------------------------------------------------


def test_expectation_table_covers_every_action_and_state():
    """The hand-written table names every workflow action and only real states."""
    assert set(EXPECTED_TARGET) == set(TRANSITIONS)
    assert {state for _, state in EXPECTED_ALLOWED} <= set(STATES)


def allowed_roles(action, state):
    """The roles the table allows, plus the author-editor where owner or holder may."""
    roles = set(EXPECTED_ALLOWED.get((action, state), set()))
    if roles & {OWNER, EDITOR} and action not in NOT_BY_THE_AUTHOR:
        roles.add(AUTHOR_EDITOR)
    return roles


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", [*ROLES, AUTHOR_EDITOR])
def test_each_role_may_take_exactly_its_actions_in_each_state(
    cast, role, action, state
):
    """Each role may take exactly the actions the README's workflow table gives it, per state."""
    actor = cast[role]
    if role == AUTHOR_EDITOR:
        article = make_ready_article(state, author=actor, holder=actor)
    else:
        article = make_ready_article(state, author=cast[OWNER], holder=cast[EDITOR])
    expected = role in allowed_roles(action, state)
    note = f"Note for {action}."

    assert (action in allowed_actions(article, actor)) is expected

    if not expected:
        assert_refused(article, action, actor, note=note, publish_at=None)
        return

    before = row(article)
    start = timezone.now()
    event = apply(article, action, actor, note=note, publish_at=None)
    target = EXPECTED_TARGET[action]
    assert article.status == target
    after = row(article)
    assert after["status"] == target
    assert events(article) == [event]
    assert event.actor == actor
    assert event.action == action
    assert event.from_status == before["status"]
    assert event.to_status == target
    assert event.note == note
    if action == "publish":
        assert start <= after["published_at"] <= timezone.now()
    if action == "cancel_schedule":
        assert after["published_at"] is None


# --- Notes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, state",
    [
        ("request_changes", S.SUBMITTED),
        ("request_changes", S.IN_REVIEW),
        ("reject", S.SUBMITTED),
        ("reject", S.IN_REVIEW),
        ("unpublish", S.PUBLISHED),
    ],
)
@pytest.mark.parametrize("note", ["", "   ", "\n\t "])
def test_action_needing_a_note_is_refused_without_one(cast, action, state, note):
    """request_changes, reject and unpublish without a real note change nothing and ask for one."""
    article = make_ready_article(state, author=cast[OWNER], holder=cast[EDITOR])
    error = assert_refused(article, action, cast[EDITOR], note=note)
    assert "note" in str(error)


def test_note_is_stored_on_the_event_without_surrounding_whitespace(cast):
    """The note the editor typed is kept on the event, trimmed."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    event = apply(article, "request_changes", cast[EDITOR], note="  Fix the lead.\n")
    assert event.note == "Fix the lead."


# --- apply() itself --------------------------------------------------------------


def test_unknown_action_is_refused(cast):
    """An action that is not in the table raises and changes nothing."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    error = assert_refused(article, "teleport", cast[EDITOR], note="Go.")
    assert "teleport" in str(error)


def test_caller_article_object_reflects_the_change(cast):
    """After apply the object the caller passed carries the new status and reviewer."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    apply(article, "start_review", cast[EDITOR])
    assert article.status == S.IN_REVIEW
    assert article.reviewer == cast[EDITOR]
    apply(article, "approve", cast[EDITOR])
    assert article.status == S.APPROVED
    assert article.approved_by == cast[EDITOR]
    assert article.reviewer is None


def test_apply_checks_the_stored_state_not_the_callers_copy(cast):
    """A stale object in the caller's hand cannot repeat a transition already taken."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    stale = Article.objects.get(pk=article.pk)
    apply(article, "approve", cast[EDITOR])
    assert_refused(stale, "approve", cast[OTHER_EDITOR])
    assert [e.action for e in events(article)] == ["approve"]


def test_history_lists_each_step_of_a_full_journey(cast):
    """From draft to published, each step leaves one event with its actor."""
    article = make_ready_article(S.DRAFT, author=cast[OWNER])
    steps = [
        ("submit", cast[OWNER]),
        ("start_review", cast[EDITOR]),
        ("request_changes", cast[EDITOR]),
        ("submit", cast[OWNER]),
        ("approve", cast[OTHER_EDITOR]),
        ("publish", cast[OTHER_EDITOR]),
    ]
    for action, actor in steps:
        apply(article, action, actor, note="Step.")
    history = ReviewEvent.objects.filter(article=article).order_by("pk")
    assert [(e.action, e.actor) for e in history] == steps
    assert row(article)["status"] == S.PUBLISHED


# --- Corrections -----------------------------------------------------------------


def test_editor_adds_correction_to_published_article(cast):
    """A correction on a published article is stored and logged as a "correct" event."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    correction = add_correction(
        article, cast[EDITOR], "  The mayor's name was misspelt.  "
    )
    assert list(Correction.objects.filter(article=article)) == [correction]
    assert correction.note == "The mayor's name was misspelt."
    assert correction.created_by == cast[EDITOR]
    [event] = events(article)
    assert (event.action, event.actor) == ("correct", cast[EDITOR])
    assert (event.from_status, event.to_status) == (S.PUBLISHED, S.PUBLISHED)
    assert event.note == "The mayor's name was misspelt."
    assert row(article)["status"] == S.PUBLISHED


@pytest.mark.parametrize("role", [OWNER, OTHER_WRITER, PLAIN_USER, STAFF_USER])
def test_non_editor_cannot_add_correction(cast, role):
    """Only editors correct articles; anyone else is refused and nothing is stored."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    with pytest.raises(TransitionError):
        add_correction(article, cast[role], "A fix.")
    assert not Correction.objects.exists()
    assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize("note", ["", "   "])
def test_correction_needs_a_note(cast, note):
    """An empty correction note is refused."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    with pytest.raises(TransitionError):
        add_correction(article, cast[EDITOR], note)
    assert not Correction.objects.exists()
    assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize(
    "state", [S.DRAFT, S.SUBMITTED, S.APPROVED, S.UNPUBLISHED, SCHEDULED]
)
def test_correction_of_an_article_that_is_not_live_is_refused(cast, state):
    """Only a live article can be corrected; a scheduled one is still edited."""
    article = make_ready_article(state, author=cast[OWNER])
    with pytest.raises(TransitionError):
        add_correction(article, cast[EDITOR], "A fix.")
    assert not Correction.objects.exists()
    assert not ReviewEvent.objects.exists()


def test_an_editor_may_approve_their_own_article_when_four_eyes_is_off(settings):
    """FOUR_EYES_APPROVAL=False lets an editor approve what they wrote."""
    settings.FOUR_EYES_APPROVAL = False
    editor = make_editor()
    article = make_ready_article(S.SUBMITTED, author=editor)
    apply(article, "approve", editor)
    assert article.status == S.APPROVED


def test_four_eyes_refusal_says_why():
    """The author-editor is told another editor must approve."""
    editor = make_editor()
    article = make_ready_article(S.SUBMITTED, author=editor)
    error = assert_refused(article, "approve", editor)
    assert "another editor must approve" in str(error)

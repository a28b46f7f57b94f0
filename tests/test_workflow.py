"""The editorial workflow: who may move an article from which state to which."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Article, Correction, Section
from editorial.models import ReviewEvent
from editorial.workflow import (
    TRANSITIONS,
    TransitionError,
    add_correction,
    allowed_actions,
    apply,
    review_readiness,
)
from tests.builders import (
    SCHEDULED,
    make_article,
    make_image,
    make_ready_article,
    make_user,
)

pytestmark = pytest.mark.django_db

S = Article.Status
STATES = [*S.values, SCHEDULED]

# Roles, as seen from one article.
OWNER = "owner writer"
OTHER_WRITER = "other writer"
EDITOR = "editor"  # for an article in review: the editor holding the review
OTHER_EDITOR = "other editor"  # for an article in review: not the holder
PLAIN_USER = "non-staff user without groups"
STAFF_USER = "staff user without Editors group"
ROLES = [OWNER, OTHER_WRITER, EDITOR, OTHER_EDITOR, PLAIN_USER, STAFF_USER]
EDITORS = {EDITOR, OTHER_EDITOR}

# DESIGN.md section 4, written out by hand: (action, state) -> roles allowed.
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
    ("unpublish", S.PUBLISHED): EDITORS,
    ("unpublish", SCHEDULED): EDITORS,
}
EXPECTED_TARGET = {
    "submit": S.SUBMITTED,
    "withdraw": S.DRAFT,
    "start_review": S.IN_REVIEW,
    "take_over": S.IN_REVIEW,
    "request_changes": S.CHANGES_REQUESTED,
    "approve": S.APPROVED,
    "publish": S.PUBLISHED,
    "unpublish": S.UNPUBLISHED,
    "reject": S.REJECTED,
}


@pytest.fixture(autouse=True)
def _english():
    """Refusal messages are checked in English, whatever LANGUAGE_CODE says."""
    with translation.override("en"):
        yield


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
    }


def row(article):
    """Every stored column of ``article``, straight from the database."""
    return Article.objects.values().get(pk=article.pk)


def events(article):
    return list(ReviewEvent.objects.filter(article=article))


def assert_refused(article, action, actor, **kwargs):
    """``apply`` raises, and neither the row nor the history changes."""
    before = row(article)
    count = ReviewEvent.objects.count()
    with pytest.raises(TransitionError) as excinfo:
        apply(article, action, actor, **kwargs)
    assert str(excinfo.value)
    assert row(article) == before
    assert ReviewEvent.objects.count() == count
    return excinfo.value


# --- The matrix ----------------------------------------------------------------


def test_expectation_table_covers_every_action_and_state():
    """The hand-written table names every workflow action and only real states."""
    assert set(EXPECTED_TARGET) == set(TRANSITIONS)
    assert {state for _, state in EXPECTED_ALLOWED} <= set(STATES)


def test_ready_article_passes_review_readiness(cast):
    """The matrix starts from an article that has everything a review needs."""
    article = make_ready_article(S.DRAFT, author=cast[OWNER])
    assert review_readiness(article) == []


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_transition_matrix(cast, role, action, state):
    """Each role may take exactly the actions DESIGN.md section 4 gives it, per state."""
    actor = cast[role]
    article = make_ready_article(state, author=cast[OWNER], holder=cast[EDITOR])
    expected = role in EXPECTED_ALLOWED.get((action, state), set())
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


# --- Submit: ready for review ---------------------------------------------------


def test_submit_of_empty_draft_lists_every_problem_at_once(cast):
    """An empty draft is refused with one (field, message) per missing part."""
    article = make_article(
        author=cast[OWNER],
        status=S.DRAFT,
        title="",
        category=None,
        lead="",
        key_points=[],
    )
    error = assert_refused(article, "submit", cast[OWNER])
    fields = [field for field, _ in error.problems]
    assert sorted(fields) == sorted(
        ["title", "category", "lead", "hero_image", "key_points", "sections"]
    )
    assert all(message for _, message in error.problems)


@pytest.mark.parametrize(
    "credit, source, ready",
    [
        ("", "", False),
        ("Jane Doe", "", True),
        ("", "unsplash.com", True),
    ],
)
def test_submit_needs_a_hero_image_with_credit_or_source(cast, credit, source, ready):
    """A hero image without credit and source is a hero_image problem; either one is enough."""
    image = make_image(credit=credit, source=source)
    article = make_ready_article(S.DRAFT, author=cast[OWNER], hero_image=image)
    if ready:
        apply(article, "submit", cast[OWNER])
        assert row(article)["status"] == S.SUBMITTED
    else:
        error = assert_refused(article, "submit", cast[OWNER])
        assert [field for field, _ in error.problems] == ["hero_image"]


@pytest.mark.parametrize(
    "count, ready", [(0, False), (1, False), (2, True), (5, True), (6, False)]
)
def test_submit_needs_two_to_five_key_points(cast, count, ready):
    """Fewer than 2 or more than 5 key points is a key_points problem."""
    points = [f"Point {n}." for n in range(1, count + 1)]
    article = make_ready_article(S.DRAFT, author=cast[OWNER], key_points=points)
    if ready:
        apply(article, "submit", cast[OWNER])
        assert row(article)["status"] == S.SUBMITTED
    else:
        error = assert_refused(article, "submit", cast[OWNER])
        assert [field for field, _ in error.problems] == ["key_points"]


@pytest.mark.parametrize(
    "heading, body",
    [
        ("A heading", ""),
        ("A heading", "<p></p>"),
        ("A heading", "<p>   </p>"),
        ("", "<p>A body.</p>"),
        ("   ", "<p>A body.</p>"),
    ],
)
def test_submit_needs_a_section_with_heading_and_body(cast, heading, body):
    """A section missing its heading or its body text does not count."""
    article = make_ready_article(S.DRAFT, author=cast[OWNER])
    article.sections.all().delete()
    Section.objects.create(article=article, position=1, heading=heading, body=body)
    error = assert_refused(article, "submit", cast[OWNER])
    assert [field for field, _ in error.problems] == ["sections"]


def test_submit_from_changes_requested_checks_readiness_again(cast):
    """A writer sending an article back still has to meet the readiness checks."""
    article = make_ready_article(S.CHANGES_REQUESTED, author=cast[OWNER], key_points=[])
    error = assert_refused(article, "submit", cast[OWNER])
    assert [field for field, _ in error.problems] == ["key_points"]


# --- AI summary and approval -----------------------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW])
def test_approve_of_unchecked_ai_summary_is_refused(cast, state):
    """An AI-written summary that nobody confirmed blocks approval; nothing changes."""
    article = make_ready_article(
        state, author=cast[OWNER], holder=cast[EDITOR], summary_is_ai=True
    )
    error = assert_refused(article, "approve", cast[EDITOR])
    assert "AI" in str(error)
    assert row(article)["summary_checked_by_id"] is None


def test_approve_with_summary_checked_records_the_checking_editor(cast):
    """Approving with the AI summary confirmed records who checked it and who approved."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER], summary_is_ai=True)
    apply(article, "approve", cast[EDITOR], summary_checked=True)
    after = row(article)
    assert after["status"] == S.APPROVED
    assert after["summary_checked_by_id"] == cast[EDITOR].pk
    assert after["approved_by_id"] == cast[EDITOR].pk


def test_approve_of_ai_summary_checked_earlier_needs_no_new_confirmation(cast):
    """A summary an editor already confirmed on the change form does not block approval."""
    article = make_ready_article(
        S.SUBMITTED,
        author=cast[OWNER],
        summary_is_ai=True,
        summary_checked_by=cast[OTHER_EDITOR],
    )
    apply(article, "approve", cast[EDITOR])
    after = row(article)
    assert after["status"] == S.APPROVED
    assert after["summary_checked_by_id"] == cast[OTHER_EDITOR].pk


def test_approve_records_the_approving_editor(cast):
    """approve sets approved_by to the editor who approved."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    apply(article, "approve", cast[OTHER_EDITOR])
    assert row(article)["approved_by_id"] == cast[OTHER_EDITOR].pk


def test_approve_of_human_summary_leaves_summary_checked_by_empty(cast):
    """Without an AI summary there is nothing to confirm, so no checker is recorded."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    apply(article, "approve", cast[EDITOR], summary_checked=True)
    assert row(article)["summary_checked_by_id"] is None


# --- The reviewing editor --------------------------------------------------------


def test_start_review_records_the_reviewing_editor(cast):
    """The editor who starts a review holds it."""
    article = make_ready_article(S.SUBMITTED, author=cast[OWNER])
    apply(article, "start_review", cast[EDITOR])
    assert row(article)["reviewer_id"] == cast[EDITOR].pk


def test_take_over_moves_the_review_to_another_editor_and_is_logged(cast):
    """take_over by another editor makes them the holder and writes a take_over event."""
    article = make_ready_article(S.IN_REVIEW, author=cast[OWNER], holder=cast[EDITOR])
    event = apply(article, "take_over", cast[OTHER_EDITOR], note="Editor is away.")
    after = row(article)
    assert after["status"] == S.IN_REVIEW
    assert after["reviewer_id"] == cast[OTHER_EDITOR].pk
    assert (event.action, event.actor) == ("take_over", cast[OTHER_EDITOR])
    assert (event.from_status, event.to_status) == (S.IN_REVIEW, S.IN_REVIEW)
    assert events(article) == [event]


def test_new_holder_may_decide_after_take_over_and_old_holder_may_not(cast):
    """After a take-over the review belongs to the new holder alone."""
    article = make_ready_article(S.IN_REVIEW, author=cast[OWNER], holder=cast[EDITOR])
    apply(article, "take_over", cast[OTHER_EDITOR])
    assert_refused(article, "approve", cast[EDITOR])
    apply(article, "approve", cast[OTHER_EDITOR])
    assert row(article)["status"] == S.APPROVED


@pytest.mark.parametrize("action", ["request_changes", "approve", "reject"])
def test_decision_on_review_releases_the_reviewer(cast, action):
    """request_changes, approve and reject end the review: nobody holds it any more."""
    article = make_ready_article(S.IN_REVIEW, author=cast[OWNER], holder=cast[EDITOR])
    apply(article, action, cast[EDITOR], note="Decided.")
    assert row(article)["reviewer_id"] is None
    assert article.reviewer is None


# --- Publishing ------------------------------------------------------------------


def test_publish_without_date_goes_out_now(cast):
    """Publishing with no date sets published_at to now and readers see the article."""
    article = make_ready_article(S.APPROVED, author=cast[OWNER])
    start = timezone.now()
    apply(article, "publish", cast[EDITOR])
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert start <= article.published_at <= timezone.now()
    assert not article.is_scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publish_with_future_date_schedules_the_article(cast):
    """Publishing with a date ahead stores it; readers do not see the article yet."""
    article = make_ready_article(S.APPROVED, author=cast[OWNER])
    publish_at = timezone.now() + timedelta(hours=3)
    apply(article, "publish", cast[EDITOR], publish_at=publish_at)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.published_at == publish_at
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publish_of_scheduled_article_without_date_publishes_now(cast):
    """Publishing a scheduled article again with no date brings it out now."""
    article = make_ready_article(SCHEDULED, author=cast[OWNER])
    start = timezone.now()
    event = apply(article, "publish", cast[EDITOR])
    article.refresh_from_db()
    assert start <= article.published_at <= timezone.now()
    assert not article.is_scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert (event.from_status, event.to_status) == (S.PUBLISHED, S.PUBLISHED)


def test_publish_of_scheduled_article_with_new_date_reschedules_it(cast):
    """A scheduled article can be moved to another future date."""
    article = make_ready_article(SCHEDULED, author=cast[OWNER])
    publish_at = timezone.now() + timedelta(days=3)
    apply(article, "publish", cast[EDITOR], publish_at=publish_at)
    article.refresh_from_db()
    assert article.published_at == publish_at
    assert article.is_scheduled


def test_publish_of_live_article_is_refused(cast):
    """An article already out cannot be published again (nor re-dated)."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    assert_refused(
        article, "publish", cast[EDITOR], publish_at=timezone.now() + timedelta(days=1)
    )


def test_unpublish_hides_the_article_from_readers(cast):
    """An unpublished article disappears from the published queryset."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    assert Article.objects.published().filter(pk=article.pk).exists()
    apply(article, "unpublish", cast[EDITOR], note="Legal asked us to.")
    assert row(article)["status"] == S.UNPUBLISHED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_unpublished_article_can_be_published_again(cast):
    """Publishing an unpublished article brings it back for readers."""
    article = make_ready_article(S.PUBLISHED, author=cast[OWNER])
    apply(article, "unpublish", cast[EDITOR], note="Checking a fact.")
    apply(article, "publish", cast[EDITOR])
    assert Article.objects.published().filter(pk=article.pk).exists()


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


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.APPROVED, S.UNPUBLISHED])
def test_correction_of_unpublished_article_is_refused(cast, state):
    """Only a published article can be corrected."""
    article = make_ready_article(state, author=cast[OWNER])
    with pytest.raises(TransitionError):
        add_correction(article, cast[EDITOR], "A fix.")
    assert not Correction.objects.exists()
    assert not ReviewEvent.objects.exists()

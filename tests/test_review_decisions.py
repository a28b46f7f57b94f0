"""Reviewing: who holds a review, take-over, and approval with its AI-summary check."""

import pytest

from articles.models import Article
from editorial.workflow import apply
from tests.builders import (
    assert_refused,
    events,
    make_ready_article,
    row,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status


# --- The reviewing editor ----------------------------------------------------


def test_start_review_records_the_reviewing_editor(writer, editor):
    """The editor who starts a review holds it."""
    article = make_ready_article(S.SUBMITTED, author=writer)
    apply(article, "start_review", editor)
    assert row(article)["reviewer_id"] == editor.pk


def test_take_over_moves_the_review_to_another_editor_and_is_logged(
    writer, editor, other_editor
):
    """take_over by another editor makes them the holder and writes a take_over event."""
    article = make_ready_article(S.IN_REVIEW, author=writer, holder=editor)
    event = apply(article, "take_over", other_editor, note="Editor is away.")
    after = row(article)
    assert after["status"] == S.IN_REVIEW
    assert after["reviewer_id"] == other_editor.pk
    assert (event.action, event.actor) == ("take_over", other_editor)
    assert (event.from_status, event.to_status) == (S.IN_REVIEW, S.IN_REVIEW)
    assert events(article) == [event]


def test_new_holder_may_decide_after_take_over_and_old_holder_may_not(
    writer, editor, other_editor
):
    """After a take-over the review belongs to the new holder alone."""
    article = make_ready_article(S.IN_REVIEW, author=writer, holder=editor)
    apply(article, "take_over", other_editor)
    assert_refused(article, "approve", editor)
    apply(article, "approve", other_editor)
    assert row(article)["status"] == S.APPROVED


@pytest.mark.parametrize("action", ["request_changes", "approve", "reject"])
def test_decision_on_review_releases_the_reviewer(writer, editor, action):
    """request_changes, approve and reject end the review: nobody holds it any more."""
    article = make_ready_article(S.IN_REVIEW, author=writer, holder=editor)
    apply(article, action, editor, note="Decided.")
    assert row(article)["reviewer_id"] is None
    assert article.reviewer is None


# --- Approval and the AI summary check ---------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW])
def test_approve_of_unchecked_ai_summary_is_refused(writer, editor, state):
    """An AI-written summary that nobody confirmed blocks approval; nothing changes."""
    article = make_ready_article(
        state, author=writer, holder=editor, summary_source="llm"
    )
    error = assert_refused(article, "approve", editor)
    assert "AI" in str(error)
    assert row(article)["summary_checked_by_id"] is None


def test_approve_with_summary_checked_records_the_checking_editor(writer, editor):
    """Approving with the AI summary confirmed records who checked it and who approved."""
    article = make_ready_article(S.SUBMITTED, author=writer, summary_source="llm")
    apply(article, "approve", editor, summary_checked=True)
    after = row(article)
    assert after["status"] == S.APPROVED
    assert after["summary_checked_by_id"] == editor.pk
    assert after["approved_by_id"] == editor.pk


def test_approve_of_ai_summary_checked_earlier_needs_no_new_confirmation(
    writer, editor, other_editor
):
    """A summary an editor already confirmed on the change form does not block approval."""
    article = make_ready_article(
        S.SUBMITTED,
        author=writer,
        summary_source="llm",
        summary_checked_by=other_editor,
    )
    apply(article, "approve", editor)
    after = row(article)
    assert after["status"] == S.APPROVED
    assert after["summary_checked_by_id"] == other_editor.pk


def test_approve_records_the_approving_editor(writer, other_editor):
    """approve sets approved_by to the editor who approved."""
    article = make_ready_article(S.SUBMITTED, author=writer)
    apply(article, "approve", other_editor)
    assert row(article)["approved_by_id"] == other_editor.pk


def test_approve_of_human_summary_leaves_summary_checked_by_empty(writer, editor):
    """Without an AI summary there is nothing to confirm, so no checker is recorded."""
    article = make_ready_article(S.SUBMITTED, author=writer)
    apply(article, "approve", editor, summary_checked=True)
    assert row(article)["summary_checked_by_id"] is None

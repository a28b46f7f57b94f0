"""Who may do what to an article: the small questions in editorial.permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from articles.models import Article
from editorial.permissions import (
    can_edit_content,
    can_preview,
    can_take_over,
    edit_refusal_reason,
    get_previewable_article_or_404,
    held_by_someone_else,
    holds_review,
    is_editor,
    is_owner,
)
from tests.builders import make_article, make_editor, make_user, make_writer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status


def editors_group():
    return Group.objects.get(name="Editors")


# --- is_editor -------------------------------------------------------------------


def test_editor_is_editor():
    """Active staff in the Editors group are editors."""
    assert is_editor(make_editor())


def test_inactive_editor_is_not_editor():
    """A deactivated editor account loses the editor's rights."""
    assert not is_editor(make_editor(is_active=False))


def test_non_staff_user_in_editors_group_is_not_editor():
    """The review permission alone is not enough without staff status."""
    user = make_user(staff=False)
    user.groups.add(editors_group())
    assert not is_editor(user)


def test_staff_without_editors_group_is_not_editor():
    """Staff status alone gives no review permission."""
    assert not is_editor(make_user(staff=True))


def test_staff_superuser_is_editor():
    """A staff superuser has every permission, the review one included."""
    assert is_editor(make_user(staff=True, is_superuser=True))


def test_writer_is_not_editor():
    """A community writer is not an editor."""
    assert not is_editor(make_writer())


def test_anonymous_is_not_editor():
    """A reader who is not logged in is not an editor."""
    assert not is_editor(AnonymousUser())


# --- is_owner --------------------------------------------------------------------


def test_author_is_owner():
    """The writer of an article owns it."""
    writer = make_writer()
    assert is_owner(writer, make_article(author=writer, status=S.DRAFT))


@pytest.mark.parametrize(
    "make_other",
    [make_writer, make_editor, AnonymousUser],
    ids=["writer", "editor", "anonymous"],
)
def test_anyone_else_is_not_owner(make_other):
    """Other writers, editors and anonymous readers do not own the article."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    assert not is_owner(make_other(), article)


# --- holds_review / held_by_someone_else -----------------------------------------


def test_reviewing_editor_holds_review():
    """The editor recorded as reviewer holds an article in review."""
    editor = make_editor()
    article = make_article(status=S.IN_REVIEW, reviewer=editor)
    assert holds_review(editor, article)
    assert not held_by_someone_else(editor, article)


def test_other_editor_sees_review_held_by_someone_else():
    """For any other editor the review is held by someone else."""
    article = make_article(status=S.IN_REVIEW, reviewer=make_editor())
    other = make_editor()
    assert not holds_review(other, article)
    assert held_by_someone_else(other, article)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_nobody_holds_an_article_out_of_review(status):
    """Only an article in review is held, even if a reviewer is still recorded."""
    editor = make_editor()
    article = make_article(status=status, reviewer=editor)
    assert not holds_review(editor, article)
    assert not held_by_someone_else(make_editor(), article)


# --- can_edit_content ------------------------------------------------------------


WRITER_MAY_EDIT = {S.DRAFT, S.CHANGES_REQUESTED}


@pytest.mark.parametrize("status", S.values)
def test_owner_writer_edits_only_draft_and_changes_requested(status):
    """A writer edits their own article in draft or changes_requested, never after submitting."""
    writer = make_writer()
    article = make_article(author=writer, status=status)
    assert can_edit_content(writer, article) is (status in WRITER_MAY_EDIT)


@pytest.mark.parametrize("status", S.values)
def test_other_writer_never_edits(status):
    """A writer cannot edit somebody else's article in any state."""
    article = make_article(author=make_writer(), status=status)
    assert not can_edit_content(make_writer(), article)


@pytest.mark.parametrize("status", [s for s in S.values if s != S.IN_REVIEW])
def test_editor_edits_every_state_but_rejected(status):
    """Editors may edit an article in any state except rejected (in review: see below)."""
    article = make_article(author=make_writer(), status=status)
    assert can_edit_content(make_editor(), article) is (status != S.REJECTED)


def test_reviewing_editor_edits_article_in_review():
    """The editor holding the review may edit the article."""
    editor = make_editor()
    article = make_article(status=S.IN_REVIEW, reviewer=editor)
    assert can_edit_content(editor, article)


def test_other_editor_cannot_edit_article_in_review():
    """Another editor must take over the review before editing."""
    article = make_article(status=S.IN_REVIEW, reviewer=make_editor())
    assert not can_edit_content(make_editor(), article)


@pytest.mark.parametrize("status", [S.DRAFT, S.PUBLISHED])
def test_staff_without_editors_group_cannot_edit(status):
    """Staff status without the Editors group gives no editing rights."""
    article = make_article(author=make_writer(), status=status)
    assert not can_edit_content(make_user(staff=True), article)


def test_anonymous_cannot_edit():
    """A reader who is not logged in edits nothing."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    assert not can_edit_content(AnonymousUser(), article)


# --- can_preview -----------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED])
def test_editor_may_preview(status):
    """An editor may preview any unpublished article."""
    article = make_article(author=make_writer(), status=status)
    assert can_preview(make_editor(), article)


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED])
def test_owner_may_preview(status):
    """The writer may preview their own article in any state."""
    writer = make_writer()
    article = make_article(author=writer, status=status)
    assert can_preview(writer, article)


@pytest.mark.parametrize(
    "make_other",
    [make_writer, AnonymousUser, lambda: make_user(staff=True)],
    ids=["other writer", "anonymous", "staff without Editors group"],
)
def test_others_may_not_preview(make_other):
    """Other writers, anonymous readers and non-editor staff cannot preview a draft."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    assert not can_preview(make_other(), article)


# --- can_take_over ---------------------------------------------------------------


def test_other_editor_can_take_over_a_review():
    """An editor who does not hold the review may take it over."""
    article = make_article(status=S.IN_REVIEW, reviewer=make_editor())
    assert can_take_over(make_editor(), article)


def test_holder_cannot_take_over_own_review():
    """The editor holding the review has nothing to take over."""
    editor = make_editor()
    article = make_article(status=S.IN_REVIEW, reviewer=editor)
    assert not can_take_over(editor, article)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.PUBLISHED])
def test_nothing_to_take_over_out_of_review(status):
    """Only an article in review can be taken over."""
    article = make_article(status=status)
    assert not can_take_over(make_editor(), article)


@pytest.mark.parametrize(
    "make_other",
    [make_writer, lambda: make_user(staff=True), AnonymousUser],
    ids=["writer", "staff without Editors group", "anonymous"],
)
def test_non_editor_cannot_take_over(make_other):
    """Only editors take over reviews."""
    article = make_article(status=S.IN_REVIEW, reviewer=make_editor())
    assert not can_take_over(make_other(), article)


# --- edit_refusal_reason ---------------------------------------------------------


def test_no_refusal_reason_when_editing_is_allowed():
    """The reason is empty when the user may edit."""
    writer = make_writer()
    article = make_article(author=writer, status=S.DRAFT)
    assert edit_refusal_reason(writer, article) == ""


def test_refusal_reason_names_the_reviewing_editor():
    """Another editor is told who is reviewing the article."""
    holder = make_editor("siti", first_name="Siti", last_name="Rahma")
    article = make_article(status=S.IN_REVIEW, reviewer=holder)
    reason = edit_refusal_reason(make_editor(), article)
    assert "Siti Rahma" in reason


def test_refusal_reason_for_rejected_article_says_rejected():
    """An editor is told a rejected article can no longer be edited."""
    article = make_article(status=S.REJECTED)
    assert "rejected" in edit_refusal_reason(make_editor(), article)


def test_refusal_reason_for_writer_after_submit_names_the_state():
    """A writer who submitted is told the article's state."""
    writer = make_writer()
    article = make_article(author=writer, status=S.SUBMITTED)
    assert "submitted" in edit_refusal_reason(writer, article)


# --- get_previewable_article_or_404 ----------------------------------------------


def test_previewable_article_is_returned_to_its_owner():
    """The owner gets their draft back."""
    writer = make_writer()
    article = make_article(author=writer, status=S.DRAFT)
    assert get_previewable_article_or_404(writer, article.pk) == article


def test_previewable_article_is_returned_to_an_editor():
    """An editor gets any article back."""
    article = make_article(author=make_writer(), status=S.SUBMITTED)
    assert get_previewable_article_or_404(make_editor(), article.pk) == article


def test_missing_article_is_404():
    """A primary key that does not exist is a 404."""
    with pytest.raises(Http404):
        get_previewable_article_or_404(make_editor(), 999_999)


@pytest.mark.parametrize(
    "make_other",
    [make_writer, AnonymousUser, lambda: make_user(staff=True)],
    ids=["other writer", "anonymous", "staff without Editors group"],
)
def test_forbidden_article_is_404_like_a_missing_one(make_other):
    """Someone who may not preview gets the same 404 as for a missing article."""
    article = make_article(author=make_writer(), status=S.DRAFT)
    with pytest.raises(Http404) as forbidden:
        get_previewable_article_or_404(make_other(), article.pk)
    with pytest.raises(Http404) as missing:
        get_previewable_article_or_404(make_other(), article.pk + 1000)
    assert str(forbidden.value) == str(missing.value)


@pytest.mark.parametrize(
    "kind, allowed",
    [
        ("writer", True),
        ("editor", True),
        ("staff_without_group", False),
        ("plain", False),
    ],
)
def test_can_upload_images(kind, allowed):
    """Editors and community writers may upload images; nobody else may."""
    from editorial.permissions import can_upload_images

    user = {
        "writer": make_writer,
        "editor": make_editor,
        "staff_without_group": lambda: make_user(staff=True),
        "plain": make_user,
    }[kind]()
    assert can_upload_images(user) is allowed
    user.is_active = False
    assert can_upload_images(user) is False

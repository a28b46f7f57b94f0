"""Submitting for review: a draft must be ready, and every missing part is named."""

import pytest

from articles.models import Article, Section
from editorial.workflow import apply, review_readiness
from tests.builders import (
    assert_refused,
    make_article,
    make_image,
    make_ready_article,
    row,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status


def test_ready_article_passes_review_readiness(writer):
    """The matrix starts from an article that has everything a review needs."""
    article = make_ready_article(S.DRAFT, author=writer)
    assert review_readiness(article) == []


def test_submit_of_empty_draft_lists_every_problem_at_once(writer):
    """An empty draft is refused with one (field, message) per missing part."""
    article = make_article(
        author=writer,
        status=S.DRAFT,
        title="",
        category=None,
        lead="",
        key_points=[],
    )
    error = assert_refused(article, "submit", writer)
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
def test_submit_needs_a_hero_image_with_credit_or_source(writer, credit, source, ready):
    """A hero image without credit and source is a hero_image problem; either one is enough."""
    image = make_image(credit=credit, source=source)
    article = make_ready_article(S.DRAFT, author=writer, hero_image=image)
    if ready:
        apply(article, "submit", writer)
        assert row(article)["status"] == S.SUBMITTED
    else:
        error = assert_refused(article, "submit", writer)
        assert [field for field, _ in error.problems] == ["hero_image"]


@pytest.mark.parametrize(
    "count, ready", [(0, False), (1, False), (2, True), (5, True), (6, False)]
)
def test_submit_needs_two_to_five_key_points(writer, count, ready):
    """Fewer than 2 or more than 5 key points is a key_points problem."""
    points = [f"Point {n}." for n in range(1, count + 1)]
    article = make_ready_article(S.DRAFT, author=writer, key_points=points)
    if ready:
        apply(article, "submit", writer)
        assert row(article)["status"] == S.SUBMITTED
    else:
        error = assert_refused(article, "submit", writer)
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
def test_submit_needs_a_section_with_heading_and_body(writer, heading, body):
    """A section missing its heading or its body text does not count."""
    article = make_ready_article(S.DRAFT, author=writer)
    article.sections.all().delete()
    Section.objects.create(article=article, position=1, heading=heading, body=body)
    error = assert_refused(article, "submit", writer)
    assert [field for field, _ in error.problems] == ["sections"]


def test_submit_from_changes_requested_checks_readiness_again(writer):
    """A writer sending an article back still has to meet the readiness checks."""
    article = make_ready_article(S.CHANGES_REQUESTED, author=writer, key_points=[])
    error = assert_refused(article, "submit", writer)
    assert [field for field, _ in error.problems] == ["key_points"]

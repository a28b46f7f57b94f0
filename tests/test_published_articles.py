"""Which articles readers get: published() and its database guards, listings, related articles."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests.builders import make_article, make_category

pytestmark = pytest.mark.django_db

Status = Article.Status


# --- published() -------------------------------------------------------------


def test_published_includes_published_article_whose_time_has_passed():
    """A published article with published_at in the past is public."""
    article = make_article()
    assert list(Article.objects.published()) == [article]


def test_published_includes_article_published_right_now():
    """``published_at`` equal to now counts as passed (``<=``)."""
    now = timezone.now()
    article = make_article(published_at=now)
    assert article in Article.objects.published()


@pytest.mark.parametrize(
    "status", [status for status in Status if status != Status.PUBLISHED]
)
def test_published_excludes_every_other_status(status):
    """Any status but published is hidden, even with a past published_at."""
    make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    make_article(status=status)
    assert not Article.objects.published().exists()


def test_published_excludes_published_with_future_published_at():
    """A scheduled (future) published_at keeps the article hidden until then."""
    make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert not Article.objects.published().exists()


def test_database_refuses_published_without_published_at():
    """A published status without a published_at cannot be stored at all."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(published_at=None)
    assert not Article.objects.exists()


def test_database_refuses_in_review_without_reviewer():
    """An article in review always names its reviewing editor."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Status.IN_REVIEW, reviewer=None)


def test_for_listing_is_published_newest_first():
    """Listings hold only public articles, newest first."""
    now = timezone.now()
    old = make_article(published_at=now - timedelta(days=2))
    new = make_article(published_at=now - timedelta(days=1))
    make_article(status=Status.DRAFT)
    assert list(Article.objects.for_listing()) == [new, old]


# --- related_to --------------------------------------------------------------


def _published(hours_ago, **fields):
    return make_article(
        published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def test_related_ranks_more_shared_tags_first_then_same_category():
    """Articles sharing more tags come first, then same-category ones, newest first."""
    home, other = make_category("Home"), make_category("Other")
    article = _published(1, category=home, tags=["banjir", "jakarta", "hujan"])
    one_tag = _published(2, category=other, tags=["banjir"])
    two_tags = _published(10, category=other, tags=["banjir", "jakarta"])
    same_category_new = _published(3, category=home)
    same_category_old = _published(20, category=home)
    _published(1, category=other, tags=["politik"])  # unrelated

    related = list(Article.objects.related_to(article))

    assert related == [two_tags, one_tag, same_category_new, same_category_old]


def test_related_never_includes_the_article_itself():
    """An article is never related to itself."""
    article = _published(1, tags=["banjir"])
    assert article not in Article.objects.related_to(article)


def test_related_never_includes_unpublished_articles():
    """Drafts, scheduled and taken-down articles are never suggested."""
    category = make_category()
    article = _published(1, category=category, tags=["banjir"])
    for status in (Status.DRAFT, Status.UNPUBLISHED, Status.APPROVED):
        make_article(status=status, category=category, tags=["banjir"])
    make_article(
        published_at=timezone.now() + timedelta(hours=1),
        category=category,
        tags=["banjir"],
    )
    assert list(Article.objects.related_to(article)) == []


def test_related_is_limited_to_four():
    """At most four related articles are returned."""
    category = make_category()
    article = _published(1, category=category)
    for hours in range(2, 9):
        _published(hours, category=category)
    assert len(Article.objects.related_to(article)) == 4


def test_related_without_tags_or_category_is_empty():
    """An article with neither tags nor category has no related articles."""
    article = _published(1, category=None)
    _published(2, category=None)
    assert list(Article.objects.related_to(article)) == []

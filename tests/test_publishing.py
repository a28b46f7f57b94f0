"""Publishing now or later, rescheduling, unpublishing and publishing again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from editorial.workflow import apply
from tests.builders import (
    SCHEDULED,
    assert_refused,
    make_ready_article,
    row,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = Article.Status


def test_publish_without_date_goes_out_now(writer, editor):
    """Publishing with no date sets published_at to now and readers see the article."""
    article = make_ready_article(S.APPROVED, author=writer)
    start = timezone.now()
    apply(article, "publish", editor)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert start <= article.published_at <= timezone.now()
    assert not article.is_scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publish_with_future_date_schedules_the_article(writer, editor):
    """Publishing with a date ahead stores it; readers do not see the article yet."""
    article = make_ready_article(S.APPROVED, author=writer)
    publish_at = timezone.now() + timedelta(hours=3)
    apply(article, "publish", editor, publish_at=publish_at)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.published_at == publish_at
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publish_of_scheduled_article_without_date_publishes_now(writer, editor):
    """Publishing a scheduled article again with no date brings it out now."""
    article = make_ready_article(SCHEDULED, author=writer)
    start = timezone.now()
    event = apply(article, "publish", editor)
    article.refresh_from_db()
    assert start <= article.published_at <= timezone.now()
    assert not article.is_scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert (event.from_status, event.to_status) == (S.PUBLISHED, S.PUBLISHED)


def test_publish_of_scheduled_article_with_new_date_reschedules_it(writer, editor):
    """A scheduled article can be moved to another future date."""
    article = make_ready_article(SCHEDULED, author=writer)
    publish_at = timezone.now() + timedelta(days=3)
    apply(article, "publish", editor, publish_at=publish_at)
    article.refresh_from_db()
    assert article.published_at == publish_at
    assert article.is_scheduled


def test_publish_of_live_article_is_refused(writer, editor):
    """An article already out cannot be published again (nor re-dated)."""
    article = make_ready_article(S.PUBLISHED, author=writer)
    assert_refused(
        article, "publish", editor, publish_at=timezone.now() + timedelta(days=1)
    )


def test_unpublish_hides_the_article_from_readers(writer, editor):
    """An unpublished article disappears from the published queryset."""
    article = make_ready_article(S.PUBLISHED, author=writer)
    assert Article.objects.published().filter(pk=article.pk).exists()
    apply(article, "unpublish", editor, note="Legal asked us to.")
    assert row(article)["status"] == S.UNPUBLISHED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_unpublished_article_can_be_published_again(writer, editor):
    """Publishing an unpublished article brings it back for readers."""
    article = make_ready_article(S.PUBLISHED, author=writer)
    apply(article, "unpublish", editor, note="Checking a fact.")
    apply(article, "publish", editor)
    assert Article.objects.published().filter(pk=article.pk).exists()

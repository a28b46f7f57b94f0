"""``manage.py generate_articles``: a synthetic archive for load tests."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, ArticleTag, Image, Section
from articles.sanitize import clean_html
from articles.synthetic_archive import ArchiveBuilder, published_in, rows_for

pytestmark = pytest.mark.django_db


def generate(count):
    err = io.StringIO()
    call_command("generate_articles", count=count, batch_size=25, stderr=err)
    return err.getvalue()


def test_generates_published_articles_with_sections_tags_and_heroes():
    """N published articles, each with 3-8 sections and 2-6 tags, most with a hero."""
    progress = generate(60)
    assert "60/60 published" in progress
    assert Article.objects.published().count() == 60
    sections = Article.objects.annotate(n=Count("sections")).values_list("n", flat=True)
    assert set(sections) <= set(range(3, 9))
    tags = Article.objects.annotate(n=Count("tagged_items")).values_list("n", flat=True)
    assert set(tags) <= set(range(1, 7)) and min(tags) >= 1
    assert Article.objects.filter(hero_image__isnull=False).exists()
    assert all(image.renditions for image in Image.objects.all())


def test_other_states_are_about_five_percent():
    """Every twentieth row is an article readers cannot see (yet)."""
    generate(95)
    assert Article.objects.published().count() == 95
    assert Article.objects.count() == rows_for(95) == 99
    assert published_in(99) == 95


def test_running_again_continues_up_to_the_count():
    """A second run adds only the missing articles, and a third adds nothing."""
    generate(30)
    rows = Article.objects.count()
    generate(50)
    assert Article.objects.count() == rows_for(50) > rows
    generate(50)
    assert Article.objects.count() == rows_for(50)
    assert Section.objects.filter(article__isnull=True).count() == 0
    assert ArticleTag.objects.values("content_object").distinct().count() == (
        rows_for(50)
    )


def test_rich_text_is_sanitised():
    """Generated leads and bodies are what the sanitiser would store."""
    generate(5)
    for article in Article.objects.all():
        assert article.lead == clean_html(str(article.lead))
    for section in Section.objects.all()[:20]:
        assert section.body == clean_html(str(section.body))


@pytest.mark.django_db
def test_rows_deep_in_a_million_article_archive_get_a_date():
    """Row 1,050,000 of 1,100,000 is dated near now, not an OverflowError."""
    builder = ArchiveBuilder(seed=1, years=5)
    builder.prepare(authors=3, tags=5)
    builder.total_rows = 1_100_000
    builder.now = timezone.now()
    article, _sections, _tags = builder.build(1_050_000)
    age = builder.now - article.created_at
    assert timedelta(0) <= age < timedelta(days=90)

"""The desk's article list: names, thumbnails, the schedule, a fixed query count."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.images import validate_and_reencode
from articles.models import Article, Image, Profile
from editorial.desk.badges import thumbnail_url
from tests.builders import (
    image_bytes,
    make_article,
    make_editor,
    make_image,
    make_writer,
)

pytestmark = pytest.mark.django_db
S = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def named(user, name):
    Profile.objects.create(user=user, display_name=name)
    return user


def test_list_shows_display_names_not_usernames(editor_client):
    """Authors and reviewers appear under their display names."""
    writer = named(make_writer("rinak"), "Rina Kurnia")
    reviewer = named(make_editor("budis"), "Budi Santoso")
    make_article(author=writer, status=S.IN_REVIEW, reviewer=reviewer)
    html = editor_client.get(CHANGELIST).content.decode()
    assert "Rina Kurnia" in html and "Budi Santoso" in html
    assert ">rinak<" not in html and ">budis<" not in html


def test_list_thumbnail_is_a_small_rendition_never_the_original(editor_client):
    """The hero thumbnail is the narrowest 16:9 rendition; without one, no image."""
    upload = SimpleUploadedFile("big.jpg", image_bytes(size=(1600, 900)))
    hero = Image.objects.create(file=validate_and_reencode(upload), alt_text="x")
    hero.refresh_from_db()
    make_article(title="With hero", hero_image=hero)
    url = thumbnail_url(hero)
    assert url and url != hero.file.url
    assert url == hero.file.storage.url(hero.renditions["16x9-480-webp"]["name"])
    html = editor_client.get(CHANGELIST).content.decode()
    assert url in html
    assert hero.file.url not in html
    hero.renditions = {}
    assert thumbnail_url(hero) == ""
    assert thumbnail_url(None) == ""


def test_list_shows_when_a_scheduled_article_goes_out(editor_client):
    """A scheduled article reads "Scheduled for" with its time."""
    make_article(title="Later", published_at=timezone.now() + timedelta(days=1))
    html = editor_client.get(CHANGELIST).content.decode()
    assert "Scheduled for" in html


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHANGELIST).status_code == 200
    return len(captured)


def add_articles(count):
    for n in range(count):
        writer = named(make_writer(), f"Writer {n}")
        make_article(
            author=writer,
            hero_image=make_image(),
            status=S.IN_REVIEW,
            reviewer=named(make_editor(), f"Editor {n}"),
            tags=["banjir"],
        )


def test_the_list_costs_a_fixed_number_of_queries(
    editor_client, django_assert_num_queries, no_resized_copies
):
    """Names, thumbnails and categories come with the rows: 2 or 8 rows, same count."""
    add_articles(2)
    few = changelist_queries(editor_client)
    add_articles(6)
    assert changelist_queries(editor_client) == few
    # Session, user, 2 permission lookups, categories and editors for the
    # filters, the capped count, the page of rows.
    with django_assert_num_queries(8):
        editor_client.get(CHANGELIST)


def test_review_queue_and_history_show_display_names(editor_client, editor):
    """The queue and the event list name people as readers see them."""
    from editorial import workflow
    from tests.builders import make_submitted_article

    article = make_submitted_article()
    named(article.author, "Rina Kurnia")
    named(editor, "Dewi Lestari")
    workflow.apply(article, "start_review", editor, notify=False)
    queue = editor_client.get(reverse("admin:editorial_reviewqueue_changelist"))
    assert "Rina Kurnia" in queue.content.decode()
    assert "Dewi Lestari" in queue.content.decode()
    events = editor_client.get(reverse("admin:editorial_reviewevent_changelist"))
    html = events.content.decode()
    assert "Dewi Lestari" in html and "Review started" in html

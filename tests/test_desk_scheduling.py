"""Scheduling on the desk: local dates, cancelling a schedule, corrections when live."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from tests.builders import (
    SCHEDULED,
    desk_action_url,
    desk_change_url,
    log_in,
    make_editor,
    make_ready_article,
    make_submitted_article,
)

pytestmark = pytest.mark.django_db
S = Article.Status


def approved_article():
    article = make_submitted_article()
    workflow.apply(article, "approve", make_editor(), notify=False)
    return article


@pytest.mark.parametrize(
    "language, expected",
    [("id", "Senin, 7 Desember 2026 09.30 WIB"), ("en", "7 December 2026 9:30 AM")],
)
def test_schedule_confirmation_shows_the_date_in_the_readers_format(
    client, editor, language, expected, monkeypatch
):
    """The "scheduled for" message uses the language's date format, not ISO."""
    monkeypatch.setattr(
        timezone,
        "now",
        lambda: datetime(2026, 12, 1, tzinfo=timezone.get_current_timezone()),
    )
    log_in(client, editor, language=language)
    article = approved_article()
    response = client.post(
        desk_action_url(article, "publish") + "?schedule=1",
        {"schedule": "1", "publish_at": "2026-12-07T09:30"},
        follow=True,
    )
    text = response.content.decode()
    assert expected in text
    assert "2026-12-07" not in text


def test_schedule_button_and_help_text_read_right(editor_client):
    """One ellipsis on the button; the required date does not say "leave empty"."""
    article = approved_article()
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert "Schedule…" in page and "Schedule……" not in page
    form = editor_client.get(desk_action_url(article, "publish") + "?schedule=1")
    assert "Leave empty" not in form.content.decode()


def test_cancel_schedule_is_one_click_and_returns_the_article_to_approved(
    editor_client,
):
    """Cancelling a schedule needs no note; the article is approved, with no date."""
    article = make_ready_article(SCHEDULED)
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert "Cancel schedule" in page
    assert desk_action_url(article, "unpublish") not in page
    response = editor_client.post(desk_action_url(article, "cancel_schedule"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.APPROVED, None)
    assert article.review_events.get().action == "cancel_schedule"


def test_cancel_schedule_of_a_live_article_is_refused_without_a_500(editor_client):
    """A live article cannot be "cancelled": a message, nothing changes."""
    article = make_ready_article(S.PUBLISHED)
    response = editor_client.post(
        desk_action_url(article, "cancel_schedule"), follow=True
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == S.PUBLISHED


@pytest.mark.parametrize("state", [SCHEDULED, S.APPROVED])
def test_corrections_are_not_offered_before_the_article_is_live(editor_client, state):
    """No "add a correction" on a scheduled or approved article, and the page refuses."""
    article = make_ready_article(state)
    page = editor_client.get(desk_change_url(article)).content.decode()
    correction_url = reverse("admin:articles_article_correction", args=[article.pk])
    assert correction_url not in page
    response = editor_client.post(correction_url, {"note": "A fix."})
    assert response.status_code == 200
    assert not article.corrections.exists()


def test_corrections_are_offered_on_a_live_article(editor_client):
    """A live article offers "add a correction"."""
    article = make_ready_article(S.PUBLISHED)
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert reverse("admin:articles_article_correction", args=[article.pk]) in page


def test_cancel_schedule_posted_twice_is_one_event_and_a_message(editor_client):
    """A double click on "cancel schedule": the second post is refused politely."""
    article = make_ready_article(SCHEDULED)
    url = desk_action_url(article, "cancel_schedule")
    assert editor_client.post(url).status_code == 302
    second = editor_client.post(url, follow=True)
    assert second.status_code == 200
    assert article.review_events.count() == 1
    assert "not possible" in second.content.decode()


@pytest.mark.parametrize(
    "query", ["?scheduled=soon", "?scheduled=today&reviewer__id__exact=abc", "?q=%00"]
)
def test_odd_list_filters_never_fail(editor_client, query):
    """Unknown filter values and junk ids answer without a server error."""
    response = editor_client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code in (200, 302)


def test_history_says_scheduled_for_a_publication_ahead(editor_client, editor):
    """A publish with a time ahead reads "Scheduled for ..." in the history, not
    "Published"; publishing now reads "Published"."""
    article = approved_article()
    ahead = timezone.now() + timedelta(days=2)
    scheduled = workflow.apply(article, "publish", editor, publish_at=ahead)
    assert scheduled.scheduled_for == ahead
    workflow.apply(article, "publish", editor)
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert "Scheduled for " in html and "<strong>Published</strong>" in html
    assert workflow.event_label(scheduled).startswith("Scheduled for ")

"""The editors' desk in the admin: lists, review queue, workflow buttons, corrections, access."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewEvent
from editorial.revisions import record_revision
from tests.builders import (
    desk_action_url,
    desk_change_url,
    make_article,
    make_editor,
    make_ready_article,
    make_submitted_article,
    make_user,
    make_writer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_resized_copies")]
S = Article.Status


def test_changelist_shows_badges_and_filters(editor_client):
    """The article list renders status badges and the desk's filters."""
    make_submitted_article(title="Banjir di hulu")
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "status-badge" in html and "Banjir di hulu" in html
    for filter_param in ("status__exact", "scheduled", "summary_source__exact"):
        assert filter_param in html


def test_changelist_scheduled_filter_and_tag_search_find_the_right_articles(
    editor_client,
):
    """The scheduled filter and search by tag find the right articles."""
    make_article(title="Later story", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Live story", tags=["gempa"])
    url = reverse("admin:articles_article_changelist")
    html = editor_client.get(url + "?scheduled=yes").content.decode()
    assert "Later story" in html and "Live story" not in html
    html = editor_client.get(url + "?q=gempa").content.decode()
    assert "Live story" in html and "Later story" not in html


def test_review_queue_is_in_the_admin_index_and_ordered(editor_client):
    """The review queue lists submitted articles oldest first, then those in review."""
    older = make_submitted_article(title="Older submission")
    ReviewEvent.objects.filter(article=older).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    newer = make_submitted_article(title="Newer submission")
    in_review = make_submitted_article(title="Being reviewed")
    workflow.apply(in_review, "start_review", make_editor(), notify=False)
    make_ready_article(title="Just a draft")
    index = editor_client.get(reverse("admin:index")).content.decode()
    queue_url = reverse("admin:editorial_reviewqueue_changelist")
    assert queue_url in index
    html = editor_client.get(queue_url).content.decode()
    positions = [
        html.index(t)
        for t in ("Older submission", "Newer submission", "Being reviewed")
    ]
    assert positions == sorted(positions)
    assert "Just a draft" not in html
    assert desk_change_url(newer) in html


def test_change_page_offers_exactly_the_allowed_actions(editor_client, editor):
    """A submitted article shows start review, request changes, approve, reject."""
    article = make_submitted_article()
    html = editor_client.get(desk_change_url(article)).content.decode()
    for action in workflow.allowed_actions(article, editor):
        assert desk_action_url(article, action) in html
    assert desk_action_url(article, "publish") not in html
    assert desk_action_url(article, "submit") not in html


def test_start_review_is_one_click_and_the_editor_holds_the_review(
    editor_client, editor
):
    """Start review is one POST; the article is in review by this editor."""
    article = make_submitted_article()
    response = editor_client.post(desk_action_url(article, "start_review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and article.reviewer == editor


def test_request_changes_asks_for_a_note_and_keeps_it_on_error(editor_client):
    """Without a note the page re-asks; with it, changes are requested and logged."""
    article = make_submitted_article()
    url = desk_action_url(article, "request_changes")
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"note": "   "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    response = editor_client.post(
        url, {"note": "Please cite the source of the figures."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.CHANGES_REQUESTED
    event = article.review_events.first()
    assert event.note == "Please cite the source of the figures."


def test_approve_ai_summary_needs_the_check_box(editor_client, editor):
    """An AI summary cannot be approved until the editor ticks the check box."""
    article = make_submitted_article(summary_source="llm")
    url = desk_action_url(article, "approve")
    response = editor_client.post(url, {})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    editor_client.post(url, {"summary_checked": "on"})
    article.refresh_from_db()
    assert article.status == S.APPROVED and article.summary_checked_by == editor


def test_scheduling_needs_a_future_time_and_keeps_the_article_hidden(
    editor_client, client
):
    """Scheduling takes a future local time; the article stays hidden until then."""
    article = make_submitted_article()
    workflow.apply(article, "approve", make_editor(), notify=False)
    url = desk_action_url(article, "publish") + "?schedule=1"
    past = timezone.localtime() - timedelta(hours=1)
    response = editor_client.post(
        url, {"schedule": "1", "publish_at": past.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 200
    assert "future" in response.content.decode()
    future = timezone.localtime() + timedelta(days=1)
    response = editor_client.post(
        url, {"schedule": "1", "publish_at": future.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publish_now_makes_the_article_public(editor_client, client):
    """ "Publish now" on an approved article makes it visible to readers."""
    article = make_submitted_article()
    workflow.apply(article, "approve", make_editor(), notify=False)
    editor_client.post(desk_action_url(article, "publish"))
    article.refresh_from_db()
    assert article.is_live
    assert client.get(article.get_absolute_url()).status_code == 200


def test_refused_action_becomes_an_admin_message(editor_client):
    """Posting an action that is not allowed redirects with a message, no 500."""
    article = make_ready_article()
    response = editor_client.post(desk_action_url(article, "approve"), follow=True)
    assert response.status_code == 200
    assert "not possible while the article is draft" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_unknown_action_is_404(editor_client):
    """A made-up action name answers 404."""
    article = make_ready_article()
    assert editor_client.post(desk_action_url(article, "explode")).status_code == 404


def test_correction_is_shown_to_readers_and_moves_date_modified(editor_client, client):
    """A correction appears on the page with its date and becomes dateModified."""
    article = make_article(published_at=timezone.now() - timedelta(days=2))
    url = reverse("admin:articles_article_correction", args=[article.pk])
    assert editor_client.post(url, {"note": ""}).status_code == 200
    response = editor_client.post(
        url, {"note": "An earlier version misspelled the mayor's name."}
    )
    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert "misspelled the mayor" in html
    correction = article.corrections.get()
    assert f'"dateModified": "{correction.created_at.isoformat()}"' in html


def test_writers_cannot_reach_the_admin(client):
    """A community writer (not staff) is sent to the admin login, never the desk."""
    client.force_login(make_writer())
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_sends_back_one_demo_submission_and_schedules_another(client, tmp_path):
    """With the demo data, the editor reviews the queue: sends one back, schedules another."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))
    client.force_login(get_user_model().objects.get(username="editor"))
    client.cookies["django_language"] = "en"
    queue = client.get(
        reverse("admin:editorial_reviewqueue_changelist")
    ).content.decode()
    waiting = list(Article.objects.filter(status=S.SUBMITTED).order_by("pk"))
    assert len(waiting) >= 2
    for article in waiting:
        assert desk_change_url(article) in queue
    first, second = waiting[:2]

    client.post(desk_action_url(first, "start_review"))
    response = client.post(
        desk_action_url(first, "request_changes"),
        {"note": "Sebutkan sumber data harga."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == S.CHANGES_REQUESTED

    client.post(desk_action_url(second, "start_review"))
    client.post(desk_action_url(second, "approve"), {"summary_checked": "on"})
    when = timezone.localtime() + timedelta(days=2)
    client.post(
        desk_action_url(second, "publish") + "?schedule=1",
        {"schedule": "1", "publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    second.refresh_from_db()
    assert second.is_scheduled
    assert [e.action for e in second.review_events.order_by("created_at", "pk")][
        -3:
    ] == [
        "start_review",
        "approve",
        "publish",
    ]


@pytest.mark.parametrize("name", ["workflow", "correction", "revision", "restore"])
def test_desk_pages_are_404_for_staff_outside_the_editors_group(client, name):
    """Staff without the Editors group get 404 on the desk's own pages, with no draft text."""
    article = make_article(status=S.DRAFT, lead="<p>Secret draft text.</p>")
    revision = record_revision(article, article.author)
    client.force_login(make_user(staff=True))
    urls = {
        "workflow": reverse(
            "admin:articles_article_workflow", args=[article.pk, "approve"]
        ),
        "correction": reverse("admin:articles_article_correction", args=[article.pk]),
        "revision": reverse(
            "admin:articles_article_revision", args=[article.pk, revision.pk]
        ),
        "restore": reverse(
            "admin:articles_article_restore", args=[article.pk, revision.pk]
        ),
    }
    response = client.get(urls[name])
    assert response.status_code == 404
    assert b"Secret draft text" not in response.content

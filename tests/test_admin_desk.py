"""The editors' desk in the admin: lists, workflow buttons, stale forms, preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from editorial import workflow
from editorial.models import ReviewEvent, Revision
from editorial.revisions import record_revision
from tests.builders import (
    desk_action_url,
    desk_change_url,
    edit_payload,
    make_article,
    make_category,
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
    for filter_param in ("status__exact", "scheduled", "summary_is_ai__exact"):
        assert filter_param in html


def test_changelist_scheduled_filter_and_search(editor_client):
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


def test_one_click_start_review(editor_client, editor):
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
    article = make_submitted_article(summary_is_ai=True)
    url = desk_action_url(article, "approve")
    response = editor_client.post(url, {})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    editor_client.post(url, {"summary_checked": "on"})
    article.refresh_from_db()
    assert article.status == S.APPROVED and article.summary_checked_by == editor


def test_schedule_publication_for_a_future_time(editor_client, client):
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


def test_saving_content_records_a_revision_and_bumps_the_version(editor_client):
    """An editor's save stores the change, a revision, and a new version number."""
    article = make_ready_article(title="Judul lama")
    response = editor_client.post(
        desk_change_url(article), edit_payload(article, title="Judul baru")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Judul baru"
    assert article.version == 2
    assert Revision.objects.filter(article=article, version=2).exists()


def test_other_editor_cannot_edit_while_review_is_held(editor_client, other_editor):
    """While another editor holds the review, an edit is refused naming them."""
    article = make_submitted_article()
    workflow.apply(article, "start_review", other_editor, notify=False)
    article.refresh_from_db()
    response = editor_client.post(
        desk_change_url(article), edit_payload(article, title="Mine now")
    )
    assert response.status_code == 200
    assert "Agus Salim is reviewing this article" in response.content.decode()
    article.refresh_from_db()
    assert article.title != "Mine now"


def test_take_over_is_logged_and_then_editing_works(editor_client, editor):
    """Taking over a held review is one logged action; the new holder may edit."""
    article = make_submitted_article()
    workflow.apply(article, "start_review", make_editor(), notify=False)
    editor_client.post(desk_action_url(article, "take_over"))
    article.refresh_from_db()
    assert article.reviewer == editor
    assert article.review_events.first().action == "take_over"
    response = editor_client.post(
        desk_change_url(article), edit_payload(article, title="Edited after take-over")
    )
    assert response.status_code == 302


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


def test_history_and_revisions_panels_escape_their_content(editor_client):
    """Notes and revision diffs show hostile text escaped, never as markup."""
    article = make_submitted_article(title="<img src=x onerror=alert(1)>")
    workflow.apply(
        article,
        "request_changes",
        make_editor(),
        note="<script>alert(2)</script>",
        notify=False,
    )
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert "<script>alert(2)</script>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    first = Revision.objects.filter(article=article).last() or None
    if first is None:
        first = record_revision(article, article.author)
    Article.objects.filter(pk=article.pk).update(title="<b onmouseover=alert(3)>x</b>")
    diff = editor_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    ).content.decode()
    assert "<img src=x onerror" not in diff
    assert "<b onmouseover" not in diff


def test_review_history_is_append_only_in_admin(editor_client):
    """Review events and revisions cannot be added, changed or deleted in the admin."""
    article = make_submitted_article()
    event = article.review_events.get()
    assert (
        editor_client.get(reverse("admin:editorial_reviewevent_add")).status_code == 403
    )
    response = editor_client.post(
        reverse("admin:editorial_reviewevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ReviewEvent.objects.filter(pk=event.pk).exists()


def test_similar_published_articles_are_listed_on_the_change_page(editor_client):
    """Published articles with a shared tag or title words show as similar."""
    make_article(title="Harga beras naik menjelang lebaran", tags=["beras"])
    make_article(title="Resep kue kering", tags=["kue"])
    article = make_submitted_article(title="Harga beras naik lagi", tags=["beras"])
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert "Harga beras naik menjelang lebaran" in html
    assert "Resep kue kering" not in html


class TestPreview:
    def test_editor_and_owner_see_the_preview_with_banner_and_noindex(self, client):
        """Staff and the owning writer see the real page marked as a preview."""
        article = make_ready_article()
        url = reverse("editorial:preview", args=[article.pk])
        for user in (make_editor(), article.author):
            client.force_login(user)
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200
            assert "preview-banner" in html
            assert '<meta name="robots" content="noindex, nofollow">' in html
            assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_other_writer_gets_404_and_anonymous_must_log_in(self, client):
        """Another writer gets the same 404 as for a missing article; anonymous is sent to log in."""
        article = make_ready_article()
        url = reverse("editorial:preview", args=[article.pk])
        response = client.get(url)
        assert response.status_code == 302
        client.force_login(make_writer())
        assert client.get(url).status_code == 404
        assert (
            client.get(reverse("editorial:preview", args=[999999])).status_code == 404
        )


def test_writers_cannot_reach_the_admin(client):
    """A community writer (not staff) is sent to the admin login, never the desk."""
    client.force_login(make_writer())
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_add_creates_a_draft_owned_by_the_editor(editor_client, editor):
    """A new article from the admin starts as a draft with a first revision."""
    category = make_category()
    data = {
        "title": "Berita baru dari meja redaksi",
        "slug": "",
        "category": category.pk,
        "author": editor.pk,
        "dateline": "Jakarta",
        "lead": "<p>Lead</p>",
        "tags": "",
        "key_points": "",
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "sections-0-position": 1,
        "sections-0-heading": "Satu",
        "sections-0-body": "<p>Isi <script>x()</script></p>",
    }
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="Berita baru dari meja redaksi")
    assert article.status == S.DRAFT
    assert Section.objects.get(article=article).body == "<p>Isi </p>"
    assert article.revisions.count() == 1


def test_done_when_flow_on_the_demo_content(client, tmp_path):
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


def test_editing_ai_key_points_clears_the_summary_check(editor_client, editor):
    """Changed AI key points need a new check before approval."""
    article = make_submitted_article(summary_is_ai=True)
    workflow.apply(article, "start_review", editor, notify=False)
    article.summary_checked_by = editor
    article.save(update_fields=["summary_checked_by"])
    article.refresh_from_db()
    payload = edit_payload(article, key_points="New point one.\nNew point two.")
    payload["summary_is_ai"] = "on"
    assert editor_client.post(desk_change_url(article), payload).status_code == 302
    article.refresh_from_db()
    assert article.summary_checked_by is None
    assert "approve" in workflow.allowed_actions(article, editor)
    with pytest.raises(workflow.TransitionError):
        workflow.apply(article, "approve", editor, notify=False)


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


def test_revision_compare_with_a_bad_id_is_404(editor_client):
    """Comparing a revision against a non-numeric id (?against=abc) is a 404, not a 500."""
    article = make_article(status=S.DRAFT)
    revision = record_revision(article, article.author)
    url = reverse("admin:articles_article_revision", args=[article.pk, revision.pk])
    assert editor_client.get(url + "?against=abc").status_code == 404

"""The desk's change page: saving content, held reviews, history, similar articles."""

import pytest
from django.urls import reverse

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
)

pytestmark = pytest.mark.django_db
S = Article.Status


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


def test_editing_ai_key_points_clears_the_summary_check(editor_client, editor):
    """Changed AI key points need a new check before approval."""
    article = make_submitted_article(summary_source="llm")
    workflow.apply(article, "start_review", editor, notify=False)
    article.summary_checked_by = editor
    article.save(update_fields=["summary_checked_by"])
    article.refresh_from_db()
    payload = edit_payload(article, key_points="New point one.\nNew point two.")
    payload["summary_source"] = "llm"
    assert editor_client.post(desk_change_url(article), payload).status_code == 302
    article.refresh_from_db()
    assert article.summary_checked_by is None
    assert "approve" in workflow.allowed_actions(article, editor)
    with pytest.raises(workflow.TransitionError):
        workflow.apply(article, "approve", editor, notify=False)


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


def test_revision_compare_with_a_bad_id_is_404(editor_client):
    """Comparing a revision against a non-numeric id (?against=abc) is a 404, not a 500."""
    article = make_article(status=S.DRAFT)
    revision = record_revision(article, article.author)
    url = reverse("admin:articles_article_revision", args=[article.pk, revision.pk])
    assert editor_client.get(url + "?against=abc").status_code == 404


def test_similar_published_articles_are_listed_on_the_change_page(editor_client):
    """Published articles with a shared tag or title words show as similar."""
    make_article(title="Harga beras naik menjelang lebaran", tags=["beras"])
    make_article(title="Resep kue kering", tags=["kue"])
    article = make_submitted_article(title="Harga beras naik lagi", tags=["beras"])
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert "Harga beras naik menjelang lebaran" in html
    assert "Resep kue kering" not in html


def test_what_changed_after_a_resubmit_compares_with_the_reviewed_text(
    editor_client, editor
):
    """After request changes, edit and resubmit, the desk shows the writer's edit."""
    from editorial import editing

    article = make_submitted_article()
    record_revision(article, article.author)  # as the writer's last save did
    workflow.apply(article, "request_changes", editor, note="Sharpen the title.")
    editing.save_content(
        article,
        editing.ContentChanges(fields={"title": "A much sharper title"}),
        article.author,
        loaded_version=article.version,
    )
    workflow.apply(article, "submit", article.author, notify=False)

    page = editor_client.get(desk_change_url(article))
    reviewed = page.context["desk_since_review"]
    assert reviewed.data["title"] != "A much sharper title"
    compare = editor_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, reviewed.pk])
    )
    assert "A much sharper title" in compare.content.decode()
    assert "No differences." not in compare.content.decode()


def test_a_first_submission_offers_no_comparison_with_a_review(editor_client):
    """Before any request for changes there is no reviewed text to compare with."""
    article = make_submitted_article()
    page = editor_client.get(desk_change_url(article))
    assert page.context["desk_since_review"] is None

"""The editor's note where the writer needs it: on the edit page, in the email, answered once resubmitted."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from tests.builders import draft_payload, make_editor, make_ready_article

pytestmark = pytest.mark.django_db

S = Article.Status


def sent_back(writer, note="Tambahkan sumber data BPS."):
    """An article of ``writer`` that an editor sent back with ``note``."""
    article = make_ready_article(author=writer, title="Pasar terapung")
    workflow.apply(article, "submit", writer, notify=False)
    editor = make_editor(first_name="Rina", last_name="Hapsari")
    workflow.apply(article, "request_changes", editor, note=note, notify=False)
    article.refresh_from_db()
    return article, editor


def resubmission(article):
    """The edit form as loaded, posted with "Save and submit for review"."""
    hero = article.hero_image
    return draft_payload(
        article,
        intent="submit",
        hero_alt_text=hero.alt_text,
        hero_caption=hero.caption,
        hero_credit=hero.credit,
        hero_source=hero.source,
    )


def test_edit_page_shows_the_open_note_of_an_article_sent_back(writer_client, writer):
    """The edit page of an article sent back for changes shows the editor's note as open."""
    article, _editor = sent_back(writer)
    response = writer_client.get(reverse("portal:edit", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rina Hapsari asks for changes" in html
    assert "Tambahkan sumber data BPS." in html
    assert "editor-note--open" in html


def test_resubmitted_note_is_shown_as_answered_with_the_history(writer_client, writer):
    """After resubmitting, the old note is answered; a second request is the open one."""
    article, editor = sent_back(writer, note="First note.")
    writer_client.post(
        reverse("portal:edit", args=[article.pk]),
        resubmission(article),
    )
    article.refresh_from_db()
    assert article.status == S.SUBMITTED

    dashboard = writer_client.get(reverse("portal:dashboard")).content.decode()
    assert "First note." in dashboard
    assert "Answered: you submitted again." in dashboard
    assert "editor-note--open" not in dashboard

    workflow.apply(
        article, "request_changes", editor, note="Second note.", notify=False
    )
    html = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    open_part, history = html.split('class="note-history"', 1)
    assert "Second note." in open_part and "First note." not in open_part
    assert history.index("Second note.") < history.index("First note.")
    assert history.count("Answered: you submitted again on") == 1
    assert "Open: waiting for your changes." in history


def test_read_only_page_lists_the_notes(writer_client, writer):
    """A submitted article's read-only page still shows the notes it answered."""
    article, _editor = sent_back(writer, note="Check the quote.")
    workflow.apply(article, "submit", writer, notify=False)
    html = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "Check the quote." in html and "editor-note--answered" in html


def test_dashboard_notes_cost_no_query_per_article(
    writer_client, writer, django_assert_max_num_queries
):
    """Notes and their answers are fetched with the list, not per row."""
    for _ in range(3):
        sent_back(writer)
    with django_assert_max_num_queries(12):
        writer_client.get(reverse("portal:dashboard"))

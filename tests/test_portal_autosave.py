"""Autosave of drafts: the same save as "Save draft", JSON answers, the stale check kept."""

import json

import pytest
from django.urls import reverse

from articles.models import Article, Section
from editorial.models import Revision
from tests.builders import draft_payload, jpeg_upload, make_article, make_writer

pytestmark = pytest.mark.django_db

S = Article.Status


def autosave(client, article, data):
    url = (
        reverse("portal:autosave", args=[article.pk])
        if article
        else reverse("portal:autosave_new")
    )
    response = client.post(url, data)
    if response["Content-Type"] != "application/json":
        return response, None
    return response, json.loads(response.content)


def test_autosave_saves_and_answers_the_new_version(writer_client, writer):
    """The text is saved through save_content; the answer carries the new version."""
    article = make_article(author=writer, status=S.DRAFT, sections=1)
    data = draft_payload(article, title="Judul baru yang diketik")
    response, answer = autosave(writer_client, article, data)
    article.refresh_from_db()
    assert response.status_code == 200 and answer["saved"] is True
    assert article.title == "Judul baru yang diketik"
    assert answer["version"] == article.version
    assert "Saved automatically" in answer["message"]


def test_autosave_on_a_stale_page_is_refused_with_409(writer_client, writer):
    """A page loaded before another tab saved is refused, with who saved and nothing changed."""
    article = make_article(author=writer, status=S.DRAFT)
    stale = draft_payload(article, title="Dari tab lama")
    autosave(writer_client, article, draft_payload(article, title="Dari tab baru"))
    response, answer = autosave(writer_client, article, stale)
    article.refresh_from_db()
    assert response.status_code == 409
    assert answer["code"] == "stale" and "saved a newer version" in answer["error"]
    assert article.title == "Dari tab baru"


def test_the_next_save_uses_the_version_autosave_returned(writer_client, writer):
    """Autosave, then "Save draft" with the returned version: both go through."""
    article = make_article(author=writer, status=S.DRAFT)
    _response, answer = autosave(writer_client, article, draft_payload(article))
    data = draft_payload(
        article, title="Disimpan manual", loaded_version=answer["version"]
    )
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Disimpan manual"


def test_a_new_section_is_not_stored_twice(writer_client, writer):
    """A section that was new in the form gets its id back and is updated, not duplicated."""
    article = make_article(author=writer, status=S.DRAFT, sections=1)
    data = draft_payload(article, sections=[("Baru", "<p>Isi.</p>")])
    _response, answer = autosave(writer_client, article, data)
    [new_id] = answer["sections"].values()
    assert answer["sections"] == {"sections-1": new_id}
    data = draft_payload(article, loaded_version=answer["version"])
    data.update(
        {
            "sections-TOTAL_FORMS": 2,
            "sections-INITIAL_FORMS": 1,
            "sections-1-heading": "Baru, diubah",
            "sections-1-body": "<p>Isi.</p>",
            "sections-1-ORDER": 2,
            "sections-1-saved_id": new_id,
        }
    )
    autosave(writer_client, article, data)
    assert [s.heading for s in article.sections.all()] == ["Heading 1", "Baru, diubah"]
    assert Section.objects.filter(article=article).count() == 2


def test_a_saved_id_of_another_article_is_ignored(writer_client, writer):
    """Naming someone else's section never moves or changes it."""
    theirs = make_article(sections=1).sections.get()
    article = make_article(author=writer, status=S.DRAFT)
    data = draft_payload(article, sections=[("Milik saya", "<p>Isi.</p>")])
    data["sections-0-saved_id"] = theirs.pk
    autosave(writer_client, article, data)
    theirs.refresh_from_db()
    assert theirs.heading == "Heading 1"
    assert article.sections.get().heading == "Milik saya"


def test_autosave_of_a_new_draft_creates_it_once(writer_client, writer):
    """The first autosave of a new draft creates it and answers its URLs; the draft token keeps a repeat from making a second."""
    data = draft_payload(draft_token="0b6c6f7e-1d1f-4a59-9d7e-6d1b0a6f0c11")
    _response, answer = autosave(writer_client, None, data)
    article = Article.objects.get(author=writer)
    assert answer["edit_url"] == reverse("portal:edit", args=[article.pk])
    assert answer["autosave_url"] == reverse("portal:autosave", args=[article.pk])
    autosave(writer_client, None, data)
    assert Article.objects.filter(author=writer).count() == 1


def test_consecutive_autosaves_share_one_revision(writer_client, writer):
    """Autosaves between two workflow steps replace each other in the history."""
    article = make_article(author=writer, status=S.DRAFT)
    version = article.version
    for title in ("Satu", "Dua", "Tiga"):
        _r, answer = autosave(
            writer_client,
            article,
            draft_payload(article, title=title, loaded_version=version),
        )
        version = answer["version"]
    assert Revision.objects.filter(article=article).count() == 1
    assert Revision.objects.get(article=article).data["title"] == "Tiga"


def test_bad_input_and_wrong_requests_never_give_a_500(writer_client, writer, client):
    """Invalid fields answer 400 JSON; GET 405; someone else's article 404; not editable 409."""
    article = make_article(author=writer, status=S.DRAFT)
    response, answer = autosave(
        writer_client, article, draft_payload(article, key_points="1\n2\n3\n4\n5\n6")
    )
    assert response.status_code == 400 and answer["saved"] is False
    response, _answer = autosave(writer_client, article, {"loaded_version": "x"})
    assert response.status_code == 400
    url = reverse("portal:autosave", args=[article.pk])
    assert writer_client.get(url).status_code == 405
    other = make_article(author=make_writer(), status=S.DRAFT)
    assert autosave(writer_client, other, draft_payload(other))[0].status_code == 404
    submitted = make_article(author=writer, status=S.SUBMITTED)
    response, answer = autosave(writer_client, submitted, draft_payload(submitted))
    assert response.status_code == 409 and answer["code"] == "not_editable"


def test_files_are_left_to_save_draft(writer_client, writer):
    """An image posted with an autosave is not stored (the script never sends one)."""
    article = make_article(author=writer, status=S.DRAFT)
    data = draft_payload(article, hero_file=jpeg_upload(), hero_alt_text="Perahu")
    response, _answer = autosave(writer_client, article, data)
    article.refresh_from_db()
    assert response.status_code == 200 and article.hero_image is None

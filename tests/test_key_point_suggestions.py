"""Key-point suggestions: asked for, made in the background, accepted, edited, discarded."""

import json

import pytest
from django.urls import reverse

from articles.models import Article, SummarySource
from editorial import editing, suggestions
from editorial.models import KeyPointSuggestion
from tests import test_summaries_llm
from tests.builders import (
    desk_change_url,
    draft_payload,
    edit_payload,
    make_article,
    make_editor,
    make_submitted_article,
)
from tests.test_summaries_llm import completion

pytestmark = pytest.mark.django_db

# The fake OpenAI-compatible server of the engine's tests (fixture "fake_llm").
fake_llm = test_summaries_llm.fake_llm

S = Article.Status
Status = KeyPointSuggestion.Status
Outcome = KeyPointSuggestion.Outcome

LEAD = (
    "<p>Warga Kampung Sukamaju membersihkan sungai yang penuh sampah plastik "
    "setiap Minggu pagi sejak awal tahun.</p>"
    "<p>Kegiatan itu dimulai oleh tiga ibu rumah tangga yang resah karena banjir "
    "datang setiap musim hujan.</p>"
)
BODY = (
    "<p>Sampah yang terkumpul dipilah menjadi plastik, kertas, dan sisa makanan. "
    "Plastik dijual ke bank sampah kelurahan dan hasilnya dipakai untuk membeli "
    "sarung tangan. Sisa makanan diolah menjadi kompos untuk kebun warga.</p>"
    "<p>Ketua RT mengatakan banjir tahun ini lebih cepat surut dibanding tahun "
    "lalu. Pemerintah kecamatan berjanji mengirim truk sampah dua kali seminggu.</p>"
)


def draft(writer, **fields):
    """A writer's draft with enough text for three points."""
    fields.setdefault("key_points", [])
    article = make_article(
        author=writer,
        status=S.DRAFT,
        title="Warga Sukamaju bersihkan sungai",
        lead=LEAD,
        **fields,
    )
    article.sections.create(position=1, heading="Sampah dipilah", body=BODY)
    return article


def suggest_url(article):
    return reverse("portal:suggest", args=[article.pk])


def decide_url(suggestion, decision):
    return reverse(
        "portal:suggestion_decide",
        args=[suggestion.article_id, suggestion.pk, decision],
    )


def test_writer_gets_three_points_from_the_text_in_the_background(
    writer_client, writer
):
    """The button records a suggestion; the task (run at once in tests) fills it."""
    article = draft(writer)
    response = writer_client.post(suggest_url(article))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:edit", args=[article.pk]))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    assert suggestion.status == Status.READY
    assert suggestion.backend == "extractive" and len(suggestion.points) == 3
    assert suggestion.requested_by == writer
    assert suggestion.article_version == article.version
    assert suggestion.input_hash and suggestion.model
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert all(point in page for point in suggestion.points)
    article.refresh_from_db()
    assert article.key_points == [], "asking changes nothing about the article"


def test_accepting_saves_the_points_through_save_content(writer_client, writer):
    """Accept writes the points, a revision and the extractive source; outcome accepted."""
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    version = article.version
    writer_client.post(decide_url(suggestion, "accept"))
    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.key_points == suggestion.points
    assert article.summary_source == SummarySource.EXTRACTIVE
    assert article.version == version + 1
    assert suggestion.outcome == Outcome.ACCEPTED and suggestion.decided_by == writer


def test_accepting_never_replaces_points_without_confirmation(writer, writer_client):
    """An article with points keeps them unless the person confirms the replacement."""
    article = draft(writer, key_points=["Ditulis sendiri.", "Oleh penulis."])
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "Replace the current points with these" in page
    assert "Ditulis sendiri." in page
    response = writer_client.post(decide_url(suggestion, "accept"), follow=True)
    assert "already has key points" in response.content.decode()
    article.refresh_from_db()
    assert article.key_points == ["Ditulis sendiri.", "Oleh penulis."]
    writer_client.post(decide_url(suggestion, "accept"), {"replace": "1"})
    article.refresh_from_db()
    assert article.key_points == suggestion.points


def test_editing_a_proposal_of_an_llm_makes_the_points_llm_edited(
    writer_client, writer
):
    """ "Edit" puts the proposal in the form; changed points are saved as llm_edited."""
    article = draft(writer)
    suggestion = KeyPointSuggestion.objects.create(
        article=article,
        article_version=article.version,
        status=Status.READY,
        backend="llm",
        model="m",
        points=["Satu.", "Dua.", "Tiga."],
    )
    edit_page = writer_client.get(
        reverse("portal:edit", args=[article.pk]) + f"?suggestion={suggestion.pk}"
    ).content.decode()
    assert "Satu.\nDua.\nTiga." in edit_page
    payload = draft_payload(
        article,
        key_points="Satu.\nDua, diperbaiki.",
        suggestion=suggestion.pk,
        summary_source="llm",
    )
    assert (
        writer_client.post(
            reverse("portal:edit", args=[article.pk]), payload
        ).status_code
        == 302
    )
    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.summary_source == SummarySource.LLM_EDITED
    assert suggestion.outcome == Outcome.EDITED


def test_saving_an_llm_proposal_unchanged_keeps_it_llm(writer_client, writer):
    """The proposal's points saved as proposed are the LLM's: source llm, accepted."""
    article = draft(writer)
    suggestion = KeyPointSuggestion.objects.create(
        article=article,
        article_version=article.version,
        status=Status.READY,
        backend="llm",
        model="m",
        points=["Satu.", "Dua."],
    )
    payload = draft_payload(article, key_points="Satu.\nDua.", suggestion=suggestion.pk)
    writer_client.post(reverse("portal:edit", args=[article.pk]), payload)
    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.summary_source == SummarySource.LLM
    assert suggestion.outcome == Outcome.ACCEPTED


def test_an_edited_extractive_proposal_stays_extractive(writer):
    """Edited sentences picked by extraction are still machine-picked: extractive."""
    article = draft(writer)
    suggestion = KeyPointSuggestion.objects.create(
        article=article,
        article_version=article.version,
        status=Status.READY,
        backend="extractive",
        model="textrank",
        points=["Satu.", "Dua."],
    )
    editing.save_content(
        article,
        editing.ContentChanges(
            fields={"key_points": ["Satu!", "Dua."]}, suggestion=suggestion
        ),
        writer,
        loaded_version=editing.ANY_VERSION,
    )
    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.summary_source == SummarySource.EXTRACTIVE
    assert suggestion.outcome == Outcome.EDITED


def test_editing_llm_points_later_makes_them_llm_edited(writer):
    """A person who edits an LLM's points (source not changed) makes them llm_edited."""
    article = draft(writer, key_points=["Satu.", "Dua."], summary_source="llm")
    editing.save_content(
        article,
        editing.ContentChanges(
            fields={"key_points": ["Satu.", "Dua lagi."], "summary_source": "llm"}
        ),
        writer,
        loaded_version=editing.ANY_VERSION,
    )
    article.refresh_from_db()
    assert article.summary_source == SummarySource.LLM_EDITED


def test_discard_records_the_outcome_and_leaves_the_article(writer_client, writer):
    """Discarded proposals stay in the history; the article is untouched."""
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    writer_client.post(decide_url(suggestion, "discard"))
    suggestion.refresh_from_db()
    article.refresh_from_db()
    assert suggestion.outcome == Outcome.DISCARDED and article.key_points == []
    response = writer_client.post(decide_url(suggestion, "accept"), follow=True)
    assert "already decided" in response.content.decode()


def test_a_proposal_for_older_text_cannot_be_accepted(writer_client, writer):
    """After the lead changed, the proposal says so and accepting is refused."""
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    Article.objects.filter(pk=article.pk).update(
        lead="<p>Teks yang lain sama sekali.</p>"
    )
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "changed after these points were proposed" in page
    with pytest.raises(suggestions.SuggestionRefused):
        suggestions.accept(KeyPointSuggestion.objects.get(pk=suggestion.pk), writer)


@pytest.mark.parametrize(
    ("setting", "lead", "message"),
    [
        ("off", LEAD, "switched off"),
        ("extractive", "<p>Pendek.</p>", "sentence"),
    ],
)
def test_bad_states_are_stored_and_shown_never_a_500(
    settings, writer_client, writer, setting, lead, message
):
    """Suggestions off or too little text: a failed suggestion with a clear message."""
    settings.SUMMARY_BACKEND = setting
    article = make_article(author=writer, status=S.DRAFT, lead=lead, key_points=[])
    assert writer_client.post(suggest_url(article)).status_code == 302
    suggestion = KeyPointSuggestion.objects.get(article=article)
    assert suggestion.status == Status.FAILED
    assert message in suggestion.error
    page = writer_client.get(reverse("portal:edit", args=[article.pk]))
    assert page.status_code == 200
    assert "No key points could be proposed" in page.content.decode()


def test_llm_failure_falls_back_and_the_page_says_so(settings, writer_client, writer):
    """An AI service that cannot be reached: extractive points, the fallback recorded."""
    settings.SUMMARY_BACKEND = "llm"
    settings.SUMMARY_LLM_URL = "http://127.0.0.1:9/v1"
    settings.SUMMARY_LLM_MODEL = "nothing-here"
    settings.SUMMARY_LLM_TIMEOUT = 0.5
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    assert suggestion.status == Status.READY
    assert suggestion.backend == "extractive" and suggestion.fallback_from == "llm"
    assert suggestion.error
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "The AI service did not answer" in page


def test_a_task_that_keeps_failing_ends_as_failed(monkeypatch, writer):
    """An unexpected error is retried; after the last attempt the suggestion fails."""
    from editorial import tasks
    from newsroom.background import MAX_ATTEMPTS

    article = draft(writer)
    monkeypatch.setattr(suggestions, "suggest", lambda *a, **k: 1 / 0)
    suggestion = suggestions.request_suggestion(article, writer)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.FAILED
    assert tasks.MAX_ATTEMPTS == MAX_ATTEMPTS


def test_writers_suggest_only_for_their_own_editable_articles(
    writer_client, other_writer, writer
):
    """Somebody else's article answers 404; one's own submitted article is refused."""
    theirs = draft(other_writer)
    assert writer_client.post(suggest_url(theirs)).status_code == 404
    mine = make_submitted_article(author=writer)
    response = writer_client.post(suggest_url(mine), follow=True)
    assert "cannot be edited now" in response.content.decode()
    assert not KeyPointSuggestion.objects.filter(article__in=[theirs, mine]).exists()
    assert writer_client.get(suggest_url(draft(writer))).status_code == 405


def test_status_endpoint_answers_json_for_the_owner_only(
    writer_client, writer, other_writer
):
    """The edit page's script polls a small JSON; others get a 404."""
    article = draft(writer)
    suggestion = suggestions.request_suggestion(article, writer)
    url = reverse("portal:suggestion_status", args=[article.pk, suggestion.pk])
    data = writer_client.get(url).json()
    assert data["status"] == "ready" and len(data["points"]) == 3
    other = draft(other_writer)
    assert (
        writer_client.get(
            reverse("portal:suggestion_status", args=[other.pk, suggestion.pk])
        ).status_code
        == 404
    )


def test_editor_suggests_and_accepts_on_the_change_form(editor_client, editor, writer):
    """The desk's change form has the same box; accepting saves through save_content."""
    article = draft(writer)
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert "Suggest key points" in page and 'form="suggestion-request"' in page
    editor_client.post(reverse("admin:articles_article_suggest", args=[article.pk]))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert suggestion.points[0] in page and "Proposed key points" in page
    editor_client.post(
        reverse(
            "admin:articles_article_suggestion_decide",
            args=[article.pk, suggestion.pk, "accept"],
        )
    )
    article.refresh_from_db()
    assert article.key_points == suggestion.points
    assert article.summary_source == SummarySource.EXTRACTIVE


def test_editor_edits_a_proposal_in_the_change_form(editor_client, editor, writer):
    """ "Edit" in the desk fills the key points field; saving records the outcome."""
    article = draft(writer)
    suggestion = KeyPointSuggestion.objects.create(
        article=article,
        article_version=article.version,
        status=Status.READY,
        backend="llm",
        model="m",
        points=["Satu.", "Dua."],
    )
    page = editor_client.get(desk_change_url(article) + f"?suggestion={suggestion.pk}")
    assert "Satu.\nDua." in page.content.decode()
    payload = edit_payload(article, key_points="Satu.\nDua.", suggestion=suggestion.pk)
    assert editor_client.post(desk_change_url(article), payload).status_code == 302
    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.summary_source == SummarySource.LLM
    assert suggestion.outcome == Outcome.ACCEPTED and suggestion.decided_by == editor


def test_staff_without_review_permission_cannot_use_the_desk_buttons(client, writer):
    """The desk's suggestion pages are for editors: other staff get a 404."""
    from tests.builders import log_in, make_user

    article = draft(writer)
    staff = make_user(staff=True)
    response = log_in(client, staff).post(
        reverse("admin:articles_article_suggest", args=[article.pk])
    )
    assert response.status_code == 404
    assert make_editor()  # an editor exists, yet the stranger cannot act


def test_a_pending_suggestion_says_so_and_offers_its_status(
    settings, writer_client, writer
):
    """Until the worker is done the box says so; a script may poll the status."""
    # The task waits for a commit that never comes inside this test.
    settings.TASKS_ENQUEUE_ON_COMMIT = True
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    assert suggestion.status == Status.PENDING
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "Proposing key points" in page
    status_url = reverse("portal:suggestion_status", args=[article.pk, suggestion.pk])
    assert f'data-suggestion-status-url="{status_url}"' in page
    assert "js/key-point-suggestion.js" in page
    assert writer_client.get(status_url).json()["status"] == "pending"


def test_llm_suggestion_from_the_fake_server_is_accepted_as_llm(
    fake_llm, writer_client, writer
):
    """The LLM path end to end: the fake server's points, provenance, source llm."""
    points = ["Warga membersihkan sungai.", "Sampah dipilah.", "Banjir cepat surut."]
    fake_llm.answer(body=completion(json.dumps({"points": points})))
    article = draft(writer)
    writer_client.post(suggest_url(article))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    assert suggestion.status == Status.READY and suggestion.points == points
    assert suggestion.backend == "llm" and suggestion.model == "tiny-model"
    assert suggestion.endpoint_host == f"127.0.0.1:{fake_llm.port}"
    assert suggestion.prompt_version and not suggestion.fallback_from
    page = writer_client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert "Proposed by an AI language model" in page
    writer_client.post(decide_url(suggestion, "accept"))
    article.refresh_from_db()
    assert article.key_points == points
    assert article.summary_source == SummarySource.LLM


def test_editors_see_every_proposal_with_its_outcome(editor_client, writer):
    """The change page and the read-only admin list show proposals and outcomes."""
    article = draft(writer)
    suggestion = suggestions.request_suggestion(article, writer)
    suggestions.discard(KeyPointSuggestion.objects.get(pk=suggestion.pk), writer)
    page = editor_client.get(desk_change_url(article)).content.decode()
    assert 'id="key-point-suggestions"' in page
    assert "Discarded" in page and "textrank" in page
    listing = editor_client.get(
        reverse("admin:editorial_keypointsuggestion_changelist")
    )
    assert listing.status_code == 200
    assert article.title in listing.content.decode()


@pytest.mark.parametrize(
    ("who", "status", "allowed"),
    [
        ("owner", S.DRAFT, True),
        ("owner", S.CHANGES_REQUESTED, True),
        ("owner", S.SUBMITTED, False),
        ("owner", S.PUBLISHED, False),
        ("other_writer", S.DRAFT, False),
        ("editor", S.SUBMITTED, True),
        ("editor", S.REJECTED, False),
    ],
)
def test_who_may_suggest_key_points(writer, other_writer, editor, who, status, allowed):
    """Exactly those who may edit the content now may ask for and decide on points."""
    from editorial import permissions

    article = make_article(author=writer, status=status)
    user = {"owner": writer, "other_writer": other_writer, "editor": editor}[who]
    assert permissions.can_suggest_key_points(user, article) is allowed

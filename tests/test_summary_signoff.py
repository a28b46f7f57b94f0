"""An editor signs off machine-made key points: the check page, its reset, the report,
and the whole way from "Suggest key points" to approval."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, SummarySource
from articles.sanitize import html_to_text
from editorial import editing, workflow
from editorial.demo.published import FLAGSHIP_SLUG
from editorial.models import KeyPointSuggestion
from editorial.summaries import ArticleText
from tests.builders import (
    assert_refused,
    desk_action_url,
    draft_payload,
    log_in,
    make_article,
    make_ready_article,
    make_submitted_article,
)

pytestmark = pytest.mark.django_db

S = Article.Status


def checked_in_review(writer, editor):
    """An article in review whose LLM key points the editor has checked."""
    article = make_ready_article(
        S.IN_REVIEW, author=writer, holder=editor, summary_source="llm"
    )
    Article.objects.filter(pk=article.pk).update(summary_checked_by=editor)
    article.refresh_from_db()
    assert not workflow.needs_summary_check(article, "approve")
    return article


def test_editing_the_lead_after_the_check_needs_a_new_check(writer, editor):
    """A changed lead voids the check: approving asks for it again."""
    article = checked_in_review(writer, editor)
    saved = editing.save_content(
        article,
        editing.ContentChanges(fields={"lead": "<p>Teras berita yang baru.</p>"}),
        editor,
        loaded_version=article.version,
    )
    assert saved.summary_check_cleared
    article.refresh_from_db()
    assert article.summary_checked_by is None
    assert workflow.needs_summary_check(article, "approve")
    assert_refused(article, "approve", editor)


def test_editing_the_tags_keeps_the_check(writer, editor):
    """Only the points and the text they summarise void the check."""
    article = checked_in_review(writer, editor)
    editing.save_content(
        article,
        editing.ContentChanges(tags=["baru"]),
        editor,
        loaded_version=article.version,
    )
    article.refresh_from_db()
    assert article.summary_checked_by == editor


def test_the_check_page_shows_points_beside_lead_and_headings(editor_client):
    """Approving machine-made points shows what the editor confirms against."""
    article = make_submitted_article(
        summary_source="extractive",
        key_points=["Poin pertama.", "Poin kedua."],
        lead="<p>Teras berita tentang sungai.</p>",
    )
    html = editor_client.get(desk_action_url(article, "approve")).content.decode()
    assert "Check the key points against the article" in html
    assert "Poin pertama." in html and "Poin kedua." in html
    assert "Teras berita tentang sungai." in html
    assert "Heading 1" in html
    assert "Automatic extraction from the text" in html
    assert 'name="summary_checked"' in html


def test_human_points_need_no_check_page(editor_client):
    """A person's points are approved without the comparison."""
    article = make_submitted_article(summary_source="human")
    assert not workflow.needs_summary_check(article, "approve")


def test_report_counts_kinds_and_finds_no_unchecked_published(editor_client, editor):
    """The desk report counts machine-made points by kind; all published are checked."""
    make_article(summary_source="llm", summary_checked_by=editor, title="LLM checked")
    make_article(summary_source="extractive", summary_checked_by=editor)
    make_article(summary_source="human", title="By a person")
    make_article(status=S.DRAFT, summary_source="llm_edited", title="Draft edited")
    response = editor_client.get(reverse("admin:articles_article_ai_report"))
    assert response.status_code == 200
    kinds = {k["value"]: k["count"] for k in response.context["kinds"]}
    assert kinds == {"extractive": 1, "llm": 1, "llm_edited": 1}
    assert response.context["unchecked"] == []
    html = response.content.decode()
    assert "LLM checked" in html and "Draft edited" in html
    assert "By a person" not in html
    assert "every published article with machine-made key points was checked" in html


def test_report_highlights_a_published_article_nobody_checked(editor_client):
    """A published article with unchecked machine-made points stands out."""
    make_article(summary_source="llm", title="Nobody checked me")
    response = editor_client.get(reverse("admin:articles_article_ai_report"))
    assert [a.title for a in response.context["unchecked"]] == ["Nobody checked me"]
    assert 'class="desk-unchecked"' in response.content.decode()


def test_report_is_for_editors_only(writer_client):
    """Writers never reach the admin pages."""
    response = writer_client.get(reverse("admin:articles_article_ai_report"))
    assert response.status_code == 302


@pytest.mark.usefixtures("no_resized_copies")
def test_writer_suggests_accepts_and_an_editor_checks_and_approves(client, settings):
    """The issue's path, offline: demo flagship text -> three Indonesian points ->
    accepted (extractive) -> submitted -> checked -> approved."""
    settings.SUMMARY_BACKEND = "extractive"
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    flagship = Article.objects.get(slug=FLAGSHIP_SLUG)
    writer = flagship.author
    editor = flagship.approved_by
    # The flagship is published; the writer starts a draft with its text.
    sections = [(s.heading, s.body) for s in flagship.sections.all()]
    log_in(client, writer)
    payload = draft_payload(
        None,
        sections=sections,
        title=flagship.title + " (draf)",
        category=flagship.category_id,
        lead=flagship.lead,
        key_points="",
        hero_file=_hero_upload(),
        hero_alt_text="Ilustrasi",
        hero_credit="Tim Redaksi",
    )
    assert client.post(reverse("portal:new"), payload).status_code == 302
    article = Article.objects.filter(author=writer).latest("created_at")
    assert article.key_points == []

    edit_url = reverse("portal:edit", args=[article.pk])
    client.post(reverse("portal:suggest", args=[article.pk]))
    suggestion = KeyPointSuggestion.objects.get(article=article)
    page = client.get(edit_url).content.decode()
    assert len(suggestion.points) == 3
    text = ArticleText.from_article(article).plain_text()
    for point in suggestion.points:
        assert point in page
        assert point.rstrip(".")[:40] in text, "extracted from the article itself"
    assert any(" yang " in f" {p} " or " di " in f" {p} " for p in suggestion.points)

    client.post(
        reverse("portal:suggestion_decide", args=[article.pk, suggestion.pk, "accept"])
    )
    article.refresh_from_db()
    assert article.key_points == suggestion.points
    assert article.summary_source == SummarySource.EXTRACTIVE

    client.post(reverse("portal:transition", args=[article.pk, "submit"]))
    article.refresh_from_db()
    assert article.status == S.SUBMITTED

    log_in(client, editor)
    assert client.post(desk_action_url(article, "approve"), {}).status_code == 200
    article.refresh_from_db()
    assert article.status == S.SUBMITTED, "not without the check"
    response = client.post(
        desk_action_url(article, "approve"), {"summary_checked": "on"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.summary_checked_by == editor
    assert html_to_text(article.lead) == html_to_text(flagship.lead)


def _hero_upload():
    from tests.builders import jpeg_upload

    return jpeg_upload()

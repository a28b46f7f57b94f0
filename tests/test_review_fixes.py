"""Edge cases found in review: each once gave a 500, leaked text or lost an edit."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.revisions import record_revision
from tests.builders import (
    make_article,
    make_editor,
    make_image,
    make_user,
    make_writer,
)
from tests.test_portal import draft_payload

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def writer_client(client):
    writer = make_writer("sari")
    client.force_login(writer)
    client.cookies["django_language"] = "en"
    client.writer = writer
    return client


@pytest.mark.parametrize("tag", ["🔥", "!!!", "x" * 101])
def test_tags_without_a_page_are_refused_in_the_portal(writer_client, tag):
    """A tag that cannot have a page (no letters, or too long) is a form error."""
    response = writer_client.post(
        reverse("portal:new"), draft_payload(tags=f"banjir, {tag}")
    )
    assert response.status_code == 200
    assert "tag" in response.content.decode().lower()
    assert not Article.objects.exists()


def test_a_stored_tag_without_slug_does_not_break_pages(client):
    """A tag slugifying to nothing (made in the shell) is skipped, never a 500."""
    article = make_article(tags=["banjir", "🔥"])
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_login_limit_counts_lookalike_usernames_together(client):
    """Full-width spellings of a username share its failed-login counter."""
    from django.core.cache import cache

    cache.clear()
    make_writer("sari")
    for _ in range(5):
        client.post(reverse("portal:login"), {"username": "sari", "password": "wrong"})
    response = client.post(
        reverse("portal:login"), {"username": "ｓａｒｉ", "password": "test-pass-123"}
    )
    assert response.status_code == 429
    cache.clear()


@pytest.mark.parametrize("name", ["workflow", "correction", "revision", "restore"])
def test_desk_pages_need_the_review_permission(client, name):
    """Staff without the Editors group get 404 on the desk's own pages."""
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


def test_revision_compare_with_a_bad_id_is_404(client):
    """?against=abc is a 404, not a 500."""
    article = make_article(status=S.DRAFT)
    revision = record_revision(article, article.author)
    client.force_login(make_editor())
    url = reverse("admin:articles_article_revision", args=[article.pk, revision.pk])
    assert client.get(url + "?against=abc").status_code == 404


def test_section_order_zero_comes_first(writer_client):
    """Order 0 sorts before 1, not after everything."""
    article = make_article(author=writer_client.writer, status=S.DRAFT, sections=2)
    data = draft_payload(article)
    data["sections-1-ORDER"] = 0
    writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert [s.heading for s in article.sections.all()] == ["Heading 2", "Heading 1"]


def test_edit_without_a_loaded_version_is_refused(writer_client):
    """A portal post that lacks the version it was loaded at saves nothing."""
    article = make_article(author=writer_client.writer, status=S.DRAFT, title="Asli")
    data = draft_payload(article, title="Tanpa versi")
    del data["loaded_version"]
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Asli"


def test_writer_is_told_when_an_editors_image_credit_cannot_change(writer_client):
    """Changing the credit of an editor's image is a form error, not a silent loss."""
    hero = make_image(uploaded_by=make_editor(), credit="Tim Foto")
    article = make_article(author=writer_client.writer, status=S.DRAFT, hero_image=hero)
    data = draft_payload(
        article, hero_alt_text=hero.alt_text, hero_caption=hero.caption
    )
    data.update(
        {
            "hero-credit": "Someone else",
            "hero-source": hero.source,
            "hero-source_url": "",
        }
    )
    response = writer_client.post(reverse("portal:edit", args=[article.pk]), data)
    assert "An editor added this image" in response.content.decode()
    hero.refresh_from_db()
    assert hero.credit == "Tim Foto"


def test_portal_is_for_writers_and_editors_only(client):
    """A logged-in account outside both groups is told the portal is not for it."""
    client.force_login(make_user())
    assert client.get(reverse("portal:new")).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "url", ["/tag/a%00b/", "/author/a%00b/", "/feeds/tag/a%00b/rss/"]
)
def test_control_characters_in_names_are_404(client, url):
    """A NUL in a tag or username URL is a 404 before any query runs."""
    assert client.get(url).status_code == 404


def test_content_save_keeps_a_transition_made_after_the_form_was_loaded():
    """A form instance loaded before a transition saves content without undoing it."""
    from editorial.editing import ContentChanges, save_content

    editor = make_editor()
    article = make_article(
        author=make_writer(), status=S.DRAFT, hero_image=make_image(), sections=1
    )
    workflow.apply(article, "submit", article.author, notify=False)
    loaded = Article.objects.get(pk=article.pk)  # what an edit form holds
    workflow.apply(
        Article.objects.get(pk=article.pk), "start_review", editor, notify=False
    )
    save_content(
        loaded,
        ContentChanges(fields={"title": "Edited while in review"}),
        editor,
        loaded_version=loaded.version,
    )
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and article.reviewer == editor
    assert article.title == "Edited while in review"

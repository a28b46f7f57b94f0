"""The desk's change page: headline, hero picker and preview, only what applies."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.images import validate_and_reencode
from articles.models import Article, Image
from tests.builders import (
    SCHEDULED,
    desk_change_url,
    image_bytes,
    make_ready_article,
)

pytestmark = pytest.mark.django_db
S = Article.Status


def big_image():
    upload = SimpleUploadedFile("big.jpg", image_bytes(size=(1600, 900)))
    image = Image.objects.create(
        file=validate_and_reencode(upload), alt_text="Sungai", credit="Ani"
    )
    image.refresh_from_db()
    return image


def test_change_page_has_a_full_width_headline_and_no_misleading_buttons(
    editor_client,
):
    """The title input is the wide headline; no "save and add another" or "save as new"."""
    article = make_ready_article(title="Warga membersihkan sungai di Bogor")
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert 'class="desk-headline"' in html
    assert 'value="Warga membersihkan sungai di Bogor"' in html
    assert 'name="_addanother"' not in html
    assert 'name="_saveasnew"' not in html
    assert 'name="_continue"' in html


def test_hero_is_searched_uploaded_in_a_popup_and_previewed(editor_client):
    """The hero picker searches images, offers an upload popup and shows the image."""
    hero = big_image()
    article = make_ready_article(hero_image=hero)
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert "admin-autocomplete" in html
    assert reverse("admin:articles_image_add") + "?_to_field=id&amp;_popup=1" in html
    preview = hero.file.storage.url(hero.renditions["16x9-480-webp"]["name"])
    assert f'src="{preview}"' in html
    assert "desk-hero-preview" in html and "Ani" in html


@pytest.mark.parametrize(
    "state, shown, hidden",
    [
        (S.DRAFT, set(), {"reviewer", "approved_by", "published_at"}),
        (S.IN_REVIEW, {"reviewer"}, {"approved_by", "published_at"}),
        (SCHEDULED, {"published_at"}, {"reviewer"}),
    ],
)
def test_workflow_fields_appear_only_when_they_apply(
    editor_client, state, shown, hidden
):
    """A draft shows no reviewer or publication time; a scheduled article shows its time."""
    article = make_ready_article(state)
    html = editor_client.get(desk_change_url(article)).content.decode()
    for field in shown:
        assert f"field-{field}" in html
    for field in hidden:
        assert f"field-{field}" not in html


def test_add_page_shows_no_workflow_fields(editor_client):
    """A new article has no status, dates or reviewer to show yet."""
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    for field in ("field-status", "field-published_at", "field-version"):
        assert field not in html
    assert 'name="_addanother"' not in html


def test_author_choice_shows_display_names(editor_client):
    """The author dropdown names writers as their bylines do."""
    from articles.models import Profile

    article = make_ready_article()
    Profile.objects.create(user=article.author, display_name="Rina Kurnia")
    html = editor_client.get(desk_change_url(article)).content.decode()
    assert f'<option value="{article.author.pk}" selected>Rina Kurnia</option>' in html

"""Images in the writer portal: one Image form per image, under Django's prefixes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Image
from tests.builders import draft_payload, image_bytes, log_in, make_writer

pytestmark = pytest.mark.django_db


def jpeg(name="foto.jpg"):
    return SimpleUploadedFile(
        name, image_bytes(size=(320, 180)), content_type="image/jpeg"
    )


def test_a_new_section_takes_an_image_in_the_first_save(client):
    """A section's image is uploaded with the section, before the article exists."""
    writer = make_writer()
    data = draft_payload(sections=[("Bagian pertama", "<p>Isi</p>")])
    data.update(
        {
            "sections-0-image-file": jpeg(),
            "sections-0-image-alt_text": "Perahu di sungai",
            "sections-0-image-credit": "Budi",
            "sections-0-image-source": "unsplash.com",
        }
    )
    response = log_in(client, writer).post(reverse("portal:new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [section] = Article.objects.get(author=writer).sections.all()
    assert section.image.alt_text == "Perahu di sungai"
    assert section.image.attribution == "unsplash.com/Budi"
    assert section.image.uploaded_by == writer


def test_image_fields_come_from_the_model():
    """Lengths and help texts of the image fields are the Image model's own."""
    from editorial.portal.forms import ImageForm

    form = ImageForm(prefix="hero")
    for name in ["alt_text", "caption", "credit", "source"]:
        model_field = Image._meta.get_field(name)
        assert form.fields[name].max_length == model_field.max_length
        assert form.fields[name].help_text == model_field.help_text
    assert form["alt_text"].html_name == "hero-alt_text"


def test_an_image_without_alt_text_is_refused_and_the_text_kept(client):
    """A new image needs its alt text; the typed title and the file (kept) come back."""
    writer = make_writer()
    data = draft_payload(title="Judul yang tetap", hero_file=jpeg(), hero_credit="Ani")
    response = log_in(client, writer).post(reverse("portal:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Judul yang tetap"' in html
    assert 'value="Ani"' in html
    assert "Describe the image for readers who cannot see it." in html
    [kept] = Image.objects.all()
    assert kept.uploaded_by == writer and f'value="{kept.pk}"' in html
    assert not Article.objects.exists()


def test_an_over_long_section_body_is_a_field_error_that_keeps_the_text(client):
    """A body over the documented cap is refused in the form; the title stays."""
    from articles.fields import MAX_RICH_TEXT_LENGTH

    writer = make_writer()
    body = "<p>" + "kata " * (MAX_RICH_TEXT_LENGTH // 5) + "</p>"
    data = draft_payload(title="Judul panjang", sections=[("Bagian", body)])
    response = log_in(client, writer).post(reverse("portal:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Judul panjang"' in html
    assert f"at most {MAX_RICH_TEXT_LENGTH}" in html or "100000" in html
    assert not Article.objects.exists()


def hero_upload(**overrides):
    data = {
        "hero_file": jpeg("hero.jpg"),
        "hero_alt_text": "Perahu di pasar terapung",
        "hero_credit": "Budi",
        "hero_source": "unsplash.com",
    }
    data.update(overrides)
    return data


def test_hero_chosen_in_a_refused_post_is_kept_for_the_next_one(client):
    """A valid hero image survives a post refused for another field; the next post uses it."""
    writer = make_writer()
    log_in(client, writer)
    data = draft_payload(key_points="1\n2\n3\n4\n5\n6", **hero_upload())
    response = client.post(reverse("portal:new"), data)
    assert response.status_code == 200
    [kept] = Image.objects.all()
    assert kept.uploaded_by == writer and kept.width == 320
    html = response.content.decode()
    assert f'name="hero-pending" value="{kept.pk}"' in html
    assert "you do not need to choose it again" in html

    data = draft_payload(
        **hero_upload(hero_file="", hero_pending=kept.pk, hero_caption="Pagi hari")
    )
    response = client.post(reverse("portal:new"), data)
    assert response.status_code == 302
    article = Article.objects.get(author=writer)
    assert article.hero_image == kept
    kept.refresh_from_db()
    assert kept.caption == "Pagi hari" and Image.objects.count() == 1


def test_kept_image_still_needs_alt_text(client):
    """A kept image without alt text is refused like a new one, and kept again."""
    writer = make_writer()
    log_in(client, writer)
    data = draft_payload(**hero_upload(hero_alt_text=""))
    response = client.post(reverse("portal:new"), data)
    assert response.status_code == 200
    [kept] = Image.objects.all()
    data = draft_payload(
        **hero_upload(hero_file="", hero_alt_text="", hero_pending=kept.pk)
    )
    response = client.post(reverse("portal:new"), data)
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert f'name="hero-pending" value="{kept.pk}"' in response.content.decode()
    assert not Article.objects.exists()


def test_someone_elses_upload_cannot_be_claimed_as_pending(client):
    """A pending id of another writer's image is ignored."""
    theirs = Image.objects.create(
        file=jpeg(), alt_text="Milik orang lain", uploaded_by=make_writer()
    )
    writer = make_writer()
    log_in(client, writer)
    data = draft_payload(**hero_upload(hero_file="", hero_pending=theirs.pk))
    assert client.post(reverse("portal:new"), data).status_code == 302
    assert Article.objects.get(author=writer).hero_image is None


def test_section_image_in_a_stale_post_is_kept(client):
    """A refused stale save keeps the section image that was chosen with it."""
    from articles.models import Article as A
    from tests.builders import make_article

    writer = make_writer()
    article = make_article(author=writer, status=A.Status.DRAFT, sections=1)
    log_in(client, writer)
    data = draft_payload(article, loaded_version=article.version - 1)
    data.update(
        {
            "sections-0-image-file": jpeg(),
            "sections-0-image-alt_text": "Perahu",
        }
    )
    response = client.post(reverse("portal:edit", args=[article.pk]), data)
    assert response.status_code == 200
    [kept] = Image.objects.filter(uploaded_by=writer)
    assert kept.file.size > 0
    assert (
        f'name="sections-0-image-pending" value="{kept.pk}"'
        in response.content.decode()
    )

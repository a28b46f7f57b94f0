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
    """A new image needs its alt text; the typed title comes back with the error."""
    writer = make_writer()
    data = draft_payload(title="Judul yang tetap", hero_file=jpeg(), hero_credit="Ani")
    response = log_in(client, writer).post(reverse("portal:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Judul yang tetap"' in html
    assert 'value="Ani"' in html
    assert "Describe the image for readers who cannot see it." in html
    assert not Image.objects.exists()


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

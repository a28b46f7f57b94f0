"""Bounded work per upload: phone MPO files, stored size, dimensions no photo has."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import (
    INVALID_IMAGE_MESSAGE,
    MAX_STORED_SIDE,
    validate_and_reencode,
)
from tests.builders import draft_payload, log_in, make_writer


def mpo_bytes(size=(320, 240)):
    """A two-picture MPO like many phone cameras write; the first picture is red."""
    first = PILImage.new("RGB", size, (200, 20, 20))
    second = PILImage.new("RGB", size, (20, 20, 200))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal_code(data, **kwargs):
    with pytest.raises(Exception) as refused:
        validate_and_reencode(upload(data, **kwargs))
    assert refused.value.message == INVALID_IMAGE_MESSAGE
    return refused.value.code


def test_multi_picture_jpeg_is_stored_as_its_first_picture():
    """An MPO from a phone is accepted as a JPEG of its first picture."""
    stored = validate_and_reencode(upload(mpo_bytes()))
    with PILImage.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 240)
        assert image.getpixel((5, 5))[0] > 150


@pytest.mark.django_db
def test_draft_with_a_multi_picture_hero_saves_instead_of_a_500(client):
    """The draft editor stores an MPO hero and keeps everything typed."""
    writer = make_writer()
    data = draft_payload(
        title="Foto dari ponsel",
        hero_file=upload(mpo_bytes()),
        hero_alt_text="Foto dari ponsel",
    )
    response = log_in(client, writer).post(reverse("portal:new"), data)
    assert response.status_code == 302


@pytest.mark.django_db
def test_ckeditor_upload_of_a_multi_picture_jpeg_is_accepted(client):
    """The in-text upload endpoint answers JSON for an MPO, not a 500."""
    log_in(client, make_writer())
    response = client.post(reverse("portal:upload"), {"upload": upload(mpo_bytes())})
    assert response.status_code == 200
    assert response.json()["uploaded"] == 1


def test_big_jpeg_is_stored_at_the_bounded_size():
    """A 6000x4000 JPEG is decoded at reduced scale and stored at most 2560 px wide."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (6000, 4000), (90, 120, 30)).save(buffer, "JPEG", quality=30)
    stored = validate_and_reencode(upload(buffer.getvalue()))
    with PILImage.open(stored) as image:
        assert max(image.size) == MAX_STORED_SIDE
        assert image.size == (2560, 1707)


def test_highly_compressible_square_png_over_the_unscaled_cap_is_refused():
    """The 6324x6324 PNG (165 KB, 40 MP) that held a worker for 19 s is refused."""
    buffer = io.BytesIO()
    PILImage.new("L", (6324, 6324)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 300_000
    assert refusal_code(buffer.getvalue(), content_type="image/png") == (
        "too_many_pixels"
    )


@pytest.mark.parametrize("size", [(12_001, 1000), (9000, 1000)], ids=["side", "ratio"])
def test_dimensions_no_news_photo_has_are_refused(size):
    """A side over 12,000 px or a ratio over 8:1 is refused from the header."""
    buffer = io.BytesIO()
    PILImage.new("L", size).save(buffer, "JPEG", quality=10)
    assert refusal_code(buffer.getvalue()) == "odd_dimensions"


def test_identifiable_but_unaccepted_format_gets_the_same_message():
    """A BMP that Pillow can read is refused with the one clear message."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "BMP")
    assert refusal_code(buffer.getvalue(), name="x.bmp") == "unreadable"

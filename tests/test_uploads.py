"""CKEditor image uploads at /write/upload/: who may, CSRF, validation, limits."""

import functools
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage

from articles.images import INVALID_IMAGE_MESSAGE, MAX_UPLOAD_BYTES
from articles.models import Image
from editorial.portal import uploads
from tests.builders import image_bytes, log_in, make_user

pytestmark = pytest.mark.django_db

URL = reverse("portal:upload")
GPS_IFD = 0x8825
CSRF_SECRET = "a" * 32
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_image(client, data=None, **kwargs):
    payload = {"upload": upload(image_bytes() if data is None else data, **kwargs)}
    return client.post(URL, payload)


def error_message(response):
    body = response.json()
    assert body["uploaded"] == 0
    return body["error"]["message"]


def invalid_image_message():
    with translation.override("en"):
        return str(INVALID_IMAGE_MESSAGE)


def jpeg_with_gps():
    exif = PILImage.Exif()
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"
    gps[2] = (6.0, 10.0, 30.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 12.0)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (10, 200, 30)).save(
        buffer, "JPEG", exif=exif.tobytes()
    )
    return buffer.getvalue()


def truncated_jpeg():
    gradient = PILImage.linear_gradient("L").resize((256, 256)).convert("RGB")
    buffer = io.BytesIO()
    gradient.save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


@functools.cache
def png_of_48_megapixels():
    buffer = io.BytesIO()
    PILImage.new("L", (8000, 6000)).save(buffer, "PNG")
    return buffer.getvalue()


# --- Success -----------------------------------------------------------------


def test_writer_upload_answers_ckeditor_json_and_stores_an_owned_image(
    writer_client, writer
):
    """A writer's JPEG becomes an Image they own, and CKEditor gets its URL and size."""
    response = post_image(writer_client, image_bytes(size=(64, 48)))

    assert response.status_code == 200
    body = response.json()
    image = Image.objects.get()
    assert image.uploaded_by == writer
    assert (image.width, image.height) == (64, 48)
    assert body == {
        "uploaded": 1,
        "fileName": image.file.name.rsplit("/", 1)[1],
        "url": image.file.url,
        "width": 64,
        "height": 48,
    }
    assert body["url"].startswith("/media/images/")


def test_alt_text_is_a_neutral_default_never_the_file_name(writer_client):
    """Without an "alt" field the image gets a neutral alt text, not its file name."""
    post_image(writer_client, name="my-holiday-photo.jpg")

    alt_text = Image.objects.get().alt_text
    assert alt_text == "Image in the article text"
    assert "holiday" not in alt_text


def test_alt_text_posted_with_the_file_is_kept(writer_client):
    """An "alt" field posted with the upload becomes the image's alt text."""
    writer_client.post(
        URL, {"upload": upload(image_bytes()), "alt": "  A flooded street  "}
    )

    assert Image.objects.get().alt_text == "A flooded street"


def test_editor_may_upload(editor_client):
    """Editors upload through the same endpoint from the admin."""
    assert post_image(editor_client).status_code == 200
    assert Image.objects.count() == 1


def test_gps_exif_is_accepted_and_stored_without_metadata(writer_client):
    """A JPEG with camera and GPS EXIF is accepted; the stored file has no metadata."""
    with PILImage.open(io.BytesIO(jpeg_with_gps())) as original:
        assert original.getexif().get_ifd(GPS_IFD)

    response = post_image(writer_client, jpeg_with_gps())

    assert response.status_code == 200
    with Image.objects.get().file.open("rb") as stored:
        data = stored.read()
    assert not PILImage.open(io.BytesIO(data)).getexif()
    assert b"Exif" not in data
    assert b"CameraMaker" not in data


# --- Who may upload ----------------------------------------------------------


def test_anonymous_upload_is_refused_with_json_not_a_redirect(en_client):
    """An anonymous upload gets a 403 JSON error, never a redirect to the login page."""
    response = post_image(en_client)

    assert response.status_code == 403
    assert error_message(response) == "Log in to upload images."
    assert not Image.objects.exists()


def test_user_who_is_neither_editor_nor_writer_is_refused(en_client):
    """A logged-in user outside both groups gets a 403 JSON error."""
    en_client.force_login(make_user())

    response = post_image(en_client)

    assert response.status_code == 403
    assert error_message(response) == "You may not upload images."
    assert not Image.objects.exists()


def test_staff_without_review_permission_is_refused(client):
    """Being staff is not enough: only editors and community writers upload."""
    client.force_login(make_user(staff=True))

    assert post_image(client).status_code == 403
    assert not Image.objects.exists()


def test_get_is_not_allowed(writer_client):
    """The endpoint only answers POST; a GET gets 405 with an Allow header."""
    response = writer_client.get(URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["uploaded"] == 0


# --- CSRF --------------------------------------------------------------------


@pytest.fixture
def csrf_client(writer):
    client = Client(enforce_csrf_checks=True)
    log_in(client, writer)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def test_upload_without_csrf_token_is_refused(csrf_client):
    """CSRF protection is on: a post without the token is refused and stores nothing."""
    response = post_image(csrf_client)

    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert not Image.objects.exists()


def test_upload_with_csrf_header_is_accepted(csrf_client):
    """The X-CSRFToken header that ckeditor-uploads.js sends satisfies the check."""
    response = csrf_client.post(
        URL, {"upload": upload(image_bytes())}, headers={"X-CSRFToken": CSRF_SECRET}
    )

    assert response.status_code == 200
    assert Image.objects.count() == 1


# --- Refusals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_data, name, content_type",
    [
        (lambda: b"Just some text, not a picture.\n", "notes.jpg", "image/jpeg"),
        (truncated_jpeg, "cut.jpg", "image/jpeg"),
        (png_of_48_megapixels, "bomb.png", "image/png"),
        (lambda: SVG, "logo.svg", "image/svg+xml"),
        (lambda: os.urandom(MAX_UPLOAD_BYTES + 1), "huge.jpg", "image/jpeg"),
    ],
    ids=["text", "truncated-jpeg", "decompression-bomb", "svg", "over-10-mb"],
)
def test_unusable_file_is_refused_with_ckeditors_error_json(
    writer_client, make_data, name, content_type
):
    """Each refusal answers 400 with the one clear message and stores no Image."""
    response = post_image(
        writer_client, make_data(), name=name, content_type=content_type
    )

    assert response.status_code == 400
    assert error_message(response) == invalid_image_message()
    assert not Image.objects.exists()


def test_post_without_a_file_is_refused(writer_client):
    """A post without the "upload" field answers 400 with CKEditor's error JSON."""
    response = writer_client.post(URL, {"alt": "Nothing attached"})

    assert response.status_code == 400
    assert error_message(response) == "Choose an image file to upload."
    assert not Image.objects.exists()


def test_file_in_another_field_is_not_accepted(writer_client):
    """Only the field CKEditor posts ("upload") is read."""
    response = writer_client.post(URL, {"file": upload(image_bytes())})

    assert response.status_code == 400
    assert not Image.objects.exists()


# --- Rate limit --------------------------------------------------------------


def test_upload_over_the_hourly_limit_is_refused(writer_client, monkeypatch):
    """One upload more than ``UPLOADS_PER_HOUR`` answers 429 and stores nothing."""
    monkeypatch.setattr(uploads, "UPLOADS_PER_HOUR", 2)
    assert [post_image(writer_client).status_code for _ in range(2)] == [200, 200]

    response = post_image(writer_client)

    assert response.status_code == 429
    assert "too many images" in error_message(response)
    assert Image.objects.count() == 2


def test_hourly_limit_counts_each_user_separately(
    writer_client, other_writer, monkeypatch
):
    """Another writer still uploads when the first one has reached the limit."""
    monkeypatch.setattr(uploads, "UPLOADS_PER_HOUR", 1)
    post_image(writer_client)
    assert post_image(writer_client).status_code == 429

    writer_client.force_login(other_writer)

    assert post_image(writer_client).status_code == 200


def test_default_limit_is_thirty_uploads_an_hour():
    """The issue's limit: 30 uploads per user per hour."""
    assert uploads.UPLOADS_PER_HOUR == 30

"""The one upload path for images: allow-listed formats, no metadata, random names."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from articles.forms import ImageUploadForm
from articles.images import (
    INVALID_IMAGE_MESSAGE,
    MAX_UPLOAD_BYTES,
    validate_and_reencode,
)
from articles.models import Image
from tests.builders import image_bytes

CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
}
RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def upload(data, name="holiday-photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopen(content_file):
    return PILImage.open(io.BytesIO(content_file.read()))


def assert_refused(data_or_upload, **upload_kwargs):
    if isinstance(data_or_upload, bytes):
        data_or_upload = upload(data_or_upload, **upload_kwargs)
    with pytest.raises(ValidationError) as excinfo:
        validate_and_reencode(data_or_upload)
    assert excinfo.value.messages == [str(INVALID_IMAGE_MESSAGE)]
    return excinfo.value.code


def jpeg_with_metadata(size=(64, 48), orientation=None):
    exif = PILImage.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x0110] = "SecretPhone 9"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"
    gps[2] = (6.0, 10.0, 30.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 12.0)
    if orientation is not None:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 200, 30)).save(
        buffer, "JPEG", exif=exif.tobytes(), comment=b"secret"
    )
    return buffer.getvalue()


def png_with_header_size(width, height):
    """A tiny PNG whose IHDR claims ``width`` x ``height`` (CRC fixed up)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr_start = 8 + 4 + 4  # signature, chunk length, chunk type
    data[ihdr_start : ihdr_start + 8] = struct.pack(">II", width, height)
    ihdr = bytes(data[ihdr_start - 4 : ihdr_start + 13])
    data[ihdr_start + 13 : ihdr_start + 17] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


# --- Accepted formats --------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, extension",
    [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "png")],
)
def test_allowed_formats_are_accepted_and_reencoded(fmt, extension):
    """JPEG, PNG, WebP and GIF come back as a decodable image of the same size."""
    result = validate_and_reencode(
        upload(
            image_bytes(fmt), name=f"x.{fmt.lower()}", content_type=CONTENT_TYPES[fmt]
        )
    )
    assert result.name.endswith(f".{extension}")
    image = reopen(result)
    image.load()
    assert image.size == (64, 48)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_stored_name_is_random_and_never_the_uploaded_name(fmt):
    """The returned name is 32 hex digits plus extension, unrelated to the upload."""
    names = {
        validate_and_reencode(
            upload(image_bytes(fmt), name="my-secret-holiday.jpg")
        ).name
        for _ in range(2)
    }
    assert len(names) == 2
    for name in names:
        assert RANDOM_NAME.fullmatch(name)
        assert "secret" not in name and "holiday" not in name


def test_gif_is_stored_as_its_first_frame():
    """An animated GIF is kept as a single still PNG frame."""
    frames = [PILImage.new("RGB", (20, 10), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    result = reopen(
        validate_and_reencode(upload(buffer.getvalue(), "a.gif", "image/gif"))
    )
    assert result.format == "PNG"
    assert getattr(result, "n_frames", 1) == 1
    assert result.convert("RGB").getpixel((0, 0)) == (255, 0, 0)


def test_transparent_png_keeps_its_alpha():
    """An RGBA PNG stays RGBA, so transparency is not lost."""
    buffer = io.BytesIO()
    PILImage.new("RGBA", (8, 8), (255, 0, 0, 0)).save(buffer, "PNG")
    result = reopen(
        validate_and_reencode(upload(buffer.getvalue(), "a.png", "image/png"))
    )
    assert result.mode == "RGBA"
    assert result.getpixel((0, 0))[3] == 0


# --- Metadata is stripped ----------------------------------------------------


def test_jpeg_exif_gps_and_comment_are_stripped():
    """EXIF (camera, GPS) and JPEG comments do not survive re-encoding."""
    original = jpeg_with_metadata()
    with PILImage.open(io.BytesIO(original)) as check:  # the fixture really has them
        assert check.getexif().get_ifd(GPS_IFD)
        assert check.info.get("comment") == b"secret"

    data = validate_and_reencode(upload(original)).read()

    image = PILImage.open(io.BytesIO(data))
    assert not image.getexif()
    assert "comment" not in image.info
    assert b"secret" not in data
    assert b"Exif" not in data
    assert b"CameraMaker" not in data


def test_png_text_chunks_are_stripped():
    """PNG tEXt chunks (comments, software names) do not survive re-encoding."""
    info = PngInfo()
    info.add_text("Comment", "secret")
    info.add_text("Author", "Jane Doe")
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(buffer, "PNG", pnginfo=info)

    data = validate_and_reencode(upload(buffer.getvalue(), "a.png", "image/png")).read()

    assert b"secret" not in data
    assert b"tEXt" not in data
    assert not PILImage.open(io.BytesIO(data)).text


def test_exif_orientation_is_applied_to_the_pixels():
    """A 60x30 JPEG tagged Orientation=6 (rotate 90) comes back 30x60, untagged."""
    result = reopen(validate_and_reencode(upload(jpeg_with_metadata((60, 30), 6))))
    assert result.size == (30, 60)
    assert ORIENTATION not in result.getexif()


# --- Refusals ----------------------------------------------------------------


def _truncated_jpeg():
    gradient = PILImage.linear_gradient("L").resize((256, 256)).convert("RGB")
    buffer = io.BytesIO()
    gradient.save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def _image_in(fmt):
    return image_bytes(fmt)


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (b"hello", "hello.jpg", "image/jpeg"),
        (b"", "empty.png", "image/png"),
        (_truncated_jpeg(), "cut.jpg", "image/jpeg"),
        (SVG, "logo.svg", "image/svg+xml"),
        (SVG, "logo.png", "image/png"),
        (_image_in("BMP"), "a.bmp", "image/bmp"),
        (_image_in("TIFF"), "a.tiff", "image/tiff"),
        (_image_in("TIFF"), "a.jpg", "image/jpeg"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "doc.pdf", "application/pdf"),
    ],
    ids=[
        "not-an-image",
        "empty",
        "truncated-jpeg",
        "svg",
        "svg-named-png",
        "bmp",
        "tiff",
        "tiff-named-jpg",
        "pdf",
    ],
)
def test_unusable_files_are_refused_as_unreadable(data, name, content_type):
    """Non-images, broken images and formats off the allow-list are refused."""
    assert assert_refused(data, name=name, content_type=content_type) == "unreadable"


def test_file_declared_over_10_mb_is_refused():
    """An upload whose size is over 10 MB is refused before it is read."""
    big = upload(image_bytes())
    big.size = MAX_UPLOAD_BYTES + 1
    assert assert_refused(big) == "too_large"


def test_file_actually_over_10_mb_is_refused_even_without_a_size():
    """More than 10 MB of data is refused even when the size is not known."""
    big = upload(image_bytes() + b"\0" * MAX_UPLOAD_BYTES)
    big.size = None
    assert assert_refused(big) == "too_large"


def test_file_of_exactly_10_mb_is_not_refused_for_size():
    """The size limit is inclusive: 10 MB exactly is accepted."""
    data = image_bytes()
    exact = upload(data + b"\0" * (MAX_UPLOAD_BYTES - len(data)))
    assert RANDOM_NAME.fullmatch(validate_and_reencode(exact).name)


def test_image_over_40_megapixels_is_refused():
    """A small but highly compressible 48 MP PNG is refused for its pixel count."""
    buffer = io.BytesIO()
    PILImage.new("L", (8000, 6000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < MAX_UPLOAD_BYTES
    assert assert_refused(buffer.getvalue(), content_type="image/png") == (
        "too_many_pixels"
    )


def test_png_header_claiming_over_40_megapixels_is_refused_without_decoding():
    """A PNG header claiming 7000x7000 is refused on the header alone."""
    data = png_with_header_size(7000, 7000)
    assert assert_refused(data, content_type="image/png") == "too_many_pixels"


def test_png_header_claiming_a_decompression_bomb_is_refused():
    """A header far beyond Pillow's own limit raises inside Pillow and is refused."""
    data = png_with_header_size(100_000, 100_000)
    assert assert_refused(data, content_type="image/png") == "unreadable"


@pytest.mark.parametrize(
    "size", [(100, 100), (40, 40)], ids=["above-2x-limit", "between-limit-and-2x"]
)
def test_images_over_pillows_pixel_limit_are_refused(monkeypatch, size):
    """Pillow's bomb error (over 2x its limit) and its warning (over 1x) both refuse."""
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1000)
    data = image_bytes("PNG", size=size)
    assert assert_refused(data, content_type="image/png") == "unreadable"


def test_upload_is_refused_with_the_same_message_every_time():
    """Every refusal reason gives the one user-facing message."""
    big = upload(image_bytes())
    big.size = MAX_UPLOAD_BYTES + 1
    codes = {
        assert_refused(b"hello"),
        assert_refused(big),
        assert_refused(png_with_header_size(7000, 7000)),
    }
    assert codes == {"unreadable", "too_large", "too_many_pixels"}


# --- ImageUploadForm ---------------------------------------------------------

FORM_FIELDS = ["alt_text", "file", "caption", "credit", "source", "source_url"]


def make_form(file, **data):
    form_class = modelform_factory(Image, form=ImageUploadForm, fields=FORM_FIELDS)
    data.setdefault("alt_text", "A green field")
    return form_class(data=data, files={"file": file})


@pytest.mark.django_db
def test_form_with_svg_upload_has_an_error_on_file():
    """An SVG upload gives a form error on "file", not an exception."""
    form = make_form(upload(SVG, "logo.svg", "image/svg+xml"))
    assert not form.is_valid()
    assert "file" in form.errors
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_form_with_disallowed_format_shows_our_message():
    """A BMP that Django's ImageField accepts is refused by our validator, on "file"."""
    form = make_form(upload(image_bytes("BMP"), "scan.bmp", "image/bmp"))
    assert not form.is_valid()
    assert form.errors["file"] == [str(INVALID_IMAGE_MESSAGE)]


@pytest.mark.django_db
def test_form_with_valid_upload_saves_clean_image_with_dimensions():
    """A valid upload saves an Image with width/height, a random name and no EXIF."""
    form = make_form(
        upload(jpeg_with_metadata(), "my-secret-holiday.jpg"),
        credit="Jane Doe",
        source="unsplash.com",
        source_url="https://unsplash.com/photos/abc",
    )
    assert form.is_valid(), form.errors

    image = form.save()

    image.refresh_from_db()
    assert (image.width, image.height) == (64, 48)
    assert image.attribution == "unsplash.com/Jane Doe"
    assert image.file.name.startswith("images/")
    assert RANDOM_NAME.fullmatch(image.file.name.rsplit("/", 1)[1])
    with image.file.open("rb") as stored:
        data = stored.read()
    assert b"Exif" not in data
    assert b"secret" not in data

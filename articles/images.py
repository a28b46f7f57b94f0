"""The one validation path for uploaded images (hero, section and in-body images).

``validate_and_reencode`` opens the upload with Pillow from an explicit list of
formats, refuses anything too large or malformed with one clear message, and
re-encodes the decoded pixels so that no metadata (EXIF, GPS, XMP, comments,
PNG text chunks) survives. The stored name is random, never the uploaded one.

The work per upload is bounded (README, "Security"): the stored original is
at most ``MAX_STORED_SIDE`` px on its long side, which is all the renditions
ever use; a JPEG is decoded at a reduced scale straight to about that size
(``Image.draft``), so a 40-megapixel photo never occupies 120 MB of pixels;
formats that cannot be decoded at reduced scale are capped at
``MAX_UNSCALED_PIXELS``; and no side may exceed ``MAX_SIDE``, or a ratio
``MAX_ASPECT``, that no news photo has. Big images are saved without
Pillow's slow ``optimize`` pass.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# PNG, WebP and GIF decode at full size: at 4 bytes a pixel, 64 MB at most.
MAX_UNSCALED_PIXELS = 16_000_000
MAX_SIDE = 12_000
MAX_ASPECT = 8  # long side / short side; a panorama is about 4
# The largest rendition is 1440 px wide; keep some room for future sizes.
MAX_STORED_SIDE = 2560
# Saving with optimize=True costs several extra passes; only worth it on small images.
OPTIMIZE_MAX_PIXELS = 1_000_000
# Pillow format name -> (format we save as, file extension).
ALLOWED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    # A multi-picture JPEG from a phone camera: the first picture is the photo.
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("PNG", "png"),  # only the first frame is kept; PNG keeps it lossless
}
# What we ask Pillow to try; MPO is found by its JPEG plugin.
OPENED_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]

INVALID_IMAGE_MESSAGE = _(
    "This file is not an image we can use. Upload a JPEG of at most 40 "
    "megapixels, or a PNG, WebP or GIF of at most 16 megapixels, in a file of "
    "at most 10 MB."
)


def _invalid(code: str) -> ValidationError:
    return ValidationError(INVALID_IMAGE_MESSAGE, code=code)


def validate_and_reencode(upload) -> ContentFile:
    """Return a clean re-encoded copy of ``upload`` or raise ``ValidationError``."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _invalid("too_large")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _invalid("too_large")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; we refuse instead.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data), formats=OPENED_FORMATS) as img:
                source_format = img.format
                if source_format not in ALLOWED_FORMATS:
                    raise _invalid("unreadable")
                _check_dimensions(img.width, img.height, source_format)
                if source_format in ("JPEG", "MPO"):
                    # Decode at 1/2, 1/4 or 1/8 scale when that still covers
                    # what is stored: far less memory and time for big photos.
                    img.draft("RGB", _stored_size(img.width, img.height))
                img.load()
                img = ImageOps.exif_transpose(img)
                img = _bounded(img)
                pixels = _strip_to_pixels(img)
    except ValidationError:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        MemoryError,
        PILImage.DecompressionBombError,
        PILImage.DecompressionBombWarning,
    ) as exc:
        raise _invalid("unreadable") from exc
    save_format, extension = ALLOWED_FORMATS[source_format]
    small = pixels.width * pixels.height <= OPTIMIZE_MAX_PIXELS
    buffer = io.BytesIO()
    if save_format == "JPEG":
        pixels.save(buffer, "JPEG", quality=88, optimize=small)
    elif save_format == "WEBP":
        pixels.save(buffer, "WEBP", quality=88)
    else:
        pixels.save(buffer, "PNG", optimize=small)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _check_dimensions(width: int, height: int, source_format: str) -> None:
    """Refuse sizes a news photo never has, from the header alone."""
    if width * height > MAX_PIXELS:
        raise _invalid("too_many_pixels")
    if source_format not in ("JPEG", "MPO") and width * height > MAX_UNSCALED_PIXELS:
        raise _invalid("too_many_pixels")
    long_side, short_side = max(width, height), max(1, min(width, height))
    if long_side > MAX_SIDE or long_side / short_side > MAX_ASPECT:
        raise _invalid("odd_dimensions")


def _stored_size(width: int, height: int) -> tuple[int, int]:
    """``width`` x ``height`` scaled so the long side is at most MAX_STORED_SIDE."""
    scale = min(1.0, MAX_STORED_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _bounded(img: PILImage.Image) -> PILImage.Image:
    """``img`` resized down to the stored size when it is larger."""
    size = _stored_size(img.width, img.height)
    if size == img.size:
        return img
    return img.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def _strip_to_pixels(img: PILImage.Image) -> PILImage.Image:
    """Copy only the pixels into a fresh image, so no metadata is carried over."""
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = img.mode in ("P", "PA") and "transparency" in img.info
        img = img.convert("RGBA" if has_alpha or img.mode == "PA" else "RGB")
    clean = PILImage.new(img.mode, img.size)
    clean.paste(img)
    return clean

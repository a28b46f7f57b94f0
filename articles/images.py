"""The one validation path for uploaded images (hero, section and in-body images).

``validate_and_reencode`` opens the upload with Pillow from an explicit list of
formats, refuses anything too large or malformed with one clear message, and
re-encodes the decoded pixels so that no metadata (EXIF, GPS, XMP, comments,
PNG text chunks) survives. The stored name is random, never the uploaded one.
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
# Pillow format name -> (format we save as, file extension).
ALLOWED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("PNG", "png"),  # only the first frame is kept; PNG keeps it lossless
}

INVALID_IMAGE_MESSAGE = _(
    "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF "
    "of at most 10 MB and 40 megapixels."
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
            with PILImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise _invalid("too_many_pixels")
                source_format = img.format
                img.load()
                img = ImageOps.exif_transpose(img)
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
    buffer = io.BytesIO()
    if save_format == "JPEG":
        pixels.save(buffer, "JPEG", quality=88, optimize=True)
    elif save_format == "WEBP":
        pixels.save(buffer, "WEBP", quality=88)
    else:
        pixels.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _strip_to_pixels(img: PILImage.Image) -> PILImage.Image:
    """Copy only the pixels into a fresh image, so no metadata is carried over."""
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = img.mode in ("P", "PA") and "transparency" in img.info
        img = img.convert("RGBA" if has_alpha or img.mode == "PA" else "RGB")
    clean = PILImage.new(img.mode, img.size)
    clean.paste(img)
    return clean

"""Resized copies ("renditions") of uploaded images, made once and reused.

Every image gets, at widths of about 480, 960 and 1440 px, a WebP copy and a
progressive JPEG fallback, both uncropped ("whole", for the article page) and
centre-cropped to 16:9 ("16x9", for cards); plus JPEG copies in 16:9, 4:3 and
1:1 at 1200 px (or as wide as the source allows) for search engines
(schema.org ``image``). Nothing is ever upscaled: a width larger than the
source is skipped and the original serves as the largest candidate instead.

Why Pillow in this module rather than sorl-thumbnail or easy-thumbnails: both
keep what they made in their own key-value store or tables and create a
thumbnail lazily on the first request that asks for it, so a page would pay a
cache or database lookup per image, and the first reader pays the resizing.
Here the set of renditions is small and fixed, made once when the image is
saved (``Image.save``) or backfilled (``manage.py make_renditions``), and their
names and sizes live on the ``Image`` row itself (``Image.renditions``), which
the reader pages already fetch, so rendering costs no query and no storage
call. Files go through the image field's storage, so S3 works unchanged.

Because pages trust the row, a lost or broken source is found when renditions
are made (on save, on the first render of an image without renditions, or by
``make_renditions --check``): ``ensure_renditions`` then logs a warning and
returns ``{}``, and the template tag shows a placeholder instead of failing.

``Image.renditions`` maps ``"<crop>-<width>-<format>"`` (``"16x9-960-webp"``)
to ``{"name": <storage name>, "width": w, "height": h}``; the extra key
``"original"`` records the source the set was made from, so a replaced file
is noticed and its renditions are made again.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django_tasks import task
from PIL import Image as PILImage

from newsroom.background import retrying

from .links import absolute_url

logger = logging.getLogger(__name__)

WIDTHS = (480, 960, 1440)
# Crop name -> aspect ratio (None keeps the source's own).
DISPLAY_CROPS: dict[str, tuple[int, int] | None] = {"whole": None, "16x9": (16, 9)}
# Google asks for 16:9, 4:3 and 1:1 images at least 1200 px wide when possible.
STRUCTURED_DATA_CROPS: dict[str, tuple[int, int]] = {
    "16x9": (16, 9),
    "4x3": (4, 3),
    "1x1": (1, 1),
}
STRUCTURED_DATA_WIDTH = 1200
STRUCTURED_DATA_MIN_PIXELS = 50_000  # Google's minimum for article images
# Format name -> (Pillow format, file extension, save options).
FORMATS: dict[str, tuple[str, str, dict]] = {
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", "jpg", {"quality": 82, "progressive": True, "optimize": True}),
}
ORIGINAL = "original"
SOURCE_FORMATS = ["JPEG", "PNG", "WEBP"]  # what articles.images stores
# The JPEG in <img src> is the widest candidate up to this width.
FALLBACK_WIDTH = 960

SIZES = {
    "card": "(min-width: 48rem) 33vw, 100vw",
    "lead": "(min-width: 48rem) 60vw, 100vw",
    "article": "(min-width: 44rem) 42rem, 100vw",
}
# Which crop each kind of display uses.
KIND_CROPS = {"card": "16x9", "lead": "16x9", "article": "whole"}


@dataclass(frozen=True)
class Spec:
    """One rendition to make: a crop of the source scaled to ``width``."""

    crop: str
    ratio: tuple[int, int] | None
    width: int
    fmt: str

    @property
    def key(self) -> str:
        return f"{self.crop}-{self.width}-{self.fmt}"


@dataclass(frozen=True)
class Candidate:
    """One file a browser may pick: its URL and pixel size."""

    url: str
    width: int
    height: int


def crop_box(
    width: int, height: int, ratio: tuple[int, int] | None
) -> tuple[int, int, int, int]:
    """The centred ``(left, top, right, bottom)`` box of ``ratio`` in the source."""
    if ratio is None:
        return (0, 0, width, height)
    rw, rh = ratio
    if width * rh > height * rw:  # wider than the ratio: trim the sides
        box_width = round(height * rw / rh)
        left = (width - box_width) // 2
        return (left, 0, left + box_width, height)
    box_height = round(width * rh / rw)
    top = (height - box_height) // 2
    return (0, top, width, top + box_height)


def _box_size(width: int, height: int, ratio) -> tuple[int, int]:
    left, top, right, bottom = crop_box(width, height, ratio)
    return right - left, bottom - top


def _scaled_height(box: tuple[int, int], width: int) -> int:
    return max(1, round(width * box[1] / box[0]))


def planned(width: int, height: int) -> dict[str, Spec]:
    """Every rendition a ``width`` x ``height`` source gets, by key (never upscaled)."""
    specs: dict[str, Spec] = {}
    for crop, ratio in DISPLAY_CROPS.items():
        box_width, _ = _box_size(width, height, ratio)
        for target in WIDTHS:
            if target <= box_width:
                for fmt in FORMATS:
                    spec = Spec(crop, ratio, target, fmt)
                    specs[spec.key] = spec
    for crop in STRUCTURED_DATA_CROPS:
        spec = _structured_spec(width, height, crop)
        if spec is not None:
            specs.setdefault(spec.key, spec)
    return specs


def _structured_spec(width: int, height: int, crop: str) -> Spec | None:
    """The search engines' JPEG in ``crop``: 1200 px wide, or as wide as possible."""
    ratio = STRUCTURED_DATA_CROPS[crop]
    box = _box_size(width, height, ratio)
    target = min(STRUCTURED_DATA_WIDTH, box[0])
    if target * _scaled_height(box, target) < STRUCTURED_DATA_MIN_PIXELS:
        return None
    return Spec(crop, ratio, target, "jpeg")


def storage_name(image, key: str) -> str:
    """Where the rendition ``key`` of ``image`` is stored.

    In a folder named after the original's file, whose name is random
    (``articles.images``): nothing in a media path can be derived from a
    database id, so counting ids reveals no unpublished article's images.
    """
    fmt = key.rsplit("-", 1)[1]
    folder = PurePosixPath(image.file.name).stem
    return f"renditions/{folder}/{key}.{FORMATS[fmt][1]}"


def needs_renditions(image) -> bool:
    """True when ``image`` has a file but no renditions made from that file."""
    if not image.file:
        return False
    original = (image.renditions or {}).get(ORIGINAL) or {}
    return original.get("name") != image.file.name


def missing_renditions(image, *, check_files: bool = False) -> set[str]:
    """Keys of the renditions ``image`` lacks; ``{"original"}`` when none are usable.

    Without ``check_files`` this reads only the row. With it, the source and
    every recorded file are looked up in storage (one call per file).
    """
    recorded, _ = _usable(image, check_files)
    if ORIGINAL not in recorded:
        return {ORIGINAL}
    size = recorded[ORIGINAL]["width"], recorded[ORIGINAL]["height"]
    return planned(*size).keys() - recorded.keys()


def _usable(image, check_files: bool) -> tuple[dict, dict]:
    """The recorded renditions still usable, and the outdated ones to delete."""
    recorded = dict(image.renditions or {})
    if needs_renditions(image):  # never made, or made from a replaced file
        return {}, recorded
    if check_files:
        storage = image.file.storage
        if not storage.exists(image.file.name):
            return {}, {}
        recorded = {
            key: entry
            for key, entry in recorded.items()
            if key == ORIGINAL or storage.exists(entry["name"])
        }
    return recorded, {}


def ensure_renditions(image, *, check_files: bool = False) -> dict:
    """Make the renditions ``image`` is missing, save them on the row, return them.

    Renditions already recorded are reused without opening any file, so calling
    this again costs nothing. With ``check_files`` the recorded files are
    looked up in storage first and the lost ones are made again. A missing or
    unreadable source is logged and ``{}`` returned; this never raises.
    """
    name = image.file.name if image.file else ""
    if not name or image.pk is None:
        logger.warning("Image %s has no stored file; no renditions made.", image.pk)
        return {}
    storage = image.file.storage
    try:
        recorded, outdated = _usable(image, check_files)
        if ORIGINAL in recorded:
            size = recorded[ORIGINAL]["width"], recorded[ORIGINAL]["height"]
            if planned(*size).keys() <= recorded.keys():
                return recorded
        made = _make(image, name, recorded)
    except Exception:  # storage backends and Pillow raise many kinds; never a 500
        logger.warning(
            "Image %s: no renditions made from %r (missing or unreadable?).",
            image.pk,
            name,
            exc_info=True,
        )
        return {}
    _delete_unused(storage, {**outdated, **recorded}, made)
    if made != image.renditions:
        image.renditions = made
        image.save(update_fields=["renditions"])
    return made


def _make(image, name: str, recorded: dict) -> dict:
    """Open the source once and write the renditions ``recorded`` lacks."""
    storage = image.file.storage
    with storage.open(name, "rb") as handle:
        with PILImage.open(handle, formats=SOURCE_FORMATS) as opened:
            opened.load()
            source = _with_alpha_or_rgb(opened)
    width, height = source.size
    made = {ORIGINAL: {"name": name, "width": width, "height": height}}
    # A 16:9 source's "whole" and "16x9" copies are the same pixels: made once.
    scaled: dict[tuple, PILImage.Image] = {}
    written: dict[tuple, dict] = {}
    for key, spec in planned(width, height).items():
        if key in recorded:
            made[key] = recorded[key]
            continue
        box = crop_box(width, height, spec.ratio)
        size = (
            spec.width,
            _scaled_height((box[2] - box[0], box[3] - box[1]), spec.width),
        )
        if (box, size, spec.fmt) not in written:
            if (box, size) not in scaled:
                scaled[box, size] = source.resize(
                    size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0
                )
            written[box, size, spec.fmt] = _store(
                storage, storage_name(image, key), scaled[box, size], spec.fmt
            )
        made[key] = written[box, size, spec.fmt]
    return made


def _with_alpha_or_rgb(img: PILImage.Image) -> PILImage.Image:
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        return img.convert("RGBA")
    return img.convert("RGB")


def _store(storage, target: str, img: PILImage.Image, fmt: str) -> dict:
    """Encode ``img`` as ``fmt`` and save it at ``target`` (replacing a leftover)."""
    pillow_format, _, options = FORMATS[fmt]
    if pillow_format == "JPEG" and img.mode == "RGBA":
        flat = PILImage.new("RGB", img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    buffer = io.BytesIO()
    img.save(buffer, pillow_format, **options)
    if storage.exists(target):  # left by an interrupted run; keep names stable
        storage.delete(target)
    saved = storage.save(target, ContentFile(buffer.getvalue()))
    return {"name": saved, "width": img.width, "height": img.height}


def _delete_unused(storage, outdated: dict, made: dict) -> None:
    """Delete the files of renditions that ``made`` no longer uses."""
    keep = {entry["name"] for entry in made.values()}
    for key, entry in outdated.items():
        if key != ORIGINAL and entry.get("name") not in keep:
            try:
                storage.delete(entry["name"])
            except Exception:
                logger.warning("Could not delete rendition %r.", entry, exc_info=True)


def candidates(image, crop: str, fmt: str) -> list[Candidate]:
    """The files a browser may pick for ``crop`` in ``fmt``, narrowest first.

    Every recorded copy of that crop and format counts (the search engines'
    16:9 JPEG too). When the source is narrower than the largest width, the
    widths above it are skipped and the original is added as the largest
    candidate, in the WebP list too: browsers choose a ``<source>`` by its type
    but decode each file by its content, and without it WebP browsers would
    stop at a smaller copy.
    """
    recorded = image.renditions or {}
    storage = image.file.storage
    prefix, suffix = f"{crop}-", f"-{fmt}"
    found = sorted(
        (
            Candidate(storage.url(entry["name"]), entry["width"], entry["height"])
            for key, entry in recorded.items()
            if key.startswith(prefix) and key.endswith(suffix)
        ),
        key=lambda candidate: candidate.width,
    )
    if not found and fmt != "jpeg":
        return []
    original = recorded.get(ORIGINAL)
    if original and image.file:
        ratio = DISPLAY_CROPS.get(crop, STRUCTURED_DATA_CROPS.get(crop))
        box = _box_size(original["width"], original["height"], ratio)
        widest = found[-1].width if found else 0
        if box[0] < max(WIDTHS) and original["width"] > widest:
            found.append(
                Candidate(image.file.url, original["width"], original["height"])
            )
    return found


def srcset(image, crop: str, fmt: str) -> str:
    """The ``srcset`` attribute value for ``crop`` in ``fmt`` (``""`` if none)."""
    return ", ".join(f"{c.url} {c.width}w" for c in candidates(image, crop, fmt))


def fallback(image, crop: str) -> Candidate | None:
    """The JPEG for ``src``: the widest candidate up to 960 px, else the narrowest."""
    options = candidates(image, crop, "jpeg")
    if not options:
        return None
    fitting = [c for c in options if c.width <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else options[0]


def display_size(image, crop: str, width: int) -> tuple[int, int]:
    """``width`` and the height that keeps ``crop``'s ratio (for width/height)."""
    original = (image.renditions or {}).get(ORIGINAL) or {
        "width": image.width,
        "height": image.height,
    }
    box = _box_size(original["width"], original["height"], DISPLAY_CROPS[crop])
    return width, _scaled_height(box, width)


def structured_data_images(image) -> list[str]:
    """Absolute URLs of the 16:9, 4:3 and 1:1 JPEGs, or of the original without them."""
    if image is None or not image.file:
        return []
    recorded = image.renditions or {}
    original = recorded.get(ORIGINAL)
    urls = []
    if original:
        for crop in STRUCTURED_DATA_CROPS:
            spec = _structured_spec(original["width"], original["height"], crop)
            if spec is not None and spec.key in recorded:
                urls.append(image.file.storage.url(recorded[spec.key]["name"]))
    if not urls:
        urls.append(image.file.url)
    return [absolute_url(url) for url in urls]


@task()
def make_image_renditions(image_id: int, attempt: int = 1, request_id=None) -> None:
    """Make the resized copies of one image (nothing to do when they exist)."""
    with retrying(
        make_image_renditions, image_id, attempt=attempt, request_id=request_id
    ):
        # Looked up through the registry: articles.models imports this module.
        images = apps.get_model("articles", "Image").objects
        image = images.filter(pk=image_id).first()
        if image is not None and needs_renditions(image):
            ensure_renditions(image)

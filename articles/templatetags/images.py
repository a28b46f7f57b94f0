"""``{% responsive_image image kind eager %}``: an image with its renditions.

Renders a ``<picture>`` with a WebP ``<source>`` and a JPEG ``<img>`` fallback,
``srcset``/``sizes`` for the kind of display, and width/height so the page does
not shift while images load. Everything comes from the ``Image`` row (no query
and no storage call per image); an image whose renditions were never made is
backfilled once. A missing or unreadable source renders a placeholder.
"""

from django import template

from articles import renditions

register = template.Library()

PLACEHOLDER_SIZE = (960, 540)  # static/img/placeholder.svg is 16:9


@register.inclusion_tag("articles/includes/responsive_image.html")
def responsive_image(image, kind: str = "article", eager: bool = False) -> dict:
    """Context for one image shown as ``kind`` ("article", "card" or "lead").

    ``eager`` is for the one image above the fold (the hero, the lead story):
    it loads at high priority; every other image loads lazily.
    """
    if kind not in renditions.KIND_CROPS:
        raise ValueError(f"Unknown image kind {kind!r}.")
    context = {"image": image, "eager": eager}
    if image is None:
        return context
    if renditions.needs_renditions(image):
        # Not made yet (a background task makes them after the upload): the
        # original, sized, so the page never waits for resizing.
        return {**context, **_original_sized(image)}
    crop = renditions.KIND_CROPS[kind]
    src = (
        renditions.fallback(image, crop)
        if image.file and renditions.ORIGINAL in (image.renditions or {})
        else None
    )
    if src is None:
        width, height = PLACEHOLDER_SIZE
        return {**context, "placeholder": True, "width": width, "height": height}
    width, height = renditions.display_size(image, crop, src.width)
    return {
        **context,
        "src": src.url,
        "srcset": renditions.srcset(image, crop, "jpeg"),
        "webp_srcset": renditions.srcset(image, crop, "webp"),
        "sizes": renditions.SIZES[kind],
        "width": width,
        "height": height,
    }


def _original_sized(image) -> dict:
    """The stored original as ``src`` with its display size, or the placeholder."""
    if not image.file or not image.width or not image.height:
        width, height = PLACEHOLDER_SIZE
        return {"placeholder": True, "width": width, "height": height}
    width = min(image.width, renditions.FALLBACK_WIDTH)
    height = round(image.height * width / image.width)
    return {"src": image.file.url, "srcset": "", "width": width, "height": height}


@register.simple_tag
def share_image_url(image) -> str:
    """Absolute URL of ``image`` for og:image/twitter:image: its 16:9 JPEG if any."""
    urls = renditions.structured_data_images(image)
    return urls[0] if urls else ""

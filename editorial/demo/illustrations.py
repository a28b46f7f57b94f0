"""Deterministic abstract illustrations for the demo's articles."""

import io
import random

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw

ILLUSTRATION_SIZE = (1600, 900)


def render_illustration(palette: list[str], seed: int) -> bytes:
    """A deterministic abstract illustration as JPEG bytes.

    A vertical gradient between the first two palette colours, overlaid with
    translucent circles, blocks, bands and triangles in the accent colours.
    The same palette and seed always give the same picture.
    """
    rng = random.Random(seed)
    width, height = ILLUSTRATION_SIZE
    top, bottom, *accents = [ImageColor.getrgb(colour) for colour in palette]

    mask = PILImage.linear_gradient("L").resize(ILLUSTRATION_SIZE)
    picture = PILImage.composite(
        PILImage.new("RGB", ILLUSTRATION_SIZE, bottom),
        PILImage.new("RGB", ILLUSTRATION_SIZE, top),
        mask,
    ).convert("RGBA")

    overlay = PILImage.new("RGBA", ILLUSTRATION_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(3):  # wide diagonal bands
        colour = (*rng.choice(accents), rng.randint(40, 90))
        x = rng.randint(-width // 2, width)
        band = rng.randint(80, 260)
        draw.polygon(
            [(x, 0), (x + band, 0), (x + band - 500, height), (x - 500, height)],
            fill=colour,
        )
    for _ in range(5):  # colour blocks
        colour = (*rng.choice(accents), rng.randint(120, 210))
        x, y = rng.randint(0, width - 200), rng.randint(0, height - 150)
        draw.rectangle(
            [x, y, x + rng.randint(120, 420), y + rng.randint(80, 300)], fill=colour
        )
    for _ in range(4):  # circles
        colour = (*rng.choice(accents), rng.randint(140, 230))
        radius = rng.randint(50, 220)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    for _ in range(2):  # triangles
        colour = (*rng.choice(accents), rng.randint(150, 230))
        x, y = rng.randint(100, width - 100), rng.randint(100, height - 100)
        size = rng.randint(90, 240)
        draw.polygon(
            [(x, y - size), (x + size, y + size), (x - size, y + size)], fill=colour
        )

    picture = PILImage.alpha_composite(picture, overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()

"""The renditions the site publishes of each photo: a few widths, never upscaled, in WebP and JPEG.

Their file names come from the photo's content digest, so an unchanged photo keeps its addresses
and its cached renditions whatever its file name (see :mod:`generator.render.photos`, which makes them).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.model import Image

WIDTHS = (320, 640, 1280)


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: str  # file name inside the output image folder
    jpeg: str


def plan(digest: str, width: int, height: int) -> tuple[Rendition, ...]:
    """The renditions an image gets; never upscaled."""
    widths = sorted({min(w, width) for w in WIDTHS})
    stem = digest[:20]
    return tuple(
        Rendition(w, max(1, round(height * w / width)), f"{stem}-{w}.webp", f"{stem}-{w}.jpg") for w in widths
    )


def renditions(image: Image) -> tuple[Rendition, ...]:
    return plan(image.digest, image.width, image.height)


def largest(image: Image) -> Rendition:
    """The rendition a page shares, links to and prints: the widest."""
    return renditions(image)[-1]

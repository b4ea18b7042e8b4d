"""Photo renditions made at build time, on every core, cached by their source's content digest.

Each source photo becomes the renditions :mod:`generator.site.photos` plans (WebP with a JPEG
fallback), with its EXIF orientation applied, every metadata block (GPS included) dropped, and
shown as on a white page (:func:`to_rgb`). They are kept in a verified
:class:`~generator.support.cache_store.Store`, so an unchanged photo is never processed twice.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps

from ..site.photos import Rendition
from ..support.cache_store import Entry, Store, write
from ..support.parallel import fork_map

WHITE = (255, 255, 255)


def to_rgb(img: PILImage.Image) -> PILImage.Image:
    """``img`` in 8-bit RGB, as a browser shows it on a white page.

    Pillow's own conversion clips 16-bit greys (a mid-grey PNG comes out white) and drops
    transparency (a transparent background comes out black): greys are scaled to 8 bits, and what
    is transparent is laid on white. Other modes (CMYK, palette, bilevel) convert as Pillow does.
    """
    if img.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # PNG's 16-bit grey: 0 to 65,535
        img = img.convert("I").point(lambda value: value / 257).convert("L")
    if not img.has_transparency_data:
        return img.convert("RGB")
    flat = PILImage.new("RGB", img.size, WHITE)
    with_alpha = img.convert("RGBA")
    flat.paste(with_alpha, mask=with_alpha.getchannel("A"))
    return flat


def encoded(img: PILImage.Image, fmt: str, **options) -> bytes:
    """``img`` as a file, in memory: written to the cache whole (Pillow's JPEG encoder does not
    notice a write cut short by a full disk)."""
    buffer = io.BytesIO()
    img.save(buffer, fmt, **options)
    return buffer.getvalue()


def _render_one(job: tuple[str, str, tuple[Rendition, ...]]) -> list[tuple[str, Entry]]:
    source, cache_dir, renditions = job
    entries = []
    with PILImage.open(source) as img:
        img = to_rgb(ImageOps.exif_transpose(img))  # metadata is not carried over
        for r in renditions:
            resized = img if r.width == img.width else img.resize((r.width, r.height), PILImage.Resampling.LANCZOS)
            for name, fmt, options in ((r.webp, "WEBP", {"quality": 80, "method": 4}), (r.jpeg, "JPEG", {"quality": 82, "optimize": True, "progressive": True})):
                entries.append((name, write(os.path.join(cache_dir, name), encoded(resized, fmt, **options))))
    return entries


def render_all(jobs: dict[str, tuple[Path, tuple[Rendition, ...]]], store: Store) -> int:
    """Make the renditions of ``jobs`` (digest -> source, renditions) that ``store`` does not hold
    intact; afterwards ``store`` has the entry of every rendition.

    Returns how many source images were processed (0 when all were cached).
    """
    intact = store.check(name for _, renditions in jobs.values() for r in renditions for name in (r.webp, r.jpeg))
    todo = [
        (str(source), str(store.folder), renditions)
        for source, renditions in jobs.values()
        if not all(r.webp in intact and r.jpeg in intact for r in renditions)
    ]
    for entries in fork_map(_render_one, todo, minimum=2, chunksize=4):
        store.keep(entries)
    store.save()
    return len(todo)

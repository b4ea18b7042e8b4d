"""Product photos: checked at load time, turned into responsive renditions at build time.

Each source image becomes a few widths of WebP with a JPEG fallback, with its
EXIF orientation applied, every metadata block (GPS included) dropped, and
shown as on a white page (:func:`to_rgb`). The renditions are cached by the
source's content hash (in a verified :class:`~generator.cache_store.Store`), so
an unchanged photo is never processed twice, whatever its file name, and
renditions are produced in parallel over the machine's cores.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps

from .cache_store import Entry, Store, write
from .memo import Memo, digest
from .parallel import die_with_parent

WIDTHS = (320, 640, 1280)
MAX_PIXELS = 40_000_000
MAX_BYTES = 25 * 1024 * 1024
MAX_RATIO = 8
"""Longest side over shortest: beyond it a photo cannot be shown on a card, and a rendition
1280 pixels wide would pass WebP's limit of 16,383 pixels."""
FORMATS = {"JPEG", "PNG", "WEBP"}
_TRANSPOSED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


class ImageProblem(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    digest: str
    width: int  # after EXIF orientation
    height: int


def check(path: Path, memo: Memo | None = None) -> Checked:
    """Open, verify and decode a source image once; raise ImageProblem saying why it cannot be used.

    A photo the ``memo`` holds passed these checks in an earlier build and is not decoded again.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImageProblem(f"the image is {size:,} bytes; at most {MAX_BYTES:,} are accepted")
    data = path.read_bytes()
    if memo is None:
        return _decode(path, data)
    return memo.through("images", digest(data), lambda: _decode(path, data),
                        lambda c: [c.digest, c.width, c.height], lambda kept: Checked(*kept))


def _decode(path: Path, data: bytes) -> Checked:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(path) as img:
                fmt, (width, height) = img.format, img.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(f"the image is {width}×{height} pixels; at most {MAX_PIXELS:,} pixels are accepted")
                img.verify()
            # verify() does not decode pixel data; decode once so truncated files fail here.
            with PILImage.open(path) as img:
                orientation = img.getexif().get(0x0112, 1)
                img.load()
        except ImageProblem:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise ImageProblem("the image is far too large (decompression bomb)") from None
        except PILImage.UnidentifiedImageError:
            raise ImageProblem("the file is not an image Pillow can read (JPEG, PNG or WebP)") from None
        except (OSError, ValueError, RuntimeError, SyntaxError) as exc:  # Pillow says SyntaxError for a broken chunk
            raise ImageProblem(f"the image is damaged or truncated ({exc})") from None
    if fmt not in FORMATS:
        raise ImageProblem(f"{fmt} images are not accepted; use JPEG, PNG or WebP")
    if orientation in _TRANSPOSED:
        width, height = height, width
    if max(width, height) > MAX_RATIO * min(width, height):
        raise ImageProblem(f"the image is {width}×{height} pixels, too narrow or too tall for a product photo "
                           f"(the long side may be at most {MAX_RATIO} times the short one)")
    return Checked(hashlib.sha256(data).hexdigest(), width, height)


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


def render_all(jobs: dict[str, tuple[Path, tuple[Rendition, ...]]], store: Store, workers: int | None = None) -> int:
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
    workers = workers or os.cpu_count() or 1
    if len(todo) > 1 and workers > 1:
        forked = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=forked,  # the parent is this build
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            made = list(pool.map(_render_one, todo, chunksize=4))
    else:
        made = [_render_one(job) for job in todo]
    for entries in made:
        store.keep(entries)
    store.save()
    return len(todo)

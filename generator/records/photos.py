"""Product photos as records name them: each checked once when the site is loaded.

A photo is opened, verified and decoded once (a truncated file fails here, not at build time),
its EXIF orientation taken into account, and refused with the reason when it is not a usable
product photo: not JPEG, PNG or WebP, a decompression bomb, too large, too narrow. The memo keeps
what was found for each photo's bytes, so a rebuild decodes only new photos.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from .memo import Memo, digest

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

"""Social cards: the 1200×630 picture a chat app or social network shows when a product page is shared.

Each card (:class:`~generator.site.share.Card`: what it shows and the address it has) shows the
product's photo (or its group's colour and initial), name, stars and province, drawn with Pillow in Roboto (shipped in ``fonts/``, Apache License 2.0: it has every
Vietnamese letter with its diacritics, and is Material's own typeface). Cards are cached like
image renditions: named by a hash of everything drawn on them, kept under ``.cache/ocop/share``
(a verified :class:`~generator.support.cache_store.Store`), so a rebuild draws only the cards whose
product changed, and new cards are drawn on every core.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from importlib import resources

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from ..domain.model import national
from ..site.share import HEIGHT, WIDTH, Card
from ..support.cache_store import Entry, Store, write
from ..support.parallel import fork_map
from .photos import encoded, to_rgb

PANEL = 620  # width of the text panel; the photo fills the rest
MARGIN = 56
GREEN, DARK, GREY, STAR = (29, 107, 58), (27, 31, 29), (84, 92, 88), (214, 150, 20)
GROUP_COLOURS = {  # as in ocop.css
    "thuc-pham": (140, 74, 14), "do-uong": (31, 95, 139), "duoc-lieu": (47, 107, 47),
    "thu-cong-my-nghe": (107, 74, 140), "sinh-vat-canh": (163, 50, 107), "du-lich": (0, 105, 92),
}
FONTS = resources.files("generator") / "fonts"
PARALLEL_FROM = 8


@lru_cache(maxsize=None)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    with resources.as_file(FONTS / f"Roboto-{weight}.ttf") as path:
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a word longer than the line is cut)."""
    space = measure(" ", face)
    lines: list[str] = []
    used = 0.0  # the width of the last line
    for word in text.split():
        length = measure(word, face)
        if lines and used + space + length <= width:
            lines[-1] += " " + word
            used += space + length
            continue
        if length > width:
            *full, word = cut(word, face, width)
            lines += full
            length = measure(word, face)
        lines.append(word)
        used = length
    return lines


def cut(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``word`` in pieces no wider than ``width``, each as long as fits (and at least one letter)."""
    pieces: list[str] = []
    start = 0
    while len(word) - start > 1:
        fits = fitting(word, face, width, start=start)
        if start + fits == len(word):
            break
        fits = max(fits, 1)
        pieces.append(word[start:start + fits])
        start += fits
    return pieces + [word[start:]]


def measure(text: str, face: ImageFont.FreeTypeFont) -> float:
    """The advance of ``text``: the sum of its letters' (what ``face.getlength(text)`` gives).

    The basic layout applies only a font's legacy kern table, which Roboto does not have (its
    kerning is in GPOS, for the complex layout), so a text is exactly as wide as its letters. Each
    letter is measured once, and wrapping and shortening a text take time in proportion to it:
    measuring ever shorter strings took minutes for a name of 5,000 letters.
    """
    known = _advances(face)
    total = 0.0
    for letter in text:
        advance = known.get(letter)
        if advance is None:
            advance = known[letter] = face.getlength(letter)
        total += advance
    return total


@lru_cache(maxsize=None)
def _advances(face: ImageFont.FreeTypeFont) -> dict[str, float]:
    return {}


def fitting(text: str, face: ImageFont.FreeTypeFont, width: float, *, start: int = 0, suffix: str = "") -> int:
    """How many letters of ``text`` from ``start`` on, followed by ``suffix``, fit in ``width``."""
    used = measure(suffix, face)
    for end in range(start, len(text)):
        used += measure(text[end], face)
        if used > width:
            return end - start
    return len(text) - start


def fit_title(text: str, width: int, max_lines: int = 3) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size at which ``text`` fits in ``max_lines``; past the smallest, an ellipsis.

    Three lines at the largest size still leave room for the stars and the province.
    """
    for size in (64, 56, 50, 44):
        face = font("Bold", size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    return face, lines[:max_lines - 1] + [ellipsize(" ".join(lines[max_lines - 1:]), face, width)]


def ellipsize(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    if measure(text, face) <= width:
        return text
    return text[:fitting(text, face, width, suffix="…")].rstrip() + "…"


def star(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, fill) -> None:
    """A five-pointed star with its top-left corner at (x, y) (drawn: Roboto has no ★)."""
    cx, cy, outer, inner = x + size / 2, y + size / 2, size / 2, size / 5
    points = [(cx + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
               cy - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5)) for i in range(10)]
    draw.polygon(points, fill=fill)


def cover(img: PILImage.Image, size: tuple[int, int]) -> PILImage.Image:
    """``img`` cropped to the aspect ratio of ``size`` around its centre and scaled to it."""
    scale = max(size[0] / img.width, size[1] / img.height)
    w, h = size[0] / scale, size[1] / scale
    left, top = max(0.0, (img.width - w) / 2), max(0.0, (img.height - h) / 2)
    box = (left, top, min(img.width, left + w), min(img.height, top + h))
    return img.resize(size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=2.0)


@lru_cache(maxsize=16)  # 2.3 MB each; cards come by star level, so a level's groups fit
def background(site: str, group: str, group_name: str, stars: int, photo: bool) -> PILImage.Image:
    """Everything a card shares with others of its site, group and star level (drawn once per worker)."""
    img = PILImage.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    pen = ImageDraw.Draw(img)
    middle = PANEL + (WIDTH - PANEL) / 2
    if not group:  # the site's own card: the programme's name and its stars
        pen.rectangle((PANEL, 0, WIDTH, HEIGHT), fill=GREEN)
        pen.text((middle, HEIGHT / 2 - 40), "OCOP", font=font("Bold", 150), fill=(255, 255, 255), anchor="mm")
        for i in range(5):
            star(pen, middle - 2.5 * 62 + i * 62 + 4, HEIGHT / 2 + 60, 54, (255, 209, 102))
    elif not photo:
        pen.rectangle((PANEL, 0, WIDTH, HEIGHT), fill=GROUP_COLOURS.get(group, GREEN))
        pen.text((middle, HEIGHT / 2 - 30), group_name[:1], font=font("Bold", 260), fill=(255, 255, 255), anchor="mm")
        pen.text((middle, HEIGHT - 90), ellipsize(group_name, font("Regular", 34), WIDTH - PANEL - 2 * MARGIN),
                 font=font("Regular", 34), fill=(255, 255, 255), anchor="ms")
    pen.rectangle((0, 0, PANEL, 14), fill=GREEN)
    pen.text((MARGIN, 62), ellipsize(site.upper(), font("Bold", 26), PANEL - 2 * MARGIN), font=font("Bold", 26),
             fill=GREEN, anchor="ls")
    pen.rectangle((0, HEIGHT - 76, PANEL, HEIGHT), fill=GREEN)
    label = ("Chương trình Mỗi xã một sản phẩm" if not group else
             "Sản phẩm OCOP cấp quốc gia" if national(stars) else "Sản phẩm OCOP")
    pen.text((MARGIN, HEIGHT - 38), label, font=font("Bold", 32), fill=(255, 255, 255), anchor="lm")
    return img


def draw(c: Card) -> PILImage.Image:
    img = background(c.site, c.group, c.group_name, c.stars, bool(c.photo)).copy()
    if c.photo:
        with PILImage.open(c.photo) as source:
            source.draft("RGB", (WIDTH - PANEL, HEIGHT))
            photo = to_rgb(ImageOps.exif_transpose(source))
        img.paste(cover(photo, (WIDTH - PANEL, HEIGHT)), (PANEL, 0))
    pen = ImageDraw.Draw(img)
    width = PANEL - 2 * MARGIN
    face, lines = fit_title(c.name, width)
    y = 120
    for line in lines:
        pen.text((MARGIN, y), line, font=face, fill=DARK, anchor="la")
        y += round(face.size * 1.18)
    y = max(y + 24, 380)
    size = 46
    if c.stars:
        for i in range(c.stars):
            star(pen, MARGIN + i * (size + 8), y, size, STAR)
        pen.text((MARGIN + c.stars * (size + 8) + 10, y + size / 2), f"{c.stars} sao", font=font("Bold", 38),
                 fill=DARK, anchor="lm")
        y += size + 58
    else:
        y += 10
    for line in wrap(c.province, font("Regular", 36), width)[:2]:
        pen.text((MARGIN, y), line, font=font("Regular", 36), fill=GREY, anchor="ls")
        y += 44
    return img


def _render(job: tuple[Card, str]) -> Entry:
    c, target = job
    return write(target, encoded(draw(c), "JPEG", quality=80, optimize=True))  # progressive: 2× the time, 6 % smaller


def render_cards(cards: list[Card], store: Store) -> int:
    """Draw the cards ``store`` does not hold intact, on every core; afterwards ``store`` has the
    entry of every card. Returns how many were drawn."""
    intact = store.check(c.file_name for c in cards)
    todo = {c.file_name: (c, os.path.join(store.folder, c.file_name)) for c in cards if c.file_name not in intact}
    store.keep(zip(todo, fork_map(_render, list(todo.values()), minimum=PARALLEL_FROM, chunksize=8)))
    store.save()
    return len(todo)

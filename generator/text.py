"""Vietnamese text helpers: NFC normalisation, diacritic folding and ASCII slugs.

Every string that enters the model goes through :func:`nfc`, so that text typed
in decomposed form (NFD, common from macOS and some office editors) compares,
slugs and searches exactly like its composed form.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic ("Đường" -> "duong")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def slugify(text: str) -> str:
    """ASCII slug for URLs: "Nước mắm Đầm Dơi" -> "nuoc-mam-dam-doi"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def format_number(value: int) -> str:
    """Vietnamese thousands separator: 1234567 -> "1.234.567"."""
    return f"{value:,}".replace(",", ".")

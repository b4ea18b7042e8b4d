"""Vietnamese text helpers: NFC normalisation, diacritic folding and ASCII slugs.

Every string that enters the model goes through :func:`nfc`, so that text typed
in decomposed form (NFD, common from macOS and some office editors) compares,
slugs and searches exactly like its composed form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# The combining mark blocks (Vietnamese tones, breve, circumflex and horn are in the first).
# A regular expression strips them many times faster than testing each character.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# What no published text may hold: control characters (line breaks and tabs aside), lone
# surrogates, Unicode's noncharacters (U+FFFE...), and the bidirectional overrides and isolates
# that make a text display otherwise than it reads ("Trojan Source"). They break the feeds, the
# calendars and the QR codes, and no officer means them.
_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        "\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")  # zero-width spaces and stray byte order marks
_LINE_BREAKS = re.compile("\r\n?|[\n\u2028\u2029\x85\x0b\x0c]")


def _allowed(text: str) -> str:
    """``text`` in NFC; ValueError naming the first character no published text may hold."""
    bad = _FORBIDDEN.search(text)
    if bad:
        raise ValueError(f"holds the invisible character U+{ord(bad.group()):04X} (at character "
                         f"{bad.start() + 1}), which cannot be published; delete it or retype the text")
    return text if unicodedata.is_normalized("NFC", text) else nfc(text)


def text_line(text: str) -> str:
    """A one-line text (a name, an address, a number) as it is published: every run of white space
    (tabs and no-break spaces included) is one space, nothing before or after it; a line break is
    refused, since a name written over two lines is rarely one name (a spreadsheet's Alt+Enter is
    read as a space by the importer, where it is the usual way to fit a cell)."""
    text = _allowed(text)
    if _LINE_BREAKS.search(text.strip()):
        raise ValueError("holds a line break; it is one line of text: write it on one line")
    return " ".join(_INVISIBLE.sub("", text).split())


def text_block(text: str) -> str:
    """A text of several lines (Markdown): one kind of line break, no blank lines around it."""
    return _LINE_BREAKS.sub("\n", _allowed(text)).strip()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic ("Đường" -> "duong")."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_SPECIAL))).lower()


# Vietnamese alphabetical order: the modified letters are letters of their own (ă, â after a;
# đ after d; ...) and the five tone marks only break ties, in the traditional order
# ngang, huyền, hỏi, ngã, sắc, nặng. Code-point order would put "Đồng Tháp" after "Yên Bái".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=1 << 17)  # names are sorted again by every listing and statistic that shows them
def sort_key(text: str) -> tuple:
    """Key that sorts Vietnamese names as a Vietnamese reader expects (case-insensitive).

    Each character's part of the key is worked out once (:func:`_char_key`); a text with a
    combining mark of its own (one NFC could not fold into the letter before it) takes the
    character-by-character path of :func:`_spelled_key`, which gives the same keys.
    """
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", text.casefold()):
        known = _CHAR_KEYS.get(char) or _char_key(char)
        if known is _COMBINING:
            return _spelled_key(text)
        letters += known[0]
        tones += known[1]
    return tuple(letters), tuple(tones), text


_COMBINING = ((), ())
_CHAR_KEYS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}


def _char_key(char: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    key = _COMBINING if unicodedata.combining(char) else _spelled_key(char)[:2]
    _CHAR_KEYS[char] = key
    return key


def _spelled_key(text: str) -> tuple:
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if char in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[char]
            continue
        if unicodedata.combining(char) and letters:
            # breve, circumflex or horn: recompose the modified letter (a + ̆ -> ă)
            base = unicodedata.normalize("NFC", _ALPHABET[letters[-1]] + char) if letters[-1] < len(_ALPHABET) else ""
            if base in _LETTER_RANK:
                letters[-1] = _LETTER_RANK[base]
            continue
        letters.append(_LETTER_RANK.get(char, len(_ALPHABET) + ord(char)))
        tones.append(0)
    return tuple(letters), tuple(tones), text


@lru_cache(maxsize=1 << 17)  # every page and data file asks again for the slugs of the records it names
def slugify(text: str) -> str:
    """ASCII slug for URLs: "Nước mắm Đầm Dơi" -> "nuoc-mam-dam-doi"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def format_number(value: int) -> str:
    """Vietnamese thousands separator: 1234567 -> "1.234.567"."""
    return f"{value:,}".replace(",", ".")

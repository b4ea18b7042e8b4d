"""Parsers for what officers really write: star ratings, dates, prices, kinds.

Each parser returns a value or raises ``ValueError`` with a plain reason; the
record loader and the spreadsheet importer share them.
"""

from __future__ import annotations

import datetime as dt
import re

from .text import fold

MAX_PRICE = 10**12
_STAR_WORDS = {"ba": 3, "bon": 4, "tu": 4, "nam": 5, "three": 3, "four": 4, "five": 5}


def stars(value: object) -> int:
    """3, "4 sao", "4*", "★★★★", "Bốn sao", "5 stars" -> an int in 3..5."""
    if isinstance(value, bool):
        raise ValueError("must be 3, 4 or 5")
    if isinstance(value, float) and value.is_integer():  # a spreadsheet's number cell
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if text and set(text) <= {"★", "☆", "*", " "} and "★" in text:
            number = text.count("★")
        else:
            folded = fold(text)
            match = re.fullmatch(r"(\d)\s*(?:\*|sao|stars?|★)?", folded)
            word = re.fullmatch(r"([a-z]+)\s*(?:sao|stars?)?", folded)
            if match:
                number = int(match.group(1))
            elif word and word.group(1) in _STAR_WORDS:
                number = _STAR_WORDS[word.group(1)]
            else:
                raise ValueError(f"'{text}' is not a star rating; write 3, 4 or 5")
    if number not in (3, 4, 5):
        raise ValueError(f"{number} stars is outside the OCOP scale; write 3, 4 or 5")
    return number


def date(value: object) -> dt.date:
    """A YAML date, or "29/3/2021", "29-03-2021", "29.03.2021", "2021-03-29", within :data:`EARLIEST`..:data:`LATEST`."""
    if isinstance(value, dt.datetime):
        return within_range(value.date())
    if isinstance(value, dt.date):
        return within_range(value)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", text)
    if match:
        day, month, year = match.groups()
    else:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not iso:
            raise ValueError(f"'{text}' is not a date; write it as 29/3/2021 or 2021-03-29")
        year, month, day = iso.groups()
    try:
        found = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    return within_range(found, text)


EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
"""The dates an OCOP record may hold (the programme began in 2018; plans cite laws of the 1990s). A year
such as 0001 or 9999 is a typo, and would stretch the charts by year over millennia and overflow the
date arithmetic (a certificate's expiry is 36 months after it)."""


def within_range(day: dt.date, written: str = "") -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"'{written or day.isoformat()}' is not a date of the OCOP programme; write a date from "
                         f"{EARLIEST.year} to {LATEST.year}")
    return day


def price(value: object) -> tuple[int | None, str]:
    """120000, "120.000 đ", "120.000đ/chai" -> (amount in đồng, unit)."""
    if isinstance(value, bool):
        raise ValueError("must be an amount in đồng")
    if isinstance(value, float) and value.is_integer():  # a spreadsheet's number cell
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError("cannot be negative")
        amount, unit = value, ""
    else:
        text = str(value).strip()
        match = re.fullmatch(r"([\d.,\s]+)\s*(?:đ|d|vnd|vnđ|đồng|dong)?\.?\s*(?:/\s*(.+))?", text, re.I)
        if not match or not re.search(r"\d", match.group(1)):
            raise ValueError(f"'{text}' is not a price; write an amount in đồng such as 120000 or '120.000 đ/chai'")
        digits = re.sub(r"[.,\s]", "", match.group(1))
        amount, unit = (int(digits) if len(digits) <= 15 else MAX_PRICE + 1), (match.group(2) or "").strip()
    if amount > MAX_PRICE:
        raise ValueError(f"more than {MAX_PRICE:,} đồng is not a product's price; write the price of one unit")
    return amount, unit


_PRODUCER_KINDS = {
    "cooperative": ("cooperative", "hop tac xa", "htx"),
    "cooperative-group": ("cooperative-group", "cooperative group", "to hop tac", "tht"),
    "enterprise": ("enterprise", "doanh nghiep", "cong ty", "cong ty tnhh", "cong ty co phan", "dntn",
                   "doanh nghiep tu nhan", "cong ty cp", "cong ty tnhh mtv", "cong ty tnhh mot thanh vien",
                   "cty", "cty tnhh", "cty cp", "cty tnhh mtv"),
    "household": ("household", "ho kinh doanh", "ho san xuat", "co so", "ho gia dinh", "hkd", "co so san xuat",
                  "ho san xuat kinh doanh"),
}
# Legal forms that open a producer's name ("HTX Nước mắm Đầm Dơi"), longest first.
_NAME_PREFIXES = sorted(
    ((alias, kind) for kind, aliases in _PRODUCER_KINDS.items() for alias in aliases if " " in alias or len(alias) <= 4),
    key=lambda item: -len(item[0]),
)


def _kind_words(value: object) -> str:
    return " ".join(fold(str(value)).replace(".", " ").split())


def producer_kind(value: object) -> str:
    folded = _kind_words(value)
    for kind, aliases in _PRODUCER_KINDS.items():
        if folded in aliases:
            return kind
    raise ValueError(
        f"'{value}' is not a producer kind; write cooperative (HTX), enterprise (doanh nghiệp), "
        "household (hộ kinh doanh) or cooperative-group (tổ hợp tác)"
    )


def producer_name(value: object) -> tuple[str | None, str]:
    """Split the legal form off a producer's name: "Công ty TNHH Gạo Sạch" -> ("enterprise", "Gạo Sạch").

    The kind is None when the name opens with no legal form ("Nguyễn Văn An").
    """
    name = " ".join(str(value).split())
    tokens = list(re.finditer(r"[^\s.]+", name))  # "Cty.TNHH" is two words
    folded = [fold(t.group()) for t in tokens]
    for alias, kind in _NAME_PREFIXES:
        words = alias.split(" ")
        if folded[:len(words)] == words and len(tokens) > len(words):
            return kind, name[tokens[len(words) - 1].end():].lstrip(" .-:")
    return None, name


def moment(value: object) -> tuple[dt.date, dt.time | None]:
    """A date with an optional time: "2026-11-20", "20/11/2026 08:00", "2026-11-20 8h30"."""
    if isinstance(value, dt.datetime):
        return date(value), value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return date(value), None
    text = str(value).strip()
    match = re.fullmatch(r"(.+?)(?:\s+|T)(\d{1,2})\s*(?::|h)\s*(\d{2})?\s*", text)
    if match and re.search(r"\d{4}", match.group(1)):
        day = date(match.group(1))
        hour, minute = int(match.group(2)), int(match.group(3) or 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"'{text}' has no real time of day")
        return day, dt.time(hour, minute)
    return date(text), None


def coordinate(value: object, low: float, high: float, name: str) -> float:
    """A decimal degree within Vietnam's extent (its islands included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"must be a {name} in decimal degrees")
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise ValueError(f"'{value}' is not a {name} in decimal degrees such as 9.1772") from None
    if not low <= number <= high:
        raise ValueError(f"{number} is outside Vietnam ({name} between {low} and {high})")
    return number

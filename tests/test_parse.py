import datetime as dt
import unicodedata

import pytest

from generator.domain import parse
from generator.domain import text as text_module
from generator.domain.text import fold, format_number, slugify, sort_key


@pytest.mark.parametrize("raw, expected", [
    (4, 4), ("4 sao", 4), ("4*", 4), ("★★★★", 4), ("Bốn sao", 4), ("5 SAO", 5), ("ba sao", 3), (" 3 ", 3),
])
def test_stars_as_officers_write_them(raw, expected):
    assert parse.stars(raw) == expected


@pytest.mark.parametrize("raw", [2, 6, "6 sao", "nhiều sao", True, "★★★★★★"])
def test_stars_outside_the_scale(raw):
    with pytest.raises(ValueError):
        parse.stars(raw)


@pytest.mark.parametrize("raw", ["29/3/2021", "29-03-2021", "29.03.2021", "2021-03-29", dt.date(2021, 3, 29)])
def test_dates(raw):
    assert parse.date(raw) == dt.date(2021, 3, 29)


@pytest.mark.parametrize("raw", ["31/2/2021", "2021", "hôm qua"])
def test_bad_dates(raw):
    with pytest.raises(ValueError):
        parse.date(raw)


def test_prices():
    assert parse.price("120.000 đ/chai") == (120000, "chai")
    assert parse.price(85000) == (85000, "")


@pytest.mark.parametrize("raw, kind", [
    ("HTX", "cooperative"), ("Hợp tác xã", "cooperative"), ("Công ty TNHH", "enterprise"),
    ("Hộ kinh doanh", "household"), ("Cơ sở", "household"), ("Tổ hợp tác", "cooperative-group"),
    ("enterprise", "enterprise"),
])
def test_producer_kinds(raw, kind):
    assert parse.producer_kind(raw) == kind


def test_names_sort_in_vietnamese_alphabetical_order():
    names = ["Yên Bái", "Đồng Tháp", "Lâm Đồng", "Điện Biên", "Cà Mau", "Cần Thơ", "Ưng", "Uy", "Ôn", "On", "Ơn",
             "Ăn", "An Giang", "Âu", "bá", "ba", "bạ", "bà", "bả", "bã", "Dak Lak", "Hưng Yên", "Huế"]
    assert sorted(names, key=sort_key) == [
        "An Giang", "Ăn", "Âu", "ba", "bà", "bả", "bã", "bá", "bạ", "Cà Mau", "Cần Thơ", "Dak Lak", "Điện Biên",
        "Đồng Tháp", "Huế", "Hưng Yên", "Lâm Đồng", "On", "Ôn", "Ơn", "Uy", "Ưng", "Yên Bái"]
    # Decomposed input sorts like its composed form.
    assert sort_key(unicodedata.normalize("NFD", "Đồng Tháp"))[:2] == sort_key("Đồng Tháp")[:2]


@pytest.mark.parametrize("name", ["Đồng Tháp", "NƯỚC MẮM", "x\u0303y", "a\u0306\u0301", "ñandú", "Straße", "ǅ", "ﬁ",
                                  "e\u0323\u0302", "", "Cà\u0300", "\u0301a", "Bánh pía - 1kg"])
def test_the_fast_sort_key_is_the_letter_by_letter_one(name):
    """sort_key reuses each character's key; texts whose marks stand alone take the letter-by-letter path."""
    for text in (name, unicodedata.normalize("NFD", name), unicodedata.normalize("NFC", name)):
        assert sort_key(text) == text_module._spelled_key(text)


def test_slugs_are_ascii_and_fold_d():
    assert slugify("Nước mắm Đầm Dơi") == "nuoc-mam-dam-doi"
    assert fold("Đường phèn") == "duong phen"
    assert format_number(1234567) == "1.234.567"

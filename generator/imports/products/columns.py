"""Column headings: the usual Vietnamese headings of OCOP annexes, with or without diacritics.

A heading is compared in a folded form ("Hạng sao (*)" -> "hang sao"). A column under a
merged parent heading ("Quyết định công nhận" over "Số" and "Ngày") is read with its parent:
"so quyet dinh cong nhan" starts with the alias "so quyet dinh". ``--map`` overrides all of it.
"""

from __future__ import annotations

import re

from ...domain.text import fold, nfc

IGNORE = "-"
"""``--map "Ghi chú=-"``: a column read as nothing."""

# field -> what it means, for --map's help and errors
FIELDS = {
    "stt": "the row's number (not imported)",
    "id": "product id (the page address)",
    "name": "product name",
    "name_en": "English name",
    "group": "product group (code or name; a subgroup name also says its group)",
    "subgroup": "subgroup",
    "stars": "star rating (4, '4 sao', '4*', '★★★★', 'Bốn sao')",
    "certificate.number": "number of the recognition decision",
    "certificate.date": "date of the decision",
    "certificate.issuer": "body that issued it",
    "certificate.expires": "date the certificate expires",
    "producer": "producer name (with its legal form: HTX, Công ty TNHH, Hộ kinh doanh, Cơ sở ...)",
    "producer.kind": "producer kind",
    "producer.representative": "producer's representative",
    "producer.phone": "producer's phone",
    "producer.email": "producer's e-mail",
    "address": "address",
    "commune": "commune (xã, phường)",
    "district": "former district (huyện, before July 2025)",
    "province": "province",
    "price": "price",
    "packaging": "packaging",
    "description": "description",
    IGNORE: "a column to leave out",
}
SHORT_FIELDS = {"decision": "certificate.number", "date": "certificate.date", "issuer": "certificate.issuer",
                "expires": "certificate.expires", "kind": "producer.kind", "phone": "producer.phone",
                "email": "producer.email", "representative": "producer.representative"}

_ALIASES = {
    "stt": ["stt", "tt", "so tt", "so thu tu"],
    "id": ["id", "ma san pham", "ma sp"],
    "name": ["ten san pham", "san pham", "ten sp", "ten san pham ocop", "san pham ocop", "ten hang hoa",
             "ten san pham dat chuan ocop", "ten san pham dich vu"],
    "name_en": ["ten tieng anh", "ten san pham tieng anh", "ten tieng anh san pham"],
    "group": ["nhom", "nhom san pham", "nganh", "nganh hang", "nhom nganh", "nganh nhom", "bo san pham",
              "nganh nhom san pham", "nhom nganh hang"],
    "subgroup": ["phan nhom", "phan nhom san pham", "nhom hang", "tieu nhom"],
    "stars": ["hang sao", "so sao", "xep hang", "hang", "phan hang", "ket qua phan hang", "ket qua xep hang", "sao",
              "hang sao dat duoc", "so sao dat duoc", "so sao dat", "muc sao", "xep hang sao", "hang ocop",
              "ket qua danh gia phan hang", "hang san pham"],
    "certificate.number": ["so quyet dinh", "quyet dinh", "so qd", "qd", "quyet dinh cong nhan", "so hieu quyet dinh",
                           "quyet dinh so", "so giay chung nhan", "giay chung nhan", "so chung nhan",
                           "so quyet dinh cong nhan", "qd cong nhan"],
    "certificate.date": ["ngay cap", "ngay quyet dinh", "ngay cong nhan", "ngay ban hanh", "ngay ky", "ngay qd",
                         "ngay cap giay chung nhan", "ngay cap chung nhan", "ngay thang nam", "ngay"],
    "certificate.issuer": ["co quan cap", "co quan ban hanh", "don vi cap", "noi cap", "co quan cong nhan",
                           "cap cong nhan co quan"],
    "certificate.expires": ["ngay het han", "het han", "hieu luc den", "thoi han hieu luc den", "co gia tri den"],
    "producer": ["chu the", "ten chu the", "chu the san xuat", "chu the ocop", "ten chu the san xuat", "don vi",
                 "ten don vi", "co so san xuat", "don vi san xuat", "to chuc ca nhan", "ten to chuc ca nhan",
                 "chu the kinh doanh", "ten chu the ocop", "doanh nghiep", "chu the san pham",
                 "ten chu the san pham", "ten co so", "co so", "ten doanh nghiep htx"],
    "producer.kind": ["loai hinh", "loai hinh chu the", "loai hinh to chuc", "hinh thuc to chuc",
                      "loai hinh doanh nghiep"],
    "producer.representative": ["nguoi dai dien", "dai dien", "chu co so", "nguoi dai dien phap luat",
                                "dai dien chu the"],
    "producer.phone": ["dien thoai", "so dien thoai", "sdt", "dt", "dien thoai lien he", "so dt"],
    "producer.email": ["email", "e mail", "thu dien tu"],
    "address": ["dia chi", "dia chi chu the", "dia chi san xuat", "dia chi co so", "noi san xuat",
                "dia chi tru so", "dia ban"],
    "commune": ["xa", "xa phuong", "phuong xa", "xa phuong thi tran", "ten xa", "xa phuong dac khu"],
    "district": ["huyen", "huyen thi xa thanh pho", "huyen thi", "quan huyen", "huyen thi xa"],
    "province": ["tinh", "tinh thanh pho", "tinh thanh", "tinh tp", "tinh thanh pho truc thuoc trung uong"],
    "price": ["gia", "gia ban", "gia ban le", "gia niem yet", "don gia", "gia ban dong", "gia tham khao"],
    "packaging": ["quy cach", "quy cach dong goi", "bao bi", "dong goi", "quy cach san pham", "khoi luong"],
    "description": ["mo ta", "mo ta san pham", "gioi thieu", "gioi thieu san pham", "dac diem san pham"],
    IGNORE: ["ghi chu", "tong diem", "diem", "diem danh gia", "ket qua danh gia"],
}
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
# Only aliases of two words or more open a longer heading ("Tên sản phẩm OCOP năm 2024"):
# "hang" must not read "hàng hóa" as a star rating.
_PREFIXES = sorted((a for a in _BY_ALIAS if " " in a), key=len, reverse=True)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def words(text: object) -> str:
    """A heading as compared: folded, without brackets, punctuation or footnote marks."""
    plain = _PARENS.sub(" ", nfc(str(text)))
    return " ".join(_NOT_WORD.sub(" ", fold(plain)).split())


def recognise(parent: object, child: object = None, *, exact: bool = False) -> str | None:
    """The field a column holds, from its heading and the merged heading above it, if any.

    With ``exact``, only whole headings count: a second heading row is told from the first
    data row that way ("Số" under "Quyết định" is a heading, "Sản phẩm 3 sao" a section).
    """
    top, low = words(parent or ""), words(child or "")
    if not low or low == top:
        whole, opening = [top], [top]
    elif not top:
        whole, opening = [low], [low]
    else:
        whole, opening = [f"{low} {top}", low, f"{top} {low}"], [f"{low} {top}", low]
    for text in whole:
        if text in _BY_ALIAS:
            return _BY_ALIAS[text]
    if exact:
        return None
    for text in opening:
        for alias in _PREFIXES:
            if text.startswith(alias + " "):
                return _BY_ALIAS[alias]
    return None


def field_name(text: str) -> str:
    """A --map field ("name", "stars", "decision", "-") checked against the known fields."""
    name = text.strip()
    name = SHORT_FIELDS.get(name, name)
    if name not in FIELDS:
        known = ", ".join(list(FIELDS) + list(SHORT_FIELDS))
        raise ValueError(f"'{text}' is not a field; use one of: {known}")
    return name


def parse_map(specs: list[str]) -> list[tuple[str, str, str]]:
    """``["Tên SP=name", "C=stars"]`` -> [(heading words, column letter or "", field)].

    A heading wins over a column letter: "Gia=price" names the column headed "Gia" when
    there is one, column GIA otherwise.
    """
    mapping = []
    for spec in specs:
        column, sep, target = spec.rpartition("=")
        if not sep or not column.strip():
            raise ValueError(f"--map '{spec}': write COLUMN=field, e.g. \"Tên SP=name\" or C=stars")
        column = column.strip()
        column_letter = column.upper() if re.fullmatch(r"[A-Za-z]{1,3}", column) else ""
        mapping.append((words(column), column_letter, field_name(target)))
    return mapping


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 27 -> AB."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out

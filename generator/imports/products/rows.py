"""One spreadsheet row -> the fields of a product record and of its producer.

Values are read with the record loader's own parsers (:mod:`generator.domain.parse`), so a row is
read the way a hand-written record would be. Whatever a row lacks comes from the sheet-wide
defaults (``--province``, ``--decision``, ``--date``, ``--issuer``) or from a section row
above it ("I. NHÓM THỰC PHẨM"); a missing group is guessed from the product name and marked.
A row that cannot become a valid record raises :class:`RowError` with every reason at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ...domain import parse
from ...domain.places import Place, PlaceError, Province, Registry
from ...domain.reference.groups import Group, RuleSet, Subgroup
from ...domain.text import fold, nfc, slugify
from .guess import Guesser

CONFIRM = "cán bộ kiểm tra rồi xóa ghi chú này"
GUESS_NOTE = f"đoán từ tên sản phẩm khi nhập bảng tính: {CONFIRM}"
"""The YAML comment beside a guessed value: what an officer reading the record sees."""
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EMPTY = {"-", "--", "—", "x", "liên hệ", "lien he", "không", "khong", "chưa có", "n/a"}
_DATE_IN_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I)
_NUMBER_OPENING = re.compile(r"^(?:quyết định|qđ)?\s*(?:số|so)?\s*[:.]?\s*", re.I)
_WARD_WORDS = ("xã", "phường", "đặc khu")


class RowError(ValueError):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Defaults:
    """Sheet-wide values for the columns an annex leaves out."""

    province: str = ""
    decision: str = ""
    date: dt.date | None = None
    issuer: str = ""


_TITLE_DECISION = re.compile(
    r"quyết định\s+(?:số\s*)?(?P<number>\d+[\w./-]*/[\w.\-/]+)\s*,?\s*ngày\s*(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
    r"|\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})(?:\s*của\s*(?P<issuer>[^)\n;]+))?", re.I)


def title_defaults(title: str, given: Defaults) -> tuple[Defaults, str]:
    """Fill what the command line left out from the annex's title block, which usually says
    "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/5/2024 của UBND tỉnh Cà Mau)"; and say so."""
    found = _TITLE_DECISION.search(title)
    if found is None or (given.decision and given.decision != found.group("number")):
        return given, ""  # --decision names another decision: its date and issuer are not the title's
    try:
        signed = cell_date(found.group("date"))
    except ValueError:
        return given, ""
    issuer = re.sub(r"^(?:UBND|Uỷ ban nhân dân)\b", "Ủy ban nhân dân", (found.group("issuer") or "").strip(" .,"))
    filled = Defaults(given.province, given.decision or found.group("number"), given.date or signed,
                      given.issuer or issuer)
    if filled == given:
        return given, ""
    return filled, (f"decision {found.group('number')} of {signed:%d/%m/%Y}"
                    f"{f' by {issuer}' if issuer else ''} read from the title block, for rows that give none")


@dataclass
class Section:
    """What a section row above says about the rows below it ("II. SẢN PHẨM 4 SAO")."""

    text: str = ""
    group: Group | None = None
    subgroup: Subgroup | None = None
    stars: int | None = None


@dataclass
class ProducerRow:
    name: str
    kind: str
    kind_known: bool  # False: no legal form in the name and no kind column; household assumed
    core: str  # the name without its legal form
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    province: str = ""


@dataclass
class Converted:
    """A row read: product fields, the producer it names, and what to tell the officer."""

    name: str
    fields: dict[str, object]  # the record's fields, in record order (no id, no producer)
    ident: str = ""  # the id column, when the sheet has one
    guessed: dict[str, str] = field(default_factory=dict)  # field -> YAML comment; fill only
    missing: list[str] = field(default_factory=list)  # what a new record would lack; an update may do without
    comments: dict[str, str] = field(default_factory=dict)  # field -> YAML comment
    notes: list[str] = field(default_factory=list)
    producer: ProducerRow | None = None
    province: Province | None = None

    @property
    def name_key(self) -> str:
        return slugify(self.name)


def text(value: object) -> str:
    """A cell as one line of text ("" for the ways officers write "nothing")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    cleaned = " ".join(nfc(str(value)).split())
    return "" if cleaned.lower() in _EMPTY else cleaned


def cell_date(value: object) -> dt.date:
    """An Excel date cell, a serial day number, "29/3/2021", "ngày 29 tháng 3 năm 2021"."""
    if isinstance(value, (dt.date, dt.datetime)):
        return parse.date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 < value < 80_000:
        return parse.date(_EXCEL_EPOCH + dt.timedelta(days=int(value)))  # a date cell formatted as a number
    raw = text(value)
    words = _DATE_WORDS.search(raw)
    if words:
        raw = "/".join(words.groups())
    return parse.date(re.sub(r"^ngày\s*", "", raw, flags=re.I))


def _phone(value: object) -> str:
    """A phone number; one saved as a number lost its leading zero ("912345678" -> "0912345678")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    written = text(value)
    if written.isdigit() and not written.startswith("0") and len(written) in (9, 10):
        return "0" + written
    return written


class Converter:
    def __init__(self, rules: RuleSet, places: Registry, defaults: Defaults, today: dt.date):
        self.rules = rules
        self.places = places
        self.defaults = defaults
        self.today = today
        self.guesser = Guesser(rules)

    # -- sections -----------------------------------------------------------
    def section(self, raw: str, previous: Section) -> Section:
        """The context a section row sets: a group, a star level, or neither.

        A section that names neither ("III. SẢN PHẨM KHÁC") clears both: the rows below it get a
        marked guess rather than the group of the section before.
        """
        words = re.sub(r"^\s*(?:[IVXLC]+|[A-ZĐ]|\d+)(?:\s*[.)/:-]\s*|\s+)", "", raw)
        words = re.sub(r"^(?:nhóm|ngành|bộ)\s+(?:sản phẩm\s+)?", "", words, flags=re.I).strip()
        group, subgroup = self._named_group(words)
        stars_match = re.search(r"(\d)\s*(?:sao|\*|★)", fold(raw))
        stars = int(stars_match.group(1)) if stars_match and stars_match.group(1) in "345" else None
        if group is None and stars is None:
            return Section(raw)
        # "Sản phẩm 4 sao" under "I. THỰC PHẨM" keeps the group; a new group starts afresh.
        if group is None:
            return Section(raw, previous.group, previous.subgroup, stars)
        return Section(raw, group, subgroup, stars if stars is not None else previous.stars)

    # -- rows ---------------------------------------------------------------
    def convert(self, values: dict[str, object], section: Section) -> Converted:
        problems: list[str] = []
        name = text(values.get("name")).strip("\"“”'")
        if not name:
            raise RowError(["name: the product name is empty"])
        out = Converted(name, {})
        out.ident = text(values.get("id"))
        if out.ident and not slugify(out.ident):
            problems.append(f"id: '{out.ident}' has no letters or digits to make a web address from")
        fields = out.fields
        fields["name"] = name
        if text(values.get("name_en")):
            fields["name_en"] = text(values["name_en"])
        self._group(values, section, out, problems)
        self._stars(values, section, out, problems)
        self._certificate(values, out, problems)
        self._place(values, out, problems)
        for key in ("description", "packaging"):
            if text(values.get(key)):
                fields[key] = text(values[key])
        self._price(values, fields, problems)
        out.producer = self._producer(values, out, problems)
        if problems:
            raise RowError(problems)
        return out

    def _named_group(self, raw: str) -> tuple[Group | None, Subgroup | None]:
        """A group or subgroup by code or name; "Thực phẩm - Gia vị" names both."""
        if not raw:
            return None, None
        group = self.rules.group(raw)
        if group is not None:
            return group, None
        found = self.rules.subgroup(raw)
        if found is not None:
            return found
        parts = [p.strip() for p in re.split(r"\s*[/;>–-]\s*|,\s+", raw) if p.strip()]
        if len(parts) == 2:
            group = self.rules.group(parts[0])
            sub = group.subgroup(parts[1]) if group else None
            if sub is not None:
                return group, sub
        return None, None

    def _group(self, values: dict, section: Section, out: Converted, problems: list[str]) -> None:
        raw = text(values.get("group"))
        bare = re.sub(r"^(?:nhóm|ngành)\s+(?:sản phẩm\s+)?", "", raw, flags=re.I)
        group, subgroup = self._named_group(bare) if raw else (section.group, section.subgroup)
        sub_raw = text(values.get("subgroup"))
        if sub_raw:
            if group is not None:
                subgroup = group.subgroup(sub_raw)
                if subgroup is None:
                    choices = ", ".join(s.name for s in group.subgroups)
                    problems.append(f"subgroup: '{sub_raw}' is not a subgroup of {group.name}; use one of: {choices}")
                    return
            else:
                found = self.rules.subgroup(sub_raw)
                if found is not None and not raw:
                    group, subgroup = found
        if group is not None:
            out.fields["group"] = group.code
            if subgroup is not None:
                out.fields["subgroup"] = subgroup.code
            return
        guess = self.guesser.guess(raw) if raw else None
        source = f"the group '{raw}'" if guess else "the product name"
        guess = guess or self.guesser.guess(out.name)
        if guess is None:
            if raw:
                choices = ", ".join(g.name for g in self.rules.groups)
                problems.append(f"group: '{raw}' is not a product group under {self.rules.decision}; "
                                f"use one of: {choices}")
            else:
                out.missing.append("group: the sheet gives no group and the product name does not tell it; "
                                   "add a group column (Nhóm sản phẩm)")
            return
        out.fields["group"] = guess.group.code
        out.fields["subgroup"] = guess.subgroup.code
        comment = GUESS_NOTE if not raw else f"'{raw}' không có trong {self.rules.decision}; {GUESS_NOTE}"
        out.guessed["group"] = comment
        out.guessed["subgroup"] = comment
        out.notes.append(f"group guessed from {source} ('{guess.word}'): {guess.group.name} / {guess.subgroup.name}; "
                         "to be confirmed")

    def _stars(self, values: dict, section: Section, out: Converted, problems: list[str]) -> None:
        raw = values.get("stars")
        if raw is None or text(raw) == "":
            if section.stars is None:
                out.missing.append("stars: the star rating is empty")
            else:
                out.fields["stars"] = section.stars
            return
        try:
            out.fields["stars"] = parse.stars(raw)
        except ValueError as exc:
            problems.append(f"stars: {exc}")

    def _certificate(self, values: dict, out: Converted, problems: list[str]) -> None:
        raw_number = text(values.get("certificate.number"))
        number, date_in_number = raw_number, None
        found = _DATE_IN_TEXT.search(raw_number) or _DATE_WORDS.search(raw_number)
        if found:  # "1234/QĐ-UBND ngày 20/5/2024" in one cell
            number = raw_number[:found.start()]
            try:
                date_in_number = cell_date(found.group(0))
            except ValueError as exc:
                problems.append(f"certificate.date: {exc}")
        number = re.sub(r"[\s,;]*(?:ngày)?[\s,;]*$", "", _NUMBER_OPENING.sub("", number, count=1), flags=re.I)
        number = number or self.defaults.decision
        signed: dt.date | None = None
        if values.get("certificate.date") not in (None, ""):
            try:
                signed = cell_date(values["certificate.date"])
            except ValueError as exc:
                problems.append(f"certificate.date: {exc}")
                return
        signed = signed or date_in_number or self.defaults.date
        issuer = text(values.get("certificate.issuer")) or self.defaults.issuer
        if signed and signed > self.today:
            problems.append(f"certificate.date: {signed:%d/%m/%Y} is in the future (today is {self.today:%d/%m/%Y})")
            return
        given = {"number": number, "date": signed, "issuer": issuer}
        for label, option in (("number", "--decision"), ("date", "--date"), ("issuer", "--issuer")):
            if not given[label]:
                out.missing.append(f"certificate.{label}: the sheet gives none; add a column or give {option}")
        certificate = {label: value for label, value in given.items() if value}
        if values.get("certificate.expires") not in (None, ""):
            try:
                certificate["expires"] = cell_date(values["certificate.expires"])
            except ValueError as exc:
                problems.append(f"certificate.expires: {exc}")
        if certificate:  # an update may change part of it; the record's check says if that is enough
            out.fields["certificate"] = certificate

    def _address(self, values: dict) -> str:
        parts = [text(values.get("address"))]
        for key, kinds in (("commune", _WARD_WORDS), ("district", ("huyện", "quận", "thị xã", "thành phố"))):
            part = text(values.get(key))
            if part and fold(part) not in fold(parts[0]):
                has_kind = any(fold(part).startswith(fold(k) + " ") for k in kinds)
                parts.append(part if has_kind else f"{kinds[0]} {part}")
        return ", ".join(p for p in parts if p)

    def _commune_address(self, address: str, province: str, values: dict) -> str:
        """A bare commune name ("Đầm Dơi") tried as xã, then phường, then đặc khu."""
        commune = text(values.get("commune"))
        if not commune or any(fold(commune).startswith(fold(k) + " ") for k in _WARD_WORDS):
            return address
        for kind in _WARD_WORDS:
            attempt = address.replace(f"{_WARD_WORDS[0]} {commune}", f"{kind} {commune}", 1)
            try:
                self.places.resolve(attempt, province)
                return attempt
            except PlaceError:
                continue
        return address

    def _resolve(self, address: str, province: str) -> tuple[Place | None, str]:
        if not address:
            return None, ""
        try:
            return self.places.resolve(address, province), ""
        except PlaceError as exc:
            return None, str(exc)

    def _place(self, values: dict, out: Converted, problems: list[str]) -> None:
        cell_province = text(values.get("province"))
        province_text = cell_province or self.defaults.province
        address = self._address(values)
        if address:
            address = self._commune_address(address, province_text, values)
        hint: tuple[Province, str] | None = None
        if province_text:
            try:
                hint = self.places.province(province_text)
            except PlaceError as exc:
                where = "province" if cell_province else "--province"
                problems.append(f"{where}: {exc}; name one of the 34 provinces, or a former province")
                return
        place, reason = self._resolve(address, province_text)
        if place is None and hint is None and address:
            found = self.places.province_of_commune(address.split(",")[-1].strip())
            if found is not None:  # "xã Đầm Dơi" alone: only one province has such a commune
                hint = found
                out.notes.append(f"province {found[0].short} taken from the commune (the row names none)")
                out.guessed["province"] = f"tỉnh suy ra từ tên xã trong bảng tính; {CONFIRM}"
                place, reason = self._resolve(address, found[1] or found[0].short)
        if place is not None:
            if hint is not None and hint[0] != place.province:
                if cell_province:
                    problems.append(f"province: says {hint[0].short} but the address is in {place.province.short}")
                    return
                out.notes.append(f"the address is in {place.province.short}, not {hint[0].short} (--province)")
                hint = None
            out.province = place.province
            out.fields["province"] = (hint[1] or hint[0].short) if hint else (place.former_province or place.province.short)
            out.fields["address"] = address
            return
        if hint is None and address:
            last = address.split(",")[-1].strip()
            try:  # the commune is unknown, but the address may still end with its province
                hint = self.places.province(last)
            except PlaceError as exc:
                if re.match(r"(tỉnh|thành phố|tp\.?)\s", last, re.I):
                    reason = str(exc)
        if hint is None:
            out.missing.append(f"province: the row names no province{f' ({reason})' if reason else ''}; "
                               "add a province column or give --province")
            return
        out.province = hint[0]
        out.fields["province"] = hint[1] or hint[0].short
        if address:
            out.notes.append(f"address '{address}' not placed ({reason}); only the province was written")
            out.comments["province"] = f"địa chỉ trong bảng tính chưa đối chiếu được ({reason}): {address}"

    def _price(self, values: dict, fields: dict, problems: list[str]) -> None:
        raw = values.get("price")
        if raw is None or text(raw) == "":
            return
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            parse.price(raw if isinstance(raw, int) else text(raw))
        except ValueError as exc:
            problems.append(f"price: {exc}")
            return
        fields["price"] = raw if isinstance(raw, int) else text(raw)

    def _producer(self, values: dict, out: Converted, problems: list[str]) -> ProducerRow | None:
        name = text(values.get("producer"))
        if not name:
            if text(values.get("producer.phone")):
                out.fields["contact"] = {"phone": _phone(values["producer.phone"])}
            return None
        kind, core = parse.producer_name(name)
        kind_text = text(values.get("producer.kind"))
        if kind_text:
            try:
                kind = parse.producer_kind(kind_text)
            except ValueError as exc:
                problems.append(f"producer.kind: {exc}")
                return None
        row = ProducerRow(name, kind or "household", kind is not None, core or name,
                          text(values.get("producer.representative")), _phone(values.get("producer.phone")),
                          text(values.get("producer.email")), out.fields.get("address", ""),
                          str(out.fields.get("province", "")))
        return row

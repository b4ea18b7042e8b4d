"""Planning an import: every row read, matched, turned into record text and checked.

Nothing is written here. Each record a row would create or change is checked by the record
loader itself (:meth:`generator.records.loader.Loader.check`; an edited record is read back from its
new text first) before it is accepted, so a rejected row leaves no trace and an accepted one
passes ``ocop validate``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ...domain.places import PlaceError, registry
from ...domain.reference.groups import RuleSet
from ...domain.text import slugify
from ...records.loader import Loader
from ...records.yamlfile import as_mapping, parse_mapping
from . import sheets
from .catalog import Index, Known, read_index
from .columns import letter, parse_map
from .records import changes, new_text, updated_text
from .report import Outcome, Report
from .rows import Converted, Converter, Defaults, ProducerRow, RowError, Section, text, title_defaults

_SECTION_NUMBER = re.compile(r"(?:[IVXLC]+|[A-ZĐ])\s*[.):]?")


@dataclass
class Options:
    sheets: list[str] | None = None
    mapping: list[str] = field(default_factory=list)
    defaults: Defaults = field(default_factory=Defaults)
    progress: bool = True


@dataclass
class Plan:
    report: Report
    files: dict[Path, str]  # record path -> its new text


def plan_import(source: Path, site: Path, rules: RuleSet, today: dt.date, options: Options) -> Plan:
    """What importing ``source`` into ``site`` would do; raises ValueError for a bad --map or file."""
    mapping = parse_map(options.mapping)
    tables, skipped = sheets.read(source, options.sheets, mapping)
    index = read_index(site / "catalog", registry())
    run = _Run(site, rules, today, options.defaults, index, Report(source, notes=index.notes + skipped))
    for table in tables:
        run.report.notes.extend(_table_notes(table))
    with tqdm(total=sum(len(t.rows) for t in tables), unit=" rows", desc="import",
              disable=None if options.progress else True) as bar:
        for table in tables:
            run.converter.defaults, said = title_defaults(table.title, options.defaults)
            if said:
                run.report.notes.append(f"sheet '{table.sheet}': {said}")
            section = Section()
            for number, cells in table.rows:
                section = run.row(table, number, cells, section)
                bar.update()
    return Plan(run.report, run.files)


def _table_notes(table: sheets.Table) -> list[str]:
    rows = "–".join(str(r) for r in table.heading_rows)
    columns = ", ".join(f"{letter(i)} {name}" for i, name in sorted(table.columns.items()))
    return [f"sheet '{table.sheet}': headings on row {rows}; columns read: {columns}"] + \
        [f"sheet '{table.sheet}': {note}" for note in table.notes]


def section_text(filled: list[str], values: dict, fields: set[str]) -> str | None:
    """The text of a row that heads a section ("I. NHÓM THỰC PHẨM", "B. Sản phẩm 4 sao") or is no
    product at all ("Tổng cộng", a signature block), or None for a product row.

    ``filled`` holds the row's distinct texts, ``fields`` the fields its table has columns for.
    """
    number = text(values.get("stt"))
    numbered = bool(re.fullmatch(r"\d+\.?", number))
    if number and _SECTION_NUMBER.fullmatch(number):
        return " ".join(filled)
    if len(filled) == 1 and not numbered:
        return filled[0]
    if not numbered and "stars" in fields and "stars" not in values and ("stt" in fields or len(filled) <= 2):
        return " ".join(filled)
    return None


class _Run:
    def __init__(self, site: Path, rules: RuleSet, today: dt.date, defaults: Defaults, index: Index, report: Report):
        self.catalog = site / "catalog"
        self.rules = rules
        self.index = index
        self.report = report
        self.places = registry()
        self.loader = Loader(site, rules, today)
        self.converter = Converter(rules, self.places, defaults, today)
        self.files: dict[Path, str] = {}
        self.touched: dict[str, tuple[str, int]] = {}  # product id slug -> (sheet, row) that set it
        self.new_producers: dict[str, tuple[Path, str, list[str]]] = {}  # id slug -> (path, text, problems)
        self.readers = {
            "group": lambda v: self.rules.group(str(v)),
            "subgroup": lambda v: self.rules.subgroup(str(v)),
        }

    def row(self, table: sheets.Table, number: int, cells: list, section: Section) -> Section:
        filled = list(dict.fromkeys(t for t in map(text, cells) if t))
        if not filled:
            return section
        values = table.values(cells)
        heading = section_text(filled, values, set(table.columns.values()))
        if heading is not None:
            new = self.converter.section(heading, section)
            said = []
            if new.group is not None and new.group != section.group:
                said.append(f"group {new.group.name}")
            if new.stars is not None and new.stars != section.stars:
                said.append(f"{new.stars} stars")
            note = f"section '{heading}': rows below: {', '.join(said)}" if said else f"not a product row: '{heading}'"
            self.report.outcomes.append(Outcome(table.sheet, number, "skipped", notes=[note]))
            return new
        outcome = Outcome(table.sheet, number, "rejected", name=text(values.get("name")))
        self.report.outcomes.append(outcome)
        try:
            converted = self.converter.convert(values, section)
        except RowError as exc:
            outcome.notes = exc.reasons
            return section
        outcome.notes = list(converted.notes)
        self._product(converted, table.sheet, number, outcome)
        return section

    def _reject(self, outcome: Outcome, reasons: list[str]) -> None:
        outcome.result = "rejected"
        outcome.notes = reasons + [n for n in outcome.notes if n not in reasons]

    def _product(self, row: Converted, sheet: str, number: int, outcome: Outcome) -> None:
        producer_id = ""
        if row.producer is not None:
            producer_id, problems = self._producer(row.producer)
            outcome.producer = producer_id + (" (new)" if slugify(producer_id) in self.new_producers else "")
            if problems:
                self._reject(outcome, problems)
                return
        known, ambiguous = self.index.product_for(row, slugify(producer_id))
        if ambiguous:
            self._reject(outcome, [ambiguous])
            return
        if known is not None and slugify(known.id) in self.touched:
            first = self.touched[slugify(known.id)]
            self._reject(outcome, [f"the same product ({known.id}) as sheet '{first[0]}' row {first[1]}"])
            return
        wanted = dict(row.fields)
        if producer_id:
            wanted["producer"] = producer_id
            if slugify(producer_id) in self.new_producers and not row.producer.kind_known:
                outcome.notes.append(f"producer '{row.producer.name}': no legal form (HTX, Công ty, Hộ kinh doanh, "
                                     "Cơ sở) in its name; a household is assumed, to be confirmed")
        comments = {**row.guessed, **row.comments}
        if known is None and row.missing:
            self._reject(outcome, row.missing)
            return
        if known is None:
            ident = self.index.new_product_id(row)
            path = self.catalog / "products" / f"{slugify(ident)}.yaml"
            data = as_mapping({"id": ident, **wanted})
            record_text = new_text(data, "products", comments)
            result = "created"
        else:
            ident, path = known.id, known.path
            if known.province is not None and known.province == row.province:
                wanted.pop("province", None)  # "Bạc Liêu" and "Cà Mau" name the same province today
            changed = changes(known.data, wanted, set(row.guessed), self.readers)
            if not changed:
                outcome.result, outcome.product = "unchanged", ident
                self.touched[slugify(ident)] = (sheet, number)
                self._count_producer(producer_id)
                return
            source = path.read_text("utf-8")
            record_text = updated_text(source, changed, "products", {k: v for k, v in comments.items() if k in changed})
            data = parse_mapping(record_text)
            result = "updated"
        outcome.product = ident
        problems = self.loader.check("products", path, data)
        if problems:
            found = [f"{p.field}: {p.message}" if p.field else p.message for p in problems.sorted()]
            self._reject(outcome, found + row.missing)  # what the sheet lacked explains what the record lacks
            return
        if result == "updated":
            outcome.notes.append(f"changed: {', '.join(changed)}")
        self.files[path] = record_text
        self.touched[slugify(ident)] = (sheet, number)
        if known is None:
            self.index.add_product(Known(path, ident, {"id": ident, **wanted}, row.name_key, slugify(producer_id),
                                         row.province, new=True))
        elif known.name_key != row.name_key:  # renamed: later rows find it by its new name
            self.index.product_names.setdefault(row.name_key, []).append(known)
        self._count_producer(producer_id)
        outcome.result = result

    def _count_producer(self, producer_id: str) -> None:
        """A new producer is written with the first accepted row that names it."""
        if slugify(producer_id) in self.new_producers:
            producer_path, producer_text, _ = self.new_producers[slugify(producer_id)]
            if producer_path not in self.files:
                self.files[producer_path] = producer_text
                self.report.producers_created.append(producer_id)
        elif producer_id:
            self.report.producers_reused.add(producer_id)

    def _producer(self, row: ProducerRow) -> tuple[str, list[str]]:
        """The id of the producer a row names, existing or new, and the problems of a new one."""
        known = self.index.producer_for(row)
        if known is not None:
            problems = self.new_producers[slugify(known.id)][2] if known.new else []
            return known.id, problems
        ident = self.index.new_producer_id(row)
        data = {"id": ident, "name": row.name, "kind": row.kind, "province": row.province, "address": row.address,
                "representative": row.representative, "phone": row.phone, "email": row.email}
        data = {k: v for k, v in data.items() if v}
        comments = {} if row.kind_known else {
            "kind": "loại hình chưa rõ (tên trong bảng tính không có HTX, Công ty, Hộ kinh doanh, Cơ sở): cán bộ kiểm tra"}
        path = self.catalog / "producers" / f"{ident}.yaml"
        record_text = new_text(data, "producers", comments)
        found = self.loader.check("producers", path, as_mapping(data))
        problems = [f"producer {ident}: {p.field}: {p.message}" for p in found.sorted()]
        province = None
        if row.province:
            try:
                province = self.places.province(row.province)[0]
            except PlaceError:
                province = None
        self.index.add_producer(Known(path, ident, data, kind=row.kind, core_key=slugify(row.core),
                                      province=province, new=True))
        self.new_producers[slugify(ident)] = (path, record_text, problems)
        return ident, problems

"""Reading a spreadsheet (.xlsx, or .csv) into tables: the heading row found, columns named.

Annex tables rarely start in A1: a title block ("DANH SÁCH SẢN PHẨM OCOP ..."), merged over the
width of the table, comes first; headings may span two rows (a merged "Chủ thể" over "Tên" and
"Địa chỉ"); a row numbering the columns "(1) (2) (3)" may follow them; a producer or a decision
number may be merged down over several product rows. Merged cells are read as if every cell
of the range held the value, which is what the person reading the printed annex sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.text import nfc
from ...records.yamlfile import YamlError, decode
from ..office import NotReadable, check_package
from .columns import IGNORE, letter, recognise, words

HEADER_SCAN = 30
"""Rows searched for the heading row: a title block is a few lines, not pages."""
MAX_COLUMNS = 200  # columns a table may span: annexes have 10 to 30, a value far to the right is a stray
MAX_CELLS = 2_000_000  # rows × columns a sheet may span: 50,000 products of 40 columns
MAX_CELL_CHARS = 32_767  # Excel's own limit on the text of a cell
MAX_WORKBOOK_BYTES = 100_000_000  # an .xlsx unpacked: MAX_CELLS cells take about 70 MB of XML
MAX_CSV_BYTES = 100_000_000  # MAX_CELLS cells of product data, with room to spare
_NUMBERING = re.compile(r"\(?\s*[0-9]{1,2}\s*\)?|\(?[A-Za-z]\)?")


@dataclass
class Table:
    """One sheet's table below its heading rows."""

    sheet: str
    columns: dict[int, str]  # column index -> field
    headings: dict[int, str]  # column index -> heading as written
    title: str  # text of the title block above the headings
    rows: list[tuple[int, list]]  # (row number in the sheet, cell values), below the headings
    heading_rows: tuple[int, ...]
    notes: list[str] = field(default_factory=list)

    def values(self, cells: list) -> dict[str, object]:
        """{field: value} of a row's non-empty cells."""
        found = {}
        for index, name in self.columns.items():
            value = cells[index] if index < len(cells) else None
            if value is not None and value != "":
                found[name] = value
        return found


class Unreadable(ValueError):
    """The file is no spreadsheet this importer can read."""


def read(path: Path, sheets: list[str] | None = None, mapping: list[tuple[str, str, str]] = ()
         ) -> tuple[list[Table], list[str]]:
    """The tables of a workbook or CSV file, and a note for each sheet that holds none."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grids = {path.stem: _csv(path)}
    elif suffix in (".xlsx", ".xlsm"):
        grids = _xlsx(path)
    elif suffix == ".xls":
        raise Unreadable("this is the old Excel 97-2003 format; open it in Excel or LibreOffice and "
                         "save it as .xlsx (Excel Workbook)")
    else:
        raise Unreadable("not a spreadsheet: the importer reads .xlsx and .csv files")
    if sheets:
        missing = [s for s in sheets if s not in grids]
        if missing:
            raise Unreadable(f"no sheet named {', '.join(repr(s) for s in missing)}; "
                             f"the sheets are: {', '.join(repr(s) for s in grids)}")
        grids = {name: grids[name] for name in sheets}
    tables, skipped = [], []
    for name, grid in grids.items():
        table = _table(name, grid, mapping)
        if table is None:
            if any(any(c not in (None, "") for c in row) for row in grid):
                skipped.append(f"sheet '{name}': no heading row with a product name column in its first "
                               f"{HEADER_SCAN} rows; nothing imported from it (name the columns with --map)")
            continue
        tables.append(table)
    return tables, skipped


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = nfc(value).replace("\u00a0", " ").strip()
        return value or None
    return value


class _Grid:
    """A sheet's cells, refused past the limits as they are read, then rows of equal width.

    Only cells that hold a value count: a sheet is as large as its last value, whatever size it
    claims (its ``<dimension>``) or whichever empty cells carry formatting far away.
    """

    def __init__(self, sheet: str):
        self.sheet = sheet
        self.cells: dict[int, dict[int, object]] = {}  # row number -> 0-based column -> value
        self.height = self.width = 0

    def add(self, row: int, column: int, value: object) -> None:
        """The value of the cell at ``row`` (from 1) and ``column`` (from 0)."""
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            self._refuse(row, column, f"holds {len(value):,} characters, more than the {MAX_CELL_CHARS:,} a cell may "
                                      "hold (Excel's own limit)")
        value = _clean(value)
        if value is None:
            return
        if column >= MAX_COLUMNS:
            self._refuse(row, column, f"holds a value beyond column {letter(MAX_COLUMNS - 1)}; the importer reads "
                                      f"tables at most {MAX_COLUMNS} columns wide: delete what is to the right of the table")
        if max(self.height, row) * max(self.width, column + 1) > MAX_CELLS:  # rows may come in any order
            self._refuse(row, column, f"holds a value that makes the sheet larger than {MAX_CELLS:,} cells; delete "
                                      "what is below the table, or split the sheet")
        self.cells.setdefault(row, {})[column] = value
        self.height, self.width = max(self.height, row), max(self.width, column + 1)

    def _refuse(self, row: int, column: int, why: str) -> None:
        raise Unreadable(f"sheet '{self.sheet}': cell {letter(column)}{row} {why}")

    def merge(self, ranges: list[tuple[int, int, int, int]]) -> None:
        """Read merged cells as if every cell of the range held the value, within the sheet's values
        (a title merged across the whole sheet adds no columns). ``ranges``: (top, left, bottom, right), from 1."""
        covered = 0
        for top, left, bottom, right in ranges:
            value = self.cells.get(top, {}).get(left - 1)
            if value is None:
                continue
            rows, columns = range(top, min(bottom, self.height) + 1), range(left - 1, min(right, self.width))
            covered += len(rows) * len(columns)
            if covered > MAX_CELLS:
                raise Unreadable(f"sheet '{self.sheet}': its merged cells (up to {letter(left - 1)}{top}:"
                                 f"{letter(right - 1)}{bottom}) cover more than {MAX_CELLS:,} cells; open it in Excel "
                                 "or LibreOffice, unmerge them and save again")
            for row in rows:
                cells = self.cells.setdefault(row, {})
                for column in columns:
                    cells[column] = value

    def rows(self) -> list[list]:
        empty: dict[int, object] = {}
        return [[self.cells.get(row, empty).get(column) for column in range(self.width)]
                for row in range(1, self.height + 1)]


def _xlsx(path: Path) -> dict[str, list[list]]:
    """The sheets' values, read cell by cell as the file holds them.

    openpyxl's normal mode makes a cell object for every cell of a merged range and of the extent
    the sheet's cells reach (a stray value at XFD1048576 made it build 17 billion), so the
    workbook is opened read-only and each sheet is read with the parser that mode uses, which
    gives the cells the file really holds and, at its end, the merged ranges.
    """
    import openpyxl  # the import costs a quarter of a second; only spreadsheets need it

    try:
        check_package(path, ".xlsx workbook", MAX_WORKBOOK_BYTES)
    except NotReadable as exc:
        raise Unreadable(str(exc)) from None
    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported" and the like
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return {sheet.title: _sheet(book, sheet) for sheet in book.worksheets}
            finally:
                book.close()
    except Unreadable:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        raise Unreadable(f"not a readable .xlsx workbook ({exc})") from None


def _sheet(book, sheet) -> list[list]:
    """The rows of one sheet of a read-only workbook (see :func:`_xlsx`)."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    grid = _Grid(sheet.title)
    with book._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for row, cells in parser.parse():
            for cell in cells:
                grid.add(row, cell["column"] - 1, cell["value"])
    merged = [range_boundaries(m.ref) for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])]
    grid.merge([(top, left, bottom, right) for left, top, right, bottom in merged])
    return grid.rows()


def _csv(path: Path) -> list[list]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise Unreadable(f"the file is {size / 1e6:,.0f} MB, more than the {MAX_CSV_BYTES / 1e6:,.0f} MB a CSV "
                         "may hold here; split it into smaller files")
    try:
        text = decode(path.read_bytes())
    except YamlError as exc:
        raise Unreadable(exc.message.replace("open it and save it again as UTF-8",
                                             "save it again as 'CSV UTF-8 (Comma delimited)'")) from None
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = _Grid(path.stem)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)  # a line break inside a quoted cell stays in it
    try:
        for row, values in enumerate(reader, 1):
            for column, value in enumerate(values):
                grid.add(row, column, value)
    except csv.Error as exc:
        raise Unreadable(f"line {reader.line_num}: not readable as CSV ({exc})") from None
    return grid.rows()


def _column_field(index: int, top: object, low: object, mapping, exact: bool = False) -> str | None:
    """The field of column ``index`` headed ``top`` (and ``low`` below it, if any).

    With ``exact`` the question is whether ``low`` is itself a heading: only its own words count.
    """
    own = {words(low or ""), words(f"{top or ''} {low or ''}"), words(f"{low or ''} {top or ''}")}
    heading_words = own if exact else own | {words(top or "")}
    for column_words, column_letter, name in mapping:
        if column_words in heading_words - {""}:
            return name
    for column_words, column_letter, name in mapping:
        if column_letter and column_letter == letter(index) and not exact:
            return name
    return recognise(top, low, exact=exact)


def _fields(top: list, low: list | None, mapping) -> dict[int, str | None]:
    width = max(len(top), len(low or []))
    return {i: _column_field(i, _at(top, i), _at(low, i) if low else None, mapping) for i in range(width)}


def _at(row: list | None, index: int) -> object:
    return row[index] if row and index < len(row) else None


def _is_heading_row(fields: dict[int, str | None]) -> bool:
    found = {f for f in fields.values() if f} - {IGNORE, "stt"}
    return "name" in found and len(found) >= 2


def _is_sub_heading(top: list, low: list, mapping) -> bool:
    """Does ``low`` complete the headings of ``top`` (a second heading row) rather than start the data?"""
    filled = [(i, v) for i, v in enumerate(low) if v not in (None, "")]
    if not filled:
        return False
    new = [(i, v) for i, v in filled if v != _at(top, i)]
    if not new or len({v for _, v in new}) < len(new):  # a band merged across the table is a section
        return False
    return all(_column_field(i, _at(top, i), v, mapping, exact=True) for i, v in new)


def _is_numbering(row: list) -> bool:
    """ "(1) (2) (3) ..." or "A B 1 2 ..." under the headings."""
    filled = [str(v).strip() for v in row if v not in (None, "")]
    return len(filled) >= 3 and all(_NUMBERING.fullmatch(v) for v in filled)


def _table(sheet: str, grid: list[list], mapping) -> Table | None:
    for r in range(min(HEADER_SCAN, len(grid))):
        top = grid[r]
        if not _is_heading_row(_fields(top, None, mapping)):
            continue
        low = grid[r + 1] if r + 1 < len(grid) and _is_sub_heading(top, grid[r + 1], mapping) else None
        heading_rows = (r + 1, r + 2) if low else (r + 1,)
        start = r + (2 if low else 1)
        if start < len(grid) and _is_numbering(grid[start]):
            start += 1
        return _build(sheet, grid, top, low, heading_rows, start, mapping)
    return None


def _build(sheet: str, grid: list[list], top: list, low: list | None, heading_rows: tuple[int, ...], start: int,
           mapping) -> Table:
    columns: dict[int, str] = {}
    headings: dict[int, str] = {}
    notes = []
    for index, name in _fields(top, low, mapping).items():
        parts = [str(p) for p in (_at(top, index), _at(low, index) if low else None) if p not in (None, "")]
        heading = " / ".join(dict.fromkeys(" ".join(p.split()) for p in parts))
        if not heading:
            continue
        if name is None:
            notes.append(f"column {letter(index)} '{heading}' is not a known heading; left out "
                         f"(read it with --map \"{heading}=FIELD\")")
        elif name == IGNORE:
            continue
        elif name in columns.values():
            notes.append(f"column {letter(index)} '{heading}' also reads as {name}; the first such column is used")
        else:
            columns[index] = name
            headings[index] = heading
    title_lines = []
    for row in grid[:heading_rows[0] - 1]:
        for value in dict.fromkeys(v for v in row if v not in (None, "")):
            title_lines.append(_text(value))
    rows = [(n + 1, grid[n]) for n in range(start, len(grid))]
    return Table(sheet, columns, headings, "\n".join(title_lines), rows, heading_rows, notes)


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())

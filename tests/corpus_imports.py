"""Cases of the importers: spreadsheets for ``ocop import-products`` and documents for
``ocop import-plan``, each run alone on a copy of a small site.

What must hold: the import ends within its bounds (1 GiB of address space, a CPU limit, a timeout)
with no traceback; what it refuses it says; what it writes stays inside ``catalog/`` (records that
then validate) and its report carries no spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl

from corpus_harness import GIB, Case, cached_bytes, differences, ocop, sources_digest

HEADINGS = ["STT", "Tên sản phẩm", "Chủ thể", "Tỉnh", "Nhóm", "Hạng sao", "Số quyết định", "Ngày cấp", "Cơ quan cấp"]
ROW = ["{n}", "{name}", "HTX Nước mắm Đầm Dơi", "Cà Mau", "Thực phẩm", "4", "1234/QĐ-UBND", "20/05/2024",
       "Ủy ban nhân dân tỉnh Cà Mau"]
IMPORT_MEMORY = 1 * GIB


def rows(*names: str) -> list[list[str]]:
    return [HEADINGS] + [[c.format(n=i + 1, name=name) for c in ROW] for i, name in enumerate(names)]


def workbook(grid: list[list], *, hidden: list[list] | None = None, edit=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    for row in grid:
        sheet.append(row)
    if hidden is not None:
        other = book.create_sheet("Nháp")
        for row in hidden:
            other.append(row)
        other.sheet_state = "hidden"
    if edit:
        edit(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change) -> bytes:
    """``data`` (a zip) with each member's bytes passed through ``change(name, bytes)``."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def _dimension_claim(data: bytes) -> bytes:
    return rezip(data, lambda name, b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', b)
                 if name.endswith("sheet1.xml") else b)


def _far_cell(book, sheet) -> None:
    sheet["XFD1048576"] = "lạc"


def _far_merge(data: bytes) -> bytes:
    """A merged range over the last rows and columns, written into the sheet's XML (openpyxl itself
    would make a cell object for each of its 13 billion cells)."""
    merge = b'<mergeCells count="1"><mergeCell ref="A1048000:XFD1048576"/></mergeCells>'
    return rezip(data, lambda name, b: b.replace(b"</sheetData>", b"</sheetData>" + merge)
                 if name.endswith("sheet1.xml") else b)


def _shared_string_bomb() -> bytes:
    """A workbook whose one shared string is 300 MB of text, compressed into about 300 KB."""
    def change(name, b):
        if name.endswith("sharedStrings.xml"):
            return re.sub(rb"<t>[^<]*</t>", b"<t>" + b"a" * 300_000_000 + b"</t>", b, count=1)
        return b
    return cached_bytes("bom-chuoi.xlsx", lambda: rezip(workbook(rows("Nước mắm")), change))


def _with_vba(data: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as book:
        book.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    return out.getvalue()


def csv_bytes(grid: list[list], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(grid)
    return out.getvalue().encode(encoding)


def _import(name: str, make, *, must: str = "any", report_clean: bool = False, names: tuple[str, ...] = (),
            cpu: int = 30, timeout: float = 90, extra: tuple[str, ...] = ()):
    """Run ``ocop import-products`` on the file ``name`` made by ``make()``; ``must``: 'import' (exit 0),
    'refuse' (exit 1, a message), or 'any' (either). The records written validate; the report holds
    no formula cell; ``names`` are the product names the new records must carry."""
    def check(solo) -> None:
        root = solo.site()
        source = solo.tmp / name
        data = make()
        source.write_bytes(data) if isinstance(data, bytes) else data(source)
        before = sources_digest(root)
        report = solo.tmp / "bao-cao.csv"
        run = ocop("import-products", source, "--site", root, "--report", report, *extra, memory=IMPORT_MEMORY,
                   cpu=cpu, timeout=timeout)
        run.assert_sane()
        assert run.returncode in (0, 1), run.output[-2000:]
        if must == "import":
            assert run.returncode == 0, run.output[-2000:]
        if must == "refuse":
            assert run.returncode == 1 and run.stderr.strip(), run.output[-2000:]
        changed = differences(before, sources_digest(root))
        outside = [p for p in changed if not re.fullmatch(r"catalog/(products|producers)/[a-z0-9][a-z0-9-]*\.yaml", p)]
        assert outside == [], f"the import wrote outside catalog/ or odd file names: {outside}"
        if changed:
            check_run = ocop("validate", root)
            check_run.assert_sane()
            assert check_run.returncode == 0, check_run.stderr[-2000:]
        if report_clean and report.exists():
            cells = [c for row in csv.reader(io.StringIO(report.read_text("utf-8-sig"))) for c in row]
            assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == []
        records = {p.name: p.read_text("utf-8") for p in (root / "catalog" / "products").glob("*.yaml")}
        for wanted in names:
            assert any(f"name: {wanted}\n" in text for text in records.values()), \
                f"no record named {wanted!r}: {[text[:120] for text in records.values()]}"
    return check


def spreadsheet_cases() -> list[Case]:
    c = []

    def add(id, kind, holds, check):
        c.append(Case(f"sheet-{id}", kind, "spreadsheets", holds, {}, check))

    add("valid-xlsx", "data loss", "a plain appendix imports its product with its name",
        _import("phu-luc.xlsx", lambda: workbook(rows("Mắm ruốc Đầm Dơi")), must="import", names=("Mắm ruốc Đầm Dơi",)))
    add("dimension-claim", "resource cost", "a 6 KB workbook claiming cells up to XFD1048576 imports within 1 GiB and 10 s of CPU",
        _import("khai-rong.xlsx", lambda: _dimension_claim(workbook(rows("Nước mắm"))), names=("Nước mắm",), cpu=10),
        )
    add("far-cell", "resource cost", "one stray cell at XFD1048576 costs no more than the rows that hold products",
        _import("o-lac.xlsx", lambda: workbook(rows("Nước mắm"), edit=_far_cell), cpu=10, timeout=60))
    add("far-merge", "resource cost", "a merged range far down and right costs no more than the rows that hold products",
        _import("gop-xa.xlsx", lambda: _far_merge(workbook(rows("Nước mắm"))), cpu=10, timeout=60))
    add("shared-string-bomb", "resource cost", "a 300 MB string compressed into the workbook is refused within 1 GiB",
        _import("bom-chuoi.xlsx", _shared_string_bomb, cpu=10, timeout=60))
    add("formula-names", "active content", "names that start with '=', '+', '-' or '@' reach no report cell as a formula",
        _import("cong-thuc.xlsx", lambda: workbook(rows('=HYPERLINK("https://evil.example/","Nước mắm")', "+84 Nước mắm",
                                                         "@SUM(A1)", "-1+1")), report_clean=True))
    add("formula-cells", "active content", "cells holding formulas import their values or are refused; no formula reaches the report",
        _import("o-cong-thuc.xlsx", lambda: workbook(rows("Nước mắm") + [["2", "=A1&\"x\"", "=cmd|' /C calc'!A0", "Cà Mau",
                                                                               "Thực phẩm", "4", "1/QĐ", "20/05/2024", "UBND"]]),
                report_clean=True))
    add("csv-formula", "active content", "CSV cells starting with '=' reach no report cell as a formula",
        _import("cong-thuc.csv", lambda: csv_bytes(rows('=HYPERLINK("https://evil.example/","x")', "=1+1")), report_clean=True))
    add("alt-enter", "broken output", "a cell broken with Alt+Enter keeps a space between its lines",
        _import("xuong-dong.xlsx", lambda: workbook(rows("Mắm tôm\nChà Là")), must="import", names=("Mắm tôm Chà Là",)))
    add("csv-alt-enter", "broken output", "a CSV cell broken with Alt+Enter (a quoted line break) keeps a space between its lines",
        _import("xuong-dong.csv", lambda: csv_bytes(rows("Mắm tôm\nNăm Căn")), must="import", names=("Mắm tôm Năm Căn",)))
    add("csv-cell-128k", "crash/hang", "a CSV cell over 128 KB is refused with a message, no traceback",
        _import("o-dai.csv", lambda: csv_bytes(rows("Nước mắm " + "a" * 140_000))))
    add("csv-nul", "crash/hang", "a CSV with NUL bytes is refused or read, no traceback",
        _import("nul.csv", lambda: csv_bytes(rows("Nước mắm")) + b"\0\0\0,\0\n"))
    add("csv-utf16", "broken output", "a CSV saved as Unicode (UTF-16) imports", _import(
        "utf16.csv", lambda: csv_bytes(rows("Nước mắm UTF-16"), "utf-16", "\t"), names=("Nước mắm UTF-16",)))
    add("csv-windows-1258", "broken output", "a CSV in Windows-1258 is refused with advice, nothing written",
        _import("cu.csv", lambda: "\n".join(",".join(r) for r in rows("Nước mắm")).encode("cp1258", "replace"), must="refuse"))
    add("csv-semicolon", "broken output", "a CSV with ';' separators imports", _import(
        "cham-phay.csv", lambda: csv_bytes(rows("Nước mắm chấm phẩy"), delimiter=";"), names=("Nước mắm chấm phẩy",)))
    add("not-a-zip", "crash/hang", "a text file named .xlsx is refused with a message",
        _import("gia.xlsx", lambda: b"day khong phai bang tinh", must="refuse"))
    add("xls-old", "crash/hang", "an old .xls is refused with advice", _import("cu.xls", lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600, must="refuse"))
    add("xlsm-renamed", "active content", "a macro-enabled workbook renamed .xlsx imports its data; the macro goes nowhere",
        _import("co-macro.xlsx", lambda: _with_vba(workbook(rows("Nước mắm macro"))), names=("Nước mắm macro",)))
    add("hidden-sheet", "data loss", "a visible sheet imports whatever a hidden sheet holds",
        _import("an.xlsx", lambda: workbook(rows("Nước mắm hiện"), hidden=rows("Nước mắm ẩn")), names=("Nước mắm hiện",)))
    add("no-rows", "crash/hang", "a workbook with headings only says there is nothing to import",
        _import("rong.xlsx", lambda: workbook(rows()), must="refuse"))
    add("name-only-symbols", "data loss", "a product named only with symbols is rejected or gets a proper file name",
        _import("ky-hieu.xlsx", lambda: workbook(rows("★★★", "...", "../../mkdocs"))))
    add("name-very-long", "data loss", "a 2,000-character product name is rejected or gets a file name the disk accepts",
        _import("ten-dai.xlsx", lambda: workbook(rows("Nước mắm " * 222))))
    add("serial-dates", "broken output", "Excel serial dates 0 and 60 (1900-02-29) are rejected or read, no traceback",
        _import("ngay.xlsx", lambda: workbook(rows("Nước mắm") + [["2", "Mắm ruốc", "HTX", "Cà Mau", "Thực phẩm", "4", "2/QĐ", 0, "UBND"],
                                                                   ["3", "Mắm tôm", "HTX", "Cà Mau", "Thực phẩm", "4", "3/QĐ", 60, "UBND"]])))
    add("map-unknown-field", "configuration", "--map to an unknown field is refused with a message",
        _import("map.xlsx", lambda: workbook(rows("Nước mắm")), must="refuse", extra=("--map", "A=khong-co")))
    add("sheet-missing", "configuration", "--sheet naming no sheet is refused with the sheets' names",
        _import("sheet.xlsx", lambda: workbook(rows("Nước mắm")), must="refuse", extra=("--sheet", "Không có")))
    c.append(Case("sheet-import-twice", "data loss", "spreadsheets", "importing the same appendix twice changes nothing the second time",
                  {}, _import_twice))
    return c


def _import_twice(solo) -> None:
    root = solo.site()
    source = solo.tmp / "phu-luc.xlsx"
    source.write_bytes(workbook(rows("Nước mắm hai lần", "Mắm ruốc hai lần")))
    first = ocop("import-products", source, "--site", root)
    assert first.returncode == 0, first.output
    between = sources_digest(root)
    second = ocop("import-products", source, "--site", root)
    second.assert_sane()
    assert differences(between, sources_digest(root)) == []


# -- documents --------------------------------------------------------------------------------------

PORTAL_TEXT = """ỦY BAN NHÂN DÂN
TỈNH CÀ MAU
Số: 52/KH-UBND
Cà Mau, ngày 12 tháng 3 năm 2024

KẾ HOẠCH
{title}

I. MỤC ĐÍCH, YÊU CẦU
{body}

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _import_plan(name: str, make, *, must: str = "any", validates: bool = False, cpu: int = 30, timeout: float = 90):
    """``ocop import-plan FILE --out <site>/content/plans``: bounded, no traceback; 'import' or 'refuse';
    what it writes is a plan the site then validates (``validates``)."""
    def check(solo) -> None:
        root = solo.site()
        source = solo.tmp / name
        data = make()
        source.write_bytes(data)
        plans = root / "content" / "plans"
        run = ocop("import-plan", source, "--out", plans, memory=IMPORT_MEMORY, cpu=cpu, timeout=timeout)
        run.assert_sane()
        assert run.returncode in (0, 1), run.output[-2000:]
        if must == "import":
            assert run.returncode == 0, run.output[-2000:]
        if must == "refuse":
            assert run.returncode == 1 and name in run.stderr, run.output[-2000:]
        written = [p for p in plans.rglob("*") if p.is_file()] if plans.exists() else []
        assert all(p.parent == plans and p.suffix == ".md" for p in written), written
        if validates and written:
            check_run = ocop("validate", root)
            check_run.assert_sane()
            assert "Traceback" not in check_run.output
    return check


def document_cases() -> list[Case]:
    c = []

    def add(id, kind, holds, check):
        c.append(Case(f"document-{id}", kind, "documents", holds, {}, check))

    add("valid-text", "data loss", "a plan copied from a portal imports",
        _import_plan("ke-hoach.txt", lambda: PORTAL_TEXT.format(title="Triển khai OCOP năm 2024", body="Nội dung.").encode(), must="import"))
    add("docx-not-zip", "crash/hang", "a .docx that is not a zip is refused with a message",
        _import_plan("gia.docx", lambda: b"khong phai docx", must="refuse"))
    add("docx-huge-paragraphs", "resource cost", "a small .docx with huge paragraphs imports within 1 GiB and 10 s of CPU, or is refused",
        _import_plan("doan-dai.docx", _huge_paragraphs, cpu=10, timeout=60))
    add("docx-no-document", "crash/hang", "a zip named .docx without a document is refused with a message",
        _import_plan("rong.docx", lambda: _zip({"a.txt": b"a"}), must="refuse"))
    add("docx-broken-xml", "crash/hang", "a .docx whose document is not XML is refused with a message",
        _import_plan("hong.docx", lambda: rezip(docx(["x"]), lambda n, b: b"<w:document" if n == "word/document.xml" else b), must="refuse"))
    add("docx-entity-expansion", "resource cost", "a .docx with an entity expansion bomb is refused or read without expanding",
        _import_plan("bom.docx", lambda: rezip(docx(["&a9;"]), _entity_bomb), cpu=10, timeout=60))
    add("docx-external-entity", "data loss", "a .docx naming an external entity never reads the file it names",
        _import_plan_no_leak)
    add("docx-nested-tables", "crash/hang", "a .docx with a table inside a table imports or is refused, no traceback",
        _import_plan("bang-long.docx", _nested_tables))
    add("text-utf16", "broken output", "a portal text saved as UTF-16 imports",
        _import_plan("utf16.txt", lambda: PORTAL_TEXT.format(title="Kế hoạch UTF-16", body="x").encode("utf-16"), must="import"))
    add("text-binary", "crash/hang", "a binary file is refused with a message",
        _import_plan("nhi-phan.txt", lambda: bytes(range(256)) * 40, must="refuse"))
    add("text-empty", "crash/hang", "an empty file is refused with a message", _import_plan("rong.txt", lambda: b"", must="refuse"))
    add("text-huge", "resource cost", "a 2 MB text imports or is refused within 20 s of CPU",
        _import_plan("lon.txt", lambda: PORTAL_TEXT.format(title="Lớn", body="Nội dung dài. " * 150_000).encode(), cpu=20))
    add("text-yaml-breaking-title", "broken output", "a title with ': #', quotes and '---' imports into a plan that validates",
        _import_plan("tieu-de.txt", lambda: PORTAL_TEXT.format(title='Kế hoạch: "OCOP" #1 --- & *x* [a]: {b}', body="---\nx").encode(),
                     must="import", validates=True))
    add("text-path-title", "data loss", "a title that reads like a path writes its plan inside --out",
        _import_plan("duong-dan.txt", lambda: PORTAL_TEXT.format(title="../../../etc/passwd", body="x").encode()))
    return c


def _huge_paragraphs() -> bytes:
    """A .docx of about 100 KB whose three paragraphs hold 18 MB of text each (made once per machine)."""
    def make() -> bytes:
        return rezip(docx(["MARK"] * 3), lambda n, b: b.replace(b"MARK", "Nội dung ".encode() * 2_000_000)
                     if n == "word/document.xml" else b)
    return cached_bytes("doan-dai.docx", make)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _entity_bomb(name: str, data: bytes) -> bytes:
    if name != "word/document.xml":
        return data
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};">'
                                             for i in range(1, 10))
    head, rest = data.split(b"?>", 1) if data.startswith(b"<?xml") else (b"", data)
    root = rest.lstrip().split(b" ", 1)[0][1:].decode()
    return (head + b"?>" if head else b"") + f"<!DOCTYPE {root} [{entities}]>".encode() + rest.replace(b"&amp;a9;", b"&a9;")


def _import_plan_no_leak(solo) -> None:
    secret = solo.tmp / "bi-mat.txt"
    secret.write_text("BÍ MẬT OCOP-SECRET-7731")

    def external(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        head, rest = data.split(b"?>", 1)
        root = rest.lstrip().split(b" ", 1)[0][1:].decode()
        return head + b"?>" + f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>'.encode() + rest.replace(b"&amp;x;", b"&x;")

    _import_plan("ngoai.docx", lambda: rezip(docx(["&x;"]), external))(solo)
    written = [p.read_text("utf-8") for p in (solo.tmp / "site" / "content" / "plans").glob("*.md")]
    assert not any("OCOP-SECRET-7731" in text for text in written)


def _nested_tables() -> bytes:
    from docx import Document

    document = Document()
    outer = document.add_table(rows=2, cols=2)
    inner = outer.cell(0, 0).add_table(rows=2, cols=2)
    inner.cell(1, 1).text = "ô trong"
    outer.cell(1, 1).text = "ô ngoài"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

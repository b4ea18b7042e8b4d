"""Real plan documents rebuilt as .docx, laid out as Nghị định 30/2020/NĐ-CP prescribes.

The words come from the portal copies in fixtures/real/plans/ (see the README there): every
builder takes its lines from the .txt fixture, so the facts carry over. The layout is that of the
printed document: a two-column borderless header table (issuing body left, national motto right;
the number left, place and date right), the type heading and the title bold and centred, the body
as paragraphs (some of them in Word's own list numbering), and a two-column closing table
("Nơi nhận:" with line breaks left, the signature block right).

The stored copies end before the closing of two documents: their signer's name comes from the
portal's metadata block ("Người ký") on the same page, the signer's title from the public record
of the signer's office on that date, and their "Nơi nhận:" cell holds the label alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

PLANS = Path(__file__).parent / "fixtures" / "real" / "plans"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _source(name: str) -> list[str]:
    return (PLANS / name).read_text("utf-8").splitlines()


def _line(lines: list[str], start: str) -> str:
    """The whole line of the fixture that starts with `start` (a builder fails loudly if it is gone)."""
    found = [line.strip() for line in lines if line.strip().startswith(start)]
    if not found:
        raise LookupError(f"no line starting {start!r} in the fixture")
    return found[0]


def _portal_field(lines: list[str], label: str) -> str:
    """A value of the portal's metadata block: 'Người ký: | Trần Chí Cường |' -> 'Trần Chí Cường'."""
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        if label in cells[:-1]:
            return cells[cells.index(label) + 1]
    raise LookupError(f"no metadata field {label!r} in the fixture")


def _paragraphs(lines: list[str], first: str, stop: str) -> list[str]:
    """Lines from the one starting `first` up to the one starting `stop`, rejoined into paragraphs.

    Portals that break every line of the printed page (thuvienphapluat) put a paragraph's words on
    several lines; a new paragraph starts at a line that is a list dash or a numbered heading.
    """
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(stop))
    paragraphs: list[list[str]] = []
    for line in lines[start:end]:
        if line == "-" or re.match(r"^\d+\.$", line) or not paragraphs:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [" ".join(p) for p in paragraphs]


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    return doc


def _cell(cell, lines: list[str], bold: tuple[int, ...] = (), italic: tuple[int, ...] = (),
          align=WD_ALIGN_PARAGRAPH.CENTER, size: int | None = None) -> None:
    """One paragraph in the cell, its lines separated by line breaks as a clerk types them."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for n, text in enumerate(lines):
        run = paragraph.add_run(text)
        run.bold = n in bold
        run.italic = n in italic
        if size:
            run.font.size = Pt(size)
        if n < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _header(doc, issuer: list[str], number: str, place_date: str) -> None:
    table = doc.add_table(rows=2, cols=2)  # no style: Word's "Normal Table", without borders
    _cell(table.cell(0, 0), [*issuer, "-------"], bold=tuple(range(1, len(issuer))) or (0,), size=13)
    _cell(table.cell(0, 1), [*MOTTO, "---------------"], bold=(0, 1), size=13)
    _cell(table.cell(1, 0), [number], size=13)
    _cell(table.cell(1, 1), [place_date], italic=(0,))


def _centred(doc, text: str, bold: bool = True, italic: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic


def _body(doc, text: str, style: str | None = None, bold: bool = False, italic: bool = False) -> None:
    paragraph = doc.add_paragraph(style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if style is None:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic


def _closing(doc, recipients: list[str], signature: list[str], signer: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    _cell(table.cell(0, 0), ["Nơi nhận:", *recipients], bold=(0,), italic=(0,),
          align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    _cell(table.cell(0, 1), [*signature, "(Đã ký)", "", signer], bold=(*range(len(signature)), len(signature) + 2),
          italic=(len(signature),))


def _save(doc, folder: Path, name: str) -> Path:
    path = Path(folder) / name
    doc.save(path)
    return path


def build_hue_115(folder: Path) -> Path:
    """Kế hoạch 115/KH-UBND of UBND tỉnh Thừa Thiên Huế, 8/5/2020: a plan with list numbering."""
    whole, broken = map(_source, SOURCES[build_hue_115])
    doc = _document()
    _header(doc, ["ỦY BAN NHÂN DÂN", _line(broken, "TỈNH THỪA THIÊN HUẾ")],
            _line(whole, "Số: 115/KH-UBND").rstrip(" |"), _line(whole, "Thừa Thiên Huế, ngày").rstrip(" |"))
    _centred(doc, "KẾ HOẠCH")
    _centred(doc, _line(whole, "TỔ CHỨC ĐÁNH GIÁ"))
    _body(doc, _line(whole, "Thực hiện Quyết định số 1048"))
    _body(doc, _line(whole, "I. MỤC ĐÍCH, YÊU CẦU"), bold=True)
    aims = _paragraphs(broken, "1.", "2. Yêu cầu")
    _body(doc, aims[0].removeprefix("1. "), style="List Number", bold=True)
    for aim in aims[1:]:
        _body(doc, aim.removeprefix("- "), style="List Bullet")
    _body(doc, "Yêu cầu", style="List Number", bold=True)
    _closing(doc, [], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], _portal_field(whole, "Người ký:"))
    return _save(doc, folder, "hue-ubnd-2020-115.docx")


def build_danang_2615(folder: Path) -> Path:
    """Quyết định 2615/QĐ-UBND of the Chairman of UBND thành phố Đà Nẵng, 29/11/2023."""
    (lines,) = map(_source, SOURCES[build_danang_2615])
    doc = _document()
    _header(doc, ["ỦY BAN NHÂN DÂN", _portal_field(lines, "Nơi ban hành:").upper()],
            _line(lines, "Số: 2615/QĐ-UBND |").rstrip(" |"), _line(lines, "Đà Nẵng, ngày").rstrip(" |"))
    _centred(doc, "QUYẾT ĐỊNH")
    _centred(doc, _line(lines, "VỀ VIỆC BAN HÀNH QUY CHẾ"))
    _centred(doc, _line(lines, "CHỦ TỊCH ỦY BAN NHÂN DÂN"))
    for basis in (line for line in lines if line.startswith("Căn cứ")):
        _body(doc, basis, italic=True)
    _closing(doc, [], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], _portal_field(lines, "Người ký:"))
    return _save(doc, folder, "danang-ubnd-2023-2615-qd.docx")


def build_bnn_4653(folder: Path) -> Path:
    """Quyết định 4653/QĐ-BNN-KHCN of the Ministry of Agriculture, 15/11/2017, with its annex."""
    (lines,) = map(_source, SOURCES[build_bnn_4653])
    header = _line(lines, "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN -------")
    number = re.search(r"Số: \S+", header).group(0)
    place_date = re.search(r"Hà Nội, ngày [^|]+", header).group(0).strip()
    closing = [c.strip() for c in _line(lines, "Nơi nhận:").split("|")]
    recipients = ["- " + r.strip() for r in closing[0].removeprefix("Nơi nhận:").split(" - ") if r.strip(" -")]
    signature = re.fullmatch(r"(KT\. BỘ TRƯỞNG) (THỨ TRƯỞNG) (.+)", closing[1])
    doc = _document()
    _header(doc, [header.split(" -------")[0]], number, place_date)
    _centred(doc, "QUYẾT ĐỊNH")
    _centred(doc, _line(lines, "BỘ TRƯỞNG BỘ NÔNG NGHIỆP"))
    for line in lines:
        if line.startswith(("Căn cứ", "Theo đề nghị")):
            _body(doc, line, italic=True)
    _centred(doc, "QUYẾT ĐỊNH:")
    _closing(doc, recipients, [signature[1], signature[2]], signature[3])
    annex = doc.add_section(WD_SECTION.NEW_PAGE)
    annex.left_margin, annex.right_margin = Mm(30), Mm(15)
    _centred(doc, "PHỤ LỤC")
    _body(doc, _line(lines, "1. Tên sản phẩm").removeprefix("1. "), style="List Number")
    _body(doc, _line(lines, "2. Căn cứ pháp lý").removeprefix("2. "), style="List Number")
    _body(doc, _line(lines, "- Quyết định 2441").removeprefix("- "), style="List Bullet")
    return _save(doc, folder, "bnn-2017-4653-qd.docx")


BUILDERS = (build_hue_115, build_danang_2615, build_bnn_4653)
SOURCES = {
    build_hue_115: ("hue-ubnd-2020-115-phapluatcongdong.txt", "hue-ubnd-2020-115-thuvienphapluat.txt"),
    build_danang_2615: ("danang-ubnd-2023-2615-qd.txt",),
    build_bnn_4653: ("bnn-2017-4653-qd.txt",),
}
"""The fixtures each builder takes its words from."""
LAYOUT = {"", "-------", "---------------", "(Đã ký)", "Nơi nhận:", *MOTTO, "KẾ HOẠCH", "QUYẾT ĐỊNH",
          "QUYẾT ĐỊNH:", "PHỤ LỤC", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}
"""Lines a builder writes that are layout, or (the signer titles) the public record, not the page."""

"""A .docx document as text lines with its emphasis, lists and tables in Markdown.

Uses python-docx (a well-kept reader of the format) rather than unzipping XML by
hand; paragraphs and tables are read in document order.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .office import NotReadable, check_package

MAX_DOCX_BYTES = 40_000_000  # unpacked: python-docx holds every part and parses the XML; a plan with pictures is a few MB
MAX_PIECES = 100_000  # paragraphs, runs of text and table cells: python-docx reads each in about 0.1 ms; a 30-page plan has a few thousand


def _runs(paragraph: Paragraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = run.text
        if not text.strip():
            parts.append(text)
            continue
        lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()):]
        if run.bold and run.italic:
            core = f"***{core}***"
        elif run.bold:
            core = f"**{core}**"
        elif run.italic:
            core = f"*{core}*"
        parts.append(lead + core + trail)
    return "".join(parts).replace("****", "")


def _is_list(paragraph: Paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return numbered or style.lower().startswith("list")


def _table(table: Table) -> list[str]:
    texts: dict[_Cell, str] = {}  # read once, however many columns and rows the cell spans

    def text(cell: _Cell) -> str:
        if cell not in texts:
            texts[cell] = "".join(_runs(p) for p in cell.paragraphs).replace("|", "\\|").strip()
        return texts[cell]

    rows = [[text(cell) for cell in cells] for cells in _rows(table)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join("---" for _ in range(width)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["", *lines, ""]


def _rows(table: Table) -> Iterator[list[_Cell]]:
    """Each row's cells, one per column of the table's grid, as python-docx's ``row.cells`` gives them: a cell
    spanning columns comes once for each, a cell merged down is the merge's first cell. Read row after row
    here, as ``row.cells`` looks up each merged cell from the top (merging down 600 rows took 30 s)."""
    above: dict[int, list[_Cell]] = {}  # grid column -> the cells of the last row's cell there
    for tr in table._tbl.tr_lst:
        cells, column = [], tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            merged = above.get(column) if tc.vMerge == "continue" else None  # None: the first row merges nothing
            found = merged or [_Cell(tc, table)] * span
            above[column] = found
            cells += found
            column += span
        yield cells


def docx_lines(path: Path) -> list[str]:
    check_package(path, ".docx document", MAX_DOCX_BYTES)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, SyntaxError) as exc:
        raise NotReadable(f"not a readable .docx document ({exc})") from None
    pieces = sum(1 for _ in document.element.body.iter(qn("w:p"), qn("w:r"), qn("w:tc")))
    if pieces > MAX_PIECES:
        raise NotReadable(f"the document has {pieces:,} paragraphs, runs of text and table cells, more than the "
                          f"{MAX_PIECES:,} a plan may have here; import it in parts")
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            text = _runs(paragraph)
            for part in text.split("\n"):
                if _is_list(paragraph) and part.strip() and not part.lstrip().startswith(("-", "+", "•")):
                    part = "- " + part.strip()
                lines.append(part)
        elif tag == "tbl":
            lines += _table(Table(block, document))
    return lines

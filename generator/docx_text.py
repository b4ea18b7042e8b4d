"""A .docx document as text lines with its emphasis, lists and tables in Markdown.

Uses python-docx (a well-kept reader of the format) rather than unzipping XML by
hand; paragraphs and tables are read in document order.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from .office import NotReadable, check_package

MAX_DOCX_BYTES = 40_000_000  # unpacked: python-docx holds every part and parses the XML; a plan with pictures is a few MB


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
    rows = [["".join(_runs(p) for p in cell.paragraphs).replace("|", "\\|").strip() for cell in row.cells]
            for row in table.rows]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join("---" for _ in range(width)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["", *lines, ""]


def docx_lines(path: Path) -> list[str]:
    check_package(path, ".docx document", MAX_DOCX_BYTES)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, SyntaxError) as exc:
        raise NotReadable(f"not a readable .docx document ({exc})") from None
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

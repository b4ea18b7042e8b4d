"""The real-world corpus of fixtures/real/ is sound: listed, sourced, readable, rebuilt faithfully.

These tests check the corpus itself; what the importers make of it is measured in its README
("Baseline") and asserted by the importer tests that use it.
"""

from __future__ import annotations

import csv
import re

import pytest
from docx import Document

import real_documents
from real_documents import BUILDERS, LAYOUT, MOTTO, PLANS, SOURCES

REAL = PLANS.parent
ROW = re.compile(r"^\| `(?P<file>(?:products|plans)/[^`]+)` \|(?P<rest>.*)\|$")


def readme_rows() -> dict[str, str]:
    """{fixture path: the rest of its row} from the README's "Fixtures" table."""
    text = (REAL / "README.md").read_text("utf-8")
    section = text.split("\n## Fixtures\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            assert match["file"] not in rows, f"{match['file']} is listed twice"
            rows[match["file"]] = match["rest"]
    return rows


def fixture_files() -> set[str]:
    return {str(p.relative_to(REAL)) for pattern in ("products/*.csv", "plans/*.txt") for p in REAL.glob(pattern)}


def test_readme_lists_every_fixture_and_nothing_else():
    assert set(readme_rows()) == fixture_files()


def test_the_corpus_has_the_size_the_issue_asks_for():
    files = fixture_files()
    assert len([f for f in files if f.startswith("products/")]) >= 12
    assert len([f for f in files if f.startswith("plans/")]) >= 8


@pytest.mark.parametrize("name", sorted(readme_rows()))
def test_every_fixture_names_its_source(name):
    assert re.search(r"\| https?://\S+ \|", readme_rows()[name]), f"{name}: no source address in its README row"


@pytest.mark.parametrize("path", sorted(REAL.glob("products/*.csv")), ids=lambda p: p.name)
def test_product_lists_are_utf8_csv_with_a_heading_row(path):
    rows = list(csv.reader(path.read_bytes().decode("utf-8", errors="strict").splitlines()))
    heading = next((n for n, row in enumerate(rows) if "Tên sản phẩm" in row), None)
    assert heading is not None, "no heading row"
    width = len(rows[heading])
    products = [row for row in rows[heading + 1:] if len(row) > 1]
    assert products or width == 1, "no product row below the headings"
    assert all(len(row) <= width for row in rows[heading + 1:]), "a row is wider than the heading row"
    assert all(cell == cell.strip() for row in rows for cell in row), "a cell with spaces around it"


@pytest.mark.parametrize("path", sorted(REAL.glob("plans/*.txt")), ids=lambda p: p.name)
def test_plan_texts_are_utf8(path):
    text = path.read_bytes().decode("utf-8", errors="strict")
    assert text.strip() and text.endswith("\n")


def _lines(doc: Document) -> list[str]:
    """Every line the document shows: body paragraphs and table cells, split at line breaks."""
    paragraphs = list(doc.paragraphs)
    paragraphs += [p for table in doc.tables for cell in table._cells for p in cell.paragraphs]
    return [line.strip() for p in paragraphs for line in p.text.split("\n")]


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_docx_builders_follow_the_layout_and_keep_the_words(build, tmp_path):
    path = build(tmp_path)
    assert path.parent == tmp_path and path.suffix == ".docx"
    doc = Document(str(path))
    header, closing = doc.tables[0], doc.tables[-1]
    assert len(doc.tables) >= 2 and header is not closing
    assert MOTTO[0] in header.cell(0, 1).text and MOTTO[1] in header.cell(0, 1).text
    assert header.cell(1, 0).text.startswith("Số: ") and ", ngày " in header.cell(1, 1).text
    assert closing.cell(0, 0).text.startswith("Nơi nhận:") and "(Đã ký)" in closing.cell(0, 1).text
    for table in (header, closing):
        assert not table._tbl.xpath(".//w:tblBorders"), "the header and closing tables have no borders"
    source = _flat(" ".join((PLANS / name).read_text("utf-8") for name in SOURCES[build]))
    foreign = [line for line in _lines(doc) if line not in LAYOUT and _flat(line) not in source]
    assert foreign == [], "lines that are not in the fixture"


def test_every_builder_is_listed_in_the_readme():
    text = (REAL / "README.md").read_text("utf-8")
    assert all(f"`{b.__name__}`" in text for b in real_documents.BUILDERS)

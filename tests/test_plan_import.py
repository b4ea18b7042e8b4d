"""The plan importer on fixtures written for the project and on the real documents in ../shared/seeds/."""

from __future__ import annotations

import codecs
import os
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import REPO, Site
from generator.cli import main as cli
from generator.imports.plans import PORTAL_FIELDS, NotADocument, import_file, import_text
from generator.domain.plans import LEVELS
from generator.project.assemble import load
from generator.domain.text import fold

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
SHARED = [Path(p) for p in (os.environ.get("OCOP_SHARED", ""), REPO.parent / "shared", "/work/shared") if str(p)]
SEEDS = next((p / "seeds" for p in SHARED if (p / "seeds").is_dir()), REPO.parent / "shared" / "seeds")
MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc")


def bare(line: str) -> str:
    return " ".join(line.replace("**", "").replace("\u00a0", " ").split())


def lost_lines(source: str, imported) -> list[str]:
    """Source lines whose text is in neither the body nor the front matter (boilerplate aside)."""
    body = " ".join(imported.body.replace("\\", "").split())
    front = fold(" ".join(yaml.safe_dump(imported.front, allow_unicode=True, width=10_000).split()))
    front += " " + fold(" ".join(str(v) for v in _dates(imported.front)))
    lost = []
    for line in unicodedata.normalize("NFC", source).splitlines():
        text = bare(line)
        if not text or re.fullmatch(r"[-_=.]+", text) or fold(text) in MOTTO or "vui lòng chờ" in text:
            continue
        core = re.sub(r"^[-+•–]\s+", "", text)  # list markers are structure; the text must stay
        if core.replace("&lt;", "<") in body.replace("&lt;", "<"):
            continue
        label = next((k for k in PORTAL_FIELDS if fold(text).startswith(k + " ")), "")
        words = [w for w in re.findall(r"\w+", fold(text)[len(label):])
                 if w not in ("so", "ngay", "thang", "nam", "noi", "nhan")]
        if not all(re.search(rf"\b0*{re.escape(w.lstrip('0') or w)}\b", front) for w in words):
            lost.append(text)
    return lost


def _dates(front: dict):
    for value in front.values():
        if isinstance(value, dt.date):
            yield f"{value.day} {value.month} {value.year} {value.day:02d} {value.month:02d}"


def test_fixture_metadata_and_structure():
    source = (FIXTURES / "huyen-dam-doi-2024.txt").read_text("utf-8")
    imported = import_text(source)
    f = imported.front
    assert f["number"] == "18/KH-UBND"
    assert f["type"] == "Kế hoạch"
    assert f["title"] == "Triển khai thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) trên địa bàn huyện Đầm Dơi năm 2024"
    assert f["issuer"] == "Ủy ban nhân dân huyện Đầm Dơi"
    assert f["level"] == "district"
    assert f["place"] == "Đầm Dơi" and f["signed"] == dt.date(2024, 3, 15)
    assert f["signer"] == "Trần Thị Mai" and f["signer_title"] == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert f["field"] == "Nông nghiệp"
    assert f["recipients"] == ["UBND tỉnh (để báo cáo);", "Các xã, thị trấn;", "Lưu: VT."]
    assert f["based_on"] == [{"type": "Kế hoạch", "number": "52/KH-UBND", "date": dt.date(2024, 3, 12),
                              "issuer": "Ủy ban nhân dân tỉnh Cà Mau", "title": "về triển khai Chương trình OCOP năm 2024"}]
    body = imported.body
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in body and "### 1. Mục đích" in body and "#### 2.1. Về chủ thể:" in body
    assert "- Phát triển sản phẩm đặc sản của huyện theo chuỗi giá trị.\n    - Ưu tiên nhóm thủy sản chế biến." in body
    assert "- a) Công nhận mới ít nhất 05 sản phẩm đạt 3 sao.\n- b) Nâng hạng" in body
    assert "1\\. Phòng Nông nghiệp" in body  # a long numbered sentence stays a paragraph with its number
    assert "Đang tải" not in body and "Nơi nhận" not in body and "CHỦ TỊCH" not in body
    assert imported.missing == []
    assert lost_lines(source, imported) == []


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), lambda t: t.encode("utf-16"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"), lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
])
def test_encodings_and_line_endings_give_the_same_record(encode):
    source = (FIXTURES / "huyen-dam-doi-2024.txt").read_text("utf-8")
    assert import_text(encode(source)).text() == import_text(source).text()


def test_a_news_article_is_refused():
    with pytest.raises(NotADocument, match="official document"):
        import_text((FIXTURES / "news-article.txt").read_text("utf-8"))


def test_cli_writes_refuses_to_overwrite_and_reports(tmp_path, capsys):
    out = tmp_path / "plans"
    assert cli.main(["import-plan", str(FIXTURES / "huyen-dam-doi-2024.txt"), "--out", str(out)]) == 0
    written = out / "dam-doi-2024-18-kh-ubnd.md"
    assert written.is_file()
    before = written.read_bytes()
    assert cli.main(["import-plan", str(FIXTURES / "huyen-dam-doi-2024.txt"), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert written.read_bytes() == before
    assert cli.main(["import-plan", str(FIXTURES / "news-article.txt"), "--out", str(out)]) == 1
    assert "refused" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [written.name]


def test_docx_keeps_emphasis_lists_and_tables(tmp_path):
    from docx import Document

    doc = Document()
    for text in ("ỦY BAN NHÂN DÂN", "XÃ TÂN HƯNG", "Số: 07/KH-UBND", "Tân Hưng, ngày 2 tháng 2 năm 2024"):
        doc.add_paragraph(text)
    doc.add_paragraph().add_run("KẾ HOẠCH").bold = True
    doc.add_paragraph("Phát triển sản phẩm OCOP trên địa bàn xã năm 2024")
    doc.add_paragraph("")
    doc.add_paragraph("I. MỤC TIÊU")
    p = doc.add_paragraph("Sản phẩm ")
    p.add_run("chủ lực").bold = True
    p.add_run(" của xã là ")
    p.add_run("mật ong").italic = True
    p.add_run(".")
    doc.add_paragraph("Hỗ trợ bao bì.", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("Nội dung", "Kinh phí", "Bao bì", "20 triệu")):
        cell.text = text
    doc.add_paragraph("Trên đây là Kế hoạch của Ủy ban nhân dân xã./.")
    path = tmp_path / "ke-hoach.docx"
    doc.save(path)
    imported = import_file(path)
    assert imported.front["number"] == "07/KH-UBND" and imported.front["type"] == "Kế hoạch"
    assert imported.front["level"] == "commune"
    body = imported.body
    assert "Sản phẩm **chủ lực** của xã là *mật ong*." in body
    assert "- Hỗ trợ bao bì." in body
    assert "| Nội dung | Kinh phí |\n| --- | --- |\n| Bao bì | 20 triệu |" in body


SEED_METADATA = {
    "camau-ubnd-2021-47.txt": {
        "number": "47/KH-UBND", "type": "Kế hoạch", "issuer": "Ủy ban nhân dân tỉnh Cà Mau", "level": "province",
        "province": "Cà Mau", "place": "Cà Mau", "signed": dt.date(2021, 3, 29), "effective": dt.date(2021, 3, 29),
        "signer": "Lê Văn Sử", "field": "Thương mại",
        "title": "TRIỂN KHAI THỰC HIỆN ĐỀ ÁN CHƯƠNG TRÌNH MỖI XÃ MỘT SẢN PHẨM (OCOP) TỈNH CÀ MAU NĂM 2021",
    },
    "camau-mttq-2023-227.txt": {
        "number": "227/KH-MTTQ-BTT", "type": "Kế hoạch", "level": "mass-organisation", "province": "Cà Mau",
        "place": "Cà Mau", "signed": dt.date(2023, 5, 16), "signer": "Phan Mộng Thành",
        "signer_title": "TM. BAN THƯỜNG TRỰC / PHÓ CHỦ TỊCH",
        "title": "Phối hợp thực hiện Chương trình “Mỗi xã một sản phẩm” (OCOP) tỉnh Cà Mau năm 2023",
    },
    "vinhnguon-ubnd-2023-36.txt": {
        "number": "36/KH-UBND", "type": "Kế hoạch", "issuer": "Ủy ban nhân dân phường Vĩnh Nguơn", "level": "commune",
        "province": "An Giang", "place": "Vĩnh Nguơn", "signed": dt.date(2023, 5, 12),
        "signer": "Huỳnh Thị Thùy Dung", "signer_title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "title": "Triển khai thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) trên địa bàn phường Vĩnh Nguơn năm 2023",
    },
}


def seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds is absent (looked in {', '.join(map(str, SHARED))}; set OCOP_SHARED): "
                    "the real documents are not on this machine")
    return sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_real_documents(name):
    path = next((p for p in seeds() if p.name == name), None)
    assert path is not None, f"{name} is missing from {SEEDS}"
    source = path.read_text("utf-8")
    imported = import_text(source)
    for key, value in SEED_METADATA[name].items():
        assert imported.front.get(key) == value, key
    assert imported.front["level"] in LEVELS
    assert lost_lines(source, imported) == []


def test_real_documents_validate_and_build(tmp_path):
    files = seeds()
    site = Site(tmp_path / "site")
    assert cli.main(["import-plan", *map(str, files), "--out", str(site.root / "content" / "plans")]) == 0
    catalog, plans, problems = load(site.root)
    assert not problems, problems.report()
    assert len(plans) == len(files)
    assert cli.main(["build", str(site.root)]) == 0
    for plan in plans:
        page = (site.root / "site" / "ke-hoach" / plan.slug / "index.html").read_text("utf-8")
        assert plan.number in page


def plan_docx(path: Path, *paragraphs: str) -> Path:
    from docx import Document

    doc = Document()
    for text in ("ỦY BAN NHÂN DÂN", "XÃ TÂN HƯNG", "Số: 07/KH-UBND", "Tân Hưng, ngày 2 tháng 2 năm 2024", "KẾ HOẠCH",
                 "Phát triển sản phẩm OCOP trên địa bàn xã năm 2024", "", *paragraphs):
        doc.add_paragraph(text)
    doc.save(path)
    return path


def rewritten(path: Path, change) -> Path:
    """``path`` with ``change`` (str -> str) applied to its document XML, as a hostile file would have it."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def padded(path: Path, part_bytes: int) -> Path:
    """``path`` with one more part of ``part_bytes`` zero bytes: a few kilobytes on disk."""
    import zipfile

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(part_bytes // 2**20):
                part.write(bytes(2**20))
    return path


def refusal(source: Path, tmp_path: Path, capsys) -> str:
    """What ``ocop import-plan`` says of ``source``, which it must refuse without writing anything."""
    out = tmp_path / "plans"
    assert cli.main(["import-plan", str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and list(out.iterdir()) == []
    return err


def test_files_that_are_no_document_are_refused_by_name(tmp_path, capsys):
    """No traceback for a .docx that is no zip, a zip bomb, a text too long for a plan, or an old encoding."""
    not_zip = tmp_path / "ke-hoach.docx"
    not_zip.write_text("KẾ HOẠCH\nSố: 1/KH\n", "utf-8")
    assert f"{not_zip}: cannot read it: not a readable .docx document: it is not a zip package" in refusal(not_zip, tmp_path, capsys)
    bomb = padded(plan_docx(tmp_path / "bom.docx"), 48 * 2**20)
    assert bomb.stat().st_size < 200_000
    assert re.search(f"{re.escape(str(bomb))}: cannot read it: this .docx document unpacks to 5[0-9] MB, more than "
                     "the 40 MB it may hold here", refusal(bomb, tmp_path, capsys))
    crowded = rewritten(plan_docx(tmp_path / "vun.docx", "CHỖ"), lambda xml: xml.replace(
        "<w:r><w:t>CHỖ</w:t></w:r>", "<w:r><w:t>a</w:t></w:r>" * 100_000))
    assert (f"{crowded}: cannot read it: the document has 100,0") in refusal(crowded, tmp_path, capsys)
    long = plan_docx(tmp_path / "dai.docx", "Nội dung " * 240_000)
    assert f"{long}: cannot read it: the text has 2,160,137 characters, more than the 2,097,152 a plan may hold" \
        in refusal(long, tmp_path, capsys)
    old = tmp_path / "tcvn3.txt"
    old.write_bytes("KẾ HOẠCH\nSố: 1/KH\n".encode("utf-8").replace("Ế".encode("utf-8"), b"\xd5"))
    assert f"{old}: cannot read it: the file is not UTF-8 text" in refusal(old, tmp_path, capsys)


def test_a_table_merged_down_a_thousand_rows_is_read_row_by_row(tmp_path):
    """Each row of a cell merged down repeats its text, read once: python-docx looked each one up from the top
    (30 s for 600 rows, a RecursionError past 1,000)."""
    def row(first: str, text: str) -> str:
        return (f"<w:tr><w:tc><w:tcPr>{first}</w:tcPr><w:p/></w:tc>"
                f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>")

    rows = row('<w:vMerge w:val="restart"/>', "Sản phẩm 1").replace("<w:p/>", "<w:p><w:r><w:t>Huyện Đầm Dơi</w:t></w:r></w:p>")
    rows += "".join(row("<w:vMerge/>", f"Sản phẩm {n}") for n in range(2, 1_101))
    source = rewritten(plan_docx(tmp_path / "bang.docx", "BẢNG"), lambda xml: xml.replace(
        "<w:p><w:r><w:t>BẢNG</w:t></w:r></w:p>", f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl>"))
    body = import_file(source).body
    assert body.count("| Huyện Đầm Dơi | Sản phẩm ") == 1_100 and "| Huyện Đầm Dơi | Sản phẩm 1100 |" in body

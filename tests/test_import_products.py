"""``ocop import-products`` on spreadsheets written here the way provinces publish their annexes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import PRODUCER, PRODUCT, Site, tree_digest
from generator.cli import main as cli
from generator.imports.products.columns import recognise
from generator.imports.products.guess import Guesser
from generator.imports.products.records import temporary, write_all
from generator.domain.reference.groups import rule_set, rule_sets

ISSUER = "Ủy ban nhân dân tỉnh Cà Mau"


def workbook(path: Path, rows: list[list], *, title: bool = True, two_rows: bool = True, sheet: str = "Phụ lục"
             ) -> Path:
    """An annex as provinces publish it: a merged title block, headings over two merged rows
    ("Chủ thể" over "Tên chủ thể" and "Địa chỉ", "Quyết định công nhận" over "Số" and "Ngày"),
    a row numbering the columns, then ``rows``."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append(["ỦY BAN NHÂN DÂN TỈNH CÀ MAU"])
        ws.merge_cells("A1:I1")
        ws.append(["DANH SÁCH SẢN PHẨM ĐẠT CHUẨN OCOP NĂM 2024"])
        ws.merge_cells("A2:I2")
        ws.append([None])
    top = ws.max_row + 1 if title else 1
    if two_rows:
        ws.append(["STT", "Tên sản phẩm", "Chủ thể", None, "Nhóm sản phẩm", "Hạng sao", "Quyết định công nhận",
                   None, "Cơ quan cấp"])
        ws.append([None, None, "Tên chủ thể", "Địa chỉ", None, None, "Số", "Ngày", None])
        for first, last in (("A", "A"), ("B", "B"), ("E", "E"), ("F", "F"), ("I", "I")):
            ws.merge_cells(f"{first}{top}:{last}{top + 1}")
        ws.merge_cells(f"C{top}:D{top}")
        ws.merge_cells(f"G{top}:H{top}")
        ws.append([f"({n})" for n in range(1, 10)])
    else:
        ws.append(["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Nhóm sản phẩm", "Hạng sao", "Số quyết định",
                   "Ngày cấp", "Cơ quan cấp"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def run(site: Site, source: Path, *extra: str) -> int:
    return cli.main(["import-products", str(source), "--site", str(site.root), *extra])


def record(site: Site, kind: str, ident: str) -> dict:
    return yaml.safe_load((site.root / "catalog" / kind / f"{ident}.yaml").read_text("utf-8"))


def product_text(site: Site, ident: str) -> str:
    return (site.root / "catalog" / "products" / f"{ident}.yaml").read_text("utf-8")


def report_rows(source: Path) -> list[dict]:
    data = source.with_name(f"{source.stem}.import-report.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "the report must open in Excel with its Vietnamese intact"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


ANNEX = [
    ["I", "NHÓM THỰC PHẨM"],
    [1, "Nước mắm Đầm Dơi", "HTX Nước mắm Đầm Dơi", "Ấp Tân Long, xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "4 sao",
     "1234/QĐ-UBND", dt.datetime(2024, 5, 20), ISSUER],
    [2, "Khô cá khoai", "Hợp tác xã nước mắm Đầm Dơi", "xã Tạ An Khương, huyện Đầm Dơi, tỉnh Cà Mau", "Gia vị", "4*",
     "1234/QĐ-UBND", "20/5/2024", ISSUER],
    [3, "Mật ong rừng U Minh Hạ", "Công ty TNHH Ong Rừng U Minh", "xã Khánh Lâm, huyện U Minh, tỉnh Cà Mau",
     "Thực phẩm", "★★★★", "1234/QĐ-UBND", "20-05-2024", ISSUER],
    ["II", "NHÓM ĐỒ UỐNG"],
    [4, "Rượu chuối hột Tư Hải", "Hộ kinh doanh Trần Văn Hải", "xã Trần Văn Thời, tỉnh Cà Mau", None, "Bốn sao",
     "1234/QĐ-UBND", "20/05/2024", ISSUER],
    [5, "Bánh phồng tôm Tân Thành", "Cơ sở Bánh phồng tôm Tân Thành", "phường Tân Thành, tỉnh Cà Mau", "Thực phẩm",
     3, "987/QĐ-UBND", dt.datetime(2023, 3, 29), "Ủy ban nhân dân huyện Đầm Dơi"],
    [None, "Người lập biểu", None, None, None, None, None, None, "KT. CHỦ TỊCH"],
]


def test_annex_with_title_block_merged_headings_and_sections(site, tmp_path, capsys):
    source = workbook(tmp_path / "phu-luc.xlsx", ANNEX)
    assert run(site, source) == 0, capsys.readouterr().err
    assert site.problems() == []
    fish_sauce = record(site, "products", "nuoc-mam-dam-doi")
    assert fish_sauce == {
        "id": "nuoc-mam-dam-doi", "name": "Nước mắm Đầm Dơi", "group": "thuc-pham", "stars": 4,
        "certificate": {"number": "1234/QĐ-UBND", "date": dt.date(2024, 5, 20), "issuer": ISSUER},
        "producer": "htx-nuoc-mam-dam-doi", "province": "Cà Mau", "address": "Ấp Tân Long, xã Đầm Dơi, tỉnh Cà Mau",
    }
    # "Gia vị" names a subgroup and so its group; "4*" is four stars; a text date is read.
    dried = record(site, "products", "kho-ca-khoai")
    assert (dried["group"], dried["subgroup"], dried["stars"], dried["certificate"]["date"]) == \
        ("thuc-pham", "gia-vi", 4, dt.date(2024, 5, 20))
    # "HTX ..." and "Hợp tác xã ..." are one producer.
    assert dried["producer"] == "htx-nuoc-mam-dam-doi"
    assert record(site, "products", "mat-ong-rung-u-minh-ha")["stars"] == 4
    spirit = record(site, "products", "ruou-chuoi-hot-tu-hai")
    assert (spirit["group"], spirit["stars"]) == ("do-uong", 4)  # from the section row "II. NHÓM ĐỒ UỐNG"
    crackers = record(site, "products", "banh-phong-tom-tan-thanh")
    assert crackers["certificate"]["date"] == dt.date(2023, 3, 29) and crackers["stars"] == 3
    producers = sorted(p.stem for p in (site.root / "catalog" / "producers").glob("*.yaml"))
    assert producers == ["co-so-banh-phong-tom-tan-thanh", "cong-ty-ong-rung-u-minh", "ho-kinh-doanh-tran-van-hai",
                         "htx-nuoc-mam-dam-doi"]
    kinds = {p: record(site, "producers", p)["kind"] for p in producers}
    assert kinds == {"co-so-banh-phong-tom-tan-thanh": "household", "cong-ty-ong-rung-u-minh": "enterprise",
                     "ho-kinh-doanh-tran-van-hai": "household", "htx-nuoc-mam-dam-doi": "cooperative"}
    report = report_rows(source)
    results = [(r["row"], r["result"]) for r in report if r["result"] != "note"]
    assert results == [("7", "skipped"), ("8", "created"), ("9", "created"), ("10", "created"), ("11", "skipped"),
                       ("12", "created"), ("13", "created"), ("14", "skipped")]
    assert "section 'I NHÓM THỰC PHẨM': rows below: group Thực phẩm" in report[0]["notes"]
    assert "not a product row" in report[-2]["notes"] or "not a product row" in report[-1]["notes"]
    notes = [r["notes"] for r in report if r["result"] == "note"]
    assert any("headings on row 4–5" in n and "G certificate.number" in n for n in notes), notes


def test_former_three_level_addresses_are_placed_today(site, tmp_path, capsys):
    rows = [[1, "Trà mãng cầu Tiểu Cần", "HTX Tiểu Cần", "xã Phú Cần, huyện Tiểu Cần, tỉnh Trà Vinh", "Thực phẩm",
             "3 sao", "55/QĐ-UBND", "12/3/2024", "Ủy ban nhân dân huyện Tiểu Cần"]]
    source = workbook(tmp_path / "tra-vinh.xlsx", rows)
    assert run(site, source) == 0, capsys.readouterr().err
    catalog, problems = site.load()
    assert not problems, problems.report()
    place = catalog.products[0].place
    assert (place.commune.name, place.province.short, place.former_province) == ("Xã Tiểu Cần", "Vĩnh Long", "Trà Vinh")


def test_the_report_never_holds_a_formula(site, tmp_path, capsys):
    """Cells from the sheet that Excel would run (= + - @) are text in the report CSV."""
    source = csv_file(tmp_path / "cong-thuc.csv", [
        ["Tên sản phẩm", "Hạng sao"],
        ['=HYPERLINK("https://example.com","Bấm")', "4 sao"],
        ["@SUM(A1)", "3 sao"],
    ])
    run(site, source, "--province", "Cà Mau", "--decision", "88/QĐ-UBND", "--date", "29/3/2021", "--issuer", ISSUER)
    names = [row["name"] for row in report_rows(source) if row["result"] != "note"]
    assert names == ['\'=HYPERLINK("https://example.com","Bấm")', "'@SUM(A1)"], capsys.readouterr().err


def rewritten(path: Path, change) -> Path:
    """``path`` with ``change`` (str -> str) applied to its first sheet's XML, as a hostile file would have it."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def refused(site: Site, source: Path, capsys) -> str:
    """What the importer says of ``source``, which it must refuse without a traceback or a written file."""
    before = tree_digest(site.root)
    assert run(site, source) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and tree_digest(site.root) == before
    return err


def test_a_sheet_is_as_large_as_its_values_and_refused_past_the_limits(site, tmp_path, capsys):
    """Values far from the table or longer than a cell may hold are refused by file, sheet and cell; the size a
    sheet claims, and merged ranges reaching past its values, cost nothing (they took minutes and gigabytes)."""
    wide = workbook(tmp_path / "rong.xlsx", ANNEX)
    book = openpyxl.load_workbook(wide)
    book.active["KN7"] = "ghi chú"
    book.save(wide)
    assert (f"ocop: {wide}: sheet 'Phụ lục': cell KN7 holds a value beyond column GR; the importer reads tables at "
            "most 200 columns wide") in refused(site, wide, capsys)
    far = rewritten(workbook(tmp_path / "xa.xlsx", ANNEX), lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    assert (f"ocop: {far}: sheet 'Phụ lục': cell A1048576 holds a value that makes the sheet larger than "
            "2,000,000 cells") in refused(site, far, capsys)
    long = rewritten(workbook(tmp_path / "dai.xlsx", ANNEX[:2]), lambda xml: xml.replace(  # openpyxl writes no such cell
        "</sheetData>", f'<row r="9"><c r="B9" t="inlineStr"><is><t>{"Mắm " * 10_000}</t></is></c></row></sheetData>'))
    assert (f"ocop: {long}: sheet 'Phụ lục': cell B9 holds 40,000 characters, more than the 32,767 a cell may hold"
            ) in refused(site, long, capsys)
    huge_csv = csv_file(tmp_path / "o.csv", [["Tên sản phẩm", "Hạng sao"], ["Mắm " * 50_000, "4 sao"]])
    assert f"ocop: {huge_csv}: line 2: not readable as CSV (field larger than field limit" in refused(site, huge_csv, capsys)
    bomb = workbook(tmp_path / "bom.xlsx", ANNEX)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package, package.open("xl/media/x.bin", "w") as part:
        for _ in range(101):
            part.write(bytes(1_000_000))
    assert bomb.stat().st_size < 200_000
    assert (f"ocop: {bomb}: this .xlsx workbook unpacks to 101 MB, more than the 100 MB it may hold here"
            ) in refused(site, bomb, capsys)
    claimed = rewritten(workbook(tmp_path / "phu-luc.xlsx", ANNEX), lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml).replace(
        '<mergeCell ref="A1:I1"/>', '<mergeCell ref="A1:XFD1"/>').replace(
        "</mergeCells>", '<mergeCell ref="K20:XFD1048576"/></mergeCells>'))
    assert run(site, claimed) == 0, capsys.readouterr().err
    assert record(site, "products", "nuoc-mam-dam-doi")["name"] == "Nước mắm Đầm Dơi"


def test_a_line_broken_inside_a_cell_reads_as_one_space(site, tmp_path, capsys):
    """Alt+Enter in a cell: "Nước mắm⏎Đầm Dơi" is "Nước mắm Đầm Dơi", in a CSV as in a workbook."""
    rows = [["Tên sản phẩm", "Chủ thể", "Hạng sao", "Nhóm sản phẩm"],
            ["Nước mắm\nĐầm Dơi", "HTX Nước mắm\r\nĐầm Dơi", "4", "Thực phẩm"]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "xuong-dong.xlsx")
    for source in (csv_file(tmp_path / "xuong-dong.csv", rows), tmp_path / "xuong-dong.xlsx"):
        run(site, source, "--province", "Cà Mau", "--decision", "88/QĐ-UBND", "--date", "29/3/2021", "--issuer", ISSUER)
        assert [(r["product"], r["name"]) for r in report_rows(source) if r["result"] != "note"] == [
            ("nuoc-mam-dam-doi", "Nước mắm Đầm Dơi")], capsys.readouterr().err
    assert record(site, "producers", "htx-nuoc-mam-dam-doi")["name"] == "HTX Nước mắm Đầm Dơi"


def test_csv_with_bom_plain_headings_and_sheet_wide_defaults(site, tmp_path, capsys):
    source = csv_file(tmp_path / "danh-sach.csv", [
        ["Danh sach san pham OCOP nam 2024"],
        [],
        ["TT", "Ten san pham", "Chu the", "Dia chi", "Hang sao"],
        ["1", "Nước mắm cá cơm Sông Đốc", "Công ty TNHH Hải sản Sông Đốc", "xã Sông Đốc", "4 sao"],
        ["2", "Rượu nếp than Năm Căn", "", "xã Năm Căn", "3 sao"],
        ["3", "Tinh dầu tràm U Minh", "Cơ sở Tinh dầu Tràm Xanh", "", "★★★"],
    ])
    code = run(site, source, "--province", "Cà Mau", "--decision", "88/QĐ-UBND", "--date", "29/3/2021",
               "--issuer", ISSUER)
    assert code == 0, capsys.readouterr().err
    assert site.problems() == []
    guessed = {"nuoc-mam-ca-com-song-doc": ("thuc-pham", "gia-vi"), "ruou-nep-than-nam-can": ("do-uong", "do-uong-co-con"),
               "tinh-dau-tram-u-minh": ("duoc-lieu", "tinh-dau-duoc-lieu-khac")}
    for ident, (group, subgroup) in guessed.items():
        data = record(site, "products", ident)
        assert (data["group"], data["subgroup"]) == (group, subgroup)
        assert data["certificate"] == {"number": "88/QĐ-UBND", "date": dt.date(2021, 3, 29), "issuer": ISSUER}
        assert data["province"] == "Cà Mau"
        group_line = next(line for line in product_text(site, ident).splitlines() if line.startswith("group:"))
        assert "# đoán từ tên sản phẩm" in group_line, "a guess must be marked in the record"
    assert "producer" not in record(site, "products", "ruou-nep-than-nam-can")  # no producer stays empty
    notes = {r["product"]: r["notes"] for r in report_rows(source) if r["result"] == "created"}
    assert all("group guessed from the product name" in notes[i] for i in guessed), notes


def test_headings_with_and_without_diacritics():
    assert recognise("Tên sản phẩm") == recognise("TEN SAN PHAM") == recognise("Tên\nsản phẩm (*)") == "name"
    assert recognise("Hạng sao") == recognise("hang sao") == recognise("Xếp hạng") == recognise("So sao") == "stars"
    assert recognise("Chủ thể", "Tên") == recognise("Tên chủ thể") == recognise("ten chu the") == "producer"
    assert recognise("Chủ thể", "Địa chỉ") == "address"
    assert recognise("Quyết định công nhận", "Số") == "certificate.number"
    assert recognise("Quyết định công nhận", "Ngày") == "certificate.date"
    assert recognise("Ngày cấp") == recognise("Ngay ban hanh") == "certificate.date"
    assert recognise("Hàng hóa") is None and recognise("Ghi chú") == "-"


def test_map_reads_unusual_headings(site, tmp_path, capsys):
    rows = [["Mặt hàng", "Đơn vị SX", "Phân loại"], ["Nước mắm Đầm Dơi", "HTX Nước mắm Đầm Dơi", "4 sao"]]
    source = csv_file(tmp_path / "la.csv", rows)
    defaults = ["--province", "Cà Mau", "--decision", "1/QĐ-UBND", "--date", "1/2/2024", "--issuer", ISSUER]
    assert run(site, source, *defaults) == 1
    assert "no heading row with a product name column" in capsys.readouterr().err
    assert not list(site.root.glob("catalog/products/*.yaml"))
    assert run(site, source, *defaults, "--map", "Mặt hàng=name", "--map", "Don vi SX=producer", "--map", "C=stars") == 0
    data = record(site, "products", "nuoc-mam-dam-doi")
    assert (data["stars"], data["producer"]) == (4, "htx-nuoc-mam-dam-doi")
    assert run(site, source, "--map", "Mặt hàng=colour") == 1
    assert "'colour' is not a field" in capsys.readouterr().err


def test_reimport_keeps_hand_edits_and_comments(site, tmp_path, capsys):
    rows = [[1, "Nước mắm Đầm Dơi", "HTX Nước mắm Đầm Dơi", "xã Đầm Dơi, tỉnh Cà Mau", None, "4 sao",
             "1234/QĐ-UBND", "20/5/2024", ISSUER]]
    source = workbook(tmp_path / "a.xlsx", rows)
    assert run(site, source) == 0
    path = site.root / "catalog" / "products" / "nuoc-mam-dam-doi.yaml"
    assert "# đoán từ tên sản phẩm" in path.read_text("utf-8")
    # The officer confirms another subgroup, adds a description, a comment and a price.
    edited = path.read_text("utf-8").replace("subgroup: gia-vi  # đoán", "subgroup: thuc-pham-che-bien  # đã xem; đoán")
    edited = edited.split("\n", 1)[0] + "\n# Hồ sơ gốc lưu tại Sở Nông nghiệp\n" + edited.split("\n", 1)[1]
    edited += "price: 120.000 đ/chai\ndescription: |\n  Nước mắm cá cơm ủ chượp 12 tháng.\n  Đóng chai thủy tinh.\n"
    path.write_text(edited, "utf-8")
    assert run(site, source) == 0
    assert path.read_text("utf-8") == edited, "an import that changes nothing must not touch the record"
    assert [r["result"] for r in report_rows(source) if r["result"] != "note"] == ["unchanged"]
    # The sheet now says five stars by the central body: only those lines change.
    rows[0][5], rows[0][8] = "5 sao", "Bộ Nông nghiệp và Môi trường"
    workbook(source, rows)
    assert run(site, source) == 0, capsys.readouterr().err
    after = path.read_text("utf-8")
    assert after == edited.replace("stars: 4", "stars: 5").replace(f"issuer: {ISSUER}", "issuer: Bộ Nông nghiệp và Môi trường")
    # Renamed by hand, the record is still the one the sheet's row means: no twin is created.
    path.write_text(after.replace("name: Nước mắm Đầm Dơi", "name: Nước mắm cá cơm Đầm Dơi"), "utf-8")
    assert run(site, source) == 0
    assert [p.stem for p in (site.root / "catalog" / "products").glob("*.yaml")] == ["nuoc-mam-dam-doi"]
    assert record(site, "products", "nuoc-mam-dam-doi")["name"] == "Nước mắm Đầm Dơi"
    assert site.problems() == []


def test_existing_producers_and_products_are_matched_not_twinned(site, tmp_path, capsys):
    site.producer("htx-dam-doi", PRODUCER)  # "Hợp tác xã Nước mắm Đầm Dơi"
    site.product("nuoc-mam-dam-doi", PRODUCT)  # 4 stars, producer htx-dam-doi
    rows = [
        [1, "Nước mắm  đầm dơi", "HTX nước mắm Đầm Dơi", "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "5 sao",
         "77/QĐ-BNN", "1/10/2025", "Bộ Nông nghiệp và Môi trường"],
        [2, "Gạo ST25 Sông Đốc", "Công ty TNHH Gạo Sạch Sông Đốc", "xã Sông Đốc, tỉnh Cà Mau", "Thực phẩm", 4,
         "1234/QĐ-UBND", "20/5/2024", ISSUER],
        [3, "Gạo nếp Sông Đốc", "Cty. TNHH gạo sạch Sông Đốc", "xã Sông Đốc, tỉnh Cà Mau", "Thực phẩm", 3.0,
         "1234/QĐ-UBND", "20/5/2024", ISSUER],
    ]
    source = workbook(tmp_path / "b.xlsx", rows)
    assert run(site, source) == 0, capsys.readouterr().err
    updated = record(site, "products", "nuoc-mam-dam-doi")
    assert updated["producer"] == "htx-dam-doi" and updated["stars"] == 5
    # A new decision replaces the certificate whole; the hand-written subgroup stays.
    assert updated["certificate"] == {"number": "77/QĐ-BNN", "date": dt.date(2025, 10, 1),
                                      "issuer": "Bộ Nông nghiệp và Môi trường"}
    assert updated["subgroup"] == "gia-vi"
    producers = sorted(p.stem for p in (site.root / "catalog" / "producers").glob("*.yaml"))
    assert producers == ["cong-ty-gao-sach-song-doc", "htx-dam-doi"]
    assert {record(site, "products", i)["producer"] for i in ("gao-st25-song-doc", "gao-nep-song-doc")} == \
        {"cong-ty-gao-sach-song-doc"}
    out = capsys.readouterr().out
    assert "1 updated" in out and "2 created" in out and "1 new, 1 reused" in out
    assert site.problems() == []


def test_id_column_and_same_product_twice(site, tmp_path, capsys):
    site.product("nuoc-mam-dam-doi", PRODUCT.replace("producer: htx-dam-doi\n", ""))
    source = csv_file(tmp_path / "c.csv", [
        ["Mã sản phẩm", "Tên sản phẩm", "Hạng sao", "Tỉnh"],
        ["nuoc-mam-dam-doi", "Nước mắm Đầm Dơi thượng hạng", "5", "Cà Mau"],
        ["", "Nước mắm Đầm Dơi thượng hạng", "5", "Cà Mau"],
    ])
    assert run(site, source, "--decision", "9/QĐ-BNN", "--date", "2/1/2025", "--issuer", "Bộ Nông nghiệp") == 1
    assert record(site, "products", "nuoc-mam-dam-doi")["name"] == "Nước mắm Đầm Dơi thượng hạng"
    assert "c.csv:c:3: the same product (nuoc-mam-dam-doi) as sheet 'c' row 2" in capsys.readouterr().err


def test_bad_rows_are_reported_and_never_half_written(site, tmp_path, capsys):
    good = [1, "Nước mắm Đầm Dơi", "HTX Nước mắm Đầm Dơi", "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "4 sao",
            "1234/QĐ-UBND", "20/5/2024", ISSUER]
    rows = [
        good,
        [2, "Mật ong U Minh", "Cơ sở Ong Mật", "xã Khánh Lâm, tỉnh Cà Mau", "Thực phẩm", "6 sao", "1/QĐ", "1/1/2024", ISSUER],
        [3, "Khô cá khoai", None, "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "3 sao", "1/QĐ", "24/12/2026", ISSUER],
        [4, "Cá khô", None, "xã Đầm Dơi, tỉnh Hà Lan", "Thực phẩm", "3 sao", "1/QĐ", "1/1/2024", ISSUER],
        [5, None, "HTX Nước mắm Đầm Dơi", "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "3 sao", "1/QĐ", "1/1/2024", ISSUER],
        [6, "Xe máy điện", None, "xã Đầm Dơi, tỉnh Cà Mau", None, "3 sao", "1/QĐ", "1/1/2024", ISSUER],
        [7, "Tôm khô", "Cơ sở Tôm Khô Bà Tư", "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "3 sao", "1/QĐ", "31/2/2024", ISSUER],
        [8, "Bánh pía", None, "xã Đầm Dơi, tỉnh Cà Mau", "Thực phẩm", "3 sao", None, "1/1/2024", None],
    ]
    source = workbook(tmp_path / "loi.xlsx", rows)
    assert run(site, source) == 1
    err = capsys.readouterr().err
    expected = [
        "loi.xlsx:Phụ lục:8: stars: 6 stars is outside the OCOP scale",
        "loi.xlsx:Phụ lục:9: certificate.date: 24/12/2026 is in the future",
        "loi.xlsx:Phụ lục:10: province: the row names no province (unknown province 'tỉnh Hà Lan')",
        "loi.xlsx:Phụ lục:11: name: the product name is empty",
        "loi.xlsx:Phụ lục:12: group: the sheet gives no group and the product name does not tell it",
        "loi.xlsx:Phụ lục:13: certificate.date: '31/2/2024' is not a real date",
        "loi.xlsx:Phụ lục:14: certificate.number: the sheet gives none; add a column or give --decision; "
        "certificate.issuer: the sheet gives none; add a column or give --issuer",
    ]
    for line in expected:
        assert line in err, f"{line!r} not in:\n{err}"
    products = sorted(p.stem for p in (site.root / "catalog" / "products").glob("*.yaml"))
    assert products == ["nuoc-mam-dam-doi"]
    # The producers of rejected rows are not written either.
    assert sorted(p.stem for p in (site.root / "catalog" / "producers").glob("*.yaml")) == ["htx-nuoc-mam-dam-doi"]
    assert not list(site.root.rglob("*.importing"))
    assert site.problems() == []


def test_unplaced_address_keeps_the_province_and_says_so(site, tmp_path, capsys):
    rows = [[1, "Mắm ba khía", None, "ấp Cái Cấm, xã Không Có, tỉnh Cà Mau", "Thực phẩm", "3 sao", "1/QĐ-UBND",
             "1/1/2024", ISSUER]]
    source = workbook(tmp_path / "d.xlsx", rows)
    assert run(site, source) == 0, capsys.readouterr().err
    text = product_text(site, "mam-ba-khia")
    assert "province: Cà Mau  # địa chỉ trong bảng tính chưa đối chiếu được" in text and "address:" not in text
    assert "not placed (unknown commune 'xã Không Có'" in report_rows(source)[0]["notes"]
    assert site.problems() == []


def test_dry_run_prints_a_table_and_writes_nothing(site, tmp_path, capsys):
    rows = [ANNEX[1], [2, "Mật ong", None, "xã Khánh Lâm, tỉnh Cà Mau", "Thực phẩm", "6 sao", "1/QĐ", "1/1/2024", ISSUER]]
    source = workbook(tmp_path / "e.xlsx", rows)
    before = tree_digest(site.root)
    assert run(site, source, "--dry-run") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["result", "sheet", "row", "product", "producer", "notes"]
    assert out[2].split()[:6] == ["created", "Phụ", "lục", "7", "nuoc-mam-dam-doi", "htx-nuoc-mam-dam-doi"]
    assert out[3].split()[:5] == ["rejected", "Phụ", "lục", "8", "Mật"] and "6 stars is outside" in out[3]
    assert "1 created, 1 rejected" in out[-1] and "nothing written" in out[-1]
    assert tree_digest(site.root) == before
    assert not source.with_name("e.import-report.csv").exists()


def test_records_are_written_all_or_nothing(tmp_path):
    blocker = tmp_path / "catalog" / "producers"
    blocker.parent.mkdir()
    blocker.write_text("a file where a folder should be")
    good = tmp_path / "catalog" / "products" / "a.yaml"
    with pytest.raises(OSError):
        write_all({good: "id: a\n", blocker / "b.yaml": "id: b\n"})
    assert not good.exists() and not temporary(good).exists()


def test_unreadable_files_are_refused_with_a_reason(site, tmp_path, capsys):
    old = tmp_path / "cu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert run(site, old) == 1
    assert "save it as .xlsx" in capsys.readouterr().err
    legacy = tmp_path / "tcvn.csv"
    legacy.write_bytes(b"T\xean s\xe3n ph\xe2\xecm,H\xe3ng sao\nN\xfd\xf5\xecc m\xe3\xecm,4\n")  # Windows-1258
    assert run(site, legacy) == 1
    assert "CSV UTF-8" in capsys.readouterr().err
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    assert run(site, broken) == 1
    assert "not a readable .xlsx workbook" in capsys.readouterr().err
    assert run(site, workbook(tmp_path / "f.xlsx", [ANNEX[1]]), "--sheet", "Sheet9") == 1
    assert "no sheet named 'Sheet9'; the sheets are: 'Phụ lục'" in capsys.readouterr().err


def test_name_keywords_guess_the_issue_examples():
    for decision, rules in rule_sets().items():
        codes = {s.code for g in rules.groups for s in g.subgroups}
        assert set(rules.name_keywords) <= codes, decision
        words = [w.lower() for ws in rules.name_keywords.values() for w in ws]
        assert len(words) == len(set(words)), f"{decision}: a keyword names two subgroups"
    guess = Guesser(rule_set()).guess
    assert guess("Nước mắm Phú Quốc").group.code == "thuc-pham"
    assert guess("Rượu cần Tây Nguyên").group.code == "do-uong"
    assert guess("Tinh dầu sả chanh").group.code == "duoc-lieu"
    assert guess("Trà hoa vàng Ba Chẽ").subgroup.code == "che"  # the first word says what it is
    assert guess("Xe máy điện") is None  # "máy" is not "mây"
    assert guess("Nuoc mam Phu Quoc").subgroup.code == "gia-vi"  # an unaccented sheet


def test_imported_site_builds(site, tmp_path):
    source = workbook(tmp_path / "g.xlsx", ANNEX)
    assert run(site, source) == 0
    out = tmp_path / "out"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    page = (out / "san-pham" / "nuoc-mam-dam-doi" / "index.html").read_text("utf-8")
    assert "Nước mắm Đầm Dơi" in page and "1234/QĐ-UBND" in page
    producer = (out / "chu-the" / "htx-nuoc-mam-dam-doi" / "index.html").read_text("utf-8")
    assert "Khô cá khoai" in producer


def test_decision_from_the_title_block(site, tmp_path, capsys):
    source = csv_file(tmp_path / "phu-luc.csv", [
        ["DANH SÁCH SẢN PHẨM OCOP HUYỆN TIỂU CẦN"],
        ["(Kèm theo Quyết định số 55/QĐ-UBND ngày 12 tháng 3 năm 2024 của UBND huyện Tiểu Cần)"],
        ["STT", "Tên sản phẩm", "Nhóm", "Số sao", "Địa chỉ"],
        ["1", "Trà mãng cầu", "Chè", "3", "xã Phú Cần, huyện Tiểu Cần, tỉnh Trà Vinh"],
    ])
    assert run(site, source) == 0, capsys.readouterr().err
    assert record(site, "products", "tra-mang-cau")["certificate"] == {
        "number": "55/QĐ-UBND", "date": dt.date(2024, 3, 12), "issuer": "Ủy ban nhân dân huyện Tiểu Cần"}
    assert "read from the title block" in capsys.readouterr().err
    # A decision given on the command line is not mixed with the title's date and issuer.
    assert run(site, source, "--decision", "9/QĐ-UBND") == 1
    assert "certificate.date: the sheet gives none" in capsys.readouterr().err


def test_phone_numbers_saved_as_numbers_keep_their_leading_zero(site, tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["Tên sản phẩm", "Chủ thể", "Điện thoại", "Số sao", "Tỉnh"])
    book.active.append(["Mắm tôm chà Gò Công", "Cơ sở Mắm Tôm Bà Ba", 912345678, 4, "Tiền Giang"])
    book.save(tmp_path / "h.xlsx")
    assert run(site, tmp_path / "h.xlsx", "--decision", "1/QĐ-UBND", "--date", "1/1/2024", "--issuer", ISSUER) == 0
    assert record(site, "producers", "co-so-mam-tom-ba-ba")["phone"] == "0912345678"
    assert site.problems() == []


def test_an_upgrade_changes_only_the_stars_and_the_certificate_of_a_full_record(site, tmp_path, capsys):
    demo = Path(__file__).resolve().parent.parent / "catalog"
    before = (demo / "products" / "ba-kich-tim-say-kho.yaml").read_text("utf-8")
    site.write("catalog/products/ba-kich-tim-say-kho.yaml", before)
    site.write("catalog/producers/htx-duoc-lieu-ba-che.yaml", (demo / "producers" / "htx-duoc-lieu-ba-che.yaml").read_text("utf-8"))
    source = csv_file(tmp_path / "nang-hang.csv", [
        ["Mã sản phẩm", "Tên sản phẩm", "Hạng sao", "Số quyết định", "Ngày", "Cơ quan cấp"],
        ["ba-kich-tim-say-kho", "Ba kích tím sấy khô", "4 sao", "2711/QĐ-UBND", "15/8/2025",
         "Ủy ban nhân dân tỉnh Quảng Ninh"],
    ])
    assert run(site, source) == 0, capsys.readouterr().err
    after = product_text(site, "ba-kich-tim-say-kho")
    certificate = "certificate:\n  number: 2711/QĐ-UBND\n  date: 2025-08-15\n  issuer: Ủy ban nhân dân tỉnh Quảng Ninh\n"
    old_certificate = before[before.index("certificate:"):before.index("producer:")]
    assert after == before.replace("stars: 3", "stars: 4").replace(old_certificate, certificate)
    assert site.problems() == []


def test_a_sheet_of_a_few_columns_updates_just_those(site, tmp_path, capsys):
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT)
    source = csv_file(tmp_path / "gia.csv", [["Mã sản phẩm", "Tên sản phẩm", "Giá bán"],
                                             ["nuoc-mam-dam-doi", "Nước mắm Đầm Dơi", "120.000 đ/chai"],
                                             ["", "Mắm ruốc", "45.000 đ/hũ"]])
    assert run(site, source) == 1
    assert product_text(site, "nuoc-mam-dam-doi") == PRODUCT + "price: 120.000 đ/chai\n"
    err = capsys.readouterr().err
    # A new product needs what an update can do without.
    assert "gia.csv:gia:3: stars: the star rating is empty; certificate.number: the sheet gives none" in err
    assert site.problems() == []


def test_province_from_a_commune_only_one_province_has(site, tmp_path, capsys):
    source = csv_file(tmp_path / "xa.csv", [["Tên sản phẩm", "Địa chỉ", "Hạng sao"],
                                            ["Nước mắm Đầm Dơi", "ấp Tân Long, xã Đầm Dơi", "4"]])
    assert run(site, source, "--decision", "1/QĐ-UBND", "--date", "1/1/2024", "--issuer", ISSUER) == 0
    text = product_text(site, "nuoc-mam-dam-doi")
    assert "province: Cà Mau  # tỉnh suy ra từ tên xã" in text and "address: ấp Tân Long, xã Đầm Dơi" in text
    catalog, problems = site.load()
    assert not problems and catalog.products[0].place.commune.name == "Xã Đầm Dơi"

"""The statistics pages: figures recomputed from the records, tables against their CSV, chart markup."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import posixpath
import re
from collections import Counter
from html import unescape


from conftest import PRODUCER, PRODUCT, REPO, Site
from generator.cli import main as cli
from generator.render.charts import MIN_WIDTH, chart, width
from generator.project.assemble import load
from generator.domain.statistics import Figure, Row, report
from generator.site.statistics import csv_bytes
from generator.domain.text import format_number
from sitecheck import text_of

LABELS = {"cooperative": "Hợp tác xã", "enterprise": "Doanh nghiệp", "household": "Hộ kinh doanh",
          "cooperative-group": "Tổ hợp tác"}


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")



def blocks(html: str) -> dict[str, str]:
    """Every chart (figure) and record list on a page, by id."""
    found = {m.group(1): m.group(0) for m in re.finditer(r'<figure class="ocop-chart[^"]*" id="([^"]+)">.*?</figure>', html, re.S)}
    found.update({m.group(1): m.group(0) for m in
                  re.finditer(r'<section class="ocop-stats__listing" id="([^"]+)".*?</section>', html, re.S)})
    return found


def table_rows(block: str) -> list[list[str]]:
    """The visible text of every cell of the block's table, header row first."""
    rows = []
    for tr in re.findall(r"<tr\b[^>]*>(.*?)</tr>", block, re.S):
        rows.append([unescape(text_of(cell)).replace(" , ", ", ") for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tr, re.S)])
    return rows


def csv_of(site, page_path: str, block: str) -> list[list[str]]:
    href = re.search(r'<a href="([^"]+\.csv)"', block).group(1)
    data = (site / posixpath.normpath(posixpath.join(page_path, href))).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a CSV without BOM shows Vietnamese as mojibake in Excel"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "CSV lines end in CRLF (RFC 4180)"
    return list(csv.reader(io.StringIO(text)))


def shown(site, path: str) -> dict[str, list[list[str]]]:
    """Each table of a page as its CSV has it (header first), after checking the page shows the same."""
    html = page(site, path)
    tables = {}
    for ident, block in blocks(html).items():
        if "<table" not in block:
            continue
        on_page, in_csv = table_rows(block), csv_of(site, path, block)
        if "Bản đồ" in block:  # map links: a column of the page only
            on_page = [row[:len(in_csv[0])] for row in on_page]
        assert len(on_page) == len(in_csv), ident
        for a, b in zip(on_page, in_csv):
            badge = [re.sub(r"^★+ ([345]) sao$", r"\1", x) for x in a]  # stars of a listing: the site's badge
            # (a row's label is text, a year included: only the value columns are numbers)
            assert badge == [x if i == 0 and x.isdigit() else as_shown(x) for i, x in enumerate(b)], (ident, a, b)
        tables[ident] = in_csv
    return tables


def as_shown(cell: str) -> str:
    """A CSV cell as the page writes it: 1.234 for numbers, dd/mm/yyyy for dates, lists with commas."""
    if cell.isdigit():
        return format_number(int(cell))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return dt.date.fromisoformat(cell).strftime("%d/%m/%Y")
    return cell.replace("; ", ", ")


def ints(rows: list[list]) -> list[list]:
    """Rows with their value cells as numbers (the first cell, a label, stays text)."""
    return [[row[0], *(int(x) if isinstance(x, str) and x.isdigit() else x for x in row[1:])] for row in rows]


def month_window(today: dt.date) -> tuple[list[tuple[int, int]], dt.date]:
    months, year, month = [], today.year, today.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last = months[-1]
    return months, dt.date(last[0], last[1], calendar.monthrange(*last)[1])


def test_site_figures_match_the_records(built, demo, archive):
    tables = shown(built, "thong-ke")
    products, today = demo.products, demo.today
    stars = Counter(p.stars for p in products)
    assert ints(tables["theo-hang-sao"][1:]) == [["5 sao", stars[5]], ["4 sao", stars[4]], ["3 sao", stars[3]],
                                                 ["Tổng cộng", len(products)]]
    groups = {row[0]: int(row[1]) for row in tables["theo-nhom"][1:]}
    for group in demo.rules.groups:
        assert groups[group.name] == sum(p.group is group for p in products)
        for sub in group.subgroups:
            n = sum(p.subgroup is not None and p.subgroup.code == sub.code for p in products)
            assert groups.get(sub.name, 0) == n, sub.name
    provinces = ints(tables["theo-tinh"][1:-1])
    assert [r[4] for r in provinces] == sorted((r[4] for r in provinces), reverse=True), "ranked, most products first"
    expected = {(pr.short, *(sum(p.province is pr and p.stars == n for p in products) for n in (3, 4, 5)),
                 sum(p.province is pr for p in products)) for pr in {p.province for p in products}}
    assert {tuple(r) for r in provinces} == expected
    kinds = ints(tables["theo-chu-the"][1:])
    for kind, label in LABELS.items():
        mine = [p for p in products if p.producer and p.producer.kind == kind]
        assert [label, len(mine), len({p.producer.id for p in mine})] in kinds or not mine
    assert ["Chưa ghi chủ thể", sum(p.producer is None for p in products), 0] in kinds
    assert kinds[-1] == ["Tổng cộng", len(products), len({p.producer.id for p in products if p.producer})]

    years = range(min(p.certificate.date.year for p in products), today.year + 1)
    per_year = [[str(y), *(sum(p.certificate.date.year == y and p.stars == n for p in products) for n in (3, 4, 5)),
                 sum(p.certificate.date.year == y for p in products)] for y in years]
    assert ints(tables["theo-nam"][1:-1]) == per_year
    assert ints(tables["tich-luy"][1:])[-1] == [str(today.year), stars[3], stars[4], stars[5], len(products)]
    assert [r[-1] for r in ints(tables["tich-luy"][1:])] == [sum(p.certificate.date.year <= y for p in products) for y in years]


def test_reevaluation_calendar_counts_from_the_build_date(built, demo):
    tables = shown(built, "thong-ke")
    today = demo.today
    months, last = month_window(today)
    rows = ints(tables["het-han-12-thang"][1:-1])
    assert [r[0] for r in rows] == [f"Tháng {m:02d}/{y}" for y, m in months]
    for (y, m), row in zip(months, rows):
        due = [p for p in demo.products if today <= p.certificate.expires <= last
               and (p.certificate.expires.year, p.certificate.expires.month) == (y, m)]
        assert row[1:] == [*(sum(p.stars == n for p in due) for n in (3, 4, 5)), len(due)], row[0]
    due = sorted((p for p in demo.products if today <= p.certificate.expires <= last), key=lambda p: p.certificate.expires)
    listed = tables["danh-gia-lai"][1:]
    assert sorted(r[1] for r in listed) == sorted(p.name for p in due)
    assert [r[0] for r in listed] == [p.certificate.expires.isoformat() for p in due], "soonest first"
    assert due, "the demo needs certificates expiring within a year"
    gone = [p for p in demo.products if p.certificate.expires < today]
    assert sorted(r[1] for r in tables["da-het-han"][1:]) == sorted(p.name for p in gone)
    assert all(dt.date.fromisoformat(r[0]) < today for r in tables["da-het-han"][1:])
    key = re.search(r'<span class="ocop-tile__count">([\d.]+)</span><span class="ocop-tile__title">chứng nhận đã hết hạn',
                    page(built, "thong-ke"))
    assert int(key.group(1).replace(".", "")) == len(gone)


def test_the_calendar_includes_both_ends_of_its_window(site):
    """Due on the build date or on the last day of the twelfth month: to re-rate; the day before: expired."""
    site.producer("htx-dam-doi", PRODUCER)
    dates = {"hom-nay": "2026-11-23", "cuoi-ky": "2027-10-31", "sau-ky": "2027-11-01", "hom-qua": "2026-11-22"}
    for ident, expires in dates.items():
        site.product(ident, PRODUCT.replace("id: nuoc-mam-dam-doi", f"id: {ident}").replace("name: Nước mắm Đầm Dơi", f"name: {ident}")
                     .replace("  issuer: Ủy ban nhân dân tỉnh Cà Mau\n", f"  issuer: Ủy ban nhân dân tỉnh Cà Mau\n  expires: {expires}\n"))
    catalog, problems = site.load(dt.date(2026, 11, 23))
    assert not problems, problems.report()
    tables = {t.id: t for t in report(catalog, []).tables()}
    assert sorted(r[1].name for r in tables["danh-gia-lai"].rows) == ["cuoi-ky", "hom-nay"]
    assert [r[1].name for r in tables["da-het-han"].rows] == ["hom-qua"]
    months = {r.label: r.values for r in tables["het-han-12-thang"].rows}
    assert months["Tháng 11/2026"] == (0, 1, 0) and months["Tháng 10/2027"] == (0, 1, 0) and len(months) == 12


def test_csv_cells_that_excel_would_run_are_text(site):
    """A name starting with = + - @ is written with a leading apostrophe: Excel shows it, never runs it."""
    site.producer("htx-dam-doi", PRODUCER)
    names = {"cong-thuc": '=HYPERLINK("https://example.com","Bấm")', "cong": "+84 nước mắm", "tru": "-Nước mắm",
             "a-cong": "@SUM(A1)"}
    for ident, name in names.items():
        site.product(ident, PRODUCT.replace("id: nuoc-mam-dam-doi", f"id: {ident}").replace("name: Nước mắm Đầm Dơi", f"name: '{name}'")
                     .replace("  issuer: Ủy ban nhân dân tỉnh Cà Mau\n", "  issuer: Ủy ban nhân dân tỉnh Cà Mau\n  expires: 2027-01-10\n"))
    catalog, problems = site.load(dt.date(2026, 11, 23))
    assert not problems, problems.report()
    listing = next(t for t in report(catalog, []).tables() if t.id == "danh-gia-lai")
    rows = list(csv.reader(io.StringIO(csv_bytes(listing).decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == sorted("'" + name for name in names.values())
    assert [row[2] for row in rows[1:]] == ["4"] * 4  # numbers stay numbers


def test_another_build_date_moves_the_calendar():
    """The figures follow the configured build date, never the wall clock."""
    catalog, plans, problems = load(REPO, date="2027-02-10")
    assert not problems
    expiring = next(t for t in report(catalog, plans).tables() if t.id == "het-han-12-thang")
    assert expiring.rows[0].label == "Tháng 02/2027" and expiring.rows[-1].label == "Tháng 01/2028"
    assert "từ 10/02/2027 đến 31/01/2028" in expiring.caption


def test_plan_targets_and_fairs_match_the_records(built, demo, archive):
    tables = shown(built, "thong-ke")
    expected = set()
    for plan in archive:
        for t in plan.targets:
            n = sum(1 for p in demo.products if p.province is t.province and p.certificate.date.year == t.year
                    and p.stars in t.stars and (not t.group or p.group.code == t.group))
            expected.add((f"{t.province.short}, {t.year}: {t.label}", plan.heading, t.count, n, round(100 * n / t.count)))
    assert {tuple(r) for r in ints(tables["chi-tieu"][1:])} == expected
    by_year = Counter(e.start.year for e in demo.events)
    rows = ints(tables["hoi-cho"][1:-1])
    assert {r[0]: r[1] for r in rows if r[1]} == {str(y): n for y, n in by_year.items()}
    for row in ints(tables["san-pham-tham-gia"][1:]):
        taking = {x.product.id: x.product for e in demo.events if e.start.year == int(row[0]) for x in e.participants}
        assert row[1:] == [*(sum(p.stars == n for p in taking.values()) for n in (3, 4, 5)), len(taking)]
    assert [r[1] for r in tables["su-kien"][1:]] == [e.name for e in sorted(demo.events, key=lambda e: (e.start, e.id))]


def test_every_province_page_has_its_statistics(built, demo):
    counts = Counter(p.province.code for p in demo.products)
    for province in demo.provinces:
        html = page(built, f"tinh/{province.slug}")
        mine = [p for p in demo.products if p.province is province]
        tables = shown(built, f"tinh/{province.slug}")
        assert ints(tables["theo-hang-sao"])[-1] == ["Tổng cộng", len(mine)]
        listed = re.search(r'data-ocop-count data-noun="sản phẩm" aria-live="polite">([\d.]+) sản phẩm', html).group(1)
        assert listed == format_number(len(mine)), "the statistics and the listing above them disagree"
        communes = ints(tables["theo-xa"][1:-1])
        assert sum(r[4] for r in communes) == len(mine)
        for row in communes:
            assert row[4] == sum(1 for p in mine if (p.place.commune.name if p.place.commune else "Chưa ghi xã, phường") == row[0])
        rank = 1 + sum(1 for n in counts.values() if n > counts[province.code])
        assert re.search(rf'<span class="ocop-tile__count">{rank}</span><span class="ocop-tile__title">hạng về số sản phẩm', html)
        if any(x.product in mine for e in demo.events for x in e.participants):
            names = [r[1] for r in tables["su-kien"][1:]]
            assert names == [e.name for e in demo.events if any(x.product in mine for x in e.participants)]
            for row in tables["su-kien"][1:]:
                assert all(name in {p.name for p in mine} for name in row[5].split("; "))


def test_every_chart_has_title_caption_table_and_csv(built, demo, archive):
    scopes = [("thong-ke", None)] + [(f"tinh/{p.slug}", p) for p in demo.provinces]
    for path, province in scopes:
        html = page(built, path)
        found = blocks(html)
        assert set(found) == {t.id for t in report(demo, archive, province).tables()}, path
        for ident, block in found.items():
            title = re.search(rf'<h[2-6] class="ocop-chart__title" id="{ident}-title">(.+?)</h', block)
            caption = re.search(rf'<p class="ocop-chart__caption" id="{ident}-caption">(.+?)</p>', block)
            assert title and title.group(1).strip() and caption and caption.group(1).strip(), (path, ident)
            if block.startswith("<figure"):
                svg = re.search(r"<svg [^>]*>", block).group(0)
                assert f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-caption"' in svg
                assert 'width="100%"' in svg and "viewBox" not in svg
                assert re.search(r"<table [^>]*>\s*<caption>Bảng số liệu: ", block) and '<th scope="col"' in block
                assert re.search(r'<a href="[^"]+\.csv" download="[^"]+\.csv"', block), (path, ident)
            elif "<table" in block:
                assert re.search(r'<a href="[^"]+\.csv"', block), (path, ident)
            else:
                assert "Không có." in block


def test_statistics_page_is_in_the_navigation(built):
    home = page(built, "")
    nav = home.split('<nav class="md-nav md-nav--primary', 1)[1].split('<div class="md-content"', 1)[0]
    assert 'href="thong-ke/"' in nav and "Thống kê" in nav


def test_statistics_only_on_the_first_page_of_a_province(tmp_path):
    site = Site(tmp_path / "province")
    site.producer("htx-dam-doi", PRODUCER)
    for n in range(3):
        site.product(f"p{n}", PRODUCT.replace("id: nuoc-mam-dam-doi", f"id: p{n}").replace("Nước mắm Đầm Dơi", f"Nước mắm {n}"))
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("groups: 148/QĐ-TTg", "groups: 148/QĐ-TTg\n      page_size: 2"), "utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    assert 'id="thong-ke"' in page(out, "tinh/ca-mau") and 'id="thong-ke"' not in page(out, "tinh/ca-mau/trang-2")
    assert (out / "tinh" / "ca-mau" / "theo-hang-sao.csv").is_file()
    stats = text_of(page(out, "thong-ke"))
    assert "3 sản phẩm OCOP" in stats and "Chưa ghi chủ thể" not in stats


def test_an_empty_site_has_a_statistics_page(tmp_path):
    assert cli.main(["new-site", str(tmp_path / "moi")]) == 0
    assert cli.main(["build", str(tmp_path / "moi")]) == 0
    assert "chưa có số liệu thống kê" in text_of(page(tmp_path / "moi" / "site", "thong-ke"))


# -- the charts themselves --------------------------------------------------------------------


def columns_figure(values: list[int], stacked_by: int = 1) -> Figure:
    rows = tuple(Row(f"Tháng {i + 1:02d}/2027", tuple([v] * stacked_by), tick=(f"T{i + 1}", "2027") if i == 0 else (f"T{i + 1}",))
                 for i, v in enumerate(values))
    series = ("3 sao", "4 sao", "5 sao")[:stacked_by] if stacked_by > 1 else ("Sản phẩm",)
    return Figure("thu", "Thử", "Chú thích", "Tháng", series, rows, stacked=stacked_by > 1, periods=True,
                  palette="stars" if stacked_by > 1 else "series")


def texts(svg: str) -> list[tuple[str, str]]:
    """(attributes, content) of every text element."""
    return re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)


def test_numbers_are_written_the_vietnamese_way():
    svg = str(chart(columns_figure([1234, 56])))
    assert "1.234" in svg and "1,234" not in svg


def test_values_that_do_not_fit_give_way_to_grid_lines():
    small = str(chart(columns_figure([3, 12, 7] * 4)))
    assert "<line" in small and small.count("<line") == 1  # the base line only: values are written on top
    assert [c for _, c in texts(small)].count("12") == 4
    large = str(chart(columns_figure([12345, 23456, 34567] * 4)))
    values = [c for _, c in texts(large)]
    assert "23.456" not in values, "five-digit values cannot stand above twelve columns on a phone"
    assert large.count("<line") >= 3 and "30.000" in values


def test_period_labels_never_overlap_on_a_phone():
    rows = tuple(Row(str(y), (y - 2000,), tick=(str(y),)) for y in range(2005, 2027))
    svg = str(chart(Figure("nam", "Năm", "", "Năm", ("Sản phẩm",), rows, periods=True)))
    ticks = [(float(re.search(r'x="([\d.]+)%"', a).group(1)), c) for a, c in texts(svg) if re.fullmatch(r"20\d\d", c)]
    assert 1 < len(ticks) < len(rows)
    for (x1, t1), (x2, _) in zip(ticks, ticks[1:]):
        assert (x2 - x1) / 100 * MIN_WIDTH >= width(t1), "neighbouring year labels would overlap at 320 px"


def test_bars_wrap_long_labels_and_keep_them_apart():
    rows = (Row("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", (6,)), Row("Hoa", (3,), level=1))
    svg = str(chart(Figure("nhom", "Nhóm", "", "Nhóm", ("Sản phẩm",), rows)))
    labels = [(float(re.search(r' y="([\d.]+)"', a).group(1)), c) for a, c in texts(svg) if c not in ("6", "3")]
    assert len(labels) == 3 and all(width(c) <= MIN_WIDTH for _, c in labels)
    ys = [y for y, _ in labels]
    assert all(b - a >= 12 for a, b in zip(ys, ys[1:])), "label lines overlap"


def test_series_have_patterns_of_their_own_per_chart():
    figure = columns_figure([3, 4], stacked_by=3)
    svg = str(chart(figure))
    assert set(re.findall(r'<pattern id="([^"]+)"', svg)) == {"thu-p1", "thu-p2"}
    assert "#56B4E9" in svg and "#0072B2" in svg and "#D55E00" in svg  # Okabe–Ito
    assert 'fill="url(#thu-p1)"' in svg and 'stroke="#' in svg

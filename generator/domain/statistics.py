"""The programme's figures: what the statistics pages show, counted from the catalog model.

Every figure counts the same :class:`~generator.domain.model.Product`, certificate, plan target and
event objects the listings show, against the same build date, so a chart can never disagree
with a listing. Nothing here knows about HTML or MkDocs: a :class:`Figure` is a table of
labelled counts (drawn by :mod:`generator.render.charts`, shown as a table, offered as CSV), a
:class:`Listing` a table of records (the products to re-rate, say). :func:`report` gathers
them for the whole site or for one province.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from .model import CERTIFYING_LEVELS, PRODUCER_KINDS, Catalog, Product, add_months
from .places import Province
from .plans import Plan, plans_with_targets
from .promotion import Event
from .text import sort_key

STARS = (3, 4, 5)
STAR_SERIES = tuple(f"{n} sao" for n in STARS)
WINDOW_MONTHS = 12
NO_PRODUCER = "Chưa ghi chủ thể"
NO_SUBGROUP = "Chưa ghi phân nhóm"
NO_COMMUNE = "Chưa ghi xã, phường"
TOTAL = "Tổng cộng"


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]
    item: Any = None  # what the row is about (a province, group, plan...): pages link to it
    level: int = 0  # 1: a part of the row above it (a sub-group of its group), not added to totals
    note: str = ""  # the figure's second text column, when it has one
    tick: tuple[str, ...] = ()  # a period's label on a chart's axis, one string per line


@dataclass(frozen=True)
class Figure:
    """Labelled counts that one chart draws.

    ``series`` are the drawn value columns; ``extra`` value columns (a percentage) are shown in
    the table and the CSV only. ``stacked`` series add up to a total (a bar per row, split);
    otherwise each series is its own bar. ``periods`` rows are consecutive years or months
    (drawn as columns, so one series or stacked ones), otherwise categories (drawn as bars, in
    the rows' order).
    """

    id: str
    title: str
    caption: str
    header: str  # what a row is ("Tỉnh, thành phố")
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    stacked: bool = False
    periods: bool = False
    total_row: bool = True
    note_header: str = ""
    extra: tuple[str, ...] = ()
    palette: str = "series"  # "stars": the series are the star levels
    places: bool = False  # rows are provinces or communes (pages link each to a map)

    @property
    def headings(self) -> list[str]:
        total = [TOTAL] if self.stacked and len(self.series) > 1 else []
        note = [self.note_header] if self.note_header else []
        return [self.header, *note, *self.series, *self.extra, *total]

    @property
    def records(self) -> list[list[Any]]:
        """Every row of the table, as CSV and the page show it (totals included)."""
        rows = [[r.label, *([r.note] if self.note_header else []), *r.values, *self._total(r)] for r in self.rows]
        if self.total_row:
            top = [r for r in self.rows if r.level == 0]
            sums = [sum(r.values[i] for r in top) for i in range(len(self.series))]
            rows.append([TOTAL, *([""] if self.note_header else []), *sums, *[""] * len(self.extra),
                         *self._total(Row(TOTAL, tuple(sums)))])
        return rows

    def _total(self, row: Row) -> list[int]:
        return [sum(row.values[:len(self.series)])] if self.stacked and len(self.series) > 1 else []

    @property
    def maximum(self) -> int:
        drawn = [r.values[:len(self.series)] for r in self.rows]
        return max((sum(v) if self.stacked else max(v, default=0) for v in drawn), default=0)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, number, date, stars, product, event, products


@dataclass(frozen=True)
class Listing:
    """Records as a table: one row of typed cells per record (a product, an event)."""

    id: str
    title: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    @property
    def records(self) -> list[list[Any]]:
        return [list(r) for r in self.rows]


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int
    anchor: str  # the id of the figure or listing that details it
    site_wide: bool = False  # that figure is on the site's statistics page, not on this one


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Figure | Listing, ...]


@dataclass(frozen=True)
class Report:
    province: Province | None  # None: the whole site
    today: dt.date
    total: int
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]

    def tables(self) -> list[Figure | Listing]:
        return [item for s in self.sections for item in s.items]


# -- the figures --------------------------------------------------------------------------


def _by_stars(products: Iterable[Product]) -> tuple[int, ...]:
    counts = Counter(p.stars for p in products)
    return tuple(counts[n] for n in STARS)


def by_stars(products: list[Product]) -> Figure:
    counts = Counter(p.stars for p in products)
    rows = tuple(Row(f"{n} sao", (counts[n],), item=n) for n in reversed(STARS))
    return Figure("theo-hang-sao", "Sản phẩm theo hạng sao",
                  "Số sản phẩm OCOP trong danh mục ở mỗi hạng sao (3, 4, 5 sao).",
                  "Hạng sao", ("Sản phẩm",), rows)


def by_group(catalog: Catalog, products: list[Product]) -> Figure:
    rows = []
    for group in catalog.rules.groups:
        selected = [p for p in products if p.group is group]
        rows.append(Row(group.name, (len(selected),), item=group))
        subs = Counter(p.subgroup.code for p in selected if p.subgroup)
        if subs:
            rows += [Row(s.name, (subs[s.code],), item=group, level=1) for s in group.subgroups if subs[s.code]]
            missing = sum(1 for p in selected if not p.subgroup)
            if missing:
                rows.append(Row(NO_SUBGROUP, (missing,), item=group, level=1))
    return Figure("theo-nhom", "Sản phẩm theo nhóm và phân nhóm",
                  f"Số sản phẩm của sáu nhóm sản phẩm theo {catalog.rules.decision}; dòng thụt vào là phân nhóm "
                  "của nhóm ngay trên, cộng lại bằng số của nhóm.",
                  "Nhóm, phân nhóm", ("Sản phẩm",), tuple(rows))


def rank(counts: Counter, key: Any) -> int:
    """Competition ranking ("1, 2, 2, 4"): one more than the number of keys counted higher."""
    return 1 + sum(1 for n in counts.values() if n > counts[key])


def _ranked(groups: dict[Any, list[Product]], name) -> list[tuple[Any, list[Product]]]:
    """Most products first; equal counts in Vietnamese alphabetical order."""
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), sort_key(name(kv[0]))))


def by_province(catalog: Catalog) -> Figure:
    groups: dict[Province, list[Product]] = {}
    for p in catalog.products:
        groups.setdefault(p.province, []).append(p)
    rows = tuple(Row(prov.short, _by_stars(selected), item=prov) for prov, selected in _ranked(groups, lambda x: x.short))
    return Figure("theo-tinh", "Xếp hạng tỉnh, thành phố theo số sản phẩm",
                  "Số sản phẩm OCOP của mỗi tỉnh, thành phố (34 đơn vị từ 01/07/2025; sản phẩm ghi địa chỉ tỉnh cũ "
                  "được tính vào tỉnh mới), chia theo hạng sao, xếp từ nhiều đến ít.",
                  "Tỉnh, thành phố", STAR_SERIES, rows, stacked=True, palette="stars", places=True)


def by_commune(province: Province, products: list[Product]) -> Figure:
    groups: dict[Any, list[Product]] = {}
    for p in products:
        groups.setdefault(p.place.commune, []).append(p)
    unplaced = groups.pop(None, [])
    rows = [Row(c.name, _by_stars(selected), item=c) for c, selected in _ranked(groups, lambda x: x.name)]
    if unplaced:
        rows.append(Row(NO_COMMUNE, _by_stars(unplaced)))
    return Figure("theo-xa", f"Sản phẩm theo xã, phường của {province.short}",
                  "Số sản phẩm OCOP của mỗi xã, phường, đặc khu (theo địa giới từ 01/07/2025), chia theo hạng sao, "
                  "xếp từ nhiều đến ít; sản phẩm chỉ ghi địa chỉ cấp tỉnh đứng cuối.",
                  "Xã, phường", STAR_SERIES, tuple(rows), stacked=True, palette="stars", places=True)


def by_producer_kind(products: list[Product]) -> Figure:
    kinds = {k: [p for p in products if p.producer and p.producer.kind == k] for k in PRODUCER_KINDS}
    rows = [Row(label, (len(kinds[k]), len({id(p.producer) for p in kinds[k]})))
            for k, label in PRODUCER_KINDS.items() if kinds[k]]
    orphans = sum(1 for p in products if p.producer is None)
    if orphans:
        rows.append(Row(NO_PRODUCER, (orphans, 0)))
    return Figure("theo-chu-the", "Sản phẩm và chủ thể theo loại chủ thể",
                  "Số sản phẩm OCOP và số chủ thể có sản phẩm OCOP theo loại chủ thể: hợp tác xã, doanh nghiệp, "
                  "hộ kinh doanh, tổ hợp tác.",
                  "Loại chủ thể", ("Sản phẩm", "Chủ thể"), tuple(rows))


def _years(products: list[Product], today: dt.date) -> range:
    first = min((p.certificate.date.year for p in products), default=today.year)
    return range(first, today.year + 1)


def by_year(products: list[Product], today: dt.date) -> Figure:
    rows = tuple(Row(str(y), _by_stars(p for p in products if p.certificate.date.year == y), tick=(str(y),))
                 for y in _years(products, today))
    return Figure("theo-nam", "Sản phẩm được công nhận theo năm",
                  "Số sản phẩm trong danh mục theo năm ký giấy chứng nhận OCOP hiện hành, chia theo hạng sao. "
                  "Sản phẩm được đánh giá lại tính vào năm của giấy chứng nhận mới.",
                  "Năm", STAR_SERIES, rows, stacked=True, periods=True, palette="stars")


def cumulative(products: list[Product], today: dt.date) -> Figure:
    rows = tuple(Row(str(y), _by_stars(p for p in products if p.certificate.date.year <= y), tick=(str(y),))
                 for y in _years(products, today))
    return Figure("tich-luy", "Số sản phẩm cộng dồn theo năm",
                  "Số sản phẩm trong danh mục có giấy chứng nhận hiện hành ký đến hết mỗi năm, chia theo hạng sao.",
                  "Đến hết năm", STAR_SERIES, rows, stacked=True, periods=True, total_row=False, palette="stars")


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The re-rating calendar's span: the build date to the end of the 12th month (this month first)."""
    return today, add_months(today.replace(day=1), WINDOW_MONTHS) - dt.timedelta(days=1)


def expiring_by_month(products: list[Product], today: dt.date) -> Figure:
    start, end = window(today)
    counts: dict[tuple[int, int], list[Product]] = {}
    for p in products:
        if start <= p.certificate.expires <= end:
            counts.setdefault((p.certificate.expires.year, p.certificate.expires.month), []).append(p)
    rows = []
    for i in range(WINDOW_MONTHS):
        month = add_months(start.replace(day=1), i)
        tick = (f"T{month.month}", str(month.year)) if i == 0 or month.month == 1 else (f"T{month.month}",)
        rows.append(Row(f"Tháng {month.month:02d}/{month.year}", _by_stars(counts.get((month.year, month.month), [])),
                        tick=tick))
    return Figure("het-han-12-thang", "Giấy chứng nhận hết hạn trong 12 tháng tới",
                  f"Số sản phẩm có giấy chứng nhận OCOP hết hạn từ {_date(start)} đến {_date(end)}, theo tháng và "
                  "hạng sao: lịch đánh giá lại của cán bộ. Danh sách sản phẩm ở bảng bên dưới.",
                  "Tháng", STAR_SERIES, tuple(rows), stacked=True, periods=True, palette="stars")


PRODUCT_COLUMNS = (Column("Ngày hết hạn", "date"), Column("Sản phẩm", "product"), Column("Hạng sao", "stars"),
                   Column("Cấp công nhận"), Column("Tỉnh, thành phố"), Column("Chủ thể"),
                   Column("Giấy chứng nhận"))


def _product_cells(p: Product) -> tuple:
    c = p.certificate
    return (c.expires, p, p.stars, CERTIFYING_LEVELS.get(c.level, c.level), p.province.short,
            p.producer.name if p.producer else "", f"{c.number} ngày {_date(c.date)}")


def _by_expiry(products: Iterable[Product]) -> tuple[tuple, ...]:
    return tuple(_product_cells(p) for p in sorted(products, key=lambda p: (p.certificate.expires, sort_key(p.name), p.id)))


def to_rerate(products: list[Product], today: dt.date) -> Listing:
    start, end = window(today)
    selected = [p for p in products if start <= p.certificate.expires <= end]
    return Listing("danh-gia-lai", "Sản phẩm cần đánh giá lại",
                   f"Sản phẩm có giấy chứng nhận hết hạn từ {_date(start)} đến {_date(end)}, hết hạn sớm nhất trước.",
                   PRODUCT_COLUMNS, _by_expiry(selected))


def expired(products: list[Product], today: dt.date) -> Listing:
    selected = [p for p in products if p.certificate.expires < today]
    return Listing("da-het-han", "Giấy chứng nhận đã hết hạn, sản phẩm vẫn trong danh mục",
                   f"Sản phẩm có giấy chứng nhận hết hạn trước ngày {_date(today)} mà danh mục vẫn liệt kê: "
                   "cần đánh giá lại hoặc đưa ra khỏi danh mục.",
                   PRODUCT_COLUMNS, _by_expiry(selected))


def targets(catalog: Catalog, plans: list[Plan], province: Province | None) -> Figure:
    found = [(t, plan, n) for plan, measured in plans_with_targets(catalog, plans) for t, n, _ in measured
             if province is None or t.province is province]
    found.sort(key=lambda x: (sort_key(x[0].province.short), -x[0].year, x[1].signed, sort_key(x[0].label)))
    rows = tuple(Row(f"{'' if province else t.province.short + ', '}{t.year}: {t.label}",
                     (t.count, n, round(100 * n / t.count)), item=plan, note=plan.heading)
                 for t, plan, n in found)
    return Figure("chi-tieu", "Chỉ tiêu kế hoạch và kết quả",
                  "Chỉ tiêu về số sản phẩm OCOP trong các kế hoạch, so với số sản phẩm trong danh mục được công nhận "
                  "trong năm của chỉ tiêu, ở các hạng sao và nhóm mà chỉ tiêu nêu (như trên trang của kế hoạch).",
                  "Chỉ tiêu", ("Kế hoạch", "Đạt được"), rows, total_row=False, note_header="Văn bản",
                  extra=("Tỷ lệ đạt (%)",))


def _events(catalog: Catalog, products: list[Product] | None) -> list[tuple[Event, tuple[Product, ...]]]:
    """Events with the products (of ``products``, or all) that took part; only events with some when restricted."""
    wanted = None if products is None else {id(p) for p in products}
    found = []
    for event in catalog.events:
        taking = tuple(x.product for x in event.participants if wanted is None or id(x.product) in wanted)
        if wanted is None or taking:
            found.append((event, taking))
    return found


def events_by_year(events: list[tuple[Event, tuple[Product, ...]]], province: Province | None) -> tuple[Figure, Figure]:
    """Events per year, and the distinct products that took part in them per year, by star level."""
    years = range(min(e.start.year for e, _ in events), max(e.start.year for e, _ in events) + 1)
    count, taking = [], []
    for y in years:
        selected = [(e, products) for e, products in events if e.start.year == y]
        distinct = {id(p): p for _, products in selected for p in products}
        count.append(Row(str(y), (len(selected),), tick=(str(y),)))
        taking.append(Row(str(y), _by_stars(distinct.values()), tick=(str(y),)))
    whose = f" của {province.short}" if province else ""
    return (Figure("hoi-cho", "Hội chợ, sự kiện xúc tiến thương mại theo năm",
                   f"Số hội chợ, triển lãm, tuần hàng, hội nghị{' có sản phẩm' + whose + ' tham gia' if province else ''} "
                   "theo năm bắt đầu, kể cả sự kiện đã lên lịch.",
                   "Năm", ("Sự kiện",), tuple(count), periods=True),
            Figure("san-pham-tham-gia", "Sản phẩm tham gia hội chợ, sự kiện theo năm",
                   f"Số sản phẩm{whose} khác nhau đã đăng ký tham gia hội chợ, sự kiện trong năm, theo hạng sao; một sản "
                   "phẩm dự nhiều sự kiện trong năm được tính một lần.",
                   "Năm", STAR_SERIES, tuple(taking), stacked=True, periods=True, total_row=False, palette="stars"))


def event_listing(events: list[tuple[Event, tuple[Product, ...]]], province: Province | None) -> Listing:
    rows = tuple((e.start, e, e.kind_label, e.province.short if e.province else "Trực tuyến", len(taking), taking)
                 for e, taking in events)
    whose = f" của {province.short}" if province else ""
    return Listing("su-kien", "Sự kiện và sản phẩm tham gia",
                   f"Từng sự kiện, theo ngày bắt đầu, với các sản phẩm{whose} đã đăng ký tham gia.",
                   (Column("Ngày bắt đầu", "date"), Column("Sự kiện", "event"), Column("Loại"), Column("Địa điểm"),
                    Column("Số sản phẩm", "number"), Column("Sản phẩm tham gia", "products")), rows)


def key_figures(catalog: Catalog, products: list[Product], province: Province | None) -> tuple[KeyFigure, ...]:
    """The few numbers shown first, each linked to the figure that details it."""
    today = catalog.today
    start, end = window(today)
    keys = [KeyFigure("sản phẩm OCOP", len(products), "theo-hang-sao"),
            KeyFigure("chủ thể có sản phẩm", len({id(p.producer) for p in products if p.producer}), "theo-chu-the")]
    if province is None:
        keys.append(KeyFigure("tỉnh, thành phố có sản phẩm", len(catalog.provinces), "theo-tinh"))
    else:
        counts = Counter({code: len(items) for code, items in catalog.index_by_province().items()})
        keys += [KeyFigure("xã, phường có sản phẩm", len({p.place.commune.code for p in products if p.place.commune}),
                           "theo-xa"),
                 KeyFigure(f"hạng về số sản phẩm, trong {len(counts)} tỉnh, thành phố", rank(counts, province.code),
                           "theo-tinh", site_wide=True)]
    keys += [KeyFigure(f"sản phẩm công nhận năm {today.year}",
                       sum(p.certificate.date.year == today.year for p in products), "theo-nam"),
             KeyFigure("chứng nhận hết hạn trong 12 tháng tới",
                       sum(start <= p.certificate.expires <= end for p in products), "het-han-12-thang"),
             KeyFigure("chứng nhận đã hết hạn", sum(p.certificate.expires < today for p in products), "da-het-han")]
    return tuple(keys)


def report(catalog: Catalog, plans: list[Plan], province: Province | None = None) -> Report:
    """The figures of the whole site, or of one province's products, plans and fairs."""
    today = catalog.today
    products = catalog.products if province is None else catalog.index_by_province().get(province.code, [])
    sections = []
    if products:
        places = by_province(catalog) if province is None else by_commune(province, products)
        sections += [
            Section("thong-ke-san-pham", "Sản phẩm",
                    (by_stars(products), by_group(catalog, products), places, by_producer_kind(products))),
            Section("thong-ke-tang-truong", "Tăng trưởng", (by_year(products, today), cumulative(products, today))),
            Section("thong-ke-chung-nhan", "Hết hạn chứng nhận, đánh giá lại",
                    (expiring_by_month(products, today), to_rerate(products, today), expired(products, today))),
        ]
    goal = targets(catalog, plans, province)
    if goal.rows:
        sections.append(Section("thong-ke-chi-tieu", "Chỉ tiêu kế hoạch", (goal,)))
    events = _events(catalog, None if province is None else products)
    if events:
        sections.append(Section("thong-ke-xuc-tien", "Hội chợ, xúc tiến thương mại",
                                (*events_by_year(events, province), event_listing(events, province))))
    keys = key_figures(catalog, products, province) if products else ()
    return Report(province, today, len(products), keys, tuple(sections))


def _date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"

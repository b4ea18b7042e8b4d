"""The pages of a catalog site, planned and rendered without MkDocs.

:func:`plan` turns a :class:`~generator.model.Catalog` into page specifications
(path, title, template, context); :class:`Renderer` renders a page's body HTML
with the theme's page templates. An adapter (the MkDocs plugin today) wraps the
bodies in the site chrome. Every listing is paginated, so each page's size is
bounded and the total work grows linearly with the number of products.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup

from .charts import chart
from .markup import ROOT as _ROOT
from .model import CERTIFYING_LEVELS, Catalog, Producer, Product
from .places import Province
from .plans import Plan, plans_with_targets
from .promotion import EVENT_STATUS, Event
from .reference.groups import Group
from .statistics import Report
from .text import format_number, slugify, sort_key

PAGE_SIZE = 48
PRODUCERS_PAGE_SIZE = 100
"""Rows of a producer directory page: a row is one line, a product card is a screen's fifth."""
PRODUCERS_INLINE = 10
"""A province page names its producers up to this many, and links to its producer directory beyond."""
STATUS_LABELS = {"valid": "Còn hiệu lực", "expiring": "Sắp hết hạn", "expired": "Hết hạn"}
IMAGE_DIR = "anh"
CATALOG_DATA = "san-pham/du-lieu.json"  # see browser_data
SEARCH_DATA = "tim-kiem/du-lieu.json"
EVENTS = "hoi-cho/"
SHOWROOMS = "diem-ban/"
PLANS = "ke-hoach/"
STATISTICS = "thong-ke/"


LICENSES = {
    # SPDX id: (name shown to readers, licence text)
    "CC-BY-4.0": ("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/deed.vi"),
    "CC0-1.0": ("CC0 1.0: dành cho công chúng, không giữ bản quyền", "https://creativecommons.org/publicdomain/zero/1.0/deed.vi"),
    "ODbL-1.0": ("Giấy phép Cơ sở dữ liệu mở (ODbL 1.0)", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
UPDATES = "Mỗi khi danh mục trên trang được cập nhật: dữ liệu được tạo lại cùng lúc với các trang."


@dataclass(frozen=True)
class Publication:
    """What other sites see of this one: its address and name, and the terms of its open data.

    Every absolute address the site publishes (feeds, API, social cards, structured data)
    is made by :meth:`absolute` from ``url`` (MkDocs' ``site_url``). Without it, addresses
    are relative to the host's root ("/san-pham/x/").
    """

    name: str = "Sản phẩm OCOP"
    url: str = ""
    license: str = "CC-BY-4.0"
    updates: str = UPDATES
    product_cards: bool = True
    """A social card per product page (with ``url``); without, a product page shows its photo, or the
    site's card. The cards are about 40 KB each: 580 MB of a 15,000-product site."""

    def __post_init__(self) -> None:
        if self.license not in LICENSES:
            raise ValueError(f"data_license '{self.license}' is not one of {', '.join(LICENSES)}")

    @property
    def shares_product_cards(self) -> bool:
        """Whether product pages publish their own social card (Open Graph needs its absolute address)."""
        return bool(self.url) and self.product_cards

    def absolute(self, path: str) -> str:
        return (self.url.rstrip("/") + "/" if self.url else "/") + path

    @property
    def host(self) -> str:
        return self.url.split("//", 1)[-1].strip("/").split("/")[0]

    @property
    def license_name(self) -> str:
        return LICENSES[self.license][0]

    @property
    def license_url(self) -> str:
        return LICENSES[self.license][1]


@dataclass
class PageSpec:
    path: str  # URL path relative to the site root, "" or ending in "/"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    in_nav: bool = False

    @property
    def src_uri(self) -> str:
        """The virtual Markdown source MkDocs maps to ``path``."""
        return f"{self.path}index.md" if self.path else "index.md"


@dataclass
class Facet:
    label: str
    path: str
    count: int
    key: str


def _paginate(base: str, title: str, template: str, items: list, context: dict[str, Any],
              description: str, page_size: int, in_nav: bool = False, name: str = "products") -> list[PageSpec]:
    """Pages of ``page_size`` items at ``base``, ``base``trang-2/ ...; each page's slice is ``name`` in its context."""
    chunks = [items[i:i + page_size] for i in range(0, len(items), page_size)] or [[]]
    pages = []
    paths = [base if n == 1 else f"{base}trang-{n}/" for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        ctx = dict(context, total=len(items), pagination={
            "number": n, "count": len(chunks), "paths": paths,
            "previous": paths[n - 2] if n > 1 else None, "next": paths[n] if n < len(chunks) else None,
        })
        ctx[name] = chunk
        page_title = title if n == 1 else f"{title} (trang {n})"
        pages.append(PageSpec(paths[n - 1], page_title, template, ctx, description, in_nav and n == 1))
    return pages


def product_path(product: Product) -> str:
    return f"san-pham/{product.slug}/"


def producer_path(producer: Producer) -> str:
    return f"chu-the/{producer.slug}/"


def province_path(province: Province) -> str:
    return f"tinh/{province.slug}/"


def producers_path(province: Province | None = None) -> str:
    """The producer directory: the whole catalog's, or a province's (a producer's own page is at
    chu-the/<slug>/, so a province's list lives under the province, where no producer slug can clash)."""
    return f"{province_path(province)}chu-the/" if province else "chu-the/"


def group_path(group: Group) -> str:
    return f"nhom/{group.slug}/"


def stars_path(stars: int) -> str:
    return f"sao/{stars}/"


def event_path(event) -> str:
    return f"{EVENTS}{event.slug}/"


def showroom_path(showroom) -> str:
    return f"{SHOWROOMS}{showroom.slug}/"


def path_of(item) -> str:
    """The page about a model object a statistics row names, or "" when it has none."""
    if isinstance(item, Province):
        return province_path(item)
    if isinstance(item, Group):
        return group_path(item)
    if isinstance(item, Product):
        return product_path(item)
    if isinstance(item, Event):
        return event_path(item)
    if isinstance(item, Plan):
        return f"{PLANS}{item.slug}/"
    if isinstance(item, int) and item in (3, 4, 5):
        return stars_path(item)
    return ""


def short_path(product: Product) -> str:
    return f"p/{product.slug}/"


def qr_path(product: Product) -> str:
    return f"{product_path(product)}qr.svg"


def province_feed(province) -> str:
    return f"{EVENTS}lich-{province.slug}.ics"


def facets(catalog: Catalog, products: Iterable[Product]) -> dict[str, list[Facet]]:
    products = list(products)
    by_stars = Counter(p.stars for p in products)
    by_group = Counter(p.group.code for p in products)
    by_province = Counter(p.province.slug for p in products)
    by_status = Counter(p.certificate.status(catalog.today) for p in products)
    provinces = {p.province.slug: p.province for p in products}
    return {
        "stars": [Facet(f"{n} sao", stars_path(n), by_stars[n], str(n)) for n in (5, 4, 3) if by_stars[n]],
        "groups": [Facet(g.name, group_path(g), by_group[g.code], g.code) for g in catalog.rules.groups if by_group[g.code]],
        "provinces": [Facet(provinces[s].short, province_path(provinces[s]), by_province[s], s)
                      for s in sorted(provinces, key=lambda s: sort_key(provinces[s].short))],
        "statuses": [Facet(STATUS_LABELS[s], "", by_status[s], s) for s in STATUS_LABELS if by_status[s]],
    }


def pages(catalog: Catalog, plans: list[Plan] = (), page_size: int = PAGE_SIZE,
          reports: dict[str, Report] | None = None) -> list[PageSpec]:
    """Every generated catalog page, in a stable order.

    Province pages list their plans and, on their first page, show the province's statistics
    (``reports``, by page path; see :mod:`generator.statistics_pages`).
    """
    reports = reports or {}
    products = catalog.products
    all_facets = facets(catalog, products)
    pages: list[PageSpec] = []
    pages.append(PageSpec("tim-kiem/", "Tìm kiếm", "search.html",
                          {"catalog_data": CATALOG_DATA, "search_data": SEARCH_DATA, "facets": all_facets},
                          "Tìm sản phẩm, chủ thể, hội chợ, điểm bán và kế hoạch OCOP, gõ có dấu hay không dấu đều được.",
                          in_nav=True))
    pages += _paginate("san-pham/", "Sản phẩm OCOP", "catalog.html", products,
                       {"facets": all_facets, "data_path": CATALOG_DATA, "page_size": page_size},
                       "Danh mục sản phẩm OCOP: lọc theo hạng sao, nhóm sản phẩm và tỉnh.", page_size, in_nav=True)
    for product in products:
        pages.append(PageSpec(product_path(product), product.name, "product.html",
                              {"product": product, "related": _related(catalog, product)}, product.summary))
    star_counts = Counter(p.stars for p in products)
    pages.append(PageSpec("sao/", "Hạng sao", "stars_index.html", {"counts": [(n, star_counts[n]) for n in (5, 4, 3)]},
                          "Sản phẩm OCOP theo hạng sao.", in_nav=True))
    for n in (5, 4, 3):
        selected = [p for p in products if p.stars == n]
        if selected:
            pages += _paginate(stars_path(n), f"Sản phẩm OCOP {n} sao", "listing.html", selected,
                               {"kind": "stars", "stars": n, "facets": facets(catalog, selected), "filter_query": f"sao={n}"},
                               f"Các sản phẩm OCOP đạt {n} sao.", page_size)
    groups_with = [g for g in catalog.rules.groups if any(p.group is g for p in products)]
    pages.append(PageSpec("nhom/", "Nhóm sản phẩm", "groups_index.html",
                          {"groups": [(g, sum(1 for p in products if p.group is g)) for g in catalog.rules.groups],
                           "rules": catalog.rules}, "Sáu nhóm sản phẩm OCOP.", in_nav=True))
    for group in groups_with:
        selected = [p for p in products if p.group is group]
        subgroups = Counter(p.subgroup.code for p in selected if p.subgroup)
        pages += _paginate(group_path(group), group.name, "listing.html", selected,
                           {"kind": "group", "group": group, "subgroups": subgroups,
                            "facets": facets(catalog, selected), "filter_query": f"nhom={group.code}"},
                           f"Sản phẩm OCOP nhóm {group.name}.", page_size)
    provinces = catalog.provinces
    by_province = catalog.index_by_province()
    producers_by_province: dict[str, list[Producer]] = {}
    for producer in catalog.producers:
        if producer.place:
            producers_by_province.setdefault(producer.place.province.code, []).append(producer)
    pages.append(PageSpec("tinh/", "Tỉnh, thành phố", "provinces_index.html",
                          {"provinces": [(p, len(by_province.get(p.code, []))) for p in provinces]},
                          "Sản phẩm OCOP theo tỉnh, thành phố.", in_nav=True))
    for province in provinces:
        selected = by_province.get(province.code, [])
        pages += _paginate(province_path(province), province.name, "listing.html", selected,
                           {"kind": "province", "province": province, "facets": facets(catalog, selected),
                            "filter_query": f"tinh={province.slug}",
                            "plans": plans_with_targets(catalog, [x for x in plans if x.province is province]),
                            "producers": producers_by_province.get(province.code, []),
                            "statistics": reports.get(province_path(province))},
                           f"Sản phẩm OCOP của {province.name}.", page_size)
    directory = [Facet(p.short, producers_path(p), len(producers_by_province[p.code]), p.slug)
                 for p in provinces if p.code in producers_by_province]
    pages += _paginate(producers_path(), "Chủ thể sản xuất", "producers_index.html", catalog.producers,
                       {"province": None, "provinces": directory},
                       "Hợp tác xã, doanh nghiệp và hộ kinh doanh có sản phẩm OCOP.",
                       PRODUCERS_PAGE_SIZE, in_nav=True, name="producers")
    for province in provinces:
        if province.code in producers_by_province:
            pages += _paginate(producers_path(province), f"Chủ thể sản xuất: {province.short}", "producers_index.html",
                               producers_by_province[province.code], {"province": province, "provinces": directory},
                               f"Hợp tác xã, doanh nghiệp và hộ kinh doanh có sản phẩm OCOP ở {province.name}.",
                               PRODUCERS_PAGE_SIZE, name="producers")
    for producer in catalog.producers:
        pages.append(PageSpec(producer_path(producer), producer.name, "producer.html",
                              {"producer": producer, "facets": facets(catalog, producer.products)},
                              f"{producer.kind_label} {producer.name}: {len(producer.products)} sản phẩm OCOP."))
    return pages


def _related(catalog: Catalog, product: Product, limit: int = 6) -> dict[str, list[Product]]:
    """Same producer first, then same province; computed from per-key indexes."""
    same_producer = [p for p in (product.producer.products if product.producer else []) if p is not product][:limit]
    by_province = catalog.index_by_province()
    taken = {id(p) for p in same_producer} | {id(product)}
    # Stop at ``limit``: a province of a national catalog holds hundreds of products.
    same_province = list(islice((p for p in by_province.get(product.province.code, []) if id(p) not in taken), limit))
    return {"producer": same_producer, "province": same_province}


def home_context(catalog: Catalog, newest: int = 8) -> dict[str, Any]:
    recent = sorted(catalog.products, key=lambda p: (p.certificate.date, p.id), reverse=True)[:newest]
    return {"facets": facets(catalog, catalog.products), "recent": recent, "total": len(catalog.products),
            "provinces": len(catalog.provinces)}


class Renderer:
    """Renders page bodies with the theme's templates (``theme/ocop/``)."""

    def __init__(self, catalog: Catalog, extra_dirs: Iterable[Path] = (), has_qr: bool = False,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        theme = resources.files("ocop_theme") / "ocop"
        loader = jinja2.FileSystemLoader([*map(str, extra_dirs), str(theme)])
        self.env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined, bytecode_cache=bytecode_cache)
        self.catalog = catalog
        self.env.globals.update(
            today=catalog.today, rules=catalog.rules, STATUS_LABELS=STATUS_LABELS, LEVELS=CERTIFYING_LEVELS,
            product_path=product_path, producer_path=producer_path, province_path=province_path,
            producers_path=producers_path, PRODUCERS_INLINE=PRODUCERS_INLINE,
            group_path=group_path, stars_path=stars_path, IMAGE_DIR=IMAGE_DIR, event_path=event_path,
            showroom_path=showroom_path, short_path=short_path, qr_path=qr_path, chart=chart, EVENT_STATUS=EVENT_STATUS,
        )
        self.env.filters.update(date=_date, number=format_number, price=_price, slug=slugify)
        with_products = {p.code for p in catalog.provinces}
        self.env.globals["has_province_page"] = lambda province: province.code in with_products
        star_levels = {p.stars for p in catalog.products}
        groups_with = {p.group.code for p in catalog.products}

        def page_of(item) -> str:
            """``path_of``, but "" for a star level, group or province without products: it has no page."""
            if (isinstance(item, int) and item not in star_levels or isinstance(item, Group) and item.code not in groups_with
                    or isinstance(item, Province) and item.code not in with_products):
                return ""
            return path_of(item)

        self.env.globals["path_of"] = page_of
        self.env.globals["has_qr"] = has_qr
        # Links are written from the site root and made relative per page in render().
        self.env.globals.update(url=lambda target: _ROOT + target, card_html=self._card, card_grid=self._grid)
        self._cards: dict[str, Markup] = {}

    def compile(self, templates: Iterable[str]) -> None:
        """Load ``templates`` and the macros now, so that forked workers share them instead of
        each compiling its own copy."""
        for name in {*templates, "macros.html"}:
            self.env.get_template(name)

    def render(self, template: str, path: str, context: dict[str, Any]) -> str:
        """A page body; links are relative, so a site works from any folder or host."""
        prefix = "../" * path.count("/")
        html = self.env.get_template(template).render(context, page_path=path)
        return html.replace(_ROOT, prefix).replace('href=""', 'href="./"')

    def _grid(self, products: Iterable[Product]) -> Markup:
        """A list of product cards (joined here, not in a template loop: listings show 48 cards a page)."""
        return Markup('<ul class="ocop-grid" data-ocop-grid>\n' + "".join(f"  {self._card(p)}\n" for p in products) + "</ul>")

    def _card(self, product: Product, note: str = "") -> Markup:
        """A product card, rendered once: cards repeat on listings, producer pages and related blocks.

        ``note`` (a booth number, say) is shown at the top of the card's text.
        """
        html = self._cards.get(product.id)
        if html is None:
            macro = self.env.get_template("macros.html").module.product_card
            html = self._cards[product.id] = macro(product)
        if note:
            body = Markup('<span class="ocop-card__body">')
            html = Markup(html.replace(body, body + Markup('<span class="ocop-card__note">{}</span>').format(note), 1))
        return html


def _date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _price(value: int) -> str:
    return f"{format_number(value)} đ"

"""The catalog's pages: products, star levels, groups, provinces and producers, and the home page's figures.

:func:`pages` turns a :class:`~generator.domain.model.Catalog` into page specifications. Every
listing is paginated, so each page's size is bounded and the total work grows linearly with the
number of products.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Any, Iterable

from ..domain.model import STATUS_LABELS, Catalog, Producer, Product
from ..domain.plans import Plan, plans_with_targets
from ..domain.statistics import Report
from ..domain.text import sort_key
from .pages import PAGE_SIZE, Facet, PageSpec, paginate
from .urls import (CATALOG, CATALOG_DATA, GROUPS, PROVINCES, SEARCH, SEARCH_DATA, STARS, group_path, producer_path,
                   producers_path, product_path, province_path, stars_path)

PRODUCERS_PAGE_SIZE = 100
"""Rows of a producer directory page: a row is one line, a product card is a screen's fifth."""
PRODUCERS_INLINE = 10
"""A province page names its producers up to this many, and links to its producer directory beyond."""


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
    (``reports``, by page path; see :mod:`generator.site.statistics`).
    """
    producers = _producers_by_province(catalog)
    return [*_search_and_catalog(catalog, page_size), *_products(catalog), *_by_stars(catalog, page_size),
            *_by_group(catalog, page_size), *_by_province(catalog, plans, page_size, reports or {}, producers),
            *_producers(catalog, producers)]


def _search_and_catalog(catalog: Catalog, page_size: int) -> list[PageSpec]:
    all_facets = facets(catalog, catalog.products)
    search = PageSpec(SEARCH, "Tìm kiếm", "search.html",
                      {"catalog_data": CATALOG_DATA, "search_data": SEARCH_DATA, "facets": all_facets},
                      "Tìm sản phẩm, chủ thể, hội chợ, điểm bán và kế hoạch OCOP, gõ có dấu hay không dấu đều được.",
                      in_nav=True, kind="search")
    return [search, *paginate(CATALOG, "Sản phẩm OCOP", "catalog.html", catalog.products,
                              {"facets": all_facets, "data_path": CATALOG_DATA, "page_size": page_size},
                              "Danh mục sản phẩm OCOP: lọc theo hạng sao, nhóm sản phẩm và tỉnh.", page_size,
                              in_nav=True, kind="catalog")]


def _products(catalog: Catalog) -> list[PageSpec]:
    return [PageSpec(product_path(product), product.name, "product.html",
                     {"product": product, "related": _related(catalog, product),
                      "upcoming": product.upcoming_events(catalog.today)}, product.summary,
                     kind="product", record=product)
            for product in catalog.products]


def _by_stars(catalog: Catalog, page_size: int) -> list[PageSpec]:
    products = catalog.products
    star_counts = Counter(p.stars for p in products)
    pages = [PageSpec(STARS, "Hạng sao", "stars_index.html", {"counts": [(n, star_counts[n]) for n in (5, 4, 3)]},
                      "Sản phẩm OCOP theo hạng sao.", in_nav=True)]
    for n in (5, 4, 3):
        selected = [p for p in products if p.stars == n]
        if selected:
            pages += paginate(stars_path(n), f"Sản phẩm OCOP {n} sao", "listing_stars.html", selected,
                              {"stars": n, "facets": facets(catalog, selected), "filter_query": f"sao={n}"},
                              f"Các sản phẩm OCOP đạt {n} sao.", page_size)
    return pages


def _by_group(catalog: Catalog, page_size: int) -> list[PageSpec]:
    products = catalog.products
    pages = [PageSpec(GROUPS, "Nhóm sản phẩm", "groups_index.html",
                      {"groups": [(g, sum(1 for p in products if p.group is g)) for g in catalog.rules.groups],
                       "rules": catalog.rules}, "Sáu nhóm sản phẩm OCOP.", in_nav=True)]
    for group in [g for g in catalog.rules.groups if any(p.group is g for p in products)]:
        selected = [p for p in products if p.group is group]
        subgroups = Counter(p.subgroup.code for p in selected if p.subgroup)
        pages += paginate(group_path(group), group.name, "listing_group.html", selected,
                          {"group": group, "subgroups": subgroups,
                           "facets": facets(catalog, selected), "filter_query": f"nhom={group.code}"},
                          f"Sản phẩm OCOP nhóm {group.name}.", page_size)
    return pages


def _producers_by_province(catalog: Catalog) -> dict[str, list[Producer]]:
    found: dict[str, list[Producer]] = {}
    for producer in catalog.producers:
        if producer.place:
            found.setdefault(producer.place.province.code, []).append(producer)
    return found


def _by_province(catalog: Catalog, plans: list[Plan], page_size: int, reports: dict[str, Report],
                 producers: dict[str, list[Producer]]) -> list[PageSpec]:
    by_province = catalog.index_by_province()
    pages = [PageSpec(PROVINCES, "Tỉnh, thành phố", "provinces_index.html",
                      {"provinces": [(p, len(by_province.get(p.code, []))) for p in catalog.provinces]},
                      "Sản phẩm OCOP theo tỉnh, thành phố.", in_nav=True)]
    for province in catalog.provinces:
        selected = by_province.get(province.code, [])
        pages += paginate(province_path(province), province.name, "listing_province.html", selected,
                          {"province": province, "facets": facets(catalog, selected),
                           "filter_query": f"tinh={province.slug}",
                           "plans": plans_with_targets(catalog, [x for x in plans if x.province is province]),
                           "producers": producers.get(province.code, []),
                           "statistics": reports.get(province_path(province))},
                          f"Sản phẩm OCOP của {province.name}.", page_size)
    return pages


def _producers(catalog: Catalog, by_province: dict[str, list[Producer]]) -> list[PageSpec]:
    """The producer directory, nationally and per province (pages of rows), and each producer's page."""
    provinces = [p for p in catalog.provinces if p.code in by_province]
    directory = [Facet(p.short, producers_path(p), len(by_province[p.code]), p.slug) for p in provinces]
    pages = paginate(producers_path(), "Chủ thể sản xuất", "producers_index.html", catalog.producers,
                     {"province": None, "provinces": directory},
                     "Hợp tác xã, doanh nghiệp và hộ kinh doanh có sản phẩm OCOP.",
                     PRODUCERS_PAGE_SIZE, in_nav=True, name="producers")
    for province in provinces:
        pages += paginate(producers_path(province), f"Chủ thể sản xuất: {province.short}", "producers_index.html",
                          by_province[province.code], {"province": province, "provinces": directory},
                          f"Hợp tác xã, doanh nghiệp và hộ kinh doanh có sản phẩm OCOP ở {province.name}.",
                          PRODUCERS_PAGE_SIZE, name="producers")
    return pages + [PageSpec(producer_path(producer), producer.name, "producer.html",
                             {"producer": producer, "facets": facets(catalog, producer.products)},
                             f"{producer.kind_label} {producer.name}: {len(producer.products)} sản phẩm OCOP.",
                             kind="producer", record=producer)
                    for producer in catalog.producers]


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

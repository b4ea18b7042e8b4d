"""Embeds: the catalog inside other sites' pages (provincial portals, cooperatives' sites).

``/nhung/`` is a page without the site's chrome that shows the products its address's
parameters select, with the catalog's own filter (``embed-page.js``); ``/nhung/embed.js`` (a theme
file) is the loader a portal pastes, which turns each ``<div data-ocop-catalog>`` into a
sandboxed iframe of that page; ``/nhung-danh-muc/`` builds the snippet and explains it.
"""

from __future__ import annotations

from ..domain.model import Catalog
from .catalog import facets
from .pages import PageSpec
from .publication import Publication
from .urls import EMBED, EMBED_GUIDE, EMBED_LOADER

LIMIT, MAX_LIMIT = 12, 48
"""Cards an embed shows unless its snippet says otherwise, and the most it may ask for."""
ATTRIBUTES = (
    # (attribute, meaning, example)
    ("data-province", "Tỉnh, thành phố: mã viết liền không dấu", "ca-mau"),
    ("data-group", "Nhóm sản phẩm: mã nhóm", "thuc-pham"),
    ("data-stars", "Hạng sao, nhiều hạng cách nhau bởi dấu phẩy", "4,5"),
    ("data-producer", "Chỉ các sản phẩm của một chủ thể: mã ở cuối địa chỉ trang chủ thể", "htx-nuoc-mam-dam-doi"),
    ("data-event", "Chỉ các sản phẩm tham gia một hội chợ, sự kiện: mã sự kiện", "hoi-cho-ocop-ca-mau-2026"),
    ("data-q", "Từ khóa, có dấu hay không dấu", "mật ong"),
    ("data-limit", f"Số sản phẩm hiển thị, từ 1 đến {MAX_LIMIT} (mặc định {LIMIT})", "8"),
    ("data-layout", "Kiểu hiển thị: grid (lưới, mặc định) hoặc list (danh sách)", "list"),
    ("data-title", "Tiêu đề của khung cho trình đọc màn hình (mặc định “Sản phẩm OCOP”)", "Sản phẩm OCOP Cà Mau"),
)


def guide_page(catalog: Catalog, publication: Publication) -> PageSpec:
    all_facets = facets(catalog, catalog.products)
    example = {"province": all_facets["provinces"][0].key if all_facets["provinces"] else "ca-mau", "stars": "4,5"}
    return PageSpec(EMBED_GUIDE, "Nhúng danh mục vào trang của bạn", "embed_guide.html", {
        "facets": all_facets, "events": catalog.events, "attributes": ATTRIBUTES, "loader": EMBED_LOADER, "embed": EMBED,
        "loader_url": publication.absolute(EMBED_LOADER), "embed_url": publication.absolute(EMBED), "example": example,
        "origin": publication.url.split("/")[0] + "//" + publication.host if publication.url else "",
        "limit": LIMIT, "max_limit": MAX_LIMIT,
    }, "Đặt danh mục sản phẩm OCOP vào cổng thông tin hay trang web của đơn vị: chọn sản phẩm, chép đoạn mã, xem trước.",
        in_nav=True)

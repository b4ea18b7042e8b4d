"""Atom feeds (RFC 4287): newly certified products and newly issued plans, for feed readers and newsrooms.

Entry ids are the records' page addresses, which never change while the record keeps its id;
dates come from the records (the certificate's or the document's date), so a rebuild with the
same records gives the same bytes. Feeds need absolute addresses: without ``site_url`` there
are none, like the sitemap and the QR codes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ..domain.model import Catalog
from ..domain.plans import Plan
from ..domain.promotion import VIETNAM
from .publication import Publication
from .urls import CATALOG, PLANS, PLANS_FEED, PRODUCTS_FEED, plan_path, product_path

NS = "http://www.w3.org/2005/Atom"
NEWEST = 50
TITLES = {PRODUCTS_FEED: "Sản phẩm OCOP mới được công nhận", PLANS_FEED: "Kế hoạch, văn bản OCOP mới ban hành"}


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), VIETNAM).isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _feed(pub: Publication, path: str, alternate: str, entries: list[dict]) -> bytes:
    ET.register_namespace("", NS)
    feed = ET.Element(f"{{{NS}}}feed", {"xml:lang": "vi"})
    _add(feed, "id", pub.absolute(path))
    _add(feed, "title", f"{TITLES[path]}: {pub.name}")
    _add(feed, "updated", max((e["updated"] for e in entries), default=_stamp(dt.date(2000, 1, 1))))
    _add(feed, "link", rel="self", type="application/atom+xml", href=pub.absolute(path))
    _add(feed, "link", rel="alternate", type="text/html", href=pub.absolute(alternate))
    author = _add(feed, "author")
    _add(author, "name", pub.name)
    _add(author, "uri", pub.absolute(""))
    _add(feed, "rights", f"Dữ liệu theo giấy phép {pub.license_name}: {pub.license_url}")
    _add(feed, "generator", "OCOP Publisher")
    for e in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", e["url"])
        _add(entry, "title", e["title"])
        _add(entry, "published", e["updated"])
        _add(entry, "updated", e["updated"])
        _add(entry, "link", rel="alternate", type="text/html", href=e["url"])
        _add(entry, "category", term=e["term"], label=e["label"])
        _add(entry, "summary", e["summary"], type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def product_entries(catalog: Catalog, pub: Publication) -> list[dict]:
    newest = sorted(catalog.products, key=lambda p: (p.certificate.date, p.slug), reverse=True)[:NEWEST]
    return [{
        "url": pub.absolute(product_path(p)), "title": f"{p.name} ({p.stars} sao)", "updated": _stamp(p.certificate.date),
        "term": p.group.code, "label": p.group.name,
        "summary": " ".join(x for x in (
            f"Sản phẩm OCOP {p.stars} sao, nhóm {p.group.name}, {p.province.short}"
            f"{', của ' + p.producer.name if p.producer else ''}.",
            f"Quyết định số {p.certificate.number} ngày {p.certificate.date:%d/%m/%Y} của {p.certificate.issuer}.",
            p.summary) if x),
    } for p in newest]


def plan_entries(plans: list[Plan], pub: Publication) -> list[dict]:
    newest = sorted(plans, key=lambda p: (p.signed, p.slug), reverse=True)[:NEWEST]
    return [{
        "url": pub.absolute(plan_path(p)), "title": f"{p.heading}: {p.title}", "updated": _stamp(p.signed),
        "term": p.type, "label": p.type,
        "summary": f"{p.heading} ngày {p.signed:%d/%m/%Y} của {p.issuer}: {p.title}",
    } for p in newest]


def atom_feeds(catalog: Catalog, plans: list[Plan], pub: Publication) -> dict[str, bytes]:
    if not pub.url:
        return {}
    return {
        PRODUCTS_FEED: _feed(pub, PRODUCTS_FEED, CATALOG, product_entries(catalog, pub)),
        PLANS_FEED: _feed(pub, PLANS_FEED, PLANS, plan_entries(plans, pub)),
    }

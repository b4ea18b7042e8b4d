"""The data the browser filters and searches, as compact as plain JSON allows.

The catalog page and the search page fetch these files only when a visitor starts to filter
or search, so the first view of a 15,000-product catalog stays small. Everything the browser
can derive is left out: the folded (accent-free) text is computed in the browser, a slug that
equals the slug of the name is sent as "", producers are sent once and referenced by index,
a card image by its rendition name, without the extension.
"""

from __future__ import annotations

import json
import re
import unicodedata

__all__ = ["CATALOG_DATA", "SEARCH_DATA", "catalog_data", "search_data"]

from ..domain.model import Catalog
from ..domain.plans import Plan
from .archive import plan_path
from .photos import renditions
from .urls import CATALOG_DATA, IMAGE_DIR, SEARCH_DATA, event_path, producer_path, showroom_path

STATUSES = ("valid", "expiring", "expired")


def browser_slug(name: str) -> str:
    """The slug ranking.js derives from a name (its ``slugify``), which the data may then leave out.

    It strips only the combining marks U+0300–U+036F, where :func:`generator.domain.text.slugify`
    strips every combining mark: for a name with another mark the two differ, and the data
    must carry the real slug.
    """
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = re.sub("[\u0300-\u036f]", "", text).lower()
    return re.sub("[^a-z0-9]+", "-", text).strip("-")


def _dump(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def catalog_data(catalog: Catalog) -> bytes:
    """Products: [slug or "", name, stars, group, province, producer index or -1, status index,
    card image (rendition name without extension) or "", other searchable words (English name, tags)]."""
    producers = {id(p): i for i, p in enumerate(catalog.producers)}
    rows = []
    for p in catalog.products:
        image = renditions(p.images[0])[0].jpeg.removesuffix(".jpg") if p.images else ""
        rows.append([
            "" if p.slug == browser_slug(p.name) else p.slug, p.name, p.stars, p.group.code, p.province.slug,
            producers[id(p.producer)] if p.producer else -1, STATUSES.index(p.certificate.status(catalog.today)),
            image, " ".join([p.name_en, *p.tags]).strip(),
        ])
    return _dump({
        "version": 2, "images": f"{IMAGE_DIR}/", "statuses": list(STATUSES),
        "groups": {g.code: g.name for g in catalog.rules.groups},
        "provinces": {p.slug: p.short for p in catalog.provinces},
        "producers": [p.name for p in catalog.producers],
        "products": rows,
    })


def search_data(catalog: Catalog, plans: list[Plan]) -> bytes:
    """Everything else the site search finds: [kind, path, name, detail] per record."""
    rows = []
    for p in catalog.producers:
        rows.append(["chu-the", producer_path(p), p.name,
                     " · ".join(x for x in (p.kind_label, p.place.province.short if p.place else "") if x)])
    for e in catalog.events:
        rows.append(["hoi-cho", event_path(e), e.name,
                     " · ".join(x for x in (e.kind_label, f"{e.start:%d/%m/%Y}", e.province.short if e.province else "") if x)])
    for s in catalog.showrooms:
        rows.append(["diem-ban", showroom_path(s), s.name, " · ".join((s.kind_label, s.province.short))])
    for plan in plans:
        rows.append(["ke-hoach", plan_path(plan), f"{plan.type} số {plan.number}: {plan.title}",
                     f"{plan.issuer} · {plan.signed:%d/%m/%Y}"])
    return _dump({"version": 1, "items": rows})

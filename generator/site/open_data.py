"""Open data: the catalog, fairs, showrooms and plans as versioned JSON and CSV under ``/api/v1/``.

Each kind of record is published as a list (a few fields per record, enough to choose) and
one small file per record (everything the site shows about it), with absolute addresses made
from the site's ``site_url``. The JSON Schemas in ``schemas/api/`` describe every file, are
published beside the data and hold the Vietnamese field descriptions the documentation page
shows. The CSV exports are made from the same records, for Excel: UTF-8 with a byte order
mark (Excel otherwise reads Vietnamese as Windows-1252), CRLF line ends, quoted as needed.

A new field is a compatible change; renaming or removing one, or changing its meaning,
needs ``/api/v2/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable, Iterable

from ..domain.model import Catalog, Link, Producer, Product
from ..domain.plans import Plan, plans_with_targets
from ..domain.promotion import EVENT_KINDS, SHOWROOM_KINDS, Event, Showroom
from ..support import csvfile
from ..support.parallel import fork_map
from .feeds import TITLES
from .pages import PageSpec
from .photos import largest
from .publication import Publication
from .share import share_image
from .urls import (API, API_INDEX, API_VERSION, OPEN_DATA, api_csv, api_list, api_record, api_schema, event_calendar,
                   event_path, photo, plan_path, producer_path, product_path, qr_path, short_path, showroom_path)

KINDS = ("products", "producers", "events", "showrooms", "plans")


def schema_names() -> list[str]:
    """Every published schema: common definitions, then a record and a list schema per kind."""
    return ["common", "index", *(n for kind in KINDS for n in (kind[:-1], kind))]


def load_schema(name: str) -> dict:
    return json.loads((resources.files("generator") / "schemas" / "api" / f"{name}.schema.json").read_text("utf-8"))


def _dump(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _or_none(value: Any) -> Any:
    return value if value not in ("", None, ()) else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


class Records:
    """The JSON records of a site, with addresses made absolute by its :class:`Publication`."""

    def __init__(self, catalog: Catalog, plans: list[Plan], publication: Publication):
        self.catalog, self.plans, self.pub = catalog, plans, publication
        self.has_qr = bool(publication.url)

    def _ref(self, kind: str, slug: str, name: str, page: str) -> dict:
        return {"id": slug, "name": name, "url": self.pub.absolute(page), "data": self.pub.absolute(api_record(kind, slug))}

    def product_ref(self, p: Product) -> dict:
        return self._ref("products", p.slug, p.name, product_path(p))

    def producer_ref(self, p: Producer) -> dict:
        return self._ref("producers", p.slug, p.name, producer_path(p))

    def _province(self, province) -> dict | None:
        if province is None:
            return None
        return {"code": province.code, "slug": province.slug, "name": province.short, "full_name": province.name}

    def _place(self, place) -> dict:
        return {
            "address": place.current if place else None,
            "commune": ({"code": place.commune.code, "name": place.commune.name} if place and place.commune else None),
            "province": self._province(place.province if place else None),
        }

    def _images(self, images) -> list[dict]:
        return [{"url": self.pub.absolute(photo(i)), "width": largest(i).width, "height": largest(i).height, "alt": i.alt}
                for i in images]

    @staticmethod
    def _shop(s: Link) -> dict:
        return {"name": s.name, "address": _or_none(s.address), "url": _or_none(s.url), "phone": _or_none(s.phone)}

    # -- products --------------------------------------------------------
    def product(self, p: Product) -> dict:
        c = p.certificate
        return {
            "id": p.slug, "url": self.pub.absolute(product_path(p)), "name": p.name, "name_en": _or_none(p.name_en),
            "stars": p.stars,
            "group": {"code": p.group.code, "name": p.group.name},
            "subgroup": {"code": p.subgroup.code, "name": p.subgroup.name} if p.subgroup else None,
            "certificate": {"number": c.number, "date": c.date.isoformat(), "issuer": c.issuer,
                            "level": _or_none(c.level), "expires": c.expires.isoformat(),
                            "status": c.status(self.catalog.today)},
            "producer": self.producer_ref(p.producer) if p.producer else None,
            **self._place(p.place),
            "former_address": _or_none(p.place.former),
            "summary": _or_none(p.summary),
            "description_html": _or_none(p.description),
            "story_html": _or_none(p.story),
            "images": self._images(p.images),
            "share_image": self.pub.absolute(share_image(p, self.pub.name)) if self.pub.shares_product_cards else None,
            "packaging": _or_none(p.packaging),
            "price": {"amount": p.price, "currency": "VND", "unit": _or_none(p.price_unit)} if p.price else None,
            "where_to_buy": [self._shop(s) for s in p.where_to_buy],
            "contact": {"phone": _or_none(p.contact.phone), "email": _or_none(p.contact.email),
                        "website": _or_none(p.contact.website), "address": _or_none(p.contact.address)},
            "tags": list(p.tags),
            "events": [dict(self._ref("events", e.slug, e.name, event_path(e)), booth=_or_none(booth))
                       for e, booth in p.events],
            "showrooms": [self._ref("showrooms", s.slug, s.name, showroom_path(s)) for s in p.showrooms],
            "short_url": self.pub.absolute(short_path(p)),
            "qr_code": self.pub.absolute(qr_path(p)) if self.has_qr else None,
        }

    def product_item(self, p: Product) -> dict:
        return {"id": p.slug, "name": p.name, "stars": p.stars, "group": p.group.code, "province": p.province.slug,
                "producer": p.producer.slug if p.producer else None, "certified": p.certificate.date.isoformat(),
                "status": p.certificate.status(self.catalog.today),
                "url": self.pub.absolute(product_path(p)), "data": self.pub.absolute(api_record("products", p.slug))}

    # -- producers -------------------------------------------------------
    def producer(self, p: Producer) -> dict:
        return {
            "id": p.slug, "url": self.pub.absolute(producer_path(p)), "name": p.name, "kind": p.kind,
            "kind_label": p.kind_label, **self._place(p.place),
            "representative": _or_none(p.representative), "phone": _or_none(p.phone), "email": _or_none(p.email),
            "website": _or_none(p.website), "description_html": _or_none(p.description),
            "products": [dict(self.product_ref(x), stars=x.stars) for x in p.products],
        }

    def producer_item(self, p: Producer) -> dict:
        return {"id": p.slug, "name": p.name, "kind": p.kind, "province": p.place.province.slug if p.place else None,
                "products": len(p.products), "url": self.pub.absolute(producer_path(p)),
                "data": self.pub.absolute(api_record("producers", p.slug))}

    # -- events ----------------------------------------------------------
    def event(self, e: Event) -> dict:
        return {
            "id": e.slug, "url": self.pub.absolute(event_path(e)), "name": e.name, "kind": e.kind,
            "kind_label": EVENT_KINDS[e.kind], "start": e.start.isoformat(), "end": e.end.isoformat(),
            "start_time": e.start_time.strftime("%H:%M") if e.start_time else None,
            "end_time": e.end_time.strftime("%H:%M") if e.end_time else None,
            "status": e.status(self.catalog.today), "venue": _or_none(e.venue), **self._place(e.place),
            "website": _or_none(e.url), "organizer": _or_none(e.organizer),
            "contact": {"phone": _or_none(e.contact.phone), "email": _or_none(e.contact.email)},
            "registration": ({"url": _or_none(e.registration.url), "deadline": _date(e.registration.deadline)}
                             if e.registration.url or e.registration.deadline else None),
            "description_html": _or_none(e.description), "images": self._images(e.images),
            "products": [dict(self.product_ref(x.product), booth=_or_none(x.booth)) for x in e.participants],
            "producers": [self.producer_ref(x) for x in e.producers],
            "calendar": self.pub.absolute(event_calendar(e)),
        }

    def event_item(self, e: Event) -> dict:
        return {"id": e.slug, "name": e.name, "kind": e.kind, "start": e.start.isoformat(), "end": e.end.isoformat(),
                "province": e.province.slug if e.province else None, "status": e.status(self.catalog.today),
                "url": self.pub.absolute(event_path(e)), "data": self.pub.absolute(api_record("events", e.slug))}

    # -- showrooms -------------------------------------------------------
    def showroom(self, s: Showroom) -> dict:
        point = s.coordinates
        return {
            "id": s.slug, "url": self.pub.absolute(showroom_path(s)), "name": s.name, "kind": s.kind,
            "kind_label": SHOWROOM_KINDS[s.kind], **self._place(s.place),
            "latitude": point[0] if point else None, "longitude": point[1] if point else None,
            "located": "record" if s.latitude is not None else ("commune" if point else None),
            "hours": _or_none(s.hours), "phone": _or_none(s.phone), "operator": _or_none(s.operator),
            "description_html": _or_none(s.description),
            "products": [self.product_ref(x) for x in s.products],
        }

    def showroom_item(self, s: Showroom) -> dict:
        point = s.coordinates
        return {"id": s.slug, "name": s.name, "kind": s.kind, "province": s.province.slug,
                "latitude": point[0] if point else None, "longitude": point[1] if point else None,
                "url": self.pub.absolute(showroom_path(s)), "data": self.pub.absolute(api_record("showrooms", s.slug))}

    # -- plans -----------------------------------------------------------
    def plan(self, plan: Plan, targets: list) -> dict:
        def cited(target: Plan | None) -> dict | None:
            return self._ref("plans", target.slug, f"{target.heading}: {target.title}", plan_path(target)) if target else None

        return {
            "id": plan.slug, "url": self.pub.absolute(plan_path(plan)), "number": plan.number, "type": plan.type,
            "title": plan.title, "issuer": plan.issuer, "level": plan.level,
            "province": self._province(plan.province), "place": _or_none(plan.place),
            "signed": plan.signed.isoformat(), "effective": _date(plan.effective),
            "signer": _or_none(plan.signer), "signer_title": _or_none(plan.signer_title), "field": _or_none(plan.field),
            "status": plan.status, "replaced_by": _or_none(plan.replaced_by),
            "based_on": [{"number": _or_none(ref.number), "date": _date(ref.date), "issuer": _or_none(ref.issuer),
                          "type": _or_none(ref.type), "title": _or_none(ref.title), "archived": cited(target)}
                         for ref, target in plan.cites],
            "cited_by": [cited(p) for p in plan.cited_by],
            "attachments": [{"url": self.pub.absolute(a.path), "title": a.title, "size": a.size} for a in plan.attachments],
            "targets": [{"label": t.label, "count": t.count, "year": t.year, "province": t.province.slug,
                         "stars": list(t.stars), "group": _or_none(t.group), "measured": measured}
                        for t, measured, _ in targets],
        }

    def plan_item(self, plan: Plan) -> dict:
        return {"id": plan.slug, "number": plan.number, "type": plan.type, "title": plan.title, "issuer": plan.issuer,
                "signed": plan.signed.isoformat(), "province": plan.province.slug if plan.province else None,
                "status": plan.status, "url": self.pub.absolute(plan_path(plan)),
                "data": self.pub.absolute(api_record("plans", plan.slug))}

    def kinds(self) -> dict[str, tuple[list, Callable[[Any], dict], Callable[[Any], dict]]]:
        """Per kind, in the site's order: its objects, and what makes an object's list item and full record."""
        targets = dict((p.slug, t) for p, t in plans_with_targets(self.catalog, self.plans))
        return {
            "products": (self.catalog.products, self.product_item, self.product),
            "producers": (self.catalog.producers, self.producer_item, self.producer),
            "events": (self.catalog.events, self.event_item, self.event),
            "showrooms": (self.catalog.showrooms, self.showroom_item, self.showroom),
            "plans": (self.plans, self.plan_item, lambda p: self.plan(p, targets[p.slug])),
        }


# -- CSV -----------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    field: str  # dotted path into the JSON record; its schema description documents the column
    value: Callable[[dict], Any] | None = None  # when the cell is not the field itself
    note: str = ""  # its description then

    def __post_init__(self) -> None:
        object.__setattr__(self, "_parts", tuple(self.field.split(".")))  # cell() runs for every record

    def cell(self, record: dict) -> Any:
        if self.value is not None:
            return self.value(record)
        value: Any = record
        for part in self._parts:
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _joined(key: str) -> Callable[[dict], str]:
    return lambda record: "; ".join(str(x) for x in record[key])


CSV_COLUMNS: dict[str, tuple[Column, ...]] = {
    "products": (
        Column("id", "id"), Column("name", "name"), Column("name_en", "name_en"), Column("stars", "stars"),
        Column("group", "group.code"), Column("group_name", "group.name"),
        Column("subgroup", "subgroup.code"), Column("subgroup_name", "subgroup.name"),
        Column("certificate_number", "certificate.number"), Column("certificate_date", "certificate.date"),
        Column("certificate_issuer", "certificate.issuer"), Column("certificate_level", "certificate.level"),
        Column("certificate_expires", "certificate.expires"), Column("certificate_status", "certificate.status"),
        Column("producer_id", "producer.id"), Column("producer_name", "producer.name"),
        Column("province", "province.slug"), Column("province_name", "province.name"),
        Column("commune", "commune.name"), Column("address", "address"), Column("former_address", "former_address"),
        Column("summary", "summary"), Column("packaging", "packaging"),
        Column("price", "price.amount"), Column("price_unit", "price.unit"),
        Column("phone", "contact.phone"), Column("email", "contact.email"), Column("website", "contact.website"),
        Column("tags", "tags", _joined("tags"), "Từ khóa, cách nhau bởi dấu chấm phẩy"), Column("url", "url"),
    ),
    "producers": (
        Column("id", "id"), Column("name", "name"), Column("kind", "kind"), Column("kind_label", "kind_label"),
        Column("province", "province.slug"), Column("province_name", "province.name"),
        Column("commune", "commune.name"), Column("address", "address"), Column("representative", "representative"),
        Column("phone", "phone"), Column("email", "email"), Column("website", "website"),
        Column("products", "products", lambda r: len(r["products"]), "Số sản phẩm OCOP của chủ thể"), Column("url", "url"),
    ),
}
def csv_rows(columns: Iterable[Column], records: Iterable[dict]) -> str:
    """The CSV lines of ``records``, without the header."""
    return csvfile.lines([c.cell(record) for c in columns] for record in records)


def _csv(columns: Iterable[Column], rows: str) -> bytes:
    return csvfile.document([c.name for c in columns], rows)


def to_csv(columns: Iterable[Column], records: Iterable[dict]) -> bytes:
    columns = list(columns)
    return _csv(columns, csv_rows(columns, records))


def _with_id(schema: dict, publication: Publication, name: str) -> dict:
    return {"$schema": schema["$schema"], "$id": publication.absolute(api_schema(name)),
            **{k: v for k, v in schema.items() if k not in ("$schema", "$id")}}


def index(catalog: Catalog, counts: dict[str, int], publication: Publication, feeds: dict[str, str]) -> dict:
    absolute = publication.absolute
    return {
        "api_version": API_VERSION,
        "site": {"name": publication.name, "url": absolute("")},
        "updated": catalog.today.isoformat(),
        "update_frequency": publication.updates,
        "license": {"id": publication.license, "name": publication.license_name, "url": publication.license_url},
        "documentation": absolute(OPEN_DATA),
        "schema": absolute(api_schema("index")),
        "resources": {
            kind: {
                "count": counts[kind], "list": absolute(api_list(kind)),
                "record": absolute(api_record(kind, "{id}")),
                "csv": absolute(api_csv(kind)) if kind in CSV_COLUMNS else None,
                "list_schema": absolute(api_schema(kind)), "record_schema": absolute(api_schema(kind[:-1])),
            } for kind in KINDS
        },
        "feeds": {kind: absolute(path) for kind, path in feeds.items()},
    }


Kinds = dict[str, tuple[list, Callable[[Any], dict], Callable[[Any], dict]]]  # kind: (records, list item, record file)
PART = 500
"""Records per part of a kind made by one worker."""


def _part(kinds: Kinds, job: tuple[str, int]) -> tuple[list[dict], list[bytes], str]:
    """The list items, record files and CSV lines of one part of a kind."""
    kind, start = job
    objects, item, full = kinds[kind]
    chunk = objects[start:start + PART]
    records = [full(obj) for obj in chunk]
    rows = csv_rows(CSV_COLUMNS[kind], records) if kind in CSV_COLUMNS else ""
    return [item(obj) for obj in chunk], [_dump(record) for record in records], rows


def api_files(catalog: Catalog, plans: list[Plan], publication: Publication, feeds: dict[str, str]) -> dict[str, bytes]:
    """Every file under /api/v1/: index, lists, records, CSV exports and schemas, made in parts over the cores."""
    kinds = Records(catalog, plans, publication).kinds()
    jobs = [(kind, start) for kind, (objects, _, _) in kinds.items() for start in range(0, len(objects), PART)]
    parts = dict(zip(jobs, fork_map(_part, jobs, minimum=4, chunksize=1, shared=kinds)))
    files: dict[str, bytes] = {}
    for kind, (objects, _, _) in kinds.items():
        made = [parts[job] for job in jobs if job[0] == kind]
        items = [item for part in made for item in part[0]]
        files[api_list(kind)] = _dump({"api_version": API_VERSION, "updated": catalog.today.isoformat(),
                                        "schema": publication.absolute(api_schema(kind)),
                                        "count": len(items), "items": items})
        records = [record for part in made for record in part[1]]
        for obj, record in zip(objects, records):
            files[api_record(kind, obj.slug)] = record
        if kind in CSV_COLUMNS:
            files[api_csv(kind)] = _csv(CSV_COLUMNS[kind], "".join(part[2] for part in made))
    counts = {kind: len(objects) for kind, (objects, _, _) in kinds.items()}
    files[API_INDEX] = _dump(index(catalog, counts, publication, feeds))
    for name in schema_names():
        schema = _with_id(load_schema(name), publication, name)
        files[api_schema(name)] = json.dumps(schema, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    return files


# -- the documentation page ----------------------------------------------

KIND_TITLES = {"products": "Sản phẩm", "producers": "Chủ thể sản xuất", "events": "Hội chợ, sự kiện",
               "showrooms": "Điểm giới thiệu và bán sản phẩm", "plans": "Kế hoạch, văn bản (thuộc tính)"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


def _resolve(node: dict, common: dict) -> dict:
    """``node`` with a reference to the common definitions merged in (its own keys win)."""
    ref = node.get("$ref", "")
    if "#/$defs/" not in ref:
        return node
    target = _resolve(common["$defs"][ref.split("#/$defs/")[1]], common)
    return {**target, **{k: v for k, v in node.items() if k != "$ref"},
            "properties": {**target.get("properties", {}), **node.get("properties", {})}}


def _type(node: dict, common: dict) -> tuple[str, bool]:
    """A reader's name for a value's type, and whether it may be empty (null)."""
    if "anyOf" in node:
        options = [_resolve(o, common) for o in node["anyOf"]]
        named = [_type(o, common) for o in options if o.get("type") != "null"]
        return named[0][0], True
    if "enum" in node:
        values = [v for v in node["enum"] if v is not None]
        return "một trong: " + ", ".join(str(v) for v in values), None in node["enum"]
    if "const" in node:
        return f"luôn là {node['const']}", False
    types = node.get("type", "object")
    types = [types] if isinstance(types, str) else types
    nullable = "null" in types
    kind = next(t for t in types if t != "null")
    fmt = node.get("format")
    if fmt == "date":
        return "ngày (YYYY-MM-DD)", nullable
    if fmt in ("uri", "uri-reference"):
        return "địa chỉ (URL)", nullable
    return {"string": "chuỗi", "integer": "số nguyên", "number": "số", "object": "đối tượng",
            "array": "danh sách", "boolean": "đúng/sai"}[kind], nullable


def fields(schema: dict, common: dict, prefix: str = "") -> list[Field]:
    """Every field of a record schema, nested ones as "certificate.number" and "images[].url"."""
    found = []
    for name, node in _resolve(schema, common).get("properties", {}).items():
        node = _resolve(node, common)
        label, nullable = _type(node, common)
        description = node.get("description", "")
        found.append(Field(prefix + name, label + (", có thể trống" if nullable else ""), description))
        inner = next((_resolve(o, common) for o in node.get("anyOf", []) if o.get("type") != "null"), node)
        if inner.get("properties"):
            found += fields(inner, common, f"{prefix}{name}.")
        elif isinstance(inner.get("items"), dict) and _resolve(inner["items"], common).get("properties"):
            found += fields(inner["items"], common, f"{prefix}{name}[].")
    return found


def docs_page(catalog: Catalog, plans: list[Plan], publication: Publication, atom: dict[str, bytes]) -> PageSpec:
    """/du-lieu-mo/: what is published, every field, the licence, how often it changes, examples."""
    common = load_schema("common")
    records = Records(catalog, plans, publication)
    counts = {"products": len(catalog.products), "producers": len(catalog.producers), "events": len(catalog.events),
              "showrooms": len(catalog.showrooms), "plans": len(plans)}
    kinds = []
    for kind in KINDS:
        record_schema = load_schema(kind[:-1])
        descriptions = {f.name: f.description for f in fields(record_schema, common)}
        kinds.append({
            "key": kind, "title": KIND_TITLES[kind], "count": counts[kind], "list": api_list(kind),
            "record": api_record(kind, "{id}"), "list_schema": api_schema(kind), "record_schema": api_schema(kind[:-1]),
            "csv": api_csv(kind) if kind in CSV_COLUMNS else None,
            "fields": fields(record_schema, common),
            "columns": [(c.name, c.note or descriptions[c.field]) for c in CSV_COLUMNS.get(kind, ())],
        })
    example = records.product(catalog.products[0]) if catalog.products else None
    context = {
        "kinds": kinds, "api": API, "index": API_INDEX, "version": API_VERSION,
        "publication": publication, "today": catalog.today,
        "example": json.dumps(example, ensure_ascii=False, indent=2) if example else "",
        "example_path": api_record("products", catalog.products[0].slug) if catalog.products else "",
        "feeds": [(TITLES[path], path) for path in atom],
    }
    return PageSpec(OPEN_DATA, "Dữ liệu mở", "open_data.html", context,
                    "Dữ liệu mở về sản phẩm OCOP, chủ thể, hội chợ, điểm bán và kế hoạch: JSON, CSV, Atom; trường dữ liệu, giấy phép, cách dùng.",
                    in_nav=True)

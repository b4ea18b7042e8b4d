"""The readers of events and showrooms (``catalog/events/``, ``catalog/showrooms/``), which name products by id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import parse
from ..domain.model import Producer, Product
from ..domain.promotion import EVENT_KINDS, SHOWROOM_KINDS, Event, Participation, Registration, Showroom
from ..domain.text import fold, slugify
from ..support.suggest import Names
from .fields import Fields
from .record import Record
from .walk import Walk
from .yamlfile import Mapping

EVENT_FIELDS = (
    "id", "name", "kind", "start", "end", "venue", "address", "province", "url", "organizer", "contact",
    "registration", "description", "images", "products", "producers",
)
SHOWROOM_FIELDS = (
    "id", "name", "kind", "address", "province", "latitude", "longitude", "hours", "phone", "operator",
    "products", "description",
)
_EVENT_WORDS = {
    "fair": ("hoi cho",), "exhibition": ("trien lam",), "trade-week": ("tuan hang", "tuan le", "trade week"),
    "conference": ("hoi nghi", "hoi thao", "hoi nghi, hoi thao"), "online-fair": ("hoi cho truc tuyen", "truc tuyen", "online"),
}
_SHOWROOM_WORDS = {
    "station": ("nha ga", "ga", "ben xe", "nha ga, ben xe"), "airport": ("san bay", "cang hang khong"),
    "highway-rest-stop": ("tram dung nghi", "tram dung chan"), "mall-market": ("cho", "trung tam thuong mai", "sieu thi"),
    "tourist-site": ("khu du lich", "diem du lich", "khu, diem du lich"), "craft-village": ("lang nghe",),
    "fair-centre": ("trung tam hoi cho", "trung tam hoi cho, trien lam"), "post-office": ("buu dien", "buu cuc"),
    "other": ("khac", "dia diem khac"),
}
LATITUDE = (6.0, 24.0)  # Trường Sa reaches below 7°N
LONGITUDE = (102.0, 118.0)  # Trường Sa reaches 117°E


def _kind(table: dict[str, str], words: dict[str, tuple[str, ...]], what: str):
    def parse_kind(value: Any) -> str:
        folded = fold(str(value)).strip()
        for code, label in table.items():
            if folded in (code, fold(label)) or folded in words.get(code, ()):
                return code
        raise ValueError(f"'{value}' is not a kind of {what}; write one of: {', '.join(table)}")
    return parse_kind


def _required_kind(r: Record, table: dict[str, str], words: dict[str, tuple[str, ...]], what: str) -> str | None:
    if "kind" not in r.data:
        r.problem("kind", f"is required: one of {', '.join(table)}", r.data.line)
        return None
    return r.parsed("kind", _kind(table, words, what))


class PromotionReader:
    """Reads events and showrooms, which name the products (and producers) they show by id."""

    def __init__(self, fields: Fields, products: list[Product], producers: list[Producer]):
        self.fields = fields
        self.products = {p.slug: p for p in products}
        self.producers = {p.slug: p for p in producers}
        self.names = {"product": Names(self.products), "producer": Names(self.producers)}

    def read(self, walk: Walk) -> tuple[list[Event], list[Showroom]]:
        """The events and showrooms of the site, each product linked back to those that show it."""
        slug = lambda record: record.slug  # noqa: E731
        events = walk.read("events", self.event, slug)
        showrooms = walk.read("showrooms", self.showroom, slug)
        for event in sorted(events, key=lambda e: (e.start, e.id)):
            for taking_part in event.participants:
                taking_part.product.events.append((event, taking_part.booth))
        for showroom in showrooms:
            for product in showroom.products:
                product.showrooms.append(showroom)
        return events, showrooms

    def _refs(self, r: Record, name: str, index: dict[str, Any], kind: str) -> list[tuple[Any, str]]:
        """(record, booth) for each reference in a list field; unknown ids reported with a suggestion."""
        found, seen = [], set()
        for i, item, line in r.items(name):
            field = f"{name}[{i + 1}]"
            booth = ""
            if isinstance(item, Mapping):
                r.check_fields(item, ("id", "booth"), field + ".")
                ident = r.text("id", required=True, within=item, prefix=field + ".")
                booth = r.text("booth", within=item, prefix=field + ".")
            elif isinstance(item, (str, int)) and not isinstance(item, bool):
                ident = r.value_text(field, item, line)
                if ident == "":
                    r.problem(field, f"is empty; write a {kind} id or delete the line", line)
            else:
                r.problem(field, f"must be a {kind} id (or 'id' and 'booth')", line)
                continue
            if not ident:
                continue
            target = index.get(slugify(ident))
            if target is None:
                close = self.names[kind].closest(slugify(ident))
                hint = f"; did you mean '{close}'?" if close else ""
                r.problem(field, f"no {kind} with id '{ident}' in catalog/{kind}s/{hint}", line)
            elif target.slug in seen:
                r.problem(field, f"'{ident}' is listed twice", line)
            else:
                seen.add(target.slug)
                found.append((target, booth))
        return found

    def event(self, r: Record) -> Event | None:
        fields = self.fields
        r.check_fields(r.data, EVENT_FIELDS)
        ident = fields.identifier(r)
        name = r.text("name", required=True)
        kind = _required_kind(r, EVENT_KINDS, _EVENT_WORDS, "event")
        start = r.parsed("start", parse.moment) if "start" in r.data else None
        end = r.parsed("end", parse.moment) if r.data.get("end") else start
        if "start" not in r.data:
            r.problem("start", "is required: the first day (and time) of the event", r.data.line)
        if start and end and (end[0], end[1] or start[1] or dt.time()) < (start[0], start[1] or dt.time()):
            r.problem("end", f"{end[0]:%d/%m/%Y} is before the start {start[0]:%d/%m/%Y}")
        url = fields.url(r, "url")
        address, province = r.text("address"), r.text("province")
        place = fields.place(r, address, province) if (address or province) else None
        if kind == "online-fair":
            if not url and "url" not in r.data:
                r.problem("url", "is required for an online fair: the address of its platform", r.data.line)
        elif place is None and not (address or province):
            r.problem("province", "is required (or an address that ends with the province)", r.data.line)
        registration = self._registration(r)
        if registration.deadline and end and registration.deadline > end[0]:
            r.problem("registration.deadline", f"{registration.deadline:%d/%m/%Y} is after the event ends "
                      f"({end[0]:%d/%m/%Y})", r.data["registration"].line_of("deadline"))
        participants = self._refs(r, "products", self.products, "product")
        producers = self._refs(r, "producers", self.producers, "producer")
        if not ident or not start:
            return None
        return Event(
            id=ident, name=name, kind=kind or "fair", start=start[0], end=(end or start)[0], source=r.path,
            start_time=start[1], end_time=(end or start)[1] if end else None, venue=r.text("venue"), place=place,
            url=url, organizer=r.text("organizer"), contact=fields.contact(r), registration=registration,
            description=r.markdown("description"), images=fields.images(r, name),
            participants=[Participation(p, booth) for p, booth in participants],
            producers=[p for p, _ in producers],
        )

    def _registration(self, r: Record) -> Registration:
        data = r.mapping("registration")
        if data is None:
            return Registration()
        r.check_fields(data, ("url", "deadline"), "registration.")
        url = self.fields.url(r, "url", within=data, prefix="registration.")
        deadline = r.parsed("deadline", parse.date, within=data, prefix="registration.") if data.get("deadline") else None
        return Registration(url, deadline)

    def showroom(self, r: Record) -> Showroom | None:
        fields = self.fields
        r.check_fields(r.data, SHOWROOM_FIELDS)
        ident = fields.identifier(r)
        name = r.text("name", required=True)
        kind = _required_kind(r, SHOWROOM_KINDS, _SHOWROOM_WORDS, "showroom")
        address, province = r.text("address"), r.text("province")
        place = None
        if not (address or province):
            r.problem("address", "is required: where the showroom is", r.data.line)
        else:
            place = fields.place(r, address, province)
        latitude = r.parsed("latitude", lambda v: parse.coordinate(v, *LATITUDE, "latitude")) if "latitude" in r.data else None
        longitude = r.parsed("longitude", lambda v: parse.coordinate(v, *LONGITUDE, "longitude")) if "longitude" in r.data else None
        if (latitude is None) != (longitude is None) and ("latitude" in r.data) != ("longitude" in r.data):
            missing = "longitude" if "longitude" not in r.data else "latitude"
            r.problem(missing, "is required when the other coordinate is given", r.data.line)
        phone = fields.phone(r)
        products = self._refs(r, "products", self.products, "product")
        if not ident or place is None:
            return None
        return Showroom(
            id=ident, name=name, kind=kind or "other", place=place, source=r.path, latitude=latitude,
            longitude=longitude, hours=r.text("hours"), phone=phone, operator=r.text("operator"),
            description=r.markdown("description"), products=[p for p, _ in products],
        )

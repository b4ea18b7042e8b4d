"""The typed model of a catalog. Plain dataclasses: no MkDocs, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .places import Place, Province
from .reference.groups import Group, RuleSet, Subgroup
from .text import slugify, sort_key

EXPIRING_DAYS = 90
CERTIFICATE_MONTHS = 36

PRODUCER_KINDS = {
    "cooperative": "Hợp tác xã",
    "enterprise": "Doanh nghiệp",
    "household": "Hộ kinh doanh",
    "cooperative-group": "Tổ hợp tác",
}

STATUS_LABELS = {"valid": "Còn hiệu lực", "expiring": "Sắp hết hạn", "expired": "Hết hạn"}
"""What a certificate's status on a day (:meth:`Certificate.status`) is called on the site."""

CERTIFYING_LEVELS = {
    "district": "Cấp huyện",
    "province": "Cấp tỉnh",
    "central": "Cấp trung ương",
}


def national(stars: int) -> bool:
    """Whether a product of ``stars`` stars is a national OCOP product: 5 stars, recognised centrally."""
    return stars == 5


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Certificate:
    number: str
    date: dt.date
    issuer: str
    level: str
    expires: dt.date

    def status(self, today: dt.date) -> str:
        """"valid", "expiring" (within 90 days) or "expired" on ``today``."""
        if self.expires < today:
            return "expired"
        if (self.expires - today).days <= EXPIRING_DAYS:
            return "expiring"
        return "valid"


@dataclass(frozen=True)
class Image:
    path: Path  # absolute path of the source file
    alt: str
    digest: str  # sha256 of the file's bytes: the cache key of its renditions
    width: int
    height: int


@dataclass(frozen=True)
class Link:
    """Somewhere to buy: a shop, a market stall, an online store."""

    name: str
    address: str = ""
    url: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""


@dataclass
class Producer:
    id: str
    name: str
    kind: str
    source: Path
    place: Place | None = None
    address: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    description: str = ""  # sanitised HTML
    # Back-links, filled by Catalog: kept out of repr and == so the object graph's cycles
    # (product -> event -> product) never make a repr or comparison explode.
    products: list["Product"] = field(default_factory=list, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def kind_label(self) -> str:
        return PRODUCER_KINDS[self.kind]


@dataclass
class Product:
    id: str
    name: str
    group: Group
    subgroup: Subgroup | None
    stars: int
    certificate: Certificate
    place: Place
    source: Path
    name_en: str = ""
    producer: Producer | None = None
    description: str = ""  # sanitised HTML
    story: str = ""  # sanitised HTML
    summary: str = ""  # plain text, for cards and meta descriptions
    images: tuple[Image, ...] = ()
    packaging: str = ""
    price: int | None = None
    price_unit: str = ""
    price_text: str = ""
    where_to_buy: tuple[Link, ...] = ()
    contact: Contact = Contact()
    tags: tuple[str, ...] = ()
    # Back-links filled by the loader: (event, booth) pairs and showrooms (see Producer.products).
    events: list = field(default_factory=list, repr=False, compare=False)
    showrooms: list = field(default_factory=list, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def province(self) -> Province:
        return self.place.province

    @property
    def national(self) -> bool:
        """A national OCOP product (recognised centrally): see :func:`national`."""
        return national(self.stars)

    @property
    def contact_details(self) -> Contact:
        """Whom a buyer contacts: the product's own contact, its phone and e-mail completed from its
        producer's where the product gives none."""
        own, producer = self.contact, self.producer
        if producer is None:
            return own
        return Contact(own.phone or producer.phone, own.email or producer.email, own.website, own.address)

    def upcoming_events(self, today: dt.date) -> list:
        """(event, booth) of the events where the product can still be met on ``today``."""
        return [(event, booth) for event, booth in self.events if event.end >= today]


@dataclass
class Catalog:
    rules: RuleSet
    today: dt.date
    products: list[Product]
    producers: list[Producer]
    events: list = field(default_factory=list)  # promotion.Event, by start date
    showrooms: list = field(default_factory=list)  # promotion.Showroom

    def __repr__(self) -> str:
        return (f"Catalog({len(self.products)} products, {len(self.producers)} producers, "
                f"{len(self.events)} events, {len(self.showrooms)} showrooms, today={self.today})")

    def __post_init__(self) -> None:
        self.events.sort(key=lambda e: (e.start, e.id))
        self.showrooms.sort(key=lambda s: (sort_key(s.province.short), sort_key(s.name), s.id))
        self.products.sort(key=lambda p: (-p.stars, sort_key(p.name), p.id))
        self.producers.sort(key=lambda p: (sort_key(p.name), p.id))
        for producer in self.producers:
            producer.products = []
        for product in self.products:
            if product.producer is not None:
                product.producer.products.append(product)

    def index_by_province(self) -> dict[str, list[Product]]:
        """Products by province code, built once (related-product look-ups stay linear)."""
        if not hasattr(self, "_by_province"):
            index: dict[str, list[Product]] = {}
            for product in self.products:
                index.setdefault(product.province.code, []).append(product)
            self._by_province = index
        return self._by_province

    @property
    def provinces(self) -> list[Province]:
        seen = {p.province.code: p.province for p in self.products}
        return sorted(seen.values(), key=lambda p: sort_key(p.short))

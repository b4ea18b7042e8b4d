"""The readers of products and producers (``catalog/products/``, ``catalog/producers/``): each record
checked field by field into the domain's :class:`~generator.domain.model.Product` or
:class:`~generator.domain.model.Producer`; references to other records are resolved by
:mod:`generator.records.loader` once every record is read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain import parse
from ..domain.model import CERTIFICATE_MONTHS, Certificate, Producer, Product, add_months
from ..domain.reference.groups import RuleSet
from . import markup
from .fields import Fields
from .record import Record

PRODUCT_FIELDS = (
    "id", "name", "name_en", "group", "subgroup", "stars", "certificate", "producer", "province", "address",
    "description", "story", "images", "packaging", "price", "where_to_buy", "contact", "tags",
)
CERTIFICATE_FIELDS = ("number", "date", "issuer", "level", "expires")
PRODUCER_FIELDS = (
    "id", "name", "kind", "province", "address", "representative", "phone", "email", "website", "description",
)


@dataclass
class Pending:
    """A product read, with the producer it names (resolved once every producer is read)."""

    product: Product
    record: Record
    producer_ref: str


class ProductReader:
    def __init__(self, fields: Fields, rules: RuleSet, today: dt.date):
        self.fields = fields
        self.rules = rules
        self.today = today

    def producer(self, r: Record) -> Producer | None:
        r.check_fields(r.data, PRODUCER_FIELDS)
        ident = self.fields.identifier(r)
        name = r.text("name", required=True)
        kind = r.parsed("kind", parse.producer_kind) if "kind" in r.data else None
        if "kind" not in r.data:
            r.problem("kind", "is required: cooperative, enterprise, household or cooperative-group", r.data.line)
        address = r.text("address")
        province = r.text("province")
        place = self.fields.place(r, address, province) if (address or province) else None
        email = self.fields.email(r)
        phone = self.fields.phone(r)
        website = self.fields.url(r, "website")
        if not ident:
            return None
        return Producer(
            id=ident, name=name, kind=kind or "household", source=r.path, place=place, address=address,
            representative=r.text("representative"), phone=phone, email=email, website=website,
            description=r.markdown("description"),
        )

    def product(self, r: Record) -> Pending | None:
        r.check_fields(r.data, PRODUCT_FIELDS)
        ident = self.fields.identifier(r)
        name = r.text("name", required=True)
        group_text = r.text("group", required=True)
        group = self.rules.group(group_text) if group_text else None
        if group_text and group is None:
            choices = ", ".join(g.code for g in self.rules.groups)
            r.problem("group", f"unknown product group '{group_text}' under {self.rules.decision}; use one of: {choices}")
        subgroup = None
        sub_text = r.text("subgroup")
        if sub_text and group is not None:
            subgroup = group.subgroup(sub_text)
            if subgroup is None:
                choices = ", ".join(s.code for s in group.subgroups)
                r.problem("subgroup", f"unknown subgroup '{sub_text}' of {group.name}; use one of: {choices}")
        stars = r.parsed("stars", parse.stars) if "stars" in r.data else None
        if "stars" not in r.data:
            r.problem("stars", "is required: 3, 4 or 5", r.data.line)
        certificate = self._certificate(r, stars)
        address = r.text("address")
        province = r.text("province")
        place = None
        if not address and not province:
            r.problem("province", "is required (or an address that ends with the province)", r.data.line)
        else:
            place = self.fields.place(r, address, province)
        description = r.markdown("description")
        price, price_unit, price_text = None, "", ""
        if r.data.get("price") not in (None, ""):
            raw = r.data["price"]
            parsed_price = r.parsed("price", parse.price)
            if parsed_price:
                price, price_unit = parsed_price
                price_text = "" if isinstance(raw, int) else str(raw)
        product = Product(
            id=ident, name=name, name_en=r.text("name_en"), group=group, subgroup=subgroup, stars=stars or 0,
            certificate=certificate, place=place, source=r.path, description=description,
            story=r.markdown("story"), summary=markup.plain(description, 180),
            images=self.fields.images(r, name), packaging=r.text("packaging"), price=price, price_unit=price_unit,
            price_text=price_text, where_to_buy=self.fields.shops(r), contact=self.fields.contact(r), tags=self.fields.tags(r),
        )
        if not ident:
            return None
        return Pending(product, r, r.text("producer"))

    def _certificate(self, r: Record, stars: int | None) -> Certificate | None:
        if r.data.get("certificate") in (None, ""):  # absent, or 'certificate:' with nothing under it
            line = r.data.line_of("certificate") if "certificate" in r.data else r.data.line
            r.problem("certificate", "is required: the decision that certified the product (number, date, issuer)", line)
            return None
        cert = r.mapping("certificate")
        if cert is None:
            return None
        r.check_fields(cert, CERTIFICATE_FIELDS, "certificate.")
        number = r.text("number", required=True, within=cert, prefix="certificate.")
        issuer = r.text("issuer", required=True, within=cert, prefix="certificate.")
        signed = r.parsed("date", parse.date, within=cert, prefix="certificate.") if "date" in cert else None
        if "date" not in cert:
            r.problem("certificate.date", "is required", cert.line)
        if signed and signed > self.today:
            r.problem("certificate.date", f"{signed:%d/%m/%Y} is in the future (build date {self.today:%d/%m/%Y})", cert.line_of("date"))
        expected = self.rules.certifying_level.get(stars) if stars else None
        level = r.text("level", within=cert, prefix="certificate.") or expected or ""
        if level and level not in ("district", "province", "central"):
            r.problem("certificate.level", f"'{level}' is not a level; write district, province or central", cert.line_of("level"))
        elif level and expected and level != expected:
            r.problem(
                "certificate.level",
                f"{stars}-star products are certified at {expected} level under {self.rules.decision}, not {level}",
                cert.line_of("level"),
            )
        expires = r.parsed("expires", parse.date, within=cert, prefix="certificate.") if cert.get("expires") else None
        if signed and expires and expires <= signed:
            r.problem("certificate.expires", "must be after the certificate date", cert.line_of("expires"))
        if not (number and issuer and signed):
            return None
        return Certificate(number, signed, issuer, level, expires or add_months(signed, CERTIFICATE_MONTHS))

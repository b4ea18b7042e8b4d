"""schema.org structured data (JSON-LD) for the pages of products, producers, fairs, showrooms and plans.

Search engines and aggregators read these to understand a page. An OCOP star rating is an
official certification, not a customer opinion: it is published as the product's ``award``
and ``hasCertification``, never as ``aggregateRating`` or ``review`` (which would claim that
buyers rated it, and which search engines penalise when made up by the publisher).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from ..domain.model import Producer, Product
from ..domain.plans import Plan
from ..domain.promotion import Event, Showroom
from ..records.markup import plain
from ..site.archive import plan_path
from ..site.promotion import VIETNAM
from ..site.publication import Publication
from ..site.urls import event_path, photo, producer_path, product_path, province_path, showroom_path

CONTEXT = "https://schema.org"


def _address(place) -> dict | None:
    if place is None:
        return None
    address = {"@type": "PostalAddress", "addressRegion": place.province.name, "addressCountry": "VN"}
    if place.commune:
        address["addressLocality"] = place.commune.name
    if place.street:
        address["streetAddress"] = place.street
    return address


def _clean(value: Any) -> Any:
    """Drop empty values, so that no property is published without content."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def award(product: Product) -> str:
    scope = "cấp quốc gia" if product.national else ""
    return " ".join(x for x in (f"Sản phẩm OCOP {product.stars} sao", scope) if x)


class LinkedData:
    def __init__(self, publication: Publication, today: dt.date):
        self.pub, self.today = publication, today

    def organization(self, producer: Producer) -> dict:
        return {
            "@type": "Organization", "@id": self.pub.absolute(producer_path(producer)) + "#chu-the",
            "name": producer.name, "url": self.pub.absolute(producer_path(producer)),
            "address": _address(producer.place),
            "telephone": producer.phone, "email": producer.email, "sameAs": producer.website,
        }

    def product(self, p: Product, share_image: str = "") -> dict:
        c = p.certificate
        images = [self.pub.absolute(photo(i)) for i in p.images]
        data = {
            "@context": CONTEXT, "@type": "Product", "@id": self.pub.absolute(product_path(p)) + "#san-pham",
            "name": p.name, "alternateName": p.name_en, "description": p.summary,
            "url": self.pub.absolute(product_path(p)),
            "image": images or ([self.pub.absolute(share_image)] if share_image else []),
            "category": " > ".join(x for x in (p.group.name, p.subgroup.name if p.subgroup else "") if x),
            "keywords": ", ".join(p.tags),
            "countryOfOrigin": {"@type": "Country", "name": "Việt Nam"},
            "award": award(p),
            "hasCertification": {
                "@type": "Certification",
                "name": f"Chứng nhận sản phẩm OCOP {p.stars} sao",
                "certificationIdentification": c.number,
                "issuedBy": {"@type": "GovernmentOrganization", "name": c.issuer},
                "validFrom": c.date.isoformat(), "expires": c.expires.isoformat(),
                "certificationStatus": ("https://schema.org/CertificationActive" if c.status(self.today) != "expired"
                                        else "https://schema.org/CertificationInactive"),
            },
            "manufacturer": self.organization(p.producer) if p.producer else None,
        }
        if p.price:
            data["offers"] = {"@type": "Offer", "price": p.price, "priceCurrency": "VND",
                              "url": self.pub.absolute(product_path(p))}
        return _clean(data)

    def producer(self, producer: Producer) -> dict:
        data = self.organization(producer)
        data.update({"@context": CONTEXT, "description": plain(producer.description, 300),
                     "owns": [{"@type": "Product", "name": p.name, "url": self.pub.absolute(product_path(p)),
                               "award": award(p)} for p in producer.products]})
        return _clean(data)

    def event(self, e: Event) -> dict:
        def moment(day: dt.date, time: dt.time | None) -> str:
            return dt.datetime.combine(day, time, VIETNAM).isoformat() if time else day.isoformat()

        online = e.kind == "online-fair"
        location: dict | list
        if online:
            location = {"@type": "VirtualLocation", "url": e.url}
        else:
            location = {"@type": "Place", "name": e.venue or (e.place.current if e.place else ""),
                        "address": _address(e.place)}
        return _clean({
            "@context": CONTEXT, "@type": "ExhibitionEvent" if e.kind in ("fair", "exhibition") else "BusinessEvent",
            "@id": self.pub.absolute(event_path(e)) + "#su-kien",
            "name": e.name, "url": self.pub.absolute(event_path(e)), "description": plain(e.description, 300),
            "startDate": moment(e.start, e.start_time), "endDate": moment(e.end, e.end_time or (dt.time(23, 59) if e.start_time else None)),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": ("https://schema.org/OnlineEventAttendanceMode" if online
                                    else "https://schema.org/OfflineEventAttendanceMode"),
            "location": location,
            "image": [self.pub.absolute(photo(i)) for i in e.images],
            "organizer": {"@type": "Organization", "name": e.organizer} if e.organizer else None,
            "sameAs": e.url if not online else None,
        })

    def showroom(self, s: Showroom) -> dict:
        point = s.coordinates
        return _clean({
            "@context": CONTEXT, "@type": "Store", "@id": self.pub.absolute(showroom_path(s)) + "#diem-ban",
            "name": s.name, "url": self.pub.absolute(showroom_path(s)), "description": plain(s.description, 300),
            "address": _address(s.place), "telephone": s.phone,
            "geo": {"@type": "GeoCoordinates", "latitude": point[0], "longitude": point[1]} if point else None,
            "parentOrganization": {"@type": "Organization", "name": s.operator} if s.operator else None,
        })

    def plan(self, plan: Plan) -> dict:
        force = {"in-force": "InForce", "expired": "NotInForce", "replaced": "NotInForce"}[plan.status]
        return _clean({
            "@context": CONTEXT, "@type": "Legislation", "@id": self.pub.absolute(plan_path(plan)) + "#van-ban",
            "name": f"{plan.heading}: {plan.title}", "url": self.pub.absolute(plan_path(plan)),
            "legislationIdentifier": plan.number, "legislationType": plan.type,
            "legislationDate": plan.signed.isoformat(),
            "legislationDateVersion": plan.effective.isoformat() if plan.effective else None,
            "legislationPassedBy": {"@type": "GovernmentOrganization", "name": plan.issuer},
            "legislationJurisdiction": ({"@type": "AdministrativeArea", "name": plan.province.name,
                                         "url": self.pub.absolute(province_path(plan.province))}
                                        if plan.province else {"@type": "Country", "name": "Việt Nam"}),
            "legislationLegalForce": f"https://schema.org/{force}",
            "inLanguage": "vi", "about": plan.field,
            "author": {"@type": "Person", "name": plan.signer, "jobTitle": plan.signer_title} if plan.signer else None,
            "isBasedOn": [self.pub.absolute(plan_path(target)) for _, target in plan.cites if target is not None],
            "associatedMedia": [{"@type": "MediaObject", "name": a.title, "contentUrl": self.pub.absolute(a.path),
                                 "contentSize": f"{a.size} B"} for a in plan.attachments],
        })

    def website(self, search_path: str) -> dict:
        return {
            "@context": CONTEXT, "@type": "WebSite", "name": self.pub.name, "url": self.pub.absolute(""),
            "inLanguage": "vi",
            "potentialAction": {"@type": "SearchAction",
                                "target": {"@type": "EntryPoint", "urlTemplate": self.pub.absolute(search_path) + "?q={q}"},
                                "query-input": "required name=q"},
        }


def script(data: dict) -> Markup:
    """A JSON-LD ``<script>`` element; "<" is escaped so no text in the data can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')

"""Trade promotion: fairs and other events, and the showrooms that sell OCOP products."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .model import Contact, Image, Producer, Product
from .places import Place
from .text import slugify

EVENT_KINDS = {
    "fair": "Hội chợ",
    "exhibition": "Triển lãm",
    "trade-week": "Tuần hàng",
    "conference": "Hội nghị, hội thảo",
    "online-fair": "Hội chợ trực tuyến",
}
# The kinds of location in the Ministry of Industry and Trade's criteria for
# "Điểm giới thiệu và bán sản phẩm OCOP".
SHOWROOM_KINDS = {
    "station": "Nhà ga, bến xe",
    "airport": "Cảng hàng không",
    "highway-rest-stop": "Trạm dừng nghỉ",
    "mall-market": "Trung tâm thương mại, chợ",
    "tourist-site": "Khu, điểm du lịch",
    "craft-village": "Làng nghề",
    "fair-centre": "Trung tâm hội chợ, triển lãm",
    "post-office": "Bưu điện",
    "other": "Địa điểm khác",
}
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # events' times are Vietnam's; no daylight saving time
EVENT_STATUS = {"ongoing": "Đang diễn ra", "upcoming": "Sắp diễn ra", "past": "Đã diễn ra"}


@dataclass(frozen=True)
class Registration:
    url: str = ""
    deadline: dt.date | None = None

    def status(self, today: dt.date) -> str:
        """"open" until the end of its deadline's day, then "closed" (open without a deadline)."""
        return "closed" if self.deadline is not None and self.deadline < today else "open"


@dataclass
class Participation:
    product: Product
    booth: str = ""


@dataclass
class Event:
    id: str
    name: str
    kind: str
    start: dt.date
    end: dt.date
    source: Path
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    place: Place | None = None
    url: str = ""
    organizer: str = ""
    contact: Contact = Contact()
    registration: Registration = Registration()
    description: str = ""  # sanitised HTML
    images: tuple[Image, ...] = ()
    participants: list[Participation] = field(default_factory=list)
    producers: list[Producer] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def province(self):
        return self.place.province if self.place else None

    def status(self, today: dt.date) -> str:
        if self.end < today:
            return "past"
        return "ongoing" if self.start <= today else "upcoming"

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[self.kind]


@dataclass
class Showroom:
    id: str
    name: str
    kind: str
    place: Place
    source: Path
    latitude: float | None = None
    longitude: float | None = None
    hours: str = ""
    phone: str = ""
    operator: str = ""
    description: str = ""
    products: list[Product] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def province(self):
        return self.place.province

    @property
    def kind_label(self) -> str:
        return SHOWROOM_KINDS[self.kind]

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        commune = self.place.commune
        return (commune.latitude, commune.longitude) if commune else None

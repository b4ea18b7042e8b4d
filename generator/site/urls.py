"""Every address the site publishes, made in one place: pages, photos, data, feeds, calendars, QR codes
and short links. Sections and templates ask here (templates through the renderer's filters) and
never write a path themselves, so an address changes in one place and two kinds of page can be
checked not to claim the same one.
"""

from __future__ import annotations

import re

from ..domain.model import Image, Producer, Product
from ..domain.places import Province
from ..domain.plans import Plan
from ..domain.promotion import Event
from ..domain.reference.groups import Group
from .photos import largest

IMAGE_DIR = "anh"
CATALOG_DATA = "san-pham/du-lieu.json"  # see browser_data
SEARCH_DATA = "tim-kiem/du-lieu.json"
EVENTS = "hoi-cho/"
SHOWROOMS = "diem-ban/"
PLANS = "ke-hoach/"
STATISTICS = "thong-ke/"

RESERVED_IDS = {
    # record folder: the ids whose address one of the site's own pages takes in the same folder
    "products": re.compile(r"trang-\d+"),  # san-pham/trang-2/: the catalog's second page
    "producers": re.compile(r"trang-\d+"),  # chu-the/trang-2/: the producer directory's second page
    "events": re.compile(r"lich|tinh|loai"),  # hoi-cho/lich/: the calendar; hoi-cho/tinh/...: listings
    "plans": re.compile(r"tinh|cap|loai|co-quan|trang"),  # ke-hoach/tinh/...: the archive's own listings
}


def product_path(product: Product) -> str:
    return f"san-pham/{product.slug}/"


def producer_path(producer: Producer) -> str:
    return f"chu-the/{producer.slug}/"


def province_path(province: Province) -> str:
    return f"tinh/{province.slug}/"


def producers_path(province: Province | None = None) -> str:
    """The producer directory: the whole catalog's, or a province's (a producer's own page is at
    chu-the/<slug>/, so a province's list lives under the province, where no producer slug can clash)."""
    return f"{province_path(province)}chu-the/" if province else "chu-the/"


def group_path(group: Group) -> str:
    return f"nhom/{group.slug}/"


def stars_path(stars: int) -> str:
    return f"sao/{stars}/"


def event_path(event) -> str:
    return f"{EVENTS}{event.slug}/"


def showroom_path(showroom) -> str:
    return f"{SHOWROOMS}{showroom.slug}/"


def path_of(item) -> str:
    """The page about a model object a statistics row names, or "" when it has none."""
    if isinstance(item, Province):
        return province_path(item)
    if isinstance(item, Group):
        return group_path(item)
    if isinstance(item, Product):
        return product_path(item)
    if isinstance(item, Event):
        return event_path(item)
    if isinstance(item, Plan):
        return f"{PLANS}{item.slug}/"
    if isinstance(item, int) and item in (3, 4, 5):
        return stars_path(item)
    return ""


def short_path(product: Product) -> str:
    return f"p/{product.slug}/"


def qr_path(product: Product) -> str:
    return f"{product_path(product)}qr.svg"


def province_feed(province) -> str:
    return f"{EVENTS}lich-{province.slug}.ics"


def photo(image: Image) -> str:
    """The photo a page links to, shares and prints: its widest rendition, in JPEG."""
    return f"{IMAGE_DIR}/{largest(image).jpeg}"

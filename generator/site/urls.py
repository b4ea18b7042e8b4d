"""Every address the site publishes, made in one place: pages, photos, data, feeds, calendars, QR codes
and short links. The site's sections and the renderer (whose filters give templates these
addresses) ask here and never write a path themselves, so an address changes in one place, and the
ids that one of the site's own pages takes are known here too (:data:`RESERVED_IDS`).

Addresses are relative to the site's root, folders end in "/"; the renderer makes them relative to
each page, :meth:`~generator.site.publication.Publication.absolute` makes them absolute.
"""

from __future__ import annotations

import re

from ..domain.model import Image, Producer, Product
from ..domain.places import Province
from ..domain.plans import Plan
from ..domain.promotion import Event, Showroom
from ..domain.reference.groups import Group
from ..domain.text import slugify
from .photos import largest

HOME = ""
CATALOG = "san-pham/"
CATALOG_DATA = "san-pham/du-lieu.json"  # see site.search_data
PRODUCTS_FEED = "san-pham/moi-cong-nhan.xml"
STARS = "sao/"
GROUPS = "nhom/"
PROVINCES = "tinh/"
PRODUCERS = "chu-the/"
SEARCH = "tim-kiem/"
SEARCH_DATA = "tim-kiem/du-lieu.json"
EVENTS = "hoi-cho/"
EVENTS_CALENDAR = "hoi-cho/lich/"
EVENTS_FEED = "hoi-cho/lich.ics"
SHOWROOMS = "diem-ban/"
PLANS = "ke-hoach/"
PLANS_FEED = "ke-hoach/moi-ban-hanh.xml"
STATISTICS = "thong-ke/"
OPEN_DATA = "du-lieu-mo/"
API_VERSION = 1
API = f"api/v{API_VERSION}/"
API_INDEX = f"{API}index.json"
API_SCHEMAS = f"{API}schemas/"
EMBED = "nhung/"
EMBED_LOADER = f"{EMBED}embed.js"
EMBED_GUIDE = "nhung-danh-muc/"
IMAGE_DIR = "anh"

RESERVED_IDS = {
    # record folder: the ids whose address one of the site's own pages takes in the same folder
    "products": re.compile(r"trang-\d+"),  # san-pham/trang-2/: the catalog's second page
    "producers": re.compile(r"trang-\d+"),  # chu-the/trang-2/: the producer directory's second page
    "events": re.compile(r"lich|tinh|loai"),  # hoi-cho/lich/: the calendar; hoi-cho/tinh/...: listings
    "plans": re.compile(r"tinh|cap|loai|co-quan|trang"),  # ke-hoach/tinh/...: the archive's own listings
}


def page_number(base: str, number: int) -> str:
    """The address of page ``number`` of a listing at ``base``."""
    return base if number == 1 else f"{base}trang-{number}/"


# -- the catalog --------------------------------------------------------------------------------

def product_path(product: Product) -> str:
    return f"{CATALOG}{product.slug}/"


def producer_path(producer: Producer) -> str:
    return f"{PRODUCERS}{producer.slug}/"


def province_path(province: Province) -> str:
    return f"{PROVINCES}{province.slug}/"


def producers_path(province: Province | None = None) -> str:
    """The producer directory: the whole catalog's, or a province's (a producer's own page is at
    chu-the/<slug>/, so a province's list lives under the province, where no producer slug can clash)."""
    return f"{province_path(province)}{PRODUCERS}" if province else PRODUCERS


def group_path(group: Group) -> str:
    return f"{GROUPS}{group.slug}/"


def stars_path(stars: int) -> str:
    return f"{STARS}{stars}/"


def short_path(product: Product) -> str:
    """The permanent short address of a product (its QR code's), which leads to its page."""
    return f"p/{product.slug}/"


def qr_path(product: Product) -> str:
    return f"{product_path(product)}qr.svg"


def photo(image: Image) -> str:
    """The photo a page links to, shares and prints: its widest rendition, in JPEG."""
    return f"{IMAGE_DIR}/{largest(image).jpeg}"


def image_file(name: str) -> str:
    """A file of the site's image folder (a rendition, a social card), by its name."""
    return f"{IMAGE_DIR}/{name}"


# -- trade promotion ----------------------------------------------------------------------------

def event_path(event: Event) -> str:
    return f"{EVENTS}{event.slug}/"


def event_calendar(event: Event) -> str:
    """The iCalendar file of one event."""
    return f"{event_path(event)}su-kien.ics"


def booth_sheets(event: Event) -> str:
    """The printable booth sheets of an event's products, one A4 page each."""
    return f"{event_path(event)}in/"


def qr_labels(event: Event) -> str:
    """The printable sheet of QR code labels of an event's products."""
    return f"{event_path(event)}nhan/"


def events_facet(kind: str, label: str) -> str:
    """The fairs of a province ("tinh") or of a kind ("loai"), by the label the listing shows."""
    return f"{EVENTS}{kind}/{slugify(label)}/"


def province_feed(province: Province) -> str:
    """The iCalendar feed of a province's fairs."""
    return f"{EVENTS}lich-{province.slug}.ics"


def showroom_path(showroom: Showroom) -> str:
    return f"{SHOWROOMS}{showroom.slug}/"


# -- plans ----------------------------------------------------------------------------------------

def plan_path(plan: Plan) -> str:
    return f"{PLANS}{plan.slug}/"


def plans_facet(kind: str, label: str) -> str:
    """The plans of a province, level, type or issuer ("tinh", "cap", "loai", "co-quan"), by its label."""
    return f"{PLANS}{kind}/{slugify(label)}/"


# -- open data ------------------------------------------------------------------------------------

def api_list(kind: str) -> str:
    return f"{API}{kind}.json"


def api_record(kind: str, slug: str) -> str:
    return f"{API}{kind}/{slug}.json"


def api_csv(kind: str) -> str:
    return f"{API}{kind}.csv"


def api_schema(name: str) -> str:
    return f"{API_SCHEMAS}{name}.schema.json"


def path_of(item) -> str:
    """The page about a record, a province, a group or a star level (3, 4, 5), or "" when it has none."""
    if isinstance(item, Province):
        return province_path(item)
    if isinstance(item, Group):
        return group_path(item)
    if isinstance(item, Product):
        return product_path(item)
    if isinstance(item, Producer):
        return producer_path(item)
    if isinstance(item, Event):
        return event_path(item)
    if isinstance(item, Showroom):
        return showroom_path(item)
    if isinstance(item, Plan):
        return plan_path(item)
    if isinstance(item, int) and item in (3, 4, 5):
        return stars_path(item)
    return ""

"""Fields several kinds of record share, read and checked the same way in each: the id, the place
(an address matched against the administrative units), web addresses, phone numbers, a contact,
photos, where to buy, tags."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.model import Contact, Image, Link
from ..domain.places import PlaceError, registry
from ..domain.text import slugify
from . import photos
from .memo import Memo
from .record import Record, contained
from .yamlfile import Mapping, Sequence

CONTACT_FIELDS = ("phone", "email", "website", "address")
SHOP_FIELDS = ("name", "address", "url", "phone")
IMAGE_FIELDS = ("file", "alt")
MAX_ID = 80
"""An id names a folder of the published site; file systems stop at 255 bytes, readers much earlier."""

_EMAIL = re.compile(r"[^@\s<>\"'(),;:\\\[\]]+@[^@\s<>\"'(),;:\\\[\]]+\.[^@\s<>\"'(),;:\\\[\]]+")
_URL = re.compile(r"https?://[^\s/<>\"\\]+\.[^\s<>\"\\]+")
_PHONE = re.compile(r"\+?[\d\s.()\-]{8,20}")


class Fields:
    """The shared field readers of one load of a site: the place registry, the photos of
    ``catalog_dir`` (each decoded once, however many records show it) and the memo."""

    def __init__(self, catalog_dir: Path, memo: Memo | None = None):
        self.catalog_dir = catalog_dir
        self.memo = memo
        self.places = registry()
        self._checked: dict[Path, photos.Checked] = {}

    def identifier(self, r: Record) -> str:
        ident = r.text("id", required=True)
        if ident and not slugify(ident):
            r.problem("id", f"'{ident}' has no letters or digits to make a web address from")
            return ""
        if len(slugify(ident)) > MAX_ID:
            r.problem("id", f"is {len(slugify(ident))} characters as a web address; at most {MAX_ID} are allowed")
            return ""
        return ident

    def place(self, r: Record, address: str, province: str):
        try:
            hint = self.places.province(province)[0] if province else None
        except PlaceError as exc:
            r.problem("province", f"{exc}: name one of the 34 provinces, or a former province")
            return None
        try:
            place = self.places.resolve(address, province) if address else self.places.resolve("", province)
        except PlaceError as exc:
            r.problem("address", str(exc))
            return None
        if hint is not None and place.province != hint:
            r.problem("province", f"says {hint.short} but the address is in {place.province.short}")
        return place

    def phone(self, r: Record, name: str = "phone", *, within: Mapping | None = None, prefix: str = "") -> str:
        return self._checked_text(r, name, within, prefix, _PHONE, "is not a phone number")

    def email(self, r: Record, name: str = "email", *, within: Mapping | None = None, prefix: str = "") -> str:
        return self._checked_text(r, name, within, prefix, _EMAIL, "is not an e-mail address")

    def url(self, r: Record, name: str, *, within: Mapping | None = None, prefix: str = "") -> str:
        """A web address; "" (reported) when it is not one starting with https:// or http://."""
        value = self._checked_text(r, name, within, prefix, _URL, "is not a web address starting with https:// or http://")
        return value if _URL.fullmatch(value) else ""

    @staticmethod
    def _checked_text(r: Record, name: str, within: Mapping | None, prefix: str, pattern: re.Pattern, says: str) -> str:
        value = r.text(name, within=within, prefix=prefix)
        if value and not pattern.fullmatch(value):
            r.problem(prefix + name, f"'{value}' {says}", (r.data if within is None else within).line_of(name))
        return value

    def images(self, r: Record, name: str) -> tuple[Image, ...]:
        found = []
        for i, item, line in r.items("images"):
            field = f"images[{i + 1}]"
            if isinstance(item, Mapping):
                r.check_fields(item, IMAGE_FIELDS, field + ".")
                rel = r.text("file", required=True, within=item, prefix=field + ".")
                alt = r.text("alt", within=item, prefix=field + ".")
                if not rel:
                    continue
            elif isinstance(item, (str, int)) and not isinstance(item, bool):
                rel, alt = r.value_text(field, item, line), ""
                if rel is None:
                    continue
            else:
                r.problem(field, "must be a file name, or 'file:' and 'alt:'", line)
                continue
            path = self._inside_catalog(r, field, rel, line)
            if path is None:
                continue
            try:
                checked = self._checked.get(path) or self._checked.setdefault(path, photos.check(path, self.memo))
            except photos.ImageProblem as exc:
                r.problem(field, f"{rel}: {exc}", line)
                continue
            found.append(Image(path, alt or name, checked.digest, checked.width, checked.height))
        return tuple(found)

    def _inside_catalog(self, r: Record, field: str, rel: str, line: int) -> Path | None:
        try:
            return contained(self.catalog_dir, rel)
        except ValueError as exc:
            r.problem(field, str(exc), line)
            return None

    def shops(self, r: Record) -> tuple[Link, ...]:
        shops = []
        for i, item, line in r.items("where_to_buy"):
            field = f"where_to_buy[{i + 1}]"
            if isinstance(item, Mapping):
                r.check_fields(item, SHOP_FIELDS, field + ".")
                name = r.text("name", required=True, within=item, prefix=field + ".")
                url = self.url(r, "url", within=item, prefix=field + ".")
                phone = self.phone(r, within=item, prefix=field + ".")
                shops.append(Link(name, r.text("address", within=item, prefix=field + "."), url, phone))
            elif isinstance(item, str):
                name = r.value_text(field, item, line)
                if name == "":
                    r.problem(field, "is empty; write the shop's name or delete the line", line)
                elif name:
                    shops.append(Link(name))
            else:
                r.problem(field, "must be a shop name, or name/address/url/phone", line)
        return tuple(shops)

    def contact(self, r: Record) -> Contact:
        contact = r.mapping("contact")
        if contact is None:
            return Contact()
        r.check_fields(contact, CONTACT_FIELDS, "contact.")
        email = self.email(r, within=contact, prefix="contact.")
        phone = self.phone(r, within=contact, prefix="contact.")
        website = self.url(r, "website", within=contact, prefix="contact.")
        return Contact(phone, email, website, r.text("address", within=contact, prefix="contact."))

    def tags(self, r: Record) -> tuple[str, ...]:
        tags = []
        for i, item, line in r.items("tags"):
            field = f"tags[{i + 1}]"
            tag = "" if item is None or isinstance(item, (Mapping, Sequence)) else r.value_text(field, item, line)
            if tag == "":
                r.problem(field, "must be a word or short phrase", line)
            elif tag:
                tags.append(tag)
        return tuple(tags)

"""Load and validate a site's catalog/ folder into the typed model.

Every record is read, every problem is collected (never only the first), and a
record with a problem is still reported rather than dropped: the caller refuses
to publish while any problem remains, so a typo can never silently remove a
product from the public site. Work is linear in the number of records.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..domain import parse
from ..domain.model import CERTIFICATE_MONTHS, Catalog, Certificate, Contact, Image, Link, Producer, Product, add_months
from ..domain.places import PlaceError, registry
from ..domain.reference.groups import RuleSet
from ..domain.text import slugify, text_block, text_line
from ..support.parallel import fork_map
from ..support.suggest import Names
from . import markup, photos
from .memo import Memo, digest
from .problems import Problems
from .yamlfile import Mapping, Sequence, YamlError, decode, from_plain, parse_mapping, read_bytes, to_plain

PRODUCT_FIELDS = (
    "id", "name", "name_en", "group", "subgroup", "stars", "certificate", "producer", "province", "address",
    "description", "story", "images", "packaging", "price", "where_to_buy", "contact", "tags",
)
CERTIFICATE_FIELDS = ("number", "date", "issuer", "level", "expires")
PRODUCER_FIELDS = (
    "id", "name", "kind", "province", "address", "representative", "phone", "email", "website", "description",
)
CONTACT_FIELDS = ("phone", "email", "website", "address")
SHOP_FIELDS = ("name", "address", "url", "phone")
IMAGE_FIELDS = ("file", "alt")
RECORD_SUFFIXES = (".yaml", ".yml")
PARALLEL_FROM = 400  # records read in forked workers from this many files of a kind
MAX_ID = 80
"""An id names a folder of the published site; file systems stop at 255 bytes, readers much earlier."""

RESERVED_IDS = {
    # folder: ids whose address is taken by the site's own pages in the same folder
    "products": re.compile(r"trang-\d+"),  # /san-pham/trang-2/: the catalog's second page
    "producers": re.compile(r"trang-\d+"),  # /chu-the/trang-2/: the producer directory's second page
    "events": re.compile(r"lich|tinh|loai"),  # /hoi-cho/lich/: the calendar; /hoi-cho/tinh/...: listings
}

_EMAIL = re.compile(r"[^@\s<>\"'(),;:\\\[\]]+@[^@\s<>\"'(),;:\\\[\]]+\.[^@\s<>\"'(),;:\\\[\]]+")
_URL = re.compile(r"https?://[^\s/<>\"\\]+\.[^\s<>\"\\]+")
_PHONE = re.compile(r"\+?[\d\s.()\-]{8,20}")


def contained(base: Path, rel: str, example: str = "images/photo.jpg") -> Path:
    """The file ``rel`` names inside ``base``; ValueError when it is missing or leads outside."""
    where = f"{base.name}/"
    if not rel:
        raise ValueError("names no file")
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel) or ".." in Path(rel).parts:
        raise ValueError(f"'{rel}' must be a path inside {where}, such as {example}")
    try:
        resolved = (base / rel).resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        raise ValueError(f"no file {where}{rel}") from None
    if not resolved.is_relative_to(base.resolve()) or not resolved.is_file():
        raise ValueError(f"'{rel}' leads outside {where} (a link?) or is not a file")
    return resolved


def links_outside(root: Path, folders: tuple[str, ...] = ("content",)) -> list[Path]:
    """Symbolic links under ``folders`` (MkDocs' docs_dir) that lead outside ``root`` or nowhere.

    MkDocs copies what ``content/`` holds into the site, following links: a link to a
    file elsewhere on the build machine would publish that file.
    """
    base = root.resolve()
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    target = path.resolve()
                    if not target.exists() or not target.is_relative_to(base):
                        found.append(path)
    return sorted(found)


class Record:
    """One record file: reports problems with its path and the field's line."""

    def __init__(self, path: Path, data: Mapping, problems: Problems, memo: Memo | None = None):
        self.path = path
        self.data = data
        self.problems = problems
        self.memo = memo
        self.ok = True

    def problem(self, field: str, message: str, line: int | None = None) -> None:
        """Record a problem; ``line`` defaults to the line of the top-level field."""
        self.ok = False
        if line is None:
            line = self.data.line_of(re.split(r"[.\[]", field)[0])
        self.problems.add(self.path, line, field, message)

    def check_fields(self, mapping: Mapping, allowed: tuple[str, ...], prefix: str = "") -> None:
        for name in mapping:
            if name not in allowed:
                close = Names(allowed).closest(name)
                hint = f"; did you mean '{close}'?" if close else f"; allowed fields: {', '.join(allowed)}"
                self.problem(prefix + name, f"unknown field{hint}", mapping.line_of(name))

    def text(self, name: str, *, required: bool | str = False, within: Mapping | None = None, prefix: str = "",
             multiline: bool = False) -> str:
        """A text field by the one rule of text (:func:`text_line`, or :func:`text_block` for
        ``multiline`` Markdown); "" when it is absent, empty or not text (reported).

        A ``required`` field that is absent, empty or blank is reported too (a text ``required`` says what it holds).
        """
        mapping = self.data if within is None else within
        line = mapping.line_of(name) if name in mapping else mapping.line
        value = self.value_text(prefix + name, mapping.get(name), line, multiline=multiline)
        if value == "" and required:
            blank = mapping.get(name) not in (None, "")
            hint = f": {required}" if isinstance(required, str) else ""
            self.problem(prefix + name, "holds only blank space; write it out" if blank else f"is required{hint}", line)
        return value or ""

    def value_text(self, field: str, value: Any, line: int, *, multiline: bool = False) -> str | None:
        """A field's or list item's value as text; None (reported) when it is not text or holds
        characters no text may hold."""
        if value is None:
            return ""
        if isinstance(value, (Mapping, Sequence, bool)) or not isinstance(value, (str, int, dt.date)):
            self.problem(field, "must be text", line)
            return None
        try:
            return (text_block if multiline else text_line)(str(value))
        except ValueError as exc:
            self.problem(field, str(exc), line)
            return None

    def markdown(self, name: str) -> str:
        """A Markdown field as safe HTML; what in it cannot be published is reported on the field."""
        rendered = _markdown(self.text(name, multiline=True), self.memo)
        for _, message in rendered.problems:
            self.problem(name, message)
        return rendered.html

    def parsed(self, name: str, parser: Callable[[Any], Any], *, within: Mapping | None = None, prefix: str = "") -> Any:
        mapping = self.data if within is None else within
        try:
            return parser(mapping[name])
        except ValueError as exc:
            self.problem(prefix + name, str(exc), mapping.line_of(name))
            return None

    def mapping(self, name: str) -> Mapping | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problem(name, "must be a group of 'field: value' lines", self.data.line_of(name))
            return None
        return value

    def items(self, name: str) -> list[tuple[int, Any, int]]:
        """(index, item, line) of a list field; a single value counts as a list of one."""
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, Sequence):
            return [(i, item, value.line_of(i)) for i, item in enumerate(value)]
        if isinstance(value, Mapping):
            self.problem(name, "must be a list ('- ' lines)")
            return []
        return [(0, value, self.data.line_of(name))]


@dataclass
class _Pending:
    product: Product
    record: Record
    producer_ref: str


def _markdown(text: str, memo: Memo | None) -> markup.Rendered:
    if memo is None or not text:
        return markup.render(text)
    return memo.through("markdown", digest(text.encode("utf-8")), lambda: markup.render(text),
                        lambda r: [r.html, [list(p) for p in r.problems]],
                        lambda kept: markup.Rendered(kept[0], tuple((line, message) for line, message in kept[1])))


_memo: Memo | None = None  # the loader's memo while files are read, inherited by forked workers


def _read(path: Path) -> tuple[str, Mapping | None, tuple[int, str, str] | None]:
    """(digest, mapping, None) of a record file, or (digest, None, (line, field, message) of why it
    cannot be read).

    A file the memo holds is not parsed again, and its mapping is not sent back either: (digest,
    None, None). The caller rebuilds it from the memo, which costs half of what unpickling it
    from a worker does (at 15,000 products, 0.9 s against 1.1 s plus 0.6 s to pickle it).
    """
    key = ""
    try:
        data = read_bytes(path)
        key = digest(data)
        if _memo is not None and _memo.get("yaml", key) is not None:
            return key, None, None
        return key, parse_mapping(decode(data)), None
    except YamlError as exc:
        return key, None, (exc.line, "", exc.message)


class Loader:
    def __init__(self, site_dir: Path, rules: RuleSet, today: dt.date, memo: Memo | None = None):
        self.site_dir = site_dir
        self.memo = memo
        self.catalog_dir = site_dir / "catalog"
        self.rules = rules
        self.today = today
        self.problems = Problems(root=site_dir)
        self.places = registry()
        self._checked: dict[Path, photos.Checked] = {}  # a photo shared by several products is decoded once

    def load(self) -> Catalog:
        producers = self._load_kind("producers", self._producer)
        by_slug: dict[str, Producer] = {}
        for producer in producers:
            by_slug.setdefault(producer.slug, producer)
        pending = self._load_kind("products", self._product)
        products = [p.product for p in pending]
        producer_names = Names(by_slug)
        for item in pending:
            if item.producer_ref:
                producer = by_slug.get(slugify(item.producer_ref))
                if producer is None:
                    close = producer_names.closest(slugify(item.producer_ref))
                    hint = f"; did you mean '{close}'?" if close else ""
                    item.record.problem("producer", f"no producer with id '{item.producer_ref}' in catalog/producers/{hint}")
                item.product.producer = producer
        from .promotion import PromotionLoader  # events and showrooms refer to products

        events, showrooms = PromotionLoader(self, products, producers).load()
        return Catalog(self.rules, self.today, products, producers, events, showrooms)

    def check(self, folder: str, path: Path, data: Mapping) -> Problems:
        """The problems of one product or producer record on its own (references to other records aside).

        Importers call it to refuse a record before writing it, with the loader's own rules.
        """
        problems = Problems(root=self.site_dir)
        build = {"products": self._product, "producers": self._producer}[folder]
        build(Record(path, data, problems))
        return problems

    def _load_kind(self, folder: str, build: Callable[[Record], Any]) -> list[Any]:
        directory = self.catalog_dir / folder
        if not directory.is_dir():
            return []
        results = []
        seen: dict[str, tuple[Path, int]] = {}
        paths = []
        for path in sorted(self._files(directory), key=lambda p: p.parts):  # Path order; comparing Paths is slow
            if path.name.startswith("."):
                continue
            if path.is_symlink() or not path.is_file():
                self.problems.add(path, 0, "", "a record must be a plain file, not a link or a device; copy the record here")
                continue
            if path.suffix.lower() not in RECORD_SUFFIXES:
                self.problems.add(path, 0, "", "not a record: record files end in .yaml")
                continue
            paths.append(path)
        global _memo
        _memo = self.memo
        try:
            read = fork_map(_read, paths, minimum=PARALLEL_FROM)
        finally:
            _memo = None
        for path, (key, data, error) in zip(paths, read):
            if error is not None:
                self.problems.add(path, *error)
                continue
            if self.memo is not None:
                plain = self.memo.get("yaml", key) if data is None else to_plain(data)
                self.memo.put("yaml", key, plain)
                if data is None:
                    data = from_plain(plain)
            record = Record(path, data, self.problems, self.memo)
            built = build(record)
            if built is None:
                continue
            ident = built.product.slug if isinstance(built, _Pending) else built.slug
            reserved = RESERVED_IDS.get(folder)
            if reserved is not None and reserved.fullmatch(ident):
                record.problem("id", f"'{ident}' is the address of one of the site's own pages; choose another id")
            elif ident in seen:
                other, line = seen[ident]
                rel = self.problems._display(other)
                record.problem("id", f"the same id as {rel}:{line} (ids are compared without case and accents); each record needs its own id")
            else:
                seen[ident] = (path, data.line_of("id"))
            results.append(built)
        return results

    def _files(self, directory: Path) -> list[Path]:
        """Every file under ``directory``, and the folders in it that are links (reported with the
        files that are links: records are read from the site only, never through a link)."""
        if directory.is_symlink():
            self.problems.add(directory, 0, "", "a folder of records must be a folder of the site, not a link to "
                                                "one elsewhere; copy the records here")
            return []
        found = []
        for dirpath, dirnames, filenames in os.walk(directory):
            here = Path(dirpath)
            links = [name for name in dirnames if (here / name).is_symlink()]
            dirnames[:] = [name for name in dirnames if name not in links]
            found += [here / name for name in filenames + links]
        return found

    # -- producers ---------------------------------------------------------
    def _producer(self, r: Record) -> Producer | None:
        r.check_fields(r.data, PRODUCER_FIELDS)
        ident = self._id(r)
        name = r.text("name", required=True)
        kind = r.parsed("kind", parse.producer_kind) if "kind" in r.data else None
        if "kind" not in r.data:
            r.problem("kind", "is required: cooperative, enterprise, household or cooperative-group", r.data.line)
        address = r.text("address")
        province = r.text("province")
        place = self._place(r, address, province) if (address or province) else None
        email = r.text("email")
        if email and not _EMAIL.fullmatch(email):
            r.problem("email", f"'{email}' is not an e-mail address")
        phone = r.text("phone")
        if phone and not _PHONE.fullmatch(phone):
            r.problem("phone", f"'{phone}' is not a phone number")
        website = self._url(r, "website", r.text("website"))
        if not ident:
            return None
        return Producer(
            id=ident, name=name, kind=kind or "household", source=r.path, place=place, address=address,
            representative=r.text("representative"), phone=phone, email=email, website=website,
            description=r.markdown("description"),
        )

    # -- products ----------------------------------------------------------
    def _product(self, r: Record) -> _Pending | None:
        r.check_fields(r.data, PRODUCT_FIELDS)
        ident = self._id(r)
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
            place = self._place(r, address, province)
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
            images=self._images(r, name), packaging=r.text("packaging"), price=price, price_unit=price_unit,
            price_text=price_text, where_to_buy=self._shops(r), contact=self._contact(r), tags=self._tags(r),
        )
        if not ident:
            return None
        return _Pending(product, r, r.text("producer"))

    def _id(self, r: Record) -> str:
        ident = r.text("id", required=True)
        if ident and not slugify(ident):
            r.problem("id", f"'{ident}' has no letters or digits to make a web address from")
            return ""
        if len(slugify(ident)) > MAX_ID:
            r.problem("id", f"is {len(slugify(ident))} characters as a web address; at most {MAX_ID} are allowed")
            return ""
        return ident

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

    def _place(self, r: Record, address: str, province: str):
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

    @staticmethod
    def _phone_ok(phone: str) -> bool:
        return bool(_PHONE.fullmatch(phone))

    def _url(self, r: Record, field: str, value: str, line: int | None = None) -> str:
        if value and not _URL.fullmatch(value):
            r.problem(field, f"'{value}' is not a web address starting with https:// or http://", line)
            return ""
        return value

    def _images(self, r: Record, name: str) -> tuple[Image, ...]:
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

    def _shops(self, r: Record) -> tuple[Link, ...]:
        shops = []
        for i, item, line in r.items("where_to_buy"):
            field = f"where_to_buy[{i + 1}]"
            if isinstance(item, Mapping):
                r.check_fields(item, SHOP_FIELDS, field + ".")
                name = r.text("name", required=True, within=item, prefix=field + ".")
                url = self._url(r, field + ".url", r.text("url", within=item, prefix=field + "."), item.line_of("url"))
                phone = r.text("phone", within=item, prefix=field + ".")
                if phone and not _PHONE.fullmatch(phone):
                    r.problem(field + ".phone", f"'{phone}' is not a phone number", item.line_of("phone"))
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

    def _contact(self, r: Record) -> Contact:
        contact = r.mapping("contact")
        if contact is None:
            return Contact()
        r.check_fields(contact, CONTACT_FIELDS, "contact.")
        email = r.text("email", within=contact, prefix="contact.")
        if email and not _EMAIL.fullmatch(email):
            r.problem("contact.email", f"'{email}' is not an e-mail address", contact.line_of("email"))
        phone = r.text("phone", within=contact, prefix="contact.")
        if phone and not _PHONE.fullmatch(phone):
            r.problem("contact.phone", f"'{phone}' is not a phone number", contact.line_of("phone"))
        website = self._url(r, "contact.website", r.text("website", within=contact, prefix="contact."), contact.line_of("website"))
        return Contact(phone, email, website, r.text("address", within=contact, prefix="contact."))

    def _tags(self, r: Record) -> tuple[str, ...]:
        tags = []
        for i, item, line in r.items("tags"):
            field = f"tags[{i + 1}]"
            tag = "" if item is None or isinstance(item, (Mapping, Sequence)) else r.value_text(field, item, line)
            if tag == "":
                r.problem(field, "must be a word or short phrase", line)
            elif tag:
                tags.append(tag)
        return tuple(tags)


def load_catalog(site_dir: Path, rules: RuleSet, today: dt.date, memo: Memo | None = None) -> tuple[Catalog, Problems]:
    """The catalog of ``site_dir`` and every problem found in it; ``memo`` keeps parsed records,
    rendered Markdown and checked photos between builds."""
    loader = Loader(site_dir, rules, today, memo)
    catalog = loader.load()
    return catalog, loader.problems

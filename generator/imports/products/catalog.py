"""The site's existing records, indexed for matching rows against them.

A row updates a product with the same id, or with the same name (compared as a slug: case,
accents, spacing and quotes aside; a record renamed by hand still answers to the name its id was
made from) from the same producer. A producer is reused when its name
matches without its legal form ("HTX Nước mắm Đầm Dơi" is "Hợp tác xã nước mắm Đầm Dơi"), so
an import never creates a twin of a producer the site already has. Records are read with PyYAML's
C loader; only records that change are re-read for round-trip editing, and checked strictly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...domain import parse
from ...domain.places import PlaceError, Province, Registry
from ...domain.text import slugify
from ...records.walk import RECORD_SUFFIXES
from ...records.yamlfile import YamlError, decode
from .rows import Converted, ProducerRow

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as _Loader

ID_PREFIXES = {"cooperative": "htx", "cooperative-group": "tht", "enterprise": "cong-ty", "household": ""}
"""How a new producer's id opens: "htx-nuoc-mam-dam-doi", "cong-ty-gao-sach"."""


@dataclass
class Known:
    """A record of the site (or one this import creates)."""

    path: Path
    id: str
    data: dict
    name_key: str = ""
    producer: str = ""  # products: the producer id's slug
    province: Province | None = None
    kind: str = ""  # producers
    core_key: str = ""  # producers: name without legal form, as a slug
    new: bool = False


@dataclass
class Index:
    products: dict[str, Known] = field(default_factory=dict)  # id slug -> record
    producers: dict[str, Known] = field(default_factory=dict)
    product_names: dict[str, list[Known]] = field(default_factory=dict)
    producer_cores: dict[str, list[Known]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # id slugs and file names in use, in either folder
    notes: list[str] = field(default_factory=list)

    def add_product(self, known: Known) -> None:
        self.products[slugify(known.id)] = known
        self.product_names.setdefault(known.name_key, []).append(known)
        if slugify(known.id) != known.name_key:  # renamed by hand: its id still says the name it was imported as
            self.product_names.setdefault(slugify(known.id), []).append(known)
        self.taken.add(f"products/{slugify(known.id)}")

    def add_producer(self, known: Known) -> None:
        self.producers[slugify(known.id)] = known
        self.producer_cores.setdefault(known.core_key, []).append(known)
        self.taken.add(f"producers/{slugify(known.id)}")

    # -- producers --------------------------------------------------------
    def producer_for(self, row: ProducerRow) -> Known | None:
        """The site's producer a row names, by id, or by name without legal form (and kind, when known)."""
        by_id = self.producers.get(slugify(row.name))
        if by_id is not None:
            return by_id
        candidates = self.producer_cores.get(slugify(row.core), [])
        if row.kind_known:
            candidates = [c for c in candidates if c.kind == row.kind]
        if len(candidates) > 1 and row.province:
            same = [c for c in candidates if c.province is None or c.province.short == row.province]
            candidates = same or candidates
        return min(candidates, key=lambda c: c.id) if candidates else None

    def new_producer_id(self, row: ProducerRow) -> str:
        prefix = ID_PREFIXES[row.kind] if row.kind_known else ""
        base = slugify(f"{prefix} {row.core}") if prefix else slugify(row.name)
        return self._free("producers", base or "chu-the")

    # -- products ---------------------------------------------------------
    def product_for(self, row: Converted, producer: str) -> tuple[Known | None, str]:
        """(the product a row updates or None, a reason when the row is ambiguous)."""
        if row.ident:
            return self.products.get(slugify(row.ident)), ""
        candidates = self.product_names.get(row.name_key, [])
        if producer:
            candidates = [c for c in candidates if c.producer in ("", producer)]
        if len(candidates) > 1 and row.province is not None:
            candidates = [c for c in candidates if c.province in (None, row.province)]
        if len(candidates) > 1 and producer:
            candidates = [c for c in candidates if c.producer == producer] or candidates
        if len(candidates) > 1:
            ids = ", ".join(sorted(c.id for c in candidates))
            return None, f"the name matches several products ({ids}); add an id column (Mã sản phẩm) to say which"
        return (candidates[0] if candidates else None), ""

    def new_product_id(self, row: Converted) -> str:
        if row.ident:
            return row.ident
        base = row.name_key or "san-pham"
        if f"products/{base}" in self.taken and row.province is not None:
            base = f"{base}-{row.province.slug}"
        return self._free("products", base)

    def _free(self, folder: str, base: str) -> str:
        ident, n = base, 1
        while f"{folder}/{ident}" in self.taken:
            n += 1
            ident = f"{base}-{n}"
        return ident


def _records(folder: Path):
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in RECORD_SUFFIXES:
            yield path


def _province(places: Registry, data: dict) -> Province | None:
    try:
        if data.get("province"):
            return places.province(str(data["province"]))[0]
        if data.get("address"):
            return places.resolve(str(data["address"])).province
    except PlaceError:
        return None
    return None


def _read(path: Path) -> dict:
    """A record for matching and comparing: PyYAML's C loader (several times faster than the strict
    reader, which ``ocop validate`` and the check of every changed record still apply)."""
    data = yaml.load(decode(path.read_bytes()), Loader=_Loader)
    if not isinstance(data, dict):
        raise YamlError(0, "a record must be a list of 'field: value' lines")
    return data


def read_index(catalog: Path, places: Registry) -> Index:
    """Every product and producer record of ``catalog``; an unreadable one is noted, never matched."""
    index = Index()
    for kind in ("producers", "products"):
        for path in _records(catalog / kind):
            index.taken.add(f"{kind}/{slugify(path.stem)}")
            try:
                data = _read(path)
            except (YamlError, yaml.YAMLError) as exc:
                reason = exc.message if isinstance(exc, YamlError) else str(exc).split("\n")[0]
                index.notes.append(f"{path.relative_to(catalog.parent)}: cannot be read ({reason}); "
                                   "rows cannot update it")
                continue
            ident = str(data.get("id") or path.stem)
            name = str(data.get("name") or "")
            known = Known(path, ident, data, province=_province(places, data))
            if kind == "products":
                known.name_key = slugify(name)
                known.producer = slugify(str(data.get("producer") or ""))
                index.add_product(known)
            else:
                written_kind, core = parse.producer_name(name)
                try:
                    known.kind = parse.producer_kind(data["kind"]) if data.get("kind") else (written_kind or "")
                except ValueError:
                    known.kind = written_kind or ""
                known.core_key = slugify(core)
                index.add_producer(known)
    return index

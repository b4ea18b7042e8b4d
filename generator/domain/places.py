"""Vietnam's administrative places: today's 34 provinces and their communes, with
the 63 former provinces and their three-level addresses as aliases.

The reference data comes from the ``vietnamadminunits`` package (maintained, with
the 1 July 2025 reorganisation and old-to-new ward conversion tables). Its own
parser is deliberately forgiving (it guesses), which is wrong for validation: a
misspelt commune must be reported, not silently placed elsewhere. So this module
reads the package's tables and matches strictly, part by part.

An address such as "xã Phú Cần, huyện Tiểu Cần, tỉnh Trà Vinh" is accepted, placed
in today's commune and province (Xã Tiểu Cần, Vĩnh Long) and keeps the former
names for display.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .text import fold, nfc, slugify

_WARD_TYPES = ("xa", "phuong", "thitran", "dackhu")
_DISTRICT_TYPES = ("huyen", "quan", "thixa", "thanhpho")
_PROVINCE_TYPES = ("tinh", "thanhpho", "tp")
# Names in everyday use that the reference tables lack: "Thừa Thiên Huế" was the
# province's official name until it became a centrally governed city in 2025.
_PROVINCE_ALIASES = {"thuathienhue": "hue"}
_ABBREVIATIONS = [
    (re.compile(r"^\s*(tp|t\.p)\s*\.?\s*", re.I), "thành phố "),
    (re.compile(r"^\s*tx\s*\.?\s*", re.I), "thị xã "),
    (re.compile(r"^\s*tt\s*\.?\s*", re.I), "thị trấn "),
    (re.compile(r"^\s*h\s*\.\s*", re.I), "huyện "),
    (re.compile(r"^\s*q\s*\.\s*", re.I), "quận "),
    (re.compile(r"^\s*p\s*\.\s*", re.I), "phường "),
    (re.compile(r"^\s*x\s*\.\s*", re.I), "xã "),
    (re.compile(r"^\s*t\s*\.\s*", re.I), "tỉnh "),
]


@lru_cache(maxsize=1 << 16)  # the same communes and provinces come back on every row of an import
def key(text: str) -> str:
    """Matching key: folded, without spaces or punctuation ("Xã Phú Cần" -> "xaphucan")."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@lru_cache(maxsize=1 << 12)
def _province_key(text: str) -> str:
    """Matching key of a province name, without its type ("Tỉnh Cà Mau", "TP. Huế" -> "camau", "hue")."""
    k = key(_expand(nfc(text)))
    bare = next((k[len(t):] for t in _PROVINCE_TYPES if k.startswith(t) and len(k) > len(t)), k)
    return _PROVINCE_ALIASES.get(bare, k)


@lru_cache(maxsize=1 << 16)  # "tỉnh Cà Mau", "xã Đầm Dơi": the same parts come back on most records
def _expand(part: str) -> str:
    for pattern, replacement in _ABBREVIATIONS:
        if pattern.match(part):
            return pattern.sub(replacement, part, count=1)
    return part


@dataclass(frozen=True)
class Province:
    code: str
    name: str  # "Tỉnh Vĩnh Long"
    short: str  # "Vĩnh Long"
    latitude: float
    longitude: float
    former: tuple[str, ...]  # short names of the former provinces merged into it

    @property
    def slug(self) -> str:
        return slugify(self.short)


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # "Xã Tiểu Cần"
    short: str
    kind: str  # "Xã", "Phường", "Đặc khu"
    province_code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    """Where a record is: today's province and commune, and the address as written."""

    province: Province
    commune: Commune | None = None
    street: str = ""
    former: str = ""  # the pre-2025 address when the record used one, normalised
    former_province: str = ""  # short name of the former province, when different

    @property
    def current(self) -> str:
        parts = [self.street] if self.street else []
        if self.commune:
            parts.append(self.commune.name)
        parts.append(self.province.name)
        return ", ".join(parts)


class PlaceError(ValueError):
    pass


@dataclass(frozen=True)
class _OldWard:
    full_key: str  # "tinhtravinh_huyentieucan_xaphucan"
    name: str
    district: str
    province: str


def _reference_data() -> Path:
    """The package's data folder, found without importing the package: its parser modules take
    most of a second to import, and only their tables are read here."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'vietnamadminunits' package (reference places) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class Registry:
    """Strict look-ups over the reference tables; build one with :func:`registry`."""

    def __init__(self) -> None:
        data = _reference_data()
        new = json.loads((data / "parser_from_2025.json").read_text("utf-8"))
        old = json.loads((data / "parser_legacy.json").read_text("utf-8"))
        conv = json.loads((data / "converter_2025.json").read_text("utf-8"))

        self._old_provinces = old["DICT_PROVINCE"]
        new_of_old: dict[str, str] = {}
        for new_key, old_keys in conv["DICT_PROVINCE"].items():
            for old_key in old_keys:
                new_of_old[old_key] = new_key
        self.provinces: dict[str, Province] = {}
        for pkey, p in sorted(new["DICT_PROVINCE"].items(), key=lambda kv: kv[1]["provinceCode"]):
            former = tuple(
                sorted(self._old_provinces[o]["provinceShort"] for o in conv["DICT_PROVINCE"].get(pkey, []) if o != pkey)
            )
            self.provinces[pkey] = Province(
                p["provinceCode"], p["province"], p["provinceShort"], p["provinceLat"], p["provinceLon"], former
            )
        self._key_of = {p.code: k for k, p in self.provinces.items()}
        self._new_of_old = new_of_old
        self._province_words: dict[str, str] = {}
        for pkey, p in new["DICT_PROVINCE"].items():
            for word in p["provinceKeywords"]:
                self._province_words.setdefault(word, pkey)
        self._old_province_words: dict[str, str] = {}
        for okey, p in self._old_provinces.items():
            for word in p["provinceKeywords"]:
                self._old_province_words.setdefault(word, okey)
        # Communes: every key and keyword of a ward points to the wards it may mean.
        self._communes: dict[str, dict[str, list[Commune]]] = {}
        self._commune_by_key: dict[tuple[str, str], Commune] = {}
        for pkey, wards in new["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
            index: dict[str, list[Commune]] = {}
            code = new["DICT_PROVINCE"][pkey]["provinceCode"]
            for wkey, w in wards.items():
                commune = Commune(w["wardCode"], w["ward"], w["wardShort"], w["wardType"], code, w["wardLat"], w["wardLon"])
                self._commune_by_key[(pkey, wkey)] = commune
                for word in {wkey, *w["wardKeywords"]}:
                    index.setdefault(word, []).append(commune)
            self._communes[pkey] = index
        self._districts = old["DICT_PROVINCE_DISTRICT"]
        self._old_wards: dict[str, dict[str, list[_OldWard]]] = {}
        for okey, districts in old["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items():
            index2: dict[str, list[_OldWard]] = {}
            for dkey, wards in districts.items():
                for wkey, w in wards.items():
                    ow = _OldWard(f"{okey}_{dkey}_{wkey}", w["ward"], dkey, okey)
                    for word in {wkey, *w["wardKeywords"]}:
                        index2.setdefault(word, []).append(ow)
            self._old_wards[okey] = index2
        self._converted: dict[str, tuple[str, str]] = {}
        for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for wkey, old_keys in wards.items():
                for full in old_keys:
                    self._converted[full] = (pkey, wkey)
        for pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
            for full, options in olds.items():
                default = next((o for o in options if o.get("isDefaultNewWard")), options[0])
                self._converted.setdefault(full, (pkey, default["newWardKey"]))
        self.by_slug = {p.slug: p for p in self.provinces.values()}

    # -- provinces -------------------------------------------------------
    def province(self, text: str) -> tuple[Province, str]:
        """Today's province for a name (current or former, any case or accents).

        Returns the province and, when ``text`` named a former province merged
        into another, that former province's short name.
        """
        k = _province_key(text)
        if k in self._province_words:
            return self.provinces[self._province_words[k]], ""
        if k in self._old_province_words:
            okey = self._old_province_words[k]
            province = self.provinces[self._new_of_old[okey]]
            return province, self._old_provinces[okey]["provinceShort"]
        raise PlaceError(f"unknown province '{text}'")

    def communes(self) -> list[Commune]:
        """Every commune of today's provinces, by code."""
        return sorted(self._commune_by_key.values(), key=lambda c: c.code)

    def former_units(self) -> dict[str, tuple[str, str]]:
        """Commune code -> (district, province) as named before July 2025, from its first former part."""
        first: dict[str, str] = {}
        for old_key, new_key in self._converted.items():
            if new_key not in first or old_key < first[new_key]:
                first[new_key] = old_key
        found = {}
        for new_key, old_key in first.items():
            commune = self._commune_by_key.get(new_key)
            parts = old_key.split("_")
            district = self._districts.get(parts[0], {}).get(parts[1]) if len(parts) == 3 else None
            if commune is not None and district is not None:
                found[commune.code] = (district["district"], self._old_provinces[parts[0]]["province"])
        return found

    def province_of_commune(self, name: str) -> tuple[Province, str] | None:
        """The province of a commune named without its province, when only one province has it.

        Looks among today's communes and the pre-2025 ones; returns (province, former
        province's short name or "") or None when the name is unknown or ambiguous.
        """
        k = key(_expand(nfc(name)))
        found: dict[str, tuple[Province, str]] = {}
        for pkey, index in self._communes.items():
            if k in index:
                found.setdefault(self.provinces[pkey].code, (self.provinces[pkey], ""))
        for okey, index in self._old_wards.items():
            if k in index:
                province = self.provinces[self._new_of_old[okey]]
                former = self._old_provinces[okey]["provinceShort"]
                found.setdefault(province.code, (province, former if former != province.short else ""))
        return next(iter(found.values())) if len(found) == 1 else None

    def _old_key(self, text: str) -> str | None:
        k = _province_key(text)
        return self._old_province_words.get(k) or (k if k in self._old_provinces else None)

    # -- addresses -------------------------------------------------------
    def resolve(self, address: str, province_hint: str = "") -> Place:
        """Place an address, current or pre-2025; raise PlaceError with a plain reason."""
        parts = [_expand(p.strip()) for p in nfc(address).split(",") if p.strip()]
        province: Province | None = None
        former_province = ""
        old_key: str | None = None
        if parts:
            try:
                province, former_province = self.province(parts[-1])
                old_key = self._old_key(parts[-1])
                parts.pop()
            except PlaceError:
                province = None
        if province is None:
            if not province_hint:
                raise PlaceError("the address names no province; end it with the province, e.g. '..., tỉnh Cà Mau'")
            province, former_province = self.province(province_hint)
            old_key = self._old_key(province_hint)
        pkey = self._new_key(province)
        district_key = None
        unknown_district = ""
        if parts and key(parts[-1]).startswith(_DISTRICT_TYPES) and (old_key or len(parts) > 1):
            district_key = self._district(old_key, parts[-1]) if old_key else None
            if district_key is None:
                # A district renamed or split before 2025 (Huế, 2024): the commune may still be unique.
                unknown_district = parts[-1]
            parts.pop()
        ward_part = parts[-1] if parts and key(parts[-1]).startswith(_WARD_TYPES) else None
        if ward_part:
            parts.pop()
        street = ", ".join(parts)
        if unknown_district and (ward_part is None or old_key is None):
            where = self._old_provinces[old_key]["province"] if old_key else province.name
            raise PlaceError(f"unknown district '{unknown_district}' in {where}")
        if ward_part is None:
            former = self._former_text(address) if (district_key or former_province) else ""
            return Place(province, None, street, former, former_province)

        legacy = bool(district_key or unknown_district or former_province)
        if not legacy:
            commune = self._new_commune(pkey, ward_part)
            if commune is not None:
                return Place(province, commune, street)
            if old_key is None:
                raise PlaceError(f"unknown commune '{ward_part}' in {province.name}")
        # A pre-2025 address: find the old commune, then today's commune it became.
        if old_key is None:
            raise PlaceError(f"unknown commune '{ward_part}' in {province.name}")
        candidates = self._old_wards.get(old_key, {}).get(key(ward_part), [])
        if district_key:
            candidates = [c for c in candidates if c.district == district_key]
        if not candidates:
            # Today's commune with yesterday's district ("xã Đầm Dơi, huyện Đầm Dơi, ...").
            commune = self._new_commune(pkey, ward_part)
            if commune is not None and not unknown_district:
                return Place(province, commune, street, self._former_text(address), former_province)
            where = self._old_provinces[old_key]["province"]
            raise PlaceError(f"unknown commune '{ward_part}' in {where}")
        if unknown_district and len(candidates) > 1:
            where = self._old_provinces[old_key]["province"]
            raise PlaceError(f"unknown district '{unknown_district}' in {where}")
        if len(candidates) > 1:
            names = ", ".join(sorted({self._districts[old_key][c.district]["district"] for c in candidates}))
            raise PlaceError(f"'{ward_part}' is ambiguous ({names}); add the district")
        old = candidates[0]
        new_pkey, new_wkey = self._converted.get(old.full_key, (None, None))
        commune = self._commune_by_key.get((new_pkey, new_wkey)) if new_pkey else None
        if commune is None:
            raise PlaceError(f"no current commune is recorded for '{old.name}'")
        province = self.provinces[new_pkey]
        return Place(province, commune, street, self._former_text(address), former_province)

    def _new_key(self, province: Province) -> str:
        return self._key_of[province.code]

    def _district(self, old_key: str, part: str) -> str | None:
        """A former district by name; its type may be written differently (huyện/thị xã)."""
        k = key(part)
        districts = self._districts.get(old_key, {})
        if k in districts:
            return k
        for dkey, d in districts.items():
            if k in d["districtKeywords"]:
                return dkey
        bare = next((k[len(t):] for t in _DISTRICT_TYPES if k.startswith(t)), k)
        same_name = [dkey for dkey, d in districts.items() if key(d["districtShort"]) == bare]
        return same_name[0] if len(same_name) == 1 else None

    def _new_commune(self, pkey: str, part: str) -> Commune | None:
        matches = self._communes[pkey].get(key(part), [])
        if len(matches) > 1:  # same letters, different accents: compare with accents
            exact = [c for c in matches if nfc(c.name).lower() == nfc(part).lower()]
            matches = exact or matches[:1]
        return matches[0] if matches else None

    @staticmethod
    def _former_text(address: str) -> str:
        return ", ".join(p.strip() for p in nfc(address).split(",") if p.strip())


@cache
def registry() -> Registry:
    return Registry()

"""OCOP product groups as reference data, one YAML file per decision that defines them.

A newer rule set is a new data file, not new code: a site picks one with the
plugin's ``groups`` option (default: Decision 148/QĐ-TTg of 2023).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..text import fold, slugify

DEFAULT_RULES = "148/QĐ-TTg"


@dataclass(frozen=True)
class Subgroup:
    code: str
    name: str


@cache
def _folded(name: str) -> str:
    """A reference name folded once: every record's group and subgroup is matched against all of them."""
    return fold(name)


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    name_en: str
    subgroups: tuple[Subgroup, ...]
    order: int

    @property
    def slug(self) -> str:
        return self.code

    def subgroup(self, text: str) -> Subgroup | None:
        wanted = fold(text).strip()
        for sub in self.subgroups:
            if wanted in (sub.code, _folded(sub.name)) or slugify(text) == sub.code:
                return sub
        return None


@dataclass(frozen=True)
class RuleSet:
    decision: str
    title: str
    groups: tuple[Group, ...]
    certifying_level: dict[int, str]
    name_keywords: dict[str, tuple[str, ...]]
    """Subgroup code -> words that name its products ("nước mắm", "rượu"), for guessing a missing group."""

    def group(self, text: str) -> Group | None:
        wanted, slug = fold(str(text)).strip(), slugify(str(text))
        for group in self.groups:
            if wanted in (group.code, _folded(group.name), _folded(group.name_en)) or slug == group.code:
                return group
        return None

    def subgroup(self, text: str) -> tuple[Group, Subgroup] | None:
        """The group and subgroup a subgroup's code or name stands for ("Gia vị" -> Thực phẩm, Gia vị)."""
        for group in self.groups:
            sub = group.subgroup(text)
            if sub is not None:
                return group, sub
        return None


@cache
def rule_sets() -> dict[str, RuleSet]:
    found = {}
    for entry in sorted((resources.files(__package__) / "groups").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text("utf-8"))
        groups = tuple(
            Group(g["code"], g["name"], g["name_en"], tuple(Subgroup(s["code"], s["name"]) for s in g["subgroups"]), i)
            for i, g in enumerate(data["groups"])
        )
        keywords = {code: tuple(words) for code, words in (data.get("name_keywords") or {}).items()}
        found[data["decision"]] = RuleSet(data["decision"], data["title"], groups, dict(data["certifying_level"]), keywords)
    return found


def rule_set(decision: str = DEFAULT_RULES) -> RuleSet:
    sets = rule_sets()
    if decision not in sets:
        raise KeyError(f"unknown OCOP rule set '{decision}'; known: {', '.join(sorted(sets))}")
    return sets[decision]

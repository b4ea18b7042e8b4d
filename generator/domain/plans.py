"""The plan archive's model: official documents (plans, decisions, letters) and their links.

A plan cites the documents it is based on ("Căn cứ ..."); when a cited document is
itself in the archive the two are linked both ways. A plan may declare targets
that are measured against the catalog, so its page shows how far it has come.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from .places import Province
from .text import fold, nfc

LEVELS = {
    "ministry": "Trung ương",
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
    "mass-organisation": "Mặt trận, đoàn thể",
}
STATUSES = {"in-force": "Còn hiệu lực", "expired": "Hết hiệu lực", "replaced": "Đã được thay thế"}


def number_key(number: str) -> str:
    """Compare document numbers loosely: "227 /KH-MTTQ-BTT" == "227/kh-mttq-btt"."""
    return re.sub(r"\s+", "", fold(nfc(number))).upper()


@dataclass(frozen=True)
class Reference:
    """A document a plan is based on, as the plan cites it."""

    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    type: str = ""
    title: str = ""


@dataclass(frozen=True)
class Attachment:
    path: str  # site-relative URL path of the file
    title: str
    size: int


@dataclass(frozen=True)
class Target:
    """"At least ``count`` products of ``stars`` certified in ``year`` in ``province``"."""

    label: str
    count: int
    year: int
    province: Province
    stars: tuple[int, ...] = (3, 4, 5)
    group: str = ""  # a group code, or "" for every group


@dataclass
class Plan:
    slug: str
    number: str
    type: str
    title: str
    issuer: str
    level: str
    signed: dt.date
    source: Path
    body: str = ""  # sanitised HTML; links to the site root use a placeholder (see site.py)
    toc: list[tuple[int, str, str]] = _field(default_factory=list)  # (level, id, text)
    province: Province | None = None
    province_written: str = ""  # the province as the document names it (a former one, say)
    place: str = ""
    effective: dt.date | None = None
    signer: str = ""
    signer_title: str = ""
    field: str = ""
    status: str = "in-force"
    replaced_by: str = ""
    based_on: tuple[Reference, ...] = ()
    recipients: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    targets: tuple[Target, ...] = ()
    # Citation links both ways, filled by link_citations; out of repr and == (they form cycles).
    cites: list[tuple[Reference, "Plan | None"]] = _field(default_factory=list, repr=False, compare=False)
    cited_by: list["Plan"] = _field(default_factory=list, repr=False, compare=False)

    @property
    def signer_lines(self) -> list[str]:
        """The signer's title as the signature block writes it, a line each ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""
        return [line.strip() for line in self.signer_title.split("/") if line.strip()]

    @property
    def year(self) -> int:
        return self.signed.year

    @property
    def key(self) -> str:
        return number_key(self.number)

    @property
    def heading(self) -> str:
        """ "Kế hoạch số 47/KH-UBND" """
        return f"{self.type} số {self.number}"


def link_citations(plans: list[Plan]) -> None:
    """Resolve every plan's "Căn cứ" references against the archive, both ways."""
    by_number: dict[str, list[Plan]] = {}
    for plan in plans:
        by_number.setdefault(plan.key, []).append(plan)
    for plan in plans:
        plan.cites = [(ref, find(by_number, ref)) for ref in plan.based_on]
    for plan in plans:
        for _, target in plan.cites:
            if target is not None and plan not in target.cited_by:
                target.cited_by.append(plan)
    for plan in plans:
        plan.cited_by.sort(key=lambda p: (p.signed, p.slug))


def find(by_number: dict[str, list[Plan]], ref: Reference) -> Plan | None:
    """The archived document a reference names: same number, and same date when both are known."""
    candidates = by_number.get(number_key(ref.number), []) if ref.number else []
    if ref.date is not None:
        candidates = [p for p in candidates if p.signed == ref.date]
    return candidates[0] if len(candidates) == 1 else None


def measure(target: Target, products) -> int:
    """Products of the target's province certified in its year at its star levels (and group)."""
    return sum(
        1 for p in products
        if p.province is target.province and p.certificate.date.year == target.year and p.stars in target.stars
        and (not target.group or p.group.code == target.group)
    )


def plans_with_targets(catalog, plans: list[Plan]) -> list[tuple[Plan, list[tuple[Target, int, int]]]]:
    """Each plan with its targets as (target, measured, percent reached, capped at 100)."""
    return [
        (plan, [(t, n, min(100, round(100 * n / t.count))) for t in plan.targets for n in [measure(t, catalog.products)]])
        for plan in plans
    ]

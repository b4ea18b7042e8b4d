"""The pages of the plan archive: index by year, facet listings and one page per plan."""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from markupsafe import Markup

from ..domain.model import Catalog
from ..domain.plans import LEVELS, STATUSES, Plan, Reference, find, number_key, plans_with_targets
from ..domain.text import slugify, sort_key
from ..records.markup import ROOT
from .pages import Facet, PageSpec
from .urls import PLANS, plan_path, plans_facet

# "Kế hoạch số 47/KH-UBND ngày 29/3/2021" as written in a document's text.
_TAG = re.compile(r"(<[^>]*>)")
_CITATION = re.compile(r"(số\s+)(\d+\s*/\s*[\w.\-]+(?:/[\w.\-]+)*)(\s+ngày\s+)(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})")


FACETS: dict[str, tuple[str, Callable[[Plan], str], Callable[[str], str]]] = {
    # key: (path segment, value of a plan, label of a value)
    "tinh": ("tinh", lambda p: p.province.short if p.province else "", lambda v: v),
    "cap": ("cap", lambda p: p.level, lambda v: LEVELS.get(v, v)),
    "loai": ("loai", lambda p: p.type, lambda v: v),
    "co-quan": ("co-quan", lambda p: p.issuer, lambda v: v),
}


def facets(plans: list[Plan]) -> dict[str, list[Facet]]:
    result = {}
    for key, (segment, value, label) in FACETS.items():
        counts = Counter(value(p) for p in plans if value(p))
        result[key] = [Facet(label(v), plans_facet(segment, label(v)), n, slugify(label(v)))
                       for v, n in sorted(counts.items(), key=lambda kv: sort_key(label(kv[0])))]
    return result


def by_year(plans: list[Plan]) -> list[tuple[int, list[Plan]]]:
    years: dict[int, list[Plan]] = {}
    for plan in plans:  # plans come newest first
        years.setdefault(plan.year, []).append(plan)
    return sorted(years.items(), reverse=True)


def linked_body(plan: Plan, by_number: dict[str, list[Plan]]) -> Markup:
    """The body with every citation of an archived document turned into a link to it."""
    from ..domain.parse import date as parse_date

    def link(match: re.Match) -> str:
        try:
            ref = Reference(match.group(2), parse_date(re.sub(r"\s", "", match.group(4))))
        except ValueError:
            return match.group(0)
        target = find(by_number, ref)
        if target is None or target is plan:
            return match.group(0)
        return f'{match.group(1)}<a href="{ROOT}{plan_path(target)}">{match.group(2)}{match.group(3)}{match.group(4)}</a>'

    # Only text between tags, and not inside a link already: a citation in an attribute stays as it is.
    parts = _TAG.split(plan.body)
    in_link = False
    for i, part in enumerate(parts):
        if i % 2:
            in_link = (in_link or part.startswith("<a ") or part == "<a>") and part != "</a>"
        elif not in_link:
            parts[i] = _CITATION.sub(link, part)
    return Markup("".join(parts))


def archive_pages(catalog: Catalog, plans: list[Plan]) -> list[PageSpec]:
    by_number: dict[str, list[Plan]] = {}
    for plan in plans:
        by_number.setdefault(number_key(plan.number), []).append(plan)
    targets = dict((p.slug, t) for p, t in plans_with_targets(catalog, plans))
    all_facets = facets(plans)
    common = {"levels": LEVELS, "statuses": STATUSES}
    pages = [PageSpec(PLANS, "Kế hoạch, văn bản OCOP", "archive.html",
                      dict(common, years=by_year(plans), facets=all_facets, total=len(plans), filtered=None),
                      "Kế hoạch và văn bản về Chương trình OCOP của các cấp, theo năm ban hành.", in_nav=True)]
    for key, (segment, value, label) in FACETS.items():
        for v in sorted({value(p) for p in plans if value(p)}):
            selected = [p for p in plans if value(p) == v]
            title = f"Kế hoạch, văn bản OCOP: {label(v)}"
            pages.append(PageSpec(plans_facet(segment, label(v)), title, "archive.html",
                                  dict(common, years=by_year(selected), facets=facets(selected), total=len(selected),
                                       filtered=(key, label(v))), f"Văn bản về Chương trình OCOP: {label(v)}."))
    for plan in plans:
        pages.append(PageSpec(plan_path(plan), f"{plan.heading}: {plan.title}", "plan.html",
                              dict(common, plan=plan, body=linked_body(plan, by_number), targets=targets[plan.slug],
                                   replaced_by=find(by_number, Reference(plan.replaced_by)) if plan.replaced_by else None),
                              f"{plan.heading} ngày {plan.signed:%d/%m/%Y} của {plan.issuer}: {plan.title}",
                              kind="plan", record=plan))
    return pages

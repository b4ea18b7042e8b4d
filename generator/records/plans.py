"""Load and validate the plan archive: ``content/plans/*.md`` with YAML front matter.

Front matter is read with the same strict reader as catalog records and every
problem is reported as ``file:line: field: message``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..domain import parse
from ..domain.model import Catalog
from ..domain.places import PlaceError, registry
from ..domain.plans import LEVELS, Attachment, Plan, Reference, Target, link_citations
from ..domain.text import fold, nfc, slugify
from . import markup
from .content import DOCUMENTS, MARKDOWN_SUFFIXES, why_active
from .problems import Problems
from .record import Record, contained
from .yamlfile import Mapping, YamlError, decode, parse_mapping

PLANS_DIR = "plans"
PLAN_FIELDS = (
    "number", "type", "title", "issuer", "level", "province", "place", "signed", "effective", "signer",
    "signer_title", "field", "status", "based_on", "recipients", "attachments", "targets",
)
REFERENCE_FIELDS = ("number", "date", "issuer", "type", "title")
ATTACHMENT_FIELDS = ("file", "title")
TARGET_FIELDS = ("label", "count", "year", "stars", "province", "group")
MAX_BYTES = 2 * 1024 * 1024
MAX_FACET = 120

_LEVEL_WORDS = {
    "ministry": ("ministry", "central", "trung uong", "bo", "cap trung uong"),
    "province": ("province", "tinh", "cap tinh", "thanh pho truc thuoc trung uong"),
    "district": ("district", "huyen", "cap huyen", "quan", "thi xa"),
    "commune": ("commune", "ward", "xa", "phuong", "cap xa", "thi tran", "xa, phuong"),
    "mass-organisation": ("mass-organisation", "fatherland-front", "mat tran", "mat tran to quoc", "doan the",
                          "mttq", "hoi"),
}
_STATUS_WORDS = {
    "in-force": ("in-force", "in force", "con hieu luc", "dang co hieu luc"),
    "expired": ("expired", "het hieu luc", "het hieu luc toan bo"),
}
_REPLACED = re.compile(r"^(?:replaced(?: by)?|(?:da )?(?:duoc|bi) thay the(?: boi)?|thay the boi)\s*:?\s*(.*)$")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts); ValueError without front matter."""
    if not text.startswith("---\n"):
        raise ValueError("a plan starts with front matter: a line '---', the fields, then '---'")
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.rstrip().endswith("\n---"):
            end = len(text.rstrip()) - 4
        else:
            raise ValueError("the front matter has no closing '---' line")
    front = text[4:end + 1]
    body_start = front.count("\n") + 3
    return front, text[end + 5:], body_start


def level_of(text: str) -> str:
    folded = fold(text).strip()
    for code, words in _LEVEL_WORDS.items():
        if folded in words:
            return code
    raise ValueError(f"'{text}' is not a level; write one of: {', '.join(LEVELS)}")


def status_of(text: str) -> tuple[str, str]:
    folded = fold(text).strip()
    for code, words in _STATUS_WORDS.items():
        if folded in words:
            return code, ""
    if _REPLACED.match(folded):
        parts = re.split(r"(?i)\b(?:by|bởi)\b|:", text.strip(), maxsplit=1)
        return "replaced", parts[1].strip() if len(parts) > 1 else ""
    raise ValueError(f"'{text}' is not a status; write in-force, expired or 'replaced by <number>'")


class PlanLoader:
    def __init__(self, site_dir: Path, catalog: Catalog, problems: Problems, reserved: re.Pattern | None = None):
        self.reserved = reserved
        self.content = site_dir / "content"
        self.folder = self.content / PLANS_DIR
        self.catalog = catalog
        self.problems = problems
        self.places = registry()

    def load(self) -> list[Plan]:
        if not self.folder.is_dir():
            return []
        plans: list[Plan] = []
        seen: dict[str, tuple[Path, int]] = {}
        for path in self._files():
            plan = self._plan(path)
            if plan is None:
                continue
            if plan.slug in seen:
                other = seen[plan.slug][0]
                why = (" (the two names differ only in how their accents are encoded)"
                       if nfc(other.name) == nfc(path.name) else "")
                self.problems.add(path, 0, "", f"the same web address as {self.problems.display(other)}{why}; "
                                               "rename one of the files")
                continue
            seen[plan.slug] = (path, 0)
            plans.append(plan)
        plans.sort(key=lambda p: (-p.signed.toordinal(), p.slug))
        link_citations(plans)
        return plans

    def _files(self) -> list[Path]:
        """The plan files of the folder; every other file in it (MkDocs publishes them as they are)
        must be a document a plan attaches, and anything else is reported."""
        plans = []
        for dirpath, dirnames, filenames in os.walk(self.folder):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in [d for d in dirnames if Path(d).suffix.lower() in MARKDOWN_SUFFIXES]:
                self.problems.add(here / name, 0, "", "a folder named like a plan: a plan is a file; rename the folder")
            for name in sorted(filenames):
                path = here / name
                suffix = path.suffix.lower()
                if name.startswith("."):
                    continue
                if not path.is_file():  # a FIFO or a device: reading it would hang the build
                    self.problems.add(path, 0, "", "not a plain file; a plan or document must be a file")
                elif suffix in MARKDOWN_SUFFIXES and here == self.folder:
                    plans.append(path)
                elif suffix in MARKDOWN_SUFFIXES:
                    self.problems.add(path, 0, "", f"plans are published only from {PLANS_DIR}/ itself; "
                                                   "move this file up, next to the other plans")
                elif suffix not in DOCUMENTS:
                    self.problems.add(path, 0, "", why_active(path) or
                                      f"only documents are published beside the plans ({', '.join(sorted(DOCUMENTS))}); "
                                      f"a {suffix or 'file without extension'} is not one")
        return plans

    def _plan(self, path: Path) -> Plan | None:
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise YamlError(0, f"the file is {size:,} bytes; a plan may be at most {MAX_BYTES:,} bytes")
            text = decode(path.read_bytes())
            front, body, body_line = split_front_matter(text)
            data = parse_mapping("\n" + front)  # the front matter starts on the file's line 2
        except YamlError as exc:
            self.problems.add(path, exc.line, "", exc.message)
            return None
        except ValueError as exc:
            self.problems.add(path, 1, "", str(exc))
            return None
        r = Record(path, data, self.problems)
        r.check_fields(data, PLAN_FIELDS)
        slug = slugify(path.stem)
        if self.reserved is not None and self.reserved.fullmatch(slug):
            self.problems.add(path, 0, "", f"'{path.name}': this file name is reserved for the archive's own pages; rename it")
            return None
        number = r.text("number", required=True)
        kind = r.text("type", required=True)
        title = r.text("title", required=True)
        issuer = r.text("issuer", required=True)
        for name, value in (("type", kind), ("issuer", issuer)):  # each names a listing page of the archive
            if len(slugify(value)) > MAX_FACET:
                r.problem(name, f"is too long to name a listing page ({len(value)} characters); "
                                f"write the name alone, in at most {MAX_FACET} letters")
        level = r.parsed("level", level_of) if "level" in data else None
        if "level" not in data:
            r.problem("level", f"is required: one of {', '.join(LEVELS)}", data.line)
        signed = r.parsed("signed", parse.date) if "signed" in data else None
        if "signed" not in data:
            r.problem("signed", "is required: the date of signing", data.line)
        elif signed and signed > self.catalog.today:
            r.problem("signed", f"{signed:%d/%m/%Y} is after the build date {self.catalog.today:%d/%m/%Y}")
        effective = r.parsed("effective", parse.date) if data.get("effective") else None
        province, written = None, ""
        if r.text("province"):
            try:
                province, former = self.places.province(r.text("province"))
                written = r.text("province")
            except PlaceError as exc:
                r.problem("province", f"{exc}: name one of the 34 provinces, or a former province")
        status, replaced_by = "in-force", ""
        if r.text("status"):
            parsed = r.parsed("status", status_of)
            if parsed:
                status, replaced_by = parsed
        rendered = markup.render_document(body)
        for offset, message in rendered.problems:
            self.problems.add(path, body_line + offset, "", message)
        plan = Plan(
            slug=slug, number=number, type=kind, title=title, issuer=issuer, level=level or "", signed=signed,
            source=path, body=rendered.html, toc=rendered.toc, province=province, province_written=written, place=r.text("place"),
            effective=effective, signer=r.text("signer"), signer_title=r.text("signer_title"), field=r.text("field"),
            status=status, replaced_by=replaced_by, based_on=self._references(r),
            recipients=tuple(self._strings(r, "recipients")), attachments=self._attachments(r),
            targets=self._targets(r, province),
        )
        if not (number and kind and title and issuer and level and signed) or not r.ok:
            return None
        return plan

    def _strings(self, r: Record, name: str) -> list[str]:
        found = []
        for i, item, line in r.items(name):
            field = f"{name}[{i + 1}]"
            if isinstance(item, Mapping) and len(item) == 1:
                # "- Lưu: VT." unquoted is a one-key mapping in YAML: read it as the line it is.
                (key, value), = item.items()
                item = f"{key}: {value}" if value is not None else f"{key}:"
            text = "" if item is None or isinstance(item, (Mapping, list)) else r.value_text(field, item, line)
            if text == "":
                r.problem(field, "must be a line of text", line)
            elif text:
                found.append(text)
        return found

    def _references(self, r: Record) -> tuple[Reference, ...]:
        refs = []
        for i, item, line in r.items("based_on"):
            field = f"based_on[{i + 1}]"
            if isinstance(item, str):
                title = r.value_text(field, item, line)
                if title:
                    refs.append(Reference(title=title))
                elif title == "":
                    r.problem(field, "is empty; write the document it is based on, or delete the line", line)
                continue
            if not isinstance(item, Mapping):
                r.problem(field, "must be 'number', 'date', 'issuer' (and 'type', 'title') or a line of text", line)
                continue
            r.check_fields(item, REFERENCE_FIELDS, field + ".")
            date = r.parsed("date", parse.date, within=item, prefix=field + ".") if item.get("date") else None
            number, title = (r.text(key, within=item, prefix=field + ".") for key in ("number", "title"))
            if not (number or title):
                r.problem(field, "needs a 'number' or a 'title'", line)
            refs.append(Reference(number, date, r.text("issuer", within=item, prefix=field + "."),
                                  r.text("type", within=item, prefix=field + "."), title))
        return tuple(refs)

    def _attachments(self, r: Record) -> tuple[Attachment, ...]:
        found = []
        for i, item, line in r.items("attachments"):
            field = f"attachments[{i + 1}]"
            if isinstance(item, Mapping):
                r.check_fields(item, ATTACHMENT_FIELDS, field + ".")
                rel = r.text("file", required=True, within=item, prefix=field + ".")
                title = r.text("title", within=item, prefix=field + ".")
                if not rel:
                    continue
            else:
                rel, title = r.value_text(field, item, line), ""
                if rel is None:
                    continue
            try:
                path = contained(self.folder, rel, example="files/van-ban.pdf")
            except ValueError as exc:
                r.problem(field, str(exc), line)
                continue
            url = path.relative_to(self.content.resolve()).as_posix()
            found.append(Attachment(url, title or path.name, path.stat().st_size))
        return tuple(found)

    def _targets(self, r: Record, plan_province) -> tuple[Target, ...]:
        found = []
        groups = {g.code for g in self.catalog.rules.groups}
        for i, item, line in r.items("targets"):
            field = f"targets[{i + 1}]"
            if not isinstance(item, Mapping):
                r.problem(field, "must be 'label', 'count', 'year' (and 'stars', 'province', 'group')", line)
                continue
            r.check_fields(item, TARGET_FIELDS, field + ".")
            ok = True
            count, year = item.get("count"), item.get("year")
            if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
                r.problem(field + ".count", "must be a whole number above 0", item.line_of("count") if "count" in item else line)
                ok = False
            if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
                r.problem(field + ".year", "must be a year such as 2025", item.line_of("year") if "year" in item else line)
                ok = False
            stars: list[int] = []
            raw = item.get("stars", [3, 4, 5])
            for value in raw if isinstance(raw, list) else [raw]:
                try:
                    stars.append(parse.stars(value))
                except ValueError as exc:
                    r.problem(field + ".stars", str(exc), item.line_of("stars"))
                    ok = False
            province = plan_province
            if item.get("province"):
                try:
                    province = self.places.province(str(item["province"]))[0]
                except PlaceError as exc:
                    r.problem(field + ".province", str(exc), item.line_of("province"))
                    ok = False
            elif province is None:
                r.problem(field + ".province", "is required when the plan names no province", line)
                ok = False
            group = ""
            if item.get("group"):
                found_group = self.catalog.rules.group(str(item["group"]))
                if found_group is None:
                    r.problem(field + ".group", f"unknown product group; use one of: {', '.join(sorted(groups))}", item.line_of("group"))
                    ok = False
                else:
                    group = found_group.code
            label = r.text("label", required="what the target counts, in words", within=item, prefix=field + ".")
            ok = ok and bool(label)
            if ok:
                found.append(Target(label, count, year, province, tuple(sorted(set(stars))), group))
        return tuple(found)


def load_plans(site_dir: Path, catalog: Catalog, problems: Problems, reserved: re.Pattern | None = None) -> list[Plan]:
    """The plans of ``content/plans/``; ``reserved``: the names the archive's own pages take."""
    return PlanLoader(site_dir, catalog, problems, reserved).load()

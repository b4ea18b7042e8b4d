"""``ocop import-plan``: an official document copied from a portal (or a .docx) becomes a plan record.

The importer reads what the document itself says: the portal's metadata lines, the
header (issuing body, number, place and date), the type and title, the "Căn cứ"
references, the body with its own numbering, "Nơi nhận" and the signature. It never
invents a value (what it cannot find stays out and is listed in the report) and never
loses text: every line of the source ends up in the front matter or the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..domain.places import PlaceError, registry
from ..domain.text import fold, nfc, slugify
from ..records.plans import MAX_BYTES, PLAN_FIELDS
from ..records.yamlfile import YamlError, decode

TYPES = ("Kế hoạch", "Quyết định", "Công văn", "Báo cáo", "Thông báo", "Chỉ thị", "Nghị quyết", "Hướng dẫn",
         "Chương trình", "Đề án", "Tờ trình", "Thông tư", "Nghị định")
_TYPE_BY_FOLD = {fold(t): t for t in TYPES}
NOISE = (
    re.compile(r"^đang tải nội dung", re.I), re.compile(r"vui lòng chờ giây lát", re.I),
    re.compile(r"^(tải về|in văn bản|lưu trữ|văn bản gốc|chia sẻ|báo lỗi)$", re.I),
    re.compile(r"^[-_=*.]{3,}$"),
)
PORTAL_FIELDS = {
    "so hieu": "number", "ngay ban hanh": "signed", "ngay co hieu luc": "effective", "loai van ban": "type",
    "co quan ban hanh": "portal_issuer", "nguoi ky": "signer", "linh vuc": "field", "tinh trang hieu luc": "status",
    "tinh trang": "status",
}
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc")
_NUMBER = re.compile(r"^số\s*:?\s*(.+)$", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\.?$", re.I)
_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_REFERENCE = re.compile(
    r"^(?:-\s*)?(?:căn cứ|trên cơ sở|thực hiện)\s+(?P<type>" + "|".join(TYPES + ("Luật", "Văn bản")) + r")\s+"
    r"(?:số\s+)?(?P<number>\d+\s*/\s*[\w.\-/]+)\s+ngày\s+(?P<date>" + _DATE + r")"
    r"(?:\s+của\s+(?P<issuer>.+?))?(?:\s+(?P<title>(?:về|v/v|phê duyệt|ban hành|triển khai|hướng dẫn)\b.*?))?\s*[;,.]?\s*$",
    re.I,
)
_ROMAN = re.compile(r"^[IVXLC]+\s*[.)]\s+\S")
_SUB = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S")
_NUMBERED = re.compile(r"^\d+\s*[.)]\s+\S")
_LETTERED = re.compile(r"^[a-zđ]\)\s+\S")
_SIGN_TITLE = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s|^(CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG PHÒNG)$")
_ISSUER_SENTENCE = re.compile(r"^(?P<issuer>(?:Ủy|Uỷ) ban nhân dân [^,.;:]{2,60}?)\s+(?:xây dựng|ban hành)\s", re.I)
_CLOSING = re.compile(r"^Trên đây là (?:\w+\s){1,3}?của (?P<issuer>.+?) (?:về|triển khai|thực hiện)\s", re.I)
_CENTRAL_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue")
MAX_TEXT = MAX_BYTES  # characters: the plan record the text becomes may hold no more bytes


class NotADocument(ValueError):
    """The text is not an official document: refused rather than given made-up metadata."""


@dataclass
class Imported:
    front: dict
    body: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        place = self.front.get("place") or self.front.get("province") or ""
        year = self.front["signed"].year if self.front.get("signed") else ""
        return slugify(f"{place} {year} {self.front.get('number', '')}")

    def text(self) -> str:
        ordered = {k: self.front[k] for k in PLAN_FIELDS if self.front.get(k) not in (None, "", [])}
        header = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
        return f"---\n{header}---\n\n{self.body.strip()}\n"


def _clean(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").replace("\u200b", "").split())


def _bare(line: str) -> str:
    """A line without Markdown emphasis, for recognising structure."""
    return _clean(re.sub(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)", "", line))


def _date(d: str, m: str, y: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _issuer_case(upper_lines: list[str]) -> str:
    """ "ỦY BAN NHÂN DÂN / TỈNH CÀ MAU" -> "Ủy ban nhân dân tỉnh Cà Mau" (place names keep capitals)."""
    words = " ".join(upper_lines).split()
    out, proper = [], False
    for i, word in enumerate(words):
        f = fold(word)
        if f in ("tinh", "huyen", "xa", "phuong", "quan", "thi", "tran", "thanh", "pho") and not proper:
            out.append(word.lower())
            if f in ("tinh", "huyen", "phuong", "quan") or (f == "xa" and (i == 0 or fold(words[i - 1]) != "thi")) \
                    or (f == "tran") or (f == "pho"):
                proper = True
            continue
        if proper or word.isupper() and len(word) <= 5 and f in ("mttq", "ubnd", "hdnd", "ocop"):
            out.append(word if not word.isupper() or len(word) <= 4 and f in ("mttq", "ubnd", "hdnd", "ocop") else word.capitalize())
        else:
            out.append(word.lower())
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def level_of_issuer(issuer: str) -> str:
    f = f" {fold(issuer)} "
    if re.search(r" (mat tran|mttq|hoi |doan thanh nien|cong doan)", f):
        return "mass-organisation"
    if re.search(r" (bo |chinh phu|thu tuong|van phong dieu phoi)", f):
        return "ministry"
    if re.search(r" (xa|phuong|thi tran) ", f) and " thi xa " not in f:
        return "commune"
    if re.search(r" (huyen|quan|thi xa) ", f):
        return "district"
    city = re.search(r" thanh pho (.+?) $", f)
    if city:
        return "province" if city.group(1).strip() in _CENTRAL_CITIES else "district"
    if " tinh " in f:
        return "province"
    return ""


def import_text(raw: str | bytes) -> Imported:
    text = decode(raw) if isinstance(raw, bytes) else nfc(raw).replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        raise ValueError(f"the text has {len(text):,} characters, more than the {MAX_TEXT:,} a plan may hold; "
                         "import it in parts")
    lines = [_clean(line) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not any(p.search(_bare(line)) for p in NOISE)]
    front: dict = {}
    notes: list[str] = []
    portal: dict[str, str] = {}
    comments: list[str] = []

    # 1. The portal's metadata lines ("Số hiệu 47/KH-UBND") and its title line above them.
    i = 0
    while i < len(lines) and not lines[i]:
        i += 1
    meta_start = i
    while i < len(lines):
        bare = _bare(lines[i])
        match = next(((k, bare[len(k):]) for k in PORTAL_FIELDS if fold(bare).startswith(k + " ")), None) if bare else None
        if match:
            portal[PORTAL_FIELDS[match[0]]] = bare[len(match[0]):].strip(" :")
        elif bare and portal:
            break
        elif bare and i > meta_start:
            break
        i += 1
    if portal and meta_start < len(lines) and not any(fold(_bare(lines[meta_start])).startswith(k) for k in PORTAL_FIELDS):
        comments.append(lines[meta_start])  # the portal's own title for the page
    rest = lines[i:] if portal else lines[meta_start:]

    # 2. Header: issuing body (upper-case lines before the motto), number, place and date.
    header_issuer: list[str] = []
    j, type_at = 0, None
    while j < len(rest) and j < 40:
        bare = _bare(rest[j])
        f = fold(bare).lower()
        if not bare:
            pass
        elif f in _MOTTO or f.replace("–", "-") in _MOTTO:
            pass
        elif _NUMBER.match(bare) and "number" not in front:
            front["number"] = re.sub(r"\s*/\s*", "/", _NUMBER.match(bare).group(1)).strip()
        elif _PLACE_DATE.match(bare) and "signed" not in front:
            m = _PLACE_DATE.match(bare)
            front["place"] = m.group("place").strip()
            front["signed"] = _date(m.group("d"), m.group("m"), m.group("y"))
        elif f.upper() == f.upper() and fold(bare) in _TYPE_BY_FOLD and bare.upper() == bare:
            type_at = j
            front["type"] = _TYPE_BY_FOLD[fold(bare)]
            break
        elif bare.upper() == bare and any(c.isalpha() for c in bare):
            header_issuer.append(bare)
        else:
            break
        j += 1
    if type_at is None:
        raise NotADocument(
            "no document type heading such as 'KẾ HOẠCH' or 'QUYẾT ĐỊNH' near the top: this does not look like "
            "an official document (a news article?); nothing was written"
        )
    if "number" not in front and not portal.get("number"):
        raise NotADocument("no document number ('Số: 47/KH-UBND'): this does not look like an official document; nothing was written")

    # 3. Title: the lines after the type heading, up to the first blank line after them.
    k = type_at + 1
    while k < len(rest) and not rest[k]:
        k += 1
    title_lines = []
    while k < len(rest) and rest[k] and not re.match(r"^(-\s*)?(căn cứ|trên cơ sở|thực hiện)\b", _bare(rest[k]), re.I):
        title_lines.append(_bare(rest[k]))
        k += 1
    front["title"] = " ".join(title_lines)

    # 4. The tail: "Nơi nhận" and the signature block after the body.
    body_lines = rest[k:]
    end = len(body_lines)
    for n in range(len(body_lines) - 1, -1, -1):
        bare = _bare(body_lines[n])
        if fold(bare).startswith("noi nhan") or _SIGN_TITLE.match(bare):
            end = n
        elif bare and end - n > 1 and not bare.startswith("-") and not (bare.upper() == bare):
            if end < len(body_lines) and not (_SIGN_TITLE.match(bare) or fold(bare).startswith("noi nhan")):
                # a name line belongs to the tail only when a title precedes it
                if n > 0 and any(_SIGN_TITLE.match(_bare(x)) for x in body_lines[max(0, n - 6):n]):
                    continue
                break
    tail, body_lines = body_lines[end:], body_lines[:end]
    recipients, titles, signer = [], [], ""
    in_recipients = False
    for line in tail:
        bare = _bare(line)
        if not bare:
            continue
        if fold(bare).startswith("noi nhan"):
            in_recipients = True
            after = bare.split(":", 1)[1].strip() if ":" in bare else ""
            if after:
                recipients.append(after.lstrip("- ").strip())
        elif in_recipients and bare.startswith(("-", "+", "•")):
            recipients.append(bare.lstrip("-+• ").strip())
        elif bare.upper() == bare and any(c.isalpha() for c in bare):
            in_recipients = False
            titles.append(bare)
        elif in_recipients and recipients:
            recipients[-1] += " " + bare
        else:
            in_recipients = False
            signer = bare if not signer else f"{signer} {bare}"

    # 5. References and body.
    references = []
    for line in body_lines:
        m = _REFERENCE.match(_bare(line))
        if m:
            references.append({k2: v for k2, v in {
                "type": m.group("type").capitalize() if m.group("type").isupper() else m.group("type"),
                "number": re.sub(r"\s*/\s*", "/", m.group("number")),
                "date": _date(*re.match(_DATE, m.group("date")).groups()),
                "issuer": (m.group("issuer") or "").strip(),
                "title": re.split(r",\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])", (m.group("title") or "").strip())[0],
            }.items() if v})
    body = to_markdown(body_lines)
    if comments:
        body = "".join(f"<!-- {c} -->\n" for c in comments) + "\n" + body

    # 6. Fill from the portal where the document is silent; never overwrite what it says.
    for key in ("number", "type", "signer", "field"):
        if portal.get(key) and not front.get(key):
            front[key] = portal[key]
    if portal.get("number") and front.get("number") and re.sub(r"\s", "", portal["number"]) != front["number"]:
        notes.append(f"the portal says number {portal['number']}, the document {front['number']}: the document's is kept")
    for key in ("signed", "effective"):
        value = portal.get(key)
        if value:
            m = re.search(_DATE, value)
            parsed = _date(*m.groups()) if m else None
            if parsed and not front.get(key):
                front[key] = parsed
            elif parsed and front.get(key) != parsed:
                notes.append(f"the portal gives {key} {value}, the document {front[key]:%d/%m/%Y}: the document's is kept")
    if titles:
        front["signer_title"] = " / ".join(titles)
    if signer and not front.get("signer"):
        front["signer"] = signer
    elif signer and front.get("signer") and fold(signer) != fold(front["signer"]):
        notes.append(f"the portal names signer {front['signer']}, the signature {signer}: the portal's is kept")
    issuer = _issuer_case(header_issuer) if header_issuer else ""
    if not issuer:
        for line in body_lines:
            m = _ISSUER_SENTENCE.match(_bare(line)) or _CLOSING.match(_bare(line))
            if m:
                issuer = m.group("issuer").strip()
                notes.append(f"issuer read from the sentence: '{_bare(line)[:80]}…'")
                break
    if issuer:
        front["issuer"] = issuer
        front["level"] = level_of_issuer(issuer)
    _place_province(front, issuer, notes)
    if references:
        front["based_on"] = references
    if recipients:
        front["recipients"] = recipients
    wanted = ("number", "type", "title", "issuer", "level", "province", "place", "signed", "signer", "signer_title")
    missing = [key for key in wanted if not front.get(key)]
    return Imported({k: v for k, v in front.items() if v not in (None, "")}, body, missing, notes)


def _place_province(front: dict, issuer: str, notes: list[str]) -> None:
    places = registry()
    m = re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", issuer, re.I)
    candidates = [m.group(1)] if m else []
    if front.get("place"):
        candidates.append(front["place"])
    for name in candidates:
        try:
            places.province(name)
            front["province"] = name
            return
        except PlaceError:
            continue
    for name in ([front.get("place")] if front.get("place") else []):
        found = places.province_of_commune(name)
        if found:
            province, former = found
            front["province"] = former or province.short
            notes.append(f"province {front['province']} found from the commune '{name}' (the only one of that name)")
            return


def to_markdown(lines: list[str]) -> str:
    """The document's lines as Markdown with its own structure and numbering kept.

    I., II. become ``##`` headings, 1. ``###``, 1.1. ``####``; "-" items a list, "+"
    items a list nested in it, a) b) items list items that keep their letter.
    """
    blocks: list[tuple[bool | str, str]] = []  # (list item, table row or neither; Markdown)
    in_list = False
    for line in lines:
        bare = _bare(line)
        if not bare:
            continue
        if bare.startswith("|"):
            item, text = "table", line
        elif _ROMAN.match(bare):
            item, text = False, f"## {line}"
        elif _SUB.match(bare) and len(bare) < 140:
            item, text = False, f"#### {line}"
        elif _NUMBERED.match(bare) and len(bare) < 120 and not bare.rstrip("*_ ").endswith((".", ";")):
            item, text = False, f"### {line}"
        elif bare.startswith(("- ", "– ", "• ")):
            item, text = True, f"- {_escape(line.lstrip('-–• ').strip())}"
        elif bare.startswith("+ "):
            item, text = True, ("    " if in_list else "") + f"- {_escape(line.lstrip('+ ').strip())}"
        elif _LETTERED.match(bare):
            item, text = True, f"- {_escape(line)}"
        else:
            item, text = False, _escape(line)
        in_list = item is True
        blocks.append((item, text))
    out = []
    for n, (item, text) in enumerate(blocks):
        if n:
            out.append("\n" if item and item == blocks[n - 1][0] else "\n\n")
        out.append(text)
    return "".join(out) + "\n"


def _escape(line: str) -> str:
    """Text that Markdown would otherwise read as structure: numbered lists, quotes, headings, HTML."""
    line = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", line)
    line = re.sub(r"^([#>+])", r"\\\1", line)
    return line.replace("<", "&lt;").replace("[", "\\[")


def import_file(path: Path) -> Imported:
    """The plan in a .docx or text file; a ValueError says why a file cannot be read."""
    if path.suffix.lower() == ".docx":
        from .docx import docx_lines

        return import_text("\n".join(docx_lines(path)))
    size = path.stat().st_size
    if size > 4 * MAX_TEXT:  # a character takes at most four bytes
        raise ValueError(f"the file is {size:,} bytes, more than a plan of {MAX_TEXT:,} characters may take; "
                         "import it in parts")
    try:
        return import_text(path.read_bytes())
    except YamlError as exc:  # not UTF-8 or UTF-16 text
        raise ValueError(exc.message) from None

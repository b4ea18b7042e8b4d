"""Cases of the site batch (:mod:`corpus_site`): records and plans, hostile or malformed.

- the corpus's own ``invalid/`` site, one case per file, each reported exactly as
  ``invalid-report.txt`` says;
- every text field of every kind of record and plan, with markup payloads that must stay inert
  and readable where they are text;
- YAML and Unicode tricks: each must be refused with its field named, or published as meant.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zlib
from pathlib import Path

from PIL import Image

from corpus_harness import CORPUS, EVENT, PLAN, SHOWROOM, Case, product, quoted
from corpus_site import (SiteBatch, all_of, exactly, inert, page_exists, published, reported)

# -- the corpus's invalid/ site, one case per file ---------------------------------------------------


def _runtime_files(outside: Path) -> dict[str, object]:
    """The invalid inputs the repository does not keep as files (large, links, special files)."""
    valid = (CORPUS / "invalid/catalog/products/00-valid.yaml").read_text("utf-8")
    composed = (CORPUS / "invalid/content/plans/plan-duplicate-key.md").read_text("utf-8").replace("level: district\n", "")

    def secret(path: Path) -> None:
        outside.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 64)).save(outside / "secret.jpg", "JPEG")
        (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
        os.symlink(outside / "secret.jpg", path)

    def link_passwd(path: Path) -> None:
        outside.mkdir(parents=True, exist_ok=True)
        (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
        os.symlink(outside / "passwd", path)

    return {
        "catalog/products/yaml-huge.yaml": lambda p: p.write_text("# 30 MB.\n" + "description: " + "a" * 30_000_000 + "\n"),
        "catalog/products/yaml-nesting-megabyte.yaml": lambda p: p.write_text("tags: " + "[" * 1_000_000 + "\n"),
        "catalog/products/markdown-too-long.yaml": lambda p: p.write_text(
            valid.replace("id: nuoc-mam-dam-doi", "id: mo-ta-dai") + "description: |\n  " + "Nước mắm ngon. " * 1500 + "\n", "utf-8"),
        "catalog/products/link-to-outside.yaml": link_passwd,
        "catalog/images/link-outside.jpg": secret,
        "catalog/images/fifo.jpg": lambda p: os.mkfifo(p),
        "catalog/images/bomb.png": lambda p: Image.new("1", (20_000, 20_000)).save(p),
        "catalog/images/huge.png": lambda p: Image.new("1", (9_000, 9_000)).save(p),
        "content/leak.txt": link_passwd,
        "content/plans/plan-huge.md": lambda p: p.write_text("---\nnumber: 1/KH\n---\n" + "Nội dung. " * 300_000, "utf-8"),
        unicodedata.normalize("NFC", "content/plans/kế-hoạch-năm.md"): composed,
        unicodedata.normalize("NFD", "content/plans/kế-hoạch-năm.md"): composed,
    }


INVALID_REPORT = (CORPUS / "invalid-report.txt").read_text("utf-8").splitlines()


def invalid_cases(outside: Path) -> list[Case]:
    """A case per file of ``invalid/`` and per input made at run time, checked against its lines of
    ``invalid-report.txt``. Files that are only referred to (images) belong to the record naming them."""
    runtime = _runtime_files(outside)
    by_file: dict[str, list[str]] = {}
    for line in INVALID_REPORT:
        by_file.setdefault(re.match(r"([^:]+?)(:\d+)?: ", line).group(1), []).append(line)
    images = {rel: content for rel, content in runtime.items() if rel.startswith("catalog/images/")}
    cases = []
    for rel, lines in sorted(by_file.items()):
        files: dict[str, object] = {}
        source = CORPUS / "invalid" / rel
        if source.is_file() and not source.is_symlink():
            files[rel] = source.read_bytes()
        if rel in runtime:
            files[rel] = runtime[rel]
        if "images-bad" in rel:
            files.update(images)
            files.update({f"catalog/images/{p.name}": p.read_bytes() for p in (CORPUS / "invalid/catalog/images").iterdir()})
        if rel.startswith("content/plans/kế-hoạch-năm"):
            files.update({k: v for k, v in runtime.items() if "kế-hoạch-năm" in unicodedata.normalize("NFC", k)})
        stem = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", rel).encode("ascii", "ignore").decode().lower()).strip("-")
        kind = ("resource cost" if "huge" in rel or "bomb" in rel or "nesting" in rel or "too-long" in rel
                else "active content" if "markup" in rel or "picture" in rel or "link" in rel or "leak" in rel
                else "data loss" if "identity" in rel or "nfd" in rel or "kế-hoạch" in unicodedata.normalize("NFC", rel)
                else "broken output")
        area = "plans" if rel.startswith("content/") else "images" if "images" in rel else "records"
        cases.append(Case(f"invalid-{stem}", kind, area, "reported exactly as invalid-report.txt says", files,
                          exactly(rel, lines)))
    return cases


# -- payloads in every text field ---------------------------------------------------------------

def _payloads(token: str) -> dict[str, str]:
    call = f"window.__{token}=1"
    return {
        "script": f"<script>{call}</script>",
        "attribute": f"\"'><img src=x onerror=\"{call}\"> ' onmouseover='{call}'",
        "end-script": f"</script><script>{call}</script></title><script>{call}</script>",
        "md-link": f"[bấm vào](javascript:{call}) <javascript:{call}>",
        "entity-link": f"<a href=\"&#106;avascript:{call}\">x</a> <a href=\"java&#x09;script:{call}\">y</a>",
        "svg": f"<svg onload=\"{call}\"><script>{call}</script><animate onbegin=\"{call}\"/></svg>",
        "mutation": f"<math><mtext><table><mglyph><style><img src=x onerror=\"{call}\">",
        "frame": f"<iframe srcdoc=\"<script>{call}</script>\"></iframe><object data=\"javascript:{call}\"></object>",
        "refresh": f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{call}\"><base href=\"javascript:{call}//\">",
        "template": f"{{{{ '{token}' ~ 7*7 }}}} {{% raw %}}{{{{ config }}}}",
        "formula": f"=HYPERLINK(\"https://evil.example/\",\"{token}\")",
    }


TEXT = ("script", "attribute", "end-script", "template")
MARKDOWN = ("script", "attribute", "md-link", "entity-link", "svg", "mutation", "frame", "refresh", "template")
IN_CSV = ("formula",)

# (kind, field, how the payload is written into a record of that kind, kept as text)
FIELDS = [
    ("product", "name", "name", True),
    ("product", "name_en", "name_en: {v}\n", True),
    ("product", "packaging", "packaging: {v}\n", True),
    ("product", "tags", "tags:\n  - {v}\n", True),
    ("product", "certificate.number", "number", True),
    ("product", "certificate.issuer", "issuer", True),
    ("product", "where_to_buy.name", "where_to_buy:\n  - name: {v}\n    address: 01 Hùng Vương, tỉnh Cà Mau\n", True),
    ("product", "where_to_buy.address", "where_to_buy:\n  - name: Cửa hàng\n    address: {v}\n", True),
    ("product", "images.alt", "images:\n  - file: images/anh.png\n    alt: {v}\n", False),
    ("product", "description", "description: |\n  Mô tả {v}\n", False),
    ("product", "story", "story: |\n  Câu chuyện {v}\n", False),
    ("producer", "name", "name", True),
    ("producer", "representative", "representative: {v}\n", True),
    ("producer", "description", "description: |\n  Giới thiệu {v}\n", False),
    ("event", "name", "name", True),
    ("event", "venue", "venue", True),
    ("event", "organizer", "organizer: {v}\n", True),
    ("event", "booth", "booth", True),
    ("event", "description", "description: |\n  Giới thiệu {v}\n", False),
    ("showroom", "name", "name", True),
    ("showroom", "hours", "hours: {v}\n", True),
    ("showroom", "operator", "operator: {v}\n", True),
    ("showroom", "description", "description: |\n  Giới thiệu {v}\n", False),
    ("plan", "title", "title", True),
    ("plan", "signer", "signer: {v}\n", True),
    ("plan", "field", "field: {v}\n", True),
    ("plan", "recipients", "recipients:\n  - {v}\n", True),
    ("plan", "attachments.title", "attachments:\n  - file: files/phu-luc.txt\n    title: {v}\n", True),
    ("plan", "targets.label", "targets:\n  - label: {v}\n    count: 2\n    year: 2024\n", True),
    ("plan", "based_on.title", "based_on:\n  - type: Kế hoạch\n    number: 47/KH-UBND\n    date: 29/3/2023\n"
                               "    issuer: Ủy ban nhân dân tỉnh Cà Mau\n    title: {v}\n", False),
    ("plan", "body", "body", False),
]
MARKDOWN_FIELDS = {"description", "story", "body"}
CSV_FIELDS = {("product", "name"), ("product", "certificate.issuer"), ("product", "packaging"), ("producer", "name"),
              ("event", "name")}
FOLDER = {"product": "catalog/products", "producer": "catalog/producers", "event": "catalog/events",
          "showroom": "catalog/showrooms", "plan": "content/plans"}
PAGE = {"product": "san-pham", "producer": "chu-the", "event": "hoi-cho", "showroom": "diem-ban", "plan": "ke-hoach"}


def record(kind: str, id: str, field: str, how: str, value: str) -> tuple[str, str]:
    """(path, text) of a valid record of ``kind`` whose ``field`` holds ``value``."""
    q = quoted(value)
    name = q if how == "name" else quoted(f"Bản ghi {id}")
    if kind == "product":
        text = product(id, name)
        if how in ("number", "issuer"):
            text = re.sub(rf"(?m)^  {how}: .*$", f"  {how}: {q}", text)
        elif how != "name":
            text += how.format(v=q)
    elif kind == "producer":
        text = f"id: {id}\nname: {name}\nkind: HTX\nprovince: Cà Mau\naddress: xã Đầm Dơi, tỉnh Cà Mau\n"
        text += how.format(v=q) if how != "name" else ""
    elif kind == "event":
        text = EVENT.format(id=id, name=name)
        if how == "venue":
            text = re.sub(r"(?m)^venue: .*$", f"venue: {q}", text)
        elif how == "booth":
            text = text.replace("products: [nuoc-mam-dam-doi]", f"products:\n  - id: nuoc-mam-dam-doi\n    booth: {q}")
        elif how != "name":
            text += how.format(v=q)
    elif kind == "showroom":
        text = SHOWROOM.format(id=id, name=name) + (how.format(v=q) if how != "name" else "")
    else:
        body = value if how == "body" else "Nội dung."
        text = PLAN.format(number=f"{zlib.crc32(id.encode()) % 9000 + 100}/KH-UBND", title=q if how == "title" else quoted(f"Kế hoạch {id}"),
                           body=f"Nội dung {body}")
        if how not in ("title", "body"):
            text = text.replace("signed: 12/3/2024\n", "signed: 12/3/2024\n" + how.format(v=q), 1)
        return f"{FOLDER[kind]}/{id}.md", text
    return f"{FOLDER[kind]}/{id}.yaml", text


def payload_cases() -> list[Case]:
    cases = []
    for kind, field, how, is_text in FIELDS:
        markdown = field.split(".")[-1] in MARKDOWN_FIELDS
        names = list(MARKDOWN if markdown else TEXT) + (list(IN_CSV) if (kind, field) in CSV_FIELDS else [])
        for payload in names:
            slug = f"{kind}-{field.replace('.', '-').replace('_', '-')}-{payload}"
            id = f"x-{slug}"
            token = "ocopxss" + re.sub(r"[^a-z0-9]", "", slug)
            value = _payloads(token)[payload]
            path, text = record(kind, id, field, how, value)
            page = f"{PAGE[kind]}/{id}"
            files = {path: text}
            if "images" in field:
                files["catalog/images/anh.png"] = (CORPUS / "hostile/catalog/images/anh.png").read_bytes()
            if "attachments" in field:
                files["content/plans/files/phu-luc.txt"] = "Phụ lục.\n"
            if payload == "template":
                check = inert(page, token, False)
                check = all_of(check, _literal_template(page, token))
                kind_of = "broken output"
            elif payload == "formula":
                check, kind_of = _no_formula(token), "broken output"
            else:
                check, kind_of = inert(page, token, is_text and payload in ("script", "attribute", "end-script")), "active content"
            holds = ("a formula cell in no CSV" if payload == "formula" else
                     "text shown literally, never evaluated" if payload == "template" else
                     "nothing live anywhere in the site; text fields show the text")
            cases.append(Case(f"payload-{slug}", kind_of, "plans" if kind == "plan" else "records", holds, files,
                              published(path, check, field), None, {"token": token}))
    return cases


def _literal_template(page: str, token: str):
    def check(batch: SiteBatch) -> None:
        body = (batch.out / page / "index.html").read_text("utf-8")
        assert f"{token}49" not in body, "a template expression in a record was evaluated"
    return check


def _no_formula(token: str):
    def check(batch: SiteBatch) -> None:
        cells = [(rel, cell) for rel, cell in batch.csv_cells() if token in cell]
        assert cells, "the text is in no CSV (the case tests nothing)"
        assert [(rel, cell) for rel, cell in cells if cell[:1] in "=+-@\t\r"] == []
    return check


# -- YAML, Unicode and identity tricks ----------------------------------------------------------

P, V, E, S, K = "catalog/products", "catalog/producers", "catalog/events", "catalog/showrooms", "content/plans"


def h1_is(page: str, expected: str):
    def check(batch: SiteBatch) -> None:
        assert " ".join(batch.text(page, "//h1").split()) == expected
    return check


def page_lacks(page: str, *texts: str):
    def check(batch: SiteBatch) -> None:
        body = " ".join(batch.text(page, "//body").split())
        assert [t for t in texts if t in body] == [], body[:2000]
    return check


def html_lacks(page: str, *texts: str):
    """The page's HTML (attributes included) holds none of ``texts``."""
    def check(batch: SiteBatch) -> None:
        html = batch.page(page).read_text("utf-8")
        assert [t for t in texts if t in html] == []
    return check


def page_has(page: str, *texts: str):
    def check(batch: SiteBatch) -> None:
        body = " ".join(batch.text(page, "//body").split())
        assert [t for t in texts if t not in body] == [], body[:2000]
    return check


def api_record(kind: str, id: str, key: str, expected):
    """The open data's JSON record of ``id`` has ``key`` equal to ``expected``."""
    def check(batch: SiteBatch) -> None:
        data = json_values_of(batch, f"api/v1/{kind}/{id}.json")
        assert data.get(key) == expected, data
    return check


def json_values_of(batch: SiteBatch, rel: str):
    return json.loads((batch.out / rel).read_text("utf-8"))


def valid_json_everywhere(batch: SiteBatch) -> None:
    """Every JSON file the site publishes parses as strict JSON (no NaN, no Infinity)."""
    def refuse(value):
        raise ValueError(f"not JSON: {value}")
    bad = []
    for path in batch.out.rglob("*.json"):
        try:
            json.loads(path.read_text("utf-8"), parse_constant=refuse)
        except ValueError as exc:
            bad.append(f"{path.relative_to(batch.out)}: {exc}")
    assert bad == []


def distinct_pages(*pages: str):
    def check(batch: SiteBatch) -> None:
        for page in pages:
            assert batch.page(page).is_file(), f"{page}: lost"
    return check


def both_published_or_reported(rel: str, own_page_of):
    """A look-alike of the valid record: refused with its id named, or published at its own address
    beside the original (nothing lost, nothing overwritten)."""
    def check(batch: SiteBatch) -> None:
        lines = batch.lines(rel)
        if lines:
            assert any(": id: " in line for line in lines), lines
            return
        page = own_page_of(batch)
        assert page and page != "san-pham/nuoc-mam-dam-doi", "the look-alike took the original's address"
        assert batch.page(page).is_file() and batch.page("san-pham/nuoc-mam-dam-doi").is_file()
    return check


def slug_of_name(name: str):
    def find(batch: SiteBatch) -> str | None:
        for row in json_values_of(batch, "san-pham/du-lieu.json")["products"]:
            if row[1] == name:
                return f"san-pham/{row[0]}"
        return None
    return find


WHITESPACE = {"space": " ", "nbsp": "\u00a0", "ideographic": "\u3000", "zero-width": "\u200b", "tab": "\t",
              "thin": "\u2009\u200a", "bom": "\ufeff"}
CONTROL = {"nul": "\\0", "escape": "\\e", "nonchar": "\\uFFFE", "nel": "\\x85", "line-separator": "\\u2028",
           "bell": "\\a", "del": "\\x7f", "c1": "\\x9b", "surrogate": "\\udc80"}
HELD_CONTROL = {"surrogate"}  # PyYAML itself refuses a lone surrogate (a line with no field)
LINE_BREAKS = {"nel", "line-separator"}  # U+0085 and U+2028 break lines: refused in a name, a new line in Markdown


def _record_text(kind: str, id: str, name: str) -> str:
    if kind == "product":
        return product(id, name)
    if kind == "producer":
        return f"id: {id}\nname: {name}\nkind: HTX\nprovince: Cà Mau\naddress: xã Đầm Dơi, tỉnh Cà Mau\n"
    if kind == "event":
        return EVENT.format(id=id, name=name)
    return SHOWROOM.format(id=id, name=name)


def trick_cases() -> list[Case]:
    cases: list[Case] = []

    def add(id, kind, area, holds, path, text, check, extra=None, solo=False):
        """``solo``: built in a site of its own, since a crash of the build would take the batch with it."""
        files = {path: text, **(extra or {})}
        cases.append(Case(id, kind, area, holds, files, check, data={"solo": solo}))

    # Empty identities and names: refused with the field named, never dropped or published blank.
    for label, blank in WHITESPACE.items():
        text = product("x", "Tên").replace("id: x", f'id: "{blank}"')
        add(f"blank-id-{label}", "data loss", "records", "an id of only whitespace is reported on its line",
            f"{P}/blank-id-{label}.yaml", text, reported(f"{P}/blank-id-{label}.yaml", "id"))
    for kind in ("product", "producer", "event", "showroom"):
        for label in ("space", "nbsp", "zero-width"):
            path = f"catalog/{kind}s/blank-name-{label}.yaml"
            add(f"blank-name-{kind}-{label}", "data loss", "records", "a name of only whitespace is reported",
                path, _record_text(kind, f"blank-name-{kind}-{label}", f'"{WHITESPACE[label]}"'), reported(path, "name"))
    add("blank-plan-title", "data loss", "plans", "a plan title of only whitespace is reported",
        f"{K}/blank-title.md", PLAN.format(number="901/KH-UBND", title='"\u00a0"', body="Nội dung."),
        reported(f"{K}/blank-title.md", "title"))

    # Control characters written as YAML escapes: refused like typed ones.
    for label, escape in CONTROL.items():
        for field in ("name", "description"):
            text = product(f"ctl-{label}-{field}", f'"Tên {escape} x"' if field == "name" else "Tên")
            if field == "description":
                text += f'description: "Mô tả {escape} x"\n'
            path = f"{P}/control-{label}-{field}.yaml"
            if label in LINE_BREAKS and field == "description":
                add(f"control-{label}-{field}", "broken output", "records",
                    "a line separator written as an escape is a line break of the Markdown (or is refused)", path, text,
                    published(path, html_lacks(f"san-pham/ctl-{label}-{field}", "\x85", "\u2028"), field))
                continue
            add(f"control-{label}-{field}", "broken output", "records",
                "a control character written as an escape is refused like a typed one", path, text,
                reported(path, None if label in HELD_CONTROL else field))
    path = f"{E}/multi-line-name.yaml"
    add("event-name-multi-line", "crash/hang", "records", "a line break in a one-line name is reported, no traceback",
        path, EVENT.format(id="ten-hai-dong", name='"Hội chợ\\nBEGIN:VEVENT"'), reported(path, "name"), solo=True)
    for kind in ("product", "producer", "showroom"):
        path = f"catalog/{kind}s/multi-line-name.yaml"
        add(f"{kind}-name-multi-line", "broken output", "records", "a line break in a one-line name is reported",
            path, _record_text(kind, f"{kind}-hai-dong", '"Dòng một\\nDòng hai"'), reported(path, "name"))

    # YAML 1.1 readings of what officers type.
    path = f"{S}/hours-sexagesimal.yaml"
    add("yaml-hours-sexagesimal", "broken output", "records", "'hours: 7:30' reads as the text 7:30 (or is reported)",
        path, SHOWROOM.format(id="gio-mo-cua", name="Điểm bán giờ") + "hours: 7:30\n",
        published(path, page_has("diem-ban/gio-mo-cua", "7:30"), "hours"))
    path = f"{S}/hours-sexagesimal-range.yaml"
    add("yaml-hours-sexagesimal-seconds", "broken output", "records", "'hours: 7:30:00' reads as text (or is reported)",
        path, SHOWROOM.format(id="gio-mo-cua-2", name="Điểm bán giờ 2") + "hours: 7:30:00\n",
        published(path, page_has("diem-ban/gio-mo-cua-2", "7:30:00"), "hours"))
    for word in ("yes", "no", "on", "off"):
        path = f"{P}/yaml-bool-{word}.yaml"
        add(f"yaml-bool-tag-{word}", "broken output", "records", f"a tag '{word}' is shown as {word} (or reported)",
            path, product(f"the-{word}", f"Tên {word}", f"tags: [{word}, đặc sản]\n"),
            published(path, page_lacks(f"san-pham/the-{word}", "True", "False"), "tags"))
        path = f"{P}/yaml-bool-packaging-{word}.yaml"
        add(f"yaml-bool-packaging-{word}", "broken output", "records", f"packaging '{word}' is not printed as True/False",
            path, product(f"dong-goi-{word}", f"Đóng gói {word}", f"packaging: {word}\n"),
            published(path, page_lacks(f"san-pham/dong-goi-{word}", "True", "False"), "packaging"))
    path = f"{P}/yaml-octal-packaging.yaml"
    add("yaml-octal-packaging", "broken output", "records", "packaging '010' is shown as 010",
        path, product("dong-goi-010", "Đóng gói 010", "packaging: 010\n"),
        published(path, page_has("san-pham/dong-goi-010", "010"), "packaging"))
    path = f"{P}/yaml-octal-name.yaml"
    add("yaml-octal-name", "broken output", "records", "a name '0100' is refused or shown as 0100",
        path, product("ten-so", "0100"), published(path, h1_is("san-pham/ten-so", "0100"), "name"))
    path = f"{P}/yaml-price-thousands.yaml"
    add("yaml-price-thousands-dot", "broken output", "records", "'price: 25.000' is 25,000 đồng (or reported), not 25",
        path, product("gia-ngan", "Giá nghìn", "price: 25.000\n"),
        published(path, api_record("products", "gia-ngan", "price", {"amount": 25000, "currency": "VND", "unit": None}),
                  "price"))
    path = f"{P}/yaml-price-float.yaml"
    add("yaml-price-float", "broken output", "records", "'price: 1.5' is refused or kept as written, never 1 đồng",
        path, product("gia-le", "Giá lẻ", "price: 1.5\n"), published(path, page_lacks("san-pham/gia-le", "1 đ"), "price"))
    for label, value in (("inf", ".inf"), ("nan", ".nan"), ("negative", "-120000"), ("huge", "1e400")):
        path = f"{P}/yaml-price-{label}.yaml"
        add(f"yaml-price-{label}", "broken output", "records", f"'price: {value}' is reported, the open data stays JSON",
            path, product(f"gia-{label}", f"Giá {label}", f"price: {value}\n"),
            published(path, all_of(valid_json_everywhere, page_lacks(f"san-pham/gia-{label}", "inf", "nan", "-120")), "price"))
    for label, value in (("nan", ".nan"), ("inf", ".inf"), ("text", "'9,17'"), ("huge", "1e400")):
        path = f"{S}/latitude-{label}.yaml"
        add(f"yaml-latitude-{label}", "broken output", "records", f"'latitude: {value}' is refused, JSON stays JSON",
            path, SHOWROOM.format(id=f"vi-do-{label}", name=f"Vĩ độ {label}") + f"latitude: {value}\nlongitude: 105.17\n",
            published(path, valid_json_everywhere, "latitude"))
    for label, value in (("nan", ".nan"), ("inf", ".inf"), ("float", "4.5"), ("bool", "yes"), ("huge", "4" * 40)):
        path = f"{P}/stars-{label}.yaml"
        add(f"yaml-stars-{label}", "broken output", "records", f"'stars: {value}' is reported on the stars line",
            path, product(f"sao-{label}", f"Sao {label}").replace("stars: 4", f"stars: {value}"), reported(path, "stars"))
    for label, value in (("name-null", "~"), ("name-mapping", "{a: b}"), ("name-list", "[a, b]")):
        path = f"{P}/yaml-{label}.yaml"
        add(f"yaml-{label}", "broken output", "records", "a name that YAML reads as no text is reported",
            path, product(label, value), reported(path, "name"))
    for label, value in (("name-inf", ".inf"), ("name-date", "2024-05-20"), ("name-float", "1.50"), ("name-exp", "1e3")):
        path = f"{P}/yaml-{label}.yaml"
        add(f"yaml-{label}", "broken output", "records", f"a name '{value}' is shown as written, or reported",
            path, product(label, value), published(path, h1_is(f"san-pham/{label}", value), "name"))
    path = f"{P}/yaml-null-tag.yaml"
    add("yaml-null-list-item", "broken output", "records", "an empty list item is reported or dropped, never the tag 'None'",
        path, product("the-rong", "Thẻ rỗng", "tags:\n  - nước mắm\n  -\n  - ~\n"),
        published(path, page_lacks("san-pham/the-rong", "None"), "tags"))
    lists = [  # (id, path, page, record text, field): a list where one text belongs
        ("packaging", f"{P}/list-packaging.yaml", "san-pham/ds-packaging", product("ds-packaging", "Danh sách", "packaging: [Chai 500 ml, Hộp]\n"), "packaging"),
        ("name-en", f"{P}/list-name-en.yaml", "san-pham/ds-name-en", product("ds-name-en", "Danh sách", "name_en: [Fish sauce, Nuoc mam]\n"), "name_en"),
        ("hours", f"{S}/list-hours.yaml", "diem-ban/ds-hours", SHOWROOM.format(id="ds-hours", name="Giờ danh sách") + "hours: [7h - 11h, 13h - 17h]\n", "hours"),
        ("shop-name", f"{P}/list-shop-name.yaml", "san-pham/ds-shop-name", product("ds-shop-name", "Danh sách", "where_to_buy:\n  - name: [Cửa hàng A, Cửa hàng B]\n"), "where_to_buy"),
        ("shop-address", f"{P}/list-shop-address.yaml", "san-pham/ds-shop-address", product("ds-shop-address", "Danh sách", "where_to_buy:\n  - name: Cửa hàng\n    address: [01 Hùng Vương, Cà Mau]\n"), "where_to_buy"),
        ("image-alt", f"{P}/list-image-alt.yaml", "san-pham/ds-image-alt", product("ds-image-alt", "Danh sách", "images:\n  - file: images/anh.png\n    alt: [Chai, Hộp]\n"), "images"),
        ("booth", f"{E}/list-booth.yaml", "hoi-cho/ds-booth", EVENT.format(id="ds-booth", name="Gian danh sách").replace("products: [nuoc-mam-dam-doi]", "products:\n  - id: nuoc-mam-dam-doi\n    booth: [A1, A2]"), "products"),
        ("attachment-title", f"{K}/list-attachment-title.md", "ke-hoach/list-attachment-title", PLAN.format(number="77/KH-UBND", title="Kế hoạch danh sách", body="x").replace("signed: 12/3/2024\n", "signed: 12/3/2024\nattachments:\n  - file: files/phu-luc.txt\n    title: [Phụ lục 1, Phụ lục 2]\n"), "attachments"),
        ("target-label", f"{K}/list-target-label.md", "ke-hoach/list-target-label", PLAN.format(number="78/KH-UBND", title="Kế hoạch chỉ tiêu", body="x").replace("signed: 12/3/2024\n", "signed: 12/3/2024\ntargets:\n  - label: [Sản phẩm, mới]\n    count: 2\n    year: 2024\n"), "targets"),
        ("recipient", f"{K}/list-recipient.md", "ke-hoach/list-recipient", PLAN.format(number="79/KH-UBND", title="Kế hoạch nơi nhận", body="x").replace("signed: 12/3/2024\n", "signed: 12/3/2024\nrecipients:\n  - [Sở A, Sở B]\n"), "recipients"),
    ]
    for label, path, page, text, field in lists:
        extra = {"catalog/images/anh.png": (CORPUS / "hostile/catalog/images/anh.png").read_bytes()} if "image" in label else {}
        if "attachment" in label:
            extra = {"content/plans/files/phu-luc.txt": "Phụ lục.\n"}
        add(f"yaml-list-as-{label}", "broken output", "records" if path.startswith("catalog") else "plans",
            "a list where one text belongs is reported, never printed as ['a', 'b']", path, text,
            published(path, html_lacks(page, "['", "[&#39;", "[&#x27;"), field), extra)
    for label, key in (("int", "1"), ("null", "~"), ("bool", "true"), ("date", "2024-01-01"), ("float", "1.5"),
                       ("complex", "? [a, b]\n"), ("empty", '""')):
        path = f"{P}/key-{label}.yaml"
        line = f"{key}: x\n" if label != "complex" else "? [a, b]\n: x\n"
        add(f"yaml-key-{label}", "crash/hang", "records", "a key that is not a string is reported, no traceback",
            path, product(f"khoa-{label}", "Khóa") + line, reported(path))
    for field, text in (("group", "group:\n"), ("certificate", "certificate:\n"), ("images[1]", "images:\n  - ~\n"),
                        ("where_to_buy[1]", "where_to_buy:\n  - ~\n"), ("contact", 'contact: ""\n'),
                        ("certificate.date", "  date:\n"), ("stars", "stars: ''\n")):
        slug = re.sub(r"[^a-z]+", "-", field).strip("-")
        path = f"{P}/empty-{slug}.yaml"
        base = product(f"trong-{slug}", "Trống")
        if field in ("group", "certificate", "stars"):
            base = re.sub(rf"(?ms)^{field}:.*?(?=^\w)", "", base) + text
        elif field == "certificate.date":
            base = base.replace("  date: 2024-05-20\n", text)
        else:
            base += text
        add(f"yaml-empty-{slug}", "crash/hang", "records",
            "an empty or null value is reported with its field, no traceback", path, base, reported(path, field),
            solo=field == "certificate")

    # Identities: look-alikes and file names.
    for label, id in (("zero-width-suffix", "nuoc-mam-dam-doi\u200b"), ("cyrillic-a", "nuoc-m\u0430m-dam-doi"),
                      ("fullwidth", "ｎｕｏｃ-ｍａｍ-ｄａｍ-ｄｏｉ"), ("soft-hyphen", "nuoc-mam-\u00addam-doi"),
                      ("bidi-override", "\u202enuoc-mam-dam-doi"), ("dotless-i", "nuoc-mam-dam-doı"),
                      ("trailing-space", "nuoc-mam-dam-doi\u00a0"), ("en-dash", "nuoc–mam-dam-doi")):
        path = f"{P}/lookalike-{label}.yaml"
        name = f"Bắt chước {label}"
        add(f"id-lookalike-{label}", "data loss", "records",
            "a look-alike of an existing id is refused or gets its own address: nothing overwritten",
            path, product(f'"{id}"', name), both_published_or_reported(path, slug_of_name(name)))
    for label, id in (("dots", '".."'), ("slash", '"../../etc"'), ("absolute", '"/etc/passwd"'),
                      ("backslash", '"..\\\\..\\\\x"'), ("url", '"https://evil.example/"'), ("query", '"a?b#c"'),
                      ("percent", '"%2e%2e"'), ("only-symbols", '"★★★"'), ("emoji", '"🐟"')):
        path = f"{P}/id-path-{label}.yaml"
        name = f"Đường dẫn {label}"
        add(f"id-path-{label}", "data loss", "records", "an id that is a path or has no letters is refused or published inside san-pham/",
            path, product(id, name), _id_inside(path, name))
    for name in ("CON", "aux", "NUL.txt", "com1", "LPT9"):
        path = f"{P}/{name}.yaml"
        slug = name.lower().replace(".", "-")
        add(f"file-device-name-{slug}", "data loss", "records", "a record named like a Windows device is published",
            path, product(f"thiet-bi-{slug}", f"Thiết bị {name}"), page_exists(f"san-pham/thiet-bi-{slug}"))
    path = unicodedata.normalize("NFD", f"{P}/nước-mắm-nfd.yaml")
    add("file-name-nfd", "data loss", "records", "a record whose file name is decomposed (macOS) is published",
        path, product("ten-tep-nfd", "Tên tệp NFD"), page_exists("san-pham/ten-tep-nfd"))
    long_name = "a" * 240 + ".yaml"
    add("file-name-very-long", "data loss", "records", "a record with a 245-byte file name is published",
        f"{P}/{long_name}", product("ten-tep-dai", "Tên tệp dài"), page_exists("san-pham/ten-tep-dai"))
    for n, (a, b) in enumerate((("Hoa.yaml", "hoa.yaml"), ("HOA.YAML", "hoa.yml")), 1):
        add(f"file-case-{n}", "data loss", "records",
            f"two records in files {a} and {b} (names differing only in case) are both published",
            f"{P}/{a}", product(f"hoa-{n}-a", "Hoa A"), distinct_pages(f"san-pham/hoa-{n}-a", f"san-pham/hoa-{n}-b"),
            extra={f"{P}/{b}": product(f"hoa-{n}-b", "Hoa B")})
    path = f"{P}/bidi-name.yaml"
    add("name-bidi-override", "broken output", "records", "a name with a bidi override is refused or shown exactly",
        path, product("ten-dao-chieu", '"Nước mắm \u202egpj.exe"'), published(path, h1_is("san-pham/ten-dao-chieu", "Nước mắm \u202egpj.exe"), "name"))
    path = f"{P}/zalgo-name.yaml"
    add("name-combining-flood", "resource cost", "records", "a name with 300 combining marks on a letter is refused or published",
        path, product("ten-zalgo", '"N' + "\u0301" * 300 + 'ước"'), published(path, page_exists("san-pham/ten-zalgo"), "name"))
    return cases


def _id_inside(rel: str, name: str):
    def check(batch: SiteBatch) -> None:
        lines = batch.lines(rel)
        if lines:
            assert any(": id: " in line for line in lines), lines
            return
        page = slug_of_name(name)(batch)
        assert page, "the record was accepted but is in no page (lost)"
        assert batch.page(page).resolve().is_relative_to((batch.out / "san-pham").resolve())
    return check

"""The corpus of bad and hostile input (tests/corpus/, see its README), run whole.

``invalid/`` holds one bad case per file: validation must name each with its file, line and
field, exactly as in ``invalid-report.txt``, and never crash. ``hostile/`` holds valid records
with markup in every text field and Markdown: the site must build, and nothing in it may run.
Cases too big to keep in the repository (a 30 MB record, a decompression bomb) and links or
special files are made here at run time.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import icalendar
import pytest
from lxml import etree
from PIL import Image

from conftest import CORPUS, HOSTILE_SITE_URL as SITE_URL, Site
from generator.cli import main as cli
from generator.project.assemble import load
from generator.devtools.sitecheck import check_site

MARKER = "ocopxss"  # every payload in the corpus sets window.__ocopxss


def add_runtime_cases(root: Path, outside: Path) -> None:
    """The cases the repository does not keep as files."""
    outside.mkdir(parents=True, exist_ok=True)
    products, images = root / "catalog" / "products", root / "catalog" / "images"
    valid = (products / "00-valid.yaml").read_text("utf-8")
    (products / "yaml-huge.yaml").write_text("# 30 MB.\n" + "description: " + "a" * 30_000_000 + "\n")
    (products / "yaml-nesting-megabyte.yaml").write_text("tags: " + "[" * 1_000_000 + "\n")  # crashed PyYAML's C composer
    (products / "markdown-too-long.yaml").write_text(
        valid.replace("id: nuoc-mam-dam-doi", "id: mo-ta-dai") + "description: |\n  " + "Nước mắm ngon. " * 1500 + "\n", "utf-8")
    secret = outside / "secret.jpg"
    Image.new("RGB", (64, 64)).save(secret, "JPEG")
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.symlink(outside / "passwd", products / "link-to-outside.yaml")
    os.symlink(secret, images / "link-outside.jpg")
    os.mkfifo(images / "fifo.jpg")  # reading it would block forever
    Image.new("1", (20_000, 20_000)).save(images / "bomb.png")  # 400 megapixels in 50 kB
    Image.new("1", (9_000, 9_000)).save(images / "huge.png")  # 81 megapixels, under Pillow's own bomb limit
    os.symlink(outside / "passwd", root / "content" / "leak.txt")  # MkDocs would publish it
    plans = root / "content" / "plans"
    (plans / "plan-huge.md").write_text("---\nnumber: 1/KH\n---\n" + "Nội dung. " * 300_000, "utf-8")
    composed = (plans / "plan-duplicate-key.md").read_text("utf-8").replace("level: district\n", "")
    (plans / unicodedata.normalize("NFC", "kế-hoạch-năm.md")).write_text(composed, "utf-8")
    (plans / unicodedata.normalize("NFD", "kế-hoạch-năm.md")).write_text(composed, "utf-8")


@pytest.fixture(scope="module")
def invalid(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("invalid")
    root = Site(base / "site").root
    shutil.copytree(CORPUS / "invalid", root, symlinks=True, dirs_exist_ok=True)
    add_runtime_cases(root, base / "outside")
    return root


def report_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line and not line.startswith("\n") and "problem(s)" not in line]


def test_every_bad_input_is_reported_with_file_line_and_field(invalid):
    """Run as an officer would: a crash (a traceback, or the interpreter dying) fails the test."""
    run = subprocess.run([sys.executable, "-m", "generator.cli", "validate", str(invalid)],
                         capture_output=True, text=True, timeout=300, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, run.stderr
    expected = (CORPUS / "invalid-report.txt").read_text("utf-8").splitlines()
    assert report_lines(run.stderr) == expected
    # No case passes silently: every record of the corpus is named in the report.
    named = {unicodedata.normalize("NFC", line.split(":")[0]) for line in expected}
    records = {p.relative_to(invalid).as_posix() for p in (invalid / "catalog").glob("*/*")
               if p.parent.name in ("products", "events", "showrooms") and p.name not in ("00-valid.yaml", ".gitkeep")}
    records |= {p.relative_to(invalid).as_posix() for p in (invalid / "content" / "plans").glob("*.md")}
    assert {unicodedata.normalize("NFC", r) for r in records} - named == set()


def test_a_site_with_bad_input_is_never_built(invalid, tmp_path, capsys):
    out = tmp_path / "public"
    assert cli.main(["build", str(invalid), "--site-dir", str(out)]) == 1
    assert "catalog/products/yaml-tab.yaml:4: a tab character" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- hostile markup ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_catalog(hostile):
    catalog, plans, problems = load(hostile[0], date="2026-11-23")
    assert not problems, problems.report()
    return catalog, plans


NEVER_USED = ("iframe", "frame", "object", "embed", "base", "math", "applet")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background")
FOREIGN = re.compile(r"\s*(javascript|vbscript|data):|evil\.example|tracker\.example", re.I)


def _json(text: str | None) -> bool:
    try:
        json.loads(text or "")
    except ValueError:
        return False
    return True


def active_markup(root) -> list[str]:
    """What of the corpus's payloads a browser would act on: script with the marker, event handlers,
    script or foreign URLs, frames and embeds (the site uses none), inline frames' srcdoc, style rules."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in NEVER_USED:
            found.append(f"<{tag}>")
        if tag == "script" and (element.get("type") or "").lower() == "application/ld+json" and _json(element.text):
            continue  # structured data: never run, and the record text stayed inside its JSON strings
        # (an <svg> is checked through what is inside it: charts show record names as text)
        if tag in ("script", "style") and (MARKER in "".join(element.itertext()) or "display:none" in (element.text or "")):
            found.append(f"<{tag}>{(element.text or '')[:60]}")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "srcdoc":
                found.append(f"<{tag} {name}>")
            elif (name in URL_ATTRIBUTES or (tag == "meta" and name == "content" and
                                             (element.get("http-equiv") or "").lower() == "refresh")) and FOREIGN.search(value):
                found.append(f"<{tag} {name}={value[:60]!r}>")
    return found


def test_hostile_markup_builds_into_inert_text(hostile):
    _, out = hostile
    pages = sorted(out.rglob("*.html"))
    parser = etree.HTMLParser(encoding="utf-8")
    with_payload = 0
    for page in pages:
        data = page.read_bytes()
        with_payload += MARKER.encode() in data
        root = etree.fromstring(data, parser)
        assert active_markup(root) == [], page.relative_to(out)
    assert with_payload >= 20  # the payloads were published, as text


def test_hostile_site_has_no_broken_link_or_duplicate_id(hostile):
    assert check_site(hostile[1], SITE_URL).problems == []


def text(out: Path, path: str, xpath: str) -> str:
    root = etree.fromstring((out / path / "index.html").read_bytes(), etree.HTMLParser(encoding="utf-8"))
    return " ".join("".join(root.xpath(xpath)[0].itertext()).split())


def test_hostile_text_reads_exactly_as_written(hostile, hostile_catalog):
    _, out = hostile
    catalog, plans = hostile_catalog
    squash = lambda s: " ".join(s.split())  # noqa: E731
    for record, path in [*((p, f"san-pham/{p.slug}") for p in catalog.products),
                         *((p, f"chu-the/{p.slug}") for p in catalog.producers),
                         *((e, f"hoi-cho/{e.slug}") for e in catalog.events),
                         *((s, f"diem-ban/{s.slug}") for s in catalog.showrooms)]:
        assert text(out, path, "//h1") == squash(record.name)
        assert text(out, path, "//title").startswith(squash(record.name))
    product = next(p for p in catalog.products if p.slug == "san-pham-doc")
    assert "OCOPFRAMEDESCRIPTION" in product.name  # a frame mark, kept as text in the title and body
    assert "<script>" in text(out, "san-pham/san-pham-doc", "//*[@class='ocop-tags']")
    for plan in plans:
        assert squash(plan.title) in text(out, f"ke-hoach/{plan.slug}", "//h1")
    # Markdown still works around the removed markup.
    description = text(out, "san-pham/san-pham-doc", "//section[h2[@id='mo-ta']]")
    assert "Đậm" in description and "liên kết thường" in description
    body = (out / "san-pham/san-pham-doc/index.html").read_text("utf-8")
    assert "<strong>Đậm</strong>" in body and "<table>" in body and '<a href="https://example.vn/a"' in body


def test_hostile_plan_citations_link_only_in_text(hostile):
    body = (hostile[1] / "ke-hoach/ke-hoach-doc/index.html").read_text("utf-8")
    assert 'số <a href="../../ke-hoach/ke-hoach-duoc-trich-dan/">2/KH-UBND ngày 02/01/2024</a>' in body
    assert 'title="Kế hoạch số 2/KH-UBND ngày 02/01/2024"' in body  # untouched inside the attribute
    assert "<a href=\"https://example.vn/van-ban\" rel=\"noopener noreferrer\">Kế hoạch số 2/KH-UBND ngày 02/01/2024</a>" in body
    # The body's heading "Căn cứ" and the page's own "Căn cứ ban hành" box keep apart.
    body_ids = re.findall(r'<h[2-6] id="([^"]+)"', body.split('class="ocop-plan__body"')[1].split('class="ocop-plan__end"')[0])
    assert body_ids == ["muc-i", "muc-i-1", "muc-can-cu", "muc-muc-luc"]
    assert 'id="can-cu"' in body and 'id="mucluc"' in body


def test_hostile_text_in_data_files_is_data(hostile, hostile_catalog):
    _, out = hostile
    catalog, plans = hostile_catalog
    data = json.loads((out / "san-pham/du-lieu.json").read_text("utf-8"))
    assert sorted(row[1] for row in data["products"]) == sorted(p.name for p in catalog.products)
    search = json.loads((out / "tim-kiem/du-lieu.json").read_text("utf-8"))
    assert {row[2] for row in search["items"] if row[0] == "chu-the"} == {p.name for p in catalog.producers}
    for event in catalog.events:
        calendar = icalendar.Calendar.from_ical((out / f"hoi-cho/{event.slug}/su-kien.ics").read_bytes())
        (item,) = calendar.walk("VEVENT")  # a name cannot open a second event
        assert str(item["SUMMARY"]) == event.name
    for product in catalog.products:
        svg = etree.fromstring((out / f"san-pham/{product.slug}/qr.svg").read_bytes())
        assert not svg.xpath("//*[local-name()='script']") and not [a for e in svg.iter() for a in e.attrib if a.startswith("on")]
        assert svg.findtext("{http://www.w3.org/2000/svg}title") == f"Mã QR: {product.name}"
        short = etree.fromstring((out / f"p/{product.slug}/index.html").read_bytes(), etree.HTMLParser(encoding="utf-8"))
        assert short.findtext(".//title") == product.name and active_markup(short) == []
    etree.parse(str(out / "sitemap.xml"))  # well-formed


def test_encodings_and_decomposed_text_read_like_composed_utf8(hostile, hostile_catalog):
    _, out = hostile
    catalog, _ = hostile_catalog
    names = {p.slug: p.name for p in catalog.products}
    assert names["tom-kho-utf16"] == "Tôm khô Đầm Dơi (UTF-16)"
    assert names["ca-kho-utf16-be"] == "Cá khô Đầm Dơi (UTF-16 BE)"
    assert names["muoi-bom"] == "Muối hột Đầm Dơi (BOM, CRLF)"
    # Typed decomposed (NFD): the same slug, the composed name everywhere, found by its composed id.
    honey = next(p for p in catalog.products if p.slug == "mat-ong-dam-doi-nfd")
    assert honey.name == "Mật ong rừng Đầm Dơi" and unicodedata.is_normalized("NFC", honey.name)
    assert honey in [x.product for x in catalog.events[0].participants] and honey in catalog.showrooms[0].products
    data = (out / "san-pham/du-lieu.json").read_text("utf-8")
    assert "Mật ong rừng Đầm Dơi" in data and unicodedata.normalize("NFD", "Mật ong") not in data

"""The red-team corpus (tests/corpus/, see its README): hostile input and faults, each a case
with its own result, run in batches that share one command.

``invalid/`` holds one bad case per file: validation must name each with its file, line and
field, exactly as in ``invalid-report.txt``, and never crash. ``hostile/`` holds valid records
with markup in every text field and Markdown: the site must build, and nothing in it may run.
The cases of ``corpus_*.py`` add the rest (records, plans, attachments, images, spreadsheets,
documents, configuration, caches, faults); a case that does not hold yet is a strict expected
failure naming the hole.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
import unicodedata
from pathlib import Path

import icalendar
import pytest
from lxml import etree

from conftest import CORPUS
from corpus_adapter import load_records
from corpus_harness import MARKER, active_markup, base_site, copy_site, new_site, ocop, params, write_files
from corpus_cache import CacheBatch, cache_batch, cache_cases, cache_solo_cases, warm_templates
from corpus_faults import Faults, fault_cases, fault_templates
from corpus_imports import document_cases, spreadsheet_cases
from corpus_media import photo_cases, photo_name_cases, plan_cases, whole_site_cases
from corpus_records import INVALID_REPORT, invalid_cases, payload_cases, trick_cases
from corpus_solo import Solo, command_cases, config_cases, record_cases
from corpus_site import SiteBatch, build_batch, files_named

def site_cases(outside: Path) -> list:
    return invalid_cases(outside) + payload_cases() + trick_cases() + photo_cases() + photo_name_cases() + plan_cases() + whole_site_cases()


SITE_CASES = site_cases(Path("/nonexistent"))
BATCHED = [c for c in SITE_CASES if not c.data.get("solo")]
SOLO = [c for c in SITE_CASES if c.data.get("solo")]


@pytest.fixture(scope="module")
def site_batch(tmp_path_factory) -> SiteBatch:
    """Every case of the site batch in one site: validated once, refused once, built once less what was refused."""
    base = tmp_path_factory.mktemp("corpus-site")
    root = new_site(base / "source")
    shutil.copytree(CORPUS / "invalid", root, symlinks=True, dirs_exist_ok=True)
    outside = base / "outside"
    cases = [c for c in site_cases(outside) if not c.data.get("solo")]
    for case in cases:
        write_files(root, case.files)
    return build_batch(root, base, cases, ocop)


@pytest.mark.parametrize("case", params(BATCHED))
def test_site_case(site_batch, case):
    case.check(site_batch)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """A small valid site that solo cases copy."""
    return base_site(tmp_path_factory.mktemp("corpus-small") / "site")


@pytest.mark.parametrize("case", params(SOLO))
def test_site_case_alone(small_site, tmp_path, case):
    """A case whose build may crash, in a site of its own."""
    root = copy_site(small_site, tmp_path / "source")
    write_files(root, case.files)
    case.check(build_batch(root, tmp_path, [case], ocop, try_whole=False))


SOLO_CASES = (record_cases() + command_cases() + config_cases() + cache_solo_cases() + spreadsheet_cases()
              + document_cases())
CACHE_CASES = cache_cases()


@pytest.fixture(scope="module")
def poisoned_cache(tmp_path_factory) -> CacheBatch:
    """One warm cache with every poisoning of the batch applied, rebuilt once, beside a clean build."""
    return cache_batch(tmp_path_factory.mktemp("corpus-cache"))


FAULT_CASES = fault_cases()


@pytest.fixture(scope="module")
def fault_sites(tmp_path_factory, small_site) -> dict[str, Path]:
    return fault_templates(tmp_path_factory.mktemp("corpus-fault-templates"), small_site)


@pytest.mark.parametrize("case", params(FAULT_CASES))
def test_fault_case(fault_sites, tmp_path, case):
    case.check(Faults(tmp_path, fault_sites))


@pytest.mark.parametrize("case", params(CACHE_CASES))
def test_cache_case(poisoned_cache, case):
    case.check(poisoned_cache)


SOLO_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module")
def solo_results(request, small_site, tmp_path_factory) -> dict[str, BaseException | None]:
    """Each selected solo case run in a site of its own, three at a time: most of their time is a
    child's start-up, and the open ones wait for their bound."""
    base = tmp_path_factory.mktemp("corpus-solo")
    selected = {item.callspec.id for item in request.session.items
                if item.originalname == "test_solo_case" and hasattr(item, "callspec")}

    def run(case) -> BaseException | None:
        (base / case.id).mkdir()
        started = time.monotonic()
        try:
            case.check(Solo(base / case.id, small_site, warm))
        except BaseException as exc:  # kept for the case's own test to raise
            return exc
        finally:
            SOLO_SECONDS[case.id] = time.monotonic() - started
        return None

    cases = [c for c in SOLO_CASES if c.id in selected]
    warm = warm_templates(base / "warm") if any(c.id.startswith("cache-") for c in cases) else None
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip([c.id for c in cases], pool.map(run, cases)))


@pytest.mark.parametrize("case", params(SOLO_CASES))
def test_solo_case(solo_results, case):
    failure = solo_results[case.id]
    if failure is not None:
        raise failure


def test_site_batch_runs_within_bounds(site_batch):
    site_batch.validate.assert_sane()
    site_batch.refused.assert_sane()
    assert site_batch.build.returncode == 0, site_batch.build.stderr[-3000:]
    site_batch.build.assert_sane()


def test_a_site_with_bad_input_is_never_built(site_batch):
    assert site_batch.refused.returncode == 1, site_batch.refused.stderr[-2000:]
    assert "catalog/products/yaml-tab.yaml:4: a tab character" in site_batch.refused.stderr
    assert not site_batch.refused_out.exists()
    assert [p.name for p in site_batch.refused_out.parent.iterdir() if p.name.startswith(".refused")] == []


def test_every_report_line_belongs_to_a_case(site_batch):
    """No line unclaimed: what validation reports is what the cases expect, file by file."""
    claimed = {rel for case in SITE_CASES for rel in case.files}
    named = files_named(site_batch.validate.stderr, site_batch.root)
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    assert {nfc(n) for n in named} - {nfc(c) for c in claimed} == set()
    # Every file of invalid/ is reported (no case passes silently).
    expected = {nfc(re.match(r"([^:]+?)(:\d+)?: ", line).group(1)) for line in INVALID_REPORT}
    records = {p.relative_to(CORPUS / "invalid").as_posix() for p in (CORPUS / "invalid").rglob("*")
               if p.is_file() and "images" not in p.parts and p.name not in ("00-valid.yaml", "htx-dam-doi.yaml")}
    assert {nfc(r) for r in records} - expected == set()


# -- hostile markup ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_catalog(hostile):
    catalog, plans, problems = load_records(hostile[0], date="2026-11-23")
    assert not problems, problems.report()
    return catalog, plans


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
    run = ocop("check", hostile[0], "--site-dir", hostile[1])
    run.assert_sane()
    assert run.returncode == 0, run.stderr


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

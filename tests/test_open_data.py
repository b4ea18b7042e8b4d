"""Open data as its users get it: every JSON, CSV, Atom and robots file of the built demo, read back
and checked against the records and the published JSON Schemas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource

from conftest import Site
from generator.cli import main as cli
from generator.site.open_data import CSV_COLUMNS, KINDS, Column, to_csv

SITE_URL = "https://ocop.example.vn/"
ATOM = "{http://www.w3.org/2005/Atom}"


def local(built: Path, url: str) -> Path:
    """The built file an absolute address of the demo points to."""
    assert url.startswith(SITE_URL), url
    path = built / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def read_json(built: Path, path: str):
    return json.loads((built / path).read_text("utf-8"))


@pytest.fixture(scope="module")
def schemas(built) -> dict[str, dict]:
    found = {p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))
             for p in (built / "api" / "v1" / "schemas").glob("*.schema.json")}
    assert sorted(found) == sorted(["common", "index", *(k for kind in KINDS for k in (kind, kind[:-1]))])
    return found


def validator(schemas: dict[str, dict], name: str) -> jsonschema.Draft202012Validator:
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name], registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_api_file_follows_its_published_schema(built, schemas):
    for name, schema in schemas.items():
        assert schema["$id"] == f"{SITE_URL}api/v1/schemas/{name}.schema.json"
    index = read_json(built, "api/v1/index.json")
    validator(schemas, "index").validate(index)
    checked = 0
    for kind in KINDS:
        listing = read_json(built, f"api/v1/{kind}.json")
        validator(schemas, kind).validate(listing)
        record_schema = validator(schemas, kind[:-1])
        files = sorted((built / "api" / "v1" / kind).glob("*.json"))
        assert len(files) == listing["count"] == len(listing["items"]) == index["resources"][kind]["count"]
        for path in files:
            record_schema.validate(json.loads(path.read_text("utf-8")))
            checked += 1
    assert checked > 100


def test_a_record_that_breaks_its_schema_is_refused(built, schemas):
    """The schemas are strict enough to catch a wrong or unknown field (they could not pass vacuously)."""
    record = read_json(built, f"api/v1/products/{read_json(built, 'api/v1/products.json')['items'][0]['id']}.json")
    check = validator(schemas, "product")
    for broken in ({**record, "stars": 6}, {**record, "rating": 4}, {**record, "certificate": {**record["certificate"], "date": "20/05/2024"}},
                   {k: v for k, v in record.items() if k != "province"}):
        with pytest.raises(jsonschema.ValidationError):
            check.validate(broken)


def test_api_records_match_the_catalog(built, demo):
    listing = read_json(built, "api/v1/products.json")
    assert [i["id"] for i in listing["items"]] == [p.slug for p in demo.products]
    for product, item in zip(demo.products, listing["items"]):
        record = json.loads(local(built, item["data"]).read_text("utf-8"))
        c = product.certificate
        assert (record["name"], record["stars"], record["group"]["code"], record["province"]["slug"]) == \
               (product.name, product.stars, product.group.code, product.province.slug)
        assert record["certificate"] == {"number": c.number, "date": c.date.isoformat(), "issuer": c.issuer,
                                         "level": c.level or None, "expires": c.expires.isoformat(),
                                         "status": c.status(demo.today)}
        assert item["status"] == record["certificate"]["status"] and item["certified"] == c.date.isoformat()
        assert (record["producer"]["id"] if record["producer"] else None) == (product.producer.slug if product.producer else None)
        assert record["address"] == product.place.current
        assert record["former_address"] == (product.place.former or None)
        assert record["tags"] == list(product.tags)
        assert [e["id"] for e in record["events"]] == [e.slug for e, _ in product.events]
        assert [s["id"] for s in record["showrooms"]] == [s.slug for s in product.showrooms]
        assert record["price"] == ({"amount": product.price, "currency": "VND", "unit": product.price_unit or None}
                                   if product.price else None)
        assert len(record["images"]) == len(product.images)
        for image in record["images"]:
            assert local(built, image["url"]).is_file()
        assert local(built, record["url"]).is_file() and local(built, record["short_url"]).is_file()
        assert local(built, record["qr_code"]).is_file() and local(built, record["share_image"]).is_file()
    producers = read_json(built, "api/v1/producers.json")
    assert [i["id"] for i in producers["items"]] == [p.slug for p in demo.producers]
    for producer in demo.producers:
        record = read_json(built, f"api/v1/producers/{producer.slug}.json")
        assert record["name"] == producer.name and record["kind"] == producer.kind
        assert [p["id"] for p in record["products"]] == [p.slug for p in producer.products]
    for event in demo.events:
        record = read_json(built, f"api/v1/events/{event.slug}.json")
        assert (record["start"], record["end"]) == (event.start.isoformat(), event.end.isoformat())
        assert [(p["id"], p["booth"]) for p in record["products"]] == [(x.product.slug, x.booth or None) for x in event.participants]
        assert local(built, record["calendar"]).is_file()
    for showroom in demo.showrooms:
        record = read_json(built, f"api/v1/showrooms/{showroom.slug}.json")
        assert (record["latitude"], record["longitude"]) == showroom.coordinates
        assert [p["id"] for p in record["products"]] == [p.slug for p in showroom.products]


def test_plan_metadata_matches_the_archive(built, archive):
    listing = read_json(built, "api/v1/plans.json")
    assert sorted(i["id"] for i in listing["items"]) == sorted(p.slug for p in archive)
    for plan in archive:
        record = read_json(built, f"api/v1/plans/{plan.slug}.json")
        assert (record["number"], record["type"], record["signed"], record["issuer"]) == \
               (plan.number, plan.type, plan.signed.isoformat(), plan.issuer)
        assert [c and c["id"] for c in (r["archived"] for r in record["based_on"])] == \
               [t.slug if t else None for _, t in plan.cites]
        for attachment in record["attachments"]:
            assert local(built, attachment["url"]).is_file()
        assert "body" not in record  # metadata only: the text is on the page


def test_every_site_address_in_the_data_resolves(built):
    """Absolute addresses follow site_url and point at published files (no dead link in the data)."""
    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    seen = 0
    for path in (built / "api" / "v1").rglob("*.json"):
        for text in strings(json.loads(path.read_text("utf-8"))):
            if text.startswith("/") or (text.startswith("http") and "example.vn" in urlsplit(text).netloc
                                        and urlsplit(text).netloc == urlsplit(SITE_URL).netloc):
                assert text.startswith(SITE_URL), (path, text)
                if "{id}" not in text:
                    assert local(built, text).exists(), (path, text)
                    seen += 1
    assert seen > 1000


def test_csv_exports_open_in_excel(built, demo):
    for kind, columns in CSV_COLUMNS.items():
        raw = (built / "api" / "v1" / f"{kind}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
        assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert list(rows[0]) == [c.name for c in columns]
        records = [read_json(built, f"api/v1/{kind}/{row['id']}.json") for row in rows]
        if kind == "products":
            assert [r["id"] for r in rows] == [p.slug for p in demo.products]
            for row, product in zip(rows, demo.products):
                assert (row["name"], row["stars"], row["certificate_number"], row["province_name"]) == \
                       (product.name, str(product.stars), product.certificate.number, product.province.short)
                assert row["tags"] == "; ".join(product.tags)
        else:
            assert [r["id"] for r in rows] == [p.slug for p in demo.producers]
            assert [int(r["products"]) for r in rows] == [len(p.products) for p in demo.producers]
        assert [r["url"] for r in rows] == [r["url"] for r in records]


def test_csv_quotes_what_excel_would_split_and_defuses_formulas():
    columns = [Column("name", "name"), Column("phone", "phone"), Column("note", "note")]
    raw = to_csv(columns, [{"name": 'Nước mắm "Đầm Dơi", loại 1', "phone": "+84 290 383", "note": "dòng 1\ndòng 2"},
                           {"name": "=HYPERLINK(\"http://x\")", "phone": None, "note": "-"}])
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [["name", "phone", "note"], ['Nước mắm "Đầm Dơi", loại 1', "'+84 290 383", "dòng 1\ndòng 2"],
                    ["'=HYPERLINK(\"http://x\")", "", "'-"]]
    assert raw.count(b"\r\n") == 3  # a line break inside a quoted cell stays as written


def feed(built: Path, path: str) -> ET.Element:
    root = ET.fromstring((built / path).read_bytes())
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{tag}")) == 1, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text
    self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert [l.get("href") for l in self_link] == [SITE_URL + path] == [root.find(f"{ATOM}id").text]
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        assert entry.find(f"{ATOM}summary").text
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)  # RFC 3339
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link == entry.find(f"{ATOM}id").text and local(built, link).is_file()
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]
    return root


def test_atom_feed_of_newly_certified_products(built, demo):
    root = feed(built, "san-pham/moi-cong-nhan.xml")
    newest = sorted(demo.products, key=lambda p: (p.certificate.date, p.slug), reverse=True)[:50]
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"{SITE_URL}san-pham/{p.slug}/" for p in newest]
    for entry, product in zip(entries, newest):
        assert entry.find(f"{ATOM}updated").text == f"{product.certificate.date.isoformat()}T00:00:00+07:00"
        assert entry.find(f"{ATOM}title").text == f"{product.name} ({product.stars} sao)"
        assert product.certificate.number in entry.find(f"{ATOM}summary").text
    assert "moi-cong-nhan.xml" in (built / "san-pham" / "index.html").read_text("utf-8")  # autodiscovery


def test_atom_feed_of_new_plans(built, archive):
    root = feed(built, "ke-hoach/moi-ban-hanh.xml")
    newest = sorted(archive, key=lambda p: (p.signed, p.slug), reverse=True)[:50]
    assert [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")] == [f"{SITE_URL}ke-hoach/{p.slug}/" for p in newest]
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == [f"{p.heading}: {p.title}" for p in newest]


def test_robots_and_sitemap(built):
    robots = (built / "robots.txt").read_text("utf-8").splitlines()
    assert robots[0] == "User-agent: *" and f"Sitemap: {SITE_URL}sitemap.xml" in robots
    assert not [line for line in robots if line.startswith("Disallow") and line.strip() != "Disallow:"]
    sitemap = ET.fromstring((built / "sitemap.xml").read_bytes())
    locations = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{SITE_URL}du-lieu-mo/" in locations and f"{SITE_URL}san-pham/" in locations
    assert all(local(built, url).is_file() for url in locations)


def test_open_data_page_documents_every_field(built, demo, schemas):
    from sitecheck import text_of

    body = (built / "du-lieu-mo" / "index.html").read_text("utf-8")
    text = text_of(body)
    assert "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)" in text and "Lần cập nhật gần nhất: 23/11/2026" in text
    for kind in KINDS:
        assert f"../api/v1/{kind}.json" in body
    assert f"Sản phẩm {len(demo.products)}" in text
    for name in schemas["product"]["properties"]:
        assert f"<code>{name}</code>" in body, name
    for name in ("certificate.number", "images[].url", "province.slug"):
        assert f"<code>{name}</code>" in body
    for column in CSV_COLUMNS["products"]:
        assert f"<code>{column.name}</code>" in body
    assert "Dữ liệu › Từ Văn bản/CSV" in text  # how to open the CSV when Excel puts it in one column


def test_without_site_url_addresses_are_root_relative_and_feeds_absent(tmp_path, schemas):
    from conftest import PRODUCER, PRODUCT

    site = Site(tmp_path / "moi")
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT.replace("certificate:", "price: 120000\ncertificate:"))
    out = tmp_path / "out"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    record = read_json(out, "api/v1/products/nuoc-mam-dam-doi.json")
    assert record["url"] == "/san-pham/nuoc-mam-dam-doi/" and record["share_image"] is None and record["qr_code"] is None
    local_schemas = {n: dict(s, **{"$id": f"{SITE_URL}{n}.schema.json"}) for n, s in schemas.items()}
    validator(local_schemas, "product").validate(record)
    assert not (out / "san-pham" / "moi-cong-nhan.xml").exists() and not list((out / "anh").glob("chia-se-*"))
    assert "Sitemap" not in (out / "robots.txt").read_text("utf-8")
    page = (out / "san-pham" / "nuoc-mam-dam-doi" / "index.html").read_text("utf-8")
    assert 'property="og:title" content="Nước mắm Đầm Dơi"' in page and "og:image" not in page
    assert re.search(r'"url":"/san-pham/nuoc-mam-dam-doi/"', page)
    assert "chia-se" not in page  # no social card to point at


def test_every_calendar_file_lists_its_events(built, demo):
    import icalendar

    files = sorted((built / "hoi-cho").rglob("*.ics"))
    assert len(files) == 1 + len({e.province for e in demo.events if e.province}) + len(demo.events)
    by_slug = {e.slug: e for e in demo.events}
    for path in files:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        found = []
        for item in calendar.walk("VEVENT"):
            slug, host = str(item["uid"]).split("@")
            event = by_slug[slug]
            found.append(event)
            assert host == "ocop.example.vn" and str(item["summary"]) == event.name
            assert str(item["url"]) == f"{SITE_URL}hoi-cho/{slug}/" and local(built, str(item["url"])).is_file()
            start = item.decoded("dtstart")
            assert (start.date() if isinstance(start, dt.datetime) else start) in (event.start, event.start - dt.timedelta(days=1))
        name = path.relative_to(built).as_posix()
        if name == "hoi-cho/lich.ics":
            expected = demo.events
        elif path.name == "su-kien.ics":
            expected = [by_slug[path.parent.name]]
        else:
            expected = [e for e in demo.events if e.province and f"lich-{e.province.slug}.ics" == path.name]
        assert sorted(e.slug for e in found) == sorted(e.slug for e in expected), name


def test_licence_and_update_frequency_come_from_the_config(tmp_path, capsys):
    site = Site(tmp_path / "moi")
    config = site.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      groups: 148/QĐ-TTg\n", "      groups: 148/QĐ-TTg\n      data_license: CC0-1.0\n"
                                   "      data_updates: Hằng tháng.\n"), "utf-8")
    assert cli.main(["build", str(site.root), "--site-dir", str(tmp_path / "out")]) == 0
    index = read_json(tmp_path / "out", "api/v1/index.json")
    assert (index["license"]["id"], index["update_frequency"]) == ("CC0-1.0", "Hằng tháng.")
    config.write_text(text.replace("      groups: 148/QĐ-TTg\n", "      groups: 148/QĐ-TTg\n      data_license: MIT\n"), "utf-8")
    assert cli.main(["build", str(site.root), "--site-dir", str(tmp_path / "out")]) == 1
    assert "data_license 'MIT' is not one of CC-BY-4.0, CC0-1.0, ODbL-1.0" in capsys.readouterr().err


def test_embed_guide_reads_without_javascript(built, demo):
    """The form and the preview need JavaScript; the snippet and every attribute are plain text."""
    from html import unescape

    from generator.site.embeds import ATTRIBUTES
    from sitecheck import text_of

    body = (built / "nhung-danh-muc" / "index.html").read_text("utf-8")
    assert "<form" in body and re.search(r"<form[^>]*data-ocop-embed-form[^>]*hidden", body)
    text = unescape(text_of(body))
    assert f'<script src="{SITE_URL}nhung/embed.js" async></script>' in text
    assert f'<div data-ocop-catalog data-province="{demo.provinces[0].slug}" data-stars="4,5"></div>' in text
    for name, meaning, _ in ATTRIBUTES:
        assert f"{name} {meaning}" in text
    for province in demo.provinces:
        assert f"{province.short} {province.slug}" in text
    assert '<script src="../nhung/embed.js" async></script>' in body  # the live preview's own loader
    assert (built / "nhung" / "embed.js").is_file() and (built / "nhung" / "embed.css").is_file()

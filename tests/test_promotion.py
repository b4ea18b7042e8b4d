"""Fairs, showrooms, calendar feeds, short links and QR codes."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from conftest import PRODUCER, PRODUCT, Site
from generator.cli import main as cli
from generator.domain.text import sort_key
from sitecheck import link_targets

EVENT = """\
id: hoi-cho-ca-mau
name: Hội chợ OCOP Cà Mau
kind: hội chợ
start: 2026-11-20 08:00
end: 2026-11-26
venue: Quảng trường Văn hóa
address: phường An Xuyên, tỉnh Cà Mau
organizer: Sở Công Thương tỉnh Cà Mau
registration:
  url: https://xttm.example.vn/dang-ky
  deadline: 2026-11-10
products:
  - id: nuoc-mam-dam-doi
    booth: A12
"""

SHOWROOM = """\
id: diem-ban-san-bay
name: Điểm bán OCOP Cảng hàng không Cà Mau
kind: airport
address: 93 Lý Thường Kiệt, phường An Xuyên, tỉnh Cà Mau
latitude: 9.1772
longitude: 105.1779
products: [nuoc-mam-dam-doi]
"""


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


@pytest.fixture
def promo(tmp_path):
    site = Site(tmp_path / "site")
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT)
    site.write("catalog/events/hoi-cho-ca-mau.yaml", EVENT)
    site.write("catalog/showrooms/diem-ban-san-bay.yaml", SHOWROOM)
    return site


def test_event_and_showroom_problems(promo):
    promo.write("catalog/events/bad.yaml", EVENT.replace("id: hoi-cho-ca-mau", "id: bad")
                .replace("end: 2026-11-26", "end: 2026-11-19").replace("id: nuoc-mam-dam-doi", "id: nuoc-mam-dam-dio")
                .replace("kind: hội chợ", "kind: picnic").replace("deadline: 2026-11-10", "deadline: 2026-11-20"))
    promo.write("catalog/events/online.yaml", "id: online\nname: Hội chợ trực tuyến\nkind: online-fair\nstart: 31/11/2026\n")
    promo.write("catalog/showrooms/bad.yaml", SHOWROOM.replace("id: diem-ban-san-bay", "id: bad2")
                .replace("latitude: 9.1772", "latitude: 39.1").replace("[nuoc-mam-dam-doi]", "[nuoc-mam-dam-doi, khong-co]"))
    problems = promo.problems()
    assert any(p.startswith("catalog/events/bad.yaml:3: kind: 'picnic' is not a kind of event; write one of: fair,")
               for p in problems)
    assert "catalog/events/bad.yaml:11: registration.deadline: 20/11/2026 is after the event ends (19/11/2026)" in problems
    assert "catalog/events/bad.yaml:5: end: 19/11/2026 is before the start 20/11/2026" in problems
    assert "catalog/events/bad.yaml:13: products[1]: no product with id 'nuoc-mam-dam-dio' in catalog/products/; did you mean 'nuoc-mam-dam-doi'?" in problems
    assert "catalog/events/online.yaml:4: start: '31/11/2026' is not a real date" in problems
    assert "catalog/events/online.yaml:1: url: is required for an online fair: the address of its platform" in problems
    assert "catalog/showrooms/bad.yaml:5: latitude: 39.1 is outside Vietnam (latitude between 6.0 and 24.0)" in problems
    assert "catalog/showrooms/bad.yaml:7: products[2]: no product with id 'khong-co' in catalog/products/" in problems


def test_pages_cross_links_feeds_short_links_and_qr(promo):
    assert cli.main(["build", str(promo.root)]) == 0  # the scaffold pins no date: statuses use the real day
    out = promo.root / "site"
    event = page(out, "hoi-cho/hoi-cho-ca-mau")
    assert "san-pham/nuoc-mam-dam-doi" in link_targets(event, "hoi-cho/hoi-cho-ca-mau/")
    # The booth number sits inside the product's card, as markup (never escaped into text).
    assert '<span class="ocop-card__body"><span class="ocop-card__note">Gian A12</span>' in event
    product = page(out, "san-pham/nuoc-mam-dam-doi")
    assert "diem-ban/diem-ban-san-bay" in link_targets(product, "san-pham/nuoc-mam-dam-doi/")
    showroom = page(out, "diem-ban/diem-ban-san-bay")
    assert "san-pham/nuoc-mam-dam-doi" in link_targets(showroom, "diem-ban/diem-ban-san-bay/")
    assert "mlat=9.17720" in showroom
    # iCalendar: valid, parsed back, times in UTC from Vietnam's UTC+7.
    feed = icalendar.Calendar.from_ical((out / "hoi-cho" / "lich.ics").read_bytes())
    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["uid"]) == "hoi-cho-ca-mau@ocop-publisher"
    assert vevent.decoded("dtstart") == dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.timezone.utc)
    assert (out / "hoi-cho" / "lich-ca-mau.ics").is_file()
    # A permanent short link redirects to the product page.
    short = (out / "p" / "nuoc-mam-dam-doi" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../san-pham/nuoc-mam-dam-doi/"' in short
    # No site_url: no QR code rather than a code with a wrong address.
    assert not (out / "san-pham" / "nuoc-mam-dam-doi" / "qr.svg").exists()


def test_uids_stay_when_an_event_changes(promo):
    config = promo.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_description:", "site_url: https://ocop.example.vn/\nsite_description:"))
    assert cli.main(["build", str(promo.root)]) == 0
    first = icalendar.Calendar.from_ical((promo.root / "site" / "hoi-cho" / "lich.ics").read_bytes())
    promo.write("catalog/events/hoi-cho-ca-mau.yaml", EVENT.replace("Hội chợ OCOP Cà Mau", "Hội chợ OCOP Cà Mau mở rộng")
                .replace("end: 2026-11-26", "end: 2026-11-28"))
    assert cli.main(["build", str(promo.root)]) == 0
    second = icalendar.Calendar.from_ical((promo.root / "site" / "hoi-cho" / "lich.ics").read_bytes())
    (a,), (b,) = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["uid"] == b["uid"] == "hoi-cho-ca-mau@ocop.example.vn"
    assert str(b["summary"]) == "Hội chợ OCOP Cà Mau mở rộng"
    qr = (promo.root / "site" / "san-pham" / "nuoc-mam-dam-doi" / "qr.svg").read_text()
    assert qr.startswith("<svg") and "ocop-qr" in qr


def test_demo_events_order_and_links(built, demo):
    today = demo.today
    events = demo.events
    assert len(events) >= 6 and len(demo.showrooms) >= 3
    statuses = {e.status(today) for e in events}
    assert statuses == {"past", "ongoing", "upcoming"}
    body = page(built, "hoi-cho")
    order = [m for m in re.findall(r'href="\.\./hoi-cho/([a-z0-9-]+)/"', body) if m not in ("lich", "tinh", "loai")]
    ongoing = [e.slug for e in events if e.status(today) == "ongoing"]
    upcoming = [e.slug for e in sorted(events, key=lambda e: (e.start, e.id)) if e.status(today) == "upcoming"]
    past = [e.slug for e in sorted(events, key=lambda e: (e.end, e.id), reverse=True) if e.status(today) == "past"]
    assert order == ongoing + upcoming + past
    for event in events:
        event_page = page(built, f"hoi-cho/{event.slug}")
        targets = link_targets(event_page, f"hoi-cho/{event.slug}/")
        for taking_part in event.participants:
            product = taking_part.product
            assert f"san-pham/{product.slug}" in targets
            if event.end >= today:
                product_page = page(built, f"san-pham/{product.slug}")
                assert f"hoi-cho/{event.slug}" in link_targets(product_page, f"san-pham/{product.slug}/")
    feed = icalendar.Calendar.from_ical((built / "hoi-cho" / "lich.ics").read_bytes())
    assert sorted(str(v["uid"]).split("@")[0] for v in feed.walk("VEVENT")) == sorted(e.slug for e in events)
    for product in demo.products:
        assert (built / "san-pham" / product.slug / "qr.svg").is_file()


def test_showrooms_are_listed_by_province_in_vietnamese_order(built, demo):
    body = page(built, "diem-ban")
    headings = re.findall(r'<h2 id="[a-z0-9-]+">([^<]+)</h2>', body)
    provinces = {s.province.short for s in demo.showrooms}
    assert headings == sorted(provinces, key=sort_key)
    assert any(name.startswith("Đ") for name in headings)  # the case code-point order gets wrong
    for showroom in demo.showrooms:
        assert f"diem-ban/{showroom.slug}" in link_targets(body, "diem-ban/")

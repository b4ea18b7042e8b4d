"""Pages and files of trade promotion: fairs (/hoi-cho/), showrooms (/diem-ban/), calendar feeds,
permanent short links (/p/<id>/) and QR codes for trade promotion centers."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

import icalendar
from markupsafe import escape

from ..domain.model import Catalog
from ..domain.promotion import EVENT_KINDS, EVENT_STATUS, SHOWROOM_KINDS, VIETNAM, Event, Showroom
from ..domain.text import slugify, sort_key
from ..records.markup import plain
from ..support.csp import with_policy
from .pages import Facet, PageSpec
from .urls import (EVENTS, EVENTS_CALENDAR, EVENTS_FEED, SHOWROOMS, booth_sheets, event_calendar, event_path,
                   events_facet, product_path, province_feed, qr_labels, short_path, showroom_path)

WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def event_facets(events: list[Event]) -> dict[str, list[Facet]]:
    provinces = Counter(e.province.short for e in events if e.province)
    kinds = Counter(e.kind for e in events)
    return {
        "tinh": [Facet(name, events_facet("tinh", name), n, slugify(name)) for name, n in
                 sorted(provinces.items(), key=lambda kv: sort_key(kv[0]))],
        "loai": [Facet(EVENT_KINDS[k], events_facet("loai", EVENT_KINDS[k]), kinds[k], k) for k in EVENT_KINDS if kinds[k]],
    }


def grouped(events: list[Event], today: dt.date) -> list[tuple[str, str, list[Event]]]:
    """(anchor, heading, events): ongoing, then upcoming by start, then past by year, newest first."""
    ongoing = [e for e in events if e.status(today) == "ongoing"]
    upcoming = [e for e in events if e.status(today) == "upcoming"]
    past = sorted((e for e in events if e.status(today) == "past"), key=lambda e: (e.end, e.id), reverse=True)
    groups = [("dang-dien-ra", EVENT_STATUS["ongoing"], ongoing), ("sap-dien-ra", EVENT_STATUS["upcoming"], upcoming)]
    for year in sorted({e.end.year for e in past}, reverse=True):
        groups.append((f"nam-{year}", f"Đã diễn ra năm {year}", [e for e in past if e.end.year == year]))
    return [g for g in groups if g[2]]


def by_province(showrooms: list[Showroom]) -> list[tuple]:
    """(province, showrooms) in the catalog's order (Vietnamese alphabetical by province)."""
    groups: dict = {}
    for showroom in showrooms:
        groups.setdefault(showroom.province, []).append(showroom)
    return list(groups.items())


def months(events: list[Event], today: dt.date) -> list[dict]:
    """Month grids from this month to the last month with an ongoing or upcoming event."""
    current = [e for e in events if e.end >= today]
    last = max([e.end for e in current], default=today)
    year, month = today.year, today.month
    grids = []
    while (year, month) <= (last.year, last.month):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([(day if day.month == month else None,
                           [e for e in current if e.start <= day <= e.end] if day.month == month else [])
                          for day in week])
        grids.append({"year": year, "month": month, "weeks": weeks, "id": f"thang-{month}-{year}"})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return grids


def promotion_pages(catalog: Catalog) -> list[PageSpec]:
    events, showrooms, today = catalog.events, catalog.showrooms, catalog.today
    all_facets = event_facets(events)
    pages = [PageSpec(EVENTS, "Hội chợ, xúc tiến thương mại", "events_index.html",
                      dict(groups=grouped(events, today), facets=all_facets, total=len(events), filtered=None,
                           provinces=sorted({e.province for e in events if e.province}, key=lambda p: sort_key(p.short))),
                      "Hội chợ, triển lãm, tuần hàng giới thiệu sản phẩm OCOP: đang và sắp diễn ra, đã diễn ra.",
                      in_nav=True),
             PageSpec(EVENTS_CALENDAR, "Lịch hội chợ, xúc tiến thương mại", "events_calendar.html",
                      dict(months=months(events, today), WEEKDAYS=WEEKDAYS),
                      "Lịch các hội chợ, triển lãm sản phẩm OCOP theo tháng.")]
    for key, facet_list in all_facets.items():
        for facet in facet_list:
            selected = [e for e in events if (e.province and slugify(e.province.short) == facet.key) or e.kind == facet.key]
            pages.append(PageSpec(facet.path, f"Hội chợ, xúc tiến thương mại: {facet.label}", "events_index.html",
                                  dict(groups=grouped(selected, today), facets=event_facets(selected),
                                       total=len(selected), filtered=facet.label, provinces=[]),
                                  f"Hội chợ, triển lãm sản phẩm OCOP: {facet.label}."))
    for event in events:
        context = {"event": event}
        pages.append(PageSpec(event_path(event), event.name, "event.html", context, plain(event.description, 180),
                              kind="event", record=event))
        if event.participants:
            pages.append(PageSpec(booth_sheets(event), f"Phiếu gian hàng: {event.name}", "booth_sheet.html",
                                  context, f"Phiếu in cho từng sản phẩm tại {event.name}."))
            pages.append(PageSpec(qr_labels(event), f"Nhãn mã QR: {event.name}", "qr_labels.html",
                                  context, f"Nhãn mã QR các sản phẩm tại {event.name}."))
    pages.append(PageSpec(SHOWROOMS, "Điểm giới thiệu và bán sản phẩm OCOP", "showrooms_index.html",
                          dict(by_province=by_province(showrooms), kinds=SHOWROOM_KINDS),
                          "Điểm giới thiệu và bán sản phẩm OCOP theo tỉnh, thành phố.", in_nav=True))
    for showroom in showrooms:
        pages.append(PageSpec(showroom_path(showroom), showroom.name, "showroom.html", {"showroom": showroom},
                              plain(showroom.description, 180), kind="showroom", record=showroom))
    return pages


def feeds(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """iCalendar files: every event, and the events of each province. UIDs never change."""
    host = site_url.split("//", 1)[-1].strip("/").split("/")[0] or "ocop-publisher"
    files = {EVENTS_FEED: _calendar(catalog.events, "Hội chợ, xúc tiến thương mại OCOP", catalog.today, host, site_url)}
    for province in sorted({e.province for e in catalog.events if e.province}, key=lambda p: sort_key(p.short)):
        selected = [e for e in catalog.events if e.province is province]
        files[province_feed(province)] = _calendar(selected, f"Hội chợ OCOP: {province.short}", catalog.today, host, site_url)
    for event in catalog.events:
        files[event_calendar(event)] = _calendar([event], event.name, catalog.today, host, site_url)
    return files


def _calendar(events: list[Event], name: str, today: dt.date, host: str, site_url: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//OCOP Publisher//vi")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.combine(today, dt.time(), dt.timezone.utc)  # reproducible: the build date, not the clock
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.slug}@{host}")
        item.add("dtstamp", stamp)
        item.add("summary", event.name)
        if event.start_time:
            start = dt.datetime.combine(event.start, event.start_time, VIETNAM).astimezone(dt.timezone.utc)
            end_time = event.end_time or dt.time(23, 59)
            end = dt.datetime.combine(event.end, end_time, VIETNAM).astimezone(dt.timezone.utc)
            item.add("dtstart", start)
            item.add("dtend", max(end, start))
        else:
            item.add("dtstart", event.start)
            item.add("dtend", event.end + dt.timedelta(days=1))  # all-day: DTEND is exclusive
        where = ", ".join(x for x in (event.venue, event.place.current if event.place else "") if x)
        if where:
            item.add("location", where)
        if site_url:
            item.add("url", site_url.rstrip("/") + "/" + event_path(event))
        description = plain(event.description)
        if event.organizer:
            description = f"Đơn vị tổ chức: {event.organizer}. {description}".strip()
        if description:
            item.add("description", description)
        cal.add_component(item)
    return cal.to_ical()


def short_links(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """/p/<id>/: a permanent address that redirects to the product page (QR codes point here)."""
    files = {}
    for product in catalog.products:
        target = f"../../{product_path(product)}"
        canonical = f"{site_url.rstrip('/')}/{product_path(product)}" if site_url else target
        html = (
            "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(product.name)}</title>\n<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
            f"</head>\n<body>\n<p><a href=\"{target}\">{escape(product.name)}</a></p>\n</body>\n</html>\n"
        )
        files[f"{short_path(product)}index.html"] = with_policy(html).encode("utf-8")
    return files

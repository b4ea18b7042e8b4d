"""A site's catalog, loaded and planned: what every front end (MkDocs today) publishes.

Nothing here knows about MkDocs. :func:`open_project` loads and validates the
records, refuses to go on when any problem remains, and plans the pages; the
adapter then only has to place the pages and the image renditions.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain import parse
from ..domain.model import Catalog
from ..domain.plans import Plan
from ..domain.reference.groups import DEFAULT_RULES, rule_set
from ..records.content import active_files, links_outside
from ..records.loader import load_catalog
from ..records.memo import Memo
from ..records.plans import PLANS_DIR, load_plans
from ..records.problems import InvalidSite, Problems
from ..render.embed import embed_page
from ..render.head import Head
from ..render.photos import render_all
from ..render.qr import qr_codes
from ..render.renderer import Renderer
from ..render.social import render_cards
from ..render.template_cache import bytecode_cache
from ..site.archive import archive_pages
from ..site.catalog import pages
from ..site.crawlers import robots
from ..site.embeds import guide_page
from ..site.feeds import TITLES, atom_feeds
from ..site.open_data import api_files, docs_page
from ..site.pages import PAGE_SIZE, PageSpec
from ..site.photos import Rendition, renditions
from ..site.promotion import feeds, promotion_pages, short_links
from ..site.publication import Publication
from ..site.search_data import catalog_data, search_data
from ..site.share import card
from ..site.statistics import reports as statistics_reports
from ..site.statistics import statistics_files, statistics_page
from ..site.urls import CATALOG_DATA, PLANS_FEED, PRODUCTS_FEED, RESERVED_IDS, SEARCH, SEARCH_DATA, image_file
from ..support.cache_store import Entry, Store


def for_batch_work() -> None:
    """Fewer cycle collections for this process and the workers it forks.

    Loading and building a catalog makes millions of long-lived objects and almost no cyclic
    garbage; with Python's default thresholds the collector walked the whole heap about 2,700
    times in a warm 15,000-product build (4.5 s of 31). With these: 0.9 s, the same peak memory.
    """
    gc.set_threshold(200_000, 50, 50)


def build_date(value: str | dt.date | None = None) -> dt.date:
    """The date certificate statuses are computed against.

    A pinned date (config) wins; then ``SOURCE_DATE_EPOCH`` (reproducible builds);
    then today.
    """
    epoch = _epoch_date()  # checked even when a pinned date wins: MkDocs reads it too
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), "build_date")
    if isinstance(value, dt.date):
        return _in_range(value, "build_date")
    if value:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"build_date '{value}' is not a date written as YYYY-MM-DD") from None
        return _in_range(day, "build_date")
    return epoch or dt.date.today()


def _epoch_date() -> dt.date | None:
    """The day of ``SOURCE_DATE_EPOCH`` (reproducible builds), if it is set; ValueError naming it when it
    is no time the build can be dated by."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH '{epoch[:40]}' is not a time in seconds since 1970") from None
    return _in_range(day, "SOURCE_DATE_EPOCH")


def _in_range(day: dt.date, source: str) -> dt.date:
    """``day``, if it lies where the records' own dates may (:data:`parse.EARLIEST` .. :data:`parse.LATEST`)."""
    if not parse.EARLIEST <= day <= parse.LATEST:
        raise ValueError(f"{source} {day.isoformat()} is outside {parse.EARLIEST.year}–{parse.LATEST.year}: "
                         "a build is dated the day it is published")
    return day


@dataclass
class Project:
    root: Path
    catalog: Catalog
    plans: list[Plan]
    pages: list[PageSpec]
    renderer: Renderer
    files: dict[str, bytes]  # other generated files: data, statistics CSV, feeds, open data, short links, QR codes
    head: Head
    publication: Publication

    def image_jobs(self) -> dict[str, tuple[Path, tuple[Rendition, ...]]]:
        """Every distinct source image (by content hash) and the renditions it needs."""
        jobs: dict[str, tuple[Path, tuple[Rendition, ...]]] = {}
        for product in self.catalog.products:
            for image in product.images:
                jobs.setdefault(image.digest, (image.path, renditions(image)))
        return jobs

    def render_images(self, cache_dir: Path) -> dict[str, Entry]:
        """Make the renditions missing (or not intact) in ``cache_dir``; return output path -> cache entry."""
        jobs = self.image_jobs()
        store = Store(cache_dir)
        render_all(jobs, store)
        outputs = {}
        for _, renditions in jobs.values():
            for r in renditions:
                for name in (r.webp, r.jpeg):
                    outputs[image_file(name)] = store.entry(name)
        return dict(sorted(outputs.items()))

    def render_cards(self, cache_dir: Path) -> dict[str, Entry]:
        """Make the social cards missing (or not intact) in ``cache_dir``; return output path -> cache entry.

        Cards are only published with a site_url: Open Graph needs their absolute address.
        """
        if not self.publication.url:
            return {}
        cards = self.head.cards()
        if self.publication.shares_product_cards:
            cards += [card(p, self.publication.name) for p in self.catalog.products]
        store = Store(cache_dir)
        render_cards(cards, store)
        return {image_file(c.file_name): store.entry(c.file_name) for c in sorted(cards, key=lambda c: c.file_name)}


def _clashes(planned: list[PageSpec], files: dict[str, bytes]) -> Problems:
    """Output files claimed twice: one would silently replace the other (ids are checked at load
    time; this is the net under that check)."""
    owners: dict[str, str] = {}
    problems = Problems()
    for target, owner in [(f"{spec.path}index.html", spec.title) for spec in planned] + [(path, path) for path in files]:
        if target in owners:
            problems.add(target, 0, "", f"would be written twice, by '{owners[target]}' and by '{owner}'")
        owners.setdefault(target, owner)
    return problems


def load(root: Path, groups: str = DEFAULT_RULES, date: str | dt.date | None = None,
         cache_dir: Path | None = None) -> tuple[Catalog, list[Plan], Problems]:
    """Every record and plan of a site, with every problem found in them.

    With ``cache_dir``, what loading parsed and checked is kept there for the next time (:mod:`generator.records.memo`).
    """
    memo = Memo(cache_dir / "memo") if cache_dir else None
    catalog, problems = load_catalog(root, rule_set(groups), build_date(date), memo, RESERVED_IDS)
    if memo is not None:
        memo.save()
    plans = load_plans(root, catalog, problems, RESERVED_IDS["plans"])
    for path in links_outside(root):
        problems.add(path, 0, "", "a link to a file outside the site (or to nothing) is never published; "
                                  "copy the file into the site instead")
    for path, why in active_files(root / "content", skip=(PLANS_DIR,)):  # plans/ is the plan loader's
        problems.add(path, 0, "", why)
    return catalog, plans, problems


def open_project(root: Path, groups: str = DEFAULT_RULES, date: str | dt.date | None = None,
                 page_size: int = PAGE_SIZE, template_dirs: tuple[Path, ...] = (),
                 publication: Publication = Publication(), cache_dir: Path | None = None,
                 description: str = "") -> Project:
    """Load, validate and plan a site; raises :class:`InvalidSite` on any problem.

    ``template_dirs`` hold a site's own page templates, searched before the theme's;
    ``publication.url`` (``site_url``) makes every absolute address: feeds, open data, social
    cards, QR codes (without it there are no QR codes, Atom feeds or social cards);
    ``cache_dir`` keeps QR codes and compiled templates between builds; ``description`` is the site's own.
    """
    catalog, plans, problems = load(root, groups, date, cache_dir)
    if problems:
        raise InvalidSite(problems)
    site_url = publication.url
    reports = statistics_reports(catalog, plans)
    atom = atom_feeds(catalog, plans, publication)
    planned = (pages(catalog, plans, page_size, reports) + [statistics_page(reports)] + archive_pages(catalog, plans)
               + promotion_pages(catalog)
               + [docs_page(catalog, plans, publication, atom), guide_page(catalog, publication)])
    files = {CATALOG_DATA: catalog_data(catalog), SEARCH_DATA: search_data(catalog, plans), "robots.txt": robots(site_url)}
    files.update(statistics_files(reports))
    files.update(feeds(catalog, site_url))
    files.update(atom)
    files.update(api_files(catalog, plans, publication, {k: p for k, p in (("products", PRODUCTS_FEED), ("plans", PLANS_FEED)) if p in atom}))
    files.update(short_links(catalog, site_url))
    files.update(qr_codes(catalog, site_url, cache_dir / "qr" if cache_dir else None))
    clashes = _clashes(planned, files)
    if clashes:
        raise InvalidSite(clashes)
    renderer = Renderer(catalog, template_dirs, publication,
                        bytecode_cache=bytecode_cache(cache_dir / "templates" / "site" if cache_dir else None))
    files["nhung/index.html"] = embed_page(renderer, publication)
    head = Head(catalog, publication, description, {TITLES[p]: p for p in atom}, SEARCH)
    return Project(root, catalog, plans, planned, renderer, dict(sorted(files.items())), head, publication)

"""Page bodies rendered with the theme's templates (``theme/ocop/``), links made relative to each page.

Templates get plain values, the page spec's context, and filters; the addresses of
:mod:`generator.site.urls` and the cards and charts are given to them here.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup

from ..domain.model import CERTIFYING_LEVELS, STATUS_LABELS, Catalog, Product
from ..domain.places import Province
from ..domain.promotion import EVENT_STATUS
from ..domain.reference.groups import Group
from ..domain.text import format_number, slugify
from ..records.markup import ROOT as _ROOT
from ..site import urls
from ..site.catalog import PRODUCERS_INLINE
from ..site.photos import largest, renditions
from ..site.publication import Publication
from .charts import chart


class Renderer:
    """Renders page bodies with the theme's templates (``theme/ocop/``)."""

    def __init__(self, catalog: Catalog, extra_dirs: Iterable[Path] = (), publication: Publication = Publication(),
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        theme = resources.files("ocop_theme") / "ocop"
        loader = jinja2.FileSystemLoader([*map(str, extra_dirs), str(theme)])
        self.env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined, bytecode_cache=bytecode_cache)
        self.catalog = catalog
        # Templates lay out plain values: the page's context, these globals, and the filters below
        # (addresses from site.urls, statuses on the build's day from the domain), never Python calls.
        self.env.globals.update(
            today=catalog.today, rules=catalog.rules, STATUS_LABELS=STATUS_LABELS, LEVELS=CERTIFYING_LEVELS,
            EVENT_STATUS=EVENT_STATUS, PRODUCERS_INLINE=PRODUCERS_INLINE, has_qr=bool(publication.url),
            URLS={name.lower(): value for name, value in vars(urls).items() if name.isupper() and isinstance(value, str)},
        )
        self._pages = _Pages(catalog)
        self.env.filters.update(
            # links are written from the site root and made relative per page in render()
            url=lambda target: _ROOT + target, absolute=publication.absolute, page=urls.path_of,
            published_page=self._pages.page, producers_page=urls.producers_path,
            plans_facet=lambda label, kind: urls.plans_facet(kind, label), group=catalog.rules.group,
            qr=urls.qr_path, short=urls.short_path, feed=urls.province_feed, calendar_file=urls.event_calendar,
            booth_sheets=urls.booth_sheets, qr_labels=urls.qr_labels, photo=urls.photo, image_file=urls.image_file,
            renditions=renditions,
            largest=largest, card=self._card, card_grid=self._grid, chart=chart, status=lambda record: record.status(catalog.today),
            date=_date, time=_time, number=format_number, price=_price, slug=slugify,
        )
        self._cards: dict[str, Markup] = {}

    def compile(self, templates: Iterable[str]) -> None:
        """Load ``templates`` and the macros now, so that forked workers share them instead of
        each compiling its own copy."""
        for name in {*templates, "macros.html"}:
            self.env.get_template(name)

    def render(self, template: str, path: str, context: dict[str, Any]) -> str:
        """A page body; links are relative, so a site works from any folder or host."""
        prefix = "../" * path.count("/")
        html = self.env.get_template(template).render(context, page_path=path)
        return html.replace(_ROOT, prefix).replace('href=""', 'href="./"')

    def _grid(self, products: Iterable[Product]) -> Markup:
        """A list of product cards (joined here, not in a template loop: listings show 48 cards a page)."""
        return Markup('<ul class="ocop-grid" data-ocop-grid>\n' + "".join(f"  {self._card(p)}\n" for p in products) + "</ul>")

    def _card(self, product: Product, note: str = "") -> Markup:
        """A product card, rendered once: cards repeat on listings, producer pages and related blocks.

        ``note`` (a booth number, say) is shown at the top of the card's text.
        """
        html = self._cards.get(product.id)
        if html is None:
            macro = self.env.get_template("macros.html").module.product_card
            html = self._cards[product.id] = macro(product)
        if note:
            body = Markup('<span class="ocop-card__body">')
            html = Markup(html.replace(body, body + Markup('<span class="ocop-card__note">{}</span>').format(note), 1))
        return html


class _Pages:
    """The page of a record, a province, a group or a star level where the site publishes one: not
    for a province, group or star level without products ("")."""

    def __init__(self, catalog: Catalog):
        self.provinces = {p.code for p in catalog.provinces}
        self.stars = {p.stars for p in catalog.products}
        self.groups = {p.group.code for p in catalog.products}

    def page(self, item) -> str:
        if (isinstance(item, int) and item not in self.stars or isinstance(item, Group) and item.code not in self.groups
                or isinstance(item, Province) and item.code not in self.provinces):
            return ""
        return urls.path_of(item)


def _date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _price(value: int) -> str:
    return f"{format_number(value)} đ"

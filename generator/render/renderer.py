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
from ..site.catalog import PRODUCERS_INLINE
from ..site.photos import largest, renditions
from ..site.urls import (IMAGE_DIR, event_path, group_path, path_of, photo, producer_path, producers_path, product_path,
                         province_path, qr_path, short_path, showroom_path, stars_path)
from .charts import chart


class Renderer:
    """Renders page bodies with the theme's templates (``theme/ocop/``)."""

    def __init__(self, catalog: Catalog, extra_dirs: Iterable[Path] = (), has_qr: bool = False,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        theme = resources.files("ocop_theme") / "ocop"
        loader = jinja2.FileSystemLoader([*map(str, extra_dirs), str(theme)])
        self.env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined, bytecode_cache=bytecode_cache)
        self.catalog = catalog
        self.env.globals.update(
            today=catalog.today, rules=catalog.rules, STATUS_LABELS=STATUS_LABELS, LEVELS=CERTIFYING_LEVELS,
            product_path=product_path, producer_path=producer_path, province_path=province_path,
            producers_path=producers_path, PRODUCERS_INLINE=PRODUCERS_INLINE,
            group_path=group_path, stars_path=stars_path, IMAGE_DIR=IMAGE_DIR, event_path=event_path,
            showroom_path=showroom_path, short_path=short_path, qr_path=qr_path, chart=chart, EVENT_STATUS=EVENT_STATUS,
        )
        self.env.filters.update(date=_date, number=format_number, price=_price, slug=slugify, renditions=renditions,
                                largest=largest, photo=photo)
        with_products = {p.code for p in catalog.provinces}
        self.env.globals["has_province_page"] = lambda province: province.code in with_products
        star_levels = {p.stars for p in catalog.products}
        groups_with = {p.group.code for p in catalog.products}

        def page_of(item) -> str:
            """``path_of``, but "" for a star level, group or province without products: it has no page."""
            if (isinstance(item, int) and item not in star_levels or isinstance(item, Group) and item.code not in groups_with
                    or isinstance(item, Province) and item.code not in with_products):
                return ""
            return path_of(item)

        self.env.globals["path_of"] = page_of
        self.env.globals["has_qr"] = has_qr
        # Links are written from the site root and made relative per page in render().
        self.env.globals.update(url=lambda target: _ROOT + target, card_html=self._card, card_grid=self._grid)
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


def _date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _price(value: int) -> str:
    return f"{format_number(value)} đ"

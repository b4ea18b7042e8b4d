"""What other sites read in a page's ``<head>``: Open Graph and Twitter cards, schema.org JSON-LD, feeds.

The theme already writes the title, the description and (with ``site_url``) the canonical
address; :class:`Head` adds the rest for any page. Open Graph needs absolute addresses, so
``og:url`` and the images are only published when the site has a ``site_url``.
"""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import escape

from ..domain.model import Catalog
from ..site.pages import PageSpec
from ..site.photos import largest
from ..site.publication import Publication
from ..site.share import HEIGHT, WIDTH, Card, card, card_path, site_card
from ..site.urls import photo
from .linked_data import LinkedData, script

LOCALE = "vi_VN"
Image = tuple[str, str, int, int]


def _picture(images) -> Image | None:
    if not images:
        return None
    widest = largest(images[0])
    return photo(images[0]), images[0].alt, widest.width, widest.height


class Head:
    def __init__(self, catalog: Catalog, publication: Publication, description: str, feeds: dict[str, str],
                 search_path: str):
        self.pub, self.description, self.search_path = publication, description, search_path
        self.ld = LinkedData(publication, catalog.today)
        self.site_card = site_card(publication.name)
        self.feeds = feeds  # title -> path
        # a record's page kind -> (structured data, picture: (path, alt, width, height) or None)
        self.kinds: dict[str, tuple[Callable[[Any], dict], Callable[[Any], Image | None]]] = {
            # (social cards exist only with a site_url: Open Graph needs their absolute address)
            "product": (lambda p: self.ld.product(p, self._card(p)), self._product_picture),
            "producer": (self.ld.producer, lambda p: None),
            "event": (self.ld.event, lambda e: _picture(e.images)),
            "showroom": (self.ld.showroom, lambda s: None),
            "plan": (self.ld.plan, lambda p: None),
        }

    def cards(self) -> list[Card]:
        return [self.site_card]

    def _card(self, product) -> str:
        """The product's own social card, where the site publishes them."""
        return card_path(card(product, self.pub.name)) if self.pub.shares_product_cards else ""

    def _product_picture(self, product) -> Image | None:
        path = self._card(product)
        if not path:
            return _picture(product.images)
        return path, f"{product.name}: sản phẩm OCOP {product.stars} sao, {product.province.short}", WIDTH, HEIGHT

    def for_spec(self, spec: PageSpec) -> str:
        kind = self.kinds.get(spec.kind)
        if kind is None:
            return self.tags(spec.title, spec.description, spec.path)
        structured, image = kind
        return self.tags(spec.title, spec.description, spec.path, image(spec.record),
                         "article" if spec.kind == "plan" else "website", structured(spec.record))

    def home(self, title: str, description: str) -> str:
        return self.tags(title, description, "", data=self.ld.website(self.search_path))

    def tags(self, title: str, description: str, path: str, image: Image | None = None,
             kind: str = "website", data: dict | None = None) -> str:
        description = description or self.description
        meta = [("og:type", kind), ("og:site_name", self.pub.name), ("og:locale", LOCALE), ("og:title", title),
                ("og:description", description)]
        twitter = [("twitter:title", title), ("twitter:description", description)]
        if self.pub.url:
            picture, alt, width, height = image or (card_path(self.site_card), self.pub.name, WIDTH, HEIGHT)
            url = self.pub.absolute(picture)
            meta += [("og:url", self.pub.absolute(path)), ("og:image", url), ("og:image:alt", alt),
                     ("og:image:width", width), ("og:image:height", height)]
            twitter = [("twitter:card", "summary_large_image"), *twitter, ("twitter:image", url), ("twitter:image:alt", alt)]
        else:
            twitter = [("twitter:card", "summary"), *twitter]
        # Written on every page: plain strings and escape(), not Markup.format (three times slower).
        lines = [f'<meta property="{k}" content="{escape(v)}">' for k, v in meta]
        lines += [f'<meta name="{k}" content="{escape(v)}">' for k, v in twitter]
        if self.pub.url:
            # Feed autodiscovery. "alternate feed", not "alternate" alone: Material's script fetches a
            # sitemap.xml beside every link[rel=alternate] (language versions), which a feed is not.
            lines += [f'<link rel="alternate feed" type="application/atom+xml" title="{escape(t)}" '
                      f'href="{escape(self.pub.absolute(p))}">' for t, p in self.feeds.items()]
        if data is not None:
            lines.append(str(script(data)))
        return "\n".join(lines) + "\n"

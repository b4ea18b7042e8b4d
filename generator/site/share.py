"""What a page shares with chat apps and social networks: the social card of a product, or the site's.

A card's file name is a digest of everything drawn on it, so a card that would look different has
another address (and is drawn again), and an unchanged one is never drawn twice; the drawing itself
is :mod:`generator.render.social`'s.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from ..domain.model import Product
from .urls import image_file

VERSION = "3"  # bump when render.social's drawing changes, so cached cards are redrawn under new names
WIDTH, HEIGHT = 1200, 630


@dataclass(frozen=True)
class Card:
    name: str
    stars: int
    province: str
    group: str  # code: the colour of a card without photo
    group_name: str
    site: str
    photo: str = ""  # source image path
    photo_digest: str = ""

    @cached_property  # asked for by the cache check, the file list and every product page's head
    def key(self) -> str:
        fields = (VERSION, self.name, str(self.stars), self.province, self.group, self.group_name, self.site,
                  self.photo_digest)
        return hashlib.sha256("\x00".join(fields).encode("utf-8")).hexdigest()[:20]

    @property
    def file_name(self) -> str:
        return f"chia-se-{self.key}.jpg"


def card(product: Product, site_name: str) -> Card:
    photo = product.images[0] if product.images else None
    return Card(product.name, product.stars, product.province.short, product.group.code, product.group.name,
                site_name, str(photo.path) if photo else "", photo.digest if photo else "")


def site_card(site_name: str) -> Card:
    """The card of every page that has none of its own."""
    return Card(site_name, 0, "Danh mục sản phẩm, hội chợ, điểm bán và kế hoạch", "", "", site_name)


def share_image(product: Product, site_name: str) -> str:
    """The card's path in the built site."""
    return card_path(card(product, site_name))


def card_path(c: Card) -> str:
    return image_file(c.file_name)

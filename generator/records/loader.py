"""Load and validate a site's catalog/ folder into the typed model.

Every record is read, every problem is collected (never only the first), and a
record with a problem is still reported rather than dropped: the caller refuses
to publish while any problem remains, so a typo can never silently remove a
product from the public site. Work is linear in the number of records.

Each kind has its reader (:mod:`.products`, :mod:`.promotion`) over one walk of its folder
(:mod:`.walk`); this module reads them in the order their references need and resolves them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..domain.model import Catalog, Producer
from ..domain.reference.groups import RuleSet
from ..domain.text import slugify
from ..support.suggest import Names
from .fields import Fields
from .memo import Memo
from .problems import Problems
from .products import Pending, ProductReader
from .promotion import PromotionReader
from .record import Record
from .walk import Walk
from .yamlfile import Mapping


class Loader:
    def __init__(self, site_dir: Path, rules: RuleSet, today: dt.date, memo: Memo | None = None,
                 reserved: dict[str, re.Pattern] | None = None):
        self.site_dir = site_dir
        self.problems = Problems(root=site_dir)
        self.fields = Fields(site_dir / "catalog", memo)
        self.walk = Walk(site_dir / "catalog", self.problems, memo, reserved)
        self.products = ProductReader(self.fields, rules, today)
        self.rules, self.today = rules, today

    def load(self) -> Catalog:
        producers = self.walk.read("producers", self.products.producer, lambda producer: producer.slug)
        pending = self.walk.read("products", self.products.product, lambda item: item.product.slug)
        self._link_producers(pending, producers)
        products = [item.product for item in pending]
        events, showrooms = PromotionReader(self.fields, products, producers).read(self.walk)
        return Catalog(self.rules, self.today, products, producers, events, showrooms)

    def check(self, folder: str, path: Path, data: Mapping) -> Problems:
        """The problems of one product or producer record on its own (references to other records aside).

        Importers call it to refuse a record before writing it, with the loader's own rules.
        """
        problems = Problems(root=self.site_dir)
        read = {"products": self.products.product, "producers": self.products.producer}[folder]
        read(Record(path, data, problems))
        return problems

    @staticmethod
    def _link_producers(pending: list[Pending], producers: list[Producer]) -> None:
        """Each product's producer, by the id it names; an unknown id is reported with a suggestion."""
        by_slug: dict[str, Producer] = {}
        for producer in producers:
            by_slug.setdefault(producer.slug, producer)
        names = Names(by_slug)
        for item in pending:
            if item.producer_ref:
                producer = by_slug.get(slugify(item.producer_ref))
                if producer is None:
                    close = names.closest(slugify(item.producer_ref))
                    hint = f"; did you mean '{close}'?" if close else ""
                    item.record.problem("producer", f"no producer with id '{item.producer_ref}' in catalog/producers/{hint}")
                item.product.producer = producer


def load_catalog(site_dir: Path, rules: RuleSet, today: dt.date, memo: Memo | None = None,
                 reserved: dict[str, re.Pattern] | None = None) -> tuple[Catalog, Problems]:
    """The catalog of ``site_dir`` and every problem found in it; ``memo`` keeps parsed records,
    rendered Markdown and checked photos between builds; ``reserved``: the ids the site's own
    pages take, by folder (see :class:`.walk.Walk`)."""
    loader = Loader(site_dir, rules, today, memo, reserved)
    catalog = loader.load()
    return catalog, loader.problems

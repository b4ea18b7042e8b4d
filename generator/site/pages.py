"""A page of the site as data: its address, title, template and what the template shows; listings
cut into pages of a bounded size, so that every page's size and the build's work stay linear."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .urls import page_number

PAGE_SIZE = 48

@dataclass
class PageSpec:
    path: str  # URL path relative to the site root, "" or ending in "/"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    in_nav: bool = False
    kind: str = ""  # what the page is ("product", "listing", ...): what its head tags describe
    record: Any = None  # the record a page of a record kind is about

    @property
    def src_uri(self) -> str:
        """The virtual Markdown source MkDocs maps to ``path``."""
        return f"{self.path}index.md" if self.path else "index.md"


@dataclass
class Facet:
    label: str
    path: str
    count: int
    key: str


def paginate(base: str, title: str, template: str, items: list, context: dict[str, Any],
             description: str, page_size: int, in_nav: bool = False, name: str = "products",
             kind: str = "listing") -> list[PageSpec]:
    """Pages of ``page_size`` items at ``base``, ``base``trang-2/ ...; each page's slice is ``name`` in its context."""
    chunks = [items[i:i + page_size] for i in range(0, len(items), page_size)] or [[]]
    pages = []
    paths = [page_number(base, n) for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        ctx = dict(context, total=len(items), pagination={
            "number": n, "count": len(chunks), "paths": paths,
            "previous": paths[n - 2] if n > 1 else None, "next": paths[n] if n < len(chunks) else None,
        })
        ctx[name] = chunk
        page_title = title if n == 1 else f"{title} (trang {n})"
        pages.append(PageSpec(paths[n - 1], page_title, template, ctx, description, in_nav and n == 1, kind))
    return pages

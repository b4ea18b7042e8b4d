"""The embed page (``/nhung/``): the catalog inside other sites' iframes, a page of its own without
the site's chrome (the front end does not frame it), with its own Content-Security-Policy."""

from __future__ import annotations

from ..site.embeds import LIMIT, MAX_LIMIT
from ..site.publication import Publication
from ..site.urls import API, CATALOG_DATA, EMBED
from ..support.csp import with_policy
from .renderer import Renderer


def embed_page(renderer: Renderer, publication: Publication) -> bytes:
    html = renderer.render("embed.html", EMBED, {"site_name": publication.name, "data_path": CATALOG_DATA, "api": API,
                                                 "limit": LIMIT, "max_limit": MAX_LIMIT})
    return with_policy(html).encode("utf-8")

"""QR codes for product pages, cached like image renditions.

Encoding a QR code in pure Python costs milliseconds, mostly in scoring the eight mask
patterns; at 15,000 products that is minutes. Codes use one fixed mask (any mask is valid
and every reader decodes it: the mask number is part of the code's format information),
are cached by their content under ``.cache/ocop/qr`` (a verified :class:`~generator.support.cache_store.Store`)
so a rebuild encodes nothing, and new ones are made on every core.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import segno

from ..domain.model import Catalog
from ..site.urls import qr_path, short_path
from ..support.cache_store import Store
from ..support.parallel import fork_map

VERSION = "1"  # bump when the drawing below changes, so cached codes are remade
MASK = 4
PARALLEL_FROM = 200


def qr_svg(url: str, title: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False, mask=MASK).save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgclass="ocop-qr", title=title)
    return buffer.getvalue()


def _make(job: tuple[str, str]) -> bytes:
    return qr_svg(*job)


def qr_codes(catalog: Catalog, site_url: str, cache: Path | None = None) -> dict[str, bytes]:
    """An SVG QR code per product, for its permanent short link; none without a site_url."""
    if not site_url:
        return {}
    jobs = {qr_path(p): (f"{site_url.rstrip('/')}/{short_path(p)}", f"Mã QR: {p.name}") for p in catalog.products}
    keys = {path: hashlib.sha256("\n".join((VERSION, *job)).encode("utf-8")).hexdigest()[:32]
            for path, job in jobs.items()}
    store = Store(cache) if cache is not None else None
    files: dict[str, bytes] = {}
    if store is not None:
        for path, key in keys.items():
            cached = store.get(f"{key}.svg")
            if cached is not None:
                files[path] = cached
    missing = [path for path in jobs if path not in files]
    made = fork_map(_make, [jobs[p] for p in missing], minimum=PARALLEL_FROM, chunksize=64)
    for path, svg in zip(missing, made):
        files[path] = svg
        if store is not None:
            store.put(f"{keys[path]}.svg", svg)
    if store is not None:
        store.save()
    return dict(sorted(files.items()))

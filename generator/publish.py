"""Writing the planned pages fast: one page frame per folder depth, filled in for every page.

A theme renders the same header, tabs, footer and scripts around every page; for a catalog of
15,000 products, rendering that chrome 15,000 times is most of a build. The front end renders
the chrome once per folder depth (relative links differ by depth only), with marks where the
title, the description, the page's own path and the body go; :func:`write_pages` then renders
each body, fills a copy of the frame and writes the file, spread over the machine's cores.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from markupsafe import escape

from .site import PageSpec, Renderer

TITLE_MARK = "OCOPFRAMETITLE"
DESCRIPTION_MARK = "OCOPFRAMEDESCRIPTION"
PATH_MARK = "ocop-frame-path/"
BODY_MARK = "<!--ocop-frame-body <h1 -->"
"""Holds "<h1" so that Material adds no heading of its own; :func:`fill` adds it where a body has none."""
FRAME_DIR = "ocop-frame"
PARALLEL_FROM = 400
"""Below this many pages forking workers costs more than it saves."""


def frame_path(depth: int) -> str:
    """The path of the frame page for pages ``depth`` folders deep ("san-pham/x/" is 2)."""
    return "/".join([FRAME_DIR] + ["x"] * (depth - 1)) + "/"


def depth(path: str) -> int:
    return path.count("/")


def check_frame(html: str, path: str) -> str:
    """Turn the frame page's own address into a mark; refuse a frame that lost a mark.

    A theme override that drops the title or the body would otherwise publish every page
    with the frame's placeholders.
    """
    for mark in (TITLE_MARK, BODY_MARK):
        if mark not in html:
            raise ValueError(f"the page frame for depth {depth(path)} has no {mark}: a theme override dropped it")
    return html.replace(path, PATH_MARK)


_MARKS = re.compile("|".join(re.escape(m) for m in (TITLE_MARK, DESCRIPTION_MARK, PATH_MARK, BODY_MARK)))


def fill(frame: str, spec: PageSpec, body: str) -> str:
    """The frame with its marks replaced in one pass: text put in is never searched for marks again
    (a product named "OCOPFRAMEDESCRIPTION" stays a name)."""
    title = str(escape(spec.title))
    if "<h1" not in body:
        body = f"<h1>{title}</h1>\n{body}"
    values = {TITLE_MARK: title, DESCRIPTION_MARK: str(escape(spec.description)), PATH_MARK: spec.path, BODY_MARK: body}
    return _MARKS.sub(lambda match: values[match.group(0)], frame)


_job: tuple[Renderer, list[PageSpec], dict[int, str], Path] | None = None  # inherited by forked workers


def _write_range(bounds: tuple[int, int]) -> None:
    renderer, specs, frames, out = _job
    for spec in specs[bounds[0]:bounds[1]]:
        body = renderer.render(spec.template, spec.path, dict(spec.context, title=spec.title))
        target = out / spec.path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(frames[depth(spec.path)], spec, body), "utf-8")


def write_pages(renderer: Renderer, specs: list[PageSpec], frames: dict[int, str], out: Path,
                workers: int | None = None) -> None:
    """Render and write every page in ``specs`` under ``out``; the result does not depend on ``workers``."""
    global _job
    workers = workers or os.cpu_count() or 1
    _job = (renderer, specs, frames, out)
    try:
        if workers > 1 and len(specs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            step = max(50, len(specs) // (workers * 8))
            ranges = [(i, i + step) for i in range(0, len(specs), step)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                pool.map(_write_range, ranges, chunksize=1)
        else:
            _write_range((0, len(specs)))
    finally:
        _job = None


def write_files(out: Path, files: dict[str, bytes], linked: dict[str, Path]) -> None:
    """Generated files (data, feeds, QR codes) and cached image renditions, hard-linked where possible.

    Renditions in the cache are named by content hash and never change, so a link is as good as
    a copy and costs nothing; across file systems it falls back to copying.
    """
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for path, source in linked.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def sitemap(paths: list[str], site_url: str, lastmod: str) -> bytes:
    """sitemap.xml for every page (the sitemap protocol needs absolute addresses)."""
    base = site_url.rstrip("/") + "/"
    rows = "".join(f"<url><loc>{xml_escape(base + p)}</loc><lastmod>{lastmod}</lastmod></url>\n"
                   for p in sorted(set(paths)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n').encode("utf-8")


def write_sitemap(out: Path, paths: list[str], site_url: str, lastmod: str) -> None:
    """Write sitemap.xml and its gzip copy (mtime 0: reproducible); without a site_url, none."""
    xml, gz = out / "sitemap.xml", out / "sitemap.xml.gz"
    if not site_url:
        xml.unlink(missing_ok=True)
        gz.unlink(missing_ok=True)
        return
    data = sitemap(paths, site_url, lastmod)
    xml.write_bytes(data)
    gz.write_bytes(gzip.compress(data, mtime=0))

"""Writing the planned pages fast: one page frame per folder depth, filled in for every page.

A theme renders the same header, tabs, footer and scripts around every page; for a catalog of
15,000 products, rendering that chrome 15,000 times is most of a build. The front end renders
the chrome once per folder depth (relative links differ by depth only), with marks where the
title, the description, the page's own path and the body go; :func:`write_pages` then renders
each body, fills a copy of the frame and writes the file, spread over the machine's cores.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from markupsafe import escape

from ..render.renderer import Renderer
from ..site.pages import PageSpec
from ..support.parallel import fork_map

TITLE_MARK = "OCOPFRAMETITLE"
DESCRIPTION_MARK = "OCOPFRAMEDESCRIPTION"
PATH_MARK = "ocop-frame-path/"
BODY_MARK = "<!--ocop-frame-body <h1 -->"
"""Holds "<h1" so that Material adds no heading of its own; :func:`fill` adds it where a body has none."""
HEAD_MARK = "<!--ocop-frame-head-->"
"""Where a page's own head elements go (social cards, structured data): see :func:`add_head`."""
FRAME_DIR = "ocop-frame"
PARALLEL_FROM = 400
"""Below this many pages forking workers costs more than it saves."""


def frame_path(depth: int) -> str:
    """The path of the frame page for pages ``depth`` folders deep ("san-pham/x/" is 2)."""
    return "/".join([FRAME_DIR] + ["x"] * (depth - 1)) + "/"


def depth(path: str) -> int:
    return path.count("/")


def check_frame(html: str, path: str) -> str:
    """Turn the frame page's own address into a mark; refuse a frame that lost a mark; drop the
    frame's indentation (see :func:`compact`).

    A theme override that drops the title or the body would otherwise publish every page
    with the frame's placeholders.
    """
    for mark in (TITLE_MARK, BODY_MARK, HEAD_MARK):
        if mark not in html:
            raise ValueError(f"the page frame for depth {depth(path)} has no {mark}: a theme override dropped it")
    return compact(html).replace(path, PATH_MARK)


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n\f]+")  # HTML's white space: not a no-break space


def compact(html: str) -> str:
    """``html`` without the indentation and blank lines of its templates, outside the elements whose
    whitespace is content (pre, textarea) or code (script, style).

    A line break and the spaces after it are one space to a browser, and a line break stays, so
    the page renders the same. Material's templates indent deeply: this is about 4 KB of every
    page's 27, 150 MB of a 15,000-product site (whose host may accept no more than 1 GB).
    """
    parts = _VERBATIM.split(html)
    # split() gives text, then the whole verbatim element and its tag name, then text again
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


def add_head(html: str, elements: str) -> str:
    """``html`` with ``elements`` at the end of its ``<head>``."""
    return html.replace("</head>", elements + "</head>", 1)


_MARKS = re.compile("|".join(re.escape(m) for m in (TITLE_MARK, DESCRIPTION_MARK, PATH_MARK, HEAD_MARK, BODY_MARK)))


def fill(frame: str, spec: PageSpec, body: str, head: str = "") -> str:
    """The frame with its marks replaced in one pass: text put in is never searched for marks again
    (a product named "OCOPFRAMEDESCRIPTION" stays a name)."""
    title = str(escape(spec.title))
    if "<h1" not in body:
        body = f"<h1>{title}</h1>\n{body}"
    values = {TITLE_MARK: title, DESCRIPTION_MARK: str(escape(spec.description)), PATH_MARK: spec.path,
              HEAD_MARK: head, BODY_MARK: body}
    return _MARKS.sub(lambda match: values[match.group(0)], frame)


Head = Callable[[PageSpec], str]


def _write_range(job: tuple[Renderer, list[PageSpec], dict[int, str], Path, Head], bounds: tuple[int, int]) -> None:
    renderer, specs, frames, out, head = job
    for spec in specs[bounds[0]:bounds[1]]:
        body = renderer.render(spec.template, spec.path, dict(spec.context, title=spec.title))
        target = out / spec.path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(frames[depth(spec.path)], spec, body, head(spec)), "utf-8")


def write_pages(renderer: Renderer, specs: list[PageSpec], frames: dict[int, str], out: Path,
                head: Head = lambda spec: "") -> None:
    """Render and write every page in ``specs`` under ``out``, in ranges spread over the cores.

    ``head`` gives the elements a page adds to the frame's ``<head>``.
    """
    renderer.compile({spec.template for spec in specs})
    step = max(50, len(specs) // ((os.cpu_count() or 1) * 8))
    ranges = [(i, i + step) for i in range(0, len(specs), step)]
    fork_map(_write_range, ranges, minimum=PARALLEL_FROM // step, chunksize=1,  # from PARALLEL_FROM pages
             shared=(renderer, specs, frames, out, head))

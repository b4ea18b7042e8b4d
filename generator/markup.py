"""Markdown written in records becomes sanitised HTML.

Records come from many hands and the site is embedded in government portals, so
every piece of record Markdown goes through Ammonia (the ``nh3`` binding), a real
allow-list HTML sanitiser: scripts, event handlers, ``javascript:``/``data:``
links, SVG and frames are removed while ordinary Markdown keeps working.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

import markdown
import nh3

from .parallel import fork_map
from .text import slugify

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
ROOT = "\x00root\x00/"
"""Stands for the relative path to the site root in fragments rendered once and placed on many pages."""
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_ROMAN = re.compile(r"^([IVXLC]+)\s*[.)]\s")
_ARABIC = re.compile(r"^(\d+(?:\.\d+)*)\s*[.)]?\s")

_md = markdown.Markdown(extensions=["tables", "sane_lists", "smarty"], output_format="html")
_TAGS = re.compile(r"<[^>]+>")


def sanitise(fragment: str, attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str) -> str:
    """Markdown to safe HTML. Headings start at h2: the page owns the h1."""
    if not text.strip():
        return ""
    done = _rendered.get(text)
    return done if done is not None else _render(text)


def prerender(texts: Iterable[str]) -> None:
    """Render many texts at once, on every core; :func:`render` then finds them done.

    Python-Markdown costs about a millisecond per product description, the largest part
    of loading a national catalog.
    """
    todo = sorted({text for text in texts if text.strip() and text not in _rendered})
    _rendered.update(zip(todo, fork_map(_render, todo, minimum=PARALLEL_FROM)))


_rendered: dict[str, str] = {}
PARALLEL_FROM = 400


def _render(text: str) -> str:
    _md.reset()
    body = _md.convert(text)
    body = re.sub(r"<(/?)h1>", r"<\1h2>", body)
    return sanitise(body)


def plain(fragment: str, limit: int = 0) -> str:
    """Plain text of an HTML fragment, cut at a word boundary when ``limit`` is given."""
    text = " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text


def render_document(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """An official document's Markdown body: safe HTML and its table of contents.

    Headings get ids from the document's own numbering, so that "mục II.4.2" is
    ``#muc-ii-4-2``; the table of contents lists (level, id, text) of h2 and h3.
    """
    html = render(text)
    toc: list[tuple[int, str, str]] = []
    used: set[str] = set()
    section = ""

    def number(match: re.Match) -> str:
        nonlocal section
        level, inner = int(match.group(1)), match.group(2)
        label = plain(inner)
        roman, arabic = _ROMAN.match(label), _ARABIC.match(label)
        if roman:
            section = roman.group(1).lower()
            ident = f"muc-{section}"
        elif arabic:
            parts = arabic.group(1).replace(".", "-")
            ident = f"muc-{section}-{parts}" if section else f"muc-{parts}"
        else:
            ident = slugify(label)[:48].strip("-") or "muc"
        base, n = ident, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        if level <= 3:
            toc.append((level, ident, label))
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    return _HEADING.sub(number, html), toc

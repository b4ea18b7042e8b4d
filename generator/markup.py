"""Markdown written in records becomes sanitised HTML.

Records come from many hands and the site is embedded in government portals, so
every piece of record Markdown goes through Ammonia (the ``nh3`` binding), a real
allow-list HTML sanitiser: scripts, event handlers, ``javascript:``/``data:``
links, SVG and frames are removed while ordinary Markdown keeps working.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

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

_md = markdown.Markdown(extensions=["tables", "sane_lists", "smarty"], output_format="html")
_TAGS = re.compile(r"<[^>]+>")


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str) -> str:
    """Markdown to safe HTML. Headings start at h2: the page owns the h1."""
    if not text.strip():
        return ""
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

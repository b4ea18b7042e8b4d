"""Markdown written in records becomes sanitised HTML.

Records come from many hands and the site is embedded in government portals, so
every piece of record Markdown goes through Ammonia (the ``nh3`` binding), a real
allow-list HTML sanitiser: scripts, event handlers, ``javascript:``/``data:``
links, SVG, frames and pictures are removed while ordinary Markdown keeps working.

The Markdown parser is markdown-it-py (CommonMark): it works in near-linear time
on any input, where Python-Markdown takes minutes on a few kilobytes of "[".
Markdown that cannot work on the published site (a picture, which would load
from another site or be missing; a link that is not a full address, which would
break) is reported as a problem of the record rather than published broken.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from ..domain.text import slugify

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_CHARS = 20_000
"""A description or story is a few paragraphs; a longer one is a mistake (a whole document pasted)."""
ROOT = "\x00root\x00/"
"""Stands for the relative path to the site root in fragments rendered once and placed on many pages."""
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_ROMAN = re.compile(r"^([IVXLC]+)\s*[.)]\s")
_ARABIC = re.compile(r"^(\d+(?:\.\d+)*)\s*[.)]?\s")
_FULL_ADDRESS = re.compile(r"(?:https?://|mailto:|tel:|#)", re.I)

# CommonMark with tables and typographic quotes; raw HTML is parsed, then cleaned by the sanitiser.
_md = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(["table", "smartquotes"])
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Rendered:
    html: str
    problems: tuple[tuple[int, str], ...] = ()  # (line in the text, counted from 0; message)
    toc: tuple[tuple[int, str, str], ...] = ()  # documents: (level, id, text) of h2 and h3


def _keep_href(tag: str, attribute: str, value: str) -> str | None:
    """Links must be full addresses or fragments: a relative one would break on every page depth."""
    if attribute == "href" and not _FULL_ADDRESS.match(value):
        return None
    return value


def sanitise(fragment: str, attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        attribute_filter=_keep_href,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _unusable(tokens) -> list[tuple[int, str]]:
    """What in the Markdown would not work once published (raw HTML is left to the sanitiser)."""
    problems = []
    for token in tokens:
        line = token.map[0] if token.map else 0
        for child in token.children or ():
            if child.type == "image":
                problems.append((line, f"the picture '![{child.content}]({child.attrGet('src')})' cannot be shown: pictures in "
                                "the text would load from another site or be missing; remove it (products list photos under images)"))
            elif child.type == "link_open" and not _FULL_ADDRESS.match(str(child.attrGet("href") or "")):
                problems.append((line, f"the link '{child.attrGet('href')}' is not a full address; write it as "
                                       "https://..., mailto:... or tel:..."))
    return problems


def render(text: str, max_chars: int = MAX_CHARS) -> Rendered:
    """Markdown to safe HTML, with what in it cannot be published. Headings start at h2: the page owns the h1."""
    if not text.strip():
        return Rendered("")
    if max_chars and len(text) > max_chars:
        return Rendered("", ((0, f"is {len(text):,} characters long; at most {max_chars:,} are published "
                                 "(shorten it, or publish a long document as a plan)"),))
    tokens = _md.parse(text)
    body = _md.renderer.render(tokens, _md.options, {})
    body = re.sub(r"<(/?)h1>", r"<\1h2>", body)
    return Rendered(sanitise(body), tuple(dict.fromkeys(_unusable(tokens))))


def plain(fragment: str, limit: int = 0) -> str:
    """Plain text of an HTML fragment, cut at a word boundary when ``limit`` is given."""
    text = " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text


def render_document(text: str) -> Rendered:
    """An official document's Markdown body: safe HTML, its problems and its table of contents.

    Headings get ids from the document's own numbering, so that "mục II.4.2" is
    ``#muc-ii-4-2``; other headings get ``muc-`` and their slug. Every id starts with
    ``muc-``, so none can clash with the ids of the page around the body. The table of
    contents lists (level, id, text) of h2 and h3.
    """
    rendered = render(text, max_chars=0)
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
            ident = "muc-" + (slugify(label)[:48].strip("-") or "khac")
        base, n = ident, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        if level <= 3:
            toc.append((level, ident, label))
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    return Rendered(_HEADING.sub(number, rendered.html), rendered.problems, tuple(toc))

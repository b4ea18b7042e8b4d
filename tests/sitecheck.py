"""Reading a built site the way a visitor's browser would: pages, links, assets."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.loads: list[str] = []  # what the browser fetches to show the page
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("script", "img", "source", "iframe", "video", "audio") and found.get("src"):
            self.loads.append(found["src"])
        if tag in ("img", "source") and found.get("srcset"):
            self.loads += [c.split()[0] for c in found["srcset"].split(",") if c.strip()]
        if tag == "link" and found.get("href") and set((found.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.loads.append(found["href"])
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "data-source"):
                self.refs.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((tag, name, candidate.split()[0]))
            elif name == "id":
                self.ids.append(value)


def references(html: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    collector = _Collector()
    collector.feed(html)
    return collector.refs, collector.ids


def loaded(html: str) -> list[str]:
    """URLs the browser requests to render the page (scripts, styles, images, frames)."""
    collector = _Collector()
    collector.feed(html)
    return collector.loads


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def resolve(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative link from ``page`` points to, or None when it is missing."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    if path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = Path(posixpath.normpath((page.parent / path).as_posix()))
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        refs, _ = references(page.read_text("utf-8"))
        for tag, attr, url in refs:
            if is_external(url) or url.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            if resolve(site, page, url) is None:
                broken.append(f"{page.relative_to(site)}: <{tag} {attr}={url!r}>")
    return broken


def text_of(html: str) -> str:
    """Visible text, whitespace collapsed (enough for assertions on content)."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def link_targets(html: str, page_path: str) -> set[str]:
    """Site-relative targets ("ke-hoach/x") of the relative links in ``html`` on the page at ``page_path``."""
    targets = set()
    for href in re.findall(r'href="([^"#?:]+)"', html):
        targets.add(posixpath.normpath(posixpath.join(page_path, href)))
    return targets

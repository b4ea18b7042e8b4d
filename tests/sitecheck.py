"""Reading built pages in tests: visible text and link targets (the site checks themselves are
``generator.sitecheck``, which ``ocop check`` runs)."""

from __future__ import annotations

import posixpath
import re


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

"""Checks of a built site as a visitor's browser meets it.

Every internal link and every asset (scripts, styles, images and their ``srcset``, fonts in
style sheets, the data the catalog fetches) must resolve to a file of the site, every
``#fragment`` to an id on its page, no page may make the browser load anything from another
host, no link may be a ``javascript:`` address, and no page may use an HTML id twice. ``ocop check`` runs this on a built site (CI runs
it before publishing) and the test suite runs it on the demo and on a large synthetic site.

Pages are parsed with lxml (libxml2): about a millisecond a page. Links are resolved once per
folder against the list of the site's files, since most are the same navigation on every page.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..records.content import ACTIVE, MAX_SVG, active_svg, why_active
from ..site.search_data import browser_slug
from ..site.urls import CATALOG_DATA, SEARCH_DATA
from ..support.csp import runs, script_hash

URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "action", "formaction", "data-source", "data-catalog")
LOADED = {  # (tag, attribute) the browser fetches to show the page
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("iframe", "src"), ("frame", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("embed", "src"), ("object", "data"), ("input", "src"),
}
LOADED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch", "manifest"}
NOT_FILES = ("mailto:", "tel:", "data:", "blob:")
SCRIPT_URLS = ("javascript:", "vbscript:")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(.+?)\s*$", re.I)


HOSTED_BYTES = 2**30
HOSTED_FILES = 200_000
"""The largest site GitHub Pages publishes (1 GB) and the most files GitLab.com Pages serves."""


@dataclass
class Report:
    pages: int = 0
    references: int = 0
    problems: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0  # a hard-linked file counts each time, as a host counts it

    def hosting_warnings(self) -> list[str]:
        """What a common free host would refuse (not a problem where the site is hosted elsewhere)."""
        warnings = []
        if self.bytes > HOSTED_BYTES:
            warnings.append(f"the site takes {self.bytes / 2**30:.2f} GB: GitHub Pages and GitLab.com Pages "
                            "publish at most 1 GB")
        if self.files > HOSTED_FILES:
            warnings.append(f"the site has {self.files:,} files: GitLab.com Pages serves at most {HOSTED_FILES:,}")
        return warnings


@dataclass
class _Page:
    ids: set[str]
    references: list[tuple[str, str, str, bool]]  # (tag, attribute, url, loaded to show the page), each once


def _srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True)
_XPATH = etree.XPath("|".join(f"//@{name}" for name in URL_ATTRIBUTES) + "|//meta[@http-equiv]")


def _references(doc) -> list[tuple[str, str, str, bool]]:
    found = []
    for item in _XPATH(doc):
        if not isinstance(item, str):  # a <meta http-equiv>: a refresh names its target
            match = _REFRESH.match(item.get("content") or "") if (item.get("http-equiv") or "").lower() == "refresh" else None
            if match:
                found.append(("meta", "content", match.group(1).strip("'\""), False))
            continue
        element, name = item.getparent(), item.attrname
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "link":  # a style sheet or an icon is loaded; a canonical address is only named
            loads = name == "href" and bool(set((element.get("rel") or "").lower().split()) & LOADED_LINKS)
        else:
            loads = (tag, name) in LOADED
        urls = _srcset(item) if name == "srcset" else [item.strip()]
        found += [(tag, name, str(url), loads) for url in urls]
    return list(dict.fromkeys(found))


def _policy_problems(doc) -> list[str]:
    """What is wrong with a page's Content-Security-Policy: missing, after a script, or not allowing
    one of the page's own inline scripts (which the browser would then refuse to run)."""
    metas = [m for m in doc.iter("meta") if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    if len(metas) != 1:
        return ["the page has no Content-Security-Policy (a page the site did not make, published as it is?)"
                if not metas else "the page has several Content-Security-Policy elements"]
    if next(e for e in doc.iter("script", "meta") if e.tag == "script" or e is metas[0]) is not metas[0]:
        return ["a script comes before the page's Content-Security-Policy, which does not cover it"]
    scripts = list(doc.iter("script"))
    allowed = set(metas[0].get("content", "").replace(";", " ").split())
    inline = [s.text or "" for s in scripts if s.get("src") is None and runs(s.get("type") or "")]
    return [f"the Content-Security-Policy refuses the page's own inline script {code[:60]!r}"
            for code in inline if script_hash(code) not in allowed]


def _read_page(path: Path) -> tuple[_Page | None, list[str]]:
    """(its ids and references, its own problems) of one HTML file."""
    try:
        doc = etree.fromstring(path.read_bytes(), _PARSER)
    except (etree.ParserError, ValueError) as exc:
        return None, [f"not readable as HTML ({exc})"]
    if doc is None:
        return None, ["the file is empty"]
    ids = doc.xpath("//@id")
    problems = [f'the id "{ident}" is used {count} times' for ident, count in Counter(ids).items() if count > 1]
    problems += _policy_problems(doc)
    return _Page(set(map(str, ids)) | set(map(str, doc.xpath("//a/@name"))), _references(doc)), problems


class _Checker:
    def __init__(self, site: Path, site_url: str):
        self.site = site
        parts = urlsplit(site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.report = Report()
        self.pages: dict[str, _Page] = {}
        self.files: set[str] = set()
        self.folders: set[str] = {""}
        for folder, folders, files in os.walk(site):
            rel = Path(folder).relative_to(site).as_posix()
            prefix = "" if rel == "." else rel + "/"
            self.files.update(prefix + name for name in files)
            self.folders.update(prefix + name for name in folders)
            self.report.bytes += sum(os.lstat(os.path.join(folder, name)).st_size for name in files)
        self.report.files = len(self.files)
        self._resolved: dict[tuple[str, str], tuple[str | None, str]] = {}

    def problem(self, where: str, message: str) -> None:
        self.report.problems.append(f"{where}: {message}")

    def target(self, folder: str, url: str) -> tuple[str | None, str] | None:
        """(file relative to the site or None when missing, fragment) of a URL met in ``folder``;
        None when the URL does not point into the site."""
        key = (folder, url)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(folder, url)
        return self._resolved[key]

    def _resolve(self, folder: str, url: str):
        if self.origin and url.startswith(self.origin + "/"):
            url = url[len(self.origin):]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:  # "#id" or "?query": the page itself
            return "", parts.fragment
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return None, parts.fragment
            rel = posixpath.normpath(path[len(self.base_path):] or ".")
        else:
            rel = posixpath.normpath(posixpath.join(folder, path))
        rel = "" if rel == "." else rel
        if rel == ".." or rel.startswith("../"):
            return None, parts.fragment
        if rel in self.folders:
            rel = posixpath.join(rel, "index.html") if rel else "index.html"
        return (rel if rel in self.files else None), parts.fragment

    def read_pages(self) -> None:
        for rel in sorted(name for name in self.files if name.endswith(".html")):
            page, problems = _read_page(self.site / rel)
            self.report.problems += [f"{rel}: {message}" for message in problems]
            if page is not None:
                self.pages[rel] = page
        self.report.pages = len(self.pages)

    def check_pages(self) -> None:
        for rel, page in self.pages.items():
            folder = posixpath.dirname(rel)
            for tag, attribute, url, loads in page.references:
                self.report.references += 1
                self.check_reference(rel, folder, f'<{tag} {attribute}="{url}">', url, loads)

    def check_reference(self, where: str, folder: str, what: str, url: str, loads: bool) -> None:
        if url.lower().startswith(SCRIPT_URLS):
            self.problem(where, f"{what}: a script address; the site runs no script from its links")
            return
        if not url or url.startswith(NOT_FILES):
            return
        found = self.target(folder, url)
        if found is None:
            if loads:
                self.problem(where, f"{what}: loads from another site; every file a page needs must be part of the site")
            return
        target, fragment = found
        if target == "":
            target = where  # "#fragment" or "?query": this page
        if target is None:
            self.problem(where, f"{what}: no such file in the site")
        elif fragment and target.endswith(".html") and target in self.pages and fragment not in self.pages[target].ids:
            self.problem(where, f'{what}: {target} has no id "{unquote(fragment)}"')

    def check_active_files(self) -> None:
        """Files the site publishes as they are that a browser would run script from (pages are
        checked for their policy in :func:`_policy_problems`)."""
        for rel in sorted(self.files):
            path = self.site / rel
            suffix = path.suffix.lower()
            if suffix == ".xml":
                head = path.read_bytes()[:MAX_SVG]
                if b"xml-stylesheet" in head or b"http://www.w3.org/1999/xhtml" in head or b"<script" in head.lower():
                    self.problem(rel, "an XML file that holds a page, a script or a style sheet would run on the site's address")
            elif suffix in ACTIVE - {".html"} or suffix == ".svg" and active_svg(path):
                self.problem(rel, why_active(path))

    def check_styles(self) -> None:
        for path in sorted(self.site.rglob("*.css")):
            rel = path.relative_to(self.site).as_posix()
            text = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8", errors="replace"), flags=re.S)
            for match in _CSS_URL.finditer(text):
                url = (match.group(2) or match.group(4) or "").strip()
                self.report.references += 1
                self.check_reference(rel, posixpath.dirname(rel), f"url({url})", url, loads=True)

    def check_data(self) -> None:
        """The catalog and search data the browser turns into links and pictures."""
        catalog = self.site / CATALOG_DATA
        if catalog.is_file():
            data = json.loads(catalog.read_text("utf-8"))
            for row in data["products"]:
                slug = row[0] or browser_slug(row[1])
                if f"san-pham/{slug}/index.html" not in self.files:
                    self.problem(CATALOG_DATA, f"product '{row[1]}' links to san-pham/{slug}/, which is not a page")
                for suffix in (".jpg", ".webp") if row[7] else ():
                    if data["images"] + row[7] + suffix not in self.files:
                        self.problem(CATALOG_DATA, f"product '{row[1]}' shows {data['images']}{row[7]}{suffix}, which is missing")
        search = self.site / SEARCH_DATA
        if search.is_file():
            for row in json.loads(search.read_text("utf-8"))["items"]:
                if row[1] + "index.html" not in self.files:
                    self.problem(SEARCH_DATA, f"'{row[2]}' links to {row[1]}, which is not a page")

    def check_sitemap(self) -> None:
        sitemap = self.site / "sitemap.xml"
        if not sitemap.is_file():
            return
        for loc in etree.parse(str(sitemap)).iterfind(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            found = self.target("", loc.text or "")
            if found is None or not found[0]:
                self.problem("sitemap.xml", f"{loc.text}: no such page in the site")


def check_site(site: Path, site_url: str = "") -> Report:
    """Every problem of the built site in ``site``; ``site_url`` (mkdocs.yml's) makes its own
    absolute addresses (canonical links, the 404 page, the sitemap) count as internal."""
    checker = _Checker(site, site_url)
    checker.read_pages()
    checker.check_pages()
    checker.check_active_files()
    checker.check_styles()
    checker.check_data()
    checker.check_sitemap()
    return checker.report

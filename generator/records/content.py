"""Files that would run script on the site's own address if they were published as they are.

MkDocs copies every file of ``content/`` that is not a Markdown page into the site unchanged. An
HTML page, an SVG picture with a script, an XML file with a style sheet, opened from the site,
runs its script with the site's own address: it could rewrite the catalog a visitor sees. Pages
are written in Markdown (sanitised) and pictures are photos, so none of these is needed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs renders as a page (``mkdocs.utils.markdown_extensions``): in ``plans/``, each is a plan."""
DOCUMENTS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ods", ".odt", ".odp", ".ppt", ".pptx", ".rtf",
                       ".txt", ".csv", ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".webp"})
"""What a plan may be published with: documents, spreadsheets, archives and photos, none of which a browser runs."""
ACTIVE = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt",
                    ".svgz", ".swf"})
"""Opened from the site, a browser runs what these hold (SVG is checked by content: see :func:`active_svg`)."""
MAX_SVG = 2 * 1024 * 1024
_SVG_RUNS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_RUN_URL = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_PICTURE_URL = re.compile(r"^data:image/(?:png|jpeg|gif|webp);", re.I)  # a photo embedded by a drawing program
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def active_svg(path: Path) -> bool:
    """Whether an SVG file holds anything that could run: a script or an element that embeds a
    page, an event handler, a ``javascript:`` or ``data:`` address (a photo embedded in an
    ``<image>`` aside), entities or a style sheet instruction. One too large or too broken to read
    is counted as active: it cannot be shown to be harmless."""
    if path.stat().st_size > MAX_SVG:
        return True
    try:
        root = etree.fromstring(path.read_bytes(), _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return True
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or any(isinstance(node, etree._ProcessingInstruction)
                                                   for node in root.itersiblings(preceding=True)):
        return True
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() in _SVG_RUNS:
            return True
        for name, value in element.attrib.items():
            if etree.QName(name).localname.lower().startswith("on"):
                return True
            compact = "".join(value.split())
            if _RUN_URL.match(compact) and not (etree.QName(element).localname == "image" and _PICTURE_URL.match(compact)):
                return True
    return False


def why_active(path: Path) -> str:
    """Why publishing ``path`` as it is would run script on the site's address, or ""."""
    suffix = path.suffix.lower()
    if suffix in ACTIVE:
        return (f"a {suffix} file is published as it is, and its scripts would run on the site's own address; "
                "write the page in Markdown (.md) or attach the document as PDF")
    if suffix == ".svg" and active_svg(path):
        return ("this SVG picture holds a script, an event handler, an embedded page or a javascript:/data: link, "
                "which would run on the site's own address; export it again as a plain picture (or PNG)")
    return ""


def active_files(content: Path, skip: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    """(file, why) for every file under ``content`` (but the folders ``skip``) that would be active.

    Hidden files and folders are left out, as MkDocs leaves them out of the site.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(content):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (here / d) not in
                             {content / s for s in skip})
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or not path.is_file():
                continue
            why = why_active(path)
            if why:
                found.append((path, why))
    return found


def links_outside(root: Path, folders: tuple[str, ...] = ("content",)) -> list[Path]:
    """Symbolic links under ``folders`` (MkDocs' docs_dir) that lead outside ``root`` or nowhere.

    MkDocs copies what ``content/`` holds into the site, following links: a link to a
    file elsewhere on the build machine would publish that file.
    """
    base = root.resolve()
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    target = path.resolve()
                    if not target.exists() or not target.is_relative_to(base):
                        found.append(path)
    return sorted(found)

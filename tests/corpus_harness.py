"""The harness of the red-team corpus (tests/corpus/README.md): cases, the ``ocop`` command run as
a user runs it, and the checks every case draws on.

A :class:`Case` names what it attacks and what must hold; ``tests/test_corpus.py`` runs the cases
in batches (one ``ocop validate`` for every bad record, one build for every hostile text, one warm
cache for every poisoning) and gives each its own pytest result. Everything here drives the
public command in a child process with a memory limit (RLIMIT_AS) and a generous timeout, so a
case that hangs or swells fails on its bound instead of stalling the suite.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

OCOP = Path(sys.executable).parent / "ocop"
CORPUS = Path(__file__).resolve().parent / "corpus"
GIB = 2**30
MEMORY = 2 * GIB
"""Address space of a child (RLIMIT_AS): a build of a small site needs about 0.1 GiB."""
TIMEOUT = 120
"""Seconds a child may run: a small site builds in about 2 s, so only a hang or a blow-up reaches it."""

CLASSES = ("data loss", "active content", "cache trust", "resource cost", "broken output", "crash/hang",
           "configuration", "faults")
AREAS = ("records", "plans", "attachments", "images", "spreadsheets", "documents", "configuration", "caches",
         "faults", "commands")


@dataclass(frozen=True)
class Case:
    """One hostile input or fault and what must hold after it.

    ``files`` are written into the case's site (paths relative to its root; bytes, text, or a
    callable given the destination path that makes a large or special file there). ``check`` is
    what must hold, given the batch's result; ``open`` is why it does not hold yet (the case is
    then an expected failure that must turn into a pass once fixed).
    """

    id: str
    kind: str  # one of CLASSES
    area: str  # one of AREAS
    holds: str  # what must hold, in words
    files: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    check: Callable | None = field(default=None, compare=False, hash=False)
    open: str | None = None
    data: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        assert self.kind in CLASSES, self.kind
        assert self.area in AREAS, self.area
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", self.id), self.id


def params(cases: list[Case]) -> list:
    """``cases`` as pytest parameters, the open ones marked as strict expected failures."""
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    return [pytest.param(c, id=c.id, marks=[pytest.mark.corpus(kind=c.kind, area=c.area)]
                         + ([pytest.mark.xfail(strict=True, reason=f"issue 20: {c.kind}: {c.open}")] if c.open else []))
            for c in cases]


def write_files(root: Path, files: dict[str, object]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            if not (path.exists() or path.is_symlink()):  # made once where two cases share it
                content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), "utf-8")


CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocop-corpus" / "v1"
"""Large generated inputs, made once per machine (bump the version when a generator changes)."""


def cached_bytes(name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes ``make()`` gives, made once per machine and kept under :data:`CACHE`."""
    kept = CACHE / name
    if not kept.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".{name}.{os.getpid()}-{threading.get_ident()}.part")
        partial.write_bytes(make())
        os.replace(partial, kept)
    return kept.read_bytes()


# -- the command, as a user runs it ------------------------------------------------------------

@dataclass
class Run:
    args: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def lines_naming(self, rel: str) -> list[str]:
        """The report lines about the file ``rel`` (``rel:LINE: ...`` or ``rel: ...``)."""
        return [line for line in self.stderr.splitlines() if re.match(re.escape(rel) + r"(:\d+)?: ", line)]

    def assert_sane(self) -> None:
        """Finished within its bounds, and no traceback (a crash is never a report)."""
        assert not self.timed_out, f"{self.args}: still running after its timeout (killed)"
        assert "Traceback" not in self.output, self.output[-3000:]
        assert self.returncode is not None and self.returncode >= 0, \
            f"{self.args}: killed by signal {-self.returncode}: {self.stderr[-2000:]}"
        assert "MemoryError" not in self.output, self.output[-2000:]


def child_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **extra)


def ocop(*args: str | Path, cwd: Path | None = None, timeout: float = TIMEOUT, memory: int = MEMORY,
         env: dict[str, str] | None = None, cpu: int | None = None) -> Run:
    """``ocop ARGS`` in a child process (its own process group) limited to ``memory`` bytes of
    address space and ``cpu`` seconds of CPU for each of its processes (RLIMIT_CPU: a worker over
    it is killed); after ``timeout`` s the whole group is killed and the run marked timed out."""
    argv = [str(OCOP), *map(str, args)]

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if cpu is not None:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, errors="replace", preexec_fn=limit,
                               start_new_session=True, env=env or child_env())
    timed_out = False
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(process.pid)
        out, err = process.communicate()
    return Run(argv[1:], process.returncode, out, err, timed_out, time.monotonic() - started)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def group_members(pgid: int) -> list[int]:
    """Processes still alive in process group ``pgid`` (zombies excluded)."""
    alive = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(status.parent.name))
    return alive


def new_site(root: Path, name: str = "Thử nghiệm") -> Path:
    run = ocop("new-site", root, "--name", name)
    assert run.returncode == 0, run.output
    return root


# -- what the project and the site look like --------------------------------------------------

def tree_digest(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under ``root`` (links as links, not followed) and a digest of what it is."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in skip:
            continue
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = "special"
    return found


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted({k for k in before.keys() | after.keys() if before.get(k) != after.get(k)})


SOURCES = ("catalog", "content", "mkdocs.yml", ".git", "schemas", ".gitignore", ".vscode")


def sources_digest(root: Path) -> dict[str, str]:
    """The site's own sources: what no command but an import may ever change."""
    found = {}
    for name in SOURCES:
        path = root / name
        if path.is_symlink():
            found[name] = "link:" + os.readlink(path)
        elif path.is_dir():
            found.update({f"{name}/{k}": v for k, v in tree_digest(path).items()})
        elif path.exists():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def wait_discarded(folder: Path, timeout: float = 60) -> None:
    """Until the old sites a build deletes in a detached process beside ``folder``'s sites are gone."""
    deadline = time.monotonic() + timeout
    while any(".old-" in p.name or ".building-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)


# -- nothing active ---------------------------------------------------------------------------

NEVER_USED = ("iframe", "frame", "object", "embed", "base", "math", "applet", "portal", "frameset")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background",
                  "ping", "codebase", "dynsrc", "lowsrc")
FOREIGN = re.compile(r"^\W*(javascript|vbscript|data|livescript|mocha):|evil\.example|tracker\.example", re.I)
MARKER = "ocopxss"
"""Every payload of the corpus names it (``window.__ocopxss...``), so that the site's own scripts are
told from a payload that came alive."""
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".js", ".mjs",
                   ".swf", ".pdf", ".hta", ".php", ".phtml"}
"""Published files a browser (or a misconfigured host) may run: the site's own are listed in
:func:`own_active_file`."""


def _json(text: str | None) -> bool:
    try:
        json.loads(text or "")
    except ValueError:
        return False
    return True


def active_markup(root) -> list[str]:
    """What of the corpus's payloads a browser would act on: script with the marker, event handlers,
    script or foreign URLs, frames and embeds (the site uses none), inline frames' srcdoc, style rules."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower() if "}" in element.tag else element.tag.lower()
        if tag in NEVER_USED:
            found.append(f"<{tag}>")
        if tag == "script" and (element.get("type") or "").lower() == "application/ld+json" and _json(element.text):
            continue  # structured data: never run, and the record text stayed inside its JSON strings
        if tag in ("script", "style", "foreignobject") and (MARKER in "".join(element.itertext())
                                                              or "display:none" in (element.text or "")):
            found.append(f"<{tag}>{''.join(element.itertext())[:80]}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() in ("refresh", "set-cookie"):
            if FOREIGN.search((element.get("content") or "").split("url=")[-1]) or MARKER in (element.get("content") or ""):
                found.append(f"<meta http-equiv {element.get('content', '')[:60]!r}>")
        for name, value in element.attrib.items():
            name = (etree.QName(name).localname if "}" in name else name).lower()
            if name.startswith("on") or name == "srcdoc":
                found.append(f"<{tag} {name}={value[:80]!r}>")
            elif name in URL_ATTRIBUTES or name == "href":
                if FOREIGN.search(value.replace("\x00", "").strip()) and not (tag == "img" and value.startswith("data:image/")):
                    found.append(f"<{tag} {name}={value[:80]!r}>")
            elif name == "style" and MARKER in value:
                found.append(f"<{tag} style={value[:80]!r}>")
    return found


def parse_html(data: bytes):
    return etree.fromstring(data, etree.HTMLParser(encoding="utf-8")) if data.strip() else etree.Element("empty")


def parse_svg(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))


OWN_ACTIVE = re.compile(r"(^|/)(index\.html|404\.html|qr\.svg|sitemap\.xml|[^/]*\.atom|[^/]*\.xml)$|^assets/|^nhung/")


def own_active_file(rel: str) -> bool:
    """A page, feed, QR code, asset or embed the generator writes itself (checked by its content)."""
    return bool(OWN_ACTIVE.search(rel))


@dataclass
class Scan:
    """Where a built site holds something active: ``findings`` maps a file to what is live in it."""

    findings: dict[str, list[str]]
    pages_without_csp: list[str]
    foreign_active_files: list[str]

    def about(self, token: str) -> list[str]:
        return [f"{rel}: {f}" for rel, found in self.findings.items() for f in found if token in f]


def scan_site(out: Path) -> Scan:
    findings: dict[str, list[str]] = {}
    no_csp, foreign = [], []
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(out).as_posix()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm", ".xhtml"):
            root = parse_html(path.read_bytes())
            found = active_markup(root)
            if not root.xpath("//meta[translate(@http-equiv,'CSP','csp')='content-security-policy']"):
                no_csp.append(rel)
        elif suffix in (".svg", ".xml", ".atom"):
            try:
                root = parse_svg(path.read_bytes())
            except etree.XMLSyntaxError:
                continue
            found = active_markup(root)
        else:
            found = []
        if suffix in ACTIVE_SUFFIXES and not own_active_file(rel):
            foreign.append(rel)
        if found:
            findings[rel] = found
    return Scan(findings, no_csp, foreign)


# -- a site to attack -------------------------------------------------------------------------

PRODUCER = """\
id: htx-dam-doi
name: Hợp tác xã Nước mắm Đầm Dơi
kind: HTX
province: Cà Mau
address: xã Đầm Dơi, tỉnh Cà Mau
"""

PRODUCT = """\
id: {id}
name: {name}
group: thuc-pham
subgroup: gia-vi
stars: 4
certificate:
  number: 1234/QĐ-UBND
  date: 2024-05-20
  issuer: Ủy ban nhân dân tỉnh Cà Mau
producer: htx-dam-doi
province: Cà Mau
address: xã Đầm Dơi, tỉnh Cà Mau
"""

EVENT = """\
id: {id}
name: {name}
kind: hội chợ
start: 2026-11-20 08:00
end: 2026-11-26
venue: Quảng trường Văn hóa tỉnh Cà Mau
address: phường An Xuyên, tỉnh Cà Mau
province: Cà Mau
products: [nuoc-mam-dam-doi]
"""

SHOWROOM = """\
id: {id}
name: {name}
kind: sân bay
address: Số 93 Lý Thường Kiệt, phường Tân Thành, tỉnh Cà Mau
province: Cà Mau
products: [nuoc-mam-dam-doi]
"""

PLAN = """\
---
number: {number}
type: Kế hoạch
title: {title}
issuer: Ủy ban nhân dân tỉnh Cà Mau
level: province
province: Cà Mau
signed: 12/3/2024
---

## I. MỤC ĐÍCH, YÊU CẦU

{body}
"""


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def product(id: str, name: str = "Nước mắm Đầm Dơi", extra: str = "") -> str:
    return PRODUCT.format(id=id, name=name) + extra


def base_site(root: Path, *, site_url: str | None = "https://ocop.example.vn/", build_date: str = "2026-11-23",
              products: int = 1) -> Path:
    """A small valid site made by ``ocop new-site``: a producer and ``products`` products."""
    new_site(root)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if site_url:
        text = text.replace("# site_url: https://ocop.example.gov.vn/", f"site_url: {site_url}")
    text = text.replace("# build_date: 2026-01-31", f"build_date: {build_date}")
    config.write_text(text, "utf-8")
    write_files(root, {"catalog/producers/htx-dam-doi.yaml": PRODUCER,
                       "catalog/products/nuoc-mam-dam-doi.yaml": product("nuoc-mam-dam-doi")})
    for n in range(1, products):
        write_files(root, {f"catalog/products/san-pham-{n}.yaml": product(f"san-pham-{n}", f"Sản phẩm số {n}")})
    return root


def copy_site(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target

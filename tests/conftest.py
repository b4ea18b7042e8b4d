"""Shared fixtures: small throwaway sites written record by record."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from generator.cli import main as cli
from generator.project import scaffold
from generator.project.assemble import load

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

pytest_plugins = ("corpus_tally",)  # the red-team corpus's tally by class (tests/corpus/README.md)

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
HOSTILE_SITE_URL = "https://ocop.example.vn/"
BUILD_DATE = dt.date(2026, 11, 23)

PRODUCER = """\
id: htx-dam-doi
name: Hợp tác xã Nước mắm Đầm Dơi
kind: HTX
province: Cà Mau
address: xã Đầm Dơi, tỉnh Cà Mau
"""

PRODUCT = """\
id: nuoc-mam-dam-doi
name: Nước mắm Đầm Dơi
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


class Site:
    """A scaffolded site in a temporary folder, with helpers to add records."""

    def __init__(self, root: Path):
        self.root = root
        scaffold.create(root, name="Thử nghiệm")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), "utf-8")
        return path

    def product(self, name: str, text: str = PRODUCT) -> Path:
        return self.write(f"catalog/products/{name}.yaml", text)

    def producer(self, name: str, text: str = PRODUCER) -> Path:
        return self.write(f"catalog/producers/{name}.yaml", text)

    def load(self, today: dt.date = BUILD_DATE):
        """(catalog, problems) of the records and plans."""
        catalog, _, problems = load(self.root, date=today)
        return catalog, problems

    def problems(self) -> list[str]:
        return [str(p) for p in self.load()[1].sorted()]


@pytest.fixture(scope="session", autouse=True)
def user_state_folder(tmp_path_factory):
    """Builds keep their template-signing key in the user's state folder: the tests' own."""
    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("user-state"))
    yield Path(os.environ["XDG_STATE_HOME"])
    if before is None:
        del os.environ["XDG_STATE_HOME"]
    else:
        os.environ["XDG_STATE_HOME"] = before


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "site")


def listing_once_discarded(folder: Path, timeout: float = 60) -> list[str]:
    """The names in ``folder`` once the old sites being deleted there are gone (a build deletes
    the site it replaced in a detached process, see ``cli.discard``), or after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while any(".old-" in p.name or ".building-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return sorted(p.name for p in folder.iterdir())


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` and the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def demo():
    catalog, _, problems = load(REPO, date="2026-11-23")
    assert not problems, problems.report()
    return catalog


@pytest.fixture(scope="session")
def archive(demo):
    """The demo's plans."""
    return load(REPO, date="2026-11-23")[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory, demo):
    content_before = tree_digest(REPO / "content")
    out = tmp_path_factory.mktemp("demo") / "site"
    assert cli.main(["build", str(REPO), "--site-dir", str(out)]) == 0
    assert tree_digest(REPO / "content") == content_before, "the build wrote into content/"
    return out




LARGE_SITE_PRODUCTS = 2000


@pytest.fixture(scope="session")
def large_site(tmp_path_factory) -> tuple[Path, Path]:
    """(source, built site) of a synthetic national site of 2,000 products, built once per session."""
    root = tmp_path_factory.mktemp("large")
    source, out = root / "source", root / "site"
    assert cli.main(["synth", "--products", str(LARGE_SITE_PRODUCTS), str(source)]) == 0
    assert cli.main(["build", str(source), "--site-dir", str(out)]) == 0
    return source, out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, through Playwright), one for the whole session."""
    from browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        if os.environ.get("OCOP_SKIP_BROWSER") == "1":
            pytest.skip("OCOP_SKIP_BROWSER=1: browser tests skipped on request")
        pytest.fail("Chromium is missing: run tools/install-chromium (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """(source, built site) of the hostile corpus (tests/corpus/hostile/): markup in every text field."""
    base = tmp_path_factory.mktemp("hostile")
    site = Site(base / "source")
    shutil.copytree(CORPUS / "hostile", site.root, dirs_exist_ok=True)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("docs_dir:", f"site_url: {HOSTILE_SITE_URL}\ndocs_dir:")
                      .replace("# build_date: 2026-01-31", "build_date: 2026-11-23"), "utf-8")
    out = base / "site"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    return site.root, out

"""The corpus's batch of records and plans: one site, one ``ocop validate``, one build.

Every case of this batch adds its files to one site (with ``tests/corpus/invalid/`` and the large
inputs made at run time). ``ocop validate`` runs once; the files it names are taken out, and the
rest is built once with ``ocop build``. A case then checks its own part: the lines that name its
file, or what its record became in the built site (its page, what is active in it, its data).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from corpus_harness import Run, Scan, parse_html, scan_site


@dataclass
class SiteBatch:
    root: Path  # the sources, every case's files included
    validate: Run
    refused: Run | None  # ``ocop build`` of the whole site: must refuse
    refused_out: Path
    accepted: Path  # the sources less every file validate named
    build: Run
    out: Path
    scan: Scan | None

    def lines(self, rel: str) -> list[str]:
        return self.validate.lines_naming(rel)

    def page(self, path: str) -> Path:
        return self.out / path / "index.html"

    def text(self, path: str, xpath: str = "//article") -> str:
        """The text of the first element at ``xpath`` of the page at ``path``."""
        found = parse_html(self.page(path).read_bytes()).xpath(xpath)
        assert found, f"{path}: nothing at {xpath}"
        return "".join(found[0].itertext())

    def csv_cells(self) -> list[tuple[str, str]]:
        """(file, cell) of every CSV the site publishes."""
        cells = []
        for path in sorted(self.out.rglob("*.csv")):
            rel = path.relative_to(self.out).as_posix()
            for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))):
                cells += [(rel, cell) for cell in row]
        return cells


def files_named(report: str, root: Path) -> set[str]:
    """The files (relative to ``root``) that lines of a validation report name."""
    named = set()
    for line in report.splitlines():
        match = re.match(r"([^:]+?)(:\d+)?: ", line)
        if match and ((root / match.group(1)).exists() or (root / match.group(1)).is_symlink()):
            named.add(match.group(1))
    return named


def without(root: Path, target: Path, names: set[str]) -> Path:
    """A copy of the site ``root`` without the files ``names`` (nor its cache and special files)."""
    def ignore(folder: str, entries: list[str]) -> list[str]:
        return [e for e in entries if e == ".cache" or not (os.path.isdir(os.path.join(folder, e))
                                                             or os.path.isfile(os.path.join(folder, e))
                                                             or os.path.islink(os.path.join(folder, e)))]
    shutil.copytree(root, target, symlinks=True, ignore=ignore)
    for rel in names:
        path = target / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return target


# -- what a case checks -------------------------------------------------------------------------

def reported(rel: str, field: str | None = None, contains: str = ""):
    """``rel`` is refused: a report line names it (with ``field``, and saying ``contains``)."""
    def check(batch: SiteBatch) -> None:
        lines = batch.lines(rel)
        assert lines, f"{rel}: not reported"
        if field is not None:
            wanted = re.compile(re.escape(rel) + r"(:\d+)?: " + re.escape(field) + r": ")
            assert any(wanted.match(line) for line in lines), f"{rel}: no line names the field {field}: {lines}"
        assert any(contains in line for line in lines), f"{rel}: no line says {contains!r}: {lines}"
    return check


def exactly(rel: str, expected: list[str]):
    """``rel`` is reported with exactly the lines ``expected`` (the corpus's ``invalid-report.txt``)."""
    def check(batch: SiteBatch) -> None:
        assert batch.lines(rel) == expected
    return check


def published(rel: str, check_output, field: str | None = None):
    """``rel`` is accepted and its output passes ``check_output``; or, where ``field`` is given, it may
    instead be refused by a line naming that field (either is a fix: the case holds both ways)."""
    def check(batch: SiteBatch) -> None:
        lines = batch.lines(rel)
        if lines and field is not None:
            wanted = re.compile(re.escape(rel) + r"(:\d+)?: " + re.escape(field.split("[")[0].split(".")[0]))
            assert any(wanted.match(line) for line in lines), f"{rel}: refused without naming {field}: {lines}"
            return
        assert not lines, f"{rel}: refused: {lines}"
        batch.build.assert_sane()
        assert batch.build.returncode == 0, batch.build.stderr[-3000:]
        check_output(batch)
    return check


def page_exists(path: str):
    def check(batch: SiteBatch) -> None:
        assert batch.page(path).is_file(), f"{path}: no page (the record was lost)"
    return check


def inert(path: str, token: str, text_kept: bool):
    """The page at ``path`` exists, nothing with ``token`` is live anywhere, and (``text_kept``)
    the page shows the payload's text."""
    def check(batch: SiteBatch) -> None:
        page_exists(path)(batch)
        assert batch.scan.about(token) == []
        if text_kept:
            body = parse_html(batch.page(path).read_bytes()).xpath("//body")[0]
            assert token in "".join(body.itertext()), f"{path}: the text with {token} was lost"
    return check


def all_of(*checks):
    def check(batch: SiteBatch) -> None:
        for one in checks:
            one(batch)
    return check


def build_batch(root: Path, out_dir: Path, cases, ocop, try_whole: bool = True) -> SiteBatch:
    """Validate ``root`` once, check that a build of it is refused (``try_whole``), then build what
    validation accepted (less every file of a case that validation named one file of)."""
    validate = ocop("validate", root, timeout=300)
    refused_out = out_dir / "refused"
    refused = ocop("build", root, "--site-dir", refused_out, timeout=300) if try_whole else None
    named = files_named(validate.stderr, root)
    refused_cases = [case for case in cases if named & set(case.files)]
    kept = {rel for case in cases if case not in refused_cases for rel in case.files}  # a photo two cases share stays
    named |= {rel for case in refused_cases for rel in case.files} - kept
    accepted = without(root, out_dir / "accepted", named)
    out = out_dir / "site"
    build = ocop("build", accepted, "--site-dir", out, timeout=300)
    scan = scan_site(out) if build.returncode == 0 else None
    return SiteBatch(root, validate, refused, refused_out, accepted, build, out, scan)

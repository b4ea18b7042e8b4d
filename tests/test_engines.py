"""The site builds the same with MkDocs 1.6.1 and with ProperDocs, its continuation (which runs the
plugin and Material unchanged): every file byte for byte, but the engine's name in the pages'
generator tag."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, tree_digest

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def normalised(site: Path) -> dict[str, str]:
    """Every file's digest, the pages' generator tag left out."""
    return {rel: hashlib.sha256(GENERATOR_TAG.sub(b"", (site / rel).read_bytes())).hexdigest()
            for rel in tree_digest(site)}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"))


def test_the_demo_builds_the_same_with_properdocs(built, tmp_path):
    ocop = Path(sys.executable).parent / "ocop"
    done = run(str(ocop), "--engine", "properdocs", "build", str(REPO), "--site-dir", str(tmp_path / "ocop"))
    assert done.returncode == 0, done.stderr
    assert b"ProperDocs" in (tmp_path / "ocop" / "index.html").read_bytes()
    assert normalised(tmp_path / "ocop") == normalised(built)
    # A site whose workflow calls ProperDocs itself instead of 'ocop build'.
    properdocs = Path(sys.executable).parent / "properdocs"
    direct = run(str(properdocs), "build", "-f", "mkdocs.yml", "-d", str(tmp_path / "direct"))
    assert direct.returncode == 0, direct.stderr
    assert normalised(tmp_path / "direct") == normalised(built)


def test_an_engine_that_is_not_known_is_named():
    ocop = Path(sys.executable).parent / "ocop"
    done = run(str(ocop), "--engine", "zensical", "validate", str(REPO))
    assert done.returncode == 2 and "invalid choice: 'zensical'" in done.stderr
    done = subprocess.run([str(ocop), "validate", str(REPO)], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, OCOP_ENGINE="mkdocs2"))
    assert done.returncode == 1 and "the engine 'mkdocs2' is not one of mkdocs, properdocs" in done.stderr

"""Cache entries are used only when this user's builds wrote them intact: a poisoned entry of any
cache is made again, never published, never followed, and never hangs a build."""

from __future__ import annotations

import hashlib
import io
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import PRODUCER, PRODUCT, REPO, Site
from generator.cli import main as cli
from generator.project import files as publish
from generator.support.cache_store import MANIFEST, Store

SITE_URL = "https://ocop.example.vn/"
STORE_CACHES = ("memo", "qr", "share", "images")
CACHES = STORE_CACHES + ("templates/site", "templates/mkdocs")


def make_site(root: Path, photo: bool = True) -> Path:
    """Two products, one with a photo, published with a site_url: every cache has entries."""
    site = Site(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_description:", f"site_url: {SITE_URL}\nsite_description:")
                      .replace("# build_date: 2026-01-31", "build_date: 2026-11-23"), "utf-8")
    site.producer("htx-dam-doi", PRODUCER)
    images = ""
    if photo:
        buffer = io.BytesIO()
        Image.effect_noise((900, 600), 40).convert("RGB").save(buffer, "JPEG")
        site.write("catalog/images/nuoc-mam.jpg", buffer.getvalue())
        images = "images:\n  - images/nuoc-mam.jpg\n"
    site.product("nuoc-mam-dam-doi", PRODUCT + images + "story: Ủ chượp **12 tháng**.\n")
    site.product("mam-ca-loc", PRODUCT.replace("nuoc-mam-dam-doi", "mam-ca-loc").replace("Nước mắm", "Mắm cá lóc"))
    return root


def build(root: Path, out: Path) -> None:
    assert cli.main(["build", str(root), "--site-dir", str(out)]) == 0


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """What is at each path under ``root``: a regular file's digest, or the kind of anything else
    (read without following a link or opening a FIFO)."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        mode = path.lstat().st_mode
        if name.startswith(skip) or stat.S_ISDIR(mode):
            continue
        found[name] = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(mode) else f"mode {mode:o}"
    return found


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A site built once with cold caches: (site, what it published, its caches but the templates)."""
    root = make_site(tmp_path_factory.mktemp("clean") / "site")
    build(root, root.parent / "out")
    return root, tree(root.parent / "out"), tree(root / ".cache" / "ocop", skip=("templates",))


@pytest.fixture
def clean(built_once, tmp_path):
    """A copy of that site with its caches: (site, a folder to build it in, what it published, its caches)."""
    root, published, caches = built_once
    shutil.copytree(root, tmp_path / "site", symlinks=True)
    return tmp_path / "site", tmp_path / "out", published, caches


def poison(path: Path, how: str, outside: Path) -> None:
    data = path.read_bytes()
    path.unlink()
    if how == "edited":  # same length, other bytes
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:])
    elif how == "truncated":  # what a full disk leaves
        path.write_bytes(data[:len(data) // 2])
    elif how == "symlink":
        path.symlink_to(outside)
    elif how == "hard link":  # to a file of the user's own outside the project
        os.link(outside, path)
    elif how == "fifo":
        os.mkfifo(path)
    elif how == "folder":
        path.mkdir()
        (path / "inside").write_bytes(data)


@pytest.mark.parametrize("how", ["edited", "truncated", "symlink", "hard link", "fifo", "folder"])
def test_a_poisoned_entry_of_any_cache_is_made_again_and_never_published(clean, how, tmp_path):
    root, out, site_before, cache_before = clean
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the user's private file " * 100)
    cache = root / ".cache" / "ocop"
    poisoned = [p for folder in CACHES for p in (cache / folder).iterdir() if p.name != MANIFEST]
    assert {p.parent.relative_to(cache).as_posix() for p in poisoned} == set(CACHES)
    for path in poisoned:
        poison(path, how, secret)
    build(root, out)
    assert tree(out) == site_before
    assert tree(cache, skip=("templates",)) == cache_before  # every entry made again, as a clean build made it
    assert all(p.is_file() and not p.is_symlink() for p in poisoned)
    assert secret.read_bytes() == b"the user's private file " * 100


def test_an_edited_manifest_vouches_for_nothing(clean):
    """The manifest is signed: naming the digest of an edited card does not get the card published."""
    root, out, site_before, _ = clean
    folder = root / ".cache" / "ocop" / "share"
    card = next(folder.glob("*.jpg"))
    original = card.read_bytes()
    forged = original.replace(b"\xff\xd9", b"\xff\xd9 appended", 1) if original.endswith(b"\xff\xd9") else original + b"x"
    card.write_bytes(forged)
    manifest = (folder / MANIFEST).read_bytes()
    old, new = hashlib.sha256(original).hexdigest(), hashlib.sha256(forged).hexdigest()
    (folder / MANIFEST).write_bytes(manifest.replace(old.encode(), new.encode())
                                    .replace(f"[{len(original)},".encode(), f"[{len(forged)},".encode()))
    build(root, out)
    assert tree(out) == site_before


def test_without_a_key_nothing_is_reused(clean, monkeypatch, tmp_path):
    root, out, site_before, _ = clean
    cards = root / ".cache" / "ocop" / "share"
    for card in cards.glob("*.jpg"):
        card.write_bytes(b"not a card")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    assert Store(cards).get(next(cards.glob("*.jpg")).name) is None
    build(root, out)
    assert tree(out) == site_before


def test_a_cache_restored_from_another_user_is_not_trusted(clean, monkeypatch, tmp_path):
    """Another key (another user, another machine): its manifests vouch for nothing here."""
    cards = clean[0] / ".cache" / "ocop" / "share"
    assert Store(cards).check(p.name for p in cards.glob("*.jpg"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-user"))
    assert Store(cards).check(p.name for p in cards.glob("*.jpg")) == {}


def test_a_published_entry_is_the_file_that_was_verified(tmp_path):
    """An entry replaced between its verification and its linking (by a parallel build) is checked again."""
    store = Store(tmp_path / "cache")
    entry = store.put("a.jpg", b"verified bytes")
    out = tmp_path / "out"
    out.mkdir()
    publish._place(entry, str(out / "linked.jpg"))
    assert os.path.samefile(out / "linked.jpg", entry.path)
    os.remove(entry.path)
    (tmp_path / "cache" / "a.jpg").write_bytes(b"verified bytes")  # same bytes, another file
    publish._place(entry, str(out / "copied.jpg"))
    assert (out / "copied.jpg").read_bytes() == b"verified bytes" and not os.path.samefile(out / "copied.jpg", entry.path)
    os.remove(entry.path)
    (tmp_path / "elsewhere.jpg").write_bytes(b"verified bytes")
    os.symlink(tmp_path / "elsewhere.jpg", entry.path)  # even to the right bytes, a link is not followed
    with pytest.raises(OSError, match="changed during the build"):
        publish._place(entry, str(out / "refused.jpg"))
    assert not (out / "refused.jpg").exists()


def _file_size_limit(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    return apply


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_build_that_ran_out_of_space_leaves_nothing_a_later_build_uses(tmp_path):
    """A real short write: past a file size limit the kernel writes what fits and says so only by
    the count it returns, as on a full disk. The build fails; the next one publishes no short file."""
    root = make_site(tmp_path / "site", photo=False)
    out = tmp_path / "out"
    build(root, tmp_path / "reference")
    reference = tree(tmp_path / "reference")
    cards = [p.stat().st_size for p in (root / ".cache" / "ocop" / "share").glob("*.jpg")]
    shutil.rmtree(root / ".cache")
    limit = min(cards) // 2
    run = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(root), "--site-dir", str(out)],
                         cwd=REPO, capture_output=True, preexec_fn=_file_size_limit(limit))
    assert run.returncode != 0 and b"File too large" in run.stderr
    build(root, out)
    assert tree(out) == reference

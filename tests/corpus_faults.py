"""Fault cases: builds interrupted, killed, racing each other, or writing to read-only or full folders.

Read-only and full folders are mounts (a bind mount remounted read-only, a small tmpfs) since root,
who runs CI here, ignores file modes; where mounting is not allowed the case is skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus_cache import make_source
from corpus_harness import (OCOP, Case, child_env, copy_site, differences, group_members, kill_group, ocop,
                            tree_digest, wait_discarded)


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or 'mount failed'}): the case needs root")


@contextmanager
def tmpfs(path: Path, size: str):
    """A tmpfs of ``size`` bytes at ``path``: a disk that fills."""
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def read_only(path: Path):
    """``path`` made read-only for everyone, root included (a bind mount remounted read-only)."""
    _mount("--bind", str(path), str(path))
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True, capture_output=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _leftovers(folder: Path) -> list[str]:
    wait_discarded(folder)
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or ".old-" in p.name)


# -- interrupts --------------------------------------------------------------------------------------

def _started_build(source: Path, out: Path) -> subprocess.Popen:
    """A build in its own process group, once it has started writing product pages into its staging folder."""
    process = subprocess.Popen([str(OCOP), "build", str(source), "--site-dir", str(out)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True, env=child_env())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any((p / "san-pham").is_dir() for p in out.parent.glob(f".{out.name}.building-*")):
            return process
        time.sleep(0.02)
    kill_group(process.pid)
    raise AssertionError(f"the build ended before it could be interrupted: {process.communicate()}")


def _interrupted(sig: int):
    def check(faults) -> None:
        source, out, before = faults.published()
        process = _started_build(source, out)
        os.kill(process.pid, sig)
        try:
            _, stderr = process.communicate(timeout=60)
        finally:
            kill_group(process.pid)
        assert "Traceback" not in stderr, stderr[-2000:]
        assert tree_digest(out) == before, "the published site changed"
        if sig == signal.SIGKILL:  # the next build removes what the killed one left
            again = ocop("build", source, "--site-dir", out)
            again.assert_sane()
            assert again.returncode == 0, again.stderr[-2000:]
        assert _leftovers(out.parent) == []
    return check


def _workers_end_with_build(faults) -> None:
    source, out, _ = faults.published()
    process = _started_build(source, out)
    deadline = time.monotonic() + 60
    while len(group_members(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # until workers run
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = group_members(process.pid)
    kill_group(process.pid)
    assert alive == [], f"{len(alive)} worker processes of the killed build still run"


# -- read-only and full folders --------------------------------------------------------------------

def _read_only_output(faults) -> None:
    source = faults.small()
    parent = faults.tmp / "public"
    parent.mkdir()
    with read_only(parent):
        run = ocop("build", source, "--site-dir", parent / "site")
    run.assert_sane()
    assert run.returncode == 1 and "ocop:" in run.stderr, run.output[-2000:]


def _read_only_cache(faults) -> None:
    source = faults.small()
    assert ocop("build", source, "--site-dir", faults.tmp / "warm").returncode == 0
    clean = faults.clean_of(source)
    with read_only(source / ".cache"):
        run = ocop("build", source, "--site-dir", faults.tmp / "out")
    run.assert_sane()
    assert run.returncode == 0, run.stderr[-2000:]
    assert differences(tree_digest(clean), tree_digest(faults.tmp / "out")) == []


def _read_only_sources(faults) -> None:
    source = faults.small()
    clean = faults.clean_of(source)
    with read_only(source):
        run = ocop("build", source, "--site-dir", faults.tmp / "out")
    run.assert_sane()
    if run.returncode == 0:
        assert differences(tree_digest(clean), tree_digest(faults.tmp / "out")) == []
    else:
        assert run.returncode == 1 and "ocop:" in run.stderr, run.stderr[-2000:]


def _full_output_disk(faults) -> None:
    source = faults.small()
    disk = faults.tmp / "disk"
    with tmpfs(disk, "1m"):
        (disk / "site").mkdir()
        (disk / "site" / "index.html").write_text("trang cũ")
        run = ocop("build", source, "--site-dir", disk / "site")
        left = _leftovers(disk)
        kept = (disk / "site" / "index.html").read_text()
    run.assert_sane()
    assert run.returncode == 1 and "ocop:" in run.stderr, run.stderr[-2000:]
    assert kept == "trang cũ", "the previous site was touched"
    assert left == [], left


def _full_cache_disk(faults) -> None:
    """A build whose cache filled its disk; the next build, with room again, must equal a clean one."""
    source = faults.cache_site()
    clean = faults.clean_of(source)
    cache = source / ".cache"
    cache.mkdir(exist_ok=True)
    with tmpfs(cache, "300k"):
        first = ocop("build", source, "--site-dir", faults.tmp / "first")
        kept = faults.tmp / "cache-copy"
        shutil.copytree(cache, kept, symlinks=True)
    first.assert_sane()
    shutil.rmtree(cache)
    shutil.move(kept, cache)
    run = ocop("build", source, "--site-dir", faults.tmp / "out")
    run.assert_sane()
    assert run.returncode == 0, run.stderr[-2000:]
    assert differences(tree_digest(clean), tree_digest(faults.tmp / "out")) == []


# -- builds racing each other ----------------------------------------------------------------------

def _together(*runs):
    results = [None] * len(runs)

    def go(i, args):
        results[i] = ocop(*args)
    threads = [threading.Thread(target=go, args=(i, args)) for i, args in enumerate(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _concurrent_same_output(faults) -> None:
    source = faults.small()
    clean = faults.clean_of(source)
    out = faults.tmp / "public" / "site"
    assert ocop("build", source, "--site-dir", out).returncode == 0
    runs = _together(("build", source, "--site-dir", out), ("build", copy_site(source, faults.tmp / "copy"), "--site-dir", out))
    for run in runs:
        run.assert_sane()
        assert run.returncode == 0 or "ocop:" in run.stderr, run.stderr[-2000:]
    assert any(run.returncode == 0 for run in runs)
    assert differences(tree_digest(clean), tree_digest(out)) == []
    assert _leftovers(out.parent) == []


def _concurrent_same_cache(faults) -> None:
    source = faults.cache_site()
    clean = faults.clean_of(source)
    runs = _together(("build", source, "--site-dir", faults.tmp / "a"), ("build", source, "--site-dir", faults.tmp / "b"))
    for run in runs:
        run.assert_sane()
        assert run.returncode == 0, run.stderr[-2000:]
    for out in ("a", "b"):
        assert differences(tree_digest(clean), tree_digest(faults.tmp / out)) == []


def _output_is_a_file(faults) -> None:
    source = faults.small()
    target = faults.tmp / "tep"
    target.write_text("không phải thư mục")
    run = ocop("build", source, "--site-dir", target)
    run.assert_sane()
    assert run.returncode == 1 and target.read_text() == "không phải thư mục", run.output[-2000:]


def fault_cases() -> list[Case]:
    c = [Case(f"interrupt-{signal.Signals(sig).name.lower()}", "faults", "faults",
              f"a build stopped by {signal.Signals(sig).name} leaves the published site as it was, no traceback", {},
              _interrupted(sig)) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL)]
    c += [
        Case("killed-build-workers", "faults", "faults", "the workers of a build killed with SIGKILL end with it", {},
             _workers_end_with_build),
        Case("read-only-output", "faults", "faults", "a read-only output folder stops the build with a message, no traceback", {},
             _read_only_output),
        Case("read-only-cache", "faults", "faults", "a read-only cache still builds the site of a clean build", {},
             _read_only_cache),
        Case("read-only-sources", "faults", "faults", "a read-only site builds elsewhere, or says why, no traceback", {},
             _read_only_sources),
        Case("full-output-disk", "faults", "faults",
             "a full output disk stops the build with a message; the previous site and no leftovers remain", {},
             _full_output_disk),
        Case("full-cache-disk", "cache trust", "faults",
             "after a build whose cache filled its disk, the next build equals a clean one", {}, _full_cache_disk),
        Case("concurrent-same-output", "faults", "faults",
             "two builds into one output folder: at least one succeeds, the site is a clean build's, nothing left over", {},
             _concurrent_same_output),
        Case("concurrent-same-cache", "faults", "faults", "two builds sharing one cache both publish a clean build's bytes", {},
             _concurrent_same_cache),
        Case("output-is-a-file", "faults", "faults", "an output path that is a file is refused and kept", {}, _output_is_a_file),
    ]
    return c


class Faults:
    """What fault cases start from: sites copied from templates made once per module."""

    def __init__(self, tmp: Path, templates: dict[str, Path]):
        self.tmp, self.templates = tmp, templates

    def small(self) -> Path:
        return copy_site(self.templates["small"], self.tmp / "source")

    def cache_site(self) -> Path:
        return copy_site(self.templates["cache"], self.tmp / "source")

    def clean_of(self, source: Path) -> Path:
        clean = self.tmp / "clean"
        run = ocop("build", copy_site(source, self.tmp / "clean-source"), "--site-dir", clean)
        assert run.returncode == 0, run.stderr
        return clean

    def published(self) -> tuple[Path, Path, dict[str, str]]:
        """(source, published site, its digest) of a 300-product site, whose source then changed."""
        source = copy_site(self.templates["large"], self.tmp / "source")
        out = self.tmp / "public" / "site"
        shutil.copytree(self.templates["large-site"], out, symlinks=True)
        product = sorted((source / "catalog" / "products").glob("*.yaml"))[0]
        product.write_text(product.read_text("utf-8").replace("name: ", "name: Đổi tên ", 1), "utf-8")
        return source, out, tree_digest(out)


def fault_templates(base: Path, small: Path) -> dict[str, Path]:
    large = base / "large"
    run = ocop("synth", "--products", "300", "--images", "0", large)
    assert run.returncode == 0, run.output
    built = ocop("build", large, "--site-dir", base / "large-site")
    assert built.returncode == 0, built.stderr
    return {"small": small, "cache": make_source(base / "cache"), "large": large, "large-site": base / "large-site"}

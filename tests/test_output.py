"""The published output: the same input gives the same bytes, and a build that does not finish
leaves the previous site exactly as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, listing_once_discarded, tree_digest
from generator.cli import main as cli
from generator.project import output


def build_elsewhere(source: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "build", str(source), "--site-dir", str(out)],
                          capture_output=True, text=True, timeout=600, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env))


def test_two_builds_are_identical_byte_for_byte(built, tmp_path):
    """A second build from a fresh copy (new paths and file times, no cache: every image and QR code
    made again), in another process with another hash seed, time zone and clock date."""
    copy = tmp_path / "elsewhere" / "demo"
    copy.mkdir(parents=True)
    for name in ("mkdocs.yml", "catalog", "content"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, copy / name)
    run = build_elsewhere(copy, tmp_path / "again", PYTHONHASHSEED="12345", TZ="America/Los_Angeles",
                          SOURCE_DATE_EPOCH="1893456000", LC_ALL="C.UTF-8")
    assert run.returncode == 0, run.stderr
    first, second = tree_digest(built), tree_digest(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    kinds = {Path(path).suffix for path in first} | {path for path in first if path.startswith("sitemap")}
    assert {".html", ".json", ".svg", ".ics", ".webp", ".jpg", ".woff2", ".css", ".js",
            "sitemap.xml", "sitemap.xml.gz"} <= kinds  # data, QR codes, calendars, sitemap: all compared
    assert (tmp_path / "elsewhere" / "demo" / ".cache").is_dir()  # the second build made its own renditions


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(source, published site, its digest): a 300-product synthetic site, long enough to interrupt."""
    root = tmp_path_factory.mktemp("atomic")
    source, out = root / "source", root / "public"
    assert cli.main(["synth", "--products", "300", "--images", "0", str(source)]) == 0
    assert cli.main(["build", str(source), "--site-dir", str(out)]) == 0
    # Change an input, so that a completed build would change the published site.
    product = next((source / "catalog" / "products").glob("*.yaml"))
    product.write_text(product.read_text("utf-8").replace("name: ", "name: Đổi tên ", 1), "utf-8")
    return source, out, tree_digest(out)


def frozen_mid_build(source: Path, out: Path) -> tuple[subprocess.Popen, Path]:
    """A build stopped (SIGSTOP) while it writes product pages into its staging folder."""
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", str(source), "--site-dir", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in out.parent.glob(f".{out.name}.building-*") if (p / "san-pham").is_dir()]
        if staging:
            os.kill(process.pid, signal.SIGSTOP)
            if staging[0].is_dir():  # frozen before the swap: the signal lands mid-build
                return process, staging[0]
            os.kill(process.pid, signal.SIGCONT)
        time.sleep(0.01)
    process.kill()
    pytest.fail(f"the build ended before it could be interrupted: {process.communicate()}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_an_interrupted_build_leaves_the_previous_site(published, sig):
    source, out, before = published
    process, staging = frozen_mid_build(source, out)
    os.kill(process.pid, sig)
    os.kill(process.pid, signal.SIGCONT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == (128 + sig if sig != signal.SIGKILL else -sig)
    assert tree_digest(out) == before
    if sig == signal.SIGKILL:  # nothing can clean up after SIGKILL: the next build removes what it left
        assert staging.is_dir()
        output.remove_leftovers(out)
    else:
        assert "Traceback" not in stderr.decode()
        assert "the build was interrupted; " in stderr.decode()
    assert listing_once_discarded(out.parent) == ["public", "source"]


def test_the_swap_replaces_the_whole_site(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".site.building-1-x"
    (old / "gone").mkdir(parents=True)
    (old / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    output.swap(new, old)
    assert (old / "index.html").read_text() == "new" and not (old / "gone").exists()
    assert listing_once_discarded(tmp_path) == ["site"]


@pytest.mark.parametrize("where", [".", "catalog", "catalog/products", "content", "..", ".git", "notes"])
def test_a_build_never_publishes_over_the_sites_own_files(site, where, capsys):
    """``--site-dir .`` run inside a site used to swap the built site in place of the project,
    deleting its records, pages, mkdocs.yml and history; a folder of other files is not replaced either."""
    site.producer("htx-dam-doi")
    site.product("nuoc-mam-dam-doi")
    site.write("notes/ghi-chu.txt", "không phải trang")
    (site.root / ".git").mkdir()
    (site.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = tree_digest(site.root.parent)
    assert cli.main(["build", str(site.root), "--site-dir", str(site.root / where)]) == 1
    assert "nothing was built" in capsys.readouterr().err
    assert tree_digest(site.root.parent) == before


def test_site_dir_in_mkdocs_yml_is_checked_too(site, capsys):
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_dir: site", "site_dir: catalog"), "utf-8")
    before = tree_digest(site.root)
    assert cli.main(["build", str(site.root)]) == 1
    assert "overlaps the site's records" in capsys.readouterr().err
    assert tree_digest(site.root) == before


def test_a_site_built_before_is_replaced(site):
    out = site.root / "site"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    assert (out / "index.html").is_file()


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder on a read-only file system (root ignores permission bits, not a read-only mount)."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only file system here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_output_folder_is_reported(site, read_only_folder, capsys):
    assert cli.main(["build", str(site.root), "--site-dir", str(read_only_folder / "site")]) == 1
    assert "cannot write the site beside" in capsys.readouterr().err


def children(parent: int) -> set[int]:
    """The living processes whose parent is ``parent``."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):  # not a process, or gone
            continue
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        if int(ppid) == parent and state != "Z":
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie waiting to be reaped has stopped)."""
    running = set()
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2] != "Z":
            running.add(pid)
    return running


def killed_while_forked(command: list[str], wanted: int, log: Path, ready=lambda: True, timeout: float = 300) -> set[int]:
    """Start ``command``, SIGKILL it once it has ``wanted`` worker processes and ``ready()``, and return their ids.

    Its output goes to ``log``: a pipe would stay open as long as a worker lives.
    """
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    deadline = time.monotonic() + timeout
    workers: set[int] = set()
    while process.poll() is None and time.monotonic() < deadline and (len(workers) < wanted or not ready()):
        workers = children(process.pid)
        time.sleep(0.01)
    process.kill()
    process.wait()
    assert len(workers) >= wanted, f"the command ended before it forked its workers: {log.read_text()}"
    return workers


def survivors(workers: set[int], wait: float = 20) -> set[int]:
    """Those of ``workers`` still running after at most ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(workers)


needs_forked_workers = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                          reason="workers die with their parent on Linux, and fork with two cores")


@needs_forked_workers
@pytest.mark.parametrize("pool", ["fork_map", "images"])
def test_workers_die_with_their_killed_parent(pool, tmp_path):
    """Workers busy with long work stop when the process that forked them is killed (SIGKILL, no clean-up)."""
    work = {"fork_map": "from generator.support.parallel import fork_map\nfork_map(nap, range(4), minimum=1, chunksize=1)",
            "images": "from generator.render import photos as images\nfrom generator.site.photos import Rendition\nfrom generator.support.cache_store import Store\nimages._render_one = nap\n"
                      "images.render_all({str(n): (n, (Rendition(1, 1, f'{n}.webp', f'{n}.jpg'),)) for n in range(4)},\n"
                      "                  Store(Path(sys.argv[1])))"}[pool]
    script = f"import sys, time\nfrom pathlib import Path\ndef nap(_):\n    time.sleep(300)\n{work}\n"
    workers = killed_while_forked([sys.executable, "-c", script, str(tmp_path)], wanted=2, log=tmp_path / "log")
    assert survivors(workers) == set()


@needs_forked_workers
def test_no_worker_outlives_a_killed_build(tmp_path):
    """Killed while it makes photo renditions, a build leaves no worker behind (they waited for work forever)."""
    source = tmp_path / "source"
    assert cli.main(["synth", "--products", "2000", str(source)]) == 0
    renditions = source / ".cache" / "ocop" / "images"
    workers = killed_while_forked([sys.executable, "-m", "generator.cli", "build", str(source), "--site-dir",
                                   str(tmp_path / "public")], wanted=1, log=tmp_path / "log",
                                  ready=lambda: renditions.is_dir() and any(renditions.iterdir()))
    assert survivors(workers, wait=5) == set()

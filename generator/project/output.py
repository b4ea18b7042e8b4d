"""The output folder: checked before a build, and replaced whole by the finished site, or not at all.

A build writes into a staging folder beside the target and :func:`swap` exchanges the two in one
step (Linux ``renameat2``); an error, Ctrl-C or SIGTERM leaves the previous site untouched, and
what a killed build left behind is removed by the next one (:func:`remove_leftovers`).

Because the whole folder is replaced, a target that holds or is held by the site's sources
(``--site-dir .`` run inside a site, ``--site-dir catalog``) would be swapped out and deleted with
them: :func:`check_target` refuses it before anything is built, and refuses a folder that already
holds files unless it is a site built before.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

BUILT_MARKS = ("index.html", "assets/ocop")
"""What every site this generator built holds: an existing output folder without them is not one."""


class UnsafeOutput(ValueError):
    """The output folder would replace files that are not a built site."""


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def looks_built(folder: Path) -> bool:
    return all((folder / mark).exists() for mark in BUILT_MARKS)


def check_apart(folder: Path, root: Path, sources: dict[str, Path], what: str, instead: str) -> None:
    """Raise :class:`UnsafeOutput` if ``folder`` (resolved), where a build writes ``what``, holds the
    site ``root`` or overlaps one of its ``sources`` (by what they are to the officer: "records"...)."""
    if root.is_relative_to(folder):
        raise UnsafeOutput(f"the {what} {folder} holds the site itself ({root}); writing there would replace or "
                           f"mix with the site's records and pages. Choose another folder, such as '{instead}'")
    for kind, source in sources.items():
        if _overlap(folder, source.resolve()):
            raise UnsafeOutput(f"the {what} {folder} overlaps the site's {kind} ({source}); writing there "
                               f"would replace or mix with them. Choose another folder, such as '{instead}'")


def check_target(target: Path, root: Path, sources: dict[str, Path]) -> None:
    """Raise :class:`UnsafeOutput` unless publishing into ``target`` (resolved) loses nothing: it is apart
    from the site's sources, and a folder that already holds files is a site built before."""
    check_apart(target, root, sources, "output folder", "site")
    if target.is_dir() and any(target.iterdir()) and not looks_built(target):
        raise UnsafeOutput(f"the output folder {target} already holds files that are not a built site; "
                           "a build replaces the whole folder. Empty it, or choose another folder")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"the output {target} is a file, not a folder")


def remove_leftovers(target: Path) -> None:
    """Staging and old folders left beside ``target`` by builds that were killed (SIGKILL, power loss)."""
    for path in target.parent.glob(f".{target.name}.*-*"):
        match = re.fullmatch(rf"\.{re.escape(target.name)}\.(?:building|old)-(\d+)(?:-.*)?", path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            discard(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target``, then discard the old site.

    Where the system can exchange two folders atomically, there is no moment without a site;
    elsewhere two renames follow each other with Ctrl-C and SIGTERM held back between them.
    """
    staging.chmod(0o755)
    if target.exists() and _exchange(staging, target):
        discard(staging)  # now holds the previous site
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    try:
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(staging, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    if old is not None:
        discard(old)


def discard(folder: Path) -> None:
    """Delete ``folder`` in a detached process. The new site is already in place; deleting
    the thousands of files of the old one takes seconds on a slow disk that the build need
    not wait for. A deletion cut short is finished by the next build (``remove_leftovers``)."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )

"""Files written whole or not at all.

The caches (memo, compiled templates, QR codes, social cards, image renditions) are read by the
next build, and renditions and cards are hard-linked into the published site: a file cut short by
a killed build, a full disk or a parallel writer must never be taken for a complete one. Each is
written to a temporary file beside its target and renamed over it, which POSIX makes atomic:
readers see the old file or the new one. The caches also verify what they read
(:mod:`generator.support.cache_store`): this module makes a short file rare, the verification makes it
harmless.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
from contextlib import suppress

TEMPORARY_SUFFIX = ".tmp"
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def temporary_name(name: str) -> str:
    """The temporary file for ``name``: hidden, and unique to this process and thread, so that
    parallel workers never write the same one; ``is_temporary`` knows it in a folder listing."""
    return f".{name}.{os.getpid()}-{threading.get_ident()}{TEMPORARY_SUFFIX}"


def is_temporary(name: str) -> bool:
    """Whether a file name is a temporary one (left behind if its build was killed)."""
    return name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)


def write_bytes(target: str | os.PathLike, data: bytes) -> os.stat_result:
    """``data`` into ``target``, atomically; returns what ``fstat`` said of the file written (the
    device and inode ``target`` now has).

    The temporary file is renamed into place only when every byte was written (a short write is
    continued, a failed one raises: ENOSPC) and closing it reported no error (NFS reports there).
    Nothing is forced to the disk (no fsync): an entry a crash left empty or torn fails the
    verification of :mod:`generator.support.cache_store` and is made again, and an fsync per entry would
    cost seconds of a cold build. Files get the usual permissions (the umask's), so that a web
    server can read what is linked into the site.
    """
    folder, name = os.path.split(os.fspath(target))
    temporary = os.path.join(folder, temporary_name(name))
    fd = _create(temporary)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if not written:
                    raise OSError(errno.ENOSPC, "nothing could be written", temporary)
                view = view[written:]
            info = os.fstat(fd)
        finally:
            os.close(fd)
        _replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.remove(temporary)
        raise
    return info


def _create(temporary: str) -> int:
    """A new file at ``temporary``, never one found there: a file left by a killed process of the
    same id is removed, a symbolic link is not followed."""
    try:
        return os.open(temporary, _CREATE, 0o666)
    except FileExistsError:
        os.remove(temporary)
        return os.open(temporary, _CREATE, 0o666)


def _replace(temporary: str, target: str | os.PathLike) -> None:
    """Rename ``temporary`` over ``target``; a folder in the way (a cache entry nothing else may be)
    is removed first."""
    try:
        os.replace(temporary, target)
    except IsADirectoryError:
        shutil.rmtree(target)
        os.replace(temporary, target)

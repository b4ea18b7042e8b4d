"""Files written whole or not at all.

The caches (memo, compiled templates, QR codes, social cards, image renditions) are read by the
next build, and renditions and cards are hard-linked into the published site: a file cut short by
a killed build, a full disk or a parallel writer must never be taken for a complete one. Each is
written to a temporary file beside its target and renamed over it, which POSIX makes atomic:
readers see the old file or the new one.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager, suppress
from typing import Iterator

TEMPORARY_SUFFIX = ".tmp"


def temporary_name(name: str) -> str:
    """The temporary file for ``name``: hidden, and unique to this process and thread, so that
    parallel workers never write the same one; ``is_temporary`` knows it in a folder listing."""
    return f".{name}.{os.getpid()}-{threading.get_ident()}{TEMPORARY_SUFFIX}"


def is_temporary(name: str) -> bool:
    """Whether a file name is a temporary one (left behind if its build was killed)."""
    return name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)


@contextmanager
def replacing(target: str | os.PathLike) -> Iterator[str]:
    """A temporary path to write ``target``'s new content to: renamed over ``target`` when the
    block ends, removed when it raises. Files are created with the usual permissions (the umask's),
    so that a web server can read what is linked into the site."""
    folder, name = os.path.split(os.fspath(target))
    temporary = os.path.join(folder, temporary_name(name))
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.remove(temporary)
        raise


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    """``data`` into ``target``, atomically."""
    with replacing(target) as temporary, open(temporary, "wb") as file:
        file.write(data)

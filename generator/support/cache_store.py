"""Cache folders whose entries are used only when verified, and made again when they fail.

Every cache under ``.cache/ocop`` (the memo, QR codes, social cards, image renditions; the compiled
templates sign each entry themselves: :mod:`generator.render.template_cache`) is read by later builds and
published: renditions and cards are hard-linked into the site. An entry edited by someone, cut short
by a full disk, replaced by a link to a file outside, a FIFO or a folder, or restored from another
machine's cache, must not reach the site. So a :class:`Store` keeps, beside its entries, a
manifest of their sizes and SHA-256 digests, signed (HMAC-SHA256) with a key kept outside the
project, in the user's own state folder (:func:`signing_key`); entries stay pure content (image
bytes), since the site links to them. An entry is used only when the manifest names it and the
regular file opened without following a link has that size and digest; anything else is made
again and written over it. Without a usable key, nothing is reused.

Only the entries a build uses are hashed, on every core. Nothing from ``stat`` stands in for
hashing: size and times are the writer's to set (``os.utime``), and the change time, which is not,
moves every time a build links an entry into its site or discards an old site.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, NamedTuple

from .atomic import write_bytes

__all__ = ["Entry", "Store", "read_regular", "signing_key", "write"]

KEY_SIZE = 32
MAC_SIZE = hashlib.sha256().digest_size
MANIFEST = "MANIFEST"
_FORMAT = 1  # of the manifest's body
_DOMAIN = b"ocop cache manifest\0"  # the key also signs compiled templates: a manifest is never taken for one
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _state_folder() -> Path:
    """``$XDG_STATE_HOME`` if absolute (as the XDG specification requires), else ``~/.local/state``."""
    configured = os.environ.get("XDG_STATE_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "state"


def _own(path: Path) -> bytes | None:
    """The key in ``path`` if it is this user's alone and of the right size."""
    with open(path, "rb") as f:
        info = os.fstat(f.fileno())
        key = f.read(KEY_SIZE + 1)
    if len(key) != KEY_SIZE or info.st_mode & 0o077 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return key


def signing_key(folder: Path | None = None) -> bytes | None:
    """This user's key for the caches, created on first use (mode 600), or None when there is no usable one.

    It is named ``template-key`` because the compiled templates were the first cache it signed.
    """
    try:
        folder = folder or _state_folder() / "ocop-publisher"
        path = folder / "template-key"
        try:
            return _own(path)
        except FileNotFoundError:
            pass
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".key-")  # mode 600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(KEY_SIZE))
            os.link(temporary, path)  # complete or absent, never half written; fails if another build won
        except FileExistsError:
            pass
        finally:
            os.remove(temporary)
        return _own(path)
    except (OSError, RuntimeError):  # no home folder, read-only or full disk: no cache
        return None


def read_regular(path: str | os.PathLike, size: int | None = None) -> tuple[bytes, os.stat_result] | None:
    """The content of ``path`` and what ``fstat`` says of it, if it is a regular file (of ``size``
    bytes, when given); None otherwise or when it cannot be read.

    A symbolic link is not followed, and a FIFO is refused without waiting for a writer; a file of
    the wrong size is refused without being read.
    """
    try:
        fd = os.open(path, _READ)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (size is not None and info.st_size != size):
            return None
        with open(fd, "rb", buffering=0, closefd=False) as file:
            return file.read(), info
    except OSError:
        return None
    finally:
        os.close(fd)


class Entry(NamedTuple):
    """A cache entry as verified or written by this build: its content's size and digest, and the
    file that has it (device and inode), which a hard link into the site must be."""

    path: str
    size: int
    digest: str
    device: int
    inode: int

    def is_at(self, path: str | os.PathLike) -> bool:
        """Whether ``path`` is this very file (a hard link to it), not a symbolic link or another file."""
        try:
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and (info.st_dev, info.st_ino) == (self.device, self.inode)

    def read(self) -> bytes:
        """The entry's content, verified again (the file was replaced since, by a parallel build)."""
        found = _read_verified(self.path, self.size, self.digest)
        if found is None:
            raise OSError(f"the cache entry {self.path} changed during the build; build again")
        return found[1]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entry(path: str, data: bytes, info: os.stat_result) -> Entry:
    return Entry(path, len(data), _digest(data), info.st_dev, info.st_ino)


def write(path: str, data: bytes) -> Entry:
    """``data`` into the entry at ``path``, atomically (:func:`generator.support.atomic.write_bytes`).

    Forked workers write entries with this and give them to :meth:`Store.keep` in the parent.
    """
    return _entry(path, data, write_bytes(path, data))


def _read_verified(path: str, size: int, digest: str) -> tuple[Entry, bytes] | None:
    """The entry at ``path`` and its content, if it is a regular file of that size and digest."""
    found = read_regular(path, size)
    if found is None:
        return None
    entry = _entry(path, *found)
    return (entry, found[0]) if entry.digest == digest else None


def _intact(item: tuple[str, int, str]) -> Entry | None:
    found = _read_verified(*item)
    return found[0] if found else None


def _all_intact(items: list[tuple[str, int, str]]) -> list[Entry | None]:
    """:func:`_intact` of each item, on threads: reading and hashing release the GIL, and forking
    workers as large as a loaded catalog cost more CPU than they saved (a third of a second for
    5,000 social cards)."""
    workers = min(os.cpu_count() or 1, 8)
    step = max(64, len(items) // (workers * 4))
    with ThreadPoolExecutor(workers) as pool:
        chunks = pool.map(lambda chunk: list(map(_intact, chunk)), [items[i:i + step] for i in range(0, len(items), step)])
        return [entry for chunk in chunks for entry in chunk]


class Store:
    """The entries of one cache folder, verified against its signed manifest (see the module).

    The manifest :meth:`save` writes names what this build used: the entries it verified or wrote.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.key = signing_key()
        self._known = self._load()
        self._used: dict[str, Entry] = {}

    def get(self, name: str) -> bytes | None:
        """The content of entry ``name`` if it is intact, else None: make it again and :meth:`put` it."""
        found = _read_verified(self._path(name), *self._known[name]) if name in self._known else None
        if found is None:
            return None
        self._used[name] = found[0]
        return found[1]

    def check(self, names: Iterable[str]) -> dict[str, Entry]:
        """The intact entries among ``names`` (hashed on every core), for linking into a site."""
        names = [name for name in dict.fromkeys(names) if name in self._known]
        found = _all_intact([(self._path(name), *self._known[name]) for name in names])
        intact = {name: entry for name, entry in zip(names, found) if entry is not None}
        self._used.update(intact)
        return intact

    def put(self, name: str, data: bytes) -> Entry:
        entry = self._used[name] = write(self._path(name), data)
        return entry

    def keep(self, entries: Iterable[tuple[str, Entry]]) -> None:
        """Entries that forked workers wrote (with :func:`write`), by name."""
        self._used.update(entries)

    def entry(self, name: str) -> Entry:
        """An entry this build verified or wrote."""
        return self._used[name]

    def save(self) -> None:
        """Sign and write the manifest of the entries this build used, if it changed (none without a key)."""
        if self.key is None:
            return
        entries = {name: [entry.size, entry.digest] for name, entry in sorted(self._used.items())}
        if entries == self._known:
            return
        body = json.dumps({"format": _FORMAT, "entries": entries}, separators=(",", ":")).encode()
        write_bytes(self.folder / MANIFEST, self._mac(body) + body)
        self._known = entries

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def _mac(self, body: bytes) -> bytes:
        """Binds the manifest to its folder's name, so that one cache's cannot vouch for another's entries."""
        return hmac.new(self.key, _DOMAIN + self.folder.name.encode() + b"\0" + body, hashlib.sha256).digest()

    def _load(self) -> dict[str, list]:
        if self.key is None:
            return {}
        found = read_regular(self.folder / MANIFEST)
        if found is None:
            return {}
        mac, body = found[0][:MAC_SIZE], found[0][MAC_SIZE:]
        if not hmac.compare_digest(mac, self._mac(body)):
            return {}
        manifest = json.loads(body)  # signed by this code: well formed
        return manifest["entries"] if manifest.get("format") == _FORMAT else {}

"""Compiled templates kept between builds, trusted only when this user's builds wrote them.

Jinja2 compiles every template from source in every build: about half a second for the ~55
templates of a site (ours and Material's), whatever the size of the catalog. Its bytecode cache
keeps the compiled code, but that code runs when loaded, and a cache folder restored from
elsewhere (a CI cache, a copied project) must not be able to run code (see :mod:`generator.records.memo`,
which for that reason keeps JSON only). So each entry carries an HMAC of its content, its name
and its environment under a key kept outside the project, in the user's state folder
(``$XDG_STATE_HOME/ocop-publisher/template-key``, which caches of ``~/.cache`` do not carry; the
other caches are signed with it too: :func:`generator.support.cache_store.signing_key`): an entry written
anywhere else, renamed or altered fails the check and its template is compiled again; an entry
that is a link or not a regular file is not read. A key that is not exactly the user's own (size,
owner, permissions) is not used, and without a usable key there is no cache.

The compiled code also depends on the environment, which the source checksum Jinja2 keeps does not
cover: its options and extensions, and its filters and tests, which Jinja2 calls at compile time on
constant arguments. Each entry is tagged with a digest of those (:func:`environment_tag`,
including the source of the modules that define the filters and tests).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import time
from pathlib import Path

import jinja2

from ..records.memo import digest
from ..support.atomic import is_temporary, write_bytes
from ..support.cache_store import read_regular, signing_key

__all__ = ["SignedBytecodeCache", "bytecode_cache", "environment_tag", "signing_key"]

_MAC_SIZE = hashlib.sha256().digest_size
_STALE_TEMPORARY = 600  # seconds: a temporary file older than this was left by a killed build


def environment_tag(env: jinja2.Environment) -> str:
    """A digest of what, besides a template's source, its compiled code depends on."""
    parts = [jinja2.__version__, sys.version, repr(sorted(type(e).__qualname__ for e in env.extensions.values()))]
    parts += [repr(getattr(env, option, None)) for option in (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async")]
    parts += [getattr(env.autoescape, "__qualname__", repr(env.autoescape)), env.undefined.__qualname__]
    modules = set()
    for kind, functions in (("filter", env.filters), ("test", env.tests)):
        for name in sorted(functions):
            function = functions[name]
            parts.append(f"{kind} {name} {getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}")
            modules.add(getattr(function, "__module__", None))
    for module in sorted(filter(None, modules)):
        source = getattr(sys.modules.get(module), "__file__", None)
        if source:
            parts.append(Path(source).read_bytes().hex())
    return digest("\0".join(parts).encode())[:16]


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja2 bytecode in ``folder``, each file signed with ``key``; unsigned or altered files are ignored."""

    def __init__(self, folder: Path, key: bytes):
        self.folder = folder
        self.key = key
        self._tags: dict[int, str] = {}

    def _tag(self, env: jinja2.Environment) -> str:
        tag = self._tags.get(id(env))
        if tag is None:
            tag = self._tags[id(env)] = environment_tag(env)
            _tidy(self.folder, tag)
        return tag

    def _name(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{self._tag(bucket.environment)}-{bucket.key}"

    def _mac(self, name: str, body: bytes) -> bytes:
        """Signs the entry's content with its name (tag and template) and its environment's folder,
        so that an entry cannot be replayed under another name, tag or environment."""
        return hmac.new(self.key, f"{self.folder.name}\0{name}\0".encode() + body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._name(bucket)
        found = read_regular(self.folder / name)  # not through a link, not from a FIFO
        if found is None:
            return
        mac, body = found[0][:_MAC_SIZE], found[0][_MAC_SIZE:]
        if hmac.compare_digest(mac, self._mac(name, body)):
            bucket.bytecode_from_string(body)  # Jinja2 still checks its version and the source checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Write the entry atomically; a write that fails (full disk, read-only project) is skipped:
        the build goes on with the template it compiled."""
        name = self._name(bucket)
        body = bucket.bytecode_to_string()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes(self.folder / name, self._mac(name, body) + body)
        except OSError:
            pass


def _tidy(folder: Path, tag: str) -> None:
    """Remove from ``folder`` the entries of other tags (older code or options) and the temporary
    files that killed builds left."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        try:
            if is_temporary(name):
                if time.time() - os.stat(folder / name).st_mtime > _STALE_TEMPORARY:
                    os.remove(folder / name)
            elif not name.startswith(tag):
                os.remove(folder / name)
        except OSError:
            pass


def bytecode_cache(folder: Path | None) -> SignedBytecodeCache | None:
    """The cache for one environment's templates in ``folder``, if there is a folder and a key."""
    key = signing_key() if folder is not None else None
    return SignedBytecodeCache(folder, key) if key else None

"""Compiled templates kept between builds, trusted only when this user's builds wrote them.

Jinja2 compiles every template from source in every build: about half a second for the ~55
templates of a site (ours and Material's), whatever the size of the catalog. Its bytecode cache
keeps the compiled code, but that code runs when loaded, and a cache folder restored from
elsewhere (a CI cache, a copied project) must not be able to run code (see :mod:`generator.memo`,
which for that reason keeps JSON only). So each entry here carries an HMAC of its content under a
key kept outside the project, in the user's cache folder: an entry written anywhere else fails
the check and its template is compiled again. Without a usable key folder there is no cache.

The compiled code also depends on the environment's options (autoescape, whitespace control...),
which the source checksum Jinja2 keeps does not cover, so the entries are tagged with a digest of
the code that sets them (:func:`generator.memo.code_version`) and each environment has its own folder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

import jinja2

from .memo import code_version

__all__ = ["SignedBytecodeCache", "bytecode_cache", "signing_key"]

TAG = code_version(("site.py", "mkdocs_plugin.py", "template_cache.py"), ("Jinja2", "mkdocs", "mkdocs-material"))[:16]
_MAC_SIZE = hashlib.sha256().digest_size


def signing_key(folder: Path | None = None) -> bytes | None:
    """This user's key (created on first use, readable by the user only), or None when it cannot be kept."""
    folder = folder or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocop-publisher"
    path = folder / "template-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it just now
        return path.read_bytes()
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja2 bytecode in ``folder``, each file signed with ``key``; unsigned or altered files are ignored."""

    def __init__(self, folder: Path, key: bytes):
        self.folder = folder
        self.key = key

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{TAG}-{bucket.key}"

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self.key, body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        mac, body = data[:_MAC_SIZE], data[_MAC_SIZE:]
        if hmac.compare_digest(mac, self._mac(body)):
            bucket.bytecode_from_string(body)  # Jinja2 still checks its version and the source checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        except OSError:
            return  # a read-only project: the build goes on, compiling as before
        with os.fdopen(fd, "wb") as f:
            f.write(self._mac(body) + body)
        os.replace(temporary, self._path(bucket))


def bytecode_cache(folder: Path | None) -> SignedBytecodeCache | None:
    """The cache for one environment's templates in ``folder``, if there is a folder and a key.
    Entries of other code versions are removed (a folder holds one version's templates)."""
    key = signing_key() if folder is not None else None
    if not key:
        return None
    try:
        for name in os.listdir(folder):
            if not name.startswith((TAG, ".")):
                os.remove(folder / name)
    except OSError:
        pass
    return SignedBytecodeCache(folder, key)

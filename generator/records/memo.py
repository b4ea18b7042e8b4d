"""Results of slow, pure steps kept between builds, by the content they were computed from.

Parsing a record's YAML, rendering its Markdown and decoding its photos cost most of the time of
loading a national catalog, and between two builds almost every record is unchanged. A
:class:`Memo` maps a digest of the input to the result, so a warm build redoes this work only for
what changed; a result never depends on whether it came from the memo.

The memo is JSON, never pickle or marshal: a cache folder copied between machines or restored by
a CI cache must not be able to run code (the compiled templates beside it, which are code,
are signed with a key outside the project: :mod:`generator.render.template_cache`). Each kind lives in
its own file, tagged with its :data:`VERSIONS` entry, a digest of the code and the libraries that
compute its results; after a change to either, the old file is ignored. A saved file holds what the last build used, so it does not
grow with edits. The files are entries of a :class:`generator.support.cache_store.Store`: a file the signed
manifest does not vouch for (edited, cut short, a link) is ignored as a whole, and everything in it
computed again.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..support.cache_store import Store

T = TypeVar("T")

KINDS = {
    # kind: (the modules of this package, the distributions) whose code computes its results
    "yaml": (("records/yamlfile.py", "domain/text.py"), ("PyYAML",)),
    "markdown": (("records/markup.py", "domain/text.py"), ("markdown-it-py", "nh3")),
    "images": (("records/photos.py",), ("pillow",)),
}


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _version(sources: tuple[str, ...], libraries: tuple[str, ...], here: Path = Path(__file__).parent.parent) -> str:
    """A digest of the modules ``sources`` of this package (and of this one) and of the versions of
    the distributions ``libraries``: what results computed by that code are tagged with."""
    parts = [(here / name).read_bytes() for name in (*sources, "records/memo.py")]
    parts += [f"{name}=={metadata.version(name)}".encode() for name in libraries]
    return digest(b"\0".join(parts))


VERSIONS = {kind: _version(*code) for kind, code in KINDS.items()}


class Memo:
    """Results by kind and input digest, loaded from and saved to ``folder`` (none: nothing kept).

    Look-ups are pure, so forked workers may read the memo they inherit; only the parent
    process records what a build used (:meth:`put`), and :meth:`save` writes it.
    """

    def __init__(self, folder: Path | None = None):
        self.store = Store(folder) if folder else None
        self._old = {kind: self._load(self.store.get(f"{kind}.json"), VERSIONS[kind]) for kind in KINDS} if folder else {}
        self._used: dict[str, dict[str, Any]] = {}

    def get(self, kind: str, key: str) -> Any:
        """The result kept for ``key``, or None."""
        return self._old.get(kind, {}).get(key)

    def put(self, kind: str, key: str, value: Any) -> None:
        self._used.setdefault(kind, {})[key] = value

    def through(self, kind: str, key: str, compute: Callable[[], T], encode: Callable[[T], Any],
                decode: Callable[[Any], T]) -> T:
        """``compute()``, or its result kept for ``key`` (``encode``/``decode``: to and from JSON values)."""
        kept = self.get(kind, key)
        if kept is not None:
            self.put(kind, key, kept)
            return decode(kept)
        result = compute()
        self.put(kind, key, encode(result))
        return result

    def save(self) -> None:
        """Write each kind whose entries changed, atomically (a killed build leaves the old file)."""
        if self.store is None:
            return
        for kind, used in self._used.items():
            if used == self._old.get(kind):
                continue
            self.store.put(f"{kind}.json", json.dumps({"version": VERSIONS[kind], "entries": used}, ensure_ascii=False,
                                                      sort_keys=True, separators=(",", ":")).encode("utf-8"))
            self._old[kind] = used
        self.store.save()

    @staticmethod
    def _load(content: bytes | None, version: str) -> dict[str, Any]:
        if content is None:  # absent, or not as this user's builds wrote it: start again
            return {}
        data = json.loads(content)  # as a build wrote it: well formed
        if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get("entries"), dict):
            return {}
        return data["entries"]

"""The one walk over a kind's folder of records (``catalog/products/`` ...): every record file read
strictly (through the memo when unchanged; in forked workers past a few hundred files), built by the
kind's reader, and checked for an id taken twice or taken by one of the site's own pages.

Files that are not records are reported, never skipped without a word: a file with another
extension, a link (to a file or a folder: records are read from the site only), a device.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, TypeVar

from ..support.parallel import fork_map
from .memo import Memo, digest
from .problems import Problems
from .record import Record
from .yamlfile import Mapping, YamlError, decode, from_plain, parse_mapping, read_bytes, to_plain

T = TypeVar("T")
RECORD_SUFFIXES = (".yaml", ".yml")
PARALLEL_FROM = 400  # records read in forked workers from this many files of a kind


def _read(memo: Memo | None, path: Path) -> tuple[str, Mapping | None, tuple[int, str, str] | None]:
    """(digest, mapping, None) of a record file, or (digest, None, (line, field, message) of why it
    cannot be read).

    A file the memo holds is not parsed again, and its mapping is not sent back either: (digest,
    None, None). The caller rebuilds it from the memo, which costs half of what unpickling it
    from a worker does (at 15,000 products, 0.9 s against 1.1 s plus 0.6 s to pickle it).
    """
    key = ""
    try:
        data = read_bytes(path)
        key = digest(data)
        if memo is not None and memo.get("yaml", key) is not None:
            return key, None, None
        return key, parse_mapping(decode(data)), None
    except YamlError as exc:
        return key, None, (exc.line, "", exc.message)


class Walk:
    """The record folders of one site's ``catalog/``, each read by :meth:`read`.

    ``reserved`` gives, by folder, the ids whose address one of the site's own pages takes
    (``san-pham/trang-2/`` is the catalog's second page): the site's address table says which.
    """

    def __init__(self, catalog_dir: Path, problems: Problems, memo: Memo | None = None,
                 reserved: dict[str, re.Pattern] | None = None):
        self.catalog_dir = catalog_dir
        self.problems = problems
        self.memo = memo
        self.reserved = reserved or {}

    def read(self, folder: str, build: Callable[[Record], T | None], slug: Callable[[T], str]) -> list[T]:
        """What ``build`` makes of each record of ``folder`` (None for a record too broken to make
        anything of: its problems are reported); ``slug`` gives a made record's address."""
        paths = self._records(self.catalog_dir / folder)
        results = []
        seen: dict[str, tuple[Path, int]] = {}
        for path, (key, data, error) in zip(paths, fork_map(_read, paths, minimum=PARALLEL_FROM, shared=self.memo)):
            if error is not None:
                self.problems.add(path, *error)
                continue
            if self.memo is not None:
                plain = self.memo.get("yaml", key) if data is None else to_plain(data)
                self.memo.put("yaml", key, plain)
                if data is None:
                    data = from_plain(plain)
            record = Record(path, data, self.problems, self.memo)
            built = build(record)
            if built is None:
                continue
            ident = slug(built)
            reserved = self.reserved.get(folder)
            if reserved is not None and reserved.fullmatch(ident):
                record.problem("id", f"'{ident}' is the address of one of the site's own pages; choose another id")
            elif ident in seen:
                other, line = seen[ident]
                record.problem("id", f"the same id as {self.problems.display(other)}:{line} (ids are compared without "
                                     "case and accents); each record needs its own id")
            else:
                seen[ident] = (path, data.line_of("id"))
            results.append(built)
        return results

    def _records(self, directory: Path) -> list[Path]:
        """The record files of ``directory``, in path order; everything else in it reported."""
        paths = []
        for path in sorted(self._files(directory), key=lambda p: p.parts):  # Path order; comparing Paths is slow
            if path.name.startswith("."):
                continue
            if path.is_symlink() or not path.is_file():
                self.problems.add(path, 0, "", "a record must be a plain file, not a link or a device; copy the record here")
            elif path.suffix.lower() not in RECORD_SUFFIXES:
                self.problems.add(path, 0, "", "not a record: record files end in .yaml")
            else:
                paths.append(path)
        return paths

    def _files(self, directory: Path) -> list[Path]:
        """Every file under ``directory``, and the folders in it that are links (reported with the
        files that are links: records are read from the site only, never through a link)."""
        if not directory.is_dir():
            return []
        if directory.is_symlink():
            self.problems.add(directory, 0, "", "a folder of records must be a folder of the site, not a link to "
                                                "one elsewhere; copy the records here")
            return []
        found = []
        for dirpath, dirnames, filenames in os.walk(directory):
            here = Path(dirpath)
            links = [name for name in dirnames if (here / name).is_symlink()]
            dirnames[:] = [name for name in dirnames if name not in links]
            found += [here / name for name in filenames + links]
        return found

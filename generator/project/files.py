"""The built site's files that are not pages: generated data, feeds, open data, QR codes, and the cached
photo renditions and social cards (hard-linked where possible), written on every core; the sitemap."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from ..site.crawlers import sitemap
from ..support.cache_store import Entry
from ..support.parallel import fork_map

PARALLEL_FROM = 1600
"""Below this many files forking workers costs more than it saves."""


def write_files(out: Path, files: dict[str, bytes], linked: dict[str, Entry]) -> None:
    """Generated files (data, feeds, open data, QR codes) and cached image renditions and cards,
    hard-linked where possible, spread over the cores.

    Renditions in the cache are named by content hash and never change, so a link is as good as
    a copy and costs nothing; across file systems it falls back to copying. Only entries the build
    verified or wrote are linked (:mod:`generator.support.cache_store`).
    """
    for folder in sorted({path.rpartition("/")[0] for path in (*files, *linked)}):  # strings: 100,000 Paths are slow
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    paths = [*files, *linked]
    step = 200
    fork_map(_write_files, [(i, i + step) for i in range(0, len(paths), step)],
             minimum=PARALLEL_FROM // step, chunksize=1, shared=(out, files, linked, paths))  # from PARALLEL_FROM files


def _write_files(job: tuple[Path, dict[str, bytes], dict[str, Entry], list[str]], bounds: tuple[int, int]) -> None:
    out, files, linked, paths = job
    for path in paths[bounds[0]:bounds[1]]:
        target = os.path.join(out, path)
        if path in files:
            with open(target, "wb") as file:
                file.write(files[path])
            continue
        _place(linked[path], target)


def _place(entry: Entry, target: str) -> None:
    """The cache ``entry`` at ``target``: a hard link to the very file the build verified, or a copy
    of its content verified again (on another file system, or when the file was replaced since);
    what ``target`` held is replaced, never written through (it may be a link to another cached file)."""
    try:
        os.link(entry.path, target, follow_symlinks=False)
    except FileExistsError:
        os.unlink(target)
        return _place(entry, target)
    except OSError:
        pass
    else:
        if entry.is_at(target):
            return
        os.unlink(target)
    data = entry.read()
    with open(target, "xb") as file:
        file.write(data)


def write_sitemap(out: Path, paths: list[str], site_url: str, lastmod: str) -> None:
    """Write sitemap.xml and its gzip copy (mtime 0: reproducible); without a site_url, none."""
    xml, gz = out / "sitemap.xml", out / "sitemap.xml.gz"
    if not site_url:
        xml.unlink(missing_ok=True)
        gz.unlink(missing_ok=True)
        return
    data = sitemap(paths, site_url, lastmod)
    xml.write_bytes(data)
    gz.write_bytes(gzip.compress(data, mtime=0))

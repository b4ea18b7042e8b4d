"""Where a build may publish: an output folder that can be replaced without losing anything.

``ocop build`` replaces its output folder whole (the swap of :mod:`generator.cli`). A folder that
holds or is held by the site's sources (``--site-dir .`` run inside a site, ``--site-dir catalog``)
would be swapped out and deleted with them, so the target is checked before anything is built:
it may not overlap a source, and a folder that already holds files must be a site built before.
"""

from __future__ import annotations

from pathlib import Path

BUILT_MARKS = ("index.html", "assets/ocop")
"""What every site this generator built holds: an existing output folder without them is not one."""


class UnsafeOutput(ValueError):
    """The output folder would replace files that are not a built site."""


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def looks_built(folder: Path) -> bool:
    return all((folder / mark).exists() for mark in BUILT_MARKS)


def check_target(target: Path, root: Path, sources: dict[str, Path]) -> None:
    """Raise :class:`UnsafeOutput` unless publishing into ``target`` (resolved) loses nothing.

    ``root`` is the site's folder, ``sources`` the folders and files it is built from, by what
    they are to the officer ("records", "pages"...).
    """
    if root.is_relative_to(target):
        raise UnsafeOutput(f"the output folder {target} holds the site itself ({root}); building there would "
                           "replace the site's records and pages with the built site. Choose another folder, "
                           "such as 'site'")
    for what, source in sources.items():
        if _overlap(target, source.resolve()):
            raise UnsafeOutput(f"the output folder {target} overlaps the site's {what} ({source}); building there "
                               "would delete them. Choose another folder, such as 'site'")
    if target.is_dir() and any(target.iterdir()) and not looks_built(target):
        raise UnsafeOutput(f"the output folder {target} already holds files that are not a built site; "
                           "a build replaces the whole folder. Empty it, or choose another folder")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"the output {target} is a file, not a folder")

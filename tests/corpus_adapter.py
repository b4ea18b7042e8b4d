"""The corpus's only in-process calls into ``generator`` (its module paths may change: update here).

Everything else in the corpus runs the ``ocop`` command as a user does.
"""

from __future__ import annotations

from pathlib import Path


def load_records(root: Path, date: str):
    """(catalog, plans, problems) of the site ``root`` as the generator reads it."""
    from generator.project.assemble import load

    return load(root, date=date)

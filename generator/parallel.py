"""Work spread over the machine's cores with forked workers.

Forked workers share the parent's memory copy-on-write: the loaded catalog, the templates
and the registries need no pickling, only each item and its result cross between processes.
Below ``minimum`` items, on one core, or where fork does not exist (Windows, where builds are
small) the work runs in this process; the result never depends on how it ran.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def fork_map(function: Callable[[T], R], items: Iterable[T], *, minimum: int, chunksize: int = 0) -> list[R]:
    """``[function(item) for item in items]``, in forked workers when there are enough items."""
    items = list(items)
    workers = os.cpu_count() or 1
    if len(items) < minimum or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    chunksize = chunksize or max(1, len(items) // (workers * 8))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, items, chunksize=chunksize)

"""Work spread over the machine's cores with forked workers.

Forked workers share the parent's memory copy-on-write: the loaded catalog, the templates
and the registries need no pickling, only each item and its result cross between processes.
Below ``minimum`` items, on one core, or where fork does not exist (Windows, where builds are
small) the work runs in this process; the result never depends on how it ran.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
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
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker)
    try:
        results = pool.map(function, items, chunksize=chunksize)
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return results


def _worker() -> None:
    """Workers take the default signal dispositions, not the build's own handlers (``ocop build``
    turns SIGTERM into a clean exit of the build): the pool stops a worker with SIGTERM, and
    Ctrl-C reaches the parent, which stops the pool."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

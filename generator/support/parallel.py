"""Work spread over the machine's cores with forked workers.

Forked workers share the parent's memory copy-on-write: the loaded catalog, the templates
and the registries need no pickling, only each item and its result cross between processes.
Below ``minimum`` items, on one core, or where fork does not exist (Windows, where builds are
small) the work runs in this process; the result never depends on how it ran.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import signal
import sys
from typing import Any, Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when the thread that forked it ends
_NOTHING = object()
_task: Callable[[Any], Any] | None = None  # the job of the pool being forked, inherited by its workers


def fork_map(function: Callable[..., R], items: Iterable[T], *, minimum: int, chunksize: int = 0,
             shared: Any = _NOTHING) -> list[R]:
    """``[function(item) for item in items]``, in forked workers when there are enough items.

    With ``shared`` (the state a job needs besides its items: a loaded catalog, a renderer), each
    call is ``function(shared, item)``; the workers inherit ``shared`` when forked, so it is never
    pickled and no caller keeps it in a module global of its own.
    """
    items = list(items)
    call = function if shared is _NOTHING else functools.partial(function, shared)
    workers = os.cpu_count() or 1
    if len(items) < minimum or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [call(item) for item in items]
    chunksize = chunksize or max(1, len(items) // (workers * 8))
    global _task
    _task = call
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker, initargs=(os.getpid(),))
    try:
        results = pool.map(_run, items, chunksize=chunksize)
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    finally:
        _task = None
    pool.close()
    pool.join()
    return results


def _run(item: Any) -> Any:
    """One item of the pool's work: the workers call the job they inherited (only the item is pickled)."""
    return _task(item)


def die_with_parent(parent: int) -> None:
    """Make this worker die with ``parent``, the build that forked it, even when that is killed (SIGKILL
    runs no clean-up): Linux then sends it SIGKILL. A worker whose parent died before it asked exits now;
    elsewhere, workers end with the work they hold.

    Without this, workers of a killed build went on writing pages and cards into its staging folder.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no C library to ask: as on other systems
            pass
    if os.getppid() != parent:
        os._exit(1)


def _worker(parent: int) -> None:
    """Workers die with the build (:func:`die_with_parent`) and take the default signal dispositions, not
    the build's own handlers (``ocop build`` turns SIGTERM into a clean exit of the build): the pool stops
    a worker with SIGTERM, and Ctrl-C reaches the parent, which stops the pool."""
    die_with_parent(parent)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

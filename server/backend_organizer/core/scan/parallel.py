"""One process pool per process for the CPU-bound parts (parsing), safe in threaded servers.

Forking a process that runs threads (the language server's stdio reader) can deadlock the children on locks
held by those threads, so the pool forks only while the process is single-threaded (the CLI) and otherwise
spawns fresh interpreters. The pool is created once and reused, so a long-running server pays its start-up
once. ``multiprocessing`` and ``concurrent.futures`` are imported with the pool: backends below the parallel
threshold never pay for them.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

_pool: ProcessPoolExecutor | None = None
_workers = 0
_lock = threading.Lock()


def _get(workers: int) -> ProcessPoolExecutor:
    global _pool, _workers
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with _lock:
        if _pool is None or _workers != workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            single = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
            context: Any = multiprocessing.get_context("fork" if single else "spawn")
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            _workers = workers
        return _pool


def map_in_processes(fn: Callable[[T], list[R]], chunks: Iterable[T], workers: int) -> list[R]:
    """``fn`` over ``chunks`` in worker processes, results flattened in order."""
    pool = _get(workers)
    return [item for part in pool.map(fn, chunks) for item in part]


def _shutdown() -> None:
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)


atexit.register(_shutdown)

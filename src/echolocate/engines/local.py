"""The local engine: run a picklable function over items on all cores, in order, with bounded memory.

Items are submitted in chunks with a bounded number in flight, so a lazy input
(a huge archive streamed member by member) is never read ahead without limit.
Small inputs run in-process: starting workers costs more than it saves.
Each worker gets its share of the cores for BLAS threads (one each when there are as
many workers as cores, as Ray gives its workers): OpenBLAS otherwise starts a thread per
core in every worker, and on a machine the workers already fill, those threads only wait.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_IN_PROCESS_BELOW = 24


def worker_count(requested: int) -> int:
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


def run_ordered(func: Callable[[Any], Any], items: Iterable[Any], workers: int = 0, chunk: int = 8,
                on_crash: Callable[[Any, BaseException], Any] | None = None,
                crash_mark: Path | None = None, in_process_below: int = 0) -> Iterator[Any]:
    """Yield ``func(item)`` for each item, in input order.

    ``on_crash(item, error)`` turns an item whose worker died into a result, so a
    crashing input costs one result, not the run.

    A small input (or one worker) runs in this process, where an input that kills its
    process kills the command. ``crash_mark`` names a file that says such a run is under
    way: it is written before and removed after. Found at the start, it means the last
    in-process run died, so this one runs in the pool, where the crash costs one result:
    running the same command again finishes.

    ``in_process_below`` (default ``_IN_PROCESS_BELOW``) is how few items count as small: a corpus step
    whose few jobs are each large (claim grouping's bands and slices) passes 2.
    """
    workers = worker_count(workers)
    iterator = iter(items)
    small = in_process_below or _IN_PROCESS_BELOW
    head = list(itertools.islice(iterator, small))
    items = itertools.chain(head, iterator)
    if (workers == 1 or len(head) < small) and not (crash_mark and crash_mark.exists()):
        yield from _in_process(func, items, crash_mark)
        return
    yield from _pooled(func, items, workers, chunk, on_crash)
    if crash_mark:
        crash_mark.unlink(missing_ok=True)


def _in_process(func, items, crash_mark: Path | None) -> Iterator[Any]:
    if crash_mark:
        crash_mark.parent.mkdir(parents=True, exist_ok=True)
        crash_mark.write_text(f"an in-process run started by process {os.getpid()}; if it is still here, "
                              "that run died and the next one runs in worker processes\n", encoding="utf-8")
    try:
        for item in items:
            yield func(item)
    finally:  # an exception or an abandoned run is not a crash: only a dead process leaves the mark
        if crash_mark:
            crash_mark.unlink(missing_ok=True)


_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def blas_threads_per_worker(workers: int) -> int:
    """The cores each of ``workers`` processes may use for BLAS, at least one."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _start_worker(threads: int) -> None:
    """Limit this worker's BLAS threads: the variables for libraries loaded later, threadpoolctl for those
    already loaded (the spawned process may have imported numpy with its parent's main module)."""
    for name in _BLAS_THREAD_VARIABLES:
        os.environ[name] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads)


def _new_pool(workers: int, context) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(blas_threads_per_worker(workers),))


def _apply_all(func, chunk_items):
    return [func(item) for item in chunk_items]


def _submit(pool, func, part) -> Future:
    """``part`` submitted to ``pool``; if the pool already broke (a worker died since the last look), a
    future holding that error, so the part takes the same isolating path as the ones in flight."""
    try:
        return pool.submit(_apply_all, func, part)
    except BrokenProcessPool as exc:
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _pooled(func, items, workers, chunk, on_crash) -> Iterator[Any]:
    context = multiprocessing.get_context("spawn")
    pool = _new_pool(workers, context)
    in_flight: deque = deque()
    chunks = iter(lambda: list(itertools.islice(items, chunk)), [])
    try:
        for part in itertools.islice(chunks, workers * 3):
            in_flight.append((part, _submit(pool, func, part)))
        while in_flight:
            part, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                log.warning("a worker process died; isolating the items it held")
                pool.shutdown(cancel_futures=True)
                pool = _new_pool(workers, context)
                results = []
                for item in part:
                    pool, result = _isolated(pool, context, workers, func, item, on_crash)
                    results.append(result)
                in_flight = deque((p, _submit(pool, func, p)) for p, _ in in_flight)
            yield from results
            nxt = next(chunks, None)
            if nxt:
                in_flight.append((nxt, _submit(pool, func, nxt)))
    finally:
        pool.shutdown(cancel_futures=True)


def run_alone(func: Callable[[Any], Any], items: Iterable[Any],
              on_crash: Callable[[Any, BaseException], Any]) -> Iterator[Any]:
    """``func(item)`` for each item in a worker process, one item at a time, in order: the items of a
    batch whose worker died, so the one that kills its process again is known and ``on_crash`` answers
    for it alone."""
    context = multiprocessing.get_context("spawn")
    pool = _new_pool(1, context)
    try:
        for item in items:
            pool, result = _isolated(pool, context, 1, func, item, on_crash)
            yield result
    finally:
        pool.shutdown(cancel_futures=True)


def _isolated(pool, context, workers, func, item, on_crash):
    """Run one item alone; if it kills its worker too, it is the culprit."""
    try:
        return pool, pool.submit(func, item).result()
    except BrokenProcessPool as exc:
        pool.shutdown(cancel_futures=True)
        pool = _new_pool(workers, context)
        if on_crash is None:
            raise
        return pool, on_crash(item, exc)


def bind(func: Callable, *args, **kwargs) -> Callable:
    """A picklable partial application, for passing settings to worker functions."""
    return partial(func, *args, **kwargs)

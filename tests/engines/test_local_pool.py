"""The local engine's worker pool: order, and each worker's share of BLAS threads."""

from __future__ import annotations

import os

from echolocate.engines.local import blas_threads_per_worker, run_ordered


def _blas_threads(_item: int) -> tuple[int, ...]:
    """The thread counts of every BLAS library loaded in this worker (numpy's at least)."""
    import numpy  # noqa: F401  (loads OpenBLAS in the worker after the pool started it)
    from threadpoolctl import threadpool_info

    return tuple(sorted({info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}))


def _double(item: int) -> int:
    return 2 * item


def test_results_keep_input_order_across_workers():
    assert list(run_ordered(_double, range(100), workers=2, chunk=3)) == [2 * i for i in range(100)]


def test_each_worker_gets_its_share_of_the_cores_for_blas():
    # two workers on this machine's cores: OpenBLAS would start a thread per core in each
    expected = blas_threads_per_worker(2)
    seen = set(run_ordered(_blas_threads, range(48), workers=2, chunk=4))
    assert seen == {(expected,)}


def test_share_is_the_cores_divided_by_the_workers_and_at_least_one(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert [blas_threads_per_worker(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert blas_threads_per_worker(2) == 1

"""Both engines on real news from every shared dataset give the same store, answer for answer.

The corpus is ``benchmarks/real_reports.py``'s (whole articles, then real bodies republished under
other real headlines), fed as JSON-lines shards, as a user with a sharded corpus would. CI runs 120
reports; the 10k comparison is the benchmark's (``engine_throughput.py --n 10000 --source real
--check``, figures in docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.store import Store

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'echolocate[ray]'")
DATASETS = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"
N_REPORTS = 120


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    if not (DATASETS / "fnc1").is_dir():
        pytest.skip(f"the shared datasets are not at {DATASETS}")
    from tests.engines import ray_support

    real = ray_support.benchmark_module("real_reports")
    folder = tmp_path_factory.mktemp("shards")
    real.write_shards(real.real_reports(N_REPORTS, mixed=True), folder, per_shard=40)
    return folder


def _answers(settings: Settings) -> dict:
    with Store(settings.db, read_only=True) as store:
        reports = store.reports()
        return {"status": store.status(), "reports": reports, "claims": store.claim_groups(None),
                "reuse": store.reuse(), "events": store.events(),
                "readings": [store.report_reading(r["id"]) for r in reports]}


def _analyze(shards: Path, settings: Settings) -> dict:
    pipeline.ingest([str(shards)], settings)
    pipeline.read(settings)
    pipeline.link(settings)
    pipeline.assess(settings)
    return _answers(settings)


def test_ray_and_local_engines_agree_on_real_reports(shards, tmp_path):
    from tests.engines import ray_support

    local = _analyze(shards, Settings(db=tmp_path / "local.duckdb"))
    with ray_support.local_ray():
        on_ray = _analyze(shards, replace(Settings(db=tmp_path / "ray.duckdb"), engine="ray"))
    assert len(local["reports"]) >= 0.95 * N_REPORTS and sum(len(g["carriers"]) > 1 for g in local["claims"]) > 0
    assert local["reuse"], "the republished bodies are found as re-use"
    for key in local:
        assert on_ray[key] == local[key], key

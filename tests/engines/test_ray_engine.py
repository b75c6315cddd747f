"""The Ray engine on a local Ray cluster: the same store as the local engine, faults survived, runs resumed.

One Ray (2 CPUs, no dashboard) for the whole module; skipped when Ray is not installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.engines import parts
from echolocate.engines.ray_engine import RayEngine
from echolocate.stages.ingest import discover, parse_input
from echolocate.store import Store
from tests.engines import ray_support

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'echolocate[ray]'")
SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "libya-2016"


@pytest.fixture(scope="module")
def local_ray():
    if not SAMPLE.is_dir():
        pytest.skip(f"the sample corpus is not at {SAMPLE}")
    with ray_support.local_ray(ship_by_value=__name__) as session:  # the fault hooks below run on workers
        yield session


def _analyze(settings: Settings) -> None:
    pipeline.ingest([str(SAMPLE)], settings)
    pipeline.read(settings)
    pipeline.link(settings)
    pipeline.assess(settings)


def _answers(settings: Settings) -> dict:
    """What every echolocate command shows, read through the store's public API."""
    with Store(settings.db, read_only=True) as store:
        reports = store.reports()
        return {"status": store.status(), "reports": reports, "claims": store.claim_groups(None),
                "reuse": store.reuse(), "events": store.events(),
                "readings": [store.report_reading(r["id"]) for r in reports]}


@pytest.fixture(scope="module")
def local_answers(tmp_path_factory) -> dict:
    settings = Settings(db=tmp_path_factory.mktemp("local") / "local.duckdb", workers=1)
    _analyze(settings)
    return _answers(settings)


@pytest.fixture(scope="module")
def ray_run(local_ray, tmp_path_factory) -> Settings:
    settings = Settings(db=tmp_path_factory.mktemp("ray") / "ray.duckdb", engine="ray")
    _analyze(settings)
    return settings


def test_ray_engine_gives_the_same_reports_claims_origins_and_grades_as_local(ray_run, local_answers):
    answers = _answers(ray_run)
    assert answers["status"]["reports"] == 7
    shared = [group for group in answers["claims"] if group["carrier_count"] > 1]
    assert shared, "the sample corpus has claims carried by several reports"
    for key in ("status", "reports", "readings", "claims", "reuse", "events"):
        assert answers[key] == local_answers[key], key


def test_ray_engine_leaves_queryable_parquet_parts_marked_loaded(ray_run):
    import duckdb

    root = parts.parts_dir(ray_run.db)
    for stage in ("parsed", "readings"):
        runs = list((root / stage).iterdir())
        assert len(runs) == 1 and (runs[0] / parts.LOADED).exists()
    count, claims = duckdb.sql(
        f"SELECT count(*), sum(claims) FROM '{root}/readings/*/*.parquet'").fetchall()[0]
    with Store(ray_run.db, read_only=True) as store:
        stored = store.con.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert count == 7 and claims >= stored > 0


def test_ray_engine_rerun_skips_everything_stored(ray_run):
    again = pipeline.ingest([str(SAMPLE)], ray_run)
    assert again.inputs_skipped == 5 and again.inputs_seen == 0
    assert pipeline.read(ray_run).reports_read == 0
    assert len(list((parts.parts_dir(ray_run.db) / "parsed").iterdir())) == 1  # no new run: nothing to do


def test_ray_engine_loads_parts_a_killed_driver_left_without_recomputing(ray_run, local_answers, tmp_path):
    """The driver died after the workers' results landed as Parquet but before the store took them."""
    settings = Settings(db=tmp_path / "resumed.duckdb", engine="ray")
    shutil.copytree(parts.parts_dir(ray_run.db), parts.parts_dir(settings.db))
    for marker in parts.parts_dir(settings.db).glob(f"*/*/{parts.LOADED}"):
        marker.unlink()
    summary = pipeline.ingest([], settings)
    assert summary.inputs_seen == 0
    read = pipeline.read(settings)
    assert read.reports_read == 0 and read.reports_already_read == 7  # loaded from the parts, not read again
    assert not list(parts.parts_dir(settings.db).glob("*/*/part-*.parquet.tmp"))
    assert all(parts.pending_runs(parts.parts_dir(settings.db), stage) == [] for stage in ("parsed", "readings"))
    pipeline.link(settings)
    pipeline.assess(settings)
    assert _answers(settings) == local_answers


# --- faults: a worker process killed mid-run -----------------------------------------------------

def _crash_once(marker: str):
    """Kill this worker process the first time any worker gets here (the marker file says it happened)."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    os._exit(1)


class _ParseThenCrash:
    def __init__(self, marker: str, settings: Settings) -> None:
        self.marker, self.settings = marker, settings

    def __call__(self, task):
        if task.source.path.endswith("002_8b0c8cfba84b287d.txt"):
            _crash_once(self.marker)
        return parse_input(task, self.settings), task.fingerprint


class _ReadThenCrash:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, items):
        from echolocate.stages.read.stage import read_batch

        readings = read_batch(items)
        _crash_once(self.marker)  # after the work, before the result is returned: the result is lost
        return readings


def test_ray_engine_parse_worker_killed_mid_run_loses_and_doubles_nothing(local_ray, tmp_path):
    settings = Settings(db=tmp_path / "fault.duckdb", engine="ray")
    marker = tmp_path / "parse-crashed"
    tasks = list(discover([str(SAMPLE)], settings.max_bytes))
    with RayEngine.open(settings) as engine:
        results = list(engine.parse(iter(tasks), _ParseThenCrash(str(marker), settings)))
    assert marker.exists(), "the hook did kill a worker"
    assert [parsed for parsed, _ in results] == [parse_input(task, settings) for task in tasks]
    assert [fingerprint for _, fingerprint in results] == [task.fingerprint for task in tasks]


def test_ray_engine_read_actor_killed_mid_run_loses_and_doubles_nothing(ray_run, local_ray, tmp_path):
    from echolocate.stages.read.stage import ReadInput, read_batch

    marker = tmp_path / "read-crashed"
    with Store(ray_run.db, read_only=True) as store:
        ids = [r["id"] for r in store.reports()]
        inputs = [ReadInput(rid, text, published) for rid, text, published in store.report_texts(ids)]
    settings = Settings(db=tmp_path / "read-fault.duckdb", engine="ray", read_batch=2)
    with RayEngine.open(settings) as engine:
        batches = list(engine.read([inputs], read=_ReadThenCrash(str(marker))))
    assert marker.exists(), "the hook did kill an actor"
    readings = [reading for batch in batches for reading in batch]
    assert [r.report_id for r in readings] == ids
    assert readings == read_batch(inputs)  # what this process reads itself, with the same stage code

"""An input that kills its worker process on every try: both engines finish, and it alone pays.

Parse: the input becomes a ``worker-crashed`` rejection. Read: the report gets a reading that
records the problem. Everything else comes out as if nothing had happened, in order, once.
The readers here are stand-ins (no spaCy): what is tested is the engines' handling of the crash.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from echolocate import pipeline
from echolocate.config import Settings
from echolocate.engines.dispatch import LocalEngine
from echolocate.engines.ray_engine import _ordered
from echolocate.stages.ingest import discover, parse_input
from echolocate.stages.read.stage import ReadInput
from echolocate.stages.read.types import Reading

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "libya-2016"


class _ReadDiesOn:
    """A stand-in reader that kills its process whenever its batch holds the poison report."""

    def __init__(self, poison: str) -> None:
        self.poison = poison

    def __call__(self, items: list[ReadInput]) -> list[Reading]:
        if any(item.report_id == self.poison for item in items):
            os._exit(1)
        return [Reading(item.report_id, words=len(item.text.split())) for item in items]


class _ParseDiesOn:
    """``pipeline._parse_task`` that kills its process on the input whose file name ends with ``poison``."""

    def __init__(self, poison: str, settings: Settings) -> None:
        self.poison, self.settings = poison, settings

    def __call__(self, task):
        if task.source.path.endswith(self.poison):
            os._exit(1)
        return parse_input(task, self.settings), task.fingerprint


def _batches(n_batches: int, size: int) -> list[list[ReadInput]]:
    return [[ReadInput(f"r{b:02d}-{i}", f"report {b} {i} " * (i + 1)) for i in range(size)]
            for b in range(n_batches)]


def _check_readings(batches: list[list[ReadInput]], results: list[list[Reading]], poison: str) -> None:
    readings = [reading for batch in results for reading in batch]
    assert [r.report_id for r in readings] == [item.report_id for batch in batches for item in batch]
    for reading, item in zip(readings, (item for batch in batches for item in batch)):
        if item.report_id == poison:
            assert reading.words == 0 and len(reading.problems) == 1
            assert reading.problems[0].startswith("reader process died on this report")
        else:
            assert reading == Reading(item.report_id, words=len(item.text.split()))


def test_ordered_takes_what_is_missing_from_recover():
    asked = []

    def recover(missing):
        asked.append(missing)
        return iter([{"seq": seq} for seq in sorted(missing, reverse=True)])

    rows = [{"seq": 0}, {"seq": 3}, {"seq": 2}]
    assert [row["seq"] for row in _ordered(iter(rows), 5, recover)] == [0, 1, 2, 3, 4]
    assert asked == [{1, 4}]


def test_local_read_gives_the_report_that_kills_its_worker_a_problem_and_reads_the_rest():
    batches = _batches(26, 2)  # 24 batches or more: the pool, not this process, runs them
    poison = "r10-1"
    results = list(LocalEngine(Settings(workers=2)).read(batches, read=_ReadDiesOn(poison)))
    _check_readings(batches, results, poison)


def _read_in_this_process(db: str, batches, poison: str) -> None:
    list(LocalEngine(Settings(db=Path(db), workers=2)).read(batches, read=_ReadDiesOn(poison)))


def test_a_small_local_read_that_died_runs_in_workers_the_next_time(tmp_path):
    """Fewer than 24 batches run in the command's own process, so the poison report kills the command;
    the same run again finishes, with the poison report alone paying."""
    import multiprocessing

    db = tmp_path / "s.duckdb"
    batches = _batches(3, 2)
    poison = "r01-0"
    first = multiprocessing.get_context("spawn").Process(target=_read_in_this_process, args=(str(db), batches, poison))
    first.start()
    first.join(120)
    mark = tmp_path / "s.duckdb.read-in-process"
    assert first.exitcode == 1 and mark.exists()
    results = list(LocalEngine(Settings(db=db, workers=2)).read(batches, read=_ReadDiesOn(poison)))
    _check_readings(batches, results, poison)
    assert not mark.exists()


def test_a_small_local_read_that_ends_leaves_no_mark_and_runs_in_process(tmp_path):
    db = tmp_path / "s.duckdb"
    batches = _batches(3, 2)
    seen_pids = []

    def read(items):
        assert (tmp_path / "s.duckdb.read-in-process").exists()  # the mark stands while the run is under way
        seen_pids.append(os.getpid())
        return [Reading(item.report_id, words=len(item.text.split())) for item in items]

    results = list(LocalEngine(Settings(db=db, workers=2)).read(batches, read=read))
    _check_readings(batches, results, poison="")
    assert set(seen_pids) == {os.getpid()} and not list(tmp_path.iterdir())


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the sample corpus in ../shared")
def test_local_parse_rejects_the_input_that_kills_its_worker(tmp_path):
    settings = Settings(db=tmp_path / "s.duckdb")
    tasks = list(discover([str(SAMPLE)], settings.max_bytes))
    tasks = (tasks * 5)[:25]  # enough inputs for the pool
    poison = Path(tasks[3].source.path).name
    results = list(LocalEngine(Settings(workers=2)).parse(iter(tasks), _ParseDiesOn(poison, settings),
                                                          on_crash=pipeline._crash_rejection))
    assert len(results) == len(tasks)
    for task, (parsed, fingerprint) in zip(tasks, results):
        assert fingerprint == task.fingerprint
        if task.source.path.endswith(poison):
            assert not parsed.reports and [r.reason for r in parsed.rejections] == ["worker-crashed"]
        else:
            assert parsed == parse_input(task, settings)


# --- the same on a local Ray ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_ray():
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'echolocate[ray]'")
    from tests.engines import ray_support

    with ray_support.local_ray(ship_by_value=__name__) as session:  # the stand-ins run on workers
        yield session


def test_ray_read_gives_the_report_that_kills_its_actor_a_problem_and_reads_the_rest(local_ray, tmp_path):
    from echolocate.engines.ray_engine import RayEngine

    batches = _batches(6, 2)
    poison = "r03-0"
    with RayEngine.open(Settings(db=tmp_path / "r.duckdb", engine="ray", read_batch=2)) as engine:
        results = list(engine.read(batches, read=_ReadDiesOn(poison)))
    _check_readings(batches, [[r for batch in results for r in batch]], poison)


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the sample corpus in ../shared")
def test_ray_parse_rejects_the_input_that_kills_its_actor(local_ray, tmp_path):
    from echolocate.engines.ray_engine import RayEngine

    settings = Settings(db=tmp_path / "p.duckdb", engine="ray")
    tasks = list(discover([str(SAMPLE)], settings.max_bytes))
    poison = Path(tasks[1].source.path).name
    with RayEngine.open(settings) as engine:
        results = list(engine.parse(iter(tasks), _ParseDiesOn(poison, settings), on_crash=pipeline._crash_rejection))
    assert len(results) == len(tasks)
    for task, (parsed, fingerprint) in zip(tasks, results):
        assert fingerprint == task.fingerprint
        if task.source.path.endswith(poison):
            assert not parsed.reports and [r.reason for r in parsed.rejections] == ["worker-crashed"]
        else:
            assert parsed == parse_input(task, settings)

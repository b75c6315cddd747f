"""The Parquet layout of a scale-out run: what the workers produced, before and after it reaches the store.

::

    <parts>/                              default: <db>.parts, beside the store file
      parsed/<run>/part-00000.parquet     one row per input: source_key, fingerprint, digest,
                                          report_ids, rejections, parsed (a ParsedInput as JSON)
      readings/<run>/part-00000.parquet   one row per report read: report_id, stage_version, words,
                                          claims, problems, reading (a Reading as JSON)
      links/<run>/part-00000.parquet      one row per candidate report pair of the re-use step: a_report,
                                          b_report, links (how many), found (the ReuseLinks as JSON)
      <stage>/<run>/_LOADED               written once the store holds every row of that run

Why it exists: a cluster run leaves its results where DuckDB or any Parquet reader can
query them (``SELECT * FROM 'echolocate.duckdb.parts/readings/*/*.parquet'``), and a
driver that dies between a worker's result and the store loses nothing: parts without
``_LOADED`` are loaded first by the next run (the store's writes are idempotent).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

LOADED = "_LOADED"

PARSED = pa.schema([("seq", pa.int64()), ("source_key", pa.string()), ("fingerprint", pa.string()),
                    ("digest", pa.string()), ("report_ids", pa.list_(pa.string())), ("rejections", pa.int32()),
                    ("parsed", pa.string())])
READINGS = pa.schema([("seq", pa.int64()), ("report_id", pa.string()), ("stage_version", pa.string()),
                      ("words", pa.int32()), ("claims", pa.int32()), ("problems", pa.list_(pa.string())),
                      ("reading", pa.string())])
LINKS = pa.schema([("seq", pa.int64()), ("a_report", pa.string()), ("b_report", pa.string()),
                   ("links", pa.int32()), ("found", pa.string())])
SCHEMAS = {"parsed": PARSED, "readings": READINGS, "links": LINKS}


def parts_dir(db: Path, configured: str = "") -> Path:
    return Path(configured) if configured else db.with_name(db.name + ".parts")


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


class PartWriter:
    """Appends Arrow batches of one stage's results to numbered Parquet files of one run."""

    def __init__(self, root: Path, stage: str, run: str) -> None:
        self.folder = root / stage / run
        self.schema = SCHEMAS[stage]
        self.files = 0

    def write(self, table: pa.Table) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"part-{self.files:05d}.parquet"
        partial = path.with_suffix(".tmp")
        pq.write_table(table.select(self.schema.names).cast(self.schema), partial)
        partial.replace(path)  # a reader never sees half a file
        self.files += 1
        return path

    def mark_loaded(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / LOADED).touch()


def pending_runs(root: Path, stage: str) -> list[Path]:
    """Runs of ``stage`` whose parts never reached the store (the driver died), oldest first."""
    base = root / stage
    if not base.is_dir():
        return []
    runs = [run for run in base.iterdir() if run.is_dir() and not (run / LOADED).exists()]
    return sorted(runs, key=lambda run: run.stat().st_mtime)


def read_parts(run: Path) -> Iterator[pa.Table]:
    """The tables of one run's parts, in the order written."""
    for path in sorted(run.glob("part-*.parquet")):
        yield pq.read_table(path)

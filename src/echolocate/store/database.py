"""Opening the DuckDB file, with errors that say what to do, and the write/read API."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from echolocate.errors import StoreError
from echolocate.model import IngestSummary, ParsedInput
from echolocate.store import ingest_writer, queries
from echolocate.store.migrations import migrate

log = logging.getLogger(__name__)


class Store:
    """A DuckDB store file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}",
                             hint="run `echolocate ingest PATH` (or `echolocate analyze PATH`) first, or pass --db")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} does not exist", hint="create it, or pass another --db")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreError(f"{self.path} is in use by another process",
                                 hint="wait for the other echolocate command to finish, or use another --db") from exc
            raise StoreError(f"cannot open {self.path}: {text}",
                             hint="is it a DuckDB file? point --db at a new file to start a new store") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}",
                             hint="point --db at a new file to start a new store") from exc
        try:
            self.schema_version = migrate(self.con, str(self.path), read_only)
        except Exception:
            self.con.close()
            raise

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # writing -------------------------------------------------------------
    def done_inputs(self) -> dict[str, str]:
        """source key -> fingerprint of every input already stored completely."""
        return dict(self.con.execute("SELECT source_key, fingerprint FROM inputs").fetchall())

    def write_parsed(self, batch: list[tuple[ParsedInput, str]], summary: IngestSummary) -> None:
        """Write parsed inputs (with their fingerprints) in one transaction, counting into ``summary``."""
        ingest_writer.write_batch(self.con, batch, summary)

    def record_run(self, run_id: str, command: str, started, finished, settings: dict, counts: dict,
                   stages: dict) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, command, started, finished, json.dumps(settings, default=str), json.dumps(counts),
             json.dumps(stages)],
        )

    # reading -------------------------------------------------------------
    def status(self) -> dict:
        return queries.status(self.con)

    def reports(self, limit: int | None = None) -> list[dict]:
        return queries.reports(self.con, limit)

    def rejections(self, limit: int | None = None) -> list[dict]:
        return queries.rejections(self.con, limit)

"""Opening the DuckDB file, with errors that say what to do, and the write/read API."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from echolocate.errors import StoreError
from echolocate.model import IngestSummary, ParsedInput
from echolocate.store import assess_io, ingest_writer, link_writer, queries, read_queries, read_writer
from echolocate.store.migrations import migrate

log = logging.getLogger(__name__)


def default_memory_limit() -> str:
    """A quarter of this machine's memory (at least 1 GB). DuckDB's own default is 80 %, and it keeps what
    it may as cache: refreshing the web summaries of 10,000 real reports held 11.5 GB that way, in the
    same time as with 2 GB. The commands that write the store also hold models and arrays in Python."""
    import os

    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "2GB"
    return f"{max(1024, total // 4 // 2**20)}MB"


class Store:
    """A DuckDB store file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str, read_only: bool = False, memory_limit: str = "") -> None:
        """``memory_limit`` (DuckDB's, e.g. "4GB") applies to a writer; empty: ``default_memory_limit()``."""
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
        if not read_only:
            try:
                self.con.execute(f"SET memory_limit = '{memory_limit or default_memory_limit()}'")
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"not a DuckDB memory limit: {memory_limit!r} ({exc})",
                                 hint="write it as a size, e.g. db_memory = \"4GB\"") from exc
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

    def unread_report_ids(self, stage_version: str) -> list[str]:
        """IDs of reports not yet read by this version of the read stage, in a stable order."""
        rows = self.con.execute("""
            SELECT r.id FROM reports r
            LEFT JOIN readings g ON g.report_id = r.id AND g.stage_version = ?
            WHERE g.report_id IS NULL ORDER BY r.first_seen, r.id
        """, [stage_version]).fetchall()
        return [row[0] for row in rows]

    def report_texts(self, ids: list[str]) -> list[tuple[str, str, object]]:
        """(id, text, published) for these IDs, in the order given."""
        import pyarrow as pa

        self.con.register("wanted_ids", pa.table({"id": pa.array(ids, pa.string()),
                                                  "pos": pa.array(range(len(ids)), pa.int64())}))
        try:
            return self.con.execute("""
                SELECT r.id, r.text, r.published FROM wanted_ids w JOIN reports r ON r.id = w.id ORDER BY w.pos
            """).fetchall()
        finally:
            self.con.unregister("wanted_ids")

    def write_readings(self, readings: list, stage_version: str) -> None:
        read_writer.write_readings(self.con, readings, stage_version)

    def all_mentions(self) -> list[tuple]:
        """(report_id, idx, start, end, text, kind, label, normalised) of every stored mention."""
        return self.con.execute(
            'SELECT report_id, idx, "start", "end", text, kind, label, normalised FROM mentions '
            "ORDER BY report_id, idx").fetchall()

    def write_entities(self, entities: list, links: dict) -> None:
        read_writer.write_entities(self.con, entities, links)

    # reading -------------------------------------------------------------
    def status(self) -> dict:
        return queries.status(self.con)

    def reports(self, limit: int | None = None) -> list[dict]:
        return queries.reports(self.con, limit)

    def rejections(self, limit: int | None = None) -> list[dict]:
        return queries.rejections(self.con, limit)

    def find_report(self, ref: str) -> str:
        return read_queries.find_report(self.con, ref)

    def report_list(self) -> list[dict]:
        return read_queries.report_list(self.con)

    def report_reading(self, report_id: str) -> dict:
        return read_queries.report_reading(self.con, report_id)

    # link stage ----------------------------------------------------------
    def corpus_digest(self) -> str:
        return link_writer.corpus_digest(self.con)

    def stage_digest(self, stage: str, version: str) -> str | None:
        return link_writer.stage_digest(self.con, stage, version)

    def mark_stage(self, stage: str, version: str, digest: str, params: str = "") -> None:
        link_writer.mark_stage(self.con, stage, version, digest, params)

    def count(self, table: str) -> int:
        """Rows in one of the store's own tables."""
        if table not in {"readings", "mentions", "entities", "reuse_links", "claim_groups", "events"}:
            raise ValueError(f"not a countable table: {table}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def readings_state(self) -> str:
        """Changes whenever reports are read (again): the number of readings and the latest read time."""
        count, latest = self.con.execute("SELECT count(*), max(read_at) FROM readings").fetchall()[0]
        return f"{count}:{latest}"

    def forget_readings(self) -> None:
        """Mark every report unread, so the next read stage reads them all again."""
        self.con.execute("DELETE FROM readings")

    def reuse_inputs(self) -> list[tuple]:
        """(id, text, published, outlet) of every report, in a stable order."""
        return self.con.execute("SELECT id, text, published, outlet FROM reports ORDER BY id").fetchall()

    def write_reuse(self, links, stage: str, version: str, digest: str, params: str) -> None:
        link_writer.write_reuse(self.con, links, stage, version, digest, params)

    def reuse(self, limit: int | None = None) -> list[dict]:
        return link_writer.reuse_rows(self.con, limit)

    # assess stage --------------------------------------------------------
    def claim_items(self) -> list:
        return assess_io.claim_items(self.con)

    def reuse_links(self, min_coverage: float | None = None) -> list:
        return assess_io.reuse_links(self.con, min_coverage)

    def write_assessment(self, groups, assessments, contradictions, items_by_id) -> None:
        assess_io.write_assessment(self.con, groups, assessments, contradictions, items_by_id)

    def claim_groups(self, limit: int | None = None, min_carriers: int = 1) -> list[dict]:
        return assess_io.claim_group_rows(self.con, limit, min_carriers)

    def event_inputs(self) -> list:
        return assess_io.event_inputs(self.con)

    def write_events(self, events) -> None:
        assess_io.write_events(self.con, events)

    def events(self, limit: int | None = None) -> list[dict]:
        return assess_io.event_rows(self.con, limit)

    # web app ---------------------------------------------------------------
    def refresh_web_index(self) -> None:
        """Rebuild the web app's summary tables (board order, claim facets, search terms); call after assess.
        Without them the web app computes the same rows per request, which is slow on large stores."""
        from echolocate.store import web_queries

        web_queries.refresh_web_index(self.con)

    def web_index_current(self) -> bool:
        from echolocate.store import web_queries

        return web_queries.index_is_current(self.con)

    def upgrade_web_index(self) -> list[str]:
        """Build only the web summaries that are missing or stale (after a migration added a part, e.g. the
        board's day numbers of 0008); the whole index when its base is stale. Returns the parts built."""
        from echolocate.store import web_queries

        return web_queries.refresh_web_index(self.con, only_missing=True)

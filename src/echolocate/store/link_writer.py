"""Writes and reads of the link stage: re-use links replaced as a whole, and stage state."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyarrow as pa

_S, _I, _F = pa.string(), pa.int32(), pa.float64()
_LINKS = pa.schema([("id", _S), ("a_report", _S), ("a_start", _I), ("a_end", _I), ("b_report", _S),
                    ("b_start", _I), ("b_end", _I), ("similarity", _F), ("direction", _S),
                    ("direction_evidence", _S), ("a_coverage", _F), ("b_coverage", _F)])
_MUTATIONS = pa.schema([("link_id", _S), ("idx", _I), ("kind", _S), ("a_text", _S), ("b_text", _S)])


def link_id(a_report: str, a_start: int, a_end: int, b_report: str, b_start: int, b_end: int) -> str:
    key = f"{a_report}:{a_start}:{a_end}:{b_report}:{b_start}:{b_end}"
    return "u" + hashlib.sha256(key.encode()).hexdigest()[:20]


def corpus_digest(con) -> str:
    """A digest of which reports are stored: unchanged corpus, unchanged digest."""
    rows = con.execute("SELECT id FROM reports ORDER BY id").fetchall()
    return hashlib.sha256("\n".join(r[0] for r in rows).encode()).hexdigest()[:32]


def stage_digest(con, stage: str, version: str) -> str | None:
    rows = con.execute("SELECT corpus_digest FROM stage_state WHERE stage = ? AND version = ?",
                       [stage, version]).fetchall()
    return rows[0][0] if rows else None


def mark_stage(con, stage: str, version: str, digest: str, params: str) -> None:
    """Record what a corpus stage last ran on (see ``stage_digest``)."""
    con.execute("INSERT OR REPLACE INTO stage_state VALUES (?, ?, ?, ?, now())", [stage, version, digest, params])


LINK_BATCH = 50_000  # links per Arrow batch: the rows of one batch are in memory at once, not the run's


def write_reuse(con, links: Iterable, stage: str, version: str, digest: str, params: str) -> None:
    """Replace the re-use links with ``links`` (taken once, as they come, ``LINK_BATCH`` at a time) and
    record the stage, in one transaction. A link ID seen before in the run is skipped."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM reuse_mutations")
        con.execute("DELETE FROM reuse_links")
        seen: set[str] = set()
        batch: list = []
        for link in links:
            batch.append(link)
            if len(batch) >= LINK_BATCH:
                _insert_links(con, batch, seen)
                batch = []
        _insert_links(con, batch, seen)
        mark_stage(con, stage, version, digest, params)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert_links(con, links: list, seen: set[str]) -> None:
    link_rows, mutation_rows = [], []
    for link in links:
        lid = link_id(link.a_report, link.a_start, link.a_end, link.b_report, link.b_start, link.b_end)
        if lid in seen:
            continue
        seen.add(lid)
        link_rows.append({"id": lid, "a_report": link.a_report, "a_start": link.a_start, "a_end": link.a_end,
                          "b_report": link.b_report, "b_start": link.b_start, "b_end": link.b_end,
                          "similarity": float(link.similarity), "direction": link.direction,
                          "direction_evidence": link.direction_evidence, "a_coverage": float(link.a_coverage),
                          "b_coverage": float(link.b_coverage)})
        for idx, m in enumerate(link.mutations):
            mutation_rows.append({"link_id": lid, "idx": idx, "kind": m.kind, "a_text": m.a_text,
                                  "b_text": m.b_text})
    for table, rows, schema in (("reuse_links", link_rows, _LINKS), ("reuse_mutations", mutation_rows, _MUTATIONS)):
        if rows:
            con.register("batch_rows", pa.Table.from_pylist(rows, schema=schema))
            con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
            con.unregister("batch_rows")


def reuse_rows(con, limit: int | None = None) -> list[dict]:
    """Re-use links in the output contract of `echolocate reuse --json`, most similar first."""
    cursor = con.execute(f"""
        SELECT l.id, l.similarity, l.direction, l.direction_evidence, l.a_coverage, l.b_coverage,
               l.a_report, l.a_start, l.a_end, substr(ra.text, l.a_start + 1, l.a_end - l.a_start) AS a_text,
               (SELECT min(source_key) FROM report_sources s WHERE s.report_id = l.a_report) AS a_path,
               ra.outlet AS a_outlet, ra.published AS a_date,
               l.b_report, l.b_start, l.b_end, substr(rb.text, l.b_start + 1, l.b_end - l.b_start) AS b_text,
               (SELECT min(source_key) FROM report_sources s WHERE s.report_id = l.b_report) AS b_path,
               rb.outlet AS b_outlet, rb.published AS b_date
        FROM reuse_links l JOIN reports ra ON ra.id = l.a_report JOIN reports rb ON rb.id = l.b_report
        ORDER BY l.similarity DESC, (l.a_end - l.a_start) DESC, l.id
        {'LIMIT ' + str(int(limit)) if limit else ''}
    """)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    mutations: dict[str, list] = {}
    for link_id_, kind, a_text, b_text in con.execute(
            "SELECT link_id, kind, a_text, b_text FROM reuse_mutations ORDER BY link_id, idx").fetchall():
        mutations.setdefault(link_id_, []).append({"kind": kind, "a_text": a_text, "b_text": b_text})
    out = []
    for row in rows:
        side = {}
        for key in ("a", "b"):
            side[key] = {"report_id": row[f"{key}_report"], "source_path": row[f"{key}_path"],
                         "outlet": row[f"{key}_outlet"], "date": row[f"{key}_date"],
                         "start": row[f"{key}_start"], "end": row[f"{key}_end"], "text": row[f"{key}_text"]}
        out.append({"id": row["id"], "a": side["a"], "b": side["b"], "similarity": round(row["similarity"], 4),
                    "direction": row["direction"], "direction_evidence": row["direction_evidence"],
                    "coverage": {"a": row["a_coverage"], "b": row["b_coverage"]},
                    "mutations": mutations.get(row["id"], [])})
    return out

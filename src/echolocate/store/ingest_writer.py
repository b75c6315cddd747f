"""Bulk writes of parsed inputs: Arrow tables in, anti-joins against what is stored.

Everything for one batch lands in one transaction, and an input is marked done
in the same transaction as its reports: a run killed at any point leaves either
the whole batch or none of it, and re-running completes the rest.
"""

from __future__ import annotations

import pyarrow as pa

from echolocate.model import IngestSummary, ParsedInput

_REPORT_COLUMNS = ["id", "text", "words", "title", "outlet", "outlet_evidence", "author", "url", "published",
                   "date_evidence", "language", "fmt", "page_id", "story_index", "source_key"]


def write_batch(con, batch: list[tuple[ParsedInput, str]], summary: IngestSummary) -> None:
    reports, sources, rejections, pages, inputs = [], [], [], [], []
    for parsed, fingerprint in batch:
        input_key = parsed.source.key
        for report in parsed.reports:
            reports.append(report)
            sources.append((report.id, report.source.key, report.source.path, report.source.locator))
        for rejection in parsed.rejections:
            rejections.append((rejection.id, input_key, rejection.source.key, rejection.reason, rejection.detail,
                               rejection.hint))
            summary.rejections += 1
            summary.rejection_reasons[rejection.reason] = summary.rejection_reasons.get(rejection.reason, 0) + 1
        for page in parsed.pages:
            pages.append((page.id, page.source.key, page.title, page.story_count))
        inputs.append((input_key, fingerprint, parsed.digest, len(parsed.reports), len(parsed.rejections)))

    con.execute("BEGIN TRANSACTION")
    try:
        _write_pages(con, pages)
        new = _write_reports(con, reports)
        _write_sources(con, sources)
        _write_rejections(con, rejections, [i[0] for i in inputs])
        _write_inputs(con, inputs)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    summary.reports_new += new
    summary.reports_duplicate += len(reports) - new


def _register(con, name: str, columns: list[str], rows: list[tuple], types: dict | None = None) -> None:
    arrays = {}
    for index, column in enumerate(columns):
        values = [row[index] for row in rows]
        kind = (types or {}).get(column)
        arrays[column] = pa.array(values, type=kind) if kind is not None else pa.array(values, type=pa.string())
    con.register(name, pa.table(arrays))


def _write_reports(con, reports) -> int:
    if not reports:
        return 0
    rows = [(r.id, r.text, len(r.text.split()), r.title, r.outlet, r.outlet_evidence, r.author, r.url, r.published,
             r.date_evidence, r.language, r.fmt, r.page_id, r.story_index, r.source.key) for r in reports]
    _register(con, "batch_reports", _REPORT_COLUMNS, rows,
              {"words": pa.int32(), "published": pa.date32(), "story_index": pa.int32()})
    cols = ", ".join(_REPORT_COLUMNS)
    before = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    con.execute(f"""
        INSERT INTO reports ({cols}, first_seen)
        SELECT {cols}, now() FROM (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY source_key) AS n FROM batch_reports
        ) b
        WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = b.id)
    """)
    con.unregister("batch_reports")
    return con.execute("SELECT count(*) FROM reports").fetchall()[0][0] - before


def _write_sources(con, sources) -> None:
    if not sources:
        return
    _register(con, "batch_sources", ["report_id", "source_key", "source_path", "locator"], sources)
    con.execute("""
        INSERT INTO report_sources
        SELECT DISTINCT b.report_id, b.source_key, b.source_path, b.locator, now() FROM batch_sources b
        WHERE NOT EXISTS (SELECT 1 FROM report_sources s
                          WHERE s.report_id = b.report_id AND s.source_key = b.source_key)
    """)
    con.unregister("batch_sources")


def _write_pages(con, pages) -> None:
    if not pages:
        return
    _register(con, "batch_pages", ["id", "source_key", "title", "story_count"], pages, {"story_count": pa.int32()})
    con.execute("""
        INSERT INTO pages
        SELECT DISTINCT ON (id) id, source_key, title, story_count, now() FROM batch_pages b
        WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.id = b.id)
    """)
    con.unregister("batch_pages")


def _write_rejections(con, rejections, input_keys: list[str]) -> None:
    """Replace what we knew about these inputs' rejections: a fixed input loses its old ones."""
    if input_keys:
        _register(con, "batch_inputs", ["input_key"], [(k,) for k in input_keys])
        con.execute("DELETE FROM rejections WHERE input_key IN (SELECT input_key FROM batch_inputs)")
        con.unregister("batch_inputs")
    if not rejections:
        return
    _register(con, "batch_rejections", ["id", "input_key", "source_key", "reason", "detail", "hint"], rejections)
    con.execute("""
        INSERT INTO rejections
        SELECT DISTINCT ON (id) id, input_key, source_key, reason, detail, hint, now() FROM batch_rejections
    """)
    con.unregister("batch_rejections")


def _write_inputs(con, inputs) -> None:
    if not inputs:
        return
    _register(con, "batch_done", ["source_key", "fingerprint", "digest", "reports", "rejections"], inputs,
              {"reports": pa.int32(), "rejections": pa.int32()})
    con.execute("DELETE FROM inputs WHERE source_key IN (SELECT source_key FROM batch_done)")
    con.execute("""
        INSERT INTO inputs
        SELECT DISTINCT ON (source_key) source_key, fingerprint, digest, reports, rejections, now() FROM batch_done
    """)
    con.unregister("batch_done")

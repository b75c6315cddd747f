"""Parquet files of reports: one report per row, read with the JSON lines field mapping.

Why: corpora prepared for scale-out (a crawl exported from a data lake, news extracts of a
web archive) come as Parquet shards, one row per article with columns such as ``text``,
``title``, ``url``, ``date`` and ``source``: the same records JSON lines hold, in columns.
Each row goes through the JSON lines record reader, so the field mapping (``jsonl_fields``,
``--field``), dates, outlets from URLs and the rejections are the same; a nested column
(``source.name``) is reached with a dotted key as in JSON.

Rows are read a row group at a time and turned into Python objects a batch at a time, so a large
shard is never held as Python objects whole.
A row without text is a rejection for that row (``#row=N``); a damaged file keeps the rows
read before the damage and is listed as rejected from there on.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from echolocate.model import Rejection, Source
from echolocate.stages.ingest.records import record_reports
from echolocate.stages.ingest.text import TextResult

MAGIC = b"PAR1"  # a Parquet file begins (and ends) with these bytes
_BATCH_ROWS = 1024


def parse_parquet(source: Source, data: bytes, fields: Mapping[str, tuple[str, ...]], min_words: int) -> TextResult:
    """One report per row of a Parquet file; never raises for what the file holds."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    result = TextResult([], [], [])
    try:
        table = pq.ParquetFile(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        result.rejections.append(Rejection(source, "bad-parquet", f"not a readable Parquet file: {exc}",
                                           "check the file was written completely (a Parquet file ends with PAR1)"))
        return result
    row = 0
    try:
        for group in range(table.num_row_groups):  # one row group at a time: damage stays in its group
            rows = table.read_row_group(group)
            for lo in range(0, rows.num_rows, _BATCH_ROWS):
                for record in rows.slice(lo, _BATCH_ROWS).to_pylist():
                    row += 1
                    result.extend(record_reports(Source(source.path, f"{source.locator}#row={row}"), record,
                                                 fields, min_words, fmt="parquet"))
    except (pa.ArrowException, OSError, ValueError) as exc:
        result.rejections.append(Rejection(
            Source(source.path, f"{source.locator}#row={row + 1}"), "bad-parquet",
            f"the file is damaged after row {row}: {exc}",
            f"the first {row} rows were read; re-export the file to read the rest"))
        return result
    if row == 0:
        result.rejections.append(Rejection(source, "empty", "the Parquet file holds no rows",
                                           "nothing to read: check the export wrote its rows"))
    return result

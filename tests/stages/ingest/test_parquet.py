"""Parquet shards of reports: one report per row, the JSON lines field mapping, damaged files kept apart."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from echolocate import pipeline
from echolocate.config import Settings
from tests.stages.ingest.builders import BRIDGE, CHESS, FERRY, LIGHTHOUSE, ORCHARD, parse


def _parquet(rows: list[dict], row_group_size: int | None = None) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), sink, row_group_size=row_group_size)
    return sink.getvalue()


def _rows() -> list[dict]:
    return [
        {"text": LIGHTHOUSE, "title": "Lighthouse to be restored", "url": "https://courier.example.org/a",
         "date": datetime(2019, 6, 4, 8, 30, tzinfo=timezone.utc), "source": {"name": "Kellin Courier"}},
        {"text": ORCHARD, "title": None, "url": "https://vale.example.net/2020/09/14/harvest",
         "date": None, "source": {"name": None}},
        {"text": None, "title": "A headline without a body", "url": None, "date": None, "source": {"name": None}},
        {"text": CHESS, "title": None, "url": None, "date": datetime(2021, 1, 7, tzinfo=timezone.utc),
         "source": {"name": "Library News"}},
    ]


def test_parquet_rows_become_reports_with_their_fields():
    settings = {"jsonl_fields": {"text": ("text",), "title": ("title",), "url": ("url",),
                                 "outlet": ("source.name",), "published": ("date",)}}
    parsed = parse(_parquet(_rows()), "shard-000.parquet", **settings)

    assert [r.source.locator for r in parsed.reports] == ["#row=1", "#row=2", "#row=4"]
    first, second, third = parsed.reports
    assert {r.fmt for r in parsed.reports} == {"parquet"}
    assert first.title == "Lighthouse to be restored" and first.text.startswith("Lighthouse to be restored\n\n")
    assert (first.outlet, first.published) == ("Kellin Courier", date(2019, 6, 4))
    assert (second.outlet, second.published) == ("vale.example.net", date(2020, 9, 14))  # both from the URL
    assert (third.outlet, third.published) == ("Library News", date(2021, 1, 7))
    assert [(r.source.locator, r.reason) for r in parsed.rejections] == [("#row=3", "no-text-field")]


def test_parquet_is_recognised_by_its_bytes_whatever_the_name():
    parsed = parse(_parquet([{"text": BRIDGE}]), "export.bin")
    assert [r.text for r in parsed.reports] == [BRIDGE]


def _parquet_without_rows() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), sink)
    return sink.getvalue()


@pytest.mark.parametrize(("make", "reason"), [
    pytest.param(lambda: b"PAR1 this was cut short", "bad-parquet", id="magic-then-garbage"),
    pytest.param(lambda: b"plain words in a file named like a shard", "bad-parquet", id="not-parquet-at-all"),
    pytest.param(lambda: _parquet([{"text": BRIDGE}])[:-40], "bad-parquet", id="footer-cut"),
    pytest.param(_parquet_without_rows, "empty", id="no-rows"),
])
def test_parquet_unreadable_or_empty_is_rejected_with_a_reason(make, reason):
    parsed = parse(make(), "broken.parquet")
    assert parsed.reports == ()
    assert [r.reason for r in parsed.rejections] == [reason]
    assert parsed.rejections[0].hint


def test_parquet_damaged_row_group_keeps_the_rows_before_it():
    rows = [{"text": text} for text in (LIGHTHOUSE, ORCHARD, CHESS, BRIDGE)]
    data = bytearray(_parquet(rows, row_group_size=2))
    metadata = pq.ParquetFile(io.BytesIO(bytes(data))).metadata
    second = metadata.row_group(1).column(0)
    start = second.dictionary_page_offset or second.data_page_offset
    data[start:start + second.total_compressed_size] = b"\xff" * second.total_compressed_size
    parsed = parse(bytes(data), "damaged.parquet")
    assert [r.text for r in parsed.reports] == [LIGHTHOUSE, ORCHARD]
    assert [(r.source.locator, r.reason) for r in parsed.rejections] == [("#row=3", "bad-parquet")]
    assert "after row 2" in parsed.rejections[0].detail


def test_parquet_shard_ingested_into_the_store_once(tmp_path):
    shard = tmp_path / "part-0.parquet"
    shard.write_bytes(_parquet([{"text": text} for text in (LIGHTHOUSE, FERRY)]))
    settings = Settings(db=tmp_path / "news.duckdb", workers=1)
    pipeline.ingest([str(shard)], settings)
    pipeline.ingest([str(shard)], settings)  # the same command again: nothing doubled
    with pipeline.open_store(settings, read_only=True) as store:
        rows = store.con.execute("SELECT s.source_path, s.locator, r.fmt FROM report_sources s "
                                 "JOIN reports r ON r.id = s.report_id ORDER BY s.locator").fetchall()
    assert rows == [(str(shard), "#row=1", "parquet"), (str(shard), "#row=2", "parquet")]

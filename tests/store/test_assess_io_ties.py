"""Assess inputs are the same on every run: of two equally long names in a span, the first in the text.

The bug this guards against only showed at scale: once ``mentions`` spans several DuckDB row
groups, ``arg_max`` states from parallel threads are combined in no fixed order, so a bare length
picked either of two equal names from run to run (the engines' 10k comparison found events that
differed for this reason). The table here is large enough for several row groups.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from echolocate.store import Store
from echolocate.store.assess_io import event_inputs

REPORTS = 4_000
PAIRS = 40  # per report: 160,000 mentions, more than one row group (122,880 rows)


def _fill(con) -> None:
    """Each event's actor span "AbcdWxyz" holds two four-letter names, each at least half the span
    (as an actor's name must be); names differ per event, and the later one is inserted first so
    insertion order cannot stand in for text order."""
    reports, mentions, links, entities, events = [], [], [], [], []
    for r in range(REPORTS):
        rid = f"r{r:05d}"
        reports.append({"id": rid, "text": "x" * (PAIRS * 20), "words": PAIRS * 3, "fmt": "text",
                        "source_key": rid, "first_seen": dt.datetime(2026, 1, 1)})
        for p in range(PAIRS):
            base = p * 20
            for idx, start, name in ((2 * p + 1, base + 4, f"W{r}_{p}"), (2 * p, base, f"A{r}_{p}")):
                mentions.append({"report_id": rid, "idx": idx, "start": start, "end": start + 4,
                                 "text": name[:4], "kind": "place"})
                links.append({"report_id": rid, "idx": idx, "entity_id": f"e:{name}"})
                entities.append({"id": f"e:{name}", "name": name, "kind": "place", "mentions": 1})
            events.append({"report_id": rid, "idx": p, "start": base, "end": base + 13, "text": "t",
                           "category": "CONSULT", "mode": "happened", "trigger": "met",
                           "actor": "AbcdWxyz", "actor_start": base, "actor_end": base + 8})
    for table, rows in (("reports", reports), ("mentions", mentions), ("mention_entities", links),
                        ("entities", entities), ("event_mentions", events)):
        con.register("batch", pa.Table.from_pylist(rows))
        columns = ", ".join(f'"{c}"' for c in rows[0])
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch")
        con.unregister("batch")


def test_equal_length_names_resolve_to_the_first_in_the_text_on_every_run(tmp_path):
    with Store(tmp_path / "ties.duckdb") as store:
        _fill(store.con)
        store.con.execute("SET threads = 4")
        runs = [[(e.report_id, e.idx, e.actor) for e in event_inputs(store.con)] for _ in range(2)]
    assert runs[0] == runs[1]
    assert len(runs[0]) == REPORTS * PAIRS
    wrong = [row for row in runs[0] if row[2] != f"A{int(row[0][1:])}_{row[1]}"]
    assert wrong == []

"""How event grouping (``group_events``, in assess) scales with the size of its events.

Reads the event mentions of a store that has been read (``store.assess_io.event_inputs``) and groups
them again with 1, 2, 4 ... copies of every mention, each copy under new report and claim IDs. The
copies tell the same events, so the number of events stays the same while every event grows by the
number of copies: the case of a story told by thousands of reports, where a comparison of each new
mention with every member of its event would be quadratic.

    .venv/bin/python benchmarks/events_scale.py --db /tmp/k10/local.duckdb --copies 1 2 4

A 10k-report store comes from ``benchmarks/engine_throughput.py --n 10000 --source real --keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from dataclasses import replace
from pathlib import Path


def measure(db: Path, copies: list[int]) -> list[dict]:
    import duckdb

    from echolocate.stages.assess.events import group_events
    from echolocate.store.assess_io import event_inputs

    with duckdb.connect(str(db), read_only=True) as con:
        inputs = event_inputs(con)
    rows = []
    for n in copies:
        many = [replace(m, report_id=f"{m.report_id}~{c}",
                        claim_id=None if m.claim_id is None else f"{m.claim_id}~{c}")
                for c in range(n) for m in inputs]
        start = time.perf_counter()
        events = group_events(many)
        seconds = time.perf_counter() - start
        largest = max((len(e.members) for e in events), default=0)
        rows.append({"copies": n, "mentions": len(many), "events": len(events), "largest_event": largest,
                     "seconds": round(seconds, 1), "ms_per_mention": round(1000 * seconds / max(1, len(many)), 3),
                     "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store whose reports have been read")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"no store at {args.db}")
    measure(args.db, args.copies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

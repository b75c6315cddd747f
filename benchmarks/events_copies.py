"""Event grouping as assess runs it (the bare word joins reports only between copies, claims of one claim
group, or with a town or a day both give) against grouping the corpus as one story, on the event mentions
of an assessed store.

Prints, for each, the events, the largest (in mentions, reports and independent origins), the events told
by several reports and the seconds.

    .venv/bin/python benchmarks/events_copies.py --db /tmp/k10/local.duckdb

An assessed store comes from ``benchmarks/engine_throughput.py --n 10000 --source real --keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from types import SimpleNamespace


def copies_of_store(con) -> tuple[dict[str, set[str]], dict[str, str], int]:
    """The copy neighbours assess computes from the store's re-use links, each claim's group; the report count."""
    from echolocate.stages.assess.copies import copy_neighbours

    links = [SimpleNamespace(a_report=a, b_report=b)
             for a, b in con.execute("SELECT a_report, b_report FROM reuse_links").fetchall()]
    groups = dict(con.execute("SELECT claim_id, group_id FROM claim_group_members").fetchall())
    reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    return copy_neighbours(links), groups, reports


def summary(events, seconds: float) -> dict:
    def size(e):
        return (len(e.members), len({c["report_id"] for c in e.carriers}), e.independent_origins)

    largest = max(events, key=size, default=None)
    return {"events": len(events), "seconds": round(seconds, 1),
            "several_carriers": sum(1 for e in events if len({c["report_id"] for c in e.carriers}) > 1),
            "largest": None if largest is None else dict(zip(("mentions", "reports", "independent_origins"),
                                                            size(largest))),
            "most_independent_origins": max((e.independent_origins for e in events), default=0)}


def measure(db: Path, one_story: bool) -> dict:
    import duckdb

    from echolocate.stages.assess.events import group_events
    from echolocate.store.assess_io import event_inputs

    with duckdb.connect(str(db), read_only=True) as con:
        copies, groups, reports = copies_of_store(con)
        inputs = event_inputs(con)
    out = {"reports": reports, "mentions": len(inputs), "reports_with_copies": len(copies),
           "copy_pairs": sum(len(theirs) for theirs in copies.values()) // 2}
    runs = (("copies", copies), ("one_story", None)) if one_story else (("copies", copies),)
    for label, given in runs:
        start = time.perf_counter()
        events = group_events(inputs, copies=given, claim_groups=groups)
        out[label] = summary(events, time.perf_counter() - start)
        print(json.dumps({label: out[label]}), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an assessed store")
    parser.add_argument("--no-one-story", action="store_true",
                        help="skip the run as one story (the grouping before issue 7; slow on large stores)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"no store at {args.db}")
    print(json.dumps(measure(args.db, not args.no_one_story)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

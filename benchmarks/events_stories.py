"""Event grouping with and without stories, on the event mentions of an assessed store.

Stories (``stages/assess/stories.py``: reports joined by a common claim or a copy) keep the bare word for an
event ("killed", "the attack") inside one story. This groups a store's mentions both ways and prints, for
each, the events, the largest (in mentions, reports and independent origins), the events with several
carriers and the seconds; and the stories' sizes.

    .venv/bin/python benchmarks/events_stories.py --db /tmp/k10/local.duckdb

An assessed store comes from ``benchmarks/engine_throughput.py --n 10000 --source real --keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace


def corpus_stories_of_store(con) -> tuple[dict[str, int], int]:
    """The stories assess computes, from the store's claim groups and re-use links; and the report count."""
    from echolocate.stages.assess.stories import corpus_stories

    members: dict[str, list[str]] = {}
    items = {}
    for group, claim, report in con.execute("""
            SELECT m.group_id, m.claim_id, c.report_id FROM claim_group_members m JOIN claims c ON c.id = m.claim_id
            ORDER BY m.group_id, m.claim_id""").fetchall():
        members.setdefault(group, []).append(claim)
        items[claim] = SimpleNamespace(report_id=report)
    groups = [SimpleNamespace(members=tuple(claims)) for claims in members.values()]
    links = [SimpleNamespace(a_report=a, b_report=b)
             for a, b in con.execute("SELECT a_report, b_report FROM reuse_links").fetchall()]
    reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    return corpus_stories(groups, items, links), reports


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
        stories, reports = corpus_stories_of_store(con)
        inputs = event_inputs(con)
    sizes = Counter(stories.values())
    out = {"reports": reports, "mentions": len(inputs), "reports_in_a_story": len(stories), "story_count": len(sizes),
           "largest_stories": sorted(sizes.values(), reverse=True)[:5]}
    runs = (("stories", stories), ("one_story", None)) if one_story else (("stories", stories),)
    for label, given in runs:
        start = time.perf_counter()
        events = group_events(inputs, stories=given)
        out[label] = summary(events, time.perf_counter() - start)
        print(json.dumps({label: out[label]}), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an assessed store")
    parser.add_argument("--no-one-story", action="store_true",
                        help="skip the run as one story (the grouping before stories; slow on large stores)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"no store at {args.db}")
    print(json.dumps(measure(args.db, not args.no_one_story)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

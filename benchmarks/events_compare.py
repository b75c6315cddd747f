"""Event grouping of this checkout against an earlier commit's, on the event mentions of a store.

A change meant to make ``group_events`` faster must give the same events. This reads the mentions of a
store that has been read (``store.assess_io.event_inputs``), keeps the reports of a fraction of it (by a
hash of their ID, so the same reports every time), groups them with the events module of ``--rev``
(taken with ``git show``, loaded beside this checkout's) and with this checkout's, one after the other in
this process, and says whether the events are equal, with the seconds of each.

    .venv/bin/python benchmarks/events_compare.py --db /tmp/k100/local.duckdb --rev 08a48ca --fraction 0.2
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import astuple
from pathlib import Path

EVENTS = "src/echolocate/stages/assess/events.py"


def module_at(rev: str, folder: Path):
    """The events module as it was at ``rev``, loaded under its own name."""
    source = subprocess.run(["git", "show", f"{rev}:{EVENTS}"], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent).stdout
    path = folder / "events_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("events_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["events_at_rev"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def timed(module, inputs) -> tuple[list, float]:
    start = time.perf_counter()
    events = module.group_events(inputs)
    return events, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store that has been read")
    parser.add_argument("--rev", required=True, help="the commit to compare with (git show REV:events.py)")
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the reports to keep")
    args = parser.parse_args()

    import duckdb

    from echolocate.stages.assess import events as current
    from echolocate.store.assess_io import event_inputs

    with duckdb.connect(str(args.db), read_only=True) as con:
        inputs = event_inputs(con)
    inputs = [m for m in inputs if zlib.crc32(m.report_id.encode()) % 1000 < args.fraction * 1000]
    with tempfile.TemporaryDirectory() as tmp:
        before = module_at(args.rev, Path(tmp))
        old, old_s = timed(before, inputs)
        new, new_s = timed(current, inputs)
    equal = [astuple(e) for e in old] == [astuple(e) for e in new]  # two modules' Event classes: field by field
    print(json.dumps({"mentions": len(inputs), "events": len(new), "equal": equal, "rev": args.rev,
                      "seconds_rev": round(old_s, 1), "seconds_now": round(new_s, 1),
                      "ratio": round(old_s / new_s, 2) if new_s else None}, indent=2))


if __name__ == "__main__":
    main()

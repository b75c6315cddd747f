"""Claim grouping of an assessed store's claims, as assess runs it, timed; with ``--check``, compared with the
groups the store holds (group IDs, which hash the members, and representatives).

    .venv/bin/python benchmarks/group_store.py --db /tmp/k10/local.duckdb --check
    .venv/bin/python benchmarks/group_store.py --db /tmp/k10/local.duckdb --where here   # one process

``--where pool`` (default) is the local engine's grouping (``engines/local_group.py``: embedding, neighbour
bands, pair scoring and representatives on the process pool); ``--where here`` is ``group_claims`` in this
process. Prints one JSON object: claims, groups, wall and CPU seconds (this process, and its workers),
the peak resident memory of this process, and the comparison.

An assessed store comes from ``benchmarks/engine_throughput.py --n 10000 --source real --keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def measure(db: Path, where: str, workers: int, check: bool) -> dict:
    import duckdb

    from echolocate.engines.local_group import group_on_pool
    from echolocate.stages.link.claim_groups import GroupParams, group_claims
    from echolocate.store.assess_io import claim_items

    with duckdb.connect(str(db), read_only=True) as con:
        started = time.perf_counter()
        items = claim_items(con)
        read_seconds = time.perf_counter() - started
        stored = dict(con.execute("SELECT id, representative FROM claim_groups").fetchall()) if check else {}
    wall, cpu, children = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    if where == "pool":
        groups = group_on_pool(items, GroupParams(), workers)
    else:
        groups = group_claims(items, GroupParams())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"claims": len(items), "groups": len(groups), "where": where, "read_claims_s": round(read_seconds, 1),
           "wall_s": round(time.perf_counter() - wall, 1), "cpu_s_here": round(time.process_time() - cpu, 1),
           "cpu_s_workers": round(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime, 1),
           "peak_mb_here": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    if check:
        mine = {group.id: group.representative for group in groups}
        out["stored_groups"] = len(stored)
        out["same_group_ids"] = len(stored.keys() & mine.keys())
        out["same_representatives"] = sum(1 for gid, rep in mine.items() if stored.get(gid) == rep)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an assessed store (opened read-only)")
    parser.add_argument("--where", choices=("pool", "here"), default="pool")
    parser.add_argument("--workers", type=int, default=0, help="pool processes (0: one a core)")
    parser.add_argument("--check", action="store_true", help="compare with the store's claim groups")
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.where, args.workers, args.check), indent=2))


if __name__ == "__main__":
    main()

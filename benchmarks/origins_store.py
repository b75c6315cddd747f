"""The origins step of assess on an assessed store's claims, timed: each carrier's origin through the
re-use links (``resolve_origins``), then the unattributed relays (``infer_relays``); with ``--check``,
compared with the origins the store's claim groups hold.

    .venv/bin/python benchmarks/origins_store.py --db /tmp/k61/final2.duckdb --check

The claims, the stored claim groups' members and the re-use links are read first (not timed with the
step). Prints one JSON object: carriers, links, wall and CPU seconds of each part, the peak resident
memory, and with ``--check`` how many carriers have the origin (name, kind, key) and explanation the
store holds. The store must have been assessed without a reliability table (as ``stage_rerun.py`` does).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def measure(db: Path, check: bool) -> dict:
    import duckdb

    from echolocate.stages.assess import resolve_origins
    from echolocate.stages.assess.relays import infer_relays
    from echolocate.stages.link.claim_types import ClaimGroup
    from echolocate.store.assess_io import claim_items, reuse_links

    with duckdb.connect(str(db), read_only=True) as con:
        items = claim_items(con)
        members = con.execute("SELECT group_id, list(claim_id ORDER BY claim_id) FROM claim_group_members "
                              "GROUP BY group_id").fetchall()
        groups = [ClaimGroup(gid, claims[0], "", tuple(claims)) for gid, claims in members]
        links = reuse_links(con)
        stored = _stored_origins(con) if check else {}
    by_id = {item.claim_id: item for item in items}
    out: dict = {"carriers": len(items), "groups": len(groups), "links": len(links)}
    wall, cpu = time.perf_counter(), time.process_time()
    origins = resolve_origins(items, links, None)
    out["resolve_origins_wall_s"] = round(time.perf_counter() - wall, 1)
    out["resolve_origins_cpu_s"] = round(time.process_time() - cpu, 1)
    wall, cpu = time.perf_counter(), time.process_time()
    relayed = infer_relays(groups, by_id, origins)
    out["infer_relays_wall_s"] = round(time.perf_counter() - wall, 1)
    out["infer_relays_cpu_s"] = round(time.process_time() - cpu, 1)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if check:
        mine = {cid: (c.origin.name, c.origin.kind, c.origin.key, c.how) for cid, c in relayed.items()}
        out["stored_carriers"] = len(stored)
        out["same_origins"] = sum(1 for cid, origin in stored.items() if mine.get(cid) == origin)
    return out


def _stored_origins(con) -> dict[str, tuple]:
    """claim_id -> (origin name, kind, key, explanation) as the store's claim groups hold them."""
    out = {}
    for (carriers,) in con.execute("SELECT carriers_json FROM claim_groups").fetchall():
        for carrier in json.loads(carriers):
            origin = carrier["origin"]
            out[carrier["claim_id"]] = (origin["name"], origin["kind"], origin["key"], carrier["how"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="an assessed store (opened read-only)")
    parser.add_argument("--check", action="store_true", help="compare with the origins the store holds")
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.check), indent=2))


if __name__ == "__main__":
    main()

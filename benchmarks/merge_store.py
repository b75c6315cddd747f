"""How far the greedy merge of claim grouping could be split, on a kept store's real claims.

The merge is the serial part of claim grouping: each decision depends on earlier ones. But only on the
earlier edges between claims connected to the same two groups, so the connected components of the edge
graph could merge apart, exactly, and the merge could run on as many cores as there are components of
similar size. Whether that pays depends on the shape of the graph: one giant component would leave most
of the merge serial. This measures the shape and the bound: the merge of every edge, and the merge of
the largest component's edges alone (what a split merge would still wait for), in this process.

    .venv/bin/python benchmarks/merge_store.py --db /tmp/k100r/resolved.duckdb
    .venv/bin/python benchmarks/merge_store.py --db /tmp/k100r/resolved.duckdb \\
        --source-regex 'reports-000(0[0-9]|1[0-4])[.]jsonl$'   # only the real reports of that corpus

Steps before the merge run as the local engine runs them (embedding, neighbour bands and scoring on the
process pool) and are timed together. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Each edge's connected component in the graph of ``n`` claims."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(i), np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1][i]


def measure(db: Path, workers: int, source_regex: str | None = None) -> dict:
    import duckdb

    from echolocate.engines import local_group
    from echolocate.stages.link import claim_groups
    from echolocate.stages.link.claim_groups import GroupParams
    from echolocate.stages.link.group_features import Features
    from echolocate.store.assess_io import claim_items

    params = GroupParams()
    out: dict = {}
    clock = time.perf_counter()
    with duckdb.connect(str(db), read_only=True) as con:
        items = claim_items(con)
        if source_regex:  # only the claims of reports from matching inputs (say, the real shards of a corpus)
            keep = {row[0] for row in con.execute("SELECT report_id FROM report_sources WHERE "
                                                  "regexp_matches(source_path, ?)", [source_regex]).fetchall()}
            items = [it for it in items if it.report_id in keep]
    its, _ = claim_groups.sort_items(items)
    del items
    out.update(reports=len({it.report_id for it in its}), claims=len(its))
    static, dtype = claim_groups.embedding_choice(len(its), params)
    texts = [it.text for it in its]
    vecs = local_group._embed_on_pool(texts, dtype, workers) if static else claim_groups._embed(texts, static, dtype)
    with tempfile.TemporaryDirectory(prefix="echolocate-merge-") as tmp:
        feats = Features(its, vecs)
        w, threshold, linkage = claim_groups.bars(its, feats, static, params)
        edges = local_group._Pool(Path(tmp), workers).edges(feats, w, threshold, params)
        out["before_merge_s"] = round(time.perf_counter() - clock, 1)

        label = components(len(its), edges[0], edges[1])
        sizes = np.bincount(label)
        largest = np.flatnonzero(label == sizes.argmax())  # its edges' positions, in the global order
        claims_in_largest = np.unique(np.concatenate([edges[0][largest], edges[1][largest]]))
        out.update(edges=len(label), components=int((sizes > 0).sum()), largest_edges=int(sizes.max()),
                   largest_edge_share=round(float(sizes.max()) / len(label), 4),
                   largest_claims=len(claims_in_largest),
                   largest_claim_share=round(len(claims_in_largest) / len(its), 4),
                   next_largest_edges=sorted(sizes.tolist(), reverse=True)[1:10])

        claim_groups._merge(its, feats, w, tuple(side[:1000] for side in edges), linkage, params)  # compiles
        clock = time.perf_counter()
        whole = claim_groups._merge(its, feats, w, edges, linkage, params)
        merge_s = time.perf_counter() - clock
        clock = time.perf_counter()
        alone = claim_groups._merge(its, feats, w, tuple(side[largest] for side in edges), linkage, params)
        largest_s = time.perf_counter() - clock
        out.update(merge_s=round(merge_s, 2), merge_largest_component_s=round(largest_s, 2),
                   speed_up_bound=round(merge_s / largest_s, 2))
        inside = set(claims_in_largest.tolist())
        out["largest_component_merges_alike"] = (
            sorted(m for m in whole if m[0] in inside) == sorted(m for m in alone if m[0] in inside))
        out["clusters_of_two_or_more"] = sum(len(members) > 1 for members in whole)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store whose reports are read")
    parser.add_argument("--workers", type=int, default=2, help="processes for the steps before the merge")
    parser.add_argument("--source-regex", help="only the claims of reports whose input path matches")
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.workers, args.source_regex), indent=2))


if __name__ == "__main__":
    main()

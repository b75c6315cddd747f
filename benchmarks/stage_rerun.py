"""Run the corpus stages (link, assess) again on a copy of a kept store, and say what changed.

`engine_throughput.py --keep DIR` keeps the stores of a run; reading them took most of its time. To
measure a change to link or assess at that size, copy a store and rerun only those stages on it, with
the same figures as the throughput benchmark (wall and CPU seconds, peak summed RSS of the process tree)
plus assess's own step times, then compare every table of the answers with the original store
(``compare_stores.py``).

    .venv/bin/python benchmarks/stage_rerun.py --db /tmp/k30/local.duckdb --stages link assess
    .venv/bin/python benchmarks/stage_rerun.py --db /tmp/k100/local.duckdb --stages assess --out /tmp/k100/assessed.duckdb
    .venv/bin/python benchmarks/stage_rerun.py --db /tmp/k61/assessed.duckdb --stages resolve assess
    .venv/bin/python benchmarks/stage_rerun.py --db /tmp/k100r/linked.duckdb --engine ray --stages read assess \
        --no-compare --out /tmp/k100r/e2e.duckdb   # finish a stopped read, then assess

``read`` is not forced: it reads only the reports the kept store has not read (a stopped run's, and
first any readings its parts left unstored, if ``<out>.parts`` holds them), then resolves entities.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_stores import differing_rows  # noqa: E402
from link_ray import ProcessTree  # noqa: E402

from echolocate import pipeline  # noqa: E402
from echolocate.config import Settings  # noqa: E402

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a kept store (left as it is: a copy is rerun)")
    parser.add_argument("--stages", nargs="+", choices=("read", "resolve", "link", "assess"),
                        default=["link", "assess"],
                        help="read: the read stage, resumed (never forced); resolve: the read's last step, "
                             "entity resolution across reports (a store whose read was stopped has none)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--workers", type=int, default=0, help="processes or Ray actors (0: every core)")
    parser.add_argument("--out", type=Path, help="keep the rerun store here (default: a temporary copy)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the comparison with the original store (minutes at 100k reports; "
                             "compare kept stores later with compare_stores.py)")
    parser.add_argument("--db-memory", default="", help="DuckDB's memory cap for the rerun, e.g. 1GB "
                        "(default: the store's own default, a quarter of the machine's memory)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="echolocate-rerun-") as tmp:
        copy = args.out or Path(tmp) / "store.duckdb"
        if copy.exists():
            raise SystemExit(f"{copy} exists: give a new path to --out")
        shutil.copyfile(args.db, copy)
        settings = replace(Settings(db=copy, workers=args.workers, db_memory=args.db_memory), engine=args.engine)
        if args.engine == "ray":
            from echolocate.engines.ray_engine import _options, session

            session(_options(settings)).__enter__()  # stays up for the process, as in `echolocate analyze`
        out: dict = {"db": str(args.db), "engine": args.engine, "stages": {}}
        for stage in args.stages:
            start = time.perf_counter()
            with ProcessTree() as tree:
                counts = _run(stage, settings)
            figures = {"seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(tree.cpu_seconds, 1),
                       "peak_tree_rss_mb": round(tree.peak / 2**20), "counts": counts}
            out["stages"][stage] = figures
            print(json.dumps({stage: figures}), file=sys.stderr, flush=True)
        if not args.no_compare:
            out["differences"] = differing_rows(copy, args.db)  # only_first: rows only in the rerun
    print(json.dumps(out, indent=2))


def _run(stage: str, settings: Settings) -> dict:
    if stage == "resolve":
        return _resolve(settings)
    if stage == "read":  # resumes: never forced, which would forget every reading
        return pipeline.read(settings).as_dict()
    return getattr(pipeline, stage)(settings, force=True)


def _resolve(settings: Settings) -> dict:
    with pipeline.open_store(settings) as store:
        return {"entities": pipeline._resolve_entities(store, settings)}


if __name__ == "__main__":
    main()

"""Local engine against the Ray engine on the same real reports: seconds per stage and end to end.

Writes N real article bodies (FNC-1, read at run time from ``../shared/datasets``) as text
files, as users feed them, then runs ingest, read, link and assess into a fresh store with
each engine. Ray's start-up is timed on its own, so the stage figures compare the work,
and ``end_to_end`` includes it. ``--check`` also compares what the two stores hold (reports,
readings, claim groups with origins and grades, re-use, events): the issue's "same answers"
on as many reports as you ask for.

    .venv/bin/python benchmarks/engine_throughput.py --n 200              # one machine, local Ray
    .venv/bin/python benchmarks/engine_throughput.py --n 10000 --check    # same answers at 10k
    .venv/bin/python benchmarks/engine_throughput.py --n 100000 --engines ray --address auto  # on a cluster

Run it on an otherwise idle machine: other processes on the same cores skew both engines.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_throughput import load_texts  # noqa: E402  (the same real texts as the read benchmark)

from echolocate import pipeline  # noqa: E402
from echolocate.config import Settings  # noqa: E402


def write_corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")
    return folder


def run_engine(corpus: Path, settings: Settings) -> dict:
    """Seconds for each stage; Ray (when asked for) is started first and timed apart."""
    times: dict[str, float] = {}
    clock = time.perf_counter()
    if settings.engine == "ray":
        from echolocate.engines.ray_engine import _options, session

        start = time.perf_counter()
        session(_options(settings)).__enter__()  # stays up for the process, as in `echolocate analyze`
        times["ray_start"] = time.perf_counter() - start
    for name, call in (("ingest", lambda: pipeline.ingest([str(corpus)], settings)),
                       ("read", lambda: pipeline.read(settings)),
                       ("link", lambda: pipeline.link(settings)),
                       ("assess", lambda: pipeline.assess(settings))):
        start = time.perf_counter()
        call()
        times[name] = time.perf_counter() - start
    times["end_to_end"] = time.perf_counter() - clock
    return {key: round(value, 2) for key, value in times.items()}


def answers(settings: Settings) -> dict:
    from echolocate.store import Store

    with Store(settings.db, read_only=True) as store:
        reports = store.reports()
        return {"reports": reports, "claims": store.claim_groups(None), "reuse": store.reuse(),
                "events": store.events(), "readings": [store.report_reading(r["id"]) for r in reports]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="real reports (FNC-1 bodies of 150+ words)")
    parser.add_argument("--engines", default="local,ray", help="comma-separated: local, ray")
    parser.add_argument("--workers", type=int, default=0, help="processes or Ray actors (0: every core)")
    parser.add_argument("--address", default="", help="Ray cluster address (empty: a local Ray)")
    parser.add_argument("--check", action="store_true", help="also compare the stores the engines wrote")
    args = parser.parse_args()

    texts = load_texts(args.n)
    results: dict = {"reports": len(texts), "words": sum(len(t.split()) for t in texts), "engines": {}}
    stores = {}
    with tempfile.TemporaryDirectory(prefix="echolocate-engines-") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", texts)
        for engine in args.engines.split(","):
            settings = Settings(db=Path(tmp) / f"{engine}.duckdb", workers=args.workers)
            settings = replace(settings, engine=engine, ray_address=args.address)
            times = run_engine(corpus, settings)
            times["reports_per_second"] = {stage: round(len(texts) / times[stage], 1) if times[stage] else None
                                           for stage in ("ingest", "read", "end_to_end")}
            results["engines"][engine] = times
            stores[engine] = settings
            print(json.dumps({engine: times}), file=sys.stderr)
        if args.check and len(stores) == 2:
            first, second = (answers(settings) for settings in stores.values())
            results["same_answers"] = {key: first[key] == second[key] for key in first}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

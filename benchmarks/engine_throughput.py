"""Local engine against the Ray engine on the same real reports: seconds per stage and end to end.

Writes N real article bodies (FNC-1, read at run time from ``../shared/datasets``) as text
files, as users feed them, then runs ingest, read, link and assess into a fresh store with
each engine. Ray's start-up is timed on its own, so the stage figures compare the work,
and ``end_to_end`` includes it. ``--check`` also compares what the two stores hold, every table of
the answers row for row (reports, readings, claim groups with origins and grades, re-use, events, web
summaries; ``compare_stores.py``): the issue's "same answers" on as many reports as you ask for.

    .venv/bin/python benchmarks/engine_throughput.py --n 200              # one machine, local Ray
    .venv/bin/python benchmarks/engine_throughput.py --n 10000 --source real --check  # same answers at 10k
    .venv/bin/python benchmarks/engine_throughput.py --n 30000 --source real+copies --check  # past the datasets
    .venv/bin/python benchmarks/engine_throughput.py --n 100000 --source real+generated --engines local  # 100k
    .venv/bin/python benchmarks/engine_throughput.py --n 100000 --source real+generated --engines local \
        --until link --keep /tmp/k100   # then: stage_rerun.py --db /tmp/k100/local.duckdb --stages assess
    .venv/bin/python benchmarks/engine_throughput.py --n 100000 --engines ray --address auto  # on a cluster

Run it on an otherwise idle machine: other processes on the same cores skew both engines.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_throughput import load_texts  # noqa: E402  (the same real texts as the read benchmark)
from compare_stores import differing_rows  # noqa: E402
from link_ray import ProcessTree  # noqa: E402
from real_reports import real_reports, with_copies, with_generated, write_shards  # noqa: E402

from echolocate import pipeline  # noqa: E402
from echolocate.config import Settings  # noqa: E402


def write_corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")
    return folder


STAGES = ("ingest", "read", "link", "assess")


def run_engine(corpus: Path, settings: Settings, until: str = "assess") -> dict:
    """Seconds, CPU seconds and peak memory for each stage; Ray (when asked for) is started first and
    timed apart. CPU and memory cover this process and every process under it (pool workers, a local
    Ray cluster): summed RSS, so pages the workers share are counted once per worker. Each stage's figures go
    to stderr as it ends, so a run that fails later keeps them."""
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peak: dict[str, int] = {}
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
        with ProcessTree() as tree:
            call()
        times[name] = time.perf_counter() - start
        cpu[name], peak[name] = round(tree.cpu_seconds, 1), round(tree.peak / 2**20)
        print(json.dumps({settings.engine: {name: {"seconds": round(times[name], 2), "cpu_seconds": cpu[name],
                                                   "peak_tree_rss_mb": peak[name]}}}), file=sys.stderr, flush=True)
        if name == until:
            break
    times["end_to_end"] = time.perf_counter() - clock
    out: dict = {key: round(value, 2) for key, value in times.items()}
    out["cpu_seconds"], out["peak_tree_rss_mb"] = cpu, peak
    return out


def write_input(folder: Path, n: int, source: str) -> tuple[Path, int]:
    """The corpus as users feed it: ``fnc1`` text files, or ``real`` JSON-lines shards of every dataset."""
    if source in ("real", "real+copies", "real+generated"):
        reports = {"real": real_reports, "real+copies": with_copies, "real+generated": with_generated}[source](n)
        write_shards(reports, folder)
        return folder, sum(len(r.text.split()) for r in reports)
    texts = load_texts(n)
    return write_corpus(folder, texts), sum(len(t.split()) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="real reports")
    parser.add_argument("--source", choices=("fnc1", "real", "real+copies", "real+generated"), default="fnc1",
                        help="fnc1: FNC-1 bodies of 150+ words as text files; real: every dataset's "
                             "reports as JSON-lines shards (benchmarks/real_reports.py), up to ~15,800; "
                             "real+copies: those, then edited and partial copies of them, any size; "
                             "real+generated: those, generated originals, 40 %% copies (real_reports.py)")
    parser.add_argument("--engines", default="local,ray", help="comma-separated: local, ray")
    parser.add_argument("--workers", type=int, default=0, help="processes or Ray actors (0: every core)")
    parser.add_argument("--address", default="", help="Ray cluster address (empty: a local Ray)")
    parser.add_argument("--check", action="store_true",
                        help="also compare the stores the engines wrote, table by table (compare_stores.py)")
    parser.add_argument("--keep", type=Path, help="write the corpus and both stores into this new folder and "
                                                  "keep them (to look into a difference); default: a temporary one")
    parser.add_argument("--until", choices=STAGES, default="assess",
                        help="stop after this stage (with --keep, rerun the rest later with stage_rerun.py)")
    args = parser.parse_args()

    stores = {}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
    with (contextlib.nullcontext(str(args.keep)) if args.keep
          else tempfile.TemporaryDirectory(prefix="echolocate-engines-")) as tmp:
        corpus, words = write_input(Path(tmp) / "corpus", args.n, args.source)
        results: dict = {"reports": args.n, "source": args.source, "words": words, "engines": {}}
        for engine in args.engines.split(","):
            settings = Settings(db=Path(tmp) / f"{engine}.duckdb", workers=args.workers)
            settings = replace(settings, engine=engine, ray_address=args.address)
            times = run_engine(corpus, settings, args.until)
            times["reports_per_second"] = {stage: round(args.n / times[stage], 1) if times.get(stage) else None
                                           for stage in ("ingest", "read", "end_to_end")}
            results["engines"][engine] = times
            stores[engine] = settings
            print(json.dumps({engine: times}), file=sys.stderr)
        if args.check and len(stores) == 2:  # every table of the answers, row for row, inside DuckDB
            first, second = (settings.db for settings in stores.values())
            tables = differing_rows(first, second)
            results["same_answers"] = {"equal": all(not t["only_first"] and not t["only_second"]
                                                    for t in tables.values()), "tables": tables}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

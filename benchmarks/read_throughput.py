"""Read-stage throughput against bare ``nlp.pipe`` with the same model on the same cores.

The read stage parses each report once with spaCy and then runs the readers
(entities, places, times, quotes, claims with attribution) on the parse. The
issue's target: at least 0.7 of bare ``nlp.pipe`` throughput. This measures, on
real article texts read at run time from ``../shared/datasets`` (FNC-1 bodies):

- ``nlp.pipe`` alone, one process, and two processes (one pipeline each);
- ``read_batch`` (parse + every reader), one process, in-process;
- ``pipeline.read`` end to end into a DuckDB store with 1 and 2 workers.

    .venv/bin/python benchmarks/read_throughput.py --n 200 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load_texts(n: int, seed: int = 0) -> list[str]:
    path = _DATASETS / "fnc1" / "train_bodies.csv"
    if not path.exists():
        sys.exit(f"needs {path}: clone the repository beside ../shared")
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle) if len(row["articleBody"].split()) >= 150]
    random.Random(seed).shuffle(bodies)
    return bodies[:n]


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _bare_pipe(texts: list[str]) -> int:
    from echolocate.stages.read.nlp import load_pipeline

    nlp = load_pipeline(parser=True)
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=8))


def _read(texts: list[str]) -> int:
    from echolocate.stages.read.stage import ReadInput, read_batch

    items = [ReadInput(f"r{i}", text, None) for i, text in enumerate(texts)]
    total = 0
    for start in range(0, len(items), 8):
        total += sum(len(r.claims) for r in read_batch(items[start:start + 8]))
    return total


def _warm(_: int) -> bool:
    from echolocate.stages.read.stage import setup

    setup()
    return True


def _in_pool(func, texts: list[str], workers: int) -> float:
    """Seconds for ``func`` over the texts split in chunks across warmed worker processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(_warm, range(workers)))
        chunks = [texts[i:i + 8] for i in range(0, len(texts), 8)]
        start = time.perf_counter()
        list(pool.map(func, chunks))
        return time.perf_counter() - start


def _timed(func, texts) -> float:
    start = time.perf_counter()
    func(texts)
    return time.perf_counter() - start


def _pipeline(texts: list[str], workers: int) -> float:
    from echolocate import pipeline
    from echolocate.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        settings = Settings(db=Path(tmp) / "s.duckdb", workers=workers)
        pipeline.ingest([str(folder)], settings)
        start = time.perf_counter()
        pipeline.read(settings)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    texts = load_texts(args.n)
    words = _words(texts)
    _warm(0)
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        runs.setdefault("nlp.pipe, 1 process", []).append(_timed(_bare_pipe, texts))
        runs.setdefault("read_batch, 1 process", []).append(_timed(_read, texts))
        runs.setdefault("nlp.pipe, 2 processes", []).append(_in_pool(_bare_pipe, texts, 2))
        runs.setdefault("read_batch, 2 processes", []).append(_in_pool(_read, texts, 2))
        runs.setdefault("pipeline.read, 1 worker (store)", []).append(_pipeline(texts, 1))
        runs.setdefault("pipeline.read, 2 workers (store, incl. worker start)", []).append(_pipeline(texts, 2))
    rows = []
    for name, seconds in runs.items():
        median = statistics.median(seconds)
        rows.append({"run": name, "median_s": round(median, 2), "runs": [round(s, 2) for s in seconds],
                     "words_per_s": round(words / median)})
    rate = {row["run"]: row["words_per_s"] for row in rows}
    ratios = {"read/pipe, 1 process": round(rate["read_batch, 1 process"] / rate["nlp.pipe, 1 process"], 3),
              "read/pipe, 2 processes": round(rate["read_batch, 2 processes"] / rate["nlp.pipe, 2 processes"], 3)}
    if args.json:
        print(json.dumps({"articles": len(texts), "words": words, "rows": rows, "ratios": ratios}, indent=2))
        return
    print(f"{len(texts)} articles, {words:,} words, median of {args.repeat}; load average {os.getloadavg()[0]:.2f}")
    print("| run | median s | runs | words/s |\n|---|---:|---|---:|")
    for row in rows:
        print(f"| {row['run']} | {row['median_s']} | {', '.join(map(str, row['runs']))} | {row['words_per_s']:,} |")
    for name, value in ratios.items():
        print(f"{name}: {value:.2f} of bare nlp.pipe")


if __name__ == "__main__":
    main()

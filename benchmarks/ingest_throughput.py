"""Ingest throughput on real report texts, as plain text and inside real-size HTML pages.

Builds a temporary corpus (never inside the repository) of N plain-text files and
N HTML pages of 30-80 KB, each holding one real article read at run time from
``../shared/datasets`` (FNC-1 bodies and PolNeAR articles; see ``news_page.py``),
then times, each ``--repeat`` times with the runs interleaved:

- ``ingest()`` end to end into a fresh DuckDB file, 1 and 2 workers, text and HTML;
- ``parse_input`` in a loop in this process (no store, no pool), text and HTML;
- ``trafilatura.bare_extraction`` alone on the same HTML pages, for reference.

Prints a markdown table of medians; ``--out results.json`` keeps every run;
``--profile`` instead profiles the HTML ``parse_input`` loop (pyinstrument if
installed, else cProfile) and prints where the time goes.

    .venv/bin/python benchmarks/ingest_throughput.py --n 500 --repeat 3 --out /tmp/ingest.json
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_page import Article, load_articles, news_page, plain_text, sample  # noqa: E402

_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
_RELATED = 16
# The reading stage (spaCy en_core_web_sm), measured elsewhere, in words per second per process.
_READING_WORDS_PER_S = {"with parser": 3000, "without parser": 5800}
_TARGET_HTML_PAGES_PER_S = 50
_TARGET_TIMES_READING = 5
# trafilatura with the parameters echolocate's HTML parser uses
_TRAFILATURA_ARGS = dict(with_metadata=True, include_comments=False, include_tables=True,
                         date_extraction_params={"extensive_search": False, "original_date": True})


@dataclass
class Corpus:
    root: Path
    text_dir: Path
    html_dir: Path
    articles: list[Article]
    html_bytes: list[int]


@dataclass
class Measurement:
    name: str
    kind: str  # "text" or "html"
    workers: int | None  # None: a bare loop in this process
    run: Callable[[], tuple[float, float, int, int, int]]  # -> (seconds, CPU seconds, inputs, reports, words)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    inputs: int = 0
    reports: int = 0
    report_words: int = 0
    load: list[float] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def as_dict(self) -> dict:
        median = self.median()
        return {"name": self.name, "kind": self.kind, "workers": self.workers, "inputs": self.inputs,
                "reports": self.reports, "mean_words_per_report": self.mean_words(), "seconds": self.seconds,
                "median_seconds": median, "reports_per_s": self.reports / median,
                "inputs_per_s": self.inputs / median, "cpu_seconds": self.cpu_seconds,
                "median_cpu_ms_per_input": 1000 * statistics.median(self.cpu_seconds) / self.inputs,
                "load_average_1min_before_runs": self.load}

    def mean_words(self) -> float:
        return self.report_words / self.reports if self.reports else 0.0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    articles = sample(load_articles(args.datasets), args.n, args.seed)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="echolocate-bench-") as tmp:
        corpus = _build_corpus(articles, Path(tmp), args.seed)
        if args.profile:
            _warm_up(corpus)
            print(_profile(_parse_run(corpus.html_dir)))
            return 0
        measurements = _measurements(corpus)
        _warm_up(corpus)
        start_ups = []
        for round_ in range(args.repeat):
            start_ups.append(_pool_start_up())
            for measurement in measurements:
                _time(measurement, round_)
                print(f"  run {round_ + 1}/{args.repeat} {measurement.name}: {measurement.seconds[-1]:.2f} s",
                      file=sys.stderr)
    results = _results(args, corpus, measurements, start_ups, load_start, os.getloadavg())
    print(_table(results))
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="articles: N text files and N HTML pages (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported")
    parser.add_argument("--out", type=Path, help="write every run and the medians to this JSON file")
    parser.add_argument("--seed", type=int, default=0, help="which articles are sampled and how pages look")
    parser.add_argument("--profile", action="store_true", help="profile parse_input on the HTML pages instead")
    parser.add_argument("--datasets", type=Path, default=_DATASETS, help="the shared datasets folder")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    if not (args.datasets / "fnc1").is_dir() or not (args.datasets / "polnear").is_dir():
        parser.error(f"no fnc1/ and polnear/ in {args.datasets}: pass --datasets PATH/TO/shared/datasets")
    return args


def _build_corpus(articles: list[Article], root: Path, seed: int) -> Corpus:
    text_dir, html_dir = root / "text", root / "html"
    text_dir.mkdir()
    html_dir.mkdir()
    sizes = []
    for index, article in enumerate(articles):
        related = [articles[(index + k) % len(articles)] for k in range(1, _RELATED + 1)]
        (text_dir / f"{index:05d}.txt").write_text(plain_text(article), encoding="utf-8")
        page = news_page(article, index, related, seed).encode("utf-8")
        (html_dir / f"{index:05d}.html").write_bytes(page)
        sizes.append(len(page))
    return Corpus(root, text_dir, html_dir, articles, sizes)


def _measurements(corpus: Corpus) -> list[Measurement]:
    out = []
    for kind, folder in (("text", corpus.text_dir), ("html", corpus.html_dir)):
        for workers in (1, 2):
            out.append(Measurement(f"ingest {kind}, {workers} worker{'s' if workers > 1 else ''}", kind, workers,
                                   _ingest_run(folder, corpus.root, workers)))
        out.append(Measurement(f"parse_input {kind}, 1 process, no store", kind, None, _parse_run(folder)))
    out.append(Measurement("trafilatura.bare_extraction html, 1 process", "html", None,
                           _trafilatura_run(corpus.html_dir)))
    return out


def _ingest_run(folder: Path, root: Path, workers: int) -> Callable[[], tuple[float, float, int, int, int]]:
    def run() -> tuple[float, float, int, int, int]:
        from echolocate import Settings, ingest, open_store

        db = root / f"bench-{os.getpid()}-{time.monotonic_ns()}.duckdb"
        try:
            settings = Settings(db=db, workers=workers)
            started = _clock()
            summary = ingest([str(folder)], settings)
            seconds, cpu = _since(started)
            with open_store(settings, read_only=True) as store:
                words = sum(row["words"] for row in store.reports())
            return seconds, cpu, summary.inputs_seen, summary.reports_new, words
        finally:
            for path in root.glob(db.name + "*"):
                path.unlink()

    return run


def _parse_run(folder: Path) -> Callable[[], tuple[float, float, int, int, int]]:
    def run() -> tuple[float, float, int, int, int]:
        from echolocate import Settings
        from echolocate.stages.ingest import discover, parse_input

        settings = Settings()
        started = _clock()
        parsed = [parse_input(task, settings) for task in discover([str(folder)], settings.max_bytes)]
        seconds, cpu = _since(started)
        reports = [report for one in parsed for report in one.reports]
        return seconds, cpu, len(parsed), len(reports), sum(len(report.text.split()) for report in reports)

    return run


def _trafilatura_run(folder: Path) -> Callable[[], tuple[float, float, int, int, int]]:
    def run() -> tuple[float, float, int, int, int]:
        import trafilatura

        started = _clock()
        docs = [trafilatura.bare_extraction(path.read_text(encoding="utf-8"), **_TRAFILATURA_ARGS)
                for path in sorted(folder.iterdir())]
        seconds, cpu = _since(started)
        texts = [doc.text for doc in docs if doc is not None and (doc.text or "").strip()]
        return seconds, cpu, len(docs), len(texts), sum(len(text.split()) for text in texts)

    return run


def _pool_start_up(workers: int = 2) -> float:
    """Seconds to spawn ``workers`` processes the way the local engine does and import the parser in each."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_import_parser, range(workers)))
    return time.perf_counter() - started


def _import_parser(_: int) -> None:
    import trafilatura  # noqa: F401

    import echolocate.pipeline  # noqa: F401
    from echolocate.stages.ingest import parse_input  # noqa: F401


def _profile(run: Callable[[], tuple]) -> str:
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        return out.getvalue()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    run()
    profiler.stop()
    return profiler.output_text(unicode=False, color=False)


def _warm_up(corpus: Corpus) -> None:
    """Import everything in this process first, so no measurement pays for the first import."""
    import trafilatura

    from echolocate import Settings
    from echolocate.stages.ingest import discover, parse_input

    for folder in (corpus.text_dir, corpus.html_dir):
        task = next(discover([str(next(folder.iterdir()))], Settings().max_bytes))
        parse_input(task, Settings())
    trafilatura.bare_extraction(next(corpus.html_dir.iterdir()).read_text(encoding="utf-8"), **_TRAFILATURA_ARGS)


def _time(measurement: Measurement, round_: int) -> None:
    gc.collect()
    measurement.load.append(round(os.getloadavg()[0], 2))
    seconds, cpu, inputs, reports, words = measurement.run()
    measurement.seconds.append(seconds)
    measurement.cpu_seconds.append(cpu)
    if round_ == 0:
        measurement.inputs, measurement.reports, measurement.report_words = inputs, reports, words
    elif (inputs, reports) != (measurement.inputs, measurement.reports):
        raise RuntimeError(f"{measurement.name}: run {round_ + 1} gave {inputs} inputs / {reports} reports, "
                           f"run 1 gave {measurement.inputs} / {measurement.reports}")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), _cpu_seconds()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    """Wall-clock and CPU seconds since ``start``."""
    return time.perf_counter() - start[0], _cpu_seconds() - start[1]


def _cpu_seconds() -> float:
    """User and system CPU of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _results(args, corpus: Corpus, measurements: list[Measurement], start_ups: list[float], load_start,
             load_end) -> dict:
    by_name = {m.name: m for m in measurements}
    rows = [m.as_dict() for m in measurements]
    ratios = {kind: (by_name[f"ingest {kind}, 1 worker"].median() / by_name[f"ingest {kind}, 2 workers"].median())
              for kind in ("text", "html")}
    html_2 = by_name["ingest html, 2 workers"].as_dict()
    html_1 = by_name["ingest html, 1 worker"].as_dict()
    words = html_2["mean_words_per_report"]
    reading = {}
    for variant, rate in _READING_WORDS_PER_S.items():
        per_process = rate / words
        reading[variant] = {
            "words_per_s_per_process": rate, "reports_per_s_per_process": per_process,
            "reports_per_s_2_processes": 2 * per_process,
            "ingest_html_2_workers_vs_reading_2_processes": html_2["reports_per_s"] / (2 * per_process),
            "ingest_html_1_worker_vs_reading_1_process": html_1["reports_per_s"] / per_process,
        }
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "n": args.n, "repeat": args.repeat, "seed": args.seed,
        "code": _code_state(),
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_start": [round(x, 2) for x in load_start],
                    "load_average_end": [round(x, 2) for x in load_end]},
        "corpus": {"articles": len(corpus.articles),
                   "datasets": {d: sum(a.dataset == d for a in corpus.articles) for d in ("fnc1", "polnear")},
                   "mean_article_words": statistics.mean(a.words for a in corpus.articles),
                   "html_bytes_min": min(corpus.html_bytes), "html_bytes_mean": statistics.mean(corpus.html_bytes),
                   "html_bytes_max": max(corpus.html_bytes)},
        "measurements": rows,
        "speedup_2_workers_over_1": ratios,
        "pool_start_up_seconds": {"runs": start_ups, "median": statistics.median(start_ups),
                                  "what": "spawn 2 workers and import the parser in each, as ingest does"},
        "targets": {"html_pages_per_s_2_workers": _TARGET_HTML_PAGES_PER_S,
                    "html_pages_per_s_2_workers_measured": html_2["inputs_per_s"],
                    # all CPU the run used (main process and workers, start-up included) spread over 2 idle cores
                    "html_pages_per_s_2_workers_cpu_ceiling": 2 * html_2["inputs"] / statistics.median(
                        by_name["ingest html, 2 workers"].cpu_seconds),
                    "times_reading_stage": _TARGET_TIMES_READING, "reading_stage": reading},
    }


def _code_state() -> dict:
    """The commit measured, and which library files differed from it (the working tree is what runs)."""
    repo = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                                  check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "modified_library_files": [line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()]}


def _table(results: dict) -> str:
    corpus, machine = results["corpus"], results["machine"]
    lines = [
        f"{corpus['articles']} real articles ({corpus['datasets']['fnc1']} FNC-1, {corpus['datasets']['polnear']} "
        f"PolNeAR), mean {corpus['mean_article_words']:.0f} words; HTML pages {corpus['html_bytes_min'] / 1000:.0f}-"
        f"{corpus['html_bytes_max'] / 1000:.0f} KB (mean {corpus['html_bytes_mean'] / 1000:.0f} KB). "
        f"{machine['nproc']} cores, Python {machine['python']}, load average {machine['load_average_start']} at "
        f"start, {machine['load_average_end']} at end; median of {results['repeat']} runs; code at "
        f"{results['code']['commit']}"
        f"{' with uncommitted library changes' if results['code']['modified_library_files'] else ''}.",
        "",
        "| measurement | inputs | reports | words/report | median s | runs (s) | reports/s | inputs/s "
        "| CPU ms/input |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in results["measurements"]:
        runs = ", ".join(f"{s:.2f}" for s in row["seconds"])
        lines.append(f"| {row['name']} | {row['inputs']} | {row['reports']} | {row['mean_words_per_report']:.0f} | "
                     f"{row['median_seconds']:.2f} | {runs} | {row['reports_per_s']:.1f} | "
                     f"{row['inputs_per_s']:.1f} | {row['median_cpu_ms_per_input']:.1f} |")
    speed = results["speedup_2_workers_over_1"]
    targets = results["targets"]
    start_up = results["pool_start_up_seconds"]
    lines += ["", f"2 workers / 1 worker: text {speed['text']:.2f}x, HTML {speed['html']:.2f}x. Starting the 2 "
              f"workers and importing the parser: {start_up['median']:.2f} s (median).",
              f"HTML pages/s with 2 workers: {targets['html_pages_per_s_2_workers_measured']:.1f} "
              f"(target {targets['html_pages_per_s_2_workers']}); ceiling from its CPU time if 2 cores were idle: "
              f"{targets['html_pages_per_s_2_workers_cpu_ceiling']:.1f}."]
    for variant, reading in targets["reading_stage"].items():
        lines.append(f"Reading stage {variant} ({reading['words_per_s_per_process']} words/s/process): "
                     f"{reading['reports_per_s_per_process']:.1f} reports/s per process, "
                     f"{reading['reports_per_s_2_processes']:.1f} on 2; ingest HTML is "
                     f"{reading['ingest_html_2_workers_vs_reading_2_processes']:.1f}x that on 2 workers, "
                     f"{reading['ingest_html_1_worker_vs_reading_1_process']:.1f}x on 1 (target "
                     f"{targets['times_reading_stage']}x).")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

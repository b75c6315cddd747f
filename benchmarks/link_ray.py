"""Linking and claim grouping on Ray against the local engine: seconds and peak memory from 1k reports up.

Three measurements, each size and engine in a fresh process (so its peak memory is its own):

- ``reuse``: the whole re-use step (signatures, LSH candidates, alignment of every candidate),
  ``find_reuse`` in this process (what the local engine runs) against ``find_reuse_on_ray``.
- ``lsh``: signatures and LSH candidates alone, the part that grows with the corpus
  (``minhash.lsh_candidates``, bounded-memory, against ``candidates_on_ray``).
- ``group`` (``--stages group``): claim grouping of assess over the sentences of every report
  (``link_scale.split_claims``), ``group_claims`` against ``group_on_ray``. Above 10,000 claims
  both use the static embedding table, above 5,000 LSH neighbours and float16 vectors. The
  warm-up groups the first 100 reports' sentences without embeddings (the embedding actors'
  start-up is timed with the run).

The corpus is ``reuse_scale.py``'s: real article texts from ``../shared/datasets`` and, past
what they hold, generated edited and partial copies of them (about 40 % re-use). A local Ray
is started in the measuring process (``--cpus``, default every core); its start-up and a
warm-up run on 100 reports (worker processes starting and importing echolocate) are timed
apart. CPU: the seconds every process of the run spent on a CPU (Ray's own included), the
figure to project from when other users load the machine. Memory: the measuring process's
peak RSS, and for Ray the peak over time of the summed RSS of the driver and every process it
started (object store pages mapped by several processes are counted once per process: an
upper bound). ``--check`` also runs the local
step in the Ray process after the timing and says whether the answers are equal.

    .venv/bin/python benchmarks/link_ray.py --sizes 1000 --check                 # a smoke run
    .venv/bin/python benchmarks/link_ray.py --sizes 1000 10000 --check           # the 1k/10k curve
    .venv/bin/python benchmarks/link_ray.py --mode lsh --sizes 100000 1000000    # signatures + LSH only
    .venv/bin/python benchmarks/link_ray.py --stages group --sizes 1000 --check  # claim grouping

Run it on an otherwise idle machine (see the load average): other processes skew every figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(size: int) -> list[tuple[str, str]]:
    return _module("reuse_scale").corpus(size)


def _claims(reports: list[tuple[str, str]]) -> list:
    """The sentences of every report as claims (what grouping meets at scale without the read stage)."""
    split = _module("link_scale").split_claims
    return [claim for rid, text in reports for claim in split(rid, text)]


class ProcessTree:
    """This process and all its descendants, sampled from /proc: the peak over time of their summed RSS,
    and the CPU seconds they spent while the block ran (a Ray cluster's own processes included).

    CPU seconds are the figure to project from on a loaded machine: wall time stretches with the
    other users' load, CPU time much less."""

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._page, self._tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
        self._cpu: dict[int, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.cpu_seconds = 0.0

    def __enter__(self) -> ProcessTree:
        self._sample()
        self._start = dict(self._cpu)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        ticks = sum(ticks - self._start.get(pid, 0) for pid, ticks in self._cpu.items())
        self.cpu_seconds = ticks / self._tick

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def _sample(self) -> None:
        children: dict[int, list[int]] = {}
        ticks: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry))
                ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime + stime
        total, todo = 0, [os.getpid()]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, []))
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
            except OSError:
                continue
            self._cpu[pid] = max(self._cpu.get(pid, 0), ticks.get(pid, 0))
        self.peak = max(self.peak, total)


def measure(size: int, engine: str, mode: str, cpus: int, check: bool) -> dict[str, object]:
    """One size on one engine, in this process."""
    from echolocate.stages.link.minhash import MinHashParams, lsh_candidates
    from echolocate.stages.link.reuse import ReuseInput, ReuseParams, find_reuse
    from echolocate.stages.link.reuse_tokens import tokenize

    clock = time.perf_counter()
    reports = _corpus(size)
    inputs = [ReuseInput(rid, text) for rid, text in reports]
    params = ReuseParams()
    out: dict[str, object] = {"reports": size, "engine": engine, "mode": mode,
                              "corpus_seconds": round(time.perf_counter() - clock, 1),
                              "chars": sum(len(r.text) for r in inputs)}
    ray = None
    if mode == "group":
        inputs = _claims(reports)
        out["claims"] = len(inputs)
    if engine == "ray":
        import ray

        from echolocate.engines.ray_engine import quiet_data

        start = time.perf_counter()
        ray.init(num_cpus=cpus or None, include_dashboard=False, log_to_driver=False)
        quiet_data(ray, progress=False)
        out["ray_start_seconds"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()  # Ray's worker processes start (and import echolocate) on first use
        _run(ray, _claims(reports[:100]) if mode == "group" else inputs[:100], params, mode, cpus, warm=True)
        out["ray_warmup_seconds"] = round(time.perf_counter() - start, 1)
    with ProcessTree() as tree:
        start = time.perf_counter()
        result = _run(ray, inputs, params, mode, cpus)
        seconds = time.perf_counter() - start
    out.update(seconds=round(seconds, 1), ms_per_report=round(1000 * seconds / size, 2),
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
               peak_tree_rss_mb=round(tree.peak / 2**20), cpu_seconds=round(tree.cpu_seconds, 1),
               cpu_ms_per_report=round(1000 * tree.cpu_seconds / size, 2))
    out[{"lsh": "candidates", "group": "groups"}.get(mode, "links")] = len(result)
    if check:
        start = time.perf_counter()
        if mode == "group":
            from echolocate.stages.link.claim_groups import group_claims

            expected = group_claims(inputs)
        elif mode == "lsh":
            expected = lsh_candidates((tokenize(r.text) for r in inputs), MinHashParams())
        else:
            expected = find_reuse(inputs, params)
        out["check_local_seconds"] = round(time.perf_counter() - start, 1)
        out["same_as_local"] = result == expected
    if ray is not None:
        ray.shutdown()
    return out


def _run(ray, inputs, params, mode: str, cpus: int, warm: bool = False) -> list:
    from echolocate.engines.ray_engine import RayOptions
    from echolocate.engines.ray_link import candidates_on_ray, find_reuse_on_ray
    from echolocate.stages.link.minhash import lsh_candidates
    from echolocate.stages.link.reuse import find_reuse
    from echolocate.stages.link.reuse_tokens import tokenize

    if mode == "group":
        from echolocate.engines.ray_group import group_on_ray
        from echolocate.stages.link.claim_groups import GroupParams, group_claims

        grouping = GroupParams(use_embedding=not warm)
        if ray is None:
            return group_claims(inputs, grouping)
        return group_on_ray(lambda: ray, inputs, RayOptions(workers=cpus), grouping)
    if ray is None:
        if mode == "lsh":
            return lsh_candidates((tokenize(r.text) for r in inputs), params.minhash)
        return find_reuse(inputs, params)
    options = RayOptions(workers=cpus)
    if mode == "lsh":
        return candidates_on_ray(ray, [r.text for r in inputs], params.minhash, options)
    with tempfile.TemporaryDirectory(prefix="echolocate-link-ray-") as parts:
        return find_reuse_on_ray(lambda: ray, inputs, params, Path(parts), "bench", options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--engines", nargs="+", choices=("local", "ray"), default=["local", "ray"])
    parser.add_argument("--mode", "--stages", dest="mode", choices=("reuse", "lsh", "group"), default="reuse",
                        help="what to measure: the re-use step, its LSH candidates alone, or claim grouping")
    parser.add_argument("--cpus", type=int, default=0, help="CPUs for the local Ray (0: every core)")
    parser.add_argument("--check", action="store_true", help="the Ray run also compares its answer with local")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # internal: SIZE ENGINE, measured here
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1], args.mode, args.cpus, args.check)))
        return 0
    results = []
    for size in args.sizes:
        for engine in args.engines:
            command = [sys.executable, __file__, "--one", str(size), engine, "--mode", args.mode,
                       "--cpus", str(args.cpus)] + (["--check"] if args.check and engine == "ray" else [])
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode:
                print(run.stderr[-3000:], file=sys.stderr)
                return run.returncode
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"os.getloadavg() at the end: {os.getloadavg()}")
    print("| mode | reports | engine | seconds | ms/report | CPU ms/report | peak RSS MB (process) "
          "| peak RSS MB (process + Ray) | candidates / links / groups | same as local |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        found = r.get("candidates", r.get("links", r.get("groups")))
        reports = f"{r['reports']} ({r['claims']} claims)" if "claims" in r else r["reports"]
        print(f"| {r['mode']} | {reports} | {r['engine']} | {r['seconds']} | {r['ms_per_report']} "
              f"| {r['cpu_ms_per_report']} | {r['peak_rss_mb']} | {r['peak_tree_rss_mb']} | {found} | {r.get('same_as_local', '')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

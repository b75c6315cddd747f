"""Measure ``StanceModel`` on the Fake News Challenge stage 1 data (FNC-1, Pomerleau & Rao 2017).

FNC-1 pairs a headline with an article body and labels the body's stance towards the
headline: agree / disagree / discuss / unrelated (in echolocate terms: asserts / denies /
reports / not about the claim). Only the training release is in ../shared, so, as the
official baseline does, the bodies are split 80/20 by body ID with a fixed seed: the
classifier (``eval/train_stance.py``) learns only from pairs whose body is in the 80 %,
and this script scores the pairs whose body is in the other 20 %.

FNC score: +0.25 when related/unrelated is right, +0.75 more when a related pair gets its
exact label; printed relative to the best possible score on the same pairs. Anchors on the
official test set: baseline 79.5 %, best competition systems about 82 % (their figures on
a different split, quoted for scale).

Usage: .venv/bin/python eval/fnc1.py [--limit N] [--json] [--root DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "fnc1"
LABELS = ("agree", "disagree", "discuss", "unrelated")
SPLIT_SEED = 1489215
HOLDOUT_FRACTION = 0.2
BASELINE_SCORE = 0.795
BEST_SYSTEMS_SCORE = 0.82


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: int
    stance: str


def load(root: Path = DEFAULT_ROOT) -> tuple[dict[int, str], list[Pair]]:
    """Bodies by ID and the labelled headline-body pairs, in file order."""
    csv.field_size_limit(sys.maxsize)
    with open(root / "train_bodies.csv", encoding="utf-8", newline="") as fh:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}
    with open(root / "train_stances.csv", encoding="utf-8", newline="") as fh:
        pairs = [Pair(row["Headline"], int(row["Body ID"]), row["Stance"]) for row in csv.DictReader(fh)]
    return bodies, pairs


def split_bodies(body_ids: list[int], seed: int = SPLIT_SEED, holdout: float = HOLDOUT_FRACTION) -> tuple[set[int], set[int]]:
    """(training body IDs, held-out body IDs): a seeded shuffle of the IDs in file order."""
    ids = list(body_ids)
    random.Random(seed).shuffle(ids)
    cut = int((1.0 - holdout) * len(ids))
    return set(ids[:cut]), set(ids[cut:])


def fnc_score(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """(score, best possible score) under the FNC-1 weighting."""
    score = best = 0.0
    for g, p in zip(gold, pred):
        g_rel, p_rel = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if g_rel else 0.0)
        if g_rel == p_rel:
            score += 0.25
            if g_rel and g == p:
                score += 0.75
    return score, best


def summarise(gold: list[str], pred: list[str]) -> dict:
    score, best = fnc_score(gold, pred)
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS) - tp
        fn = sum(confusion[label].values()) - tp
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    related_ok = sum((g == "unrelated") == (p == "unrelated") for g, p in zip(gold, pred))
    return {
        "pairs": len(gold),
        "fnc_score": score,
        "fnc_max": best,
        "fnc_relative": score / best if best else 0.0,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
        "related_accuracy": related_ok / len(gold) if gold else 0.0,
        "f1": f1,
        "macro_f1": sum(f1.values()) / len(LABELS),
        "confusion": confusion,
    }


def heldout_pairs(root: Path = DEFAULT_ROOT, limit: int | None = None) -> tuple[dict[int, str], list[Pair]]:
    """The held-out pairs (first ``limit`` held-out bodies in file order, all their headlines)."""
    bodies, pairs = load(root)
    _, held = split_bodies(list(bodies))
    keep = [b for b in bodies if b in held]
    if limit is not None:
        keep = keep[:limit]
    wanted = set(keep)
    return bodies, [p for p in pairs if p.body_id in wanted]


def evaluate(model, root: Path = DEFAULT_ROOT, limit: int | None = None) -> dict:
    """Score ``model`` on the held-out bodies (or the first ``limit`` of them)."""
    bodies, pairs = heldout_pairs(root, limit)
    started = time.perf_counter()
    results = model.predict_many([(p.headline, bodies[p.body_id]) for p in pairs])
    elapsed = time.perf_counter() - started
    out = summarise([p.stance for p in pairs], [r.label for r in results])
    out["bodies"] = len({p.body_id for p in pairs})
    out["seconds"] = elapsed
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N held-out bodies")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = parser.parse_args(argv)
    from echolocate.stages.assess.stance import StanceModel

    out = evaluate(StanceModel.load(), args.root, args.limit)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"FNC-1 held-out: {out['pairs']} pairs over {out['bodies']} bodies ({out['seconds']:.1f} s)")
    print(f"FNC score: {out['fnc_score']:.2f} / {out['fnc_max']:.2f} = {100 * out['fnc_relative']:.2f} %"
          f"  (anchors: baseline {100 * BASELINE_SCORE:.1f} %, best systems about {100 * BEST_SYSTEMS_SCORE:.0f} %)")
    print(f"accuracy {out['accuracy']:.4f}, related/unrelated accuracy {out['related_accuracy']:.4f}, macro F1 {out['macro_f1']:.4f}")
    print("F1: " + ", ".join(f"{k} {v:.3f}" for k, v in out["f1"].items()))
    print("confusion (rows gold, columns predicted):")
    print(" " * 11 + "".join(f"{p:>11}" for p in LABELS))
    for g in LABELS:
        print(f"{g:>11}" + "".join(f"{out['confusion'][g][p]:>11}" for p in LABELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure ``StanceModel`` on Emergent (Ferreira & Vlachos, NAACL 2016): headline stance.

Each Emergent row pairs a rumoured claim with the headline of an article about it, labelled
for / against / observing. Mapped to our labels: for -> agree (asserts), against ->
disagree (denies), observing -> discuss (reports). Every headline is about its claim, so
the model is asked with ``assume_related=True`` and only those three labels compete.
Nothing is tuned on Emergent: the model is the one trained on FNC-1 (``eval/train_stance.py``).

Caveat, stated for honesty: FNC-1 was built from Emergent's articles, so many Emergent
article headlines also appear as FNC-1 headlines (paired there with article bodies, not
with the claim text). The anchor, accuracy 0.733, is Ferreira & Vlachos' classifier
trained on Emergent itself and tested on its held-out claims; ours is scored on all rows.

Usage: .venv/bin/python eval/emergent_stance.py [--limit N] [--json] [--root DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "emergent"
MAPPING = {"for": "agree", "against": "disagree", "observing": "discuss"}
LABELS = ("agree", "disagree", "discuss")
ANCHOR_ACCURACY = 0.733


@dataclass(frozen=True)
class Row:
    claim: str
    headline: str
    stance: str  # mapped: agree | disagree | discuss


def load(root: Path = DEFAULT_ROOT, limit: int | None = None) -> list[Row]:
    with open(root / "emergent.csv", encoding="utf-8", newline="") as fh:
        rows = [
            Row(r["claimHeadline"], r["articleHeadline"], MAPPING[r["articleHeadlineStance"]])
            for r in csv.DictReader(fh)
            if r["articleHeadlineStance"] in MAPPING
        ]
    return rows[:limit] if limit is not None else rows


def evaluate(model, root: Path = DEFAULT_ROOT, limit: int | None = None) -> dict:
    rows = load(root, limit)
    pred = [r.label for r in model.predict_many([(row.claim, row.headline) for row in rows], assume_related=True)]
    gold = [row.stance for row in rows]
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS) - tp
        fn = sum(confusion[label].values()) - tp
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    majority = max(sum(g == label for g in gold) for label in LABELS) / len(gold) if gold else 0.0
    return {
        "rows": len(rows),
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
        "majority_baseline": majority,
        "f1": f1,
        "macro_f1": sum(f1.values()) / len(LABELS),
        "confusion": confusion,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = parser.parse_args(argv)
    from echolocate.stages.assess.stance import StanceModel

    out = evaluate(StanceModel.load(), args.root, args.limit)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"Emergent headline stance: {out['rows']} rows")
    print(f"accuracy {out['accuracy']:.4f} (anchor {ANCHOR_ACCURACY}; majority class {out['majority_baseline']:.4f}),"
          f" macro F1 {out['macro_f1']:.4f}")
    print("F1: " + ", ".join(f"{k} {v:.3f}" for k, v in out["f1"].items()))
    print("confusion (rows gold, columns predicted):")
    print(" " * 10 + "".join(f"{p:>10}" for p in LABELS))
    for g in LABELS:
        print(f"{g:>10}" + "".join(f"{out['confusion'][g][p]:>10}" for p in LABELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

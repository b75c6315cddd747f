"""Train the stance classifier and write ``src/echolocate/stages/assess/stance_model.json``.

How the shipped file is produced (run from the repository root, takes a few minutes on
one core):

    .venv/bin/pip install scikit-learn   # training only; the product reads the JSON with numpy
    .venv/bin/python eval/train_stance.py

It reads ../shared/datasets/fnc1, keeps ONLY the pairs whose body is in the 80 % training
part of the seeded body split (``eval/fnc1.py``: ``split_bodies``), so the held-out score
printed by ``eval/fnc1.py`` is honest. From that part it derives:

- a hashed IDF table (crc32 of a word stem modulo ``IDF_BUCKETS``): numbers per bucket,
  no words are stored;
- a gradient-boosted tree ensemble over ``stance_features.FEATURE_NAMES``, written as
  plain arrays (``stance_trees.TreeEnsemble``).

``--dev`` instead re-splits the training part 80/20 (another seed), fits on the first and
prints the FNC score on the second: that is where the settings below were chosen; the
held-out bodies were never used for that.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fnc1 import DEFAULT_ROOT, LABELS, SPLIT_SEED, fnc_score, load, split_bodies  # noqa: E402

from echolocate.stages.assess import stance_features as sf  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "echolocate" / "stages" / "assess" / "stance_model.json"
IDF_BUCKETS = 1 << 15
SETTINGS = {"n_estimators": 200, "max_depth": 4, "learning_rate": 0.1, "subsample": 0.8, "random_state": 7}
CLASS_WEIGHTS = {"agree": 1.0, "disagree": 1.0, "discuss": 1.0, "unrelated": 1.0}


def build_idf(texts: list[str]) -> sf.IdfTable:
    df: Counter[int] = Counter()
    for text in texts:
        df.update({sf._bucket(sf._stem(w), IDF_BUCKETS) for w in sf.tokens(text)})
    n = len(texts)
    default = round(math.log((n + 1) / 1.0) + 1.0, 2)
    weights = tuple(round(math.log((n + 1) / (df[b] + 1)) + 1.0, 2) if df[b] else default for b in range(IDF_BUCKETS))
    return sf.IdfTable(weights, default)


def featurise(pairs, bodies: dict[int, str], idf: sf.IdfTable) -> np.ndarray:
    prepared: dict[int, sf.PreparedText] = {}
    rows = []
    for p in pairs:
        if p.body_id not in prepared:
            prepared[p.body_id] = sf.prepare_text(bodies[p.body_id], idf)
        rows.append(sf.pair_features(p.headline, prepared[p.body_id], idf).values)
    return np.asarray(rows, dtype=np.float64)


def fit(x: np.ndarray, y: list[str]):
    from sklearn.ensemble import GradientBoostingClassifier

    clf = GradientBoostingClassifier(**SETTINGS)
    weights = np.asarray([CLASS_WEIGHTS[label] for label in y])
    clf.fit(x, np.asarray([LABELS.index(label) for label in y]), sample_weight=weights)
    return clf


def export(clf, x_check: np.ndarray, idf: sf.IdfTable, n_pairs: int, n_bodies: int) -> dict:
    trees = []
    for stage in clf.estimators_:
        for k, reg in enumerate(stage):
            t = reg.tree_
            trees.append({
                "class": k,
                "depth": int(t.max_depth),
                "feature": [int(f) if f >= 0 else -1 for f in t.feature],
                "threshold": [float(v) for v in t.threshold],
                "left": [int(v) for v in t.children_left],
                "right": [int(v) for v in t.children_right],
                "value": [float(v) for v in t.value[:, 0, 0]],
            })
    # The prior scores sklearn starts from: decision function minus the trees' contribution.
    trees_sum = np.zeros((1, len(LABELS)))
    for stage in clf.estimators_:
        for k, reg in enumerate(stage):
            trees_sum[0, k] += reg.predict(x_check[:1])[0]
    init = clf.decision_function(x_check[:1])[0] - clf.learning_rate * trees_sum[0]
    import sklearn

    return {
        "format": 1,
        "labels": list(LABELS),
        "features": list(sf.FEATURE_NAMES),
        "learning_rate": clf.learning_rate,
        "init": [float(v) for v in init],
        "trees": trees,
        "idf": {"buckets": len(idf.weights), "default": idf.default, "weights": list(idf.weights)},
        "provenance": {
            "script": "eval/train_stance.py",
            "data": "FNC-1 train_stances.csv / train_bodies.csv, training part of the body split",
            "split_seed": SPLIT_SEED,
            "pairs": n_pairs,
            "bodies": n_bodies,
            "settings": SETTINGS,
            "class_weights": CLASS_WEIGHTS,
            "sklearn": sklearn.__version__,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="score on a dev split of the training part; write nothing")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--weight", action="append", default=[], metavar="LABEL=W", help="class weight override (dev trials)")
    args = parser.parse_args(argv)
    for item in args.weight:
        label, _, w = item.partition("=")
        CLASS_WEIGHTS[label] = float(w)
    bodies, pairs = load(args.root)
    train_ids, _ = split_bodies(list(bodies))
    if args.dev:
        inner = [b for b in bodies if b in train_ids]
        fit_ids, dev_ids = split_bodies(inner, seed=SPLIT_SEED + 1)
    else:
        fit_ids, dev_ids = train_ids, set()
    fit_pairs = [p for p in pairs if p.body_id in fit_ids]
    texts = [bodies[b] for b in fit_ids] + sorted({p.headline for p in fit_pairs})
    idf = build_idf(texts)
    x = featurise(fit_pairs, bodies, idf)
    clf = fit(x, [p.stance for p in fit_pairs])
    if args.dev:
        dev_pairs = [p for p in pairs if p.body_id in dev_ids]
        pred = clf.predict(featurise(dev_pairs, bodies, idf))
        gold = [p.stance for p in dev_pairs]
        score, best = fnc_score(gold, [LABELS[i] for i in pred])
        print(f"dev: {len(dev_pairs)} pairs, FNC {100 * score / best:.2f} %")
        importances = sorted(zip(clf.feature_importances_, sf.FEATURE_NAMES), reverse=True)
        print("top features: " + ", ".join(f"{n} {v:.3f}" for v, n in importances[:12]))
        return 0
    model = export(clf, x, idf, len(fit_pairs), len(fit_ids))
    args.out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) from {len(fit_pairs)} pairs over {len(fit_ids)} bodies")
    return 0


if __name__ == "__main__":
    sys.exit(main())

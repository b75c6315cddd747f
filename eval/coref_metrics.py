"""Coreference scores shared by the evaluation scripts: MUC, B-cubed, CEAF-e and their mean (CoNLL F1).

Clusters are lists of sets of mention keys; every mention of the key is expected in the response
(a missing one counts as a singleton). Each metric returns (precision, recall, F1).
"""

from __future__ import annotations

from collections import defaultdict


def clusters(assignment: dict) -> list[set]:
    """Item -> cluster key, turned into the list of clusters the metrics take."""
    groups: dict[object, set] = defaultdict(set)
    for item, key in assignment.items():
        groups[key].add(item)
    return list(groups.values())


def muc(key: list[set], response: list[set]) -> tuple[float, float, float]:
    def score(a: list[set], b: list[set]) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den
    rn, rd = score(key, response)
    pn, pd = score(response, key)
    r = rn / rd if rd else 0.0
    p = pn / pd if pd else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def b_cubed(key: list[set], response: list[set]) -> tuple[float, float, float]:
    kc = {m: c for c in key for m in c}
    rc = {m: c for c in response for m in c}
    items = list(kc)
    p = sum(len(kc[m] & rc[m]) / len(rc[m]) for m in items) / len(items)
    r = sum(len(kc[m] & rc[m]) / len(kc[m]) for m in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ceaf_e(key: list[set], response: list[set]) -> tuple[float, float, float]:
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        return float("nan"), float("nan"), float("nan")
    index = {m: i for i, c in enumerate(response) for m in c}
    sim = np.zeros((len(key), len(response)))
    for i, k in enumerate(key):
        for m in k:
            j = index.get(m)
            if j is not None:
                sim[i, j] += 1
        nz = np.nonzero(sim[i])[0]
        sim[i, nz] = 2 * sim[i, nz] / (len(k) + np.array([len(response[j]) for j in nz]))
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    p, r = total / len(response), total / len(key)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def conll_f1(key: list[set], response: list[set]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e F1 and their mean, the CoNLL F1 (fractions, not percentages)."""
    out = {name: float(fn(key, response)[2]) for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e))}
    out["conll"] = (out["muc"] + out["b3"] + out["ceafe"]) / 3
    return out

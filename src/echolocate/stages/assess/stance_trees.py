"""Evaluate a boosted tree ensemble from plain arrays, so shipping it needs no scikit-learn.

The training script (``eval/train_stance.py``) fits scikit-learn's gradient boosting and
writes each regression tree as five parallel arrays (feature, threshold, left, right,
value). Here all trees are packed into one node table and every row walks every tree at
once with numpy: a batch of thousands of pairs costs a few vectorised steps per tree level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TreeEnsemble:
    """Additive trees per class: raw score = init + rate * sum of leaf values, softmax over classes."""

    init: np.ndarray  # (n_classes,)
    rate: float
    feature: np.ndarray  # (n_nodes,) int, -1 at leaves
    threshold: np.ndarray  # (n_nodes,)
    left: np.ndarray  # (n_nodes,) absolute node index; a leaf points to itself
    right: np.ndarray
    value: np.ndarray  # (n_nodes,)
    roots: np.ndarray  # (n_trees,) absolute index of each root
    tree_class: np.ndarray  # (n_trees,) class each tree adds to
    depth: int

    @classmethod
    def from_dict(cls, data: dict) -> "TreeEnsemble":
        feature, threshold, left, right, value, roots, classes = [], [], [], [], [], [], []
        depth = 0
        for tree in data["trees"]:
            base = len(feature)
            roots.append(base)
            classes.append(tree["class"])
            depth = max(depth, tree["depth"])
            for f, t, lc, rc, v in zip(tree["feature"], tree["threshold"], tree["left"], tree["right"], tree["value"]):
                leaf = f < 0
                node = len(feature)
                feature.append(f)
                threshold.append(t)
                left.append(node if leaf else base + lc)
                right.append(node if leaf else base + rc)
                value.append(v)
        return cls(
            init=np.asarray(data["init"], dtype=np.float64),
            rate=float(data["learning_rate"]),
            feature=np.asarray(feature, dtype=np.int64),
            threshold=np.asarray(threshold, dtype=np.float64),
            left=np.asarray(left, dtype=np.int64),
            right=np.asarray(right, dtype=np.int64),
            value=np.asarray(value, dtype=np.float64),
            roots=np.asarray(roots, dtype=np.int64),
            tree_class=np.asarray(classes, dtype=np.int64),
            depth=depth,
        )

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Raw additive scores, shape (n_rows, n_classes)."""
        n = x.shape[0]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            feat = self.feature[node]
            go_left = x[rows, np.maximum(feat, 0)] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        leaf_values = self.value[node]  # (n, n_trees)
        out = np.tile(self.init, (n, 1))
        for k in range(len(self.init)):
            out[:, k] += self.rate * leaf_values[:, self.tree_class == k].sum(axis=1)
        return out

    def proba(self, x: np.ndarray) -> np.ndarray:
        raw = self.raw(x)
        raw -= raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        return exp / exp.sum(axis=1, keepdims=True)

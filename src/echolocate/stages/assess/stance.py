"""Stance: does a report assert a claim, merely report it, or deny it?

An analyst weighs a claim by who stands behind it: a report that states it as fact
(agree -> asserts), one that passes it on as somebody's claim (discuss -> reports), and
one that disputes it (disagree -> denies; a denier makes the claim group "contested").
"unrelated" means the text is not about the claim at all.

The model is a small boosted tree ensemble over readable features (``stance_features``)
shipped as JSON (``stance_model.json``, written by ``eval/train_stance.py`` from the
FNC-1 training bodies only); it runs on numpy, offline, thousands of pairs per second.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

import numpy as np

from echolocate.stages.assess import stance_features as sf
from echolocate.stages.assess.stance_trees import TreeEnsemble

LABELS = ("agree", "disagree", "discuss", "unrelated")
ROLES = {"agree": "asserts", "discuss": "reports", "disagree": "denies", "unrelated": None}
_RELATED = np.array([label != "unrelated" for label in LABELS])
_EVIDENCE_CHARS = 240
_COVER = sf.FEATURE_NAMES.index("cover")
_UNRELATED = LABELS.index("unrelated")


@dataclass(frozen=True)
class StanceResult:
    """A text's stance towards a claim; ``evidence`` is the sentence that most supports it."""

    label: str  # agree | discuss | disagree | unrelated
    score: float  # the model's probability for ``label``
    evidence: str

    @property
    def role(self) -> str | None:
        """asserts | reports | denies, or None when the text is not about the claim."""
        return ROLES[self.label]


@dataclass(frozen=True)
class StanceModel:
    trees: TreeEnsemble
    idf: sf.IdfTable
    labels: tuple[str, ...]

    @classmethod
    def load(cls) -> "StanceModel":
        """The shipped model (package data; nothing is downloaded)."""
        raw = resources.files("echolocate.stages.assess").joinpath("stance_model.json").read_text(encoding="utf-8")
        return cls.from_dict(json.loads(raw))

    @classmethod
    def from_dict(cls, data: dict) -> "StanceModel":
        if tuple(data["features"]) != sf.FEATURE_NAMES or tuple(data["labels"]) != LABELS:
            raise ValueError("stance_model.json does not match this code's features: re-run eval/train_stance.py")
        idf = sf.IdfTable(tuple(float(v) for v in data["idf"]["weights"]), float(data["idf"]["default"]))
        return cls(TreeEnsemble.from_dict(data), idf, LABELS)

    def predict(self, claim: str, text: str, assume_related: bool = False) -> StanceResult:
        return self.predict_many([(claim, text)], assume_related)[0]

    def predict_many(self, pairs: Sequence[tuple[str, str]], assume_related: bool = False) -> list[StanceResult]:
        """Stances of many (claim, text) pairs; each distinct text is tokenised once.

        ``assume_related``: the caller already knows each text is about its claim (e.g. both
        sit in one claim group), so only agree / discuss / disagree compete.
        """
        if not pairs:
            return []
        feats, proba = self._score(pairs)
        if assume_related:
            proba = np.where(_RELATED, proba, 0.0)
            proba /= proba.sum(axis=1, keepdims=True)
        out = []
        for f, p in zip(feats, proba):
            k = int(np.argmax(p))
            if not assume_related and f.values[_COVER] == 0.0:
                # No content word in common: the text cannot be taking a stance on this claim.
                k = _UNRELATED
            label = self.labels[k]
            evidence = f.refuting_sentence if label == "disagree" and f.refuting_sentence else f.best_sentence
            out.append(StanceResult(label, round(float(p[k]), 6), evidence[:_EVIDENCE_CHARS]))
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The model's raw class probabilities, shape (len(pairs), 4), columns in ``LABELS`` order."""
        if not pairs:
            return np.zeros((0, len(self.labels)))
        return self._score(pairs)[1]

    def _score(self, pairs: Sequence[tuple[str, str]]) -> tuple[list[sf.PairFeatures], np.ndarray]:
        prepared: dict[str, sf.PreparedText] = {}
        feats = []
        for claim, text in pairs:
            claim, text = claim or "", text or ""
            if text not in prepared:
                prepared[text] = sf.prepare_text(text, self.idf)
            feats.append(sf.pair_features(claim, prepared[text], self.idf))
        proba = self.trees.proba(np.asarray([f.values for f in feats], dtype=np.float64))
        return feats, proba

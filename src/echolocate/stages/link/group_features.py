"""What two claims share: word overlap, entities/places/times, and their embeddings.

Each signal covers a weakness of the others. Word overlap (IDF-weighted, so a shared
rare name counts more than a shared "said") catches copies; shared canonical entities,
places and times catch rewordings that keep the facts; the sentence embedding catches
paraphrases with few words in common. The score of a pair is a weighted mean of the
signals that are available (entity overlap only counts when both claims carry some).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from echolocate.stages.link.claim_types import ClaimItem

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_STOP = frozenset(
    """a an the and or but of to in on at by for from with as is are was were be been being it its this that
    these those he she they them his her their there here has have had do does did will would shall should can
    could may might must not no nor so than then too very s t just over into out up down about after before
    also more most some any all each both such only own same other which who whom whose what when where why how
    i we you me my our your us said says say according""".split()
)


def words(text: str) -> list[str]:
    """Lower-case word tokens (numbers with inner separators kept whole)."""
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    """A deliberately crude suffix stripper: enough to meet "troop"/"troops", "sent"/"sending" is left alone."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> frozenset[str]:
    """The stemmed content words of a text: what lexical overlap is computed over."""
    return frozenset(stem(w) for w in words(text) if w not in _STOP and len(w) > 1)


def entity_keys(item: ClaimItem) -> frozenset[str]:
    """Canonical entities, places and times of a claim, namespaced so an ID space cannot collide."""
    return frozenset(
        [f"e:{e}" for e in item.entities] + [f"p:{p}" for p in item.places] + [f"t:{t}" for t in item.times]
    )


@dataclass(frozen=True)
class Weights:
    embedding: float = 0.6
    lexical: float = 0.3
    entity: float = 0.1


class Features:
    """Per-claim features of one grouping run, with the corpus IDF they are weighted by."""

    def __init__(self, items: Sequence[ClaimItem], vectors: np.ndarray | None) -> None:
        self.terms = [content_terms(it.text) for it in items]
        self.entities = [entity_keys(it) for it in items]
        df = Counter(t for ts in self.terms for t in ts)
        n = max(len(items), 1)
        self.df = df
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.norms = [math.sqrt(sum(self.idf[t] ** 2 for t in ts)) or 1.0 for ts in self.terms]
        self.vectors = vectors

    def lexical(self, i: int, j: int) -> float:
        """IDF-weighted cosine of the two term sets."""
        a, b = self.terms[i], self.terms[j]
        if len(a) > len(b):
            a, b = b, a
        shared = sum(self.idf[t] ** 2 for t in a if t in b)
        return shared / (self.norms[i] * self.norms[j])

    def entity(self, i: int, j: int) -> float | None:
        """Jaccard of canonical entities/places/times; None when either claim has none (no evidence either way)."""
        a, b = self.entities[i], self.entities[j]
        if not a or not b:
            return None
        return len(a & b) / len(a | b)

    def embedding(self, i: int, j: int) -> float | None:
        if self.vectors is None:
            return None
        return max(0.0, float(self.vectors[i] @ self.vectors[j]))

    def score(self, i: int, j: int, w: Weights) -> float:
        """Weighted mean of the available signals, in [0, 1]."""
        parts = [(w.lexical, self.lexical(i, j))]
        ent = self.entity(i, j)
        if ent is not None and w.entity > 0:
            parts.append((w.entity, ent))
        emb = self.embedding(i, j)
        if emb is not None and w.embedding > 0:
            parts.append((w.embedding, emb))
        total = sum(wt for wt, _ in parts)
        return sum(wt * v for wt, v in parts) / total if total else 0.0

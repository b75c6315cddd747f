"""What two claims share: word overlap, entities/places/times, and their embeddings.

Each signal covers a weakness of the others. Word overlap (IDF-weighted, so a shared
rare name counts more than a shared "said") catches copies; shared canonical entities,
places and times catch rewordings that keep the facts; the sentence embedding catches
paraphrases with few words in common. The score of a pair is a weighted mean of the
signals that are available (entity overlap only counts when both claims carry some).

Storage is compact because grouping runs on millions of claims: terms and entity keys are
integer IDs in sparse row matrices (scipy CSR, IDF weights as values), not Python sets per
claim, and pairs are scored in vectorised batches (``Features.scores`` over arrays of pair
indices: row-wise sparse products and embedding dot products), not one Python call a pair.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from scipy import sparse

from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.pair_kernels import pair_scores

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_STOP = frozenset(
    """a an the and or but of to in on at by for from with as is are was were be been being it its this that
    these those he she they them his her their there here has have had do does did will would shall should can
    could may might must not no nor so than then too very s t just over into out up down about after before
    also more most some any all each both such only own same other which who whom whose what when where why how
    i we you me my our your us said says say according""".split()
)


_NUMBER_UNIT = re.compile(r"(?<![^\W_])(\d+(?:[.,]\d+)*)(?!(?:st|nd|rd|th)\b)([^\W\d_]{1,3})\b", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-case word tokens (numbers with inner separators kept whole; a number written together with a
    short unit, "700km" or "5bn", is split from it, so that it meets "700 km")."""
    return [w.lower() for w in _WORD.findall(_NUMBER_UNIT.sub(r"\1 \2", text))]


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
    """Per-claim features of one grouping run, with the corpus IDF they are weighted by.

    ``lex``: claims x terms, IDF-weighted binary rows (float64, so scores do not depend on
    summation order beyond rounding); ``ents``: claims x entity keys, binary. ``df`` is the
    document frequency of each term ID; ``term_ids`` maps a term to its ID.
    """

    def __init__(self, items: Sequence[ClaimItem], vectors: np.ndarray | None) -> None:
        n = len(items)
        self.term_ids: dict[str, int] = {}
        self.entity_ids: dict[str, int] = {}
        terms = _csr((content_terms(it.text) for it in items), self.term_ids, n)
        self._ents = _csr((entity_keys(it) for it in items), self.entity_ids, n)
        self.df = np.bincount(terms.indices, minlength=len(self.term_ids)).astype(np.int64)
        self.idf = np.log((max(n, 1) + 1) / (self.df + 0.5))
        # the binary term rows are not kept: ``term_matrix`` rebuilds them from ``lex`` when asked
        self.lex = sparse.csr_matrix((self.idf[terms.indices], terms.indices, terms.indptr),
                                     shape=(n, len(self.term_ids)))
        del terms
        self.ents = sparse.csr_matrix((np.ones(self._ents.nnz), self._ents.indices, self._ents.indptr),
                                      shape=(n, len(self.entity_ids)))
        norms = np.sqrt(np.asarray(self.lex.multiply(self.lex).sum(axis=1)).ravel())
        self.norms = np.where(norms > 0, norms, 1.0)
        self.entity_sizes = np.diff(self._ents.indptr)
        self.vectors = vectors

    _SHARED = ("lex_data", "lex_indices", "lex_indptr", "ent_indices", "ent_indptr", "norms", "entity_sizes")

    def save(self, folder: Path) -> None:
        """Write the arrays pair scoring reads as ``.npy`` files in ``folder``, for other processes to map
        (``mapped``) instead of each receiving a pickled copy of features that can reach gigabytes."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays = dict(zip(self._SHARED, (self.lex.data, self.lex.indices, self.lex.indptr, self.ents.indices,
                                         self.ents.indptr, self.norms, self.entity_sizes)))
        if self.vectors is not None:
            arrays["vectors"] = self.vectors
        for name, values in arrays.items():
            np.save(folder / f"{name}.npy", np.asarray(values))
        (folder / "shape.txt").write_text(f"{self.lex.shape[1]} {self.ents.shape[1]}\n", encoding="ascii")

    @classmethod
    def mapped(cls, folder: Path) -> Features:
        """Features ``save`` wrote, memory-mapped read-only: enough for ``scores`` and ``cross`` (pair scoring),
        not for blocking or IDF lookups (no term table)."""
        self = cls.__new__(cls)
        load = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in cls._SHARED}
        terms, keys = (int(x) for x in (folder / "shape.txt").read_text(encoding="ascii").split())
        rows = len(load["norms"])
        self.lex = SimpleNamespace(data=load["lex_data"], indices=load["lex_indices"], indptr=load["lex_indptr"],
                                   shape=(rows, terms))
        self.ents = SimpleNamespace(indices=load["ent_indices"], indptr=load["ent_indptr"], shape=(rows, keys),
                                    data=np.ones(len(load["ent_indices"])))  # binary: ones need no file
        self.norms, self.entity_sizes = load["norms"], load["entity_sizes"]
        vectors = folder / "vectors.npy"
        self.vectors = np.load(vectors, mmap_mode="r") if vectors.exists() else None
        self.term_ids, self.entity_ids = {}, {}
        return self

    def __len__(self) -> int:
        return self.lex.shape[0]

    def term_matrix(self) -> sparse.csr_matrix:
        """Claims x term IDs, binary: the rows blocking reads (built on demand, sharing ``lex``'s indices)."""
        return sparse.csr_matrix((np.ones(self.lex.nnz, dtype=np.float32), self.lex.indices, self.lex.indptr),
                                 shape=self.lex.shape)

    def entity_matrix(self) -> sparse.csr_matrix:
        """Claims x entity-key IDs, binary."""
        return self._ents

    def scores(self, i: np.ndarray, j: np.ndarray, w: Weights) -> np.ndarray:
        """Scores of the pairs ``(i[k], j[k])``, in [0, 1]: the weighted mean of the signals available per pair
        (``pair_kernels.pair_scores``; a pair's score does not depend on the batch it comes in)."""
        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        if i.size == 0:
            return np.zeros(0)
        cosines = _dots(self.vectors, i, j) if self.vectors is not None and w.embedding > 0 else _NO_COSINES
        return pair_scores(i, j, self.lex.indptr, self.lex.indices, self.lex.data, self.norms, self.ents.indptr,
                           self.ents.indices, self.ents.data, cosines, float(w.lexical),
                           float(w.entity) if self.ents.shape[1] else 0.0, float(w.embedding))

    def cross(self, a: np.ndarray, b: np.ndarray, w: Weights) -> np.ndarray:
        """Scores of every claim of ``a`` with every claim of ``b``, a ``len(a) x len(b)`` matrix: the linkage
        checks and representatives score such blocks, and one matrix product gives all their cosines."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        if a.size == 0 or b.size == 0:
            return np.zeros((a.size, b.size))
        cosines = _NO_COSINES
        if self.vectors is not None and w.embedding > 0:
            products = self.vectors[a].astype(np.float32) @ self.vectors[b].astype(np.float32).T
            cosines = np.maximum(products.astype(np.float64).ravel(), 0.0)
        flat = pair_scores(np.repeat(a, b.size), np.tile(b, a.size), self.lex.indptr, self.lex.indices,
                           self.lex.data, self.norms, self.ents.indptr, self.ents.indices, self.ents.data, cosines,
                           float(w.lexical), float(w.entity) if self.ents.shape[1] else 0.0, float(w.embedding))
        return flat.reshape(a.size, b.size)

    def score(self, i: int, j: int, w: Weights) -> float:
        """Score of one pair (see ``scores``)."""
        return float(self.scores(np.array([i]), np.array([j]), w)[0])


def _csr(rows: Iterable[frozenset[str]], ids: dict[str, int], n: int) -> sparse.csr_matrix:
    """Binary claims x keys matrix, keys numbered in order of first appearance; columns sorted per row.
    Built in a 4-byte ``array`` (a Python list would hold 8 bytes a key plus slack)."""
    indptr = np.zeros(n + 1, dtype=np.int64)
    flat = array("i")
    for r, keys in enumerate(rows):
        flat.extend(sorted(ids.setdefault(k, len(ids)) for k in keys))
        indptr[r + 1] = len(flat)
    indices = np.frombuffer(flat, dtype=np.int32).copy() if len(flat) else np.zeros(0, np.int32)
    del flat
    return sparse.csr_matrix((np.ones(indices.size, dtype=np.float32), indices, indptr), shape=(n, len(ids)))


_NO_COSINES = np.zeros(0)


def _dots(vectors: np.ndarray, i: np.ndarray, j: np.ndarray, batch: int = 16_384) -> np.ndarray:
    """Cosines of L2-normalised vector pairs, negatives floored at 0 (float16 storage is read as float32)."""
    out = np.empty(i.size, dtype=np.float64)
    for lo in range(0, i.size, batch):
        a = vectors[i[lo:lo + batch]].astype(np.float32, copy=False)
        b = vectors[j[lo:lo + batch]].astype(np.float32, copy=False)
        out[lo:lo + batch] = np.einsum("ij,ij->i", a, b)
    return np.maximum(out, 0.0)

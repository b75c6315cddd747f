"""Which pairs of claims are worth scoring: blocking instead of all pairs.

Two sources of candidates, both near-linear in the number of claims:

- shared rare keys: every content word and canonical entity whose document frequency
  is at most ``max_df`` becomes a block, and the claims inside a block are paired (a
  block larger than ``block_cap`` is a common word, skipped: it carries no evidence);
- embedding neighbours: below ``exact_limit`` claims, each claim's ``k`` nearest
  neighbours by exact cosine (chunked matrix products, memory bounded); above it,
  random-hyperplane LSH (fixed seed) with bands of bits sized so that a bucket holds a
  few dozen claims on average, buckets capped at ``block_cap``, and each claim keeping its
  ``k`` most similar bucket mates (so at most ``2 k`` pairs per claim, whatever the buckets).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from echolocate.stages.link.group_features import Features

_BUCKET_FLOATS = 8_000_000  # floats of stacked bucket vectors / similarities per batch
_SEED = 20160704  # recorded here: the hyperplanes are part of what produced a grouping


@dataclass(frozen=True)
class Blocks:
    """Blocks of claims sharing one rare key, as a CSR layout: block ``b`` holds the sorted claim
    indices ``members[starts[b]:starts[b + 1]]``. Pairs are never materialised all at once."""

    starts: np.ndarray  # int64, one more than there are blocks
    members: np.ndarray  # int32

    def pair_count(self) -> int:
        sizes = np.diff(self.starts)
        return int((sizes * (sizes - 1) // 2).sum())

    def pairs(self, n: int, part: int = 0, parts: int = 1,
              chunk: int = 4_000_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Pairs ``(i < j)`` inside blocks, chunk by chunk, only those whose key ``i * n + j`` falls in
        ``part`` of ``parts`` (so a caller can deduplicate one part at a time in bounded memory).
        A pair sharing several keys comes once per key."""
        sizes = np.diff(self.starts)
        for m in np.unique(sizes):
            rows = self.starts[:-1][sizes == m]
            first, second = np.triu_indices(int(m), 1)
            step = max(1, chunk // len(first))
            for lo in range(0, len(rows), step):
                block = self.members[rows[lo:lo + step, None] + np.arange(m)]
                i, j = block[:, first].ravel(), block[:, second].ravel()
                if parts > 1:
                    keep = (i.astype(np.int64) * n + j) % parts == part
                    i, j = i[keep], j[keep]
                yield i, j


def key_blocks(feats: Features, max_df: int, block_cap: int) -> Blocks:
    """Blocks of claims sharing a content word with document frequency at most ``max_df``, or an entity
    key; blocks larger than ``block_cap`` (common words: no evidence) and singletons are skipped."""
    parts = []
    for matrix, cap in ((feats.term_matrix(), min(max_df, block_cap)), (feats.entity_matrix(), block_cap)):
        by_key = matrix.T.tocsr()
        by_key.sort_indices()
        sizes = np.diff(by_key.indptr)
        for k in np.flatnonzero((sizes > 1) & (sizes <= cap)):
            parts.append(by_key.indices[by_key.indptr[k]:by_key.indptr[k + 1]])
    sizes = np.array([len(p) for p in parts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    members = np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, np.int32)
    return Blocks(starts, members)


def key_pairs(feats: Features, max_df: int, block_cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Deduplicated pairs ``(i < j)`` sharing at least one rare content word or entity (small inputs;
    large ones go part by part through ``key_blocks(...).pairs``)."""
    blocks = key_blocks(feats, max_df, block_cap)
    return unique_pairs(*_concat(blocks.pairs(len(feats))), len(feats))


def unique_pairs(i: np.ndarray, j: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs deduplicated (on the int64 key ``i * n + j``) and sorted by (i, j), as int32 arrays."""
    keys = sorted_unique(i.astype(np.int64) * n + j)
    return (keys // n).astype(np.int32), (keys % n).astype(np.int32)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Distinct values, ascending (sort-based: numpy's hash-based ``unique`` is slower on large int arrays)."""
    values = np.sort(values)
    keep = np.ones(values.size, dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _concat(chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    got = list(chunks)
    if not got:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    return np.concatenate([a for a, _ in got]), np.concatenate([b for _, b in got])


def embedding_pairs(vectors: np.ndarray, k: int, floor: float, exact_limit: int,
                    block_cap: int, bands: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Deduplicated pairs ``(i < j)`` of near neighbours in embedding space (exact top-k when small, LSH
    when large), as int32 arrays."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    if n <= exact_limit:
        return _exact_knn(vectors, k, floor)
    bits = max(4, min(20, math.ceil(math.log2(n / 32))))
    rng = np.random.default_rng(_SEED)
    best = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    for _ in range(bands):
        planes = rng.standard_normal((vectors.shape[1], bits)).astype(np.float32)
        codes = ((vectors @ planes) > 0).astype(np.int64) @ (1 << np.arange(bits, dtype=np.int64))
        order = np.argsort(codes, kind="stable")  # by bucket, members ascending within each
        starts = np.flatnonzero(np.concatenate(([True], np.diff(codes[order]) != 0)))
        sizes = np.diff(np.append(starts, n))
        found = [best]
        for m in np.unique(sizes[(sizes > 1) & (sizes <= block_cap)]):
            rows = starts[sizes == m]
            step = max(1, _BUCKET_FLOATS // (int(m) * max(int(m), vectors.shape[1])))
            for lo in range(0, len(rows), step):
                members = order[rows[lo:lo + step, None] + np.arange(m)]
                found.append(_bucket_pairs(vectors, members, k, floor))
        # keep only each claim's k best after every band: memory stays at O(k n)
        best = _top_k(*(np.concatenate(parts) for parts in zip(*found)), n, k)
    return unique_pairs(best[0], best[1], n)


def _bucket_pairs(vectors: np.ndarray, members: np.ndarray, k: int,
                  floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) inside buckets of one size (``members``: buckets x m, ascending) where j is among
    i's k most similar bucket mates, at or above ``floor``. All buckets in one batched product."""
    stacked = vectors[members]
    sims = np.matmul(stacked, stacked.transpose(0, 2, 1))
    nb, m = members.shape
    sims[:, np.arange(m), np.arange(m)] = -1.0
    if m - 1 > k:
        cols = np.argpartition(-sims, k - 1, axis=2)[:, :, :k]
    else:
        cols = np.broadcast_to(np.arange(m), (nb, m, m))
    vals = np.take_along_axis(sims, cols, axis=2)
    keep = vals >= floor
    bucket = np.broadcast_to(np.arange(nb)[:, None, None], cols.shape)[keep]
    rows = np.broadcast_to(np.arange(m)[None, :, None], cols.shape)[keep]
    cols = cols[keep]
    a, b = members[bucket, rows], members[bucket, cols]
    return np.minimum(a, b), np.maximum(a, b), vals[keep].astype(np.float32)


def _top_k(i: np.ndarray, j: np.ndarray, s: np.ndarray, n: int,
           k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Deduplicated pairs (i < j) kept when j is among i's ``k`` best or i among j's: at most ``2 k n`` pairs.

    Why: LSH buckets of a large corpus about one story hold many pairs above the floor; without
    this bound the pairs to score grow with bucket size, not with the number of claims.
    """
    keys = i.astype(np.int64) * n + j
    order = np.argsort(keys, kind="stable")
    first = np.ones(len(order), dtype=bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    unique = order[first]
    i, j, s = i[unique], j[unique], s[unique]
    src = np.concatenate([i, j])
    sim = np.concatenate([s, s])
    edge = np.concatenate([np.arange(len(i)), np.arange(len(i))])
    order = np.lexsort((edge, -sim, src))  # by claim, best first, ties by pair order
    src_sorted = src[order]
    starts = np.searchsorted(src_sorted, src_sorted, side="left")
    rank = np.arange(len(order)) - starts
    kept = sorted_unique(edge[order][rank < k])
    return i[kept], j[kept], s[kept]


def _exact_knn(vectors: np.ndarray, k: int, floor: float, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    k = min(k, n - 1)
    found_i, found_j = [], []
    for lo in range(0, n, chunk):
        sims = vectors[lo : lo + chunk] @ vectors.T
        rows = np.arange(sims.shape[0])
        sims[rows, lo + rows] = -1.0
        if k <= 0:
            continue
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        keep = sims[rows[:, None], top] >= floor
        i = np.broadcast_to((lo + rows)[:, None], top.shape)[keep]
        j = top[keep]
        found_i.append(np.minimum(i, j))
        found_j.append(np.maximum(i, j))
    if not found_i:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    return unique_pairs(np.concatenate(found_i), np.concatenate(found_j), n)

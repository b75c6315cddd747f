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
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from echolocate.stages.link.group_features import Features

_SEED = 20160704  # recorded here: the hyperplanes are part of what produced a grouping


def key_pairs(feats: Features, max_df: int, block_cap: int) -> set[tuple[int, int]]:
    """Pairs sharing at least one rare content word or entity."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (terms, ents) in enumerate(zip(feats.terms, feats.entities)):
        for t in terms:
            if feats.df[t] <= max_df:
                blocks["w:" + t].append(i)
        for e in ents:
            blocks[e].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= block_cap:
            pairs.update(_all_pairs(members))
    return pairs


def embedding_pairs(vectors: np.ndarray, k: int, floor: float, exact_limit: int,
                    block_cap: int, bands: int = 16) -> set[tuple[int, int]]:
    """Pairs of near neighbours in embedding space (exact top-k when small, LSH when large)."""
    n = len(vectors)
    if n < 2:
        return set()
    if n <= exact_limit:
        return _exact_knn(vectors, k, floor)
    bits = max(4, min(20, math.ceil(math.log2(n / 32))))
    rng = np.random.default_rng(_SEED)
    best = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    for _ in range(bands):
        planes = rng.standard_normal((vectors.shape[1], bits)).astype(np.float32)
        codes = ((vectors @ planes) > 0).astype(np.int64) @ (1 << np.arange(bits, dtype=np.int64))
        order = np.argsort(codes, kind="stable")
        bounds = np.flatnonzero(np.diff(codes[order])) + 1
        found = [best]
        for members in np.split(order, bounds):
            if 1 < len(members) <= block_cap:
                found.append(_bucket_pairs(vectors, np.sort(members), k, floor))
        # keep only each claim's k best after every band: memory stays at O(k n)
        best = _top_k(*(np.concatenate(parts) for parts in zip(*found)), n, k)
    return set(zip(best[0].tolist(), best[1].tolist()))


def _bucket_pairs(vectors: np.ndarray, members: np.ndarray, k: int,
                  floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of one bucket where j is among i's k most similar mates, at or above ``floor``."""
    sims = vectors[members] @ vectors[members].T
    np.fill_diagonal(sims, -1.0)
    m = len(members)
    if m - 1 > k:
        cols = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    else:
        cols = np.broadcast_to(np.arange(m), (m, m))
    rows = np.broadcast_to(np.arange(m)[:, None], cols.shape)
    vals = sims[rows, cols]
    keep = vals >= floor
    a, b, s = rows[keep], cols[keep], vals[keep]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return members[lo], members[hi], s.astype(np.float32)


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
    kept = np.unique(edge[order][rank < k])
    return i[kept], j[kept], s[kept]


def _exact_knn(vectors: np.ndarray, k: int, floor: float, chunk: int = 1024) -> set[tuple[int, int]]:
    n = len(vectors)
    k = min(k, n - 1)
    pairs: set[tuple[int, int]] = set()
    for lo in range(0, n, chunk):
        sims = vectors[lo : lo + chunk] @ vectors.T
        for r in range(sims.shape[0]):
            sims[r, lo + r] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k > 0 else np.zeros((sims.shape[0], 0), int)
        for r, row in enumerate(top):
            i = lo + r
            for j in row.tolist():
                if sims[r, j] >= floor:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _all_pairs(members: Iterable[int]) -> Iterable[tuple[int, int]]:
    ms = sorted(set(members))
    for a in range(len(ms)):
        for b in range(a + 1, len(ms)):
            yield ms[a], ms[b]

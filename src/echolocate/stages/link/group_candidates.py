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
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
    return blocks_of(*key_rows(feats, max_df, block_cap), presorted=True)


def key_rows(feats: Features, max_df: int, block_cap: int) -> tuple[np.ndarray, np.ndarray]:
    """``(key, claim)`` rows of every blocking key's block (see ``key_blocks``), sorted by key then claim.

    Term keys are the term IDs; entity keys follow them (entity ID plus the number of terms), so
    one int64 names either. Why rows: an engine that builds the blocks elsewhere (a group-by over
    the key) ships these and calls ``blocks_of`` on each share of the keys."""
    keys, claims, offset = [], [], 0
    for matrix, cap in ((feats.term_matrix(), min(max_df, block_cap)), (feats.entity_matrix(), block_cap)):
        by_key = matrix.T.tocsr()
        by_key.sort_indices()
        sizes = np.diff(by_key.indptr)
        valid = (sizes > 1) & (sizes <= cap)
        take = np.repeat(valid, sizes)
        keys.append(np.repeat(np.arange(by_key.shape[0], dtype=np.int64) + offset, sizes)[take])
        claims.append(by_key.indices[take].astype(np.int32))
        offset += by_key.shape[0]
    return np.concatenate(keys), np.concatenate(claims)


def blocks_of(keys: np.ndarray, claims: np.ndarray, presorted: bool = False) -> Blocks:
    """The blocks of ``(key, claim)`` rows: one block per distinct key, in key order, members ascending.
    Rows may come in any order unless ``presorted`` (by key, then claim)."""
    keys = np.asarray(keys, dtype=np.int64)
    claims = np.asarray(claims, dtype=np.int32)
    if not presorted and keys.size:
        order = np.lexsort((claims, keys))
        keys, claims = keys[order], claims[order]
    firsts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else np.zeros(0, np.int64)
    starts = np.append(firsts, keys.size).astype(np.int64)
    return Blocks(starts, claims)


def key_pairs(feats: Features, max_df: int, block_cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Deduplicated pairs ``(i < j)`` sharing at least one rare content word or entity (small inputs;
    large ones go part by part through ``key_blocks(...).pairs``)."""
    blocks = key_blocks(feats, max_df, block_cap)
    return unique_pairs(*_concat(blocks.pairs(len(feats))), len(feats))


def unique_pairs(i: np.ndarray, j: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs deduplicated (on the int64 key ``i * n + j``) and sorted by (i, j), as int32 arrays."""
    keys = sorted_unique(i.astype(np.int64) * n + j)
    return (keys // n).astype(np.int32), (keys % n).astype(np.int32)


def pair_parts(chunks: Iterable[tuple[np.ndarray, np.ndarray]], n: int, parts: int) -> Iterator[np.ndarray]:
    """Distinct pair keys ``i * n + j`` of all ``chunks``, sorted, one hash part (``key % parts``) at a time.

    Why spill: the raw pairs of a large corpus (a pair shared by several keys comes once per key)
    are several times the distinct ones. With more than one part each chunk is split by part and
    appended to one temporary file per part (8 bytes a raw pair, on disk), so the pairs are
    generated once and resident memory holds one part, whatever the corpus size.
    """
    if parts <= 1:
        got = [a.astype(np.int64) * n + b for a, b in chunks]
        yield sorted_unique(np.concatenate(got)) if got else np.zeros(0, np.int64)
        return
    with tempfile.TemporaryDirectory(prefix="echolocate-pairs-") as tmp:
        paths = [Path(tmp) / f"part-{p}.i64" for p in range(parts)]
        files = [path.open("wb") for path in paths]
        try:
            for a, b in chunks:
                keys = a.astype(np.int64) * n + b
                part = keys % parts
                order = np.argsort(part, kind="stable")
                bounds = np.searchsorted(part[order], np.arange(parts + 1))
                keys = keys[order]
                for p, f in enumerate(files):
                    keys[bounds[p]:bounds[p + 1]].tofile(f)
        finally:
            for f in files:
                f.close()
        for path in paths:
            keys = np.fromfile(path, dtype=np.int64)
            path.unlink()
            yield sorted_unique(keys)


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


BandRunner = Callable[[np.ndarray, list, int, float, int], Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]]


def embedding_pairs(vectors: np.ndarray, k: int, floor: float, exact_limit: int,
                    block_cap: int, bands: int = 16,
                    run_bands: BandRunner | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Deduplicated pairs ``(i < j)`` of near neighbours in embedding space (exact top-k when small, LSH
    when large), as int32 arrays sorted by (i, j).

    LSH keeps one running table of each claim's ``k`` best neighbours so far (``n x k`` int32 and
    float32: 8 k bytes a claim) and folds every batch of buckets into it as the batch is computed, so
    no list of pairs grows with the corpus; a pair is kept when j is among i's ``k`` best or i among
    j's. Vectors may be float16 (stored compactly); products are computed in float32 batches.

    The bands are independent and the fold keeps the ``k`` best of everything it is given whatever
    the order (``_keep_best``), so ``run_bands(vectors, planes, k, floor, block_cap)`` may compute
    them anywhere, in any order (the Ray engine: a task per band); by default, here, one by one.
    """
    n = len(vectors)
    if n < 2:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    if n <= exact_limit:
        return _exact_knn(vectors, k, floor)
    top_j = np.full((n, k), -1, dtype=np.int32)  # each claim's best neighbours so far, best first
    top_s = np.full((n, k), -np.inf, dtype=np.float32)
    for claims, cols, sims in (run_bands or local_bands)(vectors, lsh_planes(n, vectors.shape[1], bands),
                                                         k, floor, block_cap):
        top_j[claims], top_s[claims] = _keep_best(np.concatenate([top_j[claims], cols], axis=1),
                                                  np.concatenate([top_s[claims], sims], axis=1), k)
    return _table_pairs(top_j)


def lsh_planes(n: int, dims: int, bands: int) -> list[np.ndarray]:
    """Each band's random hyperplanes (fixed seed, drawn in band order), with bits for ``n`` vectors sized
    so that a bucket holds a few dozen on average."""
    bits = max(4, min(20, math.ceil(math.log2(n / 32))))
    rng = np.random.default_rng(_SEED)
    return [rng.standard_normal((dims, bits)).astype(np.float32) for _ in range(bands)]


def local_bands(vectors: np.ndarray, planes: list[np.ndarray], k: int, floor: float,
                block_cap: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every band's batches of neighbours, one band after the other, in this process."""
    for band in planes:
        yield from band_neighbours(vectors, band, k, floor, block_cap)


def band_in_one_piece(vectors: np.ndarray, planes: np.ndarray, k: int, floor: float,
                      block_cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One band's neighbours as one answer, for an engine that computes a band elsewhere and sends it back:
    ``band_neighbours``' batches joined, the narrower ones (buckets of few claims) padded with empty
    entries (-1, -inf), which the fold drops as it drops theirs."""
    found = list(band_neighbours(vectors, planes, k, floor, block_cap))
    if not found:
        return np.zeros(0, np.int64), np.zeros((0, k), np.int32), np.zeros((0, k), np.float32)
    width = max(cols.shape[1] for _, cols, _ in found)
    return (np.concatenate([claims for claims, _, _ in found]),
            np.concatenate([_pad(cols, width, -1) for _, cols, _ in found]),
            np.concatenate([_pad(sims, width, -np.inf) for _, _, sims in found]))


def _pad(table: np.ndarray, width: int, empty) -> np.ndarray:
    if table.shape[1] == width:
        return table
    return np.concatenate([table, np.full((len(table), width - table.shape[1]), empty, table.dtype)], axis=1)


def band_neighbours(vectors: np.ndarray, planes: np.ndarray, k: int, floor: float,
                    block_cap: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """One band's neighbours, a batch of buckets at a time: (claims, their up to ``k`` best bucket mates,
    the similarities). Each claim lies in one bucket of a band, so a band names a claim at most once.
    Buckets of one claim, or of more than ``block_cap``, give nothing.

    The products run on one BLAS thread: how many threads a process has changes their last bits, and
    a band must give the same answer in the command's process as in a Ray worker."""
    from threadpoolctl import threadpool_limits

    n = len(vectors)
    with threadpool_limits(1, user_api="blas"):
        codes = _codes(vectors, planes)
        order = np.argsort(codes, kind="stable")  # by bucket, members ascending within each
        starts = np.flatnonzero(np.concatenate(([True], np.diff(codes[order]) != 0)))
        del codes
        sizes = np.diff(np.append(starts, n))
        for m in np.unique(sizes[(sizes > 1) & (sizes <= block_cap)]):
            rows = starts[sizes == m]
            step = max(1, _BUCKET_FLOATS // (int(m) * max(int(m), vectors.shape[1])))
            for lo in range(0, len(rows), step):
                members = order[rows[lo:lo + step, None] + np.arange(m)]
                cols, sims = _bucket_best(vectors, members, k, floor)
                yield members.ravel(), cols, sims


def _codes(vectors: np.ndarray, planes: np.ndarray, chunk: int = 262_144) -> np.ndarray:
    """LSH bucket code of every vector (bit b set when it lies on the positive side of plane b)."""
    weights = 1 << np.arange(planes.shape[1], dtype=np.int64)
    out = np.empty(len(vectors), dtype=np.int64)
    for lo in range(0, len(vectors), chunk):
        out[lo:lo + chunk] = ((vectors[lo:lo + chunk].astype(np.float32) @ planes) > 0).astype(np.int64) @ weights
    return out


def _bucket_best(vectors: np.ndarray, members: np.ndarray, k: int,
                 floor: float) -> tuple[np.ndarray, np.ndarray]:
    """For buckets of one size (``members``: buckets x m), each member's up to ``k`` most similar bucket
    mates at or above ``floor``: (claims x k neighbour indices, -1 when none; similarities, -inf when
    none), rows in the order of ``members.ravel()``. All buckets in one batched product."""
    stacked = vectors[members].astype(np.float32)
    sims = np.matmul(stacked, stacked.transpose(0, 2, 1))
    del stacked
    nb, m = members.shape
    sims[:, np.arange(m), np.arange(m)] = -np.inf
    if m - 1 > k:
        cols = np.argpartition(-sims, k - 1, axis=2)[:, :, :k]
    else:  # every mate (the diagonal, -inf, falls below the floor)
        cols = np.broadcast_to(np.arange(m), (nb, m, m))
    vals = np.take_along_axis(sims, cols, axis=2)
    neighbours = np.take_along_axis(np.broadcast_to(members[:, None, :], (nb, m, m)), cols, axis=2)
    ok = vals >= floor
    neighbours = np.where(ok, neighbours, -1).astype(np.int32).reshape(nb * m, -1)
    vals = np.where(ok, vals, -np.inf).astype(np.float32).reshape(nb * m, -1)
    return neighbours, vals


def _keep_best(cols: np.ndarray, sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``k`` best distinct neighbours (ties by smaller index; -1 / -inf pad a short row).

    Rows are sorted with one packed uint64 key per entry: neighbour then similarity (to drop repeats
    of one neighbour, keeping its best), then similarity then neighbour (to rank)."""
    desc = _descending(sims)
    nbr = np.where(cols >= 0, cols, _EMPTY).astype(np.uint64)
    by_nbr = np.sort((nbr << _32) | desc, axis=1)
    nbr, desc = by_nbr >> _32, by_nbr & _LOW
    drop = nbr == _EMPTY
    drop[:, 1:] |= nbr[:, 1:] == nbr[:, :-1]
    desc[drop] = _LOW
    ranked = np.sort((desc << _32) | nbr, axis=1)[:, :k]
    nbr, desc = ranked & _LOW, ranked >> _32
    empty = desc == _LOW
    return (np.where(empty, -1, nbr.astype(np.int64)).astype(np.int32),
            np.where(empty, -np.inf, _from_descending(desc)).astype(np.float32))


_EMPTY = np.uint64(0x7FFFFFFF)
_LOW = np.uint64(0xFFFFFFFF)
_32 = np.uint64(32)


def _descending(sims: np.ndarray) -> np.ndarray:
    """float32 -> uint64 below 2**32 - 1, ascending as the similarity descends (-inf: 2**32 - 1)."""
    u = np.ascontiguousarray(sims, dtype=np.float32).view(np.uint32).astype(np.uint64)
    sign = np.uint64(0x80000000)
    mono = np.where(u & sign, ~u & _LOW, u | sign)  # ascending with the float
    out = np.uint64(0xFFFFFFFE) - np.minimum(mono, np.uint64(0xFFFFFFFE))
    out[~(sims > -np.inf)] = _LOW
    return out


def _from_descending(desc: np.ndarray) -> np.ndarray:
    """Inverse of ``_descending`` (for entries that are not -inf)."""
    mono = np.uint64(0xFFFFFFFE) - np.minimum(desc, np.uint64(0xFFFFFFFE))
    sign = np.uint64(0x80000000)
    u = np.where(mono & sign, mono & np.uint64(0x7FFFFFFF), ~mono & _LOW)
    return u.astype(np.uint32).view(np.float32)


def _table_pairs(top_j: np.ndarray, chunk: int = 32_768) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of a neighbour table, each once, sorted: row i gives (i, j) for its neighbours j > i,
    and (j, i) for j < i unless row j lists i too (then row j gives it)."""
    n, k = top_j.shape
    found_i, found_j = [], []
    for lo in range(0, n, chunk):
        block = top_j[lo:lo + chunk]
        rows = np.broadcast_to(np.arange(lo, lo + len(block), dtype=np.int32)[:, None], block.shape)
        valid = block >= 0
        lower = valid & (block < rows)
        if lower.any():  # does row j list i? then (j, i) comes from row j
            back = (top_j[np.where(lower, block, 0)] == rows[:, :, None]).any(axis=2)
            valid &= ~(lower & back)
        a, b = rows[valid], block[valid]
        found_i.append(np.minimum(a, b))
        found_j.append(np.maximum(a, b))
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    order = np.lexsort((j, i))
    return i[order], j[order]


def _exact_knn(vectors: np.ndarray, k: int, floor: float, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    vectors = np.asarray(vectors, dtype=np.float32)
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

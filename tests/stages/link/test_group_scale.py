"""Compact features, blocked candidates and part-wise scoring: the machinery grouping uses at scale."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import numpy as np
import pytest

from echolocate.stages.link.claim_groups import GroupParams, group_claims
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.group_candidates import embedding_pairs, key_blocks, key_pairs, unique_pairs
from echolocate.stages.link.group_features import Features, Weights, content_terms, entity_keys

_WORDS = ("troops airbase border minister militia oil port ceasefire talks convoy drone strike council "
          "envoy refinery harbour rebels election vote tanker shelling patrol sanctions").split()


def _items(n: int, seed: int = 3) -> list[ClaimItem]:
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        text = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(4, 9)))
        ents = tuple(rnd.sample(("UN", "Haftar", "Tobruk", "Sirte", "NATO"), rnd.randint(0, 2)))
        out.append(ClaimItem(claim_id=f"c{k:03d}", report_id=f"r{k % 7}", text=text, start=0, end=len(text),
                             entities=ents))
    return out


def _reference_score(a: ClaimItem, b: ClaimItem, idf: dict[str, float], w: Weights) -> float:
    """The per-pair definition, written out with Python sets."""
    ta, tb = content_terms(a.text), content_terms(b.text)
    norm = lambda ts: math.sqrt(sum(idf[t] ** 2 for t in ts)) or 1.0  # noqa: E731
    parts = [(w.lexical, sum(idf[t] ** 2 for t in ta & tb) / (norm(ta) * norm(tb)))]
    ea, eb = entity_keys(a), entity_keys(b)
    if ea and eb:
        parts.append((w.entity, len(ea & eb) / len(ea | eb)))
    return sum(x * v for x, v in parts) / sum(x for x, _ in parts)


def test_features_scores_match_set_definition():
    items = _items(60)
    feats = Features(items, None)
    n = len(items)
    df: dict[str, int] = {}
    for it in items:
        for t in content_terms(it.text):
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    w = Weights(embedding=0.0, lexical=0.8, entity=0.2)
    i, j = np.triu_indices(n, 1)
    got = feats.scores(i, j, w)
    want = [_reference_score(items[a], items[b], idf, w) for a, b in zip(i.tolist(), j.tolist())]
    assert np.allclose(got, want, atol=1e-12)
    assert feats.score(3, 7, w) == pytest.approx(want[list(zip(i.tolist(), j.tolist())).index((3, 7))])


def test_features_scores_large_and_small_batches_agree():
    items = _items(120)
    feats = Features(items, None)
    i, j = np.triu_indices(len(items), 1)  # 7,140 pairs: above the small-batch path
    w = Weights(embedding=0.0, lexical=0.7, entity=0.3)
    whole = feats.scores(i, j, w)
    pieces = np.concatenate([feats.scores(i[lo:lo + 500], j[lo:lo + 500], w) for lo in range(0, i.size, 500)])
    assert np.allclose(whole, pieces, atol=1e-12)


@pytest.mark.parametrize("parts", [1, 2, 5])
def test_blocks_pairs_parts_cover_each_pair_once(parts):
    items = _items(80)
    feats = Features(items, None)
    blocks = key_blocks(feats, max_df=20, block_cap=20)
    n = len(items)
    seen = [unique_pairs(i, j, n) for p in range(parts) for i, j in blocks.pairs(n, p, parts)]
    keys = np.concatenate([a.astype(np.int64) * n + b for a, b in seen])
    want_i, want_j = key_pairs(feats, 20, 20)
    assert np.array_equal(np.unique(keys), want_i.astype(np.int64) * n + want_j)
    assert (want_i < want_j).all()


def test_embedding_pairs_lsh_pairs_are_close_and_ordered():
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((30, 16)).astype(np.float32)
    vecs = centres[rng.integers(0, 30, 900)] + 0.1 * rng.standard_normal((900, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    i, j = embedding_pairs(vecs, k=5, floor=0.5, exact_limit=0, block_cap=300)
    assert i.size > 0 and (i < j).all()
    assert (np.einsum("ij,ij->i", vecs[i], vecs[j]) >= 0.5 - 1e-6).all()
    assert np.unique(i.astype(np.int64) * 900 + j).size == i.size


def test_group_claims_same_groups_whatever_the_pass_size():
    items = _items(150)
    params = GroupParams(use_embedding=False)
    one = group_claims(items, params)
    many = group_claims(items, replace(params, pass_pairs=50))
    assert [g.members for g in one] == [g.members for g in many]
    assert any(len(g.members) > 1 for g in one)


@pytest.mark.parametrize("cols,sims,k,want_cols", [
    ([3, 7, -1, 2, 7, 5], [0.5, 0.9, -np.inf, 0.9, 0.1, -0.3], 4, [2, 7, 3, 5]),  # ties by index, repeat dropped
    ([3, 7, -1, 2, 3, 5], [0.5, 0.9, -np.inf, 0.9, 0.6, -0.3], 2, [2, 7]),
    ([4, -1, -1, 4], [0.2, -np.inf, -np.inf, 0.7], 3, [4, -1, -1]),  # short row padded
])
def test_keep_best_keeps_k_best_distinct_neighbours(cols, sims, k, want_cols):
    from echolocate.stages.link.group_candidates import _keep_best

    got_cols, got_sims = _keep_best(np.array([cols], np.int32), np.array([sims], np.float32), k)
    assert got_cols[0].tolist() == want_cols
    best = {}
    for c, s in zip(cols, sims):
        if c >= 0:
            best[c] = max(best.get(c, -np.inf), s)
    assert got_sims[0].tolist() == pytest.approx([best.get(c, -np.inf) for c in want_cols])


def _clustered(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 30), dim)).astype(np.float32)
    vecs = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.standard_normal((n, dim)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _lsh_reference(vecs: np.ndarray, k: int, floor: float, block_cap: int, bands: int = 16) -> set:
    """The definition, with Python sets: per claim, its k most similar bucket mates (over all bands) at
    or above the floor; a pair is kept when either end keeps it."""
    import math

    from echolocate.stages.link.group_candidates import _SEED

    n = len(vecs)
    bits = max(4, min(20, math.ceil(math.log2(n / 32))))
    rng = np.random.default_rng(_SEED)
    mates: list[set] = [set() for _ in range(n)]
    for _ in range(bands):
        planes = rng.standard_normal((vecs.shape[1], bits)).astype(np.float32)
        codes = ((vecs @ planes) > 0).astype(np.int64) @ (1 << np.arange(bits, dtype=np.int64))
        for code in np.unique(codes):
            bucket = np.flatnonzero(codes == code)
            if 1 < len(bucket) <= block_cap:
                for a in bucket:
                    mates[a].update(int(b) for b in bucket if b != a)
    pairs = set()
    for a in range(n):
        scored = sorted(((-float(vecs[a] @ vecs[b]), b) for b in mates[a] if vecs[a] @ vecs[b] >= floor))
        pairs.update((min(a, b), max(a, b)) for _, b in scored[:k])
    return pairs


@pytest.mark.parametrize("k", [1, 3, 50])
def test_embedding_pairs_lsh_keeps_each_claims_k_best_bucket_mates(k):
    vecs = _clustered(400)
    i, j = embedding_pairs(vecs, k=k, floor=0.4, exact_limit=0, block_cap=300)
    got = set(zip(i.tolist(), j.tolist()))
    want = _lsh_reference(vecs, k, 0.4, 300)
    # similarities computed in different batch shapes may differ in the last bit: allow a few swaps
    assert len(got ^ want) <= max(2, len(want) // 200)
    assert list(zip(i.tolist(), j.tolist())) == sorted(got)


def test_embedding_pairs_lsh_float16_storage_nearly_the_same():
    vecs = _clustered(900)
    full = set(zip(*(a.tolist() for a in embedding_pairs(vecs, 5, 0.5, 0, 300))))
    half = set(zip(*(a.tolist() for a in embedding_pairs(vecs.astype(np.float16), 5, 0.5, 0, 300))))
    assert len(full & half) >= 0.98 * len(full)


@pytest.mark.parametrize("parts", [1, 3, 8])
def test_pair_parts_spilled_parts_hold_each_distinct_pair_once(parts):
    from echolocate.stages.link.group_candidates import pair_parts

    rng = np.random.default_rng(1)
    n = 400
    a, b = rng.integers(0, n, 5000), rng.integers(0, n, 5000)
    i, j = np.minimum(a, b)[a != b], np.maximum(a, b)[a != b]
    chunks = [(i[lo:lo + 700], j[lo:lo + 700]) for lo in range(0, i.size, 700)]
    got = list(pair_parts(iter(chunks), n, parts))
    assert len(got) == parts
    assert all((np.diff(p) > 0).all() for p in got)
    assert np.array_equal(np.sort(np.concatenate(got)), np.unique(i.astype(np.int64) * n + j))


def test_group_claims_float16_embeddings_same_groups():
    items = _items(150)
    vecs = _clustered(150, seed=4)
    params = GroupParams(exact_limit=0)
    full = group_claims(items, replace(params, compact_above=10**9), vectors=vecs)
    half = group_claims(items, replace(params, compact_above=0), vectors=vecs)
    assert [g.members for g in full] == [g.members for g in half]
    assert any(len(g.members) > 1 for g in full)


def test_embedding_pairs_same_whatever_order_the_bands_come_back_in():
    """The Ray engine folds each band as its task ends: any band order, the same pairs as one by one."""
    from echolocate.stages.link.group_candidates import band_neighbours

    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 32)).astype(np.float32)
    vecs = centres[rng.integers(0, 40, 2_000)] + 0.3 * rng.standard_normal((2_000, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    used = []

    def backwards(vectors, planes, k, floor, block_cap):
        for band in reversed(planes):
            used.append(band)
            batches = list(band_neighbours(vectors, band, k, floor, block_cap))
            yield from reversed(batches)

    want = embedding_pairs(vecs, k=4, floor=0.3, exact_limit=0, block_cap=300)
    got = embedding_pairs(vecs, k=4, floor=0.3, exact_limit=0, block_cap=300, run_bands=backwards)
    assert len(used) == 16 and want[0].size > 2_000
    assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])

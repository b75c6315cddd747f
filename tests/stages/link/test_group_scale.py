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

"""The compiled pair scores: batch-independent, and the block form agrees with the pair form."""

from __future__ import annotations

import random

import numpy as np

from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.group_features import Features, Weights

_WORDS = "convoy port militia tanker envoy refinery airbase drone council harbour ceasefire border".split()


def _features(n: int, seed: int, dim: int = 16, dtype=np.float32) -> Features:
    rnd = random.Random(seed)
    items = []
    for k in range(n):
        text = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(3, 8)))
        ents = tuple(rnd.sample(("UN", "Misrata", "Benghazi", "NATO"), rnd.randint(0, 2)))
        items.append(ClaimItem(claim_id=f"c{k:03d}", report_id=f"r{k % 5}", text=text, start=0, end=len(text),
                               entities=ents))
    vectors = np.random.default_rng(seed).normal(size=(n, dim))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return Features(items, vectors.astype(dtype))


def test_pair_scores_do_not_depend_on_the_batch_a_pair_comes_in():
    feats = _features(90, seed=5)
    i, j = np.triu_indices(90, 1)
    w = Weights()
    whole = feats.scores(i, j, w)
    pieces = np.concatenate([feats.scores(i[lo:lo + 7], j[lo:lo + 7], w) for lo in range(0, i.size, 7)])
    assert np.array_equal(whole, pieces)  # bit for bit, not merely close
    assert ((whole >= 0) & (whole <= 1)).all()


def test_cross_block_equals_the_scores_of_its_pairs():
    for dtype in (np.float32, np.float16):
        feats = _features(40, seed=11, dtype=dtype)
        a, b = np.array([0, 3, 9, 17, 30]), np.array([1, 3, 22, 39])
        block = feats.cross(a, b, Weights())
        pairs = feats.scores(np.repeat(a, b.size), np.tile(b, a.size), Weights()).reshape(a.size, b.size)
        assert block.shape == (5, 4)
        assert np.allclose(block, pairs, atol=1e-6)  # cosines from one matrix product: last bits only
        assert block[1, 1] > 0.99  # a claim with itself


def test_cross_without_embeddings_and_empty_sides():
    feats = _features(12, seed=2)
    lexical = Weights(embedding=0.0, lexical=0.8, entity=0.2)
    a, b = np.array([2, 5]), np.array([7, 8, 11])
    assert np.array_equal(feats.cross(a, b, lexical),
                          feats.scores(np.repeat(a, 3), np.tile(b, 2), lexical).reshape(2, 3))
    assert feats.cross(np.array([], dtype=np.int64), b, lexical).shape == (0, 3)

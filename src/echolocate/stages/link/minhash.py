"""MinHash signatures of reports and of passage windows, and LSH candidate pairs from them.

Why windows: a report that re-uses three sentences of a long article shares only a few
percent of its shingles with it, so a whole-report signature never collides. Each
report is therefore signed once as a whole (near-duplicates) and once per overlapping
window of about ``window_words`` words, snapped to sentence starts so that a copied
run of sentences meets a window that starts where the copy starts.

Signatures are plain frozen dataclasses holding the hash values as bytes: picklable,
computable in independent batches (process pool, Ray actors), and tagged with the
parameters that produced them, so that signatures made with different seeds or
permutation counts are refused rather than silently compared.

Defaults measured on eval/reuse.py's planted copies (200 sources, 712 reports): with
40-word windows, threshold 0.2 (28 bands x 2 rows) made a candidate of every planted
pair; 0.3 missed 11 % of the 2-5 sentence partial copies, 0.5 missed 15 %; 60-word
windows at 0.2 missed 3 %. False candidates stay few (241 candidates for 200 true
pairs), and alignment rejects them.

Candidates come from LSH banding done as a group-by over (band, band hash) in numpy,
in one place (``_count_pairs``, fed by ``candidate_pairs`` from signatures or by
``lsh_candidates`` from band keys spilled to disk while signing, for large corpora): the
same computation a distributed engine does as a group-by, and far lighter than one Python
set per bucket. Bands and rows are the ones
datasketch's ``MinHashLSH`` picks for the threshold. Work is linear in the number of
windows; a bucket holding more than ``max_bucket`` reports (boilerplate, a wire story
carried everywhere) links its members to its first member only, so it stays linear too.
"""

from __future__ import annotations

import bisect
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from echolocate.stages.link.reuse_tokens import Tokens, tokenize

_SCHEME = "affine32"
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class MinHashParams:
    """Everything that determines a signature or a candidate set; recorded with the results."""

    seed: int = 1
    num_perm: int = 128
    shingle: int = 5  # words per shingle, after normalisation
    window_words: int = 40  # a window grows sentence by sentence until it holds this many words
    window_stride: int = 20  # words between window starts (snapped to the next sentence start)
    threshold: float = 0.2  # Jaccard threshold the LSH bands are tuned for (28 bands of 2 rows at 128)
    max_bucket: int = 50  # larger buckets link to their first member only

    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) datasketch's optimiser picks for ``threshold`` and ``num_perm``."""
        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r

    def describe(self) -> dict[str, object]:
        import datasketch

        bands, rows = self.bands()
        return {**asdict(self), "bands": bands, "rows": rows, "scheme": _SCHEME,
                "hash": "sha1_hash32", "datasketch": datasketch.__version__}


@dataclass(frozen=True)
class Window:
    """One signed stretch of a report: words ``token_start`` .. ``token_end - 1``."""

    token_start: int
    token_end: int
    char_start: int
    char_end: int
    hashvalues: bytes  # num_perm little-endian uint32 MinHash values
    whole: bool = False  # the whole-report signature


@dataclass(frozen=True)
class ReportSignature:
    """All signatures of one report, tagged with the parameters that made them."""

    report_id: str
    windows: tuple[Window, ...]
    seed: int
    num_perm: int
    shingle: int


@dataclass(frozen=True)
class Candidate:
    """Two reports whose windows met in at least one LSH bucket (indices into the signature list)."""

    a: int
    b: int
    collisions: int


def sign(report_id: str, text: str | Tokens, params: MinHashParams = MinHashParams()) -> ReportSignature:
    """Signatures of one report: the whole text plus sentence-snapped overlapping windows."""
    return sign_batch([(report_id, text)], params)[0]


def sign_batch(items: Iterable[tuple[str, str | Tokens]],
               params: MinHashParams = MinHashParams()) -> list[ReportSignature]:
    """Signatures for a batch of ``(report_id, text or Tokens)``; pure, so batches can run anywhere."""
    permutations = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=_SCHEME).permutations
    out = []
    for report_id, text in items:
        tokens = text if isinstance(text, Tokens) else tokenize(text)
        out.append(_sign_one(report_id, tokens, params, permutations))
    return out


def window_bounds(tokens: Tokens, params: MinHashParams) -> list[tuple[int, int]]:
    """Word ranges of the windows: each starts at a sentence start (when one is near) and
    grows to the first sentence end past ``window_words`` words (at most twice that)."""
    n = len(tokens)
    if n <= params.window_words:
        return [(0, n)] if n else []
    starts = sorted(set(tokens.sentence_starts) | {n})
    bounds = []
    begin = 0
    while True:
        end = _first_at_least(starts, begin + params.window_words)
        if end > begin + 2 * params.window_words:
            end = begin + params.window_words
        end = min(end, n)
        bounds.append((begin, end))
        if end >= n:
            return bounds
        following = _first_at_least(starts, begin + params.window_stride)
        begin = following if following <= begin + 2 * params.window_stride else begin + params.window_stride


def candidate_pairs(signatures: Sequence[ReportSignature], params: MinHashParams = MinHashParams()) -> list[Candidate]:
    """Report pairs sharing an LSH bucket, sorted; never compares all pairs."""
    for sig in signatures:
        if (sig.seed, sig.num_perm, sig.shingle) != (params.seed, params.num_perm, params.shingle):
            raise ValueError(f"signature of {sig.report_id!r} was made with seed={sig.seed}, num_perm={sig.num_perm}, "
                             f"shingle={sig.shingle}; re-sign it with {params}")
    owners = np.fromiter((i for i, sig in enumerate(signatures) for _ in sig.windows), dtype=np.int64)
    if owners.size == 0:
        return []
    matrix = np.frombuffer(b"".join(w.hashvalues for sig in signatures for w in sig.windows),
                           dtype="<u4").reshape(owners.size, params.num_perm)
    keys = band_keys(matrix, *params.bands())
    return _count_pairs((np.ascontiguousarray(keys[:, band]) for band in range(keys.shape[1])), owners,
                        len(signatures), params.max_bucket)


def lsh_candidates(tokens: Iterable[Tokens], params: MinHashParams = MinHashParams(),
                   batch: int = 256) -> list[Candidate]:
    """``candidate_pairs(sign_batch(...))`` for reports given as token lists, in bounded memory.

    The same candidates, computed without keeping signatures: each batch of reports is signed,
    reduced at once to its LSH band keys (one uint64 per band and window: 224 bytes a window at the
    defaults, against 512 bytes of hash values plus objects) and the keys are appended to one
    temporary file per band; buckets are then formed band by band from those files. Resident
    memory is one batch of signatures plus one band of keys, whatever the corpus size. Token
    lists are consumed one at a time (pass a generator to avoid holding them all).
    """
    permutations = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=_SCHEME).permutations
    bands, rows = params.bands()
    owners = array("i")
    reports = 0
    with tempfile.TemporaryDirectory(prefix="echolocate-lsh-") as tmp:
        paths = [Path(tmp) / f"band-{b}.u64" for b in range(bands)]
        files = [path.open("wb") for path in paths]
        try:
            pending: list[bytes] = []
            for index, toks in enumerate(tokens):
                reports = index + 1
                sig = _sign_one("", toks, params, permutations)
                owners.extend([index] * len(sig.windows))
                pending.extend(w.hashvalues for w in sig.windows)
                if len(pending) >= batch * 32:
                    _spill(pending, files, params.num_perm, rows)
                    pending = []
            _spill(pending, files, params.num_perm, rows)
        finally:
            for f in files:
                f.close()
        if not owners:
            return []
        owner_array = np.frombuffer(owners, dtype=np.int32).astype(np.int64)
        del owners
        return _count_pairs((np.fromfile(path, dtype=np.uint64) for path in paths), owner_array, reports,
                            params.max_bucket)


def band_keys(matrix: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """LSH band keys (windows x bands, uint64): each band's rows of hash values mixed into one key."""
    keys = np.zeros((matrix.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        for column in range(band * rows, (band + 1) * rows):
            keys[:, band] = (keys[:, band] * _MIX) ^ matrix[:, column].astype(np.uint64)
    return keys


def _spill(hashvalues: list[bytes], files: list, num_perm: int, rows: int) -> None:
    """Append the band keys of windows' hash values to the per-band files."""
    if not hashvalues:
        return
    matrix = np.frombuffer(b"".join(hashvalues), dtype="<u4").reshape(len(hashvalues), num_perm)
    keys = band_keys(matrix, len(files), rows)
    for band, f in enumerate(files):
        np.ascontiguousarray(keys[:, band]).tofile(f)


def _count_pairs(band_keys_iter: Iterable[np.ndarray], owners: np.ndarray, reports: int,
                 max_bucket: int) -> list[Candidate]:
    """Candidates from the band keys of every window, one band at a time (``owners``: report of each window)."""
    n = np.int64(reports)
    seen = np.zeros(0, dtype=np.int64)  # distinct pair keys a * n + b so far, sorted
    counts = np.zeros(0, dtype=np.int64)
    for keys in band_keys_iter:
        found = bucket_pairs(keys, owners, max_bucket, n)
        if found.size:  # merge this band's collisions into the running counts: memory follows distinct pairs
            merged, inverse = np.unique(np.concatenate([seen, found]), return_inverse=True)
            counts = np.bincount(inverse, weights=np.concatenate([counts, np.ones(found.size, np.int64)]),
                                 minlength=merged.size).astype(np.int64)
            seen = merged
    return [Candidate(int(k // n), int(k % n), int(c)) for k, c in zip(seen.tolist(), counts.tolist())]


def bucket_pairs(keys: np.ndarray, owners: np.ndarray, max_bucket: int, n: np.int64) -> np.ndarray:
    """Pair keys ``a * n + b`` (a < b) of reports sharing a bucket of one band, once per bucket.

    A bucket of more than ``max_bucket`` reports links its members to its first member only."""
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    fresh = np.ones(keys.size, dtype=bool)  # one entry per (bucket, report)
    fresh[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[fresh], owners[fresh]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, keys.size))
    out = []
    for m in np.unique(sizes[(sizes > 1) & (sizes <= max_bucket)]):
        first, second = np.triu_indices(int(m), 1)
        block = owners[starts[sizes == m][:, None] + np.arange(m)]
        out.append(block[:, first].ravel() * n + block[:, second].ravel())
    big = sizes > max_bucket
    if big.any():
        head = np.repeat(owners[starts[big]], sizes[big] - 1)
        rest = np.concatenate([owners[s + 1:s + z] for s, z in zip(starts[big], sizes[big])])
        out.append(head * n + rest)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _sign_one(report_id: str, tokens: Tokens, params: MinHashParams, permutations) -> ReportSignature:
    k = params.shingle
    n = len(tokens)
    if n < k:
        return ReportSignature(report_id, (), params.seed, params.num_perm, k)
    norms = tokens.norms
    hashes = [sha1_hash32(" ".join(norms[i:i + k]).encode("utf-8")) for i in range(n - k + 1)]
    windows = [_window(tokens, 0, n, hashes, k, params, permutations, whole=True)]
    bounds = window_bounds(tokens, params)
    if len(bounds) > 1:
        windows.extend(_window(tokens, s, e, hashes, k, params, permutations) for s, e in bounds)
    return ReportSignature(report_id, tuple(windows), params.seed, params.num_perm, k)


def _window(tokens: Tokens, start: int, end: int, hashes: list[int], k: int, params: MinHashParams,
            permutations, whole: bool = False) -> Window:
    minhash = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=_identity,
                      permutations=permutations, scheme=_SCHEME)
    minhash.update_batch(hashes[start:max(start + 1, end - k + 1)])
    char_start, char_end = tokens.char_span(start, end)
    return Window(start, end, char_start, char_end, minhash.hashvalues.astype("<u4").tobytes(), whole)


def _identity(value: int) -> int:
    """The shingles are hashed once per report; windows feed those hashes to MinHash as they are."""
    return value


def _first_at_least(sorted_values: list[int], floor: int) -> int:
    index = bisect.bisect_left(sorted_values, floor)
    return sorted_values[index] if index < len(sorted_values) else sorted_values[-1]

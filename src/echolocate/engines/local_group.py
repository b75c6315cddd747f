"""Claim grouping on this machine's process pool: ``group_claims``' answer, with its independent pieces
spread over the cores.

The steps are the stage's own (``stages/link/claim_groups.py``), run in pieces as the Ray engine runs
them (``engines/ray_group.py``); nothing is re-implemented here:

- the embedding (the static table, above ``GroupParams.static_above`` claims): one pool job a run of
  ``EMBED_JOB`` texts;
- the embedding LSH bands: one pool job a band (``group_candidates.band_in_one_piece``), folded here as
  they come back;
- the scoring of candidate pairs: one pool job a ``SCORE_BATCH`` slice (``claim_groups.score_part``);
- the groups of the merged clusters: pool jobs of about ``MEMBERS_PER_JOB`` claims
  (``claim_groups.make_groups``); singletons need no scoring and are made here.

The claim features, the key blocks, the edge order and the merge (sequential by nature) run in this
process. Workers read the features from memory-mapped files written once into a temporary folder
(``Features.save`` and ``Features.mapped``), not from a pickled copy a job: at a million claims they
are gigabytes.

A pair's score does not depend on the process or the batch it is scored in (``pair_kernels``), so the
groups are ``group_claims``' own, bit for bit (tests/engines/test_local_group.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from echolocate.engines.local import run_ordered, worker_count
from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams
from echolocate.stages.link.claim_types import ClaimGroup, ClaimItem
from echolocate.stages.link.group_features import Features, Weights

POOL_ABOVE = 20_000  # claims; below this the pool's start-up (a few seconds) costs more than it saves
MEMBERS_PER_JOB = 20_000  # claims of the merged clusters one job makes groups of
EMBED_JOB = 8 * 2048  # texts one job embeds: whole chunks of the static table's embedder (embed_static._CHUNK)


def group_on_pool(items: Sequence[ClaimItem], params: GroupParams = GroupParams(), workers: int = 0,
                  pool_above: int = POOL_ABOVE) -> list[ClaimGroup]:
    """``group_claims(items, params)``, with the embedding, bands, scoring and groups on ``workers`` processes
    (0: a process a core). With one worker or fewer than ``pool_above`` claims it is ``group_claims`` itself."""
    workers = worker_count(workers)
    if workers < 2 or len(items) < max(1, pool_above):
        return claim_groups.group_claims(items, params)
    its, _ = claim_groups.sort_items(items)
    static, dtype = claim_groups.embedding_choice(len(its), params)
    vecs = None
    if params.use_embedding:
        texts = [it.text for it in its]
        vecs = _embed_on_pool(texts, dtype, workers) if static else claim_groups._embed(texts, static, dtype)
    with tempfile.TemporaryDirectory(prefix="echolocate-features-") as tmp:
        pool = _Pool(Path(tmp), workers)
        return claim_groups.group_sorted(its, vecs, static, params, edges=pool.edges, represent=pool.represent)


def _embed_on_pool(texts: list[str], dtype: type, workers: int) -> np.ndarray | None:
    """``claim_groups._embed(texts, True, dtype)`` with runs of ``EMBED_JOB`` texts on the pool (cut at the
    static table's own chunks): the same vectors, in text order; None without the model, as there."""
    from echolocate.stages.link.embed import EmbedderUnavailable
    from echolocate.stages.link.embed_static import StaticEmbedder

    try:
        StaticEmbedder.load()  # builds the table once, here, if it is not on disk yet; workers then read it
    except EmbedderUnavailable:
        return claim_groups._embed(texts, True, dtype)  # which logs why grouping goes on without embeddings
    jobs = ((texts[lo:lo + EMBED_JOB], np.dtype(dtype).name) for lo in range(0, len(texts), EMBED_JOB))
    return np.concatenate(list(run_ordered(_embed_job, jobs, workers=workers, chunk=1, in_process_below=2,
                                           on_crash=lambda job, error: _embed_job(job))))


class _Pool:
    """The ``edges`` and ``represent`` steps of ``group_sorted`` with their pieces on the process pool."""

    def __init__(self, folder: Path, workers: int) -> None:
        self.folder, self.workers = folder, workers
        self.saved = False

    def _share(self, feats: Features) -> str:
        if not self.saved:  # one grouping run builds one Features; its files are written once
            feats.save(self.folder)
            self.saved = True
        return str(self.folder)

    def edges(self, feats: Features, w: Weights, threshold: float,
              params: GroupParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        folder = self._share(feats)

        def run_bands(vectors: np.ndarray, planes: list[np.ndarray], k: int, floor: float, block_cap: int):
            jobs = ((folder, band, k, floor, block_cap) for band in planes)
            return run_ordered(_band_job, jobs, workers=self.workers, chunk=1, in_process_below=2,
                               on_crash=lambda job, error: _band_job(job))

        def score_slices(slices: Iterator[np.ndarray]):
            jobs = ((folder, keys, w, threshold) for keys in slices)
            return run_ordered(_score_job, jobs, workers=self.workers, chunk=1, in_process_below=2,
                               on_crash=lambda job, error: _score_job(job))

        return claim_groups.find_edges(feats, w, threshold, params, run_bands=run_bands, score_slices=score_slices)

    def represent(self, its: list[ClaimItem], feats: Features, w: Weights,
                  clusters: list[list[int]]) -> list[ClaimGroup]:
        folder = self._share(feats)
        singles = [members for members in clusters if len(members) == 1]
        groups = claim_groups.make_groups(its, feats, w, singles)
        chunks = claim_groups.cluster_chunks([members for members in clusters if len(members) > 1],
                                             MEMBERS_PER_JOB)
        jobs = ((folder, {i: its[i] for members in chunk for i in members}, w, chunk) for chunk in chunks)
        for made in run_ordered(_groups_job, jobs, workers=self.workers, chunk=1, in_process_below=2,
                                on_crash=lambda job, error: _groups_job(job)):
            groups.extend(made)
        return groups


_MAPPED: dict[str, Features] = {}  # a worker maps a run's features once


def _features(folder: str) -> Features:
    if folder not in _MAPPED:
        _MAPPED.clear()
        _MAPPED[folder] = Features.mapped(Path(folder))
    return _MAPPED[folder]


def _band_job(job: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from echolocate.stages.link.group_candidates import band_in_one_piece

    folder, planes, k, floor, block_cap = job
    return band_in_one_piece(_features(folder).vectors, planes, k, floor, block_cap)


def _embed_job(job: tuple) -> np.ndarray:
    texts, dtype = job
    return claim_groups._embed(texts, True, np.dtype(dtype).type)


def _score_job(job: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    folder, keys, w, threshold = job
    return claim_groups.score_part(_features(folder), keys, w, threshold)


def _groups_job(job: tuple) -> list[ClaimGroup]:
    folder, claims, w, clusters = job
    return claim_groups.make_groups(claims, _features(folder), w, clusters)

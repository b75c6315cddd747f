"""Claim grouping on Ray: the same groups as ``stages.link.claim_groups.group_claims``, bit for bit.

The local stage code runs in pieces; nothing is re-implemented here:

1. **Embed** (``map_batches`` on an actor pool, the embedder loaded once per actor): MiniLM or the
   static table and the storage dtype are chosen by ``claim_groups.embedding_choice``, as locally.
   Each row is one *unit* of texts, cut where the local embedder cuts its own batches (MiniLM: its
   batches of 32 in order of token length; static: its chunks of 2048 in claim-ID order), so every
   vector comes out of the same arithmetic as locally; the units are put back in claim-ID order.
2. **Key blocks** (``groupby(...).map_groups``): the ``(key, claim)`` rows of every blocking key
   (``group_candidates.key_rows``) are shuffled by a partition of the key, so a key's block lands
   whole in one partition; each partition builds its blocks and pairs with the local code
   (``blocks_of(...).pairs``).
3. **Distinct pairs** (a second group-by): the pairs of the blocks and the embedding neighbours meet
   by a partition of the pair key and are deduplicated there (``sorted_unique``). The embedding
   neighbours come from ``embedding_pairs``: below ``exact_limit`` claims its exact top-k on the
   driver; above it, each LSH band in a Ray task of its own (``band_neighbours`` over the vectors,
   put in the object store once), folded on the driver as the bands come back. The fold keeps each
   claim's ``k`` best of everything it is given, whatever the order, so the pairs are the local ones.
4. **Score** (Ray tasks): ``Features`` goes to the object store once (``ray.put``); each task scores
   one slice of one local part with ``claim_groups.score_part`` and keeps the pairs passing the
   threshold. The slices are the local engine's own batches (its parts, ``SCORE_BATCH`` pairs from
   the start of each); a pair's score no longer depends on its batch, so this split is only a size.
5. **Merge** on the driver: ``order_edges`` and the greedy average-linkage merge, as locally. The
   merge is sequential by nature (each decision depends on every earlier one), so it stays there,
   as does the background bar.
6. **Groups** (Ray tasks): each merged cluster's representative, variants and cohesion
   (``claim_groups.make_groups``) are independent of the other clusters', so the clusters of two or
   more claims are spread over tasks, each shipped only its clusters' claims.

Only pair keys (8 bytes each) and kept edges come back to the driver between the steps.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from echolocate.engines.ray_engine import EngineError, RayOptions, arrow_blocks, cluster_width
from echolocate.stages.link import claim_groups
from echolocate.stages.link.claim_groups import GroupParams
from echolocate.stages.link.claim_types import ClaimGroup, ClaimItem
from echolocate.stages.link.group_candidates import blocks_of, key_rows, sorted_unique
from echolocate.stages.link.group_features import Features, Weights

log = logging.getLogger(__name__)

_MINILM_BATCHES = 8  # MiniLM batches (``embed._BATCH`` texts each) per embedding row; static: one chunk
_ROWS_PER_PARTITION = 4_000_000  # key rows or raw pairs per group-by partition
_KEY_BLOCK = 1_000_000  # rows per Arrow block the driver puts in the object store
_IN_FLIGHT = 2  # scoring tasks waiting per CPU (bounds the driver's memory of pending slices)
_MEMBERS_PER_TASK = 20_000  # claims of the clusters one task makes groups of

KEY_ROWS = pa.schema([("part", pa.int32()), ("key", pa.int64()), ("claim", pa.int32())])
PAIR_ROWS = pa.schema([("part", pa.int32()), ("pair", pa.int64())])
EMBED_INPUTS = pa.schema([("unit", pa.int64()), ("texts", pa.list_(pa.string()))])


def group_on_ray(connect: Callable, items: Sequence[ClaimItem], options: RayOptions,
                 params: GroupParams = GroupParams(), embed: Callable | None = None,
                 score: Callable | None = None) -> list[ClaimGroup]:
    """``group_claims(items, params)`` computed on Ray; ``connect()`` returns the connected ``ray``.

    ``embed`` and ``score`` replace ``claim_groups._embed`` in the actors and ``score_part`` in the
    tasks (tests use them to kill a worker mid-run: Ray restarts it and retries its work)."""
    if not items:
        return []
    its, _ = claim_groups.sort_items(items)
    ray = connect()
    static, dtype = claim_groups.embedding_choice(len(its), params)
    vecs = (embed_on_ray(ray, [it.text for it in its], static, dtype, options, embed)
            if params.use_embedding else None)

    shared: dict[int, object] = {}  # the scoring view of the features, put in the object store once

    def view(feats: Features):
        if id(feats) not in shared:
            shared.clear()
            shared[id(feats)] = ray.put(scoring_view(feats))
        return shared[id(feats)]

    def edges(feats: Features, w: Weights, threshold: float, params: GroupParams):
        return edges_on_ray(ray, feats, w, threshold, params, options, score, view(feats))

    def represent(its: list[ClaimItem], feats: Features, w: Weights, clusters: list[list[int]]):
        return groups_on_ray(ray, its, feats, w, clusters, options, view(feats))

    return claim_groups.group_sorted(its, vecs, static, params, edges=edges, represent=represent)


# --- 1. embed --------------------------------------------------------------------------------------

class EmbedWorker:
    """Actor: ``claim_groups._embed`` over units of texts; the embedder is loaded once, here."""

    def __init__(self, setup: tuple) -> None:
        self.static, self.dtype, self.embed = setup[0], np.dtype(setup[1]), setup[2] or claim_groups._embed
        if self.static:
            from echolocate.stages.link.embed_static import StaticEmbedder

            StaticEmbedder.load()
        else:
            from echolocate.stages.link.embed import Embedder

            Embedder.load()

    def __call__(self, batch: pa.Table) -> pa.Table:
        units, vectors = [], []
        for row in batch.to_pylist():
            found = self.embed(row["texts"], self.static, self.dtype.type)
            if found is None:  # the driver checked the model is there; a node without it must not pass
                raise RuntimeError("the embedding model is not installed on this Ray node")
            units.append(row["unit"])
            vectors.append(np.ascontiguousarray(found).tobytes())
        return pa.table({"unit": pa.array(units, pa.int64()), "vectors": pa.array(vectors, pa.binary())})


def embed_on_ray(ray, texts: list[str], static: bool, dtype: type, options: RayOptions,
                 embed: Callable | None = None) -> np.ndarray | None:
    """``claim_groups._embed(texts, static, dtype)`` on an actor pool: the same vectors, in text order.
    None (lexical grouping) when the model is not installed, as locally."""
    from echolocate.stages.link.embed import EmbedderUnavailable, model_dir

    try:
        model_dir()
        if static:
            _ensure_static_table()
    except EmbedderUnavailable as exc:
        log.warning("claim grouping without embeddings (lexical and entity signals only): %s", exc)
        return None
    order = np.arange(len(texts)) if static else minilm_order(texts)
    unit = _unit(static)
    rows = ({"unit": u, "texts": [texts[i] for i in order[lo:lo + unit]]}
            for u, lo in enumerate(range(0, len(texts), unit)))
    blocks = [ray.put(table) for table in arrow_blocks(rows, EMBED_INPUTS, 1)]
    dataset = ray.data.from_arrow_refs(blocks).map_batches(
        EmbedWorker, fn_constructor_args=((static, np.dtype(dtype).name, embed),), batch_size=1, batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=min(cluster_width(ray, options), len(blocks))), num_cpus=1)
    out, seen = None, set()
    for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        for u, raw in zip(table.column("unit").to_pylist(), table.column("vectors").to_pylist()):
            index = order[u * unit:(u + 1) * unit]
            got = np.frombuffer(raw, dtype=dtype).reshape(len(index), -1)
            if out is None:
                out = np.zeros((len(texts), got.shape[1]), dtype=dtype)
            out[index] = got  # a unit retried and returned twice writes the same vectors twice
            seen.add(u)
    if len(seen) != len(blocks):
        raise EngineError(f"the Ray run embedded {len(seen)} of {len(blocks)} units of claims",
                          hint="rerun the command: grouping is recomputed whole")
    return out


def _unit(static: bool) -> int:
    """Texts per embedding row: where the local embedder cuts its own work (its chunks, its batches)."""
    from echolocate.stages.link import embed, embed_static

    return embed_static._CHUNK if static else _MINILM_BATCHES * embed._BATCH


def minilm_order(texts: Sequence[str]) -> np.ndarray:
    """The order ``Embedder.embed`` batches ``texts`` in (by token length, stable): cut into runs of its
    batch size, each run is one of its batches."""
    from echolocate.stages.link.embed import WordPiece, _squash, model_dir

    tokenizer = WordPiece.from_file(model_dir() / "vocab.txt")
    lengths = [len(tokenizer.encode(_squash(text))) for text in texts]
    return np.array(sorted(range(len(texts)), key=lambda i: lengths[i]), dtype=np.int64)


def _ensure_static_table() -> None:
    """Build the static table here once if it is not cached, rather than in every actor at once."""
    from echolocate.stages.link.embed_static import StaticEmbedder, StaticParams, cache_path

    if not cache_path(StaticParams()).exists():
        StaticEmbedder.load()


# --- 2.-4. candidate pairs and scores ---------------------------------------------------------------

def block_pairs(group: dict[str, np.ndarray], claims: int, parts: int) -> dict[str, np.ndarray]:
    """``map_groups`` function: the pair keys ``i * n + j`` of the key blocks in one partition of the
    keys (a pair once per key it shares), each with the partition of pairs it goes to."""
    blocks = blocks_of(group["key"], group["claim"])
    found = [i.astype(np.int64) * claims + j for i, j in blocks.pairs(claims)]
    pairs = np.concatenate(found) if found else np.zeros(0, np.int64)
    return {"part": (pairs % parts).astype(np.int32), "pair": pairs}


def distinct_pairs(group: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``map_groups`` function: the distinct pair keys of one partition of the pairs, ascending."""
    pairs = sorted_unique(group["pair"].astype(np.int64))
    return {"part": group["part"][:1].repeat(pairs.size), "pair": pairs}


def _score_slice(feats: Features, keys: np.ndarray, w: Weights, threshold: float, score: Callable | None):
    return (score or claim_groups.score_part)(feats, keys, w, threshold)


def edges_on_ray(ray, feats: Features, w: Weights, threshold: float, params: GroupParams,
                 options: RayOptions, score: Callable | None = None,
                 shared=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``claim_groups.find_edges(feats, w, threshold, params)`` on Ray: the same arrays. ``shared``: the
    object-store reference of ``scoring_view(feats)`` when the caller already put it there."""
    n = len(feats)
    keys, claims = key_rows(feats, *claim_groups.block_limits(n, params))
    emb_i, emb_j = claim_groups.embedding_candidates(feats, params, bands_on_ray(ray, cluster_width(ray, options)))
    block_raw = blocks_of(keys, claims, presorted=True).pair_count()
    local_parts = claim_groups.pass_count(block_raw + emb_i.size, params)
    distinct = _distinct_on_ray(ray, keys, claims, emb_i.astype(np.int64) * n + emb_j, n, block_raw, local_parts,
                                cluster_width(ray, options))
    del keys, claims, emb_i, emb_j
    return claim_groups.order_edges(_scores_on_ray(ray, feats, w, threshold, distinct, cluster_width(ray, options),
                                                   score, shared))


def bands_on_ray(ray, width: int):
    """A ``run_bands`` for ``embedding_pairs``: one Ray task per LSH band, at most ``width + 1`` running or
    waiting to be folded (each band's answer is about 8 k bytes a claim)."""
    def run(vectors: np.ndarray, planes: list[np.ndarray], k: int, floor: float, block_cap: int):
        shared = ray.put(vectors)
        task = ray.remote(num_cpus=1)(_band_task)
        pending: list = []
        for band in planes:
            if len(pending) > width:
                done, pending = ray.wait(pending, num_returns=1)
                yield ray.get(done[0])
            pending.append(task.remote(shared, band, k, floor, block_cap))
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield ray.get(done[0])
    return run


def _band_task(vectors: np.ndarray, planes: np.ndarray, k: int, floor: float,
               block_cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from echolocate.stages.link.group_candidates import band_in_one_piece

    return band_in_one_piece(vectors, planes, k, floor, block_cap)


def _distinct_on_ray(ray, keys: np.ndarray, claims: np.ndarray, embedded: np.ndarray, n: int, block_raw: int,
                     local_parts: int, width: int) -> list[np.ndarray]:
    """Distinct candidate pair keys, one sorted array per local part (``pair_parts``' answer).

    ``block_raw``: the raw pairs the key blocks give (a pair once per key it shares); partitions are
    sized so that none holds more than about ``_ROWS_PER_PARTITION`` rows or raw pairs."""
    from echolocate.engines.ray_link import _sort_shuffle

    if keys.size == 0 and embedded.size == 0:
        return [np.zeros(0, np.int64) for _ in range(local_parts)]
    key_parts = max(2 * width, math.ceil(max(keys.size, block_raw) / _ROWS_PER_PARTITION))
    # a multiple of the local parts: a pair's partition here names its local part (key % local_parts)
    raw = block_raw + embedded.size
    pair_parts = local_parts * max(1, math.ceil(max(2 * width, raw / _ROWS_PER_PARTITION) / local_parts))
    with _sort_shuffle(ray):
        datasets = []
        if keys.size:
            keyed = ray.data.from_arrow_refs(_tables(ray, {
                "part": (keys % key_parts).astype(np.int32), "key": keys, "claim": claims}, KEY_ROWS))
            datasets.append(keyed.groupby("part").map_groups(
                block_pairs, fn_kwargs={"claims": n, "parts": pair_parts}, batch_format="numpy", num_cpus=1))
        if embedded.size:
            datasets.append(ray.data.from_arrow_refs(_tables(ray, {
                "part": (embedded % pair_parts).astype(np.int32), "pair": embedded}, PAIR_ROWS)))
        pairs = datasets[0].union(*datasets[1:]) if len(datasets) > 1 else datasets[0]
        unique = pairs.groupby("part").map_groups(distinct_pairs, batch_format="numpy", num_cpus=1)
        found: list[list[np.ndarray]] = [[] for _ in range(local_parts)]
        for batch in unique.iter_batches(batch_size=None, batch_format="numpy"):
            if batch["pair"].size:
                pair = batch["pair"].astype(np.int64)
                for p in range(local_parts):
                    found[p].append(pair[pair % local_parts == p] if local_parts > 1 else pair)
    return [np.sort(np.concatenate(arrays)) if arrays else np.zeros(0, np.int64) for arrays in found]


def _tables(ray, columns: dict[str, np.ndarray], schema: pa.Schema) -> list:
    """Columns as Arrow blocks of ``_KEY_BLOCK`` rows in the object store."""
    size = len(next(iter(columns.values())))
    return [ray.put(pa.table({name: values[lo:lo + _KEY_BLOCK] for name, values in columns.items()},
                             schema=schema)) for lo in range(0, size, _KEY_BLOCK)]


def _scores_on_ray(ray, feats: Features, w: Weights, threshold: float, parts: list[np.ndarray], width: int,
                   score_part: Callable | None = None, shared=None):
    """Kept edges of every local part, each part scored in its ``SCORE_BATCH`` slices as parallel tasks."""
    shared = shared if shared is not None else ray.put(scoring_view(feats))
    score = ray.remote(num_cpus=1)(_score_slice)
    slices = ((keys[lo:lo + claim_groups.SCORE_BATCH]) for keys in parts
              for lo in range(0, keys.size, claim_groups.SCORE_BATCH))
    pending, results, limit = [], {}, max(1, _IN_FLIGHT * width)
    for seq, keys in enumerate(slices):
        pending.append((seq, score.remote(shared, keys, w, threshold, score_part)))
        if len(pending) >= limit:
            seq0, ref = pending.pop(0)
            results[seq0] = ray.get(ref)
    for seq, ref in pending:
        results[seq] = ray.get(ref)
    return [results[seq] for seq in sorted(results)]


# --- 5. groups of the merged clusters -----------------------------------------------------------------

def _represent(feats: Features, members: dict[int, ClaimItem], w: Weights, clusters: list[list[int]]):
    return claim_groups.make_groups(members, feats, w, clusters)


def groups_on_ray(ray, its: list[ClaimItem], feats: Features, w: Weights, clusters: list[list[int]],
                  options: RayOptions, shared=None) -> list[ClaimGroup]:
    """``claim_groups.make_groups(its, feats, w, clusters)`` with the clusters of two or more claims spread
    over Ray tasks (each cluster's representative, variants and cohesion are independent of the others);
    each task gets only its clusters' claims. Singletons need no scoring and are made here."""
    singles = [members for members in clusters if len(members) == 1]
    several = [members for members in clusters if len(members) > 1]
    groups = claim_groups.make_groups(its, feats, w, singles)
    if not several:
        return groups
    shared = shared if shared is not None else ray.put(scoring_view(feats))
    task = ray.remote(num_cpus=1)(_represent)
    chunks = claim_groups.cluster_chunks(several, _MEMBERS_PER_TASK)
    limit = max(1, _IN_FLIGHT * cluster_width(ray, options))
    pending: list = []
    for chunk in chunks:
        claims = {i: its[i] for members in chunk for i in members}
        pending.append(task.remote(shared, claims, w, chunk))
        if len(pending) >= limit:
            groups.extend(ray.get(pending.pop(0)))
    for ref in pending:
        groups.extend(ray.get(ref))
    return groups


def scoring_view(feats: Features) -> Features:
    """What scoring needs of ``feats``, for the object store: without the term and entity dictionaries
    (strings, the largest part to pickle, and only blocking reads them)."""
    view = copy.copy(feats)
    view.term_ids, view.entity_ids = {}, {}
    return view

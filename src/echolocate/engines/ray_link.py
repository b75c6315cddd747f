"""The re-use step of link on Ray: MinHash signatures, LSH buckets as a distributed group-by, alignment.

The same answers as ``stages.link.reuse.find_reuse``, computed as Ray Data does best:

1. **Sign** (``map_batches``): each block of reports is tokenised and signed with
   ``minhash.sign_batch`` and reduced at once to its LSH band keys (``minhash.band_keys``),
   exploded into one row per window and band: ``(band, key, owner)`` where ``owner`` is
   the report's index. Hash values never reach the driver.
2. **Bucket** (``groupby(...).map_groups``): rows are shuffled by a partition of the band
   key, so every LSH bucket (band, key) lands whole in one partition; each partition is
   turned into report pairs by the local engine's own bucket rule (``minhash`` buckets:
   deduplicated per report, all pairs up to ``max_bucket`` members, a larger bucket links
   its members to its first member only), one row per pair per bucket.
3. **Count** (``groupby("pair").count()``): a pair's collisions are the buckets it met in,
   exactly what ``candidate_pairs`` counts; the sorted candidates come back to the driver.
4. **Align** (``map_batches`` on an actor pool): each candidate pair, carrying both texts,
   goes through ``reuse.link_pair``; the links land as Parquet parts
   (``<parts>/links/<run>/``) and come back in candidate order, the order ``find_reuse``
   returns them in, so the store gets the same rows.

Why a partition of the key rather than the key itself: most buckets hold one window, and a
Python call per bucket would cost more than the whole local step; a partition is a few
million rows handled in numpy with the local code, and no bucket is ever split.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import numpy as np
import pyarrow as pa

from echolocate.engines import codec, parts
from echolocate.engines.ray_engine import RayOptions, arrow_blocks, on_actors, cluster_width
from echolocate.stages.link import minhash
from echolocate.stages.link.minhash import Candidate, MinHashParams
from echolocate.stages.link.reuse import ReuseInput, ReuseLink, ReuseParams

log = logging.getLogger(__name__)

_SIGN_BLOCK = 256  # reports per signing call
_LINK_BLOCK = 64  # candidate pairs per alignment call
_TOKEN_CACHE = 256  # reports whose tokens an alignment actor keeps
_ROWS_PER_PARTITION = 4_000_000  # band-key rows per group-by partition (about 80 MB in numpy)
_CHARS_PER_ROW = 4.3  # about one band-key row per 4.3 characters of text at the default windows and bands

SIGN_INPUTS = pa.schema([("seq", pa.int64()), ("text", pa.string())])
LINK_INPUTS = pa.schema([("seq", pa.int64()), ("a_id", pa.string()), ("a_text", pa.string()),
                         ("a_published", pa.date32()), ("a_outlet", pa.string()), ("b_id", pa.string()),
                         ("b_text", pa.string()), ("b_published", pa.date32()), ("b_outlet", pa.string())])


# --- 1. sign: band-key rows --------------------------------------------------------------------

def sign_rows(batch: pa.Table, params: MinHashParams, partitions: int) -> pa.Table:
    """Band-key rows ``(part, band, key, owner)`` of every window of a block of reports."""
    from echolocate.stages.link.reuse_tokens import tokenize

    seqs = batch.column("seq").to_pylist()
    signatures = minhash.sign_batch(((str(seq), tokenize(text)) for seq, text in
                                     zip(seqs, batch.column("text").to_pylist())), params)
    owners = np.fromiter((seq for seq, sig in zip(seqs, signatures) for _ in sig.windows), dtype=np.int64)
    bands, rows = params.bands()
    if owners.size == 0:
        return _key_table(np.zeros(0, np.uint64), np.zeros(0, np.int64), bands, partitions)
    matrix = np.frombuffer(b"".join(w.hashvalues for sig in signatures for w in sig.windows),
                           dtype="<u4").reshape(owners.size, params.num_perm)
    return _key_table(minhash.band_keys(matrix, bands, rows), owners, bands, partitions)


def _key_table(keys: np.ndarray, owners: np.ndarray, bands: int, partitions: int) -> pa.Table:
    """Windows x bands keys as one row per (window, band), band-major within the block."""
    keys = keys.reshape(owners.size, bands)
    flat = np.ascontiguousarray(keys.T).ravel()
    return pa.table({"part": (flat % np.uint64(partitions)).astype(np.int32),
                     "band": np.repeat(np.arange(bands, dtype=np.int32), owners.size),
                     "key": flat, "owner": np.tile(owners, bands)})


# --- 2. bucket: pairs per partition --------------------------------------------------------------

def bucket_rows(group: dict[str, np.ndarray], reports: int, max_bucket: int) -> dict[str, np.ndarray]:
    """``map_groups`` function: the pair keys ``a * n + b`` of every bucket of one partition, once per bucket.

    The bucket rule is the local engine's own (``minhash``), applied band by band."""
    bucket_pairs = minhash.bucket_pairs
    band, key, owner = group["band"], group["key"].astype(np.uint64), group["owner"].astype(np.int64)
    n = np.int64(reports)
    found = [bucket_pairs(key[band == b], owner[band == b], max_bucket, n) for b in np.unique(band)]
    return {"pair": np.concatenate(found) if found else np.zeros(0, dtype=np.int64)}


@contextmanager
def _sort_shuffle(ray):
    """Datasets built inside use Ray Data's task-based sort shuffle.

    Why: with the default hash shuffle (long-lived aggregator actors that reserve CPU) and an
    actor pool for the buckets, a first version of this step never finished on two cores; the
    sort shuffle uses tasks, which hold a CPU only while they run, and finished in seconds.
    A dataset keeps the context it was built with, so restoring it afterwards is safe."""
    context = ray.data.DataContext.get_current()
    before = context.shuffle_strategy
    context.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    try:
        yield
    finally:
        context.shuffle_strategy = before


def candidates_on_ray(ray, texts: Sequence[str], params: MinHashParams, options: RayOptions) -> list[Candidate]:
    """``candidate_pairs(sign_batch(texts))`` computed on Ray: the same candidates, in the same order."""
    if not texts:
        return []
    width = cluster_width(ray, options)
    chars = sum(len(text) for text in texts)
    partitions = max(2 * width, math.ceil(chars / _CHARS_PER_ROW / _ROWS_PER_PARTITION))
    rows = ({"seq": seq, "text": text} for seq, text in enumerate(texts))
    blocks = [ray.put(table) for table in arrow_blocks(rows, SIGN_INPUTS, _SIGN_BLOCK)]
    with _sort_shuffle(ray):
        keyed = ray.data.from_arrow_refs(blocks).map_batches(
            sign_rows, fn_kwargs={"params": params, "partitions": partitions}, batch_size=_SIGN_BLOCK,
            batch_format="pyarrow", num_cpus=1)
        pairs = keyed.groupby("part").map_groups(
            bucket_rows, fn_kwargs={"reports": len(texts), "max_bucket": params.max_bucket}, batch_format="numpy",
            num_cpus=1)
        counted = pairs.groupby("pair").count()
    found = [batch for batch in counted.iter_batches(batch_size=None, batch_format="numpy") if batch["pair"].size]
    if not found:
        return []
    keys = np.concatenate([batch["pair"] for batch in found]).astype(np.int64)
    counts = np.concatenate([batch["count()"] for batch in found]).astype(np.int64)
    order = np.argsort(keys, kind="stable")
    n = len(texts)
    return [Candidate(int(k // n), int(k % n), int(c)) for k, c in zip(keys[order].tolist(), counts[order].tolist())]


# --- 4. align: links per candidate pair ----------------------------------------------------------

class LinkWorker:
    """Actor: ``link_pair`` over a block of candidate pairs, each row carrying both reports.

    ``setup`` is ``(AlignParams, link)``; ``link`` replaces ``reuse.link_pair`` (tests use it to kill
    an actor mid-run). Candidates come sorted by report, so one report meets many partners in a
    row: its tokens are kept for the next pairs (the last ``_TOKEN_CACHE`` reports), not recomputed."""

    def __init__(self, setup: tuple) -> None:
        from echolocate.stages.link.reuse import link_pair

        self.params, link = setup
        self.link = link or link_pair
        self.tokens: OrderedDict[str, object] = OrderedDict()

    def __call__(self, batch: pa.Table) -> pa.Table:
        out = []
        for row in batch.to_pylist():
            a = ReuseInput(row["a_id"], row["a_text"], row["a_published"], row["a_outlet"])
            b = ReuseInput(row["b_id"], row["b_text"], row["b_published"], row["b_outlet"])
            links = self.link(a, self._tokens(a), b, self._tokens(b), self.params)
            out.append({"seq": row["seq"], "a_report": a.report_id, "b_report": b.report_id,
                        "links": len(links), "found": codec.encode(links)})
        return pa.Table.from_pylist(out, schema=parts.LINKS)

    def _tokens(self, report: ReuseInput):
        from echolocate.stages.link.reuse_tokens import tokenize

        held = self.tokens.get(report.report_id)
        if held is None:
            held = self.tokens[report.report_id] = tokenize(report.text)
            if len(self.tokens) > _TOKEN_CACHE:
                self.tokens.popitem(last=False)
        else:
            self.tokens.move_to_end(report.report_id)
        return held


def _link_row(seq: int, a: ReuseInput, b: ReuseInput) -> dict:
    return {"seq": seq, "a_id": a.report_id, "a_text": a.text, "a_published": _day(a.published),
            "a_outlet": a.outlet, "b_id": b.report_id, "b_text": b.text, "b_published": _day(b.published),
            "b_outlet": b.outlet}


def _day(value) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def find_reuse_on_ray(connect: Callable, reports: Sequence[ReuseInput], params: ReuseParams, root, run: str,
                      options: RayOptions, link: Callable | None = None) -> list[ReuseLink]:
    """``find_reuse(reports, params)`` on Ray: the same links in the same order.

    ``connect()`` returns the connected ``ray`` module; ``root``/``run`` name the Parquet parts.
    An actor that dies mid-block is restarted by Ray and its block retried; rows are taken once
    per candidate (``on_actors``), so nothing is lost or doubled."""
    return list(iter_reuse_on_ray(connect, reports, params, root, run, options, link))


def iter_reuse_on_ray(connect: Callable, reports: Sequence[ReuseInput], params: ReuseParams, root, run: str,
                      options: RayOptions, link: Callable | None = None) -> Iterator[ReuseLink]:
    """``find_reuse_on_ray``'s links as they arrive in order, for a caller that writes them as they come."""
    inputs = list(reports)
    ids = [r.report_id for r in inputs]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"report id {duplicate!r} appears twice; give every report a unique id")
    if len(inputs) < 2:
        return
    ray = connect()
    candidates = candidates_on_ray(ray, [r.text for r in inputs], params.minhash, options)
    log.info("%d candidate pair(s) among %d reports; aligning them on Ray", len(candidates), len(inputs))

    def rows():
        for seq, candidate in enumerate(candidates):
            first, second = sorted((candidate.a, candidate.b), key=lambda i: ids[i])
            yield _link_row(seq, inputs[first], inputs[second])

    writer = parts.PartWriter(root, "links", run)
    setup = (params.align, link)
    for row in on_actors(lambda: ray, rows(), LINK_INPUTS, LinkWorker, setup, _LINK_BLOCK, writer, options):
        yield from codec.decode(row["found"])

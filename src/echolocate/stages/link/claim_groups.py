"""Group claims that say the same thing, across reports, into one claim each.

How: candidate pairs come from blocking (``group_candidates``: shared rare words and
entities, embedding neighbours), never all pairs of a large input. Each candidate pair
gets a score, a weighted mean of lexical, entity and embedding similarity
(``group_features``). Pairs at or above ``threshold`` are merged greedily, best first,
into groups under *average linkage*: two groups join only if the mean score over their
cross pairs (a fixed, bounded sample when both are large) is at least ``linkage``. This
stops the chaining that plain connected components suffer from ("A is like B, B is like
C" joining unrelated A and C).

Two claims of the same report are kept apart unless they truly repeat (score at least
``repeat_threshold``): a report rarely states a claim twice, but it often states two
related claims with the same names in them.

Opposite polarity stays together ("X will send troops" / "X denied it will send troops"
are one claim, contested); the difference is recorded as a ``negation`` variant.

The representative is the member with the best centrality (mean score to the other
members) plus small bonuses for being unhedged, attributed (a source chain), not
negated, and complete (more entities, places, times and numbers); ties go to the
earliest published, then the smallest claim ID. Why: the statement shown to analysts
should be the plain, sourced, full form of the claim, and among equals the original.

Determinism: items are sorted by claim ID first, blocking hyperplanes use a fixed seed
and merges follow a total order, so any input order gives the same groups and IDs.

The steps are separate functions (``sort_items``, ``embedding_choice``, ``bars``,
``key_blocks``/``embedding_candidates``, ``score_part``, ``order_edges``, the merge) so that
the Ray engine (``engines/ray_group.py``) runs these same functions in pieces and gets the
same groups; ``group_claims`` is them in sequence, in one process.
"""

from __future__ import annotations

import hashlib
import logging
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from echolocate.stages.link.claim_types import ClaimGroup, ClaimItem
from echolocate.stages.link.embed import Embedder, EmbedderUnavailable
from echolocate.stages.link.group_candidates import BandRunner, embedding_pairs, key_blocks, pair_parts
from echolocate.stages.link.group_features import Features, Weights
from echolocate.stages.link.variants import find_variants

log = logging.getLogger(__name__)
SCORE_BATCH = 262_144  # candidate pairs scored together (a dozen float64 arrays of this length)


@dataclass(frozen=True)
class GroupParams:
    """Settings of claim grouping. Defaults tuned on the Emergent tuning half (see eval/emergent_groups.py)."""

    use_embedding: bool = True
    weights: Weights = field(default_factory=Weights)
    threshold: float = 0.40  # pair score needed to consider a merge
    linkage: float = 0.35  # mean cross-pair score two groups need to merge
    repeat_threshold: float = 0.85  # two claims of one report group only when they truly repeat
    lexical_weights: Weights = field(default_factory=lambda: Weights(embedding=0.0, lexical=0.8, entity=0.2))
    lexical_threshold: float = 0.15  # used instead when no embedding is available or wanted
    lexical_linkage: float = 0.10
    neighbours: int = 20  # embedding neighbours per claim considered
    neighbour_floor: float = 0.35  # embedding cosine below which a neighbour is not a candidate
    max_df_share: float = 0.02  # a word in more than this share of claims is not a blocking key
    block_cap: int = 300
    # A word or entity shared by more claims than this is no blocking key, however large the
    # input (the share above alone would let blocks, and so pairs per claim, grow with the input).
    key_block_cap: int = 50
    exact_limit: int = 5000  # above this many claims, embedding neighbours come from LSH
    linkage_sample: int = 24  # members per side used for the average-linkage check
    pass_pairs: int = 10_000_000  # raw candidate pairs deduplicated and scored per part (memory bound)
    # Above this many claims the embeddings are kept as float16 (half the memory of the largest
    # per-claim array; cosines move by ~1e-3, see docs/benchmarks.md "Linking at scale").
    compact_above: int = 5_000
    # A corpus about one story scores every pair of its claims higher (same actors, places,
    # words): the bar rises to the median score of random cross-report pairs plus this margin.
    background_margin: float = 0.30
    # ... and groups there must hang together nearly as tightly as a pair must: otherwise average
    # linkage chains sibling claims of the one story ("Putin asked to intervene" with "Putin prepares
    # a campaign") that each pass the bar with a third.
    raised_linkage_gap: float = 0.02
    background_pairs: int = 2000
    # Above ``static_above`` claims the MiniLM forward pass (~35 claims/s) is too slow: the static
    # table distilled from it (embed_static, thousands of claims/s) is used instead. Its cosines
    # separate claims less well, so it gets its own weights and bars (tuned on the Emergent
    # tuning half, see benchmarks/link_scale.py --quality).
    static_above: int = 10_000
    static_weights: Weights = field(default_factory=lambda: Weights(embedding=0.3, lexical=0.6, entity=0.1))
    static_threshold: float = 0.25
    static_linkage: float = 0.20
    static_background_margin: float = 0.20


def group_claims(items: Sequence[ClaimItem], params: GroupParams = GroupParams(),
                 vectors: np.ndarray | None = None) -> list[ClaimGroup]:
    """Every claim in exactly one group (singletons included), sorted by group ID.

    ``vectors`` (aligned with ``items``, L2-normalised) may be passed to reuse embeddings
    computed elsewhere; otherwise they are computed when ``params.use_embedding``.
    """
    if not items:
        return []
    its, order = sort_items(items)
    static, dtype = embedding_choice(len(its), params)
    vecs = None
    if vectors is not None:
        vecs, static = _sorted_vectors(vectors, order, dtype), False
    elif params.use_embedding:
        vecs = _embed([it.text for it in its], static, dtype)
    return group_sorted(its, vecs, static, params)


def sort_items(items: Sequence[ClaimItem]) -> tuple[list[ClaimItem], list[int]]:
    """The items in claim-ID order (what every later step indexes), and that order; IDs must be unique."""
    order = sorted(range(len(items)), key=lambda i: items[i].claim_id)
    its = [items[i] for i in order]
    if len({it.claim_id for it in its}) != len(its):
        raise ValueError("claim IDs must be unique")
    return its, order


def embedding_choice(n: int, params: GroupParams) -> tuple[bool, type]:
    """(static table rather than MiniLM, storage dtype) for ``n`` claims: one rule for every engine."""
    return n > params.static_above, (np.float16 if n > params.compact_above else np.float32)


def group_sorted(its: list[ClaimItem], vecs: np.ndarray | None, static: bool, params: GroupParams,
                 edges: Callable | None = None, represent: Callable | None = None) -> list[ClaimGroup]:
    """The grouping proper, once the claims are sorted and embedded (``vecs`` None: lexical signals only).

    ``edges(feats, w, threshold, params)`` finds the scored candidate pairs (default ``find_edges``,
    here) and ``represent(its, feats, w, clusters)`` makes the groups of the merged clusters (default
    ``make_groups``); the Ray engine passes distributed versions, which must return the same answers."""
    feats = Features(its, vecs)
    w, threshold, linkage = bars(its, feats, static, params)
    found = (edges or find_edges)(feats, w, threshold, params)
    clusters = _merge(its, feats, w, found, linkage, params)
    groups = (represent or make_groups)(its, feats, w, clusters)
    return sorted(groups, key=lambda g: g.id)


def make_groups(its: Sequence[ClaimItem] | Mapping[int, ClaimItem], feats: Features, w: Weights,
                clusters: Sequence[Sequence[int]]) -> list[ClaimGroup]:
    """The group of each merged cluster: representative, variants, cohesion. Each cluster is independent
    of the others, so any split of ``clusters`` gives the same groups; ``its`` may be a mapping from claim
    index to item holding only the clusters' members."""
    return [_make_group(its, feats, w, list(members)) for members in clusters]


def cluster_chunks(clusters: Sequence[Sequence[int]], members_per_chunk: int) -> list[list[Sequence[int]]]:
    """``clusters`` (ordered by their first member) cut into runs of about ``members_per_chunk`` claims: the
    pieces an engine makes groups of in parallel (``make_groups`` of each is independent of the rest)."""
    chunks: list[list[Sequence[int]]] = [[]]
    size = 0
    for members in sorted(clusters, key=lambda m: m[0]):
        if size >= members_per_chunk:
            chunks.append([])
            size = 0
        chunks[-1].append(members)
        size += len(members)
    return [chunk for chunk in chunks if chunk]


def bars(its: list[ClaimItem], feats: Features, static: bool, params: GroupParams) -> tuple[Weights, float, float]:
    """(weights, pair threshold, linkage) for this input: the embedding's, the static table's or the
    lexical ones, raised above the corpus background when the claims are all about one story."""
    if feats.vectors is None:
        return params.lexical_weights, params.lexical_threshold, params.lexical_linkage
    w, threshold, linkage = params.weights, params.threshold, params.linkage
    margin = params.background_margin
    if static:
        w, threshold, linkage = params.static_weights, params.static_threshold, params.static_linkage
        margin = params.static_background_margin
    raised = _background(its, feats, w, params) + margin
    if raised > threshold:
        threshold, linkage = raised, max(linkage + (raised - threshold), raised - params.raised_linkage_gap)
    return w, threshold, linkage


def _background(its: list[ClaimItem], feats: Features, w: Weights, params: GroupParams) -> float:
    """Median score of random pairs of claims from different reports (fixed seed): what "unrelated"
    looks like in this corpus."""
    import random

    n = len(its)
    if n < 20:
        return 0.0
    rnd = random.Random(len(its))
    first, second = [], []
    for _ in range(params.background_pairs * 2):
        i, j = rnd.randrange(n), rnd.randrange(n)
        if i != j and its[i].report_id != its[j].report_id:
            first.append(i)
            second.append(j)
            if len(first) >= params.background_pairs:
                break
    return float(np.median(feats.scores(np.array(first), np.array(second), w))) if first else 0.0


def group_documents(texts: Sequence[str], entities: Sequence[Sequence[str]] | None = None,
                    params: GroupParams = GroupParams(), vectors: np.ndarray | None = None) -> list[int]:
    """Cluster labels for whole documents (stories/events), in input order: 0 for the first cluster seen.

    The embedding reads the lead of each document (the model's first 128 word pieces);
    the lexical signal reads the whole text.
    """
    items = [
        ClaimItem(claim_id=f"d{i:07d}", report_id=f"d{i:07d}", text=t, start=0, end=len(t),
                  entities=tuple(entities[i]) if entities is not None else ())
        for i, t in enumerate(texts)
    ]
    groups = group_claims(items, params, vectors=vectors)
    index = {m: g for g, grp in enumerate(groups) for m in grp.members}
    labels: list[int] = []
    seen: dict[int, int] = {}
    for it in items:
        g = index[it.claim_id]
        labels.append(seen.setdefault(g, len(seen)))
    return labels


def group_id(member_ids: Sequence[str]) -> str:
    """Content-derived group ID: "g" + hash of the sorted member claim IDs."""
    return "g" + hashlib.sha1("\n".join(sorted(member_ids)).encode()).hexdigest()[:16]


def _sorted_vectors(vectors: np.ndarray, order: list[int], dtype: type) -> np.ndarray:
    """``vectors`` in claim-ID order as ``dtype``; the caller's array itself when it already is (no copy)."""
    vectors = np.asarray(vectors)
    if vectors.dtype == dtype and np.array_equal(order, np.arange(len(order))):
        return vectors
    out = np.empty(vectors.shape, dtype=dtype)
    index = np.asarray(order, dtype=np.int64)
    for lo in range(0, len(index), 262_144):  # chunks: no float32 copy of the whole matrix on the way
        out[lo:lo + 262_144] = vectors[index[lo:lo + 262_144]]
    return out


def _embed(texts: list[str], static: bool = False, dtype: type = np.float32) -> np.ndarray | None:
    try:
        if static:
            from echolocate.stages.link.embed_static import StaticEmbedder

            return StaticEmbedder.load().embed(texts, dtype=dtype)
        return Embedder.load().embed(texts).astype(dtype, copy=False)
    except EmbedderUnavailable as exc:
        log.warning("claim grouping without embeddings (lexical and entity signals only): %s", exc)
        return None


def find_edges(feats: Features, w: Weights, threshold: float, params: GroupParams,
               run_bands: BandRunner | None = None,
               score_slices: Callable[[Iterator[np.ndarray]], Iterable[tuple]] | None = None,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs scoring at least ``threshold``, best first (ties by claim indices).

    Candidates are generated once and spread over hash parts of about ``pass_pairs`` raw pairs each
    (spilled to temporary files when there is more than one part, see ``pair_parts``); each part is
    deduplicated and scored in vectorised slices of ``SCORE_BATCH`` pairs and only the pairs that pass
    are kept, so memory follows the edges, not the candidates. ``run_bands`` computes the embedding
    LSH bands and ``score_slices`` maps the slices to their kept pairs (``score_part``), here by default:
    the local engine's pool passes its own.
    """
    n = len(feats)
    blocks = key_blocks(feats, *block_limits(n, params))
    emb_i, emb_j = embedding_candidates(feats, params, run_bands)
    parts = pass_count(blocks.pair_count() + emb_i.size, params)
    chunks = chain(blocks.pairs(n), ((emb_i[lo:lo + 4_000_000], emb_j[lo:lo + 4_000_000])
                                     for lo in range(0, emb_i.size, 4_000_000)))
    slices = (keys[lo:lo + SCORE_BATCH] for keys in pair_parts(chunks, n, parts)
              for lo in range(0, keys.size, SCORE_BATCH))
    if score_slices is None:
        return order_edges(score_part(feats, keys, w, threshold) for keys in slices)
    return order_edges(score_slices(slices))


def block_limits(n: int, params: GroupParams) -> tuple[int, int]:
    """(max_df, block_cap) of the key blocks for ``n`` claims (``group_candidates.key_blocks``)."""
    max_df = max(2, min(int(params.max_df_share * n), params.key_block_cap))
    return max_df, min(params.block_cap, params.key_block_cap)


def embedding_candidates(feats: Features, params: GroupParams,
                         run_bands: BandRunner | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Embedding-neighbour pairs ``(i < j)`` (none without vectors); ``run_bands``: where the LSH bands are
    computed (``group_candidates.embedding_pairs``; by default here)."""
    if feats.vectors is None:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    return embedding_pairs(feats.vectors, params.neighbours, params.neighbour_floor, params.exact_limit,
                           params.block_cap, run_bands=run_bands)


def pass_count(raw_pairs: int, params: GroupParams) -> int:
    """Hash parts the candidates are deduplicated and scored in: about ``pass_pairs`` raw pairs each."""
    return max(1, -(-raw_pairs // params.pass_pairs))


def score_part(feats: Features, keys: np.ndarray, w: Weights,
               threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of one part (distinct sorted keys ``i * n + j``) scoring at least ``threshold``.

    Scored ``SCORE_BATCH`` keys at a time (a memory bound): a pair's score does not depend on the
    batch it is scored in (``pair_kernels``), so an engine may split a part anywhere."""
    n = len(feats)
    kept_i, kept_j, kept_s = [], [], []
    for lo in range(0, keys.size, SCORE_BATCH):
        batch = keys[lo:lo + SCORE_BATCH]
        si, sj = (batch // n).astype(np.int32), (batch % n).astype(np.int32)
        s = feats.scores(si, sj, w)
        keep = s >= threshold
        kept_i.append(si[keep])
        kept_j.append(sj[keep])
        kept_s.append(s[keep])
    if not kept_i:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0)
    return np.concatenate(kept_i), np.concatenate(kept_j), np.concatenate(kept_s)


def order_edges(kept: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]],
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scored pairs of every part as one edge list, best first, ties by (i, j): a total order, so the
    order the parts arrive in does not matter."""
    got = list(kept)
    if not got:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0)
    i, j, s = (np.concatenate([part[k] for part in got]) for k in range(3))
    order = np.lexsort((j, i, -s))
    return i[order], j[order], s[order]


def _merge(its: list[ClaimItem], feats: Features, w: Weights, edges: tuple[np.ndarray, np.ndarray, np.ndarray],
           linkage: float, params: GroupParams) -> list[list[int]]:
    """Greedy average-linkage merge over the sorted edges (union-find).

    State is kept only for groups of two or more (a singleton is its own index and report), so
    memory follows the merges, not the claims; the linkage and same-report checks score their
    pairs in one batch each. A group's members by report and its linkage sample are kept with it,
    so a check costs the size of the sample and of the reports two groups share, not of the groups:
    a group of thousands of claims meets thousands of edges.
    """
    n = len(its)
    report_codes: dict[str, int] = {}
    report = array("i", (report_codes.setdefault(it.report_id, len(report_codes)) for it in its))
    parent = array("i", range(n))
    members: dict[int, list[int]] = {}
    by_report: dict[int, dict[int, list[int]]] = {}  # a group's members, by report
    samples: dict[int, tuple[int, np.ndarray]] = {}  # a group's linkage sample, with the size it was taken at

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def sample(root: int, ms: list[int]) -> np.ndarray:
        kept = samples.get(root)
        if kept is None or kept[0] != len(ms):
            kept = (len(ms), np.array(_sample(ms, params.linkage_sample)))
            if len(ms) > 1:
                samples[root] = kept
        return kept[1]

    # Two groups refused once are refused again for every other edge between them, until either grows: a
    # root's size names its members (a root only gains members, and a merged root never is one again).
    refused: set[tuple[int, int, int, int]] = set()
    for i, j in zip(edges[0].tolist(), edges[1].tolist()):
        a, b = find(i), find(j)
        if a == b:
            continue
        ma, mb = members.get(a) or [a], members.get(b) or [b]
        state = (a, len(ma), b, len(mb)) if a < b else (b, len(mb), a, len(ma))
        if state in refused:
            continue
        ra, rb = by_report.get(a) or {report[a]: [a]}, by_report.get(b) or {report[b]: [b]}
        small, large = (ra, rb) if len(ra) <= len(rb) else (rb, ra)
        shared = [r for r in small if r in large]
        if shared and not _same_report_ok(feats, w, ra, rb, shared, params.repeat_threshold):
            refused.add(state)
            continue
        if len(ma) + len(mb) > 2 and _mean_link(feats, w, ma, mb, params.linkage_sample,
                                                sample(a, ma), sample(b, mb)) < linkage:
            refused.add(state)
            continue
        if len(ma) < len(mb):
            a, b, ma, mb, ra, rb = b, a, mb, ma, rb, ra
        parent[b] = a
        members.pop(b, None)
        by_report.pop(b, None)
        samples.pop(b, None)
        ma.extend(mb)  # the larger group's list grows in place: the same order as ``ma + mb``
        members[a] = ma
        for r, claims in rb.items():
            ra.setdefault(r, []).extend(claims)
        by_report[a] = ra
    grouped = [sorted(m) for m in members.values()]
    return grouped + [[x] for x in range(n) if parent[x] == x and x not in members]


def _sample(ms: list[int], k: int) -> list[int]:
    if len(ms) <= k:
        return ms
    s = sorted(ms)
    step = len(s) / k
    return [s[int(t * step)] for t in range(k)]


def _mean_link(feats: Features, w: Weights, a: list[int], b: list[int], k: int,
               sa: np.ndarray | None = None, sb: np.ndarray | None = None) -> float:
    """Mean score over the cross pairs of the two groups' samples (``sa``, ``sb``: taken already)."""
    sa = np.array(_sample(a, k)) if sa is None else sa
    sb = np.array(_sample(b, k)) if sb is None else sb
    return float(feats.cross(sa, sb, w).mean())


def _same_report_ok(feats: Features, w: Weights, a: dict[int, list[int]], b: dict[int, list[int]],
                    shared: list[int], repeat: float) -> bool:
    """Every pair of a claim of ``a`` and one of ``b`` from the same report truly repeats (``shared``: the
    reports both groups hold)."""
    first = [i for r in shared for j in b[r] for i in a[r]]
    second = [j for r in shared for j in b[r] for _ in a[r]]
    return bool((feats.scores(np.array(first), np.array(second), w) >= repeat).all())


def _rep_key(it: ClaimItem, centrality: float) -> tuple:
    bonus = 0.0
    bonus += 0.03 if not it.hedges else 0.0
    bonus += 0.03 if it.chain else 0.0
    bonus += 0.03 if not it.negated and it.stance not in ("denies", "doubts") else 0.0
    bonus += 0.01 * min(3, len(it.entities) + len(it.places) + len(it.times) + len(it.numbers))
    published = it.published.toordinal() if it.published else 10**9
    # rounded: equal texts must tie whatever order their scores were summed in
    return (-round(centrality + bonus, 9), published, it.claim_id)


def _make_group(its: Sequence[ClaimItem] | Mapping[int, ClaimItem], feats: Features, w: Weights,
                members: list[int]) -> ClaimGroup:
    if len(members) == 1:
        it = its[members[0]]
        return ClaimGroup(id=group_id([it.claim_id]), representative=it.claim_id, text=it.text,
                          members=(it.claim_id,))
    # pair-form scores, not ``Features.cross``: a matrix product's last bits depend on where a row falls in
    # it, and claims with equal texts must tie exactly, so the earliest published is chosen among them
    sample = np.array(_sample(members, 64))
    first = np.repeat(np.array(members), len(sample))
    second = np.tile(sample, len(members))
    sums = np.bincount(np.repeat(np.arange(len(members)), len(sample)),
                       weights=np.where(first != second, feats.scores(first, second, w), 0.0), minlength=len(members))
    in_sample = set(sample.tolist())
    central = {i: sums[k] / max(1, len(sample) - (i in in_sample)) for k, i in enumerate(members)}
    rep = min(members, key=lambda i: _rep_key(its[i], central[i]))
    ids = sorted(its[i].claim_id for i in members)
    variants = tuple(v for i in sorted(members, key=lambda i: its[i].claim_id) if i != rep
                     for v in find_variants(its[rep], its[i]))
    others = np.array([i for i in members if i != rep])
    cohesion = float(feats.scores(np.full(len(others), rep), others, w).sum()) / (len(members) - 1)
    return ClaimGroup(id=group_id(ids), representative=its[rep].claim_id, text=its[rep].text,
                      members=tuple(ids), variants=variants, cohesion=round(cohesion, 4))

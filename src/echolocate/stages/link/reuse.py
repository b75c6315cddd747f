"""Text re-use between reports: shared passages, who copied whom, and how the copy changed.

``find_reuse`` signs every report (``minhash``), takes only the report pairs whose
windows meet in an LSH bucket, aligns those pairs word by word (``align``), and turns
each aligned passage into a ``ReuseLink`` carrying both passages, the similarity, the
copy direction with its evidence (``reuse_direction``) and the mutations. Work grows
with the number of reports and of candidate pairs, never with all pairs. Memory beyond the
inputs and the links is bounded: signatures become band keys on disk as they are made
(``minhash.lsh_candidates``) and token lists are re-made for alignment and held only while
their candidates are aligned (a cache capped at a few million words).

``near_duplicate_clusters`` groups reports that are mostly the same text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from echolocate.stages.link.align import AlignParams, Mutation, PassagePair, align
from echolocate.stages.link.minhash import Candidate, MinHashParams, lsh_candidates
from echolocate.stages.link.reuse_direction import copy_direction
from echolocate.stages.link.reuse_tokens import Tokens, tokenize

__all__ = ["Mutation", "ReuseInput", "ReuseLink", "ReuseParams", "find_reuse", "iter_reuse",
           "near_duplicate_clusters"]


@dataclass(frozen=True)
class ReuseInput:
    """What re-use detection needs of one report."""

    report_id: str
    text: str
    published: date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class ReuseLink:
    """One passage shared by two reports (``a_report < b_report``), offsets into each report's text.

    ``direction``: "a->b" (b copied a), "b->a" or "unknown"; ``direction_evidence`` says why.
    ``mutations`` read from a to b. ``a_coverage``/``b_coverage``: the share of each report's
    words aligned word for word with the other report (the same on every link of the pair).
    """

    a_report: str
    a_start: int
    a_end: int
    a_text: str
    b_report: str
    b_start: int
    b_end: int
    b_text: str
    similarity: float
    direction: str
    direction_evidence: str
    mutations: tuple[Mutation, ...] = ()
    a_coverage: float = 0.0
    b_coverage: float = 0.0


@dataclass(frozen=True)
class ReuseParams:
    minhash: MinHashParams = field(default_factory=MinHashParams)
    align: AlignParams = field(default_factory=AlignParams)


ALIGN_BLOCK = 512  # candidate pairs one worker aligns at a time (about half a second of work on real news)


def find_reuse(reports: Iterable[ReuseInput], params: ReuseParams = ReuseParams(),
               progress: Callable[[int, int], None] | None = None,
               map_blocks: Callable[[Callable, Iterator], Iterable[list]] | None = None) -> list[ReuseLink]:
    """Every passage shared between two of ``reports``, sorted by report pair then position.

    ``progress(done, total)`` is called as candidate pairs are aligned. ``map_blocks(func, blocks)``, when
    given, yields ``func(block)`` for each ``AlignBlock`` in order, anywhere (the local engine: its worker
    processes); the links are the same as aligning them here.
    """
    return list(iter_reuse(reports, params, progress, map_blocks))


def iter_reuse(reports: Iterable[ReuseInput], params: ReuseParams = ReuseParams(),
               progress: Callable[[int, int], None] | None = None,
               map_blocks: Callable[[Callable, Iterator], Iterable[list]] | None = None) -> Iterator[ReuseLink]:
    """``find_reuse``'s links one at a time, in its order, for a caller that writes them as they come: each
    link carries both passages' text, and the 1.5 M links of 30k reports held 8 GB as one list."""
    inputs = list(reports)
    ids = [r.report_id for r in inputs]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"report id {duplicate!r} appears twice; give every report a unique id")
    candidates = lsh_candidates((tokenize(r.text) for r in inputs), params.minhash)
    if map_blocks is None:
        for block in align_blocks(inputs, candidates, max(1, len(candidates))):  # one block: every pair
            yield from _aligned(block, params.align, progress)
        return
    done = 0
    for block_links in map_blocks(partial(align_block, params=params.align),
                                  align_blocks(inputs, candidates, ALIGN_BLOCK)):
        yield from block_links
        done = min(done + ALIGN_BLOCK, len(candidates))
        if progress is not None:
            progress(done, len(candidates))


@dataclass(frozen=True)
class AlignBlock:
    """Consecutive candidate pairs and the reports they name: a unit of alignment work that travels alone.
    ``pairs`` index ``reports``, the pair's first report the one with the smaller report ID."""

    reports: tuple[ReuseInput, ...]
    pairs: tuple[tuple[int, int], ...]


def align_blocks(inputs: list[ReuseInput], candidates: list[Candidate], size: int) -> Iterator[AlignBlock]:
    """``candidates`` cut into blocks of ``size`` pairs, in order, each with the reports it needs."""
    for start in range(0, len(candidates), size):
        local: dict[int, int] = {}
        pairs = []
        for candidate in candidates[start:start + size]:
            first, second = sorted((candidate.a, candidate.b), key=lambda i: inputs[i].report_id)
            pairs.append((local.setdefault(first, len(local)), local.setdefault(second, len(local))))
        yield AlignBlock(tuple(inputs[i] for i in local), tuple(pairs))


def align_block(block: AlignBlock, params: AlignParams = AlignParams()) -> list[ReuseLink]:
    """The links of every pair of ``block``, in pair order (what a worker returns)."""
    return list(_aligned(block, params))


def _aligned(block: AlignBlock, params: AlignParams,
             progress: Callable[[int, int], None] | None = None) -> Iterator[ReuseLink]:
    tokens = _TokenCache(list(block.reports), list(block.pairs))
    for done, (first, second) in enumerate(block.pairs, 1):
        yield from link_pair(block.reports[first], tokens.get(first), block.reports[second], tokens.get(second),
                             params)
        tokens.done(done - 1, (first, second))
        if progress is not None:
            progress(done, len(block.pairs))


class _TokenCache:
    """Token lists of the reports the candidates still need, tokenised when first needed.

    Why: holding every report's tokens for alignment grows with the corpus (16 bytes a word plus
    the tuple). Candidates come sorted by report index, so most reports are needed for a short
    stretch: a list is dropped after its report's last candidate, and the cache never holds more
    than ``budget_words`` words (least recently used dropped first; a dropped report needed again
    is simply tokenised again, which gives the same tokens).
    """

    def __init__(self, inputs: list[ReuseInput], pairs: list[tuple[int, int]], budget_words: int = 4_000_000) -> None:
        self.inputs = inputs
        self.budget = budget_words
        self.last: dict[int, int] = {}
        for index, (a, b) in enumerate(pairs):
            self.last[a] = self.last[b] = index
        self.held: OrderedDict[int, Tokens] = OrderedDict()
        self.words = 0

    def get(self, report: int) -> Tokens:
        hit = self.held.get(report)
        if hit is not None:
            self.held.move_to_end(report)
            return hit
        tokens = tokenize(self.inputs[report].text)
        self.held[report] = tokens
        self.words += len(tokens)
        while self.words > self.budget and len(self.held) > 2:
            _, dropped = self.held.popitem(last=False)
            self.words -= len(dropped)
        return tokens

    def done(self, index: int, pair: tuple[int, int]) -> None:
        """Forget the reports whose last pair was ``index``."""
        for report in pair:
            if self.last.get(report) == index and report in self.held:
                self.words -= len(self.held.pop(report))


def link_pair(a: ReuseInput, a_tokens: Tokens, b: ReuseInput, b_tokens: Tokens,
              params: AlignParams = AlignParams()) -> list[ReuseLink]:
    """The links between one pair of reports (none when they share no passage)."""
    passages = align(a_tokens, b_tokens, params)
    if not passages:
        return []
    a_coverage = _coverage(sum(p.matched for p in passages), len(a_tokens))
    b_coverage = _coverage(sum(p.matched for p in passages), len(b_tokens))
    direction, evidence = copy_direction(a.published, b.published, a.outlet, b.outlet, a.text, b.text, passages,
                                         a_coverage, b_coverage)
    return [_link(a, b, p, direction, evidence, a_coverage, b_coverage) for p in passages]


NEAR_DUPLICATE = 0.8  # the share of both reports' words two near-duplicates share


def near_duplicate_clusters(links: Iterable[ReuseLink], threshold: float = NEAR_DUPLICATE) -> list[list[str]]:
    """Groups of reports joined by pairs that share at least ``threshold`` of *both* reports' words.

    Transitive (single link): if A~B and B~C, all three are one cluster. Each cluster is
    sorted; clusters are sorted by their first member.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if min(link.a_coverage, link.b_coverage) >= threshold:
            ra, rb = root(link.a_report), root(link.b_report)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for member in parent:
        groups.setdefault(root(member), []).append(member)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def _link(a: ReuseInput, b: ReuseInput, p: PassagePair, direction: str, evidence: str,
          a_coverage: float, b_coverage: float) -> ReuseLink:
    return ReuseLink(a.report_id, p.a_start, p.a_end, a.text[p.a_start:p.a_end],
                     b.report_id, p.b_start, p.b_end, b.text[p.b_start:p.b_end],
                     p.similarity, direction, evidence, p.mutations, a_coverage, b_coverage)


def _coverage(aligned: int, total: int) -> float:
    """Share of a report's words aligned word for word with the other report."""
    return round(min(1.0, aligned / total), 6) if total else 0.0

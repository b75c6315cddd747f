"""Local alignment of two reports at word level: which passages they share, and how they differ.

Seed and extend: every 5-word sequence the two texts share is a seed; seeds that follow
each other in both texts (gaps up to ``max_gap`` words allowed, for inserted or dropped
words and sentences) are chained into one passage; a chain that jumps backwards in
either text starts a new passage, so reordered sentences come out as several passages.
Each passage is grown to its sentence edges when they are near (a changed first word
breaks every seed that would cover it) and then diffed word by word with difflib; the
diff gives the similarity (aligned-word ratio) and the mutations.

The alignment is computed in one canonical order of the two texts and mirrored, so
``align(a, b)`` and ``align(b, a)`` always agree (similarity is symmetric by construction).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from echolocate.stages.link.reuse_tokens import Tokens, is_number

# Words whose presence on one side only changes how certain a statement is.
HEDGES = frozenset({
    "reportedly", "allegedly", "purportedly", "supposedly", "reputedly", "apparently", "possibly", "probably",
    "likely", "perhaps", "maybe", "may", "might", "could", "would", "unconfirmed", "unverified", "believed",
    "rumoured", "rumored", "seemingly", "presumably",
})
_MIRROR = {"words_inserted": "words_deleted", "words_deleted": "words_inserted",
           "hedge_dropped": "hedge_added", "hedge_added": "hedge_dropped"}


@dataclass(frozen=True)
class Mutation:
    """One difference inside an aligned passage, read from a to b.

    ``kind``: number_changed | words_changed | words_inserted (only in b) |
    words_deleted (only in a) | hedge_dropped (a hedges, b does not) | hedge_added.
    """

    kind: str
    a_text: str
    b_text: str


@dataclass(frozen=True)
class AlignParams:
    seed_words: int = 5  # words per seed (the same shingle size LSH uses)
    max_gap: int = 40  # words between two seeds that still belong to one passage
    snap: int = 6  # words a passage may grow to reach a sentence edge
    min_words: int = 12  # aligned (equal) words a passage needs: shorter shared runs are mostly stock phrases and quotes
    min_similarity: float = 0.5  # aligned-word ratio a passage needs
    max_seed_repeats: int = 8  # a seed repeated more often in one text is ignored (boilerplate)


@dataclass(frozen=True)
class PassagePair:
    """A passage shared by texts a and b: word ranges, character offsets, similarity, differences."""

    a_words: tuple[int, int]
    b_words: tuple[int, int]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    mutations: tuple[Mutation, ...]
    a_only: int  # words of a's passage with no counterpart in b
    b_only: int
    matched: int  # words aligned as equal


def align(a: Tokens, b: Tokens, params: AlignParams = AlignParams()) -> list[PassagePair]:
    """Passages shared by ``a`` and ``b``, in order of their position in ``a``."""
    if (len(a), a.norms, a.text) <= (len(b), b.norms, b.text):
        return _align(a, b, params)
    return sorted((_mirror(p) for p in _align(b, a, params)), key=lambda p: (p.a_words, p.b_words))


def _align(a: Tokens, b: Tokens, params: AlignParams) -> list[PassagePair]:
    chains = _chains(_seeds(a.norms, b.norms, params), params)
    drafts = [ops for ops in (_draft(a, b, chain, params) for chain in chains) if _passes(ops, params)]
    drafts.sort(key=lambda ops: (-_matched(ops), ops[0][1], ops[0][3]))
    kept: list[list[_Op]] = []
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for ops in drafts:  # best first; a draft mostly re-using words already aligned elsewhere is a shadow
        a_words, b_words = _equal_words(ops)
        if len(a_words & taken_a) <= len(a_words) / 2 and len(b_words & taken_b) <= len(b_words) / 2:
            kept.append(ops)
            taken_a |= a_words
            taken_b |= b_words
    passages = []
    for index, ops in enumerate(kept):
        others_a = set().union(*(_equal_words(o)[0] for i, o in enumerate(kept) if i != index))
        others_b = set().union(*(_equal_words(o)[1] for i, o in enumerate(kept) if i != index))
        for part in _split(ops, others_a, others_b):
            if _passes(part, params):
                passages.append(_finish(a, b, part))
    return sorted(passages, key=lambda p: (p.a_words, p.b_words))


def _seeds(a: tuple[str, ...], b: tuple[str, ...], params: AlignParams) -> list[tuple[int, int]]:
    k = params.seed_words
    where: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - k + 1):
        where.setdefault(a[i:i + k], []).append(i)
    counts_b: dict[tuple[str, ...], int] = {}
    for j in range(len(b) - k + 1):
        gram = b[j:j + k]
        counts_b[gram] = counts_b.get(gram, 0) + 1
    seeds = []
    for j in range(len(b) - k + 1):
        gram = b[j:j + k]
        positions = where.get(gram)
        if positions and len(positions) <= params.max_seed_repeats and counts_b[gram] <= params.max_seed_repeats:
            seeds.extend((i, j) for i in positions)
    seeds.sort()
    return seeds


def _chains(seeds: list[tuple[int, int]], params: AlignParams) -> list[list[tuple[int, int]]]:
    """Group seeds into runs that move forward in both texts with bounded gaps."""
    open_chains: list[list[tuple[int, int]]] = []
    closed: list[list[tuple[int, int]]] = []
    for i, j in seeds:
        still_open = []
        for chain in open_chains:
            (closed if chain[-1][0] < i - params.max_gap else still_open).append(chain)
        open_chains = still_open
        best, best_shift = None, None
        for chain in open_chains:
            li, lj = chain[-1]
            if li < i <= li + params.max_gap and lj < j <= lj + params.max_gap:
                shift = abs((j - i) - (lj - li))
                if best_shift is None or shift < best_shift:
                    best, best_shift = chain, shift
        if best is None:
            open_chains.append([(i, j)])
        else:
            best.append((i, j))
    return closed + open_chains


_Op = tuple[str, int, int, int, int]  # difflib opcode in absolute word positions


def _draft(a: Tokens, b: Tokens, chain: list[tuple[int, int]], params: AlignParams) -> list[_Op]:
    """The word diff of a chain's region, grown to nearby sentence edges, trimmed to equal ends."""
    k = params.seed_words
    a_first = _snap_back(a, chain[0][0], params.snap)
    b_first = _snap_back(b, chain[0][1], params.snap)
    a_stop = _snap_forward(a, chain[-1][0] + k, params.snap)
    b_stop = _snap_forward(b, chain[-1][1] + k, params.snap)
    matcher = SequenceMatcher(None, a.norms[a_first:a_stop], b.norms[b_first:b_stop], autojunk=False)
    return _trim([(tag, a_first + i1, a_first + i2, b_first + j1, b_first + j2)
                  for tag, i1, i2, j1, j2 in matcher.get_opcodes()])


def _trim(ops: list[_Op]) -> list[_Op]:
    first = next((i for i, op in enumerate(ops) if op[0] == "equal"), len(ops))
    last = next((i for i in range(len(ops) - 1, -1, -1) if ops[i][0] == "equal"), -1)
    return ops[first:last + 1]


def _matched(ops: list[_Op]) -> int:
    return sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")


def _similarity(ops: list[_Op]) -> float:
    """Aligned-word ratio: twice the equal words over the words of both passages."""
    return 2 * _matched(ops) / ((ops[-1][2] - ops[0][1]) + (ops[-1][4] - ops[0][3]))


def _passes(ops: list[_Op], params: AlignParams) -> bool:
    return bool(ops) and _matched(ops) >= params.min_words and _similarity(ops) >= params.min_similarity


def _equal_words(ops: list[_Op]) -> tuple[set[int], set[int]]:
    a_words: set[int] = set()
    b_words: set[int] = set()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            a_words.update(range(i1, i2))
            b_words.update(range(j1, j2))
    return a_words, b_words


def _split(ops: list[_Op], others_a: set[int], others_b: set[int]) -> list[list[_Op]]:
    """Cut a passage at a gap that another passage explains: a sentence that moved elsewhere shows
    here as deleted (or inserted) words, but is aligned at its new place by another passage."""
    parts, current = [], []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        explained = tag != "equal" and (
            (i2 > i1 and len(others_a.intersection(range(i1, i2))) >= (i2 - i1) / 2)
            or (j2 > j1 and len(others_b.intersection(range(j1, j2))) >= (j2 - j1) / 2))
        if explained:
            parts.append(_trim(current))
            current = []
        else:
            current.append(op)
    parts.append(_trim(current))
    return [part for part in parts if part]


def _finish(a: Tokens, b: Tokens, ops: list[_Op]) -> PassagePair:
    mutations = []
    a_only = b_only = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            a_only += i2 - i1
            b_only += j2 - j1
            mutations.append(_mutation(a, i1, i2, b, j1, j2))
    a_lo, a_hi, b_lo, b_hi = ops[0][1], ops[-1][2], ops[0][3], ops[-1][4]
    a_start, a_end = a.char_span(a_lo, a_hi)
    b_start, b_end = b.char_span(b_lo, b_hi)
    return PassagePair((a_lo, a_hi), (b_lo, b_hi), a_start, a_end, b_start, b_end, round(_similarity(ops), 6),
                       tuple(mutations), a_only, b_only, _matched(ops))


def _mutation(a: Tokens, i1: int, i2: int, b: Tokens, j1: int, j2: int) -> Mutation:
    a_words, b_words = set(a.norms[i1:i2]), set(b.norms[j1:j2])
    a_text = a.text[a.starts[i1]:a.ends[i2 - 1]] if i2 > i1 else ""
    b_text = b.text[b.starts[j1]:b.ends[j2 - 1]] if j2 > j1 else ""
    a_hedged, b_hedged = bool(a_words & HEDGES), bool(b_words & HEDGES)
    if any(map(is_number, a_words)) and any(map(is_number, b_words)):
        kind = "number_changed"
    elif a_hedged and not b_hedged:
        kind = "hedge_dropped"
    elif b_hedged and not a_hedged:
        kind = "hedge_added"
    elif not b_words:
        kind = "words_deleted"
    elif not a_words:
        kind = "words_inserted"
    else:
        kind = "words_changed"
    return Mutation(kind, a_text, b_text)


def _snap_back(tokens: Tokens, index: int, reach: int) -> int:
    """The start of the sentence holding word ``index`` if it is at most ``reach`` words back."""
    best = index
    for start in tokens.sentence_starts:
        if start > index:
            break
        best = start
    return best if index - best <= reach else index


def _snap_forward(tokens: Tokens, stop: int, reach: int) -> int:
    """The end of the sentence holding word ``stop - 1`` if it is at most ``reach`` words on."""
    for start in tokens.sentence_starts:
        if start >= stop:
            return start if start - stop <= reach else stop
    end = len(tokens)
    return end if end - stop <= reach else stop


def _mirror(p: PassagePair) -> PassagePair:
    mutations = tuple(Mutation(_MIRROR.get(m.kind, m.kind), m.b_text, m.a_text) for m in p.mutations)
    return PassagePair(p.b_words, p.a_words, p.b_start, p.b_end, p.a_start, p.a_end, p.similarity, mutations,
                       p.b_only, p.a_only, p.matched)

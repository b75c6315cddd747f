"""Contradictions: claims from different groups that cannot both hold.

Two groups contradict when their representative claims speak of the same actors with the
same relation (the same canonical entities and mostly the same content words) and
either their polarity differs ("Qatar backs Haftar" / "Qatar does not back Haftar", or
a denial) or they give incompatible values (different numbers for the same thing).
Groups are bucketed by their actor set, so only groups about the same actors are ever
compared, and within a bucket only pairs whose words can reach the overlap bar (``candidate_pairs``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from echolocate.stages.link.claim_types import Assessment, ClaimGroup, ClaimItem, Contradiction

__all__ = ["find_contradictions"]

MIN_RELATION_OVERLAP = 0.5  # share of content words two statements must have in common to be "the same relation"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATIONS = frozenset({"not", "no", "never", "n't", "nt", "neither", "nor", "none", "without", "deny", "denies",
                        "denied", "doubt", "doubts"})
_NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "none", "without"})  # in the text itself
_STOP = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "with", "and", "or", "that", "this", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "could", "may", "might", "can",
    "shall", "should", "do", "does", "did", "it", "its", "as", "from", "into", "their", "his", "her", "they",
    "he", "she", "we", "also", "which", "who", "than", "then", "there", "about", "said", "says", "say",
    "reportedly", "reported", "according", "any", "all", "some", "more", "most", "over", "up",
})
_DOUBTING = frozenset({"denies", "doubts"})


def find_contradictions(groups: Sequence[ClaimGroup], items: Mapping[str, ClaimItem],
                        assessments: Sequence[Assessment] | Mapping[str, Assessment]) -> list[Contradiction]:
    """Pairs of groups that cannot both hold, with both sides and their origins; sorted by group IDs."""
    by_group = assessments if isinstance(assessments, Mapping) else {a.group_id: a for a in assessments}
    buckets: dict[frozenset[str], list[tuple[ClaimGroup, ClaimItem]]] = {}
    for group in sorted(groups, key=lambda g: g.id):
        rep = items.get(group.representative)
        if rep is None:
            continue
        actors = frozenset(rep.entities) or frozenset(n.lower() for n in rep.entity_names)
        if actors:
            buckets.setdefault(actors, []).append((group, rep))
    found: list[Contradiction] = []
    for members in buckets.values():
        if len(members) < 2:
            continue
        contents = [_content(rep) for _, rep in members]
        for i, j in candidate_pairs(contents):
            (ga, a), (gb, b) = members[i], members[j]
            contradiction = _compare(ga, a, gb, b, by_group, contents[i], contents[j])
            if contradiction is not None:
                found.append(contradiction)
    return sorted(found, key=lambda c: (c.a_group, c.b_group))


def candidate_pairs(contents: Sequence[set[str]]) -> Iterator[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of word sets that may share ``MIN_RELATION_OVERLAP`` of their words
    (Jaccard): every pair that does is among them, each once.

    Prefix filtering: with each set's words in one order (rarest first), two sets reaching the bar share a
    word among the first ``len - ceil(bar * len) + 1`` of each. A bucket of thousands of groups about one
    actor ("Obama") is then not compared pair by pair (a month of news has such buckets)."""
    frequency = Counter(word for words in contents for word in words)
    index: dict[str, list[int]] = {}
    for j, words in enumerate(contents):
        if not words:
            continue
        ordered = sorted(words, key=lambda word: (frequency[word], word))
        prefix = ordered[:len(ordered) - math.ceil(MIN_RELATION_OVERLAP * len(ordered)) + 1]
        met: set[int] = set()
        for word in prefix:
            for i in index.get(word, ()):
                if i not in met:
                    met.add(i)
                    yield i, j
            index.setdefault(word, []).append(j)


def _compare(ga: ClaimGroup, a: ClaimItem, gb: ClaimGroup, b: ClaimItem,
             assessments: Mapping[str, Assessment], wa: set[str], wb: set[str]) -> Contradiction | None:
    if not wa or not wb:
        return None
    overlap = len(wa & wb) / len(wa | wb)
    if overlap < MIN_RELATION_OVERLAP:
        return None
    if ga.id > gb.id:
        ga, a, gb, b = gb, b, ga, a
    sides = f"A: \"{ga.text}\" ({_origins(ga.id, assessments)}); B: \"{gb.text}\" ({_origins(gb.id, assessments)})"
    if _positive(a) != _positive(b):
        return Contradiction(ga.id, gb.id, "polarity",
                             f"same actors and relation, opposite polarity (word overlap {overlap:.2f}). {sides}")
    na, nb = _numbers(a), _numbers(b)
    if na and nb and not na & nb:
        return Contradiction(ga.id, gb.id, "value",
                             f"same actors and relation, different values ({', '.join(sorted(na))} vs "
                             f"{', '.join(sorted(nb))}; word overlap {overlap:.2f}). {sides}")
    return None


def _positive(item: ClaimItem) -> bool:
    doubted = item.stance in _DOUBTING
    negated = item.negated or bool(_negation_words(item.text))
    return negated == doubted


def _negation_words(text: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+(?:n't)?", text)}
    return {w for w in words if w in _NEGATORS or w.endswith("n't")}


def _content(item: ClaimItem) -> set[str]:
    names = {w.lower() for name in item.entity_names for w in _WORD.findall(name)}
    words = {w.lower() for w in _WORD.findall(item.text)}
    return {_stem(w) for w in words if w not in _STOP and w not in _NEGATIONS and w not in names and len(w) > 1}


def _stem(word: str) -> str:
    """A crude English suffix strip, enough for "supplies"/"supply", "sends"/"send", "backed"/"back"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _numbers(item: ClaimItem) -> set[str]:
    values = set(item.numbers) or set(_NUMBER.findall(item.text))
    return {v.replace(",", "") for v in values}


def _origins(group_id: str, assessments: Mapping[str, Assessment]) -> str:
    assessment = assessments.get(group_id)
    if assessment is None or not assessment.origins:
        return "origins unknown"
    names = ", ".join(o.name for o in assessment.origins)
    n = assessment.independent_origins
    return f"{n} independent origin{'s' if n != 1 else ''}: {names}; {assessment.grade}"

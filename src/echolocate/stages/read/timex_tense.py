"""Which way a time expression points when the words themselves do not say.

"He arrived on Sunday" and "he will arrive on Sunday" name different Sundays. The
read stage can pass the tense of the governing verb from its parse; without one,
the nearest tense cue in the same sentence decides (an auxiliary, a past-tense verb,
"ago"). Cheap on purpose: a handful of regex searches over a short window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

DIRECTIONS = {"past": -1, "present": 0, "future": 1}
_WINDOW_BEFORE = 120
_WINDOW_AFTER = 60

_IRREGULAR_PAST = (
    "was were had did said told met went came took gave made began left saw held sent won lost fell rose "
    "struck fought became got spoke wrote thought found brought kept ran paid sold shot led fled flew "
    "broke chose drove ate forgot hid knew meant rode sang sat slept stood stole swore threw understood "
    "woke wore withdrew overtook undertook sought caught taught bought built spent lent felt heard"
).split()


@cache
def _cues() -> re.Pattern[str]:
    future = r"will|would|as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than|won't|wo\s+n't|shall|'ll|going\s+to|plans?\s+to|planned\s+to|intends?\s+to|expects?\s+to|expected\s+to|scheduled\s+to|due\s+to|set\s+to|is\s+to|are\s+to|upcoming"
    past = r"ago|didn't|" + "|".join(_IRREGULAR_PAST) + r"|[a-z]{2,}(?<!e)ed"
    present = r"is|are|am|says|say|now"
    return re.compile(rf"\b(?:(?P<f>{future})|(?P<p>{past})|(?P<n>{present}))\b")


_BOUNDARY = re.compile(r"[.!?;]\s|\n")
_PARTICIPLE = re.compile(r"\b(?:be|been|being|is|are|am|has|have|'s|'re|get|gets)\s+(?:\w+ly\s+)?$")
_REPORTING = re.compile(r"said|told|added|reported|announced|stated|noted|explained|claimed|confirmed")


def cue_direction(text: str, start: int, end: int) -> int | None:
    """-1 (past), 0 (present), +1 (future) from the cues around ``text[start:end]``, or None.

    The nearest cue before the expression in its sentence wins; failing that, the
    first one after it that is not a reporting verb.
    """
    lo = max(0, start - _WINDOW_BEFORE)
    left = text[lo:start]
    cut = 0
    for b in _BOUNDARY.finditer(left):
        cut = b.end()
    left = left[cut:]
    right = text[end : end + _WINDOW_AFTER]
    b = _BOUNDARY.search(right)
    if b:
        right = right[: b.start()]
    best: int | None = None
    for m in _cues().finditer(left):
        if m.group("p") and _PARTICIPLE.search(left, 0, m.start()):
            continue  # "will be paid", "is expected": a participle, not a past tense
        best = -1 if m.group("p") else (1 if m.group("f") else 0)
    if best is not None:
        return best
    for m in _cues().finditer(right):
        if m.group("p") and (_REPORTING.fullmatch(m.group()) or _PARTICIPLE.search(right, 0, m.start())):
            continue  # "..., officials said": the report's frame, not the event's tense
        return -1 if m.group("p") else (1 if m.group("f") else 0)
    return None


def direction_at(text: str, start: int, end: int, tense: Callable[[int], str] | None) -> int | None:
    """The caller's tense at ``start`` when it gives one, else the cue in the text."""
    if tense is not None:
        try:
            t = tense(start)
        except Exception:  # a broken callback must not lose the expression; fall back to cues
            t = None
        if t in DIRECTIONS:
            return DIRECTIONS[t]
    return cue_direction(text, start, end)

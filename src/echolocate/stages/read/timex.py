"""Time expressions in a report, resolved against the report's own date.

Analysts need "on Sunday" and "three months ago" turned into dates they can put on a
timeline, with the range and the doubt kept ("early 2016" is not 1 January 2016) and
with nothing invented when the report has no date. This module is the entry point;
the grammar lives in ``timex_rules`` (patterns), ``timex_dates`` and
``timex_relative`` (resolvers), ``timex_cal`` (calendar arithmetic) and
``timex_tense`` (which way an expression points).

Pure Python regular expressions, compiled once on first use: no model, no parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from echolocate.stages.read.timex_base import Ctx, Out, of_period
from echolocate.stages.read.timex_rules import compiled_rules, extent
from echolocate.stages.read.types import TimeRef

__all__ = ["find_times"]

_LOOKBACK = 48


@cache
def _prefix() -> re.Pattern[str]:
    """Words before an expression that narrow it or mark it as approximate (kept in its extent)."""
    return re.compile(
        r"(?<!\w)(?:(?P<edge>(?:the\s+)?(?:very\s+)?(?P<ew>end|beginning|start|middle|close|turn|first\s+half|second\s+half"
        r"|early\s+part|latter\s+part)\s+of\s+)"
        r"|(?<!\w)(?P<em>(?:the\s+)?(?P<mw>early|mid|middle|late))(?:[\s-]+|(?<=mid)(?=\d))"
        r"|(?<!\w)(?P<appr>(?:about|around|approximately|roughly|nearly|almost|circa|some|more\s+than|less\s+than"
        r"|at\s+least|at\s+most|up\s+to|over|under|no\s+more\s+than|fewer\s+than|just\s+over|just\s+under"
        r"|well\s+over|the\s+better\s+part\s+of)\s+))$",
        re.IGNORECASE,
    )


_MOD_WORDS = {
    "end": "END", "close": "END", "late": "END", "later": "END", "latter part": "END", "second half": "END",
    "beginning": "START", "start": "START", "early": "START", "earlier": "START", "early part": "START",
    "first half": "START", "turn": "START", "middle": "MID", "mid": "MID",
}
# approximators count only before a number ("about two years ago", "around 9 a.m."); before a
# name they are prepositions ("worried about recent losses", "a way around Wednesday's ruling")
_COUNT_ONLY = {"about", "around", "approximately", "roughly", "nearly", "almost", "circa",
               "over", "under", "some", "more than", "less than", "at least", "at most", "up to", "no more than",
               "fewer than", "just over", "just under", "well over"}
_STARTS_WITH_COUNT = re.compile(r"(?:\d|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                                r"fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|several|half|a\s+couple)\b)", re.I)


def _modify(text: str, start: int, floor: int, out: Out) -> tuple[int, Out]:
    """Widen the span over "the end of", "early", "about"... and apply what they mean."""
    for _ in range(2):  # "about the end of", "around mid-"
        lo = max(floor, start - _LOOKBACK)
        m = _prefix().search(text, lo, start)
        if m is None or m.end() != start:
            break
        if m["appr"]:
            word = " ".join(m["appr"].lower().split())
            if word in _COUNT_ONLY and not _STARTS_WITH_COUNT.match(text, start):
                break
            out = Out(**{**out.__dict__, "approximate": True})
        else:
            if out.kind not in ("date", "time") or (out.value or "").endswith("_REF"):
                break
            word = " ".join((m["ew"] or m["mw"]).lower().split())
            mod = _MOD_WORDS[word]
            if out.period is not None:
                out = of_period(out.period, relative=out.relative, mod=mod, flags=out.flags)
            else:
                rel = f"{out.relative} ({mod.lower()})" if out.relative else None
                out = Out(**{**out.__dict__, "approximate": True, "relative": rel})
        start = m.start()
    return start, out


def _candidates(text: str) -> list[tuple[int, int, int, re.Match, object]]:
    found = []
    for prio, (rule, rx) in enumerate(compiled_rules()):
        for m in rx.finditer(text):
            s, e = extent(m)
            if e <= s or (rule.check is not None and not rule.check(m, text)):
                continue
            found.append((s, e, prio, m, rule))
    # longest first, then leftmost, then the earlier rule: a long expression beats its pieces
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, int, re.Match, object]] = []
    for c in found:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c[0])
    return taken


def find_times(
    text: str, anchor: date | None, *, tense: Callable[[int], str] | None = None
) -> list[TimeRef]:
    """Every time expression in ``text``, resolved against ``anchor`` (the report's date).

    ``tense(offset)`` may give "past" / "present" / "future" for the verb governing
    the expression at ``offset``; without it, tense cues near the expression decide
    which Sunday "on Sunday" is. Without an anchor, expressions that count from it
    keep ``value=None`` and say how they would be computed in ``relative``.
    Spans are sorted and never overlap.
    """
    if not text:
        return []
    if anchor is not None and not isinstance(anchor, date):
        raise TypeError(f"anchor must be a datetime.date or None, not {type(anchor).__name__}")
    if hasattr(anchor, "date") and callable(anchor.date):  # a datetime: keep its day
        anchor = anchor.date()
    cx = Ctx(text=text, anchor=anchor, tense=tense)
    refs: list[TimeRef] = []
    floor = 0
    for s, e, _, m, rule in _candidates(text):
        cx.start, cx.end = s, e
        try:
            out = rule.resolve(m, cx)
            if out is None:
                continue
            s, out = _modify(text, s, floor, out)
        except (ValueError, OverflowError):  # a date past the calendar's edge (year 0 or 10000)
            continue
        floor = e
        if out.period is not None and out.kind in ("date", "time"):
            cx.ref = out.period
        refs.append(
            TimeRef(
                start=s, end=e, text=text[s:e], kind=out.kind, value=out.value, earliest=out.earliest,
                latest=out.latest, precision=out.precision, relative=out.relative,
                approximate=out.approximate, flags=out.flags,
            )
        )
    return refs

"""What a time rule produces, and the context it resolves against.

Rules (``timex_rules``) match text; this module turns what they understood into a
result: a ``Period`` on the calendar when the anchor allows it, or a description
of the arithmetic ("anchor - 1 day") when it does not. Dates are never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from echolocate.stages.read.timex_cal import Period, narrow
from echolocate.stages.read.timex_tense import direction_at

MODS = {"START", "MID", "END"}


@dataclass(frozen=True)
class Out:
    """A resolved expression, before it gets its span (see ``TimeRef`` for the fields)."""

    kind: str
    value: str | None = None
    period: Period | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str = "unknown"
    relative: str | None = None
    approximate: bool = False
    flags: tuple[str, ...] = ()


@dataclass
class Ctx:
    """Per-call state: the text, the anchor, the tense source and the last date mentioned."""

    text: str
    anchor: date | None
    tense: Callable[[int], str] | None = None
    ref: Period | None = None  # the last resolved date, for "the next day" and "that year"
    start: int = 0
    end: int = 0
    _dir: dict[tuple[int, int], int | None] = field(default_factory=dict)

    def direction(self, default: int) -> int:
        """-1 / 0 / +1 for the current expression; ``default`` when nothing in the text says."""
        key = (self.start, self.end)
        if key not in self._dir:
            self._dir[key] = direction_at(self.text, self.start, self.end, self.tense)
        d = self._dir[key]
        return default if d is None else d


def dir_word(d: int) -> str:
    return {-1: "past", 0: "nearest", 1: "future"}[d]


def of_period(p: Period, *, relative: str | None = None, mod: str | None = None, approximate: bool = False,
              flags: tuple[str, ...] = ()) -> Out:
    """An ``Out`` for a calendar period, narrowed to its early/mid/late part when ``mod`` says so."""
    lo, hi = (narrow(p, mod) if mod in MODS else (p.start, p.end))
    return Out(
        kind="time" if p.tod else "date",
        value=p.value,
        period=p,
        earliest=lo,
        latest=hi,
        precision=p.precision,
        relative=relative,
        approximate=approximate or mod in MODS,
        flags=flags,
    )


def unresolved(relative: str, precision: str, kind: str = "date", flags: tuple[str, ...] = ()) -> Out:
    """An expression that needs the anchor when there is none: described, not dated."""
    return Out(kind=kind, relative=relative, precision=precision, flags=flags)


def anchored(cx: Ctx, relative: str, precision: str, make: Callable[[date], Period | None], *,
             kind: str = "date", flags: tuple[str, ...] = ()) -> Out | None:
    """Resolve ``make(anchor)`` when there is an anchor, else describe the arithmetic."""
    if cx.anchor is None:
        return unresolved(relative, precision, kind, flags)
    p = make(cx.anchor)
    return None if p is None else of_period(p, relative=relative, flags=flags)


def ref_or_anchor(cx: Ctx) -> Period | None:
    """The date the narrative is at: the last date mentioned, else the anchor's day."""
    if cx.ref is not None:
        return cx.ref
    return None if cx.anchor is None else Period("day", cx.anchor)


def refs(value: str) -> Out:
    """PAST_REF / PRESENT_REF / FUTURE_REF: vague, but never wrong about the direction."""
    return Out(kind="date", value=value, precision="unknown")

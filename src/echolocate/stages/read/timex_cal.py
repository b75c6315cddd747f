"""Calendar arithmetic for time expressions: periods, their TIMEX3 values and bounds.

A resolved date is a ``Period``: a granularity and the first day of the stretch it
names. Keeping one representation for "2016-11-27", "2016-W48", "2016-Q4" and "199"
means shifting ("three months ago"), truncating ("last week") and bounding
(earliest/latest) are written once, not once per kind of expression.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Granularities from finest to coarsest; "weekend" and "season" sit beside their neighbours.
GRANULARITIES = ("day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century")
SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons, northern hemisphere
_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120, "century": 1200}


@dataclass(frozen=True)
class Period:
    """A named stretch of the calendar: ``gran`` and its first day ``start``.

    ``tod`` adds a part of day (``MO``, ``AF``, ``EV``, ``NI``) or a clock time
    (``"09:30"``) to a day; it changes the value, not the bounds.
    """

    gran: str
    start: date
    tod: str | None = None

    @property
    def end(self) -> date:
        """The last day of the period."""
        g, s = self.gran, self.start
        if g == "day":
            return s
        if g == "weekend":
            return s + timedelta(days=1)
        if g == "week":
            return s + timedelta(days=6)
        return add_months(s, _MONTHS_IN[g]) - timedelta(days=1)

    @property
    def value(self) -> str:
        """The TIMEX3 value: 2016-11-27, 2016-W48, 2016-W48-WE, 2016-11, 2016-Q4, 2016-H2, 2016-FA, 2016, 201, 20."""
        g, s = self.gran, self.start
        if g == "day":
            base = s.isoformat()
            return f"{base}T{self.tod}" if self.tod else base
        if g in ("week", "weekend"):
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}" + ("-WE" if g == "weekend" else "")
        if g == "month":
            return f"{s.year}-{s.month:02d}"
        if g == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if g == "half":
            return f"{s.year}-H{(s.month - 1) // 6 + 1}"
        if g == "season":
            code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[s.month]
            return f"{s.year}-{code}"
        if g == "year":
            return f"{s.year:04d}"
        if g == "decade":
            return f"{s.year // 10:03d}"
        return f"{s.year // 100:02d}"  # century: "20" is 2000-2099

    @property
    def precision(self) -> str:
        return "week" if self.gran == "weekend" else ("year" if self.gran == "half" else self.gran)

    def shift(self, n: int, unit: str | None = None) -> Period:
        """Move by ``n`` units (default: the period's own granularity), keeping the granularity."""
        unit = unit or self.gran
        s = self.start
        if unit == "day":
            s = s + timedelta(days=n)
        elif unit in ("week", "weekend"):
            s = s + timedelta(days=7 * n)
        elif unit == "season":
            s = add_months(s, 12 * n)  # "last summer" is the summer a year before, not the spring
        else:
            s = add_months(s, _MONTHS_IN[unit] * n)
        return truncate(s, self.gran, self.tod)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clipped to the target month's length."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    y = min(max(y, 1), 9999)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def truncate(d: date, gran: str, tod: str | None = None) -> Period:
    """The period of granularity ``gran`` that contains day ``d``."""
    if gran == "day":
        return Period("day", d, tod)
    if gran == "week":
        return Period("week", d - timedelta(days=d.weekday()))
    if gran == "weekend":
        return Period("weekend", d - timedelta(days=d.weekday()) + timedelta(days=5))
    if gran == "month":
        return Period("month", d.replace(day=1))
    if gran == "quarter":
        return Period("quarter", date(d.year, (d.month - 1) // 3 * 3 + 1, 1))
    if gran == "half":
        return Period("half", date(d.year, 1 if d.month <= 6 else 7, 1))
    if gran == "season":
        if d.month == 12:
            return Period("season", date(d.year, 12, 1))
        if d.month <= 2:
            return Period("season", date(d.year - 1, 12, 1))
        return Period("season", date(d.year, (d.month - 3) // 3 * 3 + 3, 1))
    if gran == "year":
        return Period("year", date(d.year, 1, 1))
    if gran == "decade":
        return Period("decade", date(max(d.year // 10 * 10, 1), 1, 1))
    return Period("century", date(max(d.year // 100 * 100, 1), 1, 1))


def distance(p: Period, d: date) -> int:
    """Days between day ``d`` and period ``p`` (0 when ``d`` lies inside it)."""
    if p.start <= d <= p.end:
        return 0
    return (p.start - d).days if p.start > d else (d - p.end).days


def pick_year(make, anchor: date, direction: int, gran: str) -> Period | None:
    """The occurrence of a yearly recurring period that the anchor and tense point to.

    ``make(year)`` builds the candidate for a year (``None`` when it does not exist,
    e.g. 29 February). direction -1 prefers the latest one not after the anchor's
    period, +1 the earliest one not before it, 0 the closest. A tense cue is a weak
    signal, so the preferred one is kept only while it is not much farther away than
    the closest one: "by Jan. 14" in a report of 5 January is nine days ahead, not a
    year back, whatever the verb's tense.
    """
    here = truncate(anchor, gran).start
    cands = [p for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (p := make(y)) is not None]
    if not cands:
        return None
    near = min(cands, key=lambda p: (distance(p, anchor), p.start > anchor))
    if direction < 0:
        past = [p for p in cands if p.start <= here]
        want = max(past, key=lambda p: p.start) if past else near
    elif direction > 0:
        fut = [p for p in cands if p.start >= here]
        want = min(fut, key=lambda p: p.start) if fut else near
    else:
        return near
    return want if distance(want, anchor) <= 2 * distance(near, anchor) + 31 else near


def safe_date(y: int, m: int, d: int) -> date | None:
    """``date(y, m, d)`` or ``None`` for an impossible day (31 June, 29 February 2015)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def narrow(p: Period, mod: str) -> tuple[date, date]:
    """Bounds of the early / middle / late third (``START``, ``MID``, ``END``) of a period."""
    s, e = p.start, p.end
    span = (e - s).days + 1
    third = max(span // 3, 1)
    if mod == "START":
        return s, min(s + timedelta(days=third - 1), e)
    if mod == "END":
        return max(e - timedelta(days=third - 1), s), e
    mid = s + timedelta(days=third)
    return mid, min(mid + timedelta(days=third - 1), e)

"""Rules for calendar dates: written-out days, months, years, seasons, quarters, decades, ranges.

Each rule is a regular expression plus a resolver. A resolver reads the named groups
and returns an ``Out``; the expression's extent is group ``x`` when the pattern has
one (so a leading "in" or "on" can be required as context without being part of the
expression, as TimeML marks it), else the whole match.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

from echolocate.stages.read.timex_base import Ctx, Out, dir_word, of_period, unresolved
from echolocate.stages.read.timex_cal import SEASONS, Period, pick_year, safe_date, truncate
from echolocate.stages.read.timex_lex import (
    COUNT_NOUNS, MONTH_ABBR, MONTHS, ORDINALS, SEASON_CODES, WEEKDAY_ABBR, WEEKDAYS,
)

_STRONG_PREPS = {
    "in", "since", "by", "until", "till", "before", "after", "during", "through", "throughout", "as of",
    "early", "late", "mid", "end", "start", "beginning", "fiscal", "year", "into", "both", "due",
}


def month_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR[w]


def weekday_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return WEEKDAYS.get(w, WEEKDAY_ABBR.get(w, -1))


def day_of(word: str) -> int:
    return int(re.match(r"\d+", word).group())


def _mismatch(d: date | None, wd: str | None) -> tuple[str, ...]:
    return ("weekday-mismatch",) if d is not None and wd and d.weekday() != weekday_of(wd) else ()


def _rel_year(word: str | None) -> int:
    return {"last": -1, "this": 0, "next": 1}.get((word or "").lower(), 0)


def day_no_year(cx: Ctx, mon: int, day: int, wd: str | None, default_dir: int = 0) -> Out | None:
    """A month and day without a year ("Nov. 27", "Sunday 27 November"), resolved near the anchor.

    A weekday narrows the year: the candidate year in which that date falls on that
    weekday wins; when none does, the nearest by tense is kept and flagged.
    """
    d = cx.direction(default_dir)
    desc = f"anchor year, {mon:02d}-{day:02d} ({dir_word(d)})"
    if cx.anchor is None:
        return unresolved(desc, "day")
    p = pick_year(lambda y: (x := safe_date(y, mon, day)) and Period("day", x), cx.anchor, d, "day")
    if p is None:
        return None
    if wd and _mismatch(p.start, wd):
        # the weekday may point at another year, but only one about as close as the tense's pick;
        # a weekday a year away is more likely a slip of the writer's, so keep the date and flag it
        near = abs((p.start - cx.anchor).days)
        fits = [x for y in (cx.anchor.year - 1, cx.anchor.year, cx.anchor.year + 1)
                if (x := safe_date(y, mon, day)) is not None and not _mismatch(x, wd)
                and abs((x - cx.anchor).days) <= 2 * near + 31]
        if fits:
            return of_period(Period("day", min(fits, key=lambda x: abs((x - cx.anchor).days))), relative=desc)
    return of_period(p, relative=desc, flags=_mismatch(p.start, wd))


def _full_day(cx: Ctx, m: re.Match, y: int | None, mon: int, day: int) -> Out | None:
    wd = m.groupdict().get("wd")
    ry = m.groupdict().get("ry")
    if y is None and ry:
        if cx.anchor is None:
            return unresolved(f"anchor year {_rel_year(ry):+d}, {mon:02d}-{day:02d}", "day")
        y = cx.anchor.year + _rel_year(ry)
    if y is None:
        return day_no_year(cx, mon, day, wd)
    d = safe_date(y, mon, day)
    return None if d is None else of_period(Period("day", d), flags=_mismatch(d, wd))


def r_iso(m: re.Match, cx: Ctx) -> Out | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    tod = f"{m['hh']}:{m['mi']}" if m["hh"] else None
    return of_period(Period("day", d, tod))


def r_numeric(m: re.Match, cx: Ctx) -> Out | None:
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    y = int(ys) if len(ys) == 4 else (1900 + int(ys) if int(ys) >= 50 else 2000 + int(ys))
    day, mon = (a, b) if (m["sep"] == "." or a > 12) else (b, a)  # dots: European; slashes: US unless impossible
    d = safe_date(y, mon, day)
    return None if d is None else of_period(Period("day", d))


def r_mdy(m: re.Match, cx: Ctx) -> Out | None:
    return _full_day(cx, m, int(m["y"]) if m["y"] else None, month_of(m["mon"]), day_of(m["d"]))


def r_month_year(m: re.Match, cx: Ctx) -> Out | None:
    mon = month_of(m["mon"])
    if m["y"]:
        return of_period(Period("month", date(int(m["y"]), mon, 1)))
    off = _rel_year(m["ry"])
    if cx.anchor is None:
        return unresolved(f"anchor year {off:+d}, month {mon:02d}", "month")
    return of_period(Period("month", date(cx.anchor.year + off, mon, 1)), relative=f"anchor year {off:+d}, month {mon:02d}")


def _month_rel(cx: Ctx, mon: int, rel: str | None, default_dir: int = 0) -> Out | None:
    name = date(2000, mon, 1).strftime("%B")
    rel = (rel or "").lower()
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}.get(rel)
    if step is None:
        d = cx.direction(default_dir)
        desc = f"anchor month {name} ({dir_word(d)})"
    else:
        desc = f"anchor month {name} ({rel})"
    if cx.anchor is None:
        return unresolved(desc, "month")
    here = date(cx.anchor.year, cx.anchor.month, 1)
    cands = [Period("month", date(y, mon, 1)) for y in (cx.anchor.year - 1, cx.anchor.year, cx.anchor.year + 1)]
    if step == -1:
        p = max((c for c in cands if c.start < here), key=lambda c: c.start) if any(c.start < here for c in cands) else cands[0]
    elif step == 1:
        p = min((c for c in cands if c.start > here), key=lambda c: c.start) if any(c.start > here for c in cands) else cands[-1]
    elif step == 0:
        p = cands[1]
    else:
        p = pick_year(lambda y: Period("month", date(y, mon, 1)), cx.anchor, d, "month")
    return of_period(p, relative=desc)


def r_rel_month(m: re.Match, cx: Ctx) -> Out | None:
    return _month_rel(cx, month_of(m["mon"]), m["rel"])


def c_bare_month(m: re.Match, text: str) -> bool:
    """A month name alone is a date only in a date context: "in June", not "June Carter" or "May I"."""
    if m["pre"]:
        return True
    if m["mon"] in ("May", "March", "MAY", "MARCH"):
        return False
    nxt = text[m.end("x"):m.end("x") + 30]
    return not re.match(r"\s+[A-Z]", nxt)


def r_bare_month(m: re.Match, cx: Ctx) -> Out | None:
    return _month_rel(cx, month_of(m["mon"]), None)


def c_year(m: re.Match, text: str) -> bool:
    """A four-digit number is a year only where a year is expected: "in 2016", "2016's", "since 2014"."""
    before = text[max(0, m.start("x") - 2):m.start("x")]
    if re.search(r"[\d$£€#,.]\s?$", before) and not before.endswith(". "):
        return False
    after = text[m.end("x"):m.end("x") + 24]
    if re.match(r"(?:[.,]\d|\s*%|-\d(?!\d\d\d))", after):
        return False
    nxt = re.match(r"\s+([a-z%]+)", after)
    if nxt and nxt.group(1) in COUNT_NOUNS:
        return False
    if after.startswith("'s") or after.startswith("’s"):
        return True
    pre = " ".join((m["pre"] or "").lower().split())
    if not pre and re.search(r"\w['’]s\s+$", text[max(0, m.start("x") - 4):m.start("x")]):
        pre = "the"  # "the company's 1989 results": a possessive works as a determiner
    if pre in _STRONG_PREPS:
        return True
    if not pre:
        return False
    # weaker contexts ("of", "the", "his"): a year unless a plural noun follows ("of 2016 rebels")
    return nxt is None or not nxt.group(1).endswith("s")


def r_year(m: re.Match, cx: Ctx) -> Out | None:
    return of_period(Period("year", date(int(m["y"]), 1, 1)))


def _range(p1: Period, p2: Period, relative: str | None = None, flags: tuple[str, ...] = ()) -> Out | None:
    if p2.start < p1.start:
        return None
    return Out(kind="date", value=f"{p1.value}/{p2.value}", earliest=p1.start, latest=p2.end,
               precision=p1.precision, relative=relative, flags=flags)


def r_range_days(m: re.Match, cx: Ctx) -> Out | None:
    mon2 = month_of(m["mon"])
    mon1 = month_of(m["mon1"]) if m.groupdict().get("mon1") else mon2
    d1, d2 = day_of(m["d1"]), day_of(m["d2"])
    if m["y"]:
        y = int(m["y"])
    else:
        first = day_no_year(cx, mon1, d1, None)
        if first is None:
            return None
        if first.period is None:
            return unresolved(f"anchor year, {mon1:02d}-{d1:02d} to {mon2:02d}-{d2:02d}", "day")
        y = first.period.start.year
    a, b = safe_date(y, mon1, d1), safe_date(y, mon2, d2)
    if a is None or b is None:
        return None
    return _range(Period("day", a), Period("day", b))


def r_range_months(m: re.Match, cx: Ctx) -> Out | None:
    m1, m2 = month_of(m["m1"]), month_of(m["m2"])
    y2 = int(m["y2"]) if m["y2"] else None
    y1 = int(m["y1"]) if m["y1"] else (y2 - (m1 > m2) if y2 else None)
    if y1 is None:
        first = _month_rel(cx, m1, None)
        if first is None or first.period is None:
            return unresolved(f"anchor year, months {m1:02d} to {m2:02d}", "month")
        y1 = first.period.start.year
    y2 = y2 or (y1 + (m2 < m1))
    return _range(Period("month", date(y1, m1, 1)), Period("month", date(y2, m2, 1)))


def c_range_years(m: re.Match, text: str) -> bool:
    return bool(m["pre"]) or m["sep"].strip() in ("-", "–")


def r_range_years(m: re.Match, cx: Ctx) -> Out | None:
    return _range(Period("year", date(int(m["y1"]), 1, 1)), Period("year", date(int(m["y2"]), 1, 1)))


def c_season(m: re.Match, text: str) -> bool:
    return bool(m["pre"] or m["rel"] or m["y"])


def r_season(m: re.Match, cx: Ctx) -> Out | None:
    code = SEASON_CODES[m["s"].lower()]
    month = SEASONS[code]
    if m["y"]:
        return of_period(Period("season", date(int(m["y"]), month, 1)))
    rel = (m["rel"] or "").lower()
    d = cx.direction(0)
    desc = f"anchor season {code} ({rel or dir_word(d)})"
    if cx.anchor is None:
        return unresolved(desc, "season")
    here = truncate(cx.anchor, "season").start
    cands = [Period("season", date(y, month, 1)) for y in range(cx.anchor.year - 2, cx.anchor.year + 2)]
    if rel in ("last", "past"):
        p = max((c for c in cands if c.start < here), key=lambda c: c.start)
    elif rel in ("next", "coming"):
        p = min((c for c in cands if c.start > here), key=lambda c: c.start)
    elif rel == "this":
        p = min(cands, key=lambda c: abs((c.start - here).days))
    else:
        p = pick_year(lambda y: Period("season", date(y, month, 1)), cx.anchor, d, "season")
    return of_period(p, relative=desc)


def c_quarter(m: re.Match, text: str) -> bool:
    return not (m["ord"] and m["ord"].lower() in ("last", "final") and not m["y"] and not m["ry"])


def r_quarter(m: re.Match, cx: Ctx) -> Out | None:
    half = (m["u"] or "").lower() == "half"
    n = int(m["q"]) if m["q"] else ORDINALS[m["ord"].lower()]
    if half and n > 2 and m["ord"].lower() not in ("last", "final"):
        return None
    n = min(n, 2) if half else n
    gran, month = ("half", 6 * n - 5) if half else ("quarter", 3 * n - 2)
    if m["y"]:
        return of_period(Period(gran, date(int(m["y"]), month, 1)))
    if m["ya"] and cx.anchor is not None:
        return of_period(Period(gran, date(cx.anchor.year - 1, month, 1)), relative="anchor year -1")
    if m["ry"] and cx.anchor is not None:
        off = -1 if re.search(r"last|previous", m["ry"], re.I) else (1 if "next" in m["ry"].lower() else 0)
        return of_period(Period(gran, date(cx.anchor.year + off, month, 1)), relative=f"anchor year {off:+d}")
    d = cx.direction(-1)
    desc = f"anchor {gran} {n} ({dir_word(d)})"
    if cx.anchor is None:
        return unresolved(desc, gran if gran == "quarter" else "year")
    return of_period(pick_year(lambda y: Period(gran, date(y, month, 1)), cx.anchor, d, gran), relative=desc)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def r_decade(m: re.Match, cx: Ctx) -> Out | None:
    if m["word"]:
        start = 1900 + 10 * _DECADE_WORDS[m["word"].lower()]
    else:
        digits = m["dec"].lstrip("'’")
        start = int(digits) if len(digits) == 4 else (1900 if int(digits) >= 30 else 2000) + int(digits)
    return of_period(Period("decade", date(start, 1, 1)))


def r_century(m: re.Match, cx: Ctx) -> Out | None:
    o = m["ord"].lower()
    n = int(re.match(r"\d+", o).group()) if o[0].isdigit() else ORDINALS.get(o)
    if not n or not 1 <= n <= 21:
        return None
    return of_period(Period("century", date((n - 1) * 100 or 1, 1, 1)))


def _nth_weekday(y: int, mon: int, wd: int, n: int) -> date:
    first = date(y, mon, 1)
    return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))


_HOLIDAYS = {
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas": lambda y: date(y, 12, 25),
    "boxing day": lambda y: date(y, 12, 26),
    "new year's eve": lambda y: date(y, 12, 31),
    "new year's": lambda y: date(y, 1, 1),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "easter": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "easter monday": lambda y: easter(y) + timedelta(days=1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),  # United States: fourth Thursday of November
}


def r_holiday(m: re.Match, cx: Ctx) -> Out | None:
    name = " ".join(m["h"].lower().replace("’", "'").replace("years", "year's").split())
    name = re.sub(r"\s+(day|sunday)$", "", name) if name not in ("boxing day", "valentine's day") else name
    make = _HOLIDAYS.get(name)
    if make is None:
        return None
    if m["y"]:
        return of_period(Period("day", make(int(m["y"]))))
    d = cx.direction(0)
    desc = f"anchor year, {name} ({dir_word(d)})"
    if cx.anchor is None:
        return unresolved(desc, "day")
    return of_period(pick_year(lambda y: Period("day", make(y)), cx.anchor, d, "day"), relative=desc)

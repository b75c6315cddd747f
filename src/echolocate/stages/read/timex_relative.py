"""Rules for expressions that count from the anchor or from the last date mentioned.

Weekdays, "yesterday", "last week", "three months ago", "earlier this month", "the
next day", clock times, and the anchor-free kinds: durations ("three months" ->
P3M), sets ("every week"), and vague references (PAST_REF, PRESENT_REF, FUTURE_REF).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from echolocate.stages.read.timex_base import (
    Ctx, Out, anchored, dir_word, of_period, ref_or_anchor, refs, unresolved,
)
from echolocate.stages.read.timex_cal import GRANULARITIES, Period, add_months, truncate
from echolocate.stages.read.timex_dates import day_no_year, day_of, month_of, weekday_of
from echolocate.stages.read.timex_lex import PARTS_OF_DAY, UNITS, number_value

_NAME_BEFORE = re.compile(
    r"(?:Good|Black|Bloody|Holy|Palm|Easter|Ash|Cyber|Super|Man|Maundy|Shrove|Giving|Mail\s+on|Mirror\s+on|Times\s+on)\s+$"
)
_CAP_AFTER = re.compile(r"\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|EST|EDT|GMT|UTC)\b)[A-Z][a-z]")


def _unit(word: str) -> tuple[str, str, bool]:
    w = word.lower()
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS[w]


def _gran(unit: str) -> str:
    """The calendar granularity a unit counts in ("three hours ago" is still a day)."""
    return {"second": "day", "minute": "day", "hour": "day", "fortnight": "week"}.get(unit, unit)


def _steps(unit: str, n: int) -> tuple[str, int]:
    return ("week", 2 * n) if unit == "fortnight" else (("day", 0) if unit in ("second", "minute", "hour") else (unit, n))


def c_weekday(m: re.Match, text: str) -> bool:
    """Not a name ("Good Friday", "the Mail on Sunday", "Sunday Times")."""
    if _NAME_BEFORE.search(text[max(0, m.start("x") - 14):m.start("x")]):
        return False
    return m["part"] is not None or not _CAP_AFTER.match(text[m.end("x"):m.end("x") + 12])


def resolve_weekday(cx: Ctx, wd: int, rel: str | None, tod: str | None = None) -> Out | None:
    """A weekday near the anchor: "last"/"next" step over the anchor's own day; bare ones follow tense.

    A bare weekday that is the anchor's weekday is the anchor's day: news writes
    "Friday" for the day of a Friday report (132 of 133 such cases in TimeBank and
    AQUAINT), whatever the tense.
    """
    rel = (rel or "").lower()
    name = date(2024, 1, 1 + wd).strftime("%A")
    if rel in ("last", "past"):
        d, lo, hi, word = -1, 1, 7, rel
    elif rel in ("next", "coming", "this"):
        d, lo, hi, word = 1, (0 if rel == "this" else 1), 7, rel
    else:
        d = cx.direction(-1)
        d = -1 if d == 0 else d
        lo, hi, word = 0, 6, dir_word(d)
    desc = f"anchor weekday {name} ({word})"
    if cx.anchor is None:
        return unresolved(desc, "day", "time" if tod else "date")
    gap = (cx.anchor.weekday() - wd) % 7 if d < 0 else (wd - cx.anchor.weekday()) % 7
    if gap < lo:
        gap += 7
    if gap > hi:
        gap -= 7
    day = cx.anchor + timedelta(days=d * gap)
    return of_period(Period("day", day, tod), relative=desc)


def r_weekday(m: re.Match, cx: Ctx) -> Out | None:
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    return resolve_weekday(cx, weekday_of(m["wd"]), m["rel"], part)


_DEICTIC = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}


def r_deictic(m: re.Match, cx: Ctx) -> Out | None:
    word = m["w"].lower()
    off = _DEICTIC[word] + (-1 if m["before"] else (1 if m["after"] else 0))
    part = PARTS_OF_DAY.get((m["part"] or "").lower()) or ("NI" if word == "tonight" else None)
    desc = "anchor" if off == 0 else f"anchor {'+' if off > 0 else '-'} {abs(off)} day{'s' * (abs(off) > 1)}"
    if part:
        desc += f" {[k for k, v in PARTS_OF_DAY.items() if v == part][0]}"
    return anchored(cx, desc, "day", lambda a: Period("day", a + timedelta(days=off), part),
                    kind="time" if part else "date")


def r_this_part(m: re.Match, cx: Ctx) -> Out | None:
    """"this morning" is the anchor's; "last night" the evening before it."""
    part = PARTS_OF_DAY[m["part"].lower()]
    off = -1 if m["rel"].lower() == "last" else 0
    desc = f"anchor{' - 1 day' if off else ''} {m['part'].lower()}"
    return anchored(cx, desc, "day", lambda a: Period("day", a + timedelta(days=off), part), kind="time")


_REL_STEP = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
             "following": 1, "this past": -1, "this coming": 1, "preceding": -1}


def r_rel_unit(m: re.Match, cx: Ctx) -> Out | None:
    unit = m["unit"].lower()
    rel = " ".join(m["rel"].lower().split())
    step = _REL_STEP[rel]
    if m["the"] and rel in ("past", "last") and unit not in ("weekend",):
        return _duration_out(cx, 1, unit, "past")  # "the past year": the twelve months up to the anchor
    gran = "week" if unit == "fortnight" else unit
    n = 2 * step if unit == "fortnight" else step
    if rel in ("previous", "following", "preceding") and cx.ref is not None and cx.anchor is not None:
        base = cx.ref.start
        return of_period(truncate(base, gran).shift(n, gran), relative=f"reference {n:+d} {gran}")
    desc = f"anchor {gran}" if n == 0 else f"anchor {'+' if n > 0 else '-'} {abs(n)} {gran}"
    return anchored(cx, desc, gran if gran != "weekend" else "week", lambda a: truncate(a, gran).shift(n, gran))


def r_edge_rel(m: re.Match, cx: Ctx) -> Out | None:
    """"earlier this month", "later this year", "the end of the week": part of the anchor's period."""
    unit = m["unit"].lower()
    rel = (m["rel"] or "this").lower()
    n = {"last": -1, "next": 1}.get(rel, 0)
    which = (m["edge"] or "").lower()
    mod = "START" if which in ("earlier", "beginning", "start", "early") else ("MID" if which == "middle" else "END")
    desc = f"anchor {unit}{'' if n == 0 else f' {n:+d}'} ({mod.lower()})"
    if cx.anchor is None:
        return unresolved(desc, unit)
    base = cx.ref if (rel == "that" and cx.ref is not None) else Period("day", cx.anchor)
    p = truncate(base.start, unit).shift(n, unit)
    out = of_period(p, relative=desc, mod=mod)
    if rel == "this" and which in ("earlier", "later"):  # bounded by the anchor itself
        lo, hi = (p.start, cx.anchor) if which == "earlier" else (cx.anchor, p.end)
        out = Out(**{**out.__dict__, "earliest": lo, "latest": hi})
    return out


def _shift_desc(n, unit, sign, base="anchor") -> str:
    return f"{base} {sign} {n} {unit}{'s' if n != 1 else ''}"


def r_ago(m: re.Match, cx: Ctx) -> Out | None:
    n = number_value(m["num"])
    unit, _, _ = _unit(m["unit"])
    word = " ".join(m["dir"].lower().split())
    sign = 1 if word in ("later", "after", "from now", "hence", "on") else -1
    if n is None:
        return None
    if n == "X" or not float(n).is_integer():
        return refs("FUTURE_REF" if sign > 0 else "PAST_REF")
    gran, k = _steps(unit, int(n))
    from_ref = word in ("earlier", "later", "before", "after", "previously", "prior", "on")
    if from_ref and cx.ref is not None and (cx.ref.gran == "quarter" or gran in ("day", "week")):
        # "a year earlier" than a quarter is that quarter a year before (results tables); "three
        # days later" counts from the day the story is at. Longer steps count from the anchor.
        fine = "quarter" if cx.ref.gran == "quarter" else gran
        p = truncate(cx.ref.start, fine).shift(sign * k, gran)
        return of_period(p, relative=_shift_desc(n, unit, "+" if sign > 0 else "-", "reference"))
    desc = _shift_desc(n, unit, "+" if sign > 0 else "-")
    return anchored(cx, desc, truncate(date(2000, 1, 1), gran).precision,
                    lambda a: truncate(a, gran).shift(sign * k, gran))


def _duration_value(n, unit: str) -> str | None:
    letter = UNITS[unit][1] if unit in UNITS else None
    clock = unit in ("second", "minute", "hour")
    if n == "X":
        return f"P{'T' if clock else ''}X{letter}" if letter != "WE" else "PXWE"
    if n == 0.5:
        half = {"second": "PT0.5S", "minute": "PT30S", "hour": "PT30M", "day": "PT12H", "week": "P3.5D",
                "month": "P2W", "quarter": "P6W", "year": "P6M", "decade": "P5Y", "century": "P50Y"}
        return half.get(unit)
    if not float(n).is_integer() and float(2 * n).is_integer() and unit in _HALVES:
        whole = int(n)
        big, small = _HALVES[unit]
        return f"P{'T' if clock else ''}{whole}{big}{small}" if whole else _duration_value(0.5, unit)
    n = int(n) if float(n).is_integer() else n
    if unit == "decade":
        return f"P{n * 10}Y"
    if unit in ("century",):
        return f"P{n * 100}Y"
    if unit == "fortnight":
        return f"P{n * 2}W"
    return f"P{'T' if clock else ''}{n}{letter}"


_HALVES = {"year": ("Y", "6M"), "month": ("M", "15D"), "day": ("D", "T12H"), "hour": ("H", "30M"),
           "minute": ("M", "30S"), "decade": ("0Y", ""), "week": ("W", "3DT12H")}


def _duration_out(cx: Ctx, n, unit: str, rel: str | None) -> Out | None:
    value = _duration_value(n, unit)
    if value is None:
        return None
    rel = (rel or "").lower()
    lo = hi = None
    if rel in ("past", "last", "next", "coming") and cx.anchor is not None and n != "X" and float(n).is_integer():
        gran, k = _steps(unit, int(n))
        if gran != "day" or k:
            months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(gran)
            days = {"day": 1, "week": 7, "weekend": 7}.get(gran, 0)
            sign = -1 if rel in ("past", "last") else 1
            other = add_months(cx.anchor, sign * k * months) if months else cx.anchor + timedelta(days=sign * k * days)
            lo, hi = sorted((cx.anchor, other))
    return Out(kind="duration", value=value, earliest=lo, latest=hi, precision="unknown",
               relative=f"{'anchor - ' if rel in ('past', 'last') else 'anchor + '}{value}" if lo else None)


def r_duration(m: re.Match, cx: Ctx) -> Out | None:
    n = number_value(m["num"])
    if n is None:
        return None
    if m["half"] and n != "X":
        n = n + 0.5
    unit, _, _ = _unit(m["unit"])
    return _duration_out(cx, n, unit, m["rel"])


def c_duration(m: re.Match, text: str) -> bool:
    """Not a fraction ("three-quarters of", "a quarter of the vote") nor an ordinal ("a second time")."""
    unit = m["unit"].lower()
    if unit.startswith("quarter") and (re.match(r"\s+of\b", text[m.end():]) or "-" in m["x"]):
        return False
    return not (unit == "second" and m["num"].lower() in ("a", "an", "one"))


def r_the_weekend(m: re.Match, cx: Ctx) -> Out | None:
    """"the weekend": the one just past, or the coming one when the sentence looks ahead."""
    d = cx.direction(-1)
    d = -1 if d == 0 else d
    desc = f"anchor weekend ({dir_word(d)})"

    def make(a: date) -> Period:
        p = truncate(a, "weekend")
        if d < 0 and p.start > a:
            p = p.shift(-1)
        return p

    return anchored(cx, desc, "week", make)


def r_latest_unit(m: re.Match, cx: Ctx) -> Out | None:
    """"the latest quarter": the last complete one before the anchor (results are reported after)."""
    unit = m["unit"].lower()
    return anchored(cx, f"anchor - 1 {unit} (latest complete)", unit, lambda a: truncate(a, unit).shift(-1))


def r_year_ago(m: re.Match, cx: Ctx) -> Out | None:
    """"year-earlier", "the year-ago quarter": the quarter in discussion a year before, else last year."""
    if cx.ref is not None and cx.ref.gran == "quarter":
        return of_period(cx.ref.shift(-4), relative="reference - 1 year")
    return anchored(cx, "anchor - 1 year", "year", lambda a: truncate(a, "year").shift(-1))


def r_the_quarter(m: re.Match, cx: Ctx) -> Out | None:
    """"the quarter" / "the period" only means a date when a quarter was just named; else it is a noun."""
    if cx.ref is None or cx.ref.gran != "quarter":
        return None
    return of_period(cx.ref, relative="reference quarter")


def r_iso_duration(m: re.Match, cx: Ctx) -> Out | None:
    """An ISO 8601 duration written as such ("P3M"); "P" alone or "PT" is not one."""
    value = m["x"]
    return Out(kind="duration", value=value) if value not in ("P", "PT") and not value.endswith("T") else None


def r_plural_units(m: re.Match, cx: Ctx) -> Out | None:
    """"for weeks", "the coming months": a duration of unknown length."""
    unit, _, _ = _unit(m["unit"])
    return _duration_out(cx, "X", unit, None)


_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
                "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "fortnightly": "P2W",
                "bimonthly": "P2M", "semiannually": "P6M", "biannually": "P6M"}


def r_set_adverb(m: re.Match, cx: Ctx) -> Out | None:
    return Out(kind="set", value=_SET_ADVERBS[m["x"].lower()])


def r_set_every(m: re.Match, cx: Ctx) -> Out | None:
    what = m["what"]
    if m["wd"]:
        return Out(kind="set", value=f"XXXX-WXX-{weekday_of(what) + 1}")
    if m["mon"]:
        return Out(kind="set", value=f"XXXX-{month_of(what):02d}")
    if m["part"]:
        return Out(kind="set", value=f"XXXX-XX-XXT{PARTS_OF_DAY[what.lower()]}")
    n = number_value(m["num"]) if m["num"] else 1
    if n is None or n == "X":
        return None
    n = n * 2 if m["other"] else n
    value = _duration_value(n, _unit(what)[0])
    return None if value is None else Out(kind="set", value=value)


def r_set_times(m: re.Match, cx: Ctx) -> Out | None:
    value = _duration_value(1, _unit(m["unit"])[0])
    return None if value is None else Out(kind="set", value=value)


_REFS = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}


def r_ref(m: re.Match, cx: Ctx) -> Out | None:
    return refs(_REFS[m.lastgroup])


def r_clock(m: re.Match, cx: Ctx) -> Out | None:
    if m["nm"]:
        hh, mi = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["nm"].lower()]
    else:
        hh, mi = int(m["h"]), int(m["mi"] or 0)
        ap = (m["ap"] or "").lower()
        if ap.startswith("p") and hh < 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
        if hh > 24 or mi > 59:
            return None
    tod = f"{hh:02d}:{mi:02d}"
    day = (m["dw"] or "").lower()
    if m["mon"]:
        out = day_no_year(cx, month_of(m["mon"]), day_of(m["d"]), None)
        if out is None or out.period is None:
            return unresolved(f"{out.relative if out else 'anchor'} at {tod}", "day", "time")
        return of_period(Period("day", out.period.start, tod), relative=f"{out.relative} at {tod}")
    if day and day in _DEICTIC:
        off = _DEICTIC[day]
        return anchored(cx, f"anchor {off:+d} day at {tod}", "day",
                        lambda a: Period("day", a + timedelta(days=off), tod), kind="time")
    if day:
        return resolve_weekday(cx, weekday_of(day), None, tod)
    return anchored(cx, f"anchor day at {tod}", "day", lambda a: Period("day", a, tod), kind="time")


def r_anaphor(m: re.Match, cx: Ctx) -> Out | None:
    """"the next day", "that year", "the same day": counted from the last date mentioned."""
    unit = (m["u"] or m["u2"] or "day").lower()
    part = PARTS_OF_DAY.get(unit)
    gran = "day" if part else unit
    word = (m["w"] or "").lower()
    n = 1 if word in ("next", "following", "after") else (-1 if word in ("previous", "preceding", "before") else 0)
    base = ref_or_anchor(cx)
    desc = f"reference {n:+d} {gran}" if n else f"reference {gran}"
    if base is None or cx.anchor is None:
        return unresolved(desc, gran, "time" if part else "date")
    if GRANULARITIES.index(base.gran) > GRANULARITIES.index(gran):
        return unresolved(desc, gran, "time" if part else "date")  # "that day" after "in 2015": which day?
    return of_period(truncate(base.start, gran, part).shift(n, gran), relative=desc)

"""The timeline: events and dated claims in time order, grouped by month, drawn by date precision.

A day is a dot, a month a short bar, a year a long faint band and a range a bracket, so a
claim "in 2016" never looks as exact as one "on 28 November". Claims carry two kinds of
dates: what they are about (a date named in the claim) and when they were reported (the
publication date of a report carrying them); the timeline shows both, labelled.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from echolocate.web.query import ClaimFacets, Period, event_period


@dataclass(frozen=True)
class Item:
    kind: str  # event, claim (about) or reported (a claim at its publication date)
    period: Period
    title: str
    href: str
    detail: str = ""
    grade: str | None = None


@dataclass(frozen=True)
class Group:
    key: str  # YYYY-MM, or YYYY for items only known to the year
    label: str
    date_from: str
    date_to: str
    items: tuple[Item, ...]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def items_from(events: list[dict], groups: list[dict], facets: dict[str, ClaimFacets], event_href,
               claim_href) -> list[Item]:
    """Timeline items of dated events and of claims with dates; in time order, then by kind and title."""
    items = []
    for e in events:
        period = event_period(e)
        if period is None:
            continue
        who = " → ".join(x for x in (e.get("actor") or "?", e.get("target")) if x)
        where = f" @ {e['place']['name']}" if e.get("place") else ""
        items.append(Item("event", period, f"{who}: {e['category'].lower()} ({e['mode']}){where}", event_href(e),
                          e.get("certainty") or ""))
    for g in groups:
        for period in (facets.get(g["id"]) or ClaimFacets()).periods:
            kind = "claim" if period.kind == "about" else "reported"
            detail = "date named in the claim" if kind == "claim" else "published in a report carrying it"
            items.append(Item(kind, period, g["text"], claim_href(g), detail, g["grade"]))
    order = {"event": 0, "claim": 1, "reported": 2}
    return sorted(items, key=lambda i: (i.period.start, i.period.end, order[i.kind], i.title))


def group_items(items: list[Item]) -> list[Group]:
    """Items by month; items known only to the year, or spanning months, form a group of their own year."""
    buckets: dict[str, list[Item]] = {}
    for item in items:
        p = item.period
        whole_year = p.precision == "year" or p.start[:7] != p.end[:7]
        buckets.setdefault(p.start[:4] if whole_year else p.start[:7], []).append(item)
    out = []
    for key in sorted(buckets, key=lambda k: (k[:4], len(k) == 4 and "00" or k[5:7])):
        if len(key) == 4:
            out.append(Group(key, f"{key} (year or longer)", key, key, tuple(buckets[key])))
        else:
            out.append(Group(key, f"{_MONTHS[int(key[5:7]) - 1]} {key[:4]}", key, key, tuple(buckets[key])))
    return out


def period_label(p: Period) -> str:
    """How a period reads: 2016, 2016-06, 2016-06-28, or 2016-06-28 – 2016-07-02 for a range."""
    if p.precision == "year" and p.start[:4] == p.end[:4]:
        return p.start[:4]
    if p.precision == "month" and p.start[:7] == p.end[:7]:
        return p.start[:7]
    return p.start if p.start == p.end else f"{p.start} – {p.end}"


def _day(value: str) -> int:
    return date.fromisoformat(value).toordinal()


def segments(intervals: list[tuple[int, int]], min_gap: int = 45, share: float = 0.05) -> list[tuple[int, int]]:
    """Stretches of days holding the intervals, split where nothing happens for longer than ``min_gap`` days and
    ``share`` of the whole span: a broken axis, so one item decades away does not squash all the others."""
    if not intervals:
        return []
    lo, hi = min(a for a, _ in intervals), max(b for _, b in intervals)
    gap = max(min_gap, int((hi - lo) * share))
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _merged(items: list[Item]) -> list[tuple[Item, int]]:
    """Items that would draw the same mark (same lane, precision and days) as one, with how many it stands for;
    the first in order keeps its title and link."""
    first: dict[tuple, int] = {}
    out: list[list] = []
    for item in items:
        key = (item.kind, item.period.precision, item.period.start, item.period.end)
        if key in first:
            out[first[key]][1] += 1
        else:
            first[key] = len(out)
            out.append([item, 1])
    return [(item, n) for item, n in out]


MAX_MARKS = 600  # above this many items the strip draws coinciding marks once


def overview_svg(items: list[Item], width: int = 960, href=None) -> Markup:
    """A strip with one lane per kind of item; each mark's shape shows its precision. The axis breaks (≈) over
    long empty stretches. ``href("YYYY-MM")`` links the month ticks to that period. With more than
    ``MAX_MARKS`` items, marks that would coincide are drawn once, their tooltip saying how many they are."""
    if not items:
        return Markup("")
    marks = _merged(items) if len(items) > MAX_MARKS else [(item, 1) for item in items]
    lanes = ("event", "claim", "reported")
    names = {"event": "events", "claim": "claims: date named", "reported": "claims: reported on"}
    spans = [(_day(i.period.start), _day(i.period.end) + 1) for i in items]
    parts = [(a - 3, b + 3) for a, b in segments(spans)]  # a little room either side of each stretch
    left, right, lane_h, brk = 150, 12, 26, 18
    inner = width - left - right - brk * (len(parts) - 1)
    total = sum(b - a for a, b in parts)
    # each stretch gets room for its length, but at least a tenth of the strip, so short ones stay legible
    widths = [max(inner * (b - a) / total, inner * 0.1) for a, b in parts]
    widths = [w * inner / sum(widths) for w in widths]
    offsets, x0 = [], left
    for w in widths:
        offsets.append(x0)
        x0 += w + brk

    def x(day: int) -> float:
        for (a, b), off, w in zip(parts, offsets, widths):
            if day <= b:
                return off + w * (max(day, a) - a) / (b - a)
        return offsets[-1] + widths[-1]

    height = lane_h * len(lanes) + 30
    e = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-strip" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="timeline of {len(items)} dated items">']
    axis_y = 10 + len(lanes) * lane_h + 6
    for n, lane in enumerate(lanes):
        y = 10 + n * lane_h
        out.append(f'<text class="lane" x="4" y="{y + 15}">{e(names[lane])}</text>')
        for off, w in zip(offsets, widths):
            out.append(f'<line class="lane-line" x1="{off:.1f}" x2="{off + w:.1f}" y1="{y + 11}" y2="{y + 11}"/>')
    for off in offsets[1:]:
        out.append(f'<text class="axis-break" x="{off - brk / 2:.1f}" y="{axis_y - 4}" text-anchor="middle">≈</text>')
    for n, ((a, b), off, w) in enumerate(zip(parts, offsets, widths)):
        # leave the end of a stretch free of labels when another follows, so two labels do not meet at a break
        out += _ticks(a, b, off, w - (30 if n < len(parts) - 1 else 0), axis_y, x, href)
    for item, n in marks:
        a, b = _day(item.period.start), _day(item.period.end) + 1
        y = 10 + lanes.index(item.kind) * lane_h + 11
        x0, x1 = x(a), x(b)
        more = f" (and {n - 1} more)" if n > 1 else ""
        tip = (f"<title>{e(period_label(item.period))} ({e(item.period.precision)}): {e(item.title[:160])}"
               f"{more}</title>")
        cls = f"mark mark-{e(item.period.precision)} mark-{e(item.kind)}"
        if item.period.precision == "day":
            shape = f'<circle class="{cls}" cx="{x0:.1f}" cy="{y}" r="4"/>'
        elif item.period.precision == "year":
            shape = f'<rect class="{cls}" x="{x0:.1f}" y="{y - 9}" width="{max(x1 - x0, 3):.1f}" height="18"/>'
        elif item.period.precision == "range":
            shape = (f'<path class="{cls}" d="M{x0:.1f} {y - 6}v12M{x0:.1f} {y}H{max(x1, x0 + 3):.1f}'
                     f'M{max(x1, x0 + 3):.1f} {y - 6}v12"/>')
        else:
            shape = f'<rect class="{cls}" x="{x0:.1f}" y="{y - 4}" width="{max(x1 - x0, 3):.1f}" height="8"/>'
        out.append(f'<a href="{e(item.href)}">{tip}{shape}</a>')
    out.append("</svg>")
    return Markup("".join(out))


def _ticks(a: int, b: int, off: float, w: float, axis_y: int, x, href) -> list[str]:
    """Month (or, over long stretches, year) ticks of one stretch of the axis."""
    first, last = date.fromordinal(a), date.fromordinal(b)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = months > 36
    ticks, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        if not by_year or month == 1:
            ticks.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    room = max(1, int(w // 56))  # about 56 px per label
    every = max(1, -(-len(ticks) // room))
    out = []
    for n, tick in enumerate(ticks):
        tx = x(tick.toordinal())
        if n % every or tx < off - 0.5 or tx > off + w + 0.5:
            continue
        label = html.escape(str(tick.year) if by_year else f"{_MONTHS[tick.month - 1][:3]} {tick.year}")
        text = f'<text class="tick" x="{tx:.1f}" y="{axis_y + 10}">{label}</text>'
        if href:
            key = tick.strftime("%Y") if by_year else tick.strftime("%Y-%m")
            text = f'<a href="{html.escape(href(key))}">{text}</a>'
        out.append(f'<line class="tick-line" x1="{tx:.1f}" x2="{tx:.1f}" y1="8" y2="{axis_y}"/>{text}')
    return out

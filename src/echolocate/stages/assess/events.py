"""Events across reports: the same event told by several reports is one event, with its carriers,
origins and independent-origin count, and the details the carriers disagree on as variants.

Input is one ``EventInput`` per event mention (the read stage's ``EventMention`` with its arguments
resolved: canonical actor and target names, the place on the map, the time as a date range, and
the origin of the claim it sits in). Mentions join when they have the same category, the same mode
class (an offer is not a delivery), the same actor and target (either may be unknown on one side)
and compatible dates (overlapping ranges, or a date on one side only). A denial joins the event it
denies and counts against it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Event", "EventInput", "group_events"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "decade": 5,
                   "century": 6, "unknown": 9}
_PLACE_RANK = {"point": 0, "city": 1, "region": 2, "country": 3, "continent": 4, "unknown": 9}


@dataclass(frozen=True)
class EventInput:
    report_id: str
    idx: int
    text: str
    start: int
    end: int
    category: str
    subtype: str | None
    mode: str
    trigger: str
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str = "unknown"
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "unknown"
    time_text: str | None = None
    claim_id: str | None = None
    origin_name: str | None = None
    origin_kind: str | None = None
    origin_key: str | None = None
    source_path: str = ""
    outlet: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Event:
    id: str
    category: str
    subtype: str | None
    mode: str
    actor: str | None
    target: str | None
    place: dict | None  # {name, lat, lon, precision}
    date: dict | None  # {start, end, precision}
    independent_origins: int
    origins: tuple[dict, ...]
    carriers: tuple[dict, ...]
    variants: tuple[dict, ...] = ()
    denied_by: tuple[str, ...] = ()
    certainty: str = ""
    members: tuple[tuple[str, int], ...] = field(default=())


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("\u2019", "'").split())


def _mode_class(mode: str) -> str:
    return "happened" if mode in ("happened", "denied") else mode


def _dates_fit(a: EventInput, b: EventInput) -> bool:
    if a.date_start is None or b.date_start is None:
        return True
    a_end, b_end = a.date_end or a.date_start, b.date_end or b.date_start
    return a.date_start <= b_end and b.date_start <= a_end


def _names_fit(a: str | None, b: str | None) -> bool:
    return not a or not b or _norm(a) == _norm(b)


def group_events(inputs: Sequence[EventInput]) -> list[Event]:
    """Events in date order (undated last), each with its evidence. Deterministic for any input order."""
    ordered = sorted(inputs, key=lambda m: (m.report_id, m.idx))
    clusters: list[list[EventInput]] = []
    for mention in ordered:
        home = None
        for cluster in clusters:
            head = cluster[0]
            if (head.category, _mode_class(head.mode)) != (mention.category, _mode_class(mention.mode)):
                continue
            if not all(_names_fit(m.actor, mention.actor) and _names_fit(m.target, mention.target)
                       and _dates_fit(m, mention) for m in cluster):
                continue
            if not (mention.actor or mention.target) and not any(m.claim_id == mention.claim_id for m in cluster):
                continue  # no participant to recognise the event by: only join its own claim's mentions
            home = cluster
            break
        if home is None:
            clusters.append([mention])
        else:
            home.append(mention)
    events = [_event(cluster) for cluster in clusters]
    return sorted(events, key=lambda e: (e.date is None, (e.date or {}).get("start") or "", e.id))


def _most_common(values) -> str | None:
    counted = Counter(v for v in values if v)
    return sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counted else None


def _event(cluster: list[EventInput]) -> Event:
    members = tuple(sorted((m.report_id, m.idx) for m in cluster))
    event_id = "v" + hashlib.sha256(repr(members).encode()).hexdigest()[:16]
    support = [m for m in cluster if m.mode != "denied"]
    deny = [m for m in cluster if m.mode == "denied"]
    mode = _most_common(m.mode for m in support) or "denied"
    actor = _most_common(m.actor for m in cluster)
    target = _most_common(m.target for m in cluster)
    placed = sorted((m for m in cluster if m.lat is not None),
                    key=lambda m: (_PLACE_RANK.get(m.place_precision, 9), m.report_id, m.idx))
    place = ({"name": placed[0].place, "lat": placed[0].lat, "lon": placed[0].lon,
              "precision": placed[0].place_precision} if placed else
             ({"name": _most_common(m.place for m in cluster), "lat": None, "lon": None, "precision": "unknown"}
              if any(m.place for m in cluster) else None))
    dated = sorted((m for m in cluster if m.date_start is not None),
                   key=lambda m: (_PRECISION_RANK.get(m.date_precision, 9), m.report_id, m.idx))
    when = ({"start": dated[0].date_start.isoformat(), "end": (dated[0].date_end or dated[0].date_start).isoformat(),
             "precision": dated[0].date_precision} if dated else None)
    origins: dict[str, dict] = {}
    for m in support:
        key = m.origin_key or f"report:{m.report_id}"
        origins.setdefault(key, {"name": m.origin_name or m.outlet or _label(m), "kind": m.origin_kind or "outlet",
                                 "key": key})
    denied_by = tuple(sorted({m.origin_name or m.outlet or _label(m) for m in deny}))
    variants = _variants(cluster)
    count = len(origins)
    certainty = (f"denied by {', '.join(denied_by)}; " if denied_by else "") + (
        f"{count} independent origins" if count > 1 else f"alleged by 1 origin" if count == 1 else "no supporting origin")
    carriers = tuple({"report_id": m.report_id, "source_path": m.source_path, "outlet": m.outlet,
                      "date": m.published.isoformat() if m.published else None, "text": m.text, "start": m.start,
                      "end": m.end, "mode": m.mode, "trigger": m.trigger, "claim_id": m.claim_id,
                      "origin": origins.get(m.origin_key or f"report:{m.report_id}", {}).get("name")}
                     for m in sorted(cluster, key=lambda m: (m.report_id, m.idx)))
    return Event(event_id, cluster[0].category, _most_common(m.subtype for m in cluster), mode, actor, target,
                 place, when, count, tuple(sorted(origins.values(), key=lambda o: o["key"])), carriers, variants,
                 denied_by, certainty, members)


def _label(m: EventInput) -> str:
    """What an analyst recognises a report by when its outlet is unknown: the input file name."""
    name = m.source_path.replace("\\", "/").rsplit("/", 1)[-1]
    return f"unknown outlet of {name}" if name else m.report_id


def _variants(cluster: list[EventInput]) -> tuple[dict, ...]:
    """Details the carriers disagree on: dates, places, modes."""
    out = []
    dates = sorted({(m.date_start.isoformat(), m.time_text or "") for m in cluster if m.date_start})
    if len({d for d, _ in dates}) > 1:
        out.append({"kind": "date", "values": [f"{d} ({t})" if t else d for d, t in dates]})
    places = sorted({m.place for m in cluster if m.place})
    if len({_norm(p) for p in places}) > 1:
        out.append({"kind": "place", "values": places})
    modes = sorted({m.mode for m in cluster})
    if len(modes) > 1:
        out.append({"kind": "mode", "values": modes})
    return tuple(out)

"""Filtering, searching and paging the snapshot's rows: pure functions, shared by the pages and the API.

The board, map, timeline and network share one filter (``ClaimFilter``) so that choosing an
actor, place or period in one view can be carried to the others as the same query string
(``filter_params``). Actors, places and dates of a claim come from ``claim_facets``: the
entities, located places and time expressions read inside each carrier's passage.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

# the order analysts read grades in: weakest evidence first is what they need to see
GRADES = ("single-origin echo", "single source", "corroborated", "officially stated", "contested", "unassessed")


@dataclass(frozen=True)
class ClaimFilter:
    grade: str | None = None
    min_origins: int | None = None
    max_origins: int | None = None
    min_carriers: int = 1
    q: str | None = None
    outlet: str | None = None
    actor: str | None = None
    place: str | None = None
    date_from: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD; a period overlapping the range matches
    date_to: str | None = None

    @property
    def narrows_by_facets(self) -> bool:
        return bool(self.actor or self.place or self.date_from or self.date_to)


# the query parameters the linked views share, in the order links spell them
FILTER_KEYS = ("q", "grade", "min_origins", "min_carriers", "outlet", "actor", "place", "date_from", "date_to")


def filter_params(f: ClaimFilter, **changes) -> dict[str, str]:
    """The query parameters that reproduce ``f`` (with ``changes``), leaving out defaults."""
    f = replace(f, **changes)
    out = {}
    for key in FILTER_KEYS:
        value = getattr(f, key)
        if value in (None, "") or (key == "min_carriers" and value == 1):
            continue
        out[key] = str(value)
    return out


def filter_url(path: str, f: ClaimFilter, **changes) -> str:
    """A link to ``path`` under the same filter as ``f``, changed by ``changes``."""
    params = filter_params(f, **changes)
    return f"{path}?{urlencode(params)}" if params else path


# ---- dates -----------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def period_of(value: str | None) -> tuple[str, str, str] | None:
    """(first day, last day, precision) of an ISO year, month or day; None for anything else (P6M, XXXX-06...)."""
    m = _ISO.match((value or "").strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        if not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
            return None
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}", "day"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}", "month"
    return f"{year}-01-01", f"{year}-12-31", "year"


def overlaps(start: str, end: str, date_from: str | None, date_to: str | None) -> bool:
    """Whether the days ``start``..``end`` meet the range; an unparsable bound is ignored."""
    lo, hi = period_of(date_from), period_of(date_to)
    return (lo is None or end >= lo[0]) and (hi is None or start <= hi[1])


# ---- facets: who, where and when a claim is about -----------------------------------------------------

@dataclass(frozen=True)
class PlaceRef:
    name: str
    lat: float | None
    lon: float | None
    precision: str | None = None
    country_code: str | None = None


@dataclass(frozen=True)
class Period:
    start: str
    end: str
    precision: str  # day, month, year or range
    kind: str = "about"  # about: a date the claim names; reported: the publication date of a carrier


@dataclass(frozen=True)
class ReadingIndex:
    """What the readings say about each report's mentions, keyed by report id.

    ``entities`` maps a spelling to (canonical name, kind); ``places`` maps a place mention's text
    to where it was located; ``times`` lists (claim id, ISO value) of time expressions in claims;
    ``countries`` names each country code seen, so a place filter on a country finds its towns.
    """

    entities: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    places: dict[str, dict[str, PlaceRef]] = field(default_factory=dict)
    times: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimFacets:
    actors: tuple[str, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    periods: tuple[Period, ...] = ()


ACTOR_KINDS = frozenset({"person", "organisation", "military_unit", "outlet"})


def claim_facets(group: dict, mentions: dict[str, list[tuple]], index: ReadingIndex) -> ClaimFacets:
    """Actors, places and dates mentioned inside the passages that carry ``group``.

    Places of country precision also count as actors: "Russia" sends ships as often as it is a place.
    """
    actors: dict[str, None] = {}
    places: dict[tuple, PlaceRef] = {}
    periods: dict[Period, None] = {}
    claim_ids = set()
    for carrier in group["carriers"]:
        rid, start, end = carrier["report_id"], carrier.get("start"), carrier.get("end")
        claim_ids.add(carrier["claim_id"])
        spelled = index.entities.get(rid, {})
        located = index.places.get(rid, {})
        for row in mentions.get(rid, []) if start is not None else []:
            m_start, m_end, text, kind = row[1], row[2], row[3], row[4]
            if m_start < start or m_end > end:
                continue
            name, entity_kind = spelled.get(text, (text, kind))
            if kind == "place":
                place = located.get(text)
                if place is not None:
                    places.setdefault((place.name, place.lat, place.lon), place)
                    if place.precision == "country":
                        actors.setdefault(place.name)
            elif entity_kind in ACTOR_KINDS or kind in ACTOR_KINDS:
                actors.setdefault(name)
        for claim_id, value in index.times.get(rid, []):
            if claim_id == carrier["claim_id"] and (p := period_of(value)):
                periods.setdefault(Period(*p))
        if (p := period_of(carrier.get("date"))):
            periods.setdefault(Period(p[0], p[1], p[2], "reported"))
    return ClaimFacets(tuple(actors), tuple(places.values()), tuple(periods))


def name_matches(wanted: str | None, name: str | None) -> bool:
    """Whether ``wanted`` is ``name`` or whole words of it, ignoring case ("Haftar" finds "Khalifa Haftar")."""
    wanted, name = (wanted or "").casefold().strip(), (name or "").casefold()
    return bool(wanted) and (wanted == name or re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", name) is not None)


def place_matches(wanted: str | None, place: PlaceRef | dict | None, countries: dict[str, str] | None = None) -> bool:
    """Whether a place is ``wanted`` by name, or lies in the country ``wanted`` names."""
    if place is None:
        return False
    name = place.name if isinstance(place, PlaceRef) else place.get("name")
    code = place.country_code if isinstance(place, PlaceRef) else place.get("country_code")
    return name_matches(wanted, name) or bool(code and name_matches(wanted, (countries or {}).get(code)))


def facets_match(facets: ClaimFacets, f: ClaimFilter, countries: dict[str, str] | None = None) -> bool:
    if f.actor and not any(name_matches(f.actor, a) for a in facets.actors):
        return False
    if f.place and not any(place_matches(f.place, p, countries) for p in facets.places):
        return False
    if (f.date_from or f.date_to) and not any(overlaps(p.start, p.end, f.date_from, f.date_to)
                                              for p in facets.periods):
        return False
    return True


def _words(q: str | None) -> list[str]:
    return [w for w in re.split(r"\s+", (q or "").casefold().strip()) if w]


def _matches(words: list[str], haystack: str) -> bool:
    return all(w in haystack for w in words)


def claim_haystack(group: dict) -> str:
    """The text a search looks through: the statement, every carrier's wording, origins and outlets."""
    parts = [group["text"]]
    for carrier in group["carriers"]:
        parts += [carrier.get("text") or "", carrier.get("outlet") or "", carrier["origin"]["name"],
                  " ".join(carrier.get("chain") or [])]
    return " ".join(parts).casefold()


def filter_claims(groups: list[dict], f: ClaimFilter, facets: dict[str, ClaimFacets] | None = None,
                  countries: dict[str, str] | None = None) -> list[dict]:
    """Groups passing every part of ``f``; actor, place and date need ``facets`` (by group id), else match none."""
    words = _words(f.q)
    outlet = (f.outlet or "").casefold().strip()
    out = []
    for g in groups:
        if f.grade and g["grade"] != f.grade:
            continue
        if f.min_origins is not None and g["independent_origins"] < f.min_origins:
            continue
        if f.max_origins is not None and g["independent_origins"] > f.max_origins:
            continue
        if g["carrier_count"] < f.min_carriers:
            continue
        if outlet and not any(outlet in (c.get("outlet") or "").casefold()
                              or outlet in c["origin"]["name"].casefold() for c in g["carriers"]):
            continue
        if words and not _matches(words, claim_haystack(g)):
            continue
        if f.narrows_by_facets and not facets_match((facets or {}).get(g["id"], ClaimFacets()), f, countries):
            continue
        out.append(g)
    return out


def grade_counts(groups: list[dict], min_carriers: int = 1) -> dict[str, int]:
    counts: dict[str, int] = {}
    for g in groups:
        if g["carrier_count"] >= min_carriers:
            counts[g["grade"]] = counts.get(g["grade"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (GRADES.index(kv[0]) if kv[0] in GRADES else 99, kv[0])))


def search_reports(reports: list[dict], texts: dict[str, str], q: str | None,
                   outlet: str | None = None) -> list[dict]:
    """Reports whose title, outlet, source or text holds every word of ``q``."""
    words, outlet = _words(q), (outlet or "").casefold().strip()
    out = []
    for r in reports:
        if outlet and outlet not in (r.get("outlet") or "").casefold():
            continue
        if words:
            hay = " ".join([r.get("title") or "", r.get("outlet") or "", r.get("source_key") or "",
                            texts.get(r["id"], "")]).casefold()
            if not _matches(words, hay):
                continue
        out.append(r)
    return out


def page(rows: list, limit: int, offset: int) -> dict:
    return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}


def summary(group: dict) -> dict:
    """A claim group without its bulky carrier and reasoning lists: what a board row needs."""
    return {"id": group["id"], "text": group["text"], "grade": group["grade"],
            "independent_origins": group["independent_origins"], "credible_origins": group["credible_origins"],
            "carrier_count": group["carrier_count"], "report_count": group["report_count"],
            "origins": group["origins"], "outlets": sorted({c["outlet"] for c in group["carriers"] if c["outlet"]}),
            "contested_by": group["contested_by"], "contradicts": group["contradicts"]}


def event_period(event: dict) -> Period | None:
    date = event.get("date")
    if not date or not date.get("start"):
        return None
    start, end = str(date["start"])[:10], str(date.get("end") or date["start"])[:10]
    precision = date.get("precision") or "day"
    return Period(start, end, precision if precision in ("day", "month", "year") or start == end else "range")


def event_matches(event: dict, f: ClaimFilter, countries: dict[str, str] | None = None) -> bool:
    """Whether an event passes the actor, place, date and outlet parts of ``f`` (grades belong to claims)."""
    if f.actor and not (name_matches(f.actor, event["actor"]) or name_matches(f.actor, event["target"])):
        return False
    if f.place and not place_matches(f.place, event["place"], countries):
        return False
    if f.date_from or f.date_to:
        period = event_period(event)
        if period is None or not overlaps(period.start, period.end, f.date_from, f.date_to):
            return False
    if f.outlet:
        wanted = f.outlet.casefold().strip()
        if not any(wanted in (c.get("outlet") or "").casefold() for c in event["carriers"]):
            return False
    return True


def filter_events(events: list[dict], category: str | None, q: str | None, f: ClaimFilter | None = None,
                  countries: dict[str, str] | None = None) -> list[dict]:
    words = _words(q)
    out = []
    for e in events:
        if category and e["category"] != category:
            continue
        if f is not None and not event_matches(e, f, countries):
            continue
        if words:
            hay = " ".join([e["actor"] or "", e["target"] or "", (e["place"] or {}).get("name") or "",
                            e["category"], e["mode"], *(c["text"] for c in e["carriers"])]).casefold()
            if not _matches(words, hay):
                continue
        out.append(e)
    return out


def order_grades(counts: dict[str, int]) -> dict[str, int]:
    """Grade counts in the order analysts read grades (``GRADES``), unknown grades last by name."""
    return dict(sorted(counts.items(), key=lambda kv: (GRADES.index(kv[0]) if kv[0] in GRADES else 99, kv[0])))

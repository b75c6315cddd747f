"""Filtering, searching and paging the snapshot's rows: pure functions, shared by the pages and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def filter_claims(groups: list[dict], f: ClaimFilter) -> list[dict]:
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


def filter_events(events: list[dict], category: str | None, q: str | None) -> list[dict]:
    words = _words(q)
    out = []
    for e in events:
        if category and e["category"] != category:
            continue
        if words:
            hay = " ".join([e["actor"] or "", e["target"] or "", (e["place"] or {}).get("name") or "",
                            e["category"], e["mode"], *(c["text"] for c in e["carriers"])]).casefold()
            if not _matches(words, hay):
                continue
        out.append(e)
    return out

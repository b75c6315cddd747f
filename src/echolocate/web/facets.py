"""Who, where and when each claim is about, for the linked map, timeline, network and board filters.

The snapshot holds mentions but not what the readings resolved them to (canonical entity
names, coordinates of places, the dates time expressions stand for), so this module reads
those once per state of the store from ``Store.report_reading`` and keeps them next to the
snapshot. The filtering itself is pure and lives in ``query``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from echolocate.store import Store
from echolocate.web import query
from echolocate.web.query import ClaimFacets, PlaceRef, ReadingIndex


@dataclass(frozen=True)
class Views:
    """The facets of every claim group of one snapshot, and the reading index they came from."""

    index: ReadingIndex
    facets: dict[str, ClaimFacets]


def index_from_readings(readings: list[dict]) -> ReadingIndex:
    """A ``ReadingIndex`` from ``Store.report_reading`` dicts (pure, so tests can hand-write readings)."""
    entities: dict[str, dict[str, tuple[str, str]]] = {}
    places: dict[str, dict[str, PlaceRef]] = {}
    times: dict[str, list[tuple[str, str]]] = {}
    countries: dict[str, str] = {}
    for r in readings:
        rid = r["id"]
        entities[rid] = {s: (e["name"], e["kind"]) for e in r.get("entities", []) for s in e["spellings_here"]}
        located = {}
        for p in r.get("places", []):
            if p.get("lat") is None or p.get("lon") is None:
                continue
            located[p["text"]] = PlaceRef(p["name"], float(p["lat"]), float(p["lon"]), p.get("precision"),
                                          p.get("country_code"))
            if p.get("precision") == "country" and p.get("country_code"):
                countries.setdefault(p["country_code"], p["name"])
        places[rid] = located
        times[rid] = [(c["id"], t["value"]) for c in r.get("claims", []) for t in c.get("times", [])
                      if t.get("value")]
    return ReadingIndex(entities, places, times, countries)


def build_views(groups: list[dict], mentions: dict[str, list[tuple]], readings: list[dict]) -> Views:
    index = index_from_readings(readings)
    return Views(index, {g["id"]: query.claim_facets(g, mentions, index) for g in groups})


def load_readings(store: Store, report_ids: list[str]) -> list[dict]:
    return [store.report_reading(rid) for rid in report_ids]


class ViewsCache:
    """The ``Views`` of the current snapshot, rebuilt when the snapshot changes."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._views: Views | None = None
        self._lock = threading.Lock()

    def get(self, snap) -> Views:
        key = (str(snap.path), snap.signature, id(snap))
        with self._lock:
            if self._key == key and self._views is not None:
                return self._views
            with Store(snap.path, read_only=True) as store:
                readings = load_readings(store, [r["id"] for r in snap.reports])
            self._views = build_views(snap.groups, snap.mentions, readings)
            self._key = key
            return self._views

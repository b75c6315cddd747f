"""What the web app shows: the store, read through a private copy of it that is swapped when the store changes.

DuckDB lets one process write a file *or* several read it, so the server must not hold the
store itself open: ``echolocate analyze`` and upload jobs write to it from other processes.
When the store file changes, ``SnapshotCache`` opens it read-only for a moment and copies
it (and its write-ahead log) to a private file; pages and API calls then query that copy
with DuckDB (``StoreSnapshot``), filtered, sorted and paged in SQL, so a request costs the
rows it shows whatever the size of the store. If the store is busy (a writer holds it),
the last good copy keeps being served. Small per-state aggregates (grade counts, the outlet
menu, names a filter is matched against) are cached with the copy.

``Snapshot`` is the same interface over plain lists held in memory: the reference the SQL
is tested against, and what tests hand-write.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import shutil
import tempfile
import threading
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from echolocate.errors import InputError, StoreError
from echolocate.store import Store, web_queries
from echolocate.web import query

log = logging.getLogger(__name__)

_READINGS_KEPT = 64
_MEMO_KEPT = 256  # answers per filter: the views' rows and the pages drawn from them
Views = Callable[[], object]  # returns the facets.Views of an in-memory Snapshot (built on first need)


def _page(rows: list, limit: int | None, offset: int) -> tuple[int, list]:
    return len(rows), rows[offset:offset + limit] if limit is not None else rows[offset:]


@dataclass
class Snapshot:
    """Everything the pages list, as plain lists in memory (small stores, tests). Report readings load on demand."""

    path: Path
    signature: tuple
    groups: list[dict]
    reports: list[dict]
    reuse: list[dict]
    events: list[dict]
    status: dict
    texts: dict[str, str]
    mentions: dict[str, list[tuple]]
    group_by_id: dict[str, dict] = field(default_factory=dict)
    group_of_claim: dict[str, str] = field(default_factory=dict)
    report_by_id: dict[str, dict] = field(default_factory=dict)
    _readings: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.group_by_id = {g["id"]: g for g in self.groups}
        self.group_of_claim = {c["claim_id"]: g["id"] for g in self.groups for c in g["carriers"]}
        self.report_by_id = {r["id"]: r for r in self.reports}

    # claims -------------------------------------------------------------------------------------------
    def claims(self, f: query.ClaimFilter, limit: int | None, offset: int = 0,
               views: Views | None = None, count_cap: int | None = None) -> tuple[int, list[dict]]:
        """(matches, the page of whole claim groups) in board order. In memory the count is always exact;
        ``count_cap`` lets a store stop counting past it (the total then exceeds the cap)."""
        v = views() if (views and f.narrows_by_facets) else None
        rows = query.filter_claims(self.groups, f, v.facets if v else None, v.index.countries if v else None)
        return _page(rows, limit, offset)

    def claim_heads(self, f: query.ClaimFilter, limit: int, views: Views | None = None,
                    count_cap: int | None = None) -> tuple[int, list[dict]]:
        """The first ``limit`` matching groups with at least ``id``, ``text`` and ``grade`` (here: whole groups)."""
        return self.claims(f, limit, 0, views, count_cap)

    def board_rows(self, f: query.ClaimFilter, limit: int, offset: int = 0, views: Views | None = None,
                   count_cap: int | None = None) -> tuple[int, list[dict]]:
        """(matches, what the board shows of the page's groups); here, whole groups."""
        return self.claims(f, limit, offset, views, count_cap)

    def view_claims(self, f: query.ClaimFilter, limit: int, views: Views | None = None,
                    count_cap: int | None = None) -> tuple[int, list[dict], dict, dict[str, str]]:
        """(matches, the first ``limit`` heads as ``claim_heads`` gives them, their ClaimFacets by group ID,
        country names by code): what the map, timeline and network draw of the claims."""
        total, heads = self.claim_heads(f, limit, views, count_cap)
        return (total, heads, *self.facets_for(heads, views))

    def memo(self, key, compute):
        """``compute()``; a store snapshot keeps the answer for its state, this one need not."""
        return compute()

    def grade_counts(self, min_carriers: int = 1) -> dict[str, int]:
        return query.grade_counts(self.groups, min_carriers)

    def groups_total(self) -> int:
        return len(self.groups)

    def carrier_outlets(self) -> list[str]:
        return sorted({c["outlet"] for g in self.groups for c in g["carriers"] if c["outlet"]})

    def group(self, group_id: str) -> dict:
        try:
            return self.group_by_id[group_id]
        except KeyError:
            raise InputError(f"no claim {group_id!r}", hint="claim IDs start with 'g'; /api/claims lists them") from None

    def groups_by_id(self, ids: list[str]) -> dict[str, dict]:
        return {i: self.group_by_id[i] for i in ids if i in self.group_by_id}

    def group_of(self, claim_ids: list[str]) -> dict[str, str]:
        return {c: self.group_of_claim[c] for c in claim_ids if c in self.group_of_claim}

    def group_grades(self, ids: list[str]) -> dict[str, dict]:
        """Claim groups by ID with at least ``id``, ``grade``, ``independent_origins``, ``carrier_count`` and
        ``report_count`` (what the report reader shows of a claim's group); here, whole groups."""
        return self.groups_by_id(ids)

    def facets_for(self, groups: list[dict], views: Views | None = None) -> tuple[dict, dict[str, str]]:
        """(ClaimFacets by group ID, country names by code) of ``groups``."""
        v = views()
        return {g["id"]: v.facets[g["id"]] for g in groups if g["id"] in v.facets}, v.index.countries

    def countries(self, views: Views | None = None) -> dict[str, str]:
        return views().index.countries if views else {}

    # reports ------------------------------------------------------------------------------------------
    def report_rows(self, ids: list[str]) -> dict[str, dict]:
        return {i: self.report_by_id[i] for i in ids if i in self.report_by_id}

    def texts_of(self, ids: list[str]) -> dict[str, str]:
        return {i: self.texts[i] for i in ids if i in self.texts}

    def search_reports(self, q: str | None, outlet: str | None, limit: int | None,
                       offset: int = 0, count: bool = True) -> tuple[int, list[dict]]:
        """(matches, the page); in memory the count costs nothing, so it is always given."""
        return _page(query.search_reports(self.reports, self.texts, q, outlet), limit, offset)

    def mentions_of(self, report_id: str) -> list[tuple]:
        return self.mentions.get(report_id, [])

    def reading(self, report_id: str) -> dict:
        """A report with everything read in it (``Store.report_reading``), kept for the last few asked."""
        if report_id not in self.report_by_id:
            raise InputError(f"no report {report_id!r}", hint="report IDs start with 'r'; /api/reports lists them")
        with self._lock:
            if report_id in self._readings:
                self._readings.move_to_end(report_id)
                return self._readings[report_id]
        with Store(self.path, read_only=True) as store:
            reading = store.report_reading(report_id)
        with self._lock:
            self._readings[report_id] = reading
            while len(self._readings) > _READINGS_KEPT:
                self._readings.popitem(last=False)
        return reading

    def reuse_page(self, report: str | None, limit: int | None, offset: int = 0) -> tuple[int, list[dict]]:
        rows = [r for r in self.reuse if not report or report in (r["a"]["report_id"], r["b"]["report_id"])]
        return _page(rows, limit, offset)

    # events and counts --------------------------------------------------------------------------------
    def events_page(self, category: str | None, q: str | None, f: query.ClaimFilter | None, limit: int | None,
                    offset: int = 0, views: Views | None = None, light: bool = False) -> tuple[int, list[dict]]:
        """(matches, the page of events); ``light`` lets a store leave out what the views do not draw
        (``web_queries.light_event_row``); in memory the whole rows cost nothing."""
        countries = views().index.countries if (views and f is not None and f.place) else None
        return _page(query.filter_events(self.events, category, q, f, countries), limit, offset)

    def view_events(self, f: query.ClaimFilter, limit: int, views: Views | None = None
                    ) -> tuple[int, list[dict], dict[str, str] | None]:
        """(matches, the first ``limit`` events under ``f`` as the views draw them, the claim group of each
        first passage's claim when known without a look-up, else None)."""
        total, rows = self.events_page(None, f.q, f, limit, 0, views, light=True)
        return total, rows, self.group_of([e["carriers"][0]["claim_id"] for e in rows
                                           if e["carriers"] and e["carriers"][0].get("claim_id")])

    def report_page(self, report_id: str) -> dict | None:
        """What the report reader draws, from a summary (``web_queries.reader_page``); in memory there is none."""
        return None

    def event_categories(self) -> list[str]:
        return sorted({e["category"] for e in self.events})

    def status_counts(self) -> dict:
        return dict(self.status, claim_groups=len(self.groups), reuse_links=len(self.reuse),
                    events=len(self.events), grades=query.grade_counts(self.groups),
                    grades_of_shared_claims=query.grade_counts(self.groups, 2))

    def outlet_rows(self, table) -> list[dict]:
        from echolocate.web.reliability_edit import outlets_seen

        return outlets_seen(self.groups, self.reports, table)


def signature(path: Path) -> tuple:
    """Size and modification time of the store file and its write-ahead log: changes when a writer commits."""
    parts = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            parts.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)


def load(path: Path) -> Snapshot:
    """The whole store in memory (small stores and tests; the server uses ``StoreSnapshot``)."""
    sig = signature(path)
    with Store(path, read_only=True) as store:
        reports = store.report_list()
        ids = [r["id"] for r in reports]
        texts = {rid: text for rid, text, _ in store.report_texts(ids)} if ids else {}
        mentions: dict[str, list[tuple]] = {}
        for row in store.all_mentions():
            mentions.setdefault(row[0], []).append(row[1:])
        return Snapshot(path=path, signature=sig, groups=store.claim_groups(), reports=reports,
                        reuse=store.reuse(), events=store.events(), status=store.status(), texts=texts,
                        mentions=mentions)


class StoreSnapshot:
    """One state of the store, queried in DuckDB through a private read-only copy (see the module doc)."""

    def __init__(self, source: Path, copy: Path, sig: tuple, status: dict) -> None:
        self.path = source
        self.copy = copy
        self.signature = sig
        self.status = status
        self._store = Store(copy, read_only=True)
        self._cache: dict = {}
        self._lock = threading.Lock()
        with self._con() as con:
            self.rel = web_queries.Relations.of(con)

    def warm(self) -> None:
        """Compute the per-state aggregates now (the cache calls this in the background after a copy), so the
        first visitor of the board, the outlets list or a facet filter does not wait for them."""
        try:
            self.groups_total(), self.grade_counts(), self.grade_counts(2), self.carrier_outlets()
            self._names(), self.event_categories(), self.status_counts()
            self._cached("outlet_counts", web_queries.outlet_counts)
            with self._con() as con:  # read the small summaries once, so the first filter does not wait on the disk
                web_queries.prime(con, self.rel)
        except Exception as exc:  # the copy was replaced meanwhile: the next state warms itself
            log.info("warming the web caches stopped: %s", exc)

    def _con(self):
        """A cursor of its own for this call: one DuckDB connection must not serve two threads at once."""
        return self._store.con.cursor()

    def _cached(self, key: str, compute):
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        with self._con() as con:
            value = compute(con)
        with self._lock:
            self._cache[key] = value
        return value

    def discard(self) -> None:
        """Forget the copy: its file goes now, its connection when the last request using it ends."""
        self.copy.unlink(missing_ok=True)
        self.copy.with_name(self.copy.name + ".wal").unlink(missing_ok=True)

    # claims -------------------------------------------------------------------------------------------
    def _names(self) -> dict:
        return self._cached("facet_names", lambda con: web_queries.facet_names(con, self.rel))

    def _claim_query(self, f: query.ClaimFilter) -> web_queries.ClaimQuery:
        names = self._names() if f.actor or f.place or f.outlet else {}
        countries = names.get("countries", {})
        outlet = (f.outlet or "").casefold().strip()
        actors = tuple(n for n in names["actors"] if query.name_matches(f.actor, n)) if f.actor else None
        places = tuple((n, cc) for n, cc in names["places"]
                       if query.place_matches(f.place, query.PlaceRef(n, None, None, None, cc), countries)) \
            if f.place else None
        day_from, day_to = _days(f)
        return web_queries.ClaimQuery(
            grade=f.grade, min_origins=f.min_origins, max_origins=f.max_origins, min_carriers=f.min_carriers,
            words=tuple(query._words(f.q)), names=tuple(n for n in names["names"] if outlet in n) if outlet else None,
            actors=actors,
            places=places, day_from=day_from, day_to=day_to)

    def claims(self, f: query.ClaimFilter, limit: int | None, offset: int = 0,
               views: Views | None = None, count_cap: int | None = None) -> tuple[int, list[dict]]:
        """(matches, the page of whole claim groups); with ``count_cap``, counting stops past the cap."""
        q = self._claim_query(f)
        unfiltered = q == web_queries.ClaimQuery()
        with self._con() as con:
            total, ids = web_queries.claim_page(con, q, limit if limit is not None else 2 ** 31 - 1, offset,
                                                self.rel, count=not unfiltered, count_cap=count_cap)
            rows = web_queries.groups(con, ids)
        return (self.groups_total() if unfiltered else total), rows

    def claim_heads(self, f: query.ClaimFilter, limit: int, views: Views | None = None,
                    count_cap: int | None = None) -> tuple[int, list[dict]]:
        """The first ``limit`` matching groups as ``id``, ``text`` and ``grade`` only: what the map, timeline
        and network draw, without reading every carrier's JSON."""
        q = self._claim_query(f)
        unfiltered = q == web_queries.ClaimQuery()
        with self._con() as con:
            total, pairs = web_queries.claim_page(con, q, limit, 0, self.rel, count=not unfiltered,
                                                  count_cap=count_cap, with_ranks=True)
            rows = web_queries.group_heads(con, [gid for _, gid in pairs])
        rank = {gid: r for r, gid in pairs}
        return (self.groups_total() if unfiltered else total), [dict(row, rank=rank[row["id"]]) for row in rows]

    def board_rows(self, f: query.ClaimFilter, limit: int, offset: int = 0, views: Views | None = None,
                   count_cap: int | None = None) -> tuple[int, list[dict]]:
        """(matches, the page): whole groups, or with ``web_board_rows`` current only what a board row shows
        (``web_queries.board_rows``), read as one range of rows for a page of the whole board."""
        if not self.rel.board_rows:
            return self.claims(f, limit, offset, views, count_cap)
        q = self._claim_query(f)
        unfiltered = q == web_queries.ClaimQuery()
        with self._con() as con:
            total, ranks = web_queries.claim_ranks(con, q, limit, offset, self.rel, count=not unfiltered,
                                                   count_cap=count_cap)
            rows = web_queries.board_rows(con, ranks)
        return (self.groups_total() if unfiltered else total), rows

    def view_claims(self, f: query.ClaimFilter, limit: int, views: Views | None = None,
                    count_cap: int | None = None) -> tuple[int, list[dict], dict, dict[str, str]]:
        """(matches, heads, ClaimFacets by group ID, country names by code) of the first ``limit`` matching
        groups; with ``web_board_rows`` current, heads and facets come from one narrow row per claim."""
        if not self.rel.board_rows:
            total, heads = self.claim_heads(f, limit, views, count_cap)
            return (total, heads, *self.facets_for(heads, views))
        q = self._claim_query(f)
        unfiltered = q == web_queries.ClaimQuery()
        with self._con() as con:
            total, ranks = web_queries.claim_ranks(con, q, limit, 0, self.rel, count=not unfiltered,
                                                   count_cap=count_cap)
            heads, facet_rows = web_queries.heads_by_rank(con, ranks)
        return ((self.groups_total() if unfiltered else total), heads, facets_from_rows(facet_rows),
                self._names()["countries"])

    def memo(self, key, compute):
        """``compute()``, kept for this state of the store (the last ``_MEMO_KEPT`` keys): what the linked
        views draw under one filter is asked for again and again, and cannot change until the store does."""
        with self._lock:
            memo = self._cache.setdefault("memo", OrderedDict())
            if key in memo:
                memo.move_to_end(key)
                return memo[key]
        value = compute()
        with self._lock:
            memo[key] = value
            while len(memo) > _MEMO_KEPT:
                memo.popitem(last=False)
        return value

    def grade_counts(self, min_carriers: int = 1) -> dict[str, int]:
        return query.order_grades(self._cached(f"grades{min_carriers}",
                                               lambda con: web_queries.grade_counts(con, min_carriers)))

    def groups_total(self) -> int:
        return self._cached("groups_total", lambda con: con.execute("SELECT count(*) FROM claim_groups")
                            .fetchall()[0][0])

    def carrier_outlets(self) -> list[str]:
        return self._cached("outlets", web_queries.carrier_outlets)

    def group(self, group_id: str) -> dict:
        with self._con() as con:
            found = web_queries.groups(con, [group_id])
        if not found:
            raise InputError(f"no claim {group_id!r}", hint="claim IDs start with 'g'; /api/claims lists them")
        return found[0]

    def groups_by_id(self, ids: list[str]) -> dict[str, dict]:
        with self._con() as con:
            return {g["id"]: g for g in web_queries.groups(con, list(ids))}

    def group_of(self, claim_ids: list[str]) -> dict[str, str]:
        with self._con() as con:
            return web_queries.group_of_claims(con, list(claim_ids))

    def group_grades(self, ids: list[str]) -> dict[str, dict]:
        """Claim groups by ID with their grade and counts: from the board summary when it is current (no JSON
        read), else whole groups."""
        if not self.rel.indexed:
            return self.groups_by_id(ids)
        with self._con() as con:
            return web_queries.group_grades(con, list(ids))

    def facets_for(self, groups: list[dict], views: Views | None = None) -> tuple[dict, dict[str, str]]:
        ranks = {g["rank"]: g["id"] for g in groups if "rank" in g} if all("rank" in g for g in groups) else None
        with self._con() as con:
            rows = web_queries.facets_of(con, [g["id"] for g in groups], self.rel, ranks)
        return facets_from_rows(rows), self._names()["countries"]

    def countries(self, views: Views | None = None) -> dict[str, str]:
        return self._names()["countries"]

    # reports ------------------------------------------------------------------------------------------
    def report_rows(self, ids: list[str]) -> dict[str, dict]:
        with self._con() as con:
            return web_queries.reports_by_id(con, list(ids))

    def texts_of(self, ids: list[str]) -> dict[str, str]:
        with self._con() as con:
            return web_queries.texts(con, list(ids))

    def search_reports(self, q: str | None, outlet: str | None, limit: int | None,
                       offset: int = 0, count: bool = True) -> tuple[int | None, list[dict]]:
        """(matches or None when not ``count``, the page)."""
        with self._con() as con:
            return web_queries.report_page(con, tuple(query._words(q)), (outlet or "").casefold().strip() or None,
                                           limit if limit is not None else 2 ** 31 - 1, offset, self.rel.indexed,
                                           count)

    def mentions_of(self, report_id: str) -> list[tuple]:
        with self._con() as con:
            return web_queries.mentions_of(con, report_id)

    def reading(self, report_id: str) -> dict:
        with self._con() as con:
            reading = web_queries.report_reading(con, report_id)
        if reading is None:
            raise InputError(f"no report {report_id!r}", hint="report IDs start with 'r'; /api/reports lists them")
        return reading

    def reuse_page(self, report: str | None, limit: int | None, offset: int = 0) -> tuple[int, list[dict]]:
        with self._con() as con:
            return web_queries.reuse_page(con, report, limit, offset)

    def report_page(self, report_id: str) -> dict | None:
        """What the report reader draws (``web_queries.reader_page``: one summary row and the text), or None when
        ``web_report_pages`` is not current (the page then reads the report's rows one by one)."""
        if not self.rel.report_pages:
            return None
        with self._con() as con:
            page = web_queries.reader_page(con, report_id)
        if page is None:
            raise InputError(f"no report {report_id!r}", hint="report IDs start with 'r'; /api/reports lists them")
        return page

    def view_events(self, f: query.ClaimFilter, limit: int, views: Views | None = None
                    ) -> tuple[int, list[dict], dict[str, str] | None]:
        """(matches, the first ``limit`` light events under ``f``, the claim group of each first passage's claim
        when ``web_event_rows`` holds them, else None: the caller looks them up if it needs them)."""
        groups: dict[str, str] = {}
        total, rows = self.events_page(None, f.q, f, limit, 0, views, light=True, groups=groups)
        return total, rows, (groups if self.rel.event_groups and self.rel.event_rows else None)

    # events and counts --------------------------------------------------------------------------------
    def events_page(self, category: str | None, q: str | None, f: query.ClaimFilter | None, limit: int | None,
                    offset: int = 0, views: Views | None = None, light: bool = False,
                    groups: dict[str, str] | None = None) -> tuple[int, list[dict]]:
        """(matches, the page of events), whole or ``light`` (``web_queries.light_event_row``); ``groups`` as
        ``web_queries.event_page`` fills it."""
        eq = web_queries.EventQuery(category=category or None, words=tuple(query._words(q)))
        if f is not None:
            names = self._cached("event_names", web_queries.event_names)
            countries = self.countries() if f.place else {}
            day_from, day_to = _days(f)
            eq = web_queries.EventQuery(
                category=eq.category, words=eq.words, day_from=day_from, day_to=day_to,
                names=tuple(n for n in names["names"] if query.name_matches(f.actor, n)) if f.actor else None,
                places=tuple(p for p in names["places"] if query.place_matches(f.place, {"name": p}, countries))
                if f.place else None, outlet=(f.outlet or "").casefold().strip() or None)
        with self._con() as con:
            return web_queries.event_page(con, eq, limit, offset, self.rel, light=light, groups=groups)

    def event_categories(self) -> list[str]:
        return self._cached("event_names", web_queries.event_names)["categories"]

    def status_counts(self) -> dict:
        def compute(con) -> dict:
            one = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: E731
            return {"claim_groups": one("claim_groups"), "reuse_links": one("reuse_links"), "events": one("events")}
        return dict(self.status, **self._cached("counts", compute), grades=self.grade_counts(),
                    grades_of_shared_claims=self.grade_counts(2))

    # what `reliability_edit.outlets_seen(snap.groups, snap.reports, table)` reads, rebuilt from counts: the
    # same answer, without every claim and report in memory (``outlet_rows`` is the fast way to the same rows)
    @property
    def reports(self) -> list[dict]:
        return [row for outlet, n in self._cached("outlet_counts", web_queries.outlet_counts)["published"]
                for row in [{"outlet": outlet}] * n]

    @property
    def groups(self) -> list[dict]:
        return [{"carriers": [{"origin": {"name": name, "kind": kind}}] * n}
                for name, kind, n in self._cached("outlet_counts", web_queries.outlet_counts)["originated"]]

    def outlet_rows(self, table) -> list[dict]:
        """What ``reliability_edit.outlets_seen`` lists, from counts instead of every claim and report."""
        from echolocate.stages.assess.outlet_names import outlet_key
        from echolocate.web.reliability_edit import _RATED_KINDS, rating_label

        counts = self._cached("outlet_counts", web_queries.outlet_counts)
        names: dict[str, Counter] = {}
        published: Counter = Counter()
        originated: Counter = Counter()
        for outlet, n in counts["published"]:
            if (key := outlet_key(outlet)):
                names.setdefault(key, Counter())[outlet] += n
                published[key] += n
        for name, kind, n in counts["originated"]:
            if kind in _RATED_KINDS and name and (key := outlet_key(name)):
                names.setdefault(key, Counter())[name] += n
                originated[key] += n
        for key, row in table.rows.items():
            names.setdefault(key, Counter())[row.outlet] += 0
        rows = []
        for key, spellings in names.items():
            entry = table.rows.get(key)
            top = max(spellings.items(), key=lambda kv: kv[1])[0] if spellings else key
            rows.append({"name": spellings.most_common(1)[0][0] if spellings else top, "key": key,
                         "spellings": sorted(spellings), "reports": published[key],
                         "claims_originated": originated[key], "rated": entry is not None,
                         "rating": entry.rating if entry else None,
                         "rating_label": rating_label(entry.rating) if entry else None,
                         "note": entry.note if entry else ""})
        return sorted(rows, key=lambda r: (-(r["reports"] + r["claims_originated"]), r["name"].lower()))


def _days(f: query.ClaimFilter) -> tuple[str | None, str | None]:
    """The first and last day a date filter allows; a bound that does not parse allows everything."""
    if not (f.date_from or f.date_to):
        return None, None
    lo, hi = query.period_of(f.date_from), query.period_of(f.date_to)
    return (lo[0] if lo else "0000-01-01"), (hi[1] if hi else "9999-12-31")


def facets_from_rows(rows: list[tuple]) -> dict[str, query.ClaimFacets]:
    """``ClaimFacets`` by group ID from ``web_queries.facets_of`` rows."""
    actors: dict[str, dict] = {}
    places: dict[str, dict] = {}
    periods: dict[str, dict] = {}
    for gid, kind, name, lat, lon, precision, code, start, end in rows:
        if kind == "actor":
            actors.setdefault(gid, {}).setdefault(name)
        elif kind == "place":
            places.setdefault(gid, {}).setdefault((name, lat, lon), query.PlaceRef(name, lat, lon, precision, code))
        else:
            periods.setdefault(gid, {}).setdefault(query.Period(start, end, precision, kind))
    return {gid: query.ClaimFacets(tuple(actors.get(gid, {})), tuple(places.get(gid, {}).values()),
                                   tuple(periods.get(gid, {})))
            for gid in set(actors) | set(places) | set(periods)}


COPY_PREFIX = "echolocate-web-"  # the temporary folder of a server's private copies of the store
OWNER_FILE = "owner.pid"  # in that folder: the process ID of the server that made it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_copies(root: Path | str | None = None) -> list[Path]:
    """Delete the store copies left in ``root`` (the temporary directory) by servers that are no longer running,
    and return their folders. A server killed before it could clean up leaves a copy as large as the store;
    only folders whose recorded owner process is gone are removed (one without an owner file is left alone:
    nothing says its server stopped)."""
    removed = []
    for folder in sorted(Path(root or tempfile.gettempdir()).glob(COPY_PREFIX + "*")):
        try:
            pid = int((folder / OWNER_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            log.warning("removed %s: a copy of the store left by server process %d, which is no longer running",
                        folder, pid)
            removed.append(folder)
    return removed


class SnapshotCache:
    """Hands out the current ``StoreSnapshot``, copying the store anew when its file changed."""

    def __init__(self, path: Path | str, warmers: tuple = ()) -> None:
        """``warmers``: functions of a new ``StoreSnapshot`` run after its own warm-up, in the same background
        thread (the pages use it to compute their unfiltered views ahead)."""
        self.path = Path(path)
        self.warmers = tuple(warmers)
        self._current = None
        self._lock = threading.Lock()
        self._folder: Path | None = None

    def get(self):
        current = self._current
        if current is not None and current.signature == signature(self.path):
            return current
        if current is not None and not self._lock.acquire(blocking=False):
            return current  # another request is copying the new state: keep serving this one meanwhile
        if current is not None:
            self._lock.release()
        with self._lock:
            current = self._current
            if current is not None and current.signature == signature(self.path):
                return current
            try:
                self._current = self._copy()
            except StoreError as exc:
                if current is None:
                    raise
                log.warning("store changed but cannot be reopened (%s); serving the last copy", exc.message)
                return current
            return self._current

    def _copy(self):
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=COPY_PREFIX))
            (self._folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
            weakref.finalize(self, shutil.rmtree, self._folder, True)  # at exit, or when the app goes
        target = self._folder / f"store-{os.getpid()}-{len(os.listdir(self._folder))}.duckdb"
        with Store(self.path, read_only=True) as store:  # holds the store still (readers only) while it is copied
            sig = signature(self.path)
            status = store.status()
            shutil.copyfile(self.path, target)
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, target.with_name(target.name + ".wal"))
        try:
            snap = StoreSnapshot(self.path, target, sig, status)
        except Exception:
            target.unlink(missing_ok=True)
            raise
        old = self._current
        if old is not None and hasattr(old, "discard"):
            old.discard()
        threading.Thread(target=self._warm, args=(snap,), name="echolocate-web-warm", daemon=True).start()
        return snap

    def _warm(self, snap) -> None:
        snap.warm()
        for warm in self.warmers:
            try:
                warm(snap)
            except Exception as exc:  # the copy was replaced meanwhile, or the store is odd: pages compute on demand
                log.info("warming the web views stopped: %s", exc)
        settle_heap()


def settle_heap() -> None:
    """Keep Python's full garbage collections short after a warm-up. The caches of a state of the store (lists
    of every actor, place and event name: hundreds of thousands of entries on a large store) live as long as
    the state; a full collection walks every container each time it runs, which took 80-90 ms at whatever
    request happened to trigger it. So the objects that exist now are moved out of its reach (``gc.freeze``),
    after one collection; the previous freeze is undone first, so that a replaced state's caches are freed."""
    global _UNFREEZE_AT_EXIT
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    if not _UNFREEZE_AT_EXIT:  # give the objects back at exit, so that the interpreter frees them as usual
        atexit.register(gc.unfreeze)
        _UNFREEZE_AT_EXIT = True


_UNFREEZE_AT_EXIT = False

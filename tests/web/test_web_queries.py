"""The SQL the web app runs (store/web_queries.py through StoreSnapshot) gives what the in-memory logic of
web/query.py gives on the sample store: computed live, and read from the web_* summary tables."""

from __future__ import annotations

import shutil

import pytest

from echolocate.store import Store
from echolocate.web import query
from echolocate.web.facets import ViewsCache
from echolocate.web.query import ClaimFilter
from echolocate.web.snapshot import SnapshotCache, StoreSnapshot, load


@pytest.fixture(scope="module")
def memory(sample_store):
    snap = load(sample_store)
    views = ViewsCache().get(snap)
    return snap, (lambda: views)


@pytest.fixture(scope="module")
def live(sample_store):
    snap = SnapshotCache(sample_store).get()
    assert isinstance(snap, StoreSnapshot) and not snap.rel.indexed
    return snap


@pytest.fixture(scope="module")
def indexed(sample_store, tmp_path_factory):
    db = tmp_path_factory.mktemp("indexed") / "store.duckdb"
    shutil.copyfile(sample_store, db)
    with Store(db) as store:
        store.refresh_web_index()
        assert store.web_index_current()
    snap = SnapshotCache(db).get()
    assert snap.rel.indexed
    return snap


def _pick(memory, what: str) -> str:
    """A value the sample store really holds: an actor, a place, a word of a shared claim, an outlet."""
    snap, views = memory
    facets = views().facets
    if what == "actor":
        return sorted(a for f in facets.values() for a in f.actors)[0]
    if what == "place":
        return sorted(p.name for f in facets.values() for p in f.places)[0]
    if what == "outlet":
        return sorted(c["outlet"] for g in snap.groups for c in g["carriers"] if c["outlet"])[0][:5]
    shared = [g for g in snap.groups if g["carrier_count"] > 1] or snap.groups
    return max((w for w in shared[0]["text"].split() if w.isalpha()), key=len)


FILTERS = [
    ("everything", {}),
    ("grade", {"grade": "single source"}),
    ("origins", {"min_origins": 2}),
    ("shared", {"min_carriers": 2}),
    ("no origins cap", {"max_origins": 0}),
    ("outlet", {"outlet": "@outlet"}),
    ("word", {"q": "@word"}),
    ("actor", {"actor": "@actor"}),
    ("place", {"place": "@place"}),
    ("period", {"date_from": "2016-01", "date_to": "2016-12-31"}),
    ("open period", {"date_from": "2017"}),
    ("nothing", {"q": "zzzqqxx"}),
    ("combined", {"min_carriers": 2, "date_to": "2020"}),
]


def _filter(memory, spec: dict) -> ClaimFilter:
    values = {k: (_pick(memory, v[1:]) if isinstance(v, str) and v.startswith("@") else v) for k, v in spec.items()}
    return ClaimFilter(**values)


@pytest.mark.parametrize("name, spec", FILTERS, ids=[n for n, _ in FILTERS])
def test_web_queries_claims_match_the_in_memory_filter(memory, live, indexed, name, spec):
    f = _filter(memory, spec)
    snap, views = memory
    total, rows = snap.claims(f, None, 0, views)
    expected = [g["id"] for g in rows]
    for store in (live, indexed):
        got_total, got = store.claims(f, None, 0)
        if store is indexed and f.q:  # the index matches words at the start of a token: never more than memory
            assert set(g["id"] for g in got) <= set(expected)
            continue
        assert (got_total, [g["id"] for g in got]) == (total, expected)
    if name == "everything":
        assert total == len(snap.groups) > 0


@pytest.mark.parametrize("limit, offset", [(5, 0), (5, 5), (50, 3), (1, 10_000)])
def test_web_queries_claim_pages_are_slices_of_the_whole(memory, live, indexed, limit, offset):
    snap, views = memory
    total, whole = snap.claims(ClaimFilter(), None, 0, views)
    for store in (live, indexed):
        got_total, page = store.claims(ClaimFilter(), limit, offset)
        assert got_total == total
        assert page == whole[offset:offset + limit]  # whole groups, carriers and all


def test_web_queries_facets_match_the_readings(memory, live, indexed):
    snap, views = memory
    facets, countries = snap.facets_for(snap.groups, views)
    for store in (live, indexed):
        got, got_countries = store.facets_for(snap.groups)
        assert got_countries == countries
        for gid, f in facets.items():
            g = got.get(gid, query.ClaimFacets())
            assert (set(g.actors), set(g.places), set(g.periods)) == (set(f.actors), set(f.places), set(f.periods))
        assert all(facets.get(gid, query.ClaimFacets()) == query.ClaimFacets() or gid in facets for gid in got)
    assert any(f.actors for f in facets.values()) and any(f.periods for f in facets.values())


EVENT_FILTERS = [
    (None, None, None),
    ("@category", None, None),
    (None, "@eventword", None),
    (None, None, {"actor": "@eventactor"}),
    (None, None, {"place": "@eventplace"}),
    (None, None, {"date_from": "2015", "date_to": "2016-06"}),
    (None, None, {"outlet": "@outlet"}),
]


@pytest.mark.parametrize("category, q, spec", EVENT_FILTERS)
def test_web_queries_events_match_the_in_memory_filter(memory, live, indexed, category, q, spec):
    snap, views = memory
    if not snap.events:
        pytest.skip("the sample store has no events")
    first = snap.events[0]
    picks = {"@category": first["category"], "@eventword": (first["actor"] or first["category"]).split()[0],
             "@eventactor": next((e["actor"] for e in snap.events if e["actor"]), "nobody"),
             "@eventplace": next((e["place"]["name"] for e in snap.events if e["place"]), "nowhere"),
             "@outlet": _pick(memory, "outlet")}
    category, q = picks.get(category, category), picks.get(q, q)
    f = ClaimFilter(**{k: picks.get(v, v) for k, v in spec.items()}) if spec else None
    expected = snap.events_page(category, q, f, None, 0, views)
    for store in (live, indexed):
        total, rows = store.events_page(category, q, f, None, 0)
        assert (total, [e["id"] for e in rows]) == (expected[0], [e["id"] for e in expected[1]])
        assert rows == expected[1]


@pytest.mark.parametrize("q, outlet", [(None, None), ("@word", None), (None, "@outlet"), ("zzzqqxx", None)])
def test_web_queries_report_search_matches_the_in_memory_search(memory, live, indexed, q, outlet):
    snap, _ = memory
    q = _pick(memory, "word") if q == "@word" else q
    outlet = _pick(memory, "outlet") if outlet == "@outlet" else outlet
    total, rows = snap.search_reports(q, outlet, None)
    for store in (live, indexed):
        got_total, got = store.search_reports(q, outlet, None)
        if store is indexed and q:
            assert {r["id"] for r in got} <= {r["id"] for r in rows}
            continue
        assert got_total == total
        assert sorted(r["id"] for r in got) == sorted(r["id"] for r in rows)
    assert total > 0 or q == "zzzqqxx"


def test_web_queries_reuse_reading_and_lookups_match(memory, live):
    snap, _ = memory
    assert live.reuse_page(None, None) == snap.reuse_page(None, None)
    for report in snap.reports[:3]:
        assert live.reuse_page(report["id"], None) == snap.reuse_page(report["id"], None)
        assert live.reading(report["id"]) == snap.reading(report["id"])
        assert live.mentions_of(report["id"]) == snap.mentions_of(report["id"])
    claim_ids = [c["claim_id"] for g in snap.groups for c in g["carriers"]]
    assert live.group_of(claim_ids) == snap.group_of(claim_ids)
    ids = [r["id"] for r in snap.reports]
    assert live.report_rows(ids) == snap.report_rows(ids)
    assert live.texts_of(ids) == snap.texts_of(ids)


def test_web_queries_counts_and_menus_match(memory, live, indexed):
    from echolocate.stages.assess.reliability import ReliabilityTable

    snap, _ = memory
    for store in (live, indexed):
        assert store.status_counts() == snap.status_counts()
        assert store.carrier_outlets() == snap.carrier_outlets()
        assert store.event_categories() == snap.event_categories()
        assert store.groups_total() == snap.groups_total()
        assert store.outlet_rows(ReliabilityTable({})) == snap.outlet_rows(ReliabilityTable({}))


def test_web_queries_unknown_ids_say_where_to_look(live):
    from echolocate.errors import InputError

    for call in (lambda: live.group("g-none"), lambda: live.reading("r-none")):
        with pytest.raises(InputError) as err:
            call()
        assert "/api/" in err.value.hint


def test_web_queries_index_goes_stale_when_the_store_changes(indexed, tmp_path):
    db = tmp_path / "changed.duckdb"
    shutil.copyfile(indexed.path, db)
    with Store(db) as store:
        assert store.web_index_current()
        store.con.execute("DELETE FROM claim_groups WHERE id = (SELECT min(id) FROM claim_groups)")
        assert not store.web_index_current()

"""The SQL the web app runs (store/web_queries.py through StoreSnapshot) gives what the in-memory logic of
web/query.py gives on the sample store: computed live, and read from the web_* summary tables."""

from __future__ import annotations

import shutil

import pytest

from echolocate.store import Store, web_queries
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
def live(sample_store, tmp_path_factory):
    """The sample store with its web summaries marked stale, so that every query computes its rows live."""
    db = tmp_path_factory.mktemp("live") / "store.duckdb"
    shutil.copyfile(sample_store, db)
    with Store(db) as store:
        store.con.execute("DELETE FROM web_index_state")
        assert not store.web_index_current()
    snap = SnapshotCache(db).get()
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
    assert snap.rel == web_queries.Relations(indexed=True, days=True, claim_facets=True, events=True,
                                             board_rows=True, event_rows=True, event_groups=True,
                                             report_pages=True)
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


@pytest.mark.parametrize("iso", ["1970-01-01", "2016-02-29", "1969-12-31", "9999-12-31", "0001-01-01", "0000-03-01"])
def test_web_queries_day_number_counts_days_as_duckdb_does(iso):
    import duckdb

    expected = duckdb.connect().execute("SELECT CAST(CAST(? AS DATE) - DATE '1970-01-01' AS INTEGER)",
                                        [iso]).fetchall()[0][0]
    assert web_queries.day_number(iso) == expected


def _windows(indexed) -> list[tuple[str | None, str | None]]:
    """Date ranges around the days the store holds: open on either side, one day, and bounds that cut
    through claims with several dates (where the board's hull alone would say yes)."""
    with indexed._con() as con:
        days = [row[0] for row in con.execute(
            "SELECT DISTINCT d FROM (SELECT day_start AS d FROM web_facets WHERE day_start IS NOT NULL UNION "
            "SELECT day_end FROM web_facets WHERE day_end IS NOT NULL) ORDER BY 1").fetchall()]
    assert days, "the sample store has dated claims"
    picks = [days[0], days[len(days) // 3], days[len(days) // 2], days[-1]]
    windows = [(d, None) for d in picks] + [(None, d) for d in picks] + [(d, d) for d in picks]
    windows += [(picks[1], picks[2]), ("1900", "1901"), ("0000-01-01", "9999-12-31")]
    return windows


def test_web_queries_board_days_filter_like_the_facet_rows(indexed):
    """The period filter on the board's day numbers (migration 0008) keeps exactly the groups the facet rows
    keep, in the same order, whatever other filter comes with it."""
    assert indexed.rel.days
    facet_rows = web_queries.Relations(indexed=True, days=False)
    with indexed._con() as con:
        for lo, hi in _windows(indexed):
            lo_day = query.period_of(lo)[0] if lo else None
            hi_day = query.period_of(hi)[1] if hi else None
            for extra in ({}, {"min_carriers": 2}, {"grade": "single source"}):
                q = web_queries.ClaimQuery(day_from=lo_day, day_to=hi_day, **extra)
                expected = web_queries.claim_page(con, q, 10_000, 0, facet_rows)
                assert web_queries.claim_page(con, q, 10_000, 0, indexed.rel) == expected, (lo, hi, extra)


def test_web_queries_upgrade_builds_only_the_missing_parts(indexed, tmp_path):
    db = tmp_path / "upgraded.duckdb"
    shutil.copyfile(indexed.path, db)
    with Store(db) as store:
        store.con.execute("DELETE FROM web_index_parts")
        store.con.execute("UPDATE web_board SET day_min = NULL, day_max = NULL, periods = NULL")
        assert store.web_index_current() and not web_queries.Relations.of(store.con).days
        assert store.upgrade_web_index() == ["days", "claim_facets", "events", "board_rows", "event_rows",
                                             "event_groups", "report_pages"]
        assert web_queries.Relations.of(store.con) == indexed.rel
        assert store.upgrade_web_index() == []
    assert SnapshotCache(db).get().claims(ClaimFilter(date_from="2016"), None, 0) == \
        indexed.claims(ClaimFilter(date_from="2016"), None, 0)


@pytest.mark.parametrize("cap", [0, 1, 3, 10_000])
def test_web_queries_capped_count_stops_past_the_cap(indexed, cap):
    q = web_queries.ClaimQuery(min_carriers=1, grade=None, day_from="0000-01-01")
    with indexed._con() as con:
        exact, ids = web_queries.claim_page(con, q, 5, 0, indexed.rel)
        capped, same = web_queries.claim_page(con, q, 5, 0, indexed.rel, count_cap=cap)
    assert exact > 3
    assert (capped, same) == (min(exact, cap + 1), ids)


def test_web_queries_claim_heads_and_facets_by_rank_match_whole_groups(indexed):
    f = ClaimFilter(min_carriers=2)
    total, whole = indexed.claims(f, 20, 0)
    heads_total, heads = indexed.claim_heads(f, 20, count_cap=5)
    assert [(h["id"], h["text"], h["grade"]) for h in heads] == [(g["id"], g["text"], g["grade"]) for g in whole]
    assert heads_total == min(total, 6)
    by_rank, countries = indexed.facets_for(heads)
    by_id, same_countries = indexed.facets_for(whole)
    assert (by_rank, countries) == (by_id, same_countries) and by_rank


def test_web_queries_report_search_from_the_word_index_keeps_list_order(memory, indexed):
    """With the word index the reports come from its ranks directly: the same rows, in list order, paged."""
    snap, _ = memory
    word = _pick(memory, "word")
    total, rows = indexed.search_reports(word, None, None)
    expected = [r["id"] for r in snap.search_reports(word, None, None)[1]]
    assert [r["id"] for r in rows] == [i for i in expected if i in {r["id"] for r in rows}] and rows
    assert total == len(rows)
    assert indexed.search_reports(word, None, 1, 1, count=False) == (None, rows[1:2])


def test_web_queries_memo_keeps_answers_per_state(indexed):
    calls = []
    first = indexed.memo(("test", 1), lambda: calls.append(1) or ["answer"])
    again = indexed.memo(("test", 1), lambda: calls.append(1) or ["other"])
    assert first is again and calls == [1]


def test_web_queries_prime_reads_the_summaries_that_exist(indexed, live):
    with indexed._con() as con:
        assert web_queries.prime(con, indexed.rel) == ["web_board", "web_reports", "web_events", "web_board_rows",
                                                        "web_event_rows"]
    with live._con() as con:
        assert web_queries.prime(con, live.rel) == []


_BOARD_FILTERS = [ClaimFilter(), ClaimFilter(min_carriers=2), ClaimFilter(grade="single source"),
                  ClaimFilter(date_from="2016")]


def _without_board_rows(snap):
    """The same snapshot with ``web_board_rows`` taken as missing: the path every store had before it."""
    import dataclasses

    other = StoreSnapshot.__new__(StoreSnapshot)
    other.__dict__.update(snap.__dict__)
    other.rel = dataclasses.replace(snap.rel, board_rows=False)
    return other


@pytest.mark.parametrize("f", _BOARD_FILTERS)
@pytest.mark.parametrize("limit, offset", [(50, 0), (3, 2), (2, 10_000)])
def test_web_queries_board_rows_show_what_whole_groups_show(indexed, f, limit, offset):
    """A board row from ``web_board_rows`` holds exactly what the board shows of the whole group."""
    assert indexed.rel.board_rows
    total, rows = indexed.board_rows(f, limit, offset, count_cap=10_000)
    expected_total, whole = indexed.claims(f, limit, offset, count_cap=10_000)
    keys = ("id", "text", "grade", "independent_origins", "carrier_count", "report_count", "contradicts")
    assert total == expected_total
    assert [{k: r[k] for k in keys} | {"origins": r["origins"]} for r in rows] == \
        [{k: g[k] for k in keys} | {"origins": [{"name": o["name"]} for o in g["origins"]]} for g in whole]


@pytest.mark.parametrize("f", _BOARD_FILTERS + [ClaimFilter(q="the")])
def test_web_queries_view_claims_from_board_rows_match_heads_and_facets(indexed, f):
    """Heads and facets read from ``web_board_rows`` equal those of ``claim_heads`` and ``facets_for``."""
    assert indexed.view_claims(f, 150, count_cap=5) == _without_board_rows(indexed).view_claims(f, 150, count_cap=5)
    total, heads, facets, _ = indexed.view_claims(f, 150, count_cap=5)
    assert heads if total else not heads


@pytest.mark.parametrize("rows", [True, False])
@pytest.mark.parametrize("f, limit, offset", [(None, None, 0), (ClaimFilter(), 5, 2), (ClaimFilter(), None, 0),
                                              (ClaimFilter(date_from="2015"), None, 0)])
def test_web_queries_light_events_are_whole_events_without_the_lists(indexed, f, limit, offset, rows):
    """Light event rows (from ``web_event_rows``, or from the events table without it) are the whole rows with
    the first passage only and no origin, variant or denial lists."""
    snap = indexed if rows else _without_event_rows(indexed)
    total, whole = snap.events_page(None, None, f, limit, offset)
    light_total, light = snap.events_page(None, None, f, limit, offset, light=True)
    assert light_total == total and whole
    assert light == [dict(e, carriers=e["carriers"][:1], origins=[], variants=[], denied_by=[]) for e in whole]


def _without_event_rows(snap):
    import dataclasses

    other = _without_board_rows(snap)
    other.rel = dataclasses.replace(snap.rel, event_rows=False)
    return other


def test_web_queries_report_entities_joined_by_lookups_match_the_reading(memory, indexed):
    """Every sample report's entities (joined in Python from look-ups by report) equal those the reference
    reading joins in SQL."""
    snap, _ = memory
    assert snap.reports
    for report in snap.reports:
        expected = snap.reading(report["id"])["entities"]
        got = indexed.reading(report["id"])["entities"]
        assert sorted(got, key=lambda e: e["id"]) == sorted(expected, key=lambda e: e["id"])
        assert [(e["mentions_here"], e["name"]) for e in got] == [(e["mentions_here"], e["name"]) for e in expected]


@pytest.mark.parametrize("url", ["/map", "/map?region=europe", "/timeline", "/timeline?date_from=2016",
                                 "/network", "/network?min_carriers=2"])
def test_web_queries_kept_pages_are_the_pages_drawn_afresh(indexed, url):
    """The map, timeline and network kept per state of the store answer what a new server draws."""
    from tests.web.conftest import make_client

    first, again = make_client(indexed.path), make_client(indexed.path)
    drawn = first.get(url)
    assert drawn.status_code == 200
    assert first.get(url).text == drawn.text == again.get(url).text


def test_web_queries_settle_heap_leaves_full_collections_nothing_old_to_walk():
    import gc

    from echolocate.web.snapshot import settle_heap

    kept = [[i] for i in range(1000)]  # long-lived containers, like a state's caches
    try:
        settle_heap()
        assert gc.get_freeze_count() >= len(kept)
        oldest = {id(x) for x in gc.get_objects(generation=2)}
        assert all(gc.is_tracked(x) and id(x) not in oldest for x in kept)
    finally:
        gc.unfreeze()


def test_web_queries_group_grades_are_those_of_whole_groups(memory, indexed):
    snap, _ = memory
    ids = [g["id"] for g in snap.groups]
    keys = ("id", "grade", "independent_origins", "carrier_count", "report_count")
    assert indexed.group_grades(ids + ["g-no-such"]) == {i: {k: g[k] for k in keys}
                                                         for i, g in snap.groups_by_id(ids).items()}


def test_web_queries_report_pages_from_summaries_match_computed_ones(memory, indexed, live):
    """The report reader drawn from its ``web_report_pages`` row is the page drawn from the report's rows and whole
    groups, looked up one by one (a store without summaries)."""
    assert indexed.rel.report_pages and not live.rel.report_pages
    from tests.web.conftest import make_client

    snap, _ = memory
    fast, slow = make_client(indexed.path), make_client(live.path)
    for report in snap.reports:
        page = fast.get(f"/reports/{report['id']}")
        assert page.status_code == 200 and page.text == slow.get(f"/reports/{report['id']}").text


def _without_report_pages(snap):
    import dataclasses

    other = _without_board_rows(snap)
    other.rel = dataclasses.replace(snap.rel, report_pages=False)
    return other


def test_web_queries_reader_page_holds_what_the_lookups_give(memory, indexed):
    """The summary row of each sample report holds the reading, mentions, claim groups and re-use the reader
    otherwise looks up one by one."""
    snap, _ = memory
    slow = _without_report_pages(indexed)
    for report in snap.reports:
        rid = report["id"]
        page = indexed.report_page(rid)
        reading = slow.reading(rid)
        got = page["reading"]
        for key in ("id", "text", "title", "outlet", "author", "url", "published", "words", "sources"):
            assert got[key] == reading[key], key
        assert [(e["id"], e["name"], e["kind"], e["mentions_here"], e["spellings_here"]) for e in got["entities"]] \
            == [(e["id"], e["name"], e["kind"], e["mentions_here"], e["spellings_here"]) for e in reading["entities"]]
        assert got["places"] == [{k: p[k] for k in ("text", "name", "lat", "lon")} for p in reading["places"]]
        assert got["times"] == [{k: t[k] for k in ("start", "end", "text", "value", "relative")}
                                for t in reading["times"]]
        assert got["claims"] == [
            {"id": c["id"], "start": c["start"], "end": c["end"], "text": c["text"], "stance": c["stance"],
             "sources": [{k: x[k] for k in ("text", "start", "end", "kind")} for x in c["sources"]],
             "hedges": [{k: h[k] for k in ("start", "end", "kind")} for h in c["hedges"]]}
            for c in reading["claims"]]
        assert page["mentions"] == [m[1:5] for m in slow.mentions_of(rid)]
        group_of = slow.group_of([c["id"] for c in reading["claims"]])
        assert page["group_of"] == group_of
        assert page["groups"] == slow.group_grades(sorted(set(group_of.values())))
        keys = ("report_id", "start", "end", "outlet", "date", "source_path")
        assert page["reuse"] == [{"id": r["id"], "similarity": r["similarity"], "direction": r["direction"],
                                  "a": {k: r["a"][k] for k in keys}, "b": {k: r["b"][k] for k in keys}}
                                 for r in slow.reuse_page(rid, None)[1]]


def test_web_queries_reader_page_of_an_unknown_report_says_where_to_look(indexed):
    from echolocate.web.errors import InputError

    with pytest.raises(InputError, match="/api/reports"):
        indexed.report_page("r-no-such")


@pytest.mark.parametrize("f", [ClaimFilter(), ClaimFilter(date_from="2015"), ClaimFilter(q="the")])
def test_web_queries_view_events_carry_the_groups_a_lookup_gives(indexed, f):
    """The claim groups read with the light event rows are those ``group_of`` looks up for their first passages;
    without ``event_groups`` the snapshot says it has none (the timeline then looks them up)."""
    total, rows, groups = indexed.view_events(f, 150)
    claims = [e["carriers"][0]["claim_id"] for e in rows if e["carriers"] and e["carriers"][0].get("claim_id")]
    assert groups == indexed.group_of(claims)
    assert (total, rows) == indexed.events_page(None, f.q, f, 150, 0, light=True)
    assert _without_event_rows(indexed).view_events(f, 150)[2] is None


@pytest.mark.parametrize("q", [web_queries.ClaimQuery(day_from="2015-01-01", day_to="2016-12-31"),
                               web_queries.ClaimQuery(day_from="2016-06-01", day_to="2015-01-01"),
                               web_queries.ClaimQuery(grade="single source", min_carriers=2, day_from="2015-06-01"),
                               web_queries.ClaimQuery(min_origins=1, day_to="2016-03-31")])
@pytest.mark.parametrize("limit, offset, cap", [(5, 0, 3), (5, 3, 1_000), (50, 0, None), (2, 7, 0)])
def test_web_queries_board_scan_in_windows_matches_one_query(indexed, monkeypatch, q, limit, offset, cap):
    """A filter on the board's own columns read in growing windows of ranks (here of 2, 8, 32... ranks, so the
    sample store takes several) pages and counts as one query over the whole board does."""
    with indexed._con() as con:
        source, args = web_queries._claim_source(q, indexed.rel)
        every = [row[0] for row in con.execute(f"SELECT rank FROM ({source}) ORDER BY rank", args).fetchall()]
        monkeypatch.setattr(web_queries, "_FIRST_WINDOW", 2)
        total, ranks = web_queries.claim_ranks(con, q, limit, offset, indexed.rel, count=cap is not None,
                                               count_cap=cap)
    assert ranks == every[offset:offset + limit]
    assert total == (None if cap is None else min(len(every), cap + 1))


@pytest.mark.parametrize("budget", [1, 150, 400])
def test_web_queries_report_pages_built_in_chunks_equal_one_build(sample_store, tmp_path, budget):
    """Built a few reports at a time (as a large store is), the reader rows are the rows of one statement."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(sample_store, db)
    with Store(db) as store:
        whole = (web_queries._build_report_pages(store.con, budget=10**9),
                 store.con.execute("SELECT report_id, page_json FROM web_report_pages").fetchall())[1]
        starts = web_queries.report_chunks(store.con, budget)
        web_queries._build_report_pages(store.con, budget=budget)
        chunked = store.con.execute("SELECT report_id, page_json FROM web_report_pages").fetchall()
        reports = store.con.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert 1 < len(starts) <= reports and starts == sorted(starts) and starts[0] == min(r for r, _ in whole)
    assert len(whole) == reports and chunked == whole

"""Queries the web app runs per request: filtered, sorted and paged in DuckDB, so a page costs the
rows it shows, not the size of the store.

What the board filters on (outlets and origins of carriers, words, who/where/when a claim is
about) is derived from claim JSON, mentions and places. ``refresh_web_index`` stores those
derivations in the ``web_*`` tables (migration 0007; migration 0008 adds parts recorded in
``web_index_parts``: day numbers on the board, facet lists per rank, events in list order; migration
0009 the board's display rows and the views' event rows, both in list order) after an assess run; until then, or when the store changed since, ``Relations`` says so and the same rows
are computed inside each query, which is exact and fast enough on small stores. Plain dicts out, in
the contracts of ``assess_io.claim_group_rows``, ``assess_io.event_rows`` and ``link_writer.reuse_rows``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from echolocate.store.assess_io import event_row
from echolocate.store import read_queries

ACTOR_KINDS = ("person", "organisation", "military_unit", "outlet")
_TOKEN = r"[^\pL\pN]+"  # what splits text into the terms of web_terms
_TOP = "\U0010ffff"  # sorts after every character: [p, p + _TOP) holds the terms starting with p
BOARD_ORDER = "reports DESC, carriers DESC, independent_origins DESC, id"


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# ---- derived relations: stored (web_* tables) or computed in the query ------------------------------------

# Each claim group's carriers, one row (group_id, value) each. Unnested in the select list: DuckDB plans the lateral
# ``claim_groups g, json_each(g.carriers_json)`` as a hash join keyed on the whole JSON text, which held 9 s and
# ~1 GB at 10k reports and ran out of the writer's memory at 30k.
_GROUP_CARRIERS = "(SELECT id AS group_id, unnest(CAST(carriers_json AS JSON[])) AS value FROM claim_groups)"

_CARRIERS = f"""
    SELECT c.group_id, c.value ->> 'claim_id' AS claim_id, c.value ->> 'report_id' AS report_id,
           c.value ->> 'date' AS date, lower(coalesce(c.value ->> 'outlet', '')) AS outlet,
           lower(coalesce(c.value -> 'origin' ->> 'name', '')) AS origin,
           coalesce(c.value ->> 'text', '') || ' ' || coalesce(c.value ->> 'outlet', '') || ' '
             || coalesce(c.value -> 'origin' ->> 'name', '') || ' '
             || coalesce(array_to_string(CAST(json_extract_string(c.value, '$.chain[*]') AS VARCHAR[]), ' '), '')
             AS words
    FROM {_GROUP_CARRIERS} c
"""


def _period(value: str) -> tuple[str, str, str]:
    """SQL for (first day, last day, precision) of an ISO year, month or day in ``value``; NULLs otherwise
    (the rules of ``echolocate.web.query.period_of``)."""
    v = f"trim({value})"
    day = f"(regexp_full_match({v}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') AND try_cast({v} AS DATE) IS NOT NULL)"
    month = f"(regexp_full_match({v}, '\\d{{4}}-\\d{{2}}') AND try_cast({v} || '-01' AS DATE) IS NOT NULL)"
    year = f"(regexp_full_match({v}, '\\d{{4}}') AND try_cast({v} || '-01-01' AS DATE) IS NOT NULL)"
    start = f"CASE WHEN {day} THEN {v} WHEN {month} THEN {v} || '-01' WHEN {year} THEN {v} || '-01-01' END"
    end = (f"CASE WHEN {day} THEN {v} WHEN {month} THEN strftime(last_day(CAST({v} || '-01' AS DATE)), '%Y-%m-%d') "
           f"WHEN {year} THEN {v} || '-12-31' END")
    precision = f"CASE WHEN {day} THEN 'day' WHEN {month} THEN 'month' WHEN {year} THEN 'year' END"
    return start, end, precision


def _facets_sql() -> str:
    """Rows (group_id, kind, name, lat, lon, precision, country_code, day_start, day_end) of every claim group:
    the actors, located places and dates inside its carriers' passages, as ``web.query.claim_facets`` reads
    them from the readings (a mention's name is what its report resolved that spelling to)."""
    kinds = ", ".join(f"'{k}'" for k in ACTOR_KINDS)
    about = _period("t.value")
    reported = _period("car.date")
    return f"""
    WITH car AS (
        SELECT c.group_id, c.value ->> 'claim_id' AS claim_id, c.value ->> 'report_id' AS report_id,
               TRY_CAST(c.value ->> 'start' AS INTEGER) AS cstart, TRY_CAST(c.value ->> 'end' AS INTEGER) AS cend,
               c.value ->> 'date' AS date
        FROM {_GROUP_CARRIERS} c),
    here AS (
        SELECT m.report_id, me.entity_id, e.name, e.kind, count(*) AS n
        FROM mentions m JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
        JOIN entities e ON e.id = me.entity_id GROUP BY ALL),
    spell AS (
        SELECT report_id, text, name, kind FROM (
            SELECT DISTINCT m.report_id, m.text, h.entity_id, h.name, h.kind, h.n
            FROM mentions m JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
            JOIN here h ON h.report_id = m.report_id AND h.entity_id = me.entity_id)
        QUALIFY row_number() OVER (PARTITION BY report_id, text ORDER BY n ASC, name DESC, entity_id DESC) = 1),
    loc AS (
        SELECT report_id, text, name, lat, lon, precision, country_code FROM (
            SELECT report_id, text, name, gazetteer_id, lat, lon, country_code, feature, precision, confidence,
                   min("start") AS first_start
            FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY ALL)
        QUALIFY row_number() OVER (PARTITION BY report_id, text ORDER BY first_start DESC) = 1),
    hits AS (
        SELECT car.group_id, m.text, m.kind, s.name AS entity_name, s.kind AS entity_kind, l.name AS place,
               l.lat, l.lon, l.precision, l.country_code
        FROM car JOIN mentions m ON m.report_id = car.report_id AND m."start" >= car.cstart AND m."end" <= car.cend
        LEFT JOIN spell s ON s.report_id = m.report_id AND s.text = m.text
        LEFT JOIN loc l ON l.report_id = m.report_id AND l.text = m.text)
    SELECT DISTINCT ON (group_id, kind, name, lat, lon, day_start, day_end) * FROM (
        SELECT group_id, 'place' AS kind, place AS name, lat, lon, precision, country_code,
               NULL AS day_start, NULL AS day_end
        FROM hits WHERE kind = 'place' AND place IS NOT NULL
        UNION ALL
        SELECT group_id, 'actor', place, NULL, NULL, NULL, NULL, NULL, NULL
        FROM hits WHERE kind = 'place' AND place IS NOT NULL AND precision = 'country'
        UNION ALL
        SELECT group_id, 'actor', coalesce(entity_name, text), NULL, NULL, NULL, NULL, NULL, NULL
        FROM hits WHERE kind <> 'place' AND (coalesce(entity_kind, kind) IN ({kinds}) OR kind IN ({kinds}))
        UNION ALL
        SELECT car.group_id, 'about', NULL, NULL, NULL, {about[2]}, NULL, {about[0]}, {about[1]}
        FROM car JOIN claims c ON c.id = car.claim_id
        JOIN times t ON t.report_id = c.report_id AND t."start" >= c."start" AND t."start" < c."end"
        WHERE t.value IS NOT NULL AND {about[0]} IS NOT NULL
        UNION ALL
        SELECT group_id, 'reported', NULL, NULL, NULL, {reported[2]}, NULL, {reported[0]}, {reported[1]}
        FROM car WHERE {reported[0]} IS NOT NULL
        UNION ALL
        SELECT group_id, 'name', unnest([outlet, origin]) AS name, NULL, NULL, NULL, NULL, NULL, NULL
        FROM ({_CARRIERS}))
    WHERE kind <> 'name' OR name <> ''
    """


def _board_sql() -> str:
    return f"""
    SELECT CAST(row_number() OVER (ORDER BY {BOARD_ORDER}) - 1 AS INTEGER) AS rank, id AS group_id, grade,
           independent_origins, carriers, reports
    FROM claim_groups
    """


def _ranked_facets_sql(board: str) -> str:
    return f"""
    SELECT b.rank, f.kind, f.name, f.lat, f.lon, f.precision, f.country_code, f.day_start, f.day_end
    FROM ({_facets_sql()}) f JOIN {board} b ON b.group_id = f.group_id
    """


def _reports_sql() -> str:
    return """
    SELECT CAST(row_number() OVER (ORDER BY s.source_key, r.id) - 1 AS INTEGER) AS rank, r.id
    FROM reports r LEFT JOIN (SELECT report_id, min(source_key) AS source_key FROM report_sources GROUP BY 1) s
         ON s.report_id = r.id
    """


def _haystack_sql() -> str:
    """Each group's searchable text, as ``web.query.claim_haystack`` builds it (lower-cased)."""
    return f"""
    SELECT g.id AS group_id,
           lower(g.text || ' ' || coalesce((SELECT string_agg(c.words, ' ') FROM ({_CARRIERS}) c
                                            WHERE c.group_id = g.id), '')) AS hay
    FROM claim_groups g
    """


def store_state(con) -> str:
    """What the derived tables must have been built from to be current: the assess stage's record and counts."""
    assess = con.execute("SELECT string_agg(stage || ':' || version || ':' || corpus_digest || ':' || done_at, ';' "
                         "ORDER BY stage) FROM stage_state").fetchall()[0][0]
    counts = con.execute("SELECT (SELECT count(*) FROM claim_groups), (SELECT count(*) FROM reports), "
                         "(SELECT max(read_at) FROM readings)").fetchall()[0]
    return f"{assess}|{counts[0]}|{counts[1]}|{counts[2]}"


def index_is_current(con) -> bool:
    try:
        rows = con.execute("SELECT built_from FROM web_index_state").fetchall()
    except Exception:  # a store older than migration 0007 (opened read-only, so not migrated)
        return False
    return len(rows) == 1 and rows[0][0] == store_state(con)


def _parts_current(con) -> set[str]:
    """The optional parts of the index (migration 0008 on) built from the store's current state."""
    try:
        rows = con.execute("SELECT part, built_from FROM web_index_parts").fetchall()
    except Exception:  # a store older than migration 0008 (opened read-only, so not migrated)
        return set()
    state = store_state(con)
    return {part for part, built_from in rows if built_from == state}


_BOARD_COLUMNS = "rank, group_id, grade, independent_origins, carriers, reports"
_DAY = "CAST(CAST({} AS DATE) - DATE '1970-01-01' AS INTEGER)"


def _build_days(con) -> None:
    """Put each claim group's dates on its board row as day numbers (migration 0008), from ``web_facets``:
    the hull and the distinct (first day, last day) periods. Rewrites ``web_board`` in rank order."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE web_days_new AS
        SELECT {', '.join('b.' + c for c in _BOARD_COLUMNS.split(', '))}, d.day_min, d.day_max, d.periods
        FROM web_board b LEFT JOIN (
            SELECT rank, min(s) AS day_min, max(e) AS day_max, list({{'s': s, 'e': e}} ORDER BY s, e) AS periods
            FROM (SELECT DISTINCT rank, {_DAY.format('day_start')} AS s, {_DAY.format('day_end')} AS e
                  FROM web_facets WHERE kind IN ('about', 'reported') AND day_start IS NOT NULL
                  AND day_end IS NOT NULL)
            GROUP BY rank) d ON d.rank = b.rank
    """)
    con.execute("DELETE FROM web_board")
    con.execute("INSERT INTO web_board SELECT * FROM web_days_new ORDER BY rank")
    con.execute("DROP TABLE web_days_new")


def _build_claim_facets(con) -> None:
    """One list of facets per board rank (``web_claim_facets``, migration 0008), from ``web_facets``, in a fixed
    order (a parallel ``list`` is in no order: two builds of one store differed on 19,896 of 31,337 ranks)."""
    con.execute("DELETE FROM web_claim_facets")
    con.execute("""
        INSERT INTO web_claim_facets
        SELECT rank, list({'kind': kind, 'name': name, 'lat': lat, 'lon': lon, 'precision': precision,
                           'country_code': country_code, 'day_start': day_start, 'day_end': day_end}
                    ORDER BY kind, name, lat, lon, day_start, day_end, precision, country_code)
        FROM web_facets WHERE kind <> 'name' GROUP BY rank ORDER BY rank
    """)


def _build_events(con) -> None:
    """Events in list order with their filter columns (``web_events``, migration 0008)."""
    con.execute("DELETE FROM web_events")
    con.execute(f"""
        INSERT INTO web_events
        SELECT CAST(row_number() OVER (ORDER BY {_EVENT_ORDER}) - 1 AS INTEGER) AS ord, id, category, actor, target,
               place_name, {_DAY.format('date_start')}, {_DAY.format('coalesce(date_end, date_start)')},
               coalesce(list_transform(CAST(carriers_json AS JSON[]), lambda c: lower(coalesce(c ->> 'outlet', ''))),
                        [])
        FROM events ORDER BY ord
    """)


def _build_board_rows(con) -> None:
    """What each board row shows, in rank order (``web_board_rows``, migration 0009), from the claim groups,
    ``web_board`` and ``web_claim_facets`` (so it is built after them)."""
    con.execute("DELETE FROM web_board_rows")
    con.execute("""
        INSERT INTO web_board_rows
        SELECT b.rank, g.id, g.text, g.grade, g.independent_origins, g.carriers, g.reports,
               list_transform(CAST(g.origins_json AS JSON[]), lambda o: o ->> 'name'),
               coalesce(c.other, []), CAST(to_json(coalesce(f.facets, [])) AS VARCHAR)
        FROM web_board b JOIN claim_groups g ON g.id = b.group_id
        LEFT JOIN (SELECT g, list(o ORDER BY o) AS other
                   FROM (SELECT a_group AS g, b_group AS o FROM contradictions
                         UNION ALL SELECT b_group, a_group FROM contradictions) GROUP BY g) c ON c.g = g.id
        LEFT JOIN web_claim_facets f ON f.rank = b.rank
        ORDER BY b.rank
    """)


def _build_event_rows(con) -> None:
    """What the views draw of each event, in list order (``web_event_rows``, migration 0009), from the events
    and ``web_events`` (so it is built after them)."""
    con.execute("DELETE FROM web_event_rows")
    con.execute("""
        INSERT INTO web_event_rows
        SELECT w.ord, CAST(to_json({'id': e.id, 'category': e.category, 'subtype': e.subtype, 'mode': e.mode,
                                    'actor': e.actor, 'target': e.target, 'place_name': e.place_name, 'lat': e.lat,
                                    'lon': e.lon, 'place_precision': e.place_precision, 'date_start': e.date_start,
                                    'date_end': e.date_end, 'date_precision': e.date_precision,
                                    'independent_origins': e.independent_origins, 'certainty': e.certainty,
                                    'first_carrier': e.carriers_json -> '$[0]', 'first_group': m.group_id}) AS VARCHAR)
        FROM web_events w JOIN events e ON e.id = w.id
        LEFT JOIN (SELECT claim_id, min(group_id) AS group_id FROM claim_group_members GROUP BY 1) m
               ON m.claim_id = json_extract_string(e.carriers_json, '$[0].claim_id')
        ORDER BY w.ord
    """)


REPORT_PAGES_ROWS = 100_000  # rows (mentions, claims, re-use links) per INSERT: one chunk's lists are in memory at once


def report_chunks(con, budget: int = REPORT_PAGES_ROWS) -> list[str]:
    """The first report ID of each chunk of consecutive reports (by ID) holding about ``budget`` rows of mentions,
    claims and re-use links between them (a report heavier than ``budget`` is a chunk of its own). Counted in
    rows, not reports: a report copied fifty times carries fifty re-use links onto its page."""
    return [row[0] for row in con.execute("""
        WITH weight AS (
            SELECT r.id, 1 + coalesce(m.n, 0) + coalesce(c.n, 0) + coalesce(l.n, 0) AS w
            FROM reports r
            LEFT JOIN (SELECT report_id, count(*) AS n FROM mentions GROUP BY 1) m ON m.report_id = r.id
            LEFT JOIN (SELECT report_id, count(*) AS n FROM claims GROUP BY 1) c ON c.report_id = r.id
            LEFT JOIN (SELECT rid, count(*) AS n FROM (SELECT a_report AS rid FROM reuse_links UNION ALL
                                                       SELECT b_report FROM reuse_links WHERE b_report <> a_report)
                       GROUP BY 1) l ON l.rid = r.id),
        before AS (SELECT id, sum(w) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) - w AS rows_before FROM weight)
        SELECT min(id) AS first FROM before GROUP BY rows_before // ? ORDER BY first
        """, [max(1, budget)]).fetchall()]


def _build_report_pages(con, budget: int = REPORT_PAGES_ROWS) -> None:
    """What the report reader shows of each report beyond its text (``web_report_pages``, migration 0010), from
    the readings, claim groups (their ``web_board`` rows: built after them), entities and re-use links; the rows
    ``report_reading``, ``mentions_of``, ``group_of_claims``, ``group_grades`` and ``reuse_page`` give, reduced
    to what the page draws. Built in chunks of ``report_chunks``: at 100k reports, building them all in one
    statement held every report's lists at once (5.9 GB); chunks of 10,000 reports needed over 2 GB at 10k real
    reports; chunks of 100,000 rows build in 600 MB in the same time (2.9 s against 2.3 s in one statement)."""
    con.execute("DELETE FROM web_report_pages")
    starts = report_chunks(con, budget)
    for lo, hi in zip(starts, starts[1:] + [None]):
        con.execute(_REPORT_PAGES_SQL, {"lo": lo, "hi": hi})


def _in_chunk(column: str) -> str:
    return f"({column} >= $lo AND ($hi IS NULL OR {column} < $hi))"


_CHUNK_CLAIMS = f"(SELECT id FROM claims WHERE {_in_chunk('report_id')})"
_REPORT_PAGES_SQL = """
        INSERT INTO web_report_pages
        WITH src AS (SELECT report_id, list(source_key ORDER BY source_key) AS sources
                     FROM report_sources WHERE @in_chunk_report@ GROUP BY 1),
        csrc AS (SELECT claim_id, list({'text': text, 'start': "start", 'end': "end", 'kind': kind}
                                       ORDER BY depth) AS s
                 FROM claim_sources WHERE claim_id IN @chunk_claims@ GROUP BY 1),
        chdg AS (SELECT claim_id, list({'start': "start", 'end': "end", 'kind': kind} ORDER BY idx) AS h
                 FROM claim_hedges WHERE claim_id IN @chunk_claims@ GROUP BY 1),
        grp AS (SELECT m.claim_id, min(m.group_id) AS group_id FROM claim_group_members m
                WHERE m.claim_id IN @chunk_claims@ GROUP BY 1),
        cl AS (SELECT c.report_id, list({'id': c.id, 'start': c."start", 'end': c."end", 'text': c.text,
                                         'stance': c.stance, 'sources': coalesce(csrc.s, []),
                                         'hedges': coalesce(chdg.h, []),
                                         'group': CASE WHEN b.group_id IS NOT NULL THEN
                                             {'id': b.group_id, 'grade': b.grade,
                                              'independent_origins': b.independent_origins,
                                              'carrier_count': b.carriers, 'report_count': b.reports} END}
                                        ORDER BY c.idx) AS claims
               FROM claims c LEFT JOIN csrc ON csrc.claim_id = c.id LEFT JOIN chdg ON chdg.claim_id = c.id
               LEFT JOIN grp ON grp.claim_id = c.id LEFT JOIN web_board b ON b.group_id = grp.group_id
               WHERE @in_chunk_c@ GROUP BY 1),
        mn AS (SELECT report_id, list({'start': "start", 'end': "end", 'text': text, 'kind': kind} ORDER BY idx)
                                 AS mentions
               FROM mentions WHERE @in_chunk_report@ GROUP BY 1),
        ent AS (SELECT x.report_id, list({'id': e.id, 'name': e.name, 'kind': e.kind, 'mentions_here': x.n,
                                          'spellings_here': x.spellings} ORDER BY x.n DESC, e.name, e.id) AS entities
                FROM (SELECT me.report_id, me.entity_id, count(*) AS n, list(DISTINCT m.text ORDER BY m.text)
                             AS spellings
                      FROM mention_entities me JOIN mentions m ON m.report_id = me.report_id AND m.idx = me.idx
                      WHERE @in_chunk_me@ GROUP BY 1, 2) x JOIN entities e ON e.id = x.entity_id
                GROUP BY 1),
        pl AS (SELECT report_id, list({'text': text, 'name': name, 'lat': lat, 'lon': lon} ORDER BY first_start)
                                 AS places
               FROM (SELECT report_id, text, name, gazetteer_id, lat, lon, country_code, feature, precision,
                            confidence, min("start") AS first_start
                     FROM places WHERE @in_chunk_report@ GROUP BY ALL)
               GROUP BY 1),
        tm AS (SELECT report_id, list({'start': "start", 'end': "end", 'text': text, 'value': value,
                                       'relative': relative} ORDER BY idx) AS times
               FROM times WHERE @in_chunk_report@ GROUP BY 1),
        side AS (SELECT r.id, r.outlet, r.published, s.path FROM reports r
                 LEFT JOIN (SELECT report_id, min(source_key) AS path FROM report_sources GROUP BY 1) s
                        ON s.report_id = r.id),
        ru AS (SELECT k.rid AS report_id,
                      list({'id': l.id, 'similarity': l.similarity, 'direction': l.direction,
                            'a': {'report_id': l.a_report, 'start': l.a_start, 'end': l.a_end, 'outlet': sa.outlet,
                                  'date': sa.published, 'source_path': sa.path},
                            'b': {'report_id': l.b_report, 'start': l.b_start, 'end': l.b_end, 'outlet': sb.outlet,
                                  'date': sb.published, 'source_path': sb.path}}
                           ORDER BY l.similarity DESC, (l.a_end - l.a_start) DESC, l.id) AS reuse
               FROM (SELECT id, a_report AS rid FROM reuse_links WHERE @in_chunk_a@
                     UNION ALL SELECT id, b_report FROM reuse_links WHERE b_report <> a_report AND @in_chunk_b@) k
               JOIN reuse_links l ON l.id = k.id
               JOIN side sa ON sa.id = l.a_report JOIN side sb ON sb.id = l.b_report
               GROUP BY 1)
        SELECT r.id, CAST(to_json({'title': r.title, 'outlet': r.outlet, 'author': r.author, 'url': r.url,
                                   'published': r.published, 'words': r.words, 'sources': coalesce(src.sources, []),
                                   'claims': coalesce(cl.claims, []), 'mentions': coalesce(mn.mentions, []),
                                   'entities': coalesce(ent.entities, []), 'places': coalesce(pl.places, []),
                                   'times': coalesce(tm.times, []), 'reuse': coalesce(ru.reuse, [])}) AS VARCHAR)
        FROM reports r LEFT JOIN src ON src.report_id = r.id LEFT JOIN cl ON cl.report_id = r.id
        LEFT JOIN mn ON mn.report_id = r.id LEFT JOIN ent ON ent.report_id = r.id LEFT JOIN pl ON pl.report_id = r.id
        LEFT JOIN tm ON tm.report_id = r.id LEFT JOIN ru ON ru.report_id = r.id
        WHERE @in_chunk_r@
        ORDER BY r.id
"""
for _name, _sql in {"in_chunk_report": _in_chunk("report_id"), "chunk_claims": _CHUNK_CLAIMS,
                    "in_chunk_c": _in_chunk("c.report_id"), "in_chunk_me": _in_chunk("me.report_id"),
                    "in_chunk_a": _in_chunk("a_report"), "in_chunk_b": _in_chunk("b_report"),
                    "in_chunk_r": _in_chunk("r.id")}.items():
    _REPORT_PAGES_SQL = _REPORT_PAGES_SQL.replace(f"@{_name}@", _sql)


# Each part is built by its function; one function may build several parts ('event_groups' marks event rows that
# carry their first passage's claim group: a store built before migration 0010 has event rows without it).
_PARTS = {"days": _build_days, "claim_facets": _build_claim_facets, "events": _build_events,
          "board_rows": _build_board_rows, "event_rows": _build_event_rows, "event_groups": _build_event_rows,
          "report_pages": _build_report_pages}


def refresh_web_index(con, only_missing: bool = False) -> list[str]:
    """Rebuild the ``web_*`` tables from the current claim groups, readings and reports, in one transaction;
    returns what was built. ``only_missing``: when the migration-0007 summaries are current, build only the
    later parts that are not (what a store migrated past 0007 needs: seconds, not the whole index)."""
    con.execute("SET enable_progress_bar = false")
    con.execute("BEGIN TRANSACTION")
    try:
        built = []
        if not (only_missing and index_is_current(con)):
            _refresh_base(con)
            built.append("base")
        current = _parts_current(con) if built == [] else set()
        state = store_state(con)
        done = set()  # builders run in this refresh
        for part, build in _PARTS.items():
            if part not in current:
                if build not in done:
                    build(con)
                    done.add(build)
                con.execute("DELETE FROM web_index_parts WHERE part = ?", [part])
                con.execute("INSERT INTO web_index_parts VALUES (?, ?)", [part, state])
                built.append(part)
        con.execute("COMMIT")
        return built
    except Exception:
        con.execute("ROLLBACK")
        raise


def _refresh_base(con) -> None:
    """The summaries of migration 0007: board order, claim facets, report order and search terms."""
    for table in ("web_board", "web_facets", "web_reports", "web_terms", "web_index_state"):
        con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO web_board ({_BOARD_COLUMNS}) SELECT * FROM ({_board_sql()}) ORDER BY rank")
    con.execute(f"INSERT INTO web_facets SELECT * FROM ({_ranked_facets_sql('web_board')}) "
                "ORDER BY kind, name, day_start, rank")
    con.execute(f"INSERT INTO web_reports SELECT * FROM ({_reports_sql()}) ORDER BY rank")
    con.execute(f"""
        INSERT INTO web_terms
        SELECT term, kind, n FROM (
            SELECT DISTINCT regexp_split_to_table(h.hay, '{_TOKEN}') AS term, 'g' AS kind, b.rank AS n
            FROM ({_haystack_sql()}) h JOIN web_board b ON b.group_id = h.group_id
            UNION ALL
            SELECT DISTINCT regexp_split_to_table(lower(concat_ws(' ', r.title, r.outlet, r.source_key, r.text)),
                                                  '{_TOKEN}'), 'r', w.rank
            FROM reports r JOIN web_reports w ON w.id = r.id)
        WHERE term <> '' ORDER BY term, kind, n
    """)
    con.execute("INSERT INTO web_index_state VALUES (?, now())", [store_state(con)])


def prime(con, rel: "Relations") -> list[str]:
    """Read every column of the summaries a filter scans (board, events, report order) once, and say which: a
    fresh copy of the store is on disk, and the first request touching a column would otherwise read it there."""
    tables = ((["web_board", "web_reports"] if rel.indexed else []) + (["web_events"] if rel.events else [])
              + (["web_board_rows"] if rel.board_rows else []) + (["web_event_rows"] if rel.event_rows else []))
    for table in tables:
        columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
        con.execute(f"SELECT {', '.join(f'count({c})' for c in columns)} FROM {table}").fetchall()
    return tables


@dataclass(frozen=True)
class Relations:
    """Where the derived rows come from in this query: the ``web_*`` tables, or computed live."""

    indexed: bool
    days: bool = False  # web_board holds each group's dates as day numbers (migration 0008)
    claim_facets: bool = False  # web_claim_facets is current
    events: bool = False  # web_events is current
    board_rows: bool = False  # web_board_rows is current (migration 0009)
    event_rows: bool = False  # web_event_rows is current (migration 0009)
    event_groups: bool = False  # ... and its objects hold their first passage's claim group (migration 0010)
    report_pages: bool = False  # web_report_pages is current (migration 0010)

    @classmethod
    def of(cls, con) -> "Relations":
        indexed = index_is_current(con)
        parts = _parts_current(con) if indexed else set()
        return cls(indexed, "days" in parts, "claim_facets" in parts, "events" in parts, "board_rows" in parts,
                   "event_rows" in parts, "event_rows" in parts and "event_groups" in parts, "report_pages" in parts)

    @property
    def board(self) -> str:
        return "web_board" if self.indexed else f"({_board_sql()})"

    @property
    def facets(self) -> str:
        return "web_facets" if self.indexed else f"({_ranked_facets_sql(self.board)})"


# ---- the claim board ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimQuery:
    """A board filter in the store's terms: words already lower-cased, facet names already resolved to the
    exact actor and place names they match (``None``: no such filter; empty: matches nothing)."""

    grade: str | None = None
    min_origins: int | None = None
    max_origins: int | None = None
    min_carriers: int = 1
    words: tuple[str, ...] = ()
    names: tuple[str, ...] | None = None  # lower-cased outlets and origins the outlet filter matches
    actors: tuple[str, ...] | None = None
    places: tuple[tuple[str | None, str | None], ...] | None = None  # (name, country code or None)
    day_from: str | None = None
    day_to: str | None = None


def _claim_source(q: ClaimQuery, rel: Relations) -> tuple[str, list]:
    """SQL for the board ranks matching ``q`` (one column, ``rank``), and its parameters.

    Words and facets give sets of ranks (intersected); the board's own columns (grade, origins,
    carriers) filter the board table, joined on the integer rank only when both are asked for."""
    parts, part_args = [], []
    if q.words and rel.indexed:
        for token in terms_of(q.words):
            parts.append("SELECT n FROM web_terms WHERE term >= ? AND term < ? AND kind = 'g'")
            part_args += [token, token + _TOP]
    elif q.words:
        parts.append(f"SELECT b.rank AS n FROM {rel.board} b JOIN ({_haystack_sql()}) h ON h.group_id = b.group_id "
                     "WHERE " + " AND ".join("contains(h.hay, ?)" for _ in q.words))
        part_args += list(q.words)
    for kind, names in (("name", q.names), ("actor", q.actors)):
        if names is not None:
            parts.append(f"SELECT rank AS n FROM {rel.facets} WHERE kind = '{kind}' AND name = ANY(?)")
            part_args.append(list(names))
    if q.places is not None:
        parts.append(f"SELECT rank AS n FROM {rel.facets} WHERE kind = 'place' AND name = ANY(?) "
                     "AND list_contains(?, name || chr(31) || coalesce(country_code, ''))")
        part_args += [sorted({name for name, _ in q.places}), [f"{name}\x1f{code or ''}" for name, code in q.places]]
    if (q.day_from or q.day_to) and not rel.days:
        parts.append(f"SELECT rank AS n FROM {rel.facets} WHERE kind IN ('about', 'reported') "
                     "AND day_end >= ? AND day_start <= ?")
        part_args += [q.day_from or "0000-01-01", q.day_to or "9999-12-31"]
    conds, args = [], []
    for sql, value in (("b.grade = ?", q.grade), ("b.independent_origins >= ?", q.min_origins),
                       ("b.independent_origins <= ?", q.max_origins),
                       ("b.carriers >= ?", q.min_carriers if q.min_carriers > 1 else None)):
        if value is not None and value != "":
            conds.append(sql)
            args.append(value)
    if (q.day_from or q.day_to) and rel.days:
        conds.append(_period_condition(q.day_from, q.day_to))
    where = " AND ".join(conds) or "TRUE"
    if not parts:
        return f"SELECT b.rank FROM {rel.board} b WHERE {where}", args
    cand = " INTERSECT ".join(f"({p})" for p in parts) if len(parts) > 1 else f"SELECT DISTINCT n FROM ({parts[0]})"
    if not conds:
        return f"SELECT n AS rank FROM ({cand})", part_args
    return f"SELECT b.rank FROM ({cand}) c JOIN {rel.board} b ON b.rank = c.n WHERE {where}", part_args + args


def day_number(iso: str) -> int:
    """Days from 1970-01-01 to an ISO day (proleptic Gregorian, as DuckDB counts them; years 0-9999)."""
    from datetime import date

    year, month, day = (int(x) for x in iso.split("-"))
    shift = 0
    while year < 1:  # Python's dates start at year 1; 400 Gregorian years are 146,097 days
        year, shift = year + 400, shift - 146_097
    return date(year, month, day).toordinal() - date(1970, 1, 1).toordinal() + shift


def _period_condition(day_from: str | None, day_to: str | None) -> str:
    """SQL on ``web_board b`` (with day numbers) for "a period of the group overlaps [day_from, day_to]".

    The bounds are integers computed here (no user text reaches the SQL). A group whose hull lies inside the
    range matches whatever its periods; only groups straddling a bound have their periods looked at."""
    lo = day_number(day_from) if day_from else -10_000_000
    hi = day_number(day_to) if day_to else 10_000_000
    return (f"(b.day_max >= {lo} AND b.day_min <= {hi} AND ((b.day_min >= {lo} AND b.day_max <= {hi}) OR "
            f"len(list_filter(b.periods, lambda p: p.s <= {hi} AND p.e >= {lo})) > 0))")


def terms_of(words) -> list[str]:
    """The index terms a search for ``words`` needs (each must begin a term of the document)."""
    import re

    return [t for w in words for t in re.split(r"[\W_]+", w) if t]


def _chunks(ids: list, size: int = 50):
    """Look-ups by a list of keys go in chunks: DuckDB uses the index for ``= ANY(list)`` of a few dozen keys,
    and scans the whole table for longer lists."""
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def claim_page(con, q: ClaimQuery, limit: int, offset: int, rel: Relations | None = None,
               count: bool = True, count_cap: int | None = None,
               with_ranks: bool = False) -> tuple[int | None, list]:
    """(matches, IDs of the ``limit`` groups from ``offset``) in board order (most reports, carriers, origins).

    ``count_cap``: count at most ``count_cap + 1`` matches (a broad filter on a large store would otherwise
    count hundreds of thousands per request); a total above the cap means "more than the cap"."""
    rel = rel or Relations.of(con)
    total, ranks = claim_ranks(con, q, limit, offset, rel, count, count_cap)
    ids: dict[int, str] = {}
    for chunk in _chunks(ranks):
        ids.update(con.execute(f"SELECT rank, group_id FROM {rel.board} WHERE rank = ANY(?)", [chunk]).fetchall())
    if with_ranks:  # (rank, ID) pairs
        return total, [(r, ids[r]) for r in ranks]
    return total, [ids[r] for r in ranks]


def claim_ranks(con, q: ClaimQuery, limit: int, offset: int, rel: Relations, count: bool = True,
                count_cap: int | None = None) -> tuple[int | None, list[int]]:
    """(matches, board ranks of the ``limit`` groups from ``offset``), as ``claim_page`` counts them."""
    source, args = _claim_source(q, rel)
    plain = _plain_board(q, rel) if (q.day_from or q.day_to) else None  # grades and counts: one query is as fast
    if plain is not None and not (count and count_cap is None):
        return _scan_board(con, *plain, limit, offset, count_cap if count else None)
    if rel.indexed and q == ClaimQuery():  # the whole board: ranks are 0..n-1, so a page is a range of them
        ranks = [row[0] for row in con.execute("SELECT rank FROM web_board WHERE rank >= ? AND rank < ? "
                                               "ORDER BY rank", [offset, offset + limit]).fetchall()]
    else:
        ranks = [row[0] for row in con.execute(f"SELECT rank FROM ({source}) ORDER BY rank LIMIT ? OFFSET ?",
                                               args + [limit, offset]).fetchall()]
    total = None
    if count and count_cap is not None:
        total = con.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({source}) LIMIT ?)",
                            args + [count_cap + 1]).fetchall()[0][0]
    elif count:
        total = con.execute(f"SELECT count(*) FROM ({source})", args).fetchall()[0][0]
    return total, ranks


def _plain_board(q: ClaimQuery, rel: Relations) -> tuple[str, list] | None:
    """(SQL condition on ``web_board b``, its parameters) when ``q`` filters on the board's own columns only
    (grade, origins, carriers, a period with day numbers), else None."""
    if (not rel.indexed or q.words or q.names is not None or q.actors is not None or q.places is not None
            or ((q.day_from or q.day_to) and not rel.days)):
        return None
    source, args = _claim_source(q, rel)
    head = "SELECT b.rank FROM web_board b WHERE "
    assert source.startswith(head), source
    return source[len(head):], args


_FIRST_WINDOW = 16_384  # board ranks read by the first step of a scan; each next step reads eight times more


def _scan_board(con, where: str, args: list, limit: int, offset: int,
                count_cap: int | None) -> tuple[int | None, list[int]]:
    """``claim_ranks`` of a filter on the board's own columns, reading ``web_board`` (stored in rank order) in
    windows of ranks that grow eightfold, and stopping once the page is filled and, with ``count_cap``, once more
    than the cap matched: a page no longer sorts every match of the whole board (a period matched 300k groups,
    of which a page shows 50). Each window is a range condition on the sorted rank column, so DuckDB reads only
    its row groups."""
    n = con.execute("SELECT count(*) FROM web_board").fetchall()[0][0]
    need = offset + limit
    found: list[int] = []
    total = 0
    lo, size = 0, _FIRST_WINDOW
    while lo < n and (len(found) < need or (count_cap is not None and total <= count_cap)):
        window = f"b.rank >= {lo} AND b.rank < {lo + size} AND ({where})"
        counted = False
        if len(found) < need:
            wanted = need - len(found)
            got = [row[0] for row in con.execute(
                f"SELECT b.rank FROM web_board b WHERE {window} ORDER BY b.rank LIMIT ?", args + [wanted]).fetchall()]
            found += got
            if len(got) < wanted:  # every match of the window: counted without reading it again
                total, counted = total + len(got), True
        if count_cap is not None and not counted and total <= count_cap:
            total += con.execute(f"SELECT count(*) FROM (SELECT 1 FROM web_board b WHERE {window} LIMIT ?)",
                                 args + [count_cap + 1 - total]).fetchall()[0][0]
        lo, size = lo + size, size * 8
    return (min(total, count_cap + 1) if count_cap is not None else None), found[offset:need]


def _by_rank(con, columns: str, ranks: list[int]) -> dict[int, tuple]:
    """Rows of ``web_board_rows`` (``columns``, rank first) at these ranks: one range read when they are
    consecutive (a page of the whole board), else index look-ups in chunks."""
    if not ranks:
        return {}
    if ranks == list(range(ranks[0], ranks[0] + len(ranks))):
        found = con.execute(f"SELECT {columns} FROM web_board_rows WHERE rank >= ? AND rank < ?",
                            [ranks[0], ranks[0] + len(ranks)]).fetchall()
    else:
        found = [row for chunk in _chunks(ranks) for row in con.execute(
            f"SELECT {columns} FROM web_board_rows WHERE rank = ANY(?)", [chunk]).fetchall()]
    return {row[0]: row for row in found}


def board_rows(con, ranks: list[int]) -> list[dict]:
    """What the claim board shows of the groups at these ranks (``web_board_rows`` must be current), in the
    keys of ``groups``: ``id``, ``text``, ``grade``, ``independent_origins``, ``carrier_count``,
    ``report_count``, ``origins`` (their names only) and ``contradicts``."""
    found = _by_rank(con, "rank, group_id, text, grade, independent_origins, carriers, reports, origins, "
                          "contradicts", ranks)
    return [{"id": gid, "text": text, "grade": grade, "independent_origins": independent, "carrier_count": carriers,
             "report_count": reports, "origins": [{"name": name} for name in origins], "contradicts": contradicts}
            for _, gid, text, grade, independent, carriers, reports, origins, contradicts
            in (found[r] for r in ranks)]


def heads_by_rank(con, ranks: list[int]) -> tuple[list[dict], list[tuple]]:
    """(``id``, ``text``, ``grade`` and ``rank`` of the groups at these ranks, their facet rows as
    ``facets_of`` gives them), from ``web_board_rows`` (must be current): one narrow row per claim."""
    found = _by_rank(con, "rank, group_id, text, grade, facets_json", ranks)
    heads, facets = [], []
    for r in ranks:
        _, gid, text, grade, facets_json = found[r]
        heads.append({"id": gid, "text": text, "grade": grade, "rank": r})
        facets += [(gid, f["kind"], f["name"], f["lat"], f["lon"], f["precision"], f["country_code"],
                    f["day_start"], f["day_end"]) for f in json.loads(facets_json)]
    return heads, facets


def _contradicts(con, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a, b in con.execute("SELECT a_group, b_group FROM contradictions WHERE a_group = ANY(?) "
                            "OR b_group = ANY(?)", [ids, ids]).fetchall():
        out.setdefault(a, []).append(b)
        out.setdefault(b, []).append(a)
    return {k: sorted(v) for k, v in out.items()}


def groups(con, ids: list[str]) -> list[dict]:
    """Whole claim groups (``claim_group_rows`` contract) in the order of ``ids``; unknown IDs left out."""
    if not ids:
        return []
    rows = [row for chunk in _chunks(list(dict.fromkeys(ids))) for row in con.execute("""
        SELECT id, text, grade, independent_origins, credible_origins, carriers, reports, cohesion,
               origins_json, carriers_json, variants_json, reasoning_json, contested_by_json
        FROM claim_groups WHERE id = ANY(?)
    """, [chunk]).fetchall()]
    contradicts = _contradicts(con, ids)
    by_id = {}
    for (gid, text, grade, independent, credible, carriers, reports, cohesion, origins, carriers_json, variants,
         reasoning, contested_by) in rows:
        by_id[gid] = {"id": gid, "text": text, "grade": grade, "independent_origins": independent,
                      "credible_origins": credible, "carrier_count": carriers, "report_count": reports,
                      "cohesion": cohesion, "origins": json.loads(origins), "carriers": json.loads(carriers_json),
                      "variants": json.loads(variants), "reasoning": json.loads(reasoning),
                      "contested_by": json.loads(contested_by), "contradicts": contradicts.get(gid, [])}
    return [by_id[i] for i in ids if i in by_id]


def group_heads(con, ids: list[str]) -> list[dict]:
    """``id``, ``text`` and ``grade`` of claim groups in the order of ``ids`` (unknown IDs left out)."""
    found = {gid: {"id": gid, "text": text, "grade": grade} for chunk in _chunks(list(dict.fromkeys(ids)))
             for gid, text, grade in con.execute("SELECT id, text, grade FROM claim_groups WHERE id = ANY(?)",
                                                 [chunk]).fetchall()}
    return [found[i] for i in ids if i in found]


def group_grades(con, ids: list[str]) -> dict[str, dict]:
    """``id``, ``grade``, ``independent_origins``, ``carrier_count`` and ``report_count`` of these claim groups
    by ID, from the narrow ``web_board`` rows (must be current) instead of the groups' JSON."""
    return {gid: {"id": gid, "grade": grade, "independent_origins": independent, "carrier_count": carriers,
                  "report_count": reports}
            for chunk in _chunks(list(dict.fromkeys(ids)))
            for gid, grade, independent, carriers, reports in con.execute(
                "SELECT group_id, grade, independent_origins, carriers, reports FROM web_board "
                "WHERE group_id = ANY(?)", [chunk]).fetchall()}


def grade_counts(con, min_carriers: int = 1) -> dict[str, int]:
    return dict(con.execute("SELECT grade, count(*) FROM claim_groups WHERE carriers >= ? GROUP BY grade",
                            [min_carriers]).fetchall())


def carrier_outlets(con) -> list[str]:
    """Every reporting outlet of a carrier, sorted (the board's outlet menu)."""
    return [row[0] for row in con.execute(
        "SELECT DISTINCT r.outlet FROM claim_group_members m JOIN claims c ON c.id = m.claim_id "
        "JOIN reports r ON r.id = c.report_id WHERE r.outlet IS NOT NULL AND r.outlet <> '' ORDER BY 1").fetchall()]


def facet_names(con, rel: Relations | None = None) -> dict:
    """Distinct actor names, located places (name, country code) and country names: small lists a filter
    value is matched against in Python, with the exact rules of ``web.query``."""
    rel = rel or Relations.of(con)
    actors = [row[0] for row in con.execute(
        f"SELECT DISTINCT name FROM {rel.facets} WHERE kind = 'actor' AND name IS NOT NULL").fetchall()]
    places = con.execute(f"SELECT DISTINCT name, country_code FROM {rel.facets} WHERE kind = 'place'").fetchall()
    names = [row[0] for row in con.execute(f"SELECT DISTINCT name FROM {rel.facets} WHERE kind = 'name'").fetchall()]
    countries = dict(con.execute("""
        SELECT p.country_code, arg_min(p.name, (coalesce(s.source_key, r.source_key), p."start"))
        FROM places p JOIN reports r ON r.id = p.report_id
        LEFT JOIN (SELECT report_id, min(source_key) AS source_key FROM report_sources GROUP BY 1) s
               ON s.report_id = p.report_id
        WHERE p.precision = 'country' AND p.country_code IS NOT NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL
        GROUP BY 1
    """).fetchall())
    return {"actors": actors, "places": places, "countries": countries, "names": names}


def facets_of(con, ids: list[str], rel: Relations | None = None,
              ranks: dict[int, str] | None = None) -> list[tuple]:
    """Facet rows (group_id, kind, name, lat, lon, precision, country_code, day_start, day_end) of ``ids``;
    ``ranks`` (board rank -> group ID of the same groups, if the caller knows them) saves looking them up."""
    rel = rel or Relations.of(con)
    if not ids:
        return []
    if ranks is None:
        ranks = {rank: gid for chunk in _chunks(ids)
                 for rank, gid in con.execute(f"SELECT rank, group_id FROM {rel.board} WHERE group_id = ANY(?)",
                                              [chunk]).fetchall()}
    if rel.claim_facets:  # one row per claim, sorted by rank: a scan of the rank column, not of every facet
        found = con.execute("SELECT rank, facets FROM web_claim_facets WHERE rank = ANY(?)", [list(ranks)]).fetchall()
        return [(ranks[rank], f["kind"], f["name"], f["lat"], f["lon"], f["precision"], f["country_code"],
                 f["day_start"], f["day_end"]) for rank, facets in found for f in facets]
    rows = con.execute(f"SELECT rank, kind, name, lat, lon, precision, country_code, day_start, day_end "
                       f"FROM {rel.facets} WHERE rank = ANY(?) AND kind <> 'name'", [list(ranks)]).fetchall()
    return [(ranks[r[0]], *r[1:]) for r in rows]


def group_of_claims(con, claim_ids: list[str]) -> dict[str, str]:
    if not claim_ids:
        return {}
    return {claim: group for chunk in _chunks(list(claim_ids)) for claim, group in con.execute(
        "SELECT claim_id, group_id FROM claim_group_members WHERE claim_id = ANY(?)", [chunk]).fetchall()}


# ---- reports, re-use, events ------------------------------------------------------------------------------

def reports_by_id(con, ids: list[str]) -> dict[str, dict]:
    """``report_list`` rows of these reports, by ID."""
    if not ids:
        return {}
    if len(ids) > 50:
        return {k: v for chunk in _chunks(list(ids)) for k, v in reports_by_id(con, chunk).items()}
    sources = dict(con.execute("SELECT report_id, min(source_key) FROM report_sources WHERE report_id = ANY(?) "
                               "GROUP BY 1", [ids]).fetchall())
    claims = dict(con.execute("SELECT report_id, count(*) FROM claims WHERE report_id = ANY(?) GROUP BY 1",
                              [ids]).fetchall())
    read = {row[0] for row in con.execute("SELECT report_id FROM readings WHERE report_id = ANY(?)", [ids])
            .fetchall()}
    out = {}
    for rid, published, outlet, title in con.execute(
            "SELECT id, published, outlet, title FROM reports WHERE id = ANY(?)", [ids]).fetchall():
        out[rid] = {"id": rid, "published": published, "outlet": outlet, "title": title,
                    "source_key": sources.get(rid), "claims": claims.get(rid, 0), "read": rid in read}
    return out


def report_page(con, words: tuple[str, ...], outlet: str | None, limit: int, offset: int,
                indexed: bool | None = None, count: bool = True) -> tuple[int | None, list[dict]]:
    """Reports whose title, outlet, source or text holds every word, in ``report_list`` order, paged (the
    total is None when ``count`` is false)."""
    indexed = index_is_current(con) if indexed is None else indexed
    tokens = terms_of(words) if words and indexed and not outlet else []
    if tokens:  # the ranks straight from the sorted word index, the report IDs of the page only
        cand = " INTERSECT ".join("(SELECT n FROM web_terms WHERE term >= ? AND term < ? AND kind = 'r')"
                                  for _ in tokens)
        args = [x for token in tokens for x in (token, token + _TOP)]
        ranks = [row[0] for row in con.execute(f"SELECT DISTINCT n FROM ({cand}) ORDER BY n LIMIT ? OFFSET ?",
                                               args + [limit, offset]).fetchall()]
        total = con.execute(f"SELECT count(DISTINCT n) FROM ({cand})", args).fetchall()[0][0] if count else None
        by_rank = dict(con.execute("SELECT rank, id FROM web_reports WHERE rank = ANY(?)", [ranks]).fetchall())
        ids = [by_rank[r] for r in ranks]
        by_id = reports_by_id(con, ids)
        return total, [by_id[i] for i in ids]
    conds, args = ["TRUE"], []
    if outlet:
        conds.append("w.id IN (SELECT id FROM reports WHERE contains(lower(coalesce(outlet, '')), ?))")
        args.append(outlet)
    if words and indexed:
        for token in terms_of(words):
            conds.append("w.rank IN (SELECT n FROM web_terms WHERE term >= ? AND term < ? AND kind = 'r')")
            args += [token, token + _TOP]
    elif words:
        conds.append("w.id IN (SELECT r.id FROM reports r LEFT JOIN report_sources s ON s.report_id = r.id "
                     "GROUP BY r.id, r.title, r.outlet, r.text HAVING "
                     + " AND ".join("contains(lower(concat_ws(' ', r.title, r.outlet, min(s.source_key), r.text)), ?)"
                                    for _ in words) + ")")
        args += list(words)
    where = " AND ".join(conds)
    table = "web_reports" if indexed else f"({_reports_sql()})"
    total = con.execute(f"SELECT count(*) FROM {table} w WHERE {where}", args).fetchall()[0][0]
    ids = [row[0] for row in con.execute(f"SELECT w.id FROM {table} w WHERE {where} ORDER BY w.rank "
                                         "LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()]
    by_id = reports_by_id(con, ids)
    return total, [by_id[i] for i in ids]


def texts(con, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {rid: text for chunk in _chunks(list(ids))
            for rid, text in con.execute("SELECT id, text FROM reports WHERE id = ANY(?)", [chunk]).fetchall()}


def mentions_of(con, report_id: str) -> list[tuple]:
    """(idx, start, end, text, kind, label, normalised) of one report's mentions."""
    return con.execute('SELECT idx, "start", "end", text, kind, label, normalised FROM mentions '
                       "WHERE report_id = ? ORDER BY idx", [report_id]).fetchall()


def reuse_page(con, report_id: str | None, limit: int | None, offset: int = 0) -> tuple[int, list[dict]]:
    """Re-use links (``reuse_rows`` contract), most similar first; only those of ``report_id`` if given."""
    links, args = "reuse_links", []
    if report_id:  # two index look-ups: an OR of the two columns would scan the table
        links = ("(SELECT * FROM reuse_links WHERE a_report = ? UNION ALL "
                 "SELECT * FROM reuse_links WHERE b_report = ? AND a_report <> ?)")
        args = [report_id, report_id, report_id]
    total = con.execute(f"SELECT count(*) FROM {links}", args).fetchall()[0][0]
    links_rows = _dicts(con.execute(f"""
        SELECT l.id, l.similarity, l.direction, l.direction_evidence, l.a_coverage, l.b_coverage,
               l.a_report, l.a_start, l.a_end, l.b_report, l.b_start, l.b_end
        FROM {links} l ORDER BY l.similarity DESC, (l.a_end - l.a_start) DESC, l.id
        {'LIMIT ? OFFSET ?' if limit is not None else ''}
    """, args + ([limit, offset] if limit is not None else [])))
    report_ids = sorted({r[f"{k}_report"] for r in links_rows for k in ("a", "b")})
    info: dict[str, tuple] = {}
    for chunk in _chunks(report_ids):
        paths = dict(con.execute("SELECT report_id, min(source_key) FROM report_sources WHERE report_id = ANY(?) "
                                 "GROUP BY 1", [chunk]).fetchall())
        for rid, text, outlet, published in con.execute(
                "SELECT id, text, outlet, published FROM reports WHERE id = ANY(?)", [chunk]).fetchall():
            info[rid] = (text, paths.get(rid), outlet, published)
    rows = []
    for r in links_rows:
        for k in ("a", "b"):
            text, path, outlet, published = info[r[f"{k}_report"]]
            start, end = r[f"{k}_start"], r[f"{k}_end"]
            r.update({f"{k}_text": text[max(start, 0):max(end, 0)] if end > start else "", f"{k}_path": path,
                      f"{k}_outlet": outlet, f"{k}_date": published})
        rows.append(r)
    ids = [r["id"] for r in rows]
    mutations: dict[str, list] = {}
    for link_id, kind, a_text, b_text in [row for chunk in _chunks(ids) for row in con.execute(
            "SELECT link_id, kind, a_text, b_text FROM reuse_mutations WHERE link_id = ANY(?) "
            "ORDER BY link_id, idx", [chunk]).fetchall()]:
        mutations.setdefault(link_id, []).append({"kind": kind, "a_text": a_text, "b_text": b_text})
    out = []
    for row in rows:
        side = {key: {"report_id": row[f"{key}_report"], "source_path": row[f"{key}_path"],
                      "outlet": row[f"{key}_outlet"], "date": row[f"{key}_date"], "start": row[f"{key}_start"],
                      "end": row[f"{key}_end"], "text": row[f"{key}_text"]} for key in ("a", "b")}
        out.append({"id": row["id"], "a": side["a"], "b": side["b"], "similarity": round(row["similarity"], 4),
                    "direction": row["direction"], "direction_evidence": row["direction_evidence"],
                    "coverage": {"a": row["a_coverage"], "b": row["b_coverage"]},
                    "mutations": mutations.get(row["id"], [])})
    return total, out


@dataclass(frozen=True)
class EventQuery:
    category: str | None = None
    words: tuple[str, ...] = ()
    names: tuple[str, ...] | None = None  # actor or target among these
    places: tuple[str, ...] | None = None
    day_from: str | None = None
    day_to: str | None = None
    outlet: str | None = None


_EVENT_ORDER = "date_start IS NULL, date_start, independent_origins DESC, carriers DESC, id"


# What an event's word filter searches: its parties, place, kind and its carriers' passages.
_EVENT_HAY = ("lower(concat_ws(' ', coalesce(actor, ''), coalesce(target, ''), coalesce(place_name, ''), category, "
              "mode, array_to_string(list_transform(CAST(carriers_json AS JSON[]), "
              "lambda c: coalesce(c ->> 'text', '')), ' ')))")


def _event_source(q: EventQuery) -> tuple[str, list]:
    """SQL for the ``web_events`` rows (``ord``, ``id``) matching ``q``: the conditions of ``event_page`` on
    the summary's integer days and outlet lists; words still read the events' passages."""
    conds, args = ["TRUE"], []
    if q.category:
        conds.append("e.category = ?")
        args.append(q.category)
    if q.names is not None:
        conds.append("(list_contains(?, e.actor) OR list_contains(?, e.target))")
        args += [list(q.names), list(q.names)]
    if q.places is not None:
        conds.append("list_contains(?, e.place_name)")
        args.append(list(q.places))
    if q.day_from or q.day_to:
        lo = day_number(q.day_from) if q.day_from else -10_000_000
        hi = day_number(q.day_to) if q.day_to else 10_000_000
        conds.append(f"e.day_start IS NOT NULL AND e.day_end >= {lo} AND e.day_start <= {hi}")
    if q.outlet:
        conds.append("len(list_filter(e.outlets, lambda o: contains(o, ?))) > 0")
        args.append(q.outlet)
    if q.words:
        matches = " AND ".join(f"contains({_EVENT_HAY}, ?)" for _ in q.words)
        conds.append(f"e.id IN (SELECT id FROM events WHERE {matches})")
        args += list(q.words)
    return f"SELECT e.ord, e.id FROM web_events e WHERE {' AND '.join(conds)}", args


def event_page(con, q: EventQuery, limit: int | None, offset: int = 0,
               rel: Relations | None = None, light: bool = False,
               groups: dict[str, str] | None = None) -> tuple[int, list[dict]]:
    """Events (``event_rows`` contract) in time order, undated last, filtered and paged. ``light``: rows as
    ``light_event_row`` makes them (what the map, timeline and network draw). ``groups``: with light rows read
    from ``web_event_rows`` while ``rel.event_groups``, filled with the claim group of each first passage's claim
    (claim ID -> group ID, as ``group_of_claims`` gives it)."""
    rel = rel or Relations.of(con)
    rows_of = _light_event_rows if light else _event_rows
    if rel.events:
        source, args = _event_source(q)
        total = con.execute(f"SELECT count(*) FROM ({source})", args).fetchall()[0][0]
        if light and rel.event_rows:  # list positions, then their rows from web_event_rows
            ords = [row[0] for row in con.execute(
                f"SELECT ord FROM ({source}) ORDER BY ord {'LIMIT ? OFFSET ?' if limit is not None else ''}",
                args + ([limit, offset] if limit is not None else [])).fetchall()]
            return total, _light_event_rows_by_ord(con, ords, groups if rel.event_groups else None)
        ids = [row[0] for row in con.execute(
            f"SELECT id FROM ({source}) ORDER BY ord {'LIMIT ? OFFSET ?' if limit is not None else ''}",
            args + ([limit, offset] if limit is not None else [])).fetchall()]
        return total, rows_of(con, ids)
    conds, args = ["TRUE"], []
    if q.category:
        conds.append("category = ?")
        args.append(q.category)
    if q.names is not None:
        conds.append("(list_contains(?, actor) OR list_contains(?, target))")
        args += [list(q.names), list(q.names)]
    if q.places is not None:
        conds.append("list_contains(?, place_name)")
        args.append(list(q.places))
    if q.day_from or q.day_to:
        conds.append("date_start IS NOT NULL AND (CAST(? AS VARCHAR) IS NULL OR "
                     "strftime(coalesce(date_end, date_start), '%Y-%m-%d') >= ?) AND (CAST(? AS VARCHAR) IS NULL OR "
                     "strftime(date_start, '%Y-%m-%d') <= ?)")
        args += [q.day_from, q.day_from, q.day_to, q.day_to]
    if q.outlet:
        conds.append("len(list_filter(CAST(carriers_json AS JSON[]), "
                     "lambda c: contains(lower(coalesce(c ->> 'outlet', '')), ?))) > 0")
        args.append(q.outlet)
    if q.words:
        conds += [f"contains({_EVENT_HAY}, ?)" for _ in q.words]
        args += list(q.words)
    where = " AND ".join(conds)
    total = con.execute(f"SELECT count(*) FROM events WHERE {where}", args).fetchall()[0][0]
    ids = [row[0] for row in con.execute(
        f"SELECT id FROM events WHERE {where} ORDER BY {_EVENT_ORDER} "
        f"{'LIMIT ? OFFSET ?' if limit is not None else ''}",
        args + ([limit, offset] if limit is not None else [])).fetchall()]
    return total, rows_of(con, ids)


def _event_rows(con, ids: list[str]) -> list[dict]:
    """``event_rows`` of these events, in the order of ``ids``."""
    found = {}
    for chunk in _chunks(ids):  # the bulky columns only for the page
        found.update((r["id"], r) for r in _dicts(con.execute("""
            SELECT id, category, subtype, mode, actor, target, place_name, lat, lon, place_precision, date_start,
                   date_end, date_precision, independent_origins, carriers, certainty, origins_json, carriers_json,
                   variants_json, denied_by_json
            FROM events WHERE id = ANY(?)""", [chunk])))
    return [event_row(found[i]) for i in ids]


_LIGHT_EVENT = """
    SELECT id, category, subtype, mode, actor, target, place_name, lat, lon, place_precision, date_start, date_end,
           date_precision, independent_origins, certainty, CAST(carriers_json -> '$[0]' AS VARCHAR) AS first_carrier
    FROM events WHERE id = ANY(?)
"""


def light_event_row(row: dict) -> dict:
    """An ``event_row`` without the JSON lists the map, timeline and network do not draw: ``carriers`` holds
    the first passage only (what an event links to), ``origins``, ``variants`` and ``denied_by`` are empty."""
    first = row.pop("first_carrier")
    return event_row(dict(row, origins_json="[]", variants_json="[]", denied_by_json="[]",
                          carriers_json=f"[{first}]" if first is not None else "[]"))


def _light_event_rows(con, ids: list[str]) -> list[dict]:
    """``light_event_row`` of these events, in the order of ``ids``: their scalar columns and first passage."""
    found = {r["id"]: r for chunk in _chunks(ids) for r in _dicts(con.execute(_LIGHT_EVENT, [chunk]))}
    return [light_event_row(found[i]) for i in ids]


def _light_event_rows_by_ord(con, ords: list[int], groups: dict[str, str] | None = None) -> list[dict]:
    """``light_event_row`` of the events at these list positions, from ``web_event_rows``: one range read when
    the positions are consecutive, else index look-ups in chunks. ``groups`` (if given) gets the claim group of
    each first passage's claim that has one."""
    from datetime import date

    if not ords:
        return []
    if ords == list(range(ords[0], ords[0] + len(ords))):
        rows = con.execute("SELECT ord, row_json FROM web_event_rows WHERE ord >= ? AND ord < ?",
                           [ords[0], ords[0] + len(ords)]).fetchall()
    else:
        rows = [row for chunk in _chunks(ords) for row in con.execute(
            "SELECT ord, row_json FROM web_event_rows WHERE ord = ANY(?)", [chunk]).fetchall()]
    found = {}
    for o, row_json in rows:
        row = json.loads(row_json)
        for key in ("date_start", "date_end"):  # the events table's DATE columns, as the store gives them
            row[key] = date.fromisoformat(row[key]) if row[key] else None
        first = row.pop("first_carrier")
        group = row.pop("first_group", None)
        if groups is not None and group is not None and first and first.get("claim_id"):
            groups[first["claim_id"]] = group
        row["first_carrier"] = json.dumps(first) if first is not None else None
        found[o] = row
    return [light_event_row(found[o]) for o in ords]


def event_names(con) -> dict:
    """Distinct event actors/targets, place names and categories (filter values are matched in Python)."""
    names = [r[0] for r in con.execute("SELECT DISTINCT x FROM (SELECT actor AS x FROM events UNION "
                                       "SELECT target FROM events) WHERE x IS NOT NULL").fetchall()]
    places = [r[0] for r in con.execute("SELECT DISTINCT place_name FROM events WHERE place_name IS NOT NULL")
              .fetchall()]
    categories = [r[0] for r in con.execute("SELECT DISTINCT category FROM events ORDER BY 1").fetchall()]
    return {"names": names, "places": places, "categories": categories}


def outlet_counts(con) -> dict:
    """Reports per outlet spelling, and carriers per (origin name, origin kind): what the outlets list counts."""
    published = con.execute("SELECT outlet, count(*) FROM reports WHERE outlet IS NOT NULL GROUP BY 1").fetchall()
    originated = con.execute(
        "SELECT c.value -> 'origin' ->> 'name', c.value -> 'origin' ->> 'kind', count(*) "
        f"FROM {_GROUP_CARRIERS} c GROUP BY 1, 2").fetchall()
    return {"published": published, "originated": originated}


def report_reading(con, report_id: str) -> dict | None:
    """``read_queries.report_reading``, or None when there is no such report."""
    if not con.execute("SELECT 1 FROM reports WHERE id = ?", [report_id]).fetchall():
        return None
    return read_queries.report_reading(con, report_id)


def reader_page(con, report_id: str) -> dict | None:
    """What the report reader draws of a report, from its ``web_report_pages`` row (must be current) and its text:
    ``reading`` (the keys of ``report_reading`` the page shows; claims without the kind, quote and time lists),
    ``mentions`` ((start, end, text, kind) in mention order), ``group_of`` (claim ID -> group ID), ``groups``
    (by ID, as ``group_grades`` gives them) and ``reuse`` (``reuse_rows`` without the passages' text and word
    changes, most similar first). None when there is no such report."""
    from datetime import date

    found = con.execute("SELECT p.page_json, r.text FROM web_report_pages p, reports r "
                        "WHERE p.report_id = ? AND r.id = ?", [report_id, report_id]).fetchall()
    if not found:
        return None
    page = json.loads(found[0][0])
    group_of, groups = {}, {}
    for claim in page["claims"]:
        group = claim.pop("group")
        if group is not None:
            group_of[claim["id"]] = group["id"]
            groups[group["id"]] = group
    reuse = page.pop("reuse")
    for link in reuse:
        link["similarity"] = round(link["similarity"], 4)
        for side in (link["a"], link["b"]):
            side["date"] = date.fromisoformat(side["date"]) if side["date"] else None
    mentions = [(m["start"], m["end"], m["text"], m["kind"]) for m in page.pop("mentions")]
    reading = dict(page, id=report_id, text=found[0][1],
                   published=date.fromisoformat(page["published"]) if page["published"] else None,
                   entities=sorted(page["entities"], key=lambda e: (-e["mentions_here"], e["name"], e["id"])))
    return {"reading": reading, "mentions": mentions, "group_of": group_of, "groups": groups, "reuse": reuse}

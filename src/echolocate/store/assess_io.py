"""Reads and writes of the assess stage: claim items in, claim groups with their assessment out.

``claim_items`` gathers for each stored claim what grouping and origin resolution
need (its chain, hedges, and the canonical entities, places and times inside its
span) with a handful of set-based queries, not one query per claim.
"""

from __future__ import annotations

import json
import re

import pyarrow as pa

from echolocate.stages.link.claim_types import ChainLink, ClaimItem

# Longest mention first, then the earliest: a fixed choice among mentions of equal length (see
# ``claim_items`` for why a bare length is not enough).
_LONGEST_THEN_FIRST = '[m."end" - m."start", -m."start", -m.idx]'
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?:\s?(?:km|kilometres|kilometers|miles|%|percent))?", re.I)


def claim_items(con) -> list[ClaimItem]:
    """Every stored claim as a ``ClaimItem``, in report order.

    Values that repeat across claims (a report's ID, outlet, date and path; kinds, stances, names) are
    kept once, not once per claim: at 100k reports there are some 2 M items, all held through assess."""
    shared: dict = {}

    def one(value):
        return shared.setdefault(value, value) if value is not None else None

    def ones(values) -> tuple:
        return one(tuple(one(v) for v in values))

    chains: dict[str, list[ChainLink]] = {}
    # The source's entity is its longest named mention ("Ahmed X, a Libyan researcher" is Ahmed X,
    # not the nationality inside the description); of two as long, the first. The tie-break matters:
    # DuckDB combines arg_max states from parallel threads in no fixed order once a table spans
    # several row groups, so a bare length picked either of two equal mentions from run to run.
    for claim_id, text, kind, resolved, cue, entity in con.execute(f"""
        SELECT s.claim_id, s.text, s.kind, s.resolved, s.cue,
               (SELECT arg_max([me.entity_id, e.name], {_LONGEST_THEN_FIRST}) FROM mentions m
                JOIN claims c ON c.id = s.claim_id AND m.report_id = c.report_id
                JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
                JOIN entities e ON e.id = me.entity_id
                WHERE s."start" IS NOT NULL AND m."start" >= s."start" AND m."end" <= s."end"
                  AND m.kind <> 'nationality') AS entity
        FROM claim_sources s ORDER BY s.claim_id, s.depth
    """).fetchall():
        entity_id, entity_name = entity if entity else (None, None)
        chains.setdefault(claim_id, []).append(ChainLink(text, one(kind), one(resolved), one(entity_id), one(cue),
                                                         one(entity_name)))
    hedges = _lists(con, """
        SELECT claim_id, list(text ORDER BY idx) FROM claim_hedges GROUP BY claim_id
    """)
    entities = _pairs(con, """
        SELECT c.id, list(DISTINCT me.entity_id), list(DISTINCT e.name)
        FROM claims c JOIN mentions m ON m.report_id = c.report_id AND m."start" >= c."start" AND m."end" <= c."end"
        JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
        JOIN entities e ON e.id = me.entity_id
        GROUP BY c.id
    """)
    places = _lists(con, """
        SELECT c.id, list(DISTINCT p.name) FROM claims c
        JOIN places p ON p.report_id = c.report_id AND p."start" >= c."start" AND p."end" <= c."end"
        WHERE p.name IS NOT NULL GROUP BY c.id
    """)
    # Calendar dates only (a year, month or day; the words when unresolved): durations ("P6M") and
    # vague references ("now" = PRESENT_REF) say nothing a variant or a shared date could use.
    times = _lists(con, """
        SELECT c.id, list(DISTINCT d) FROM (
            SELECT c.id, CASE WHEN regexp_full_match(t.value, '\\d{4}(-\\d{2}){0,2}') THEN t.value
                              WHEN t.value IS NULL THEN lower(t.text) END AS d
            FROM claims c
            JOIN times t ON t.report_id = c.report_id AND t."start" >= c."start" AND t."end" <= c."end"
            WHERE t.kind = 'date') c
        WHERE d IS NOT NULL GROUP BY c.id
    """)
    items = []
    for row in con.execute("""
        SELECT c.id, c.report_id, c.text, c."start", c."end", c.kind, c.stance, c.negated, r.outlet, r.published,
               (SELECT min(source_key) FROM report_sources s WHERE s.report_id = c.report_id) AS source_path
        FROM claims c JOIN reports r ON r.id = c.report_id ORDER BY c.report_id, c.idx
    """).fetchall():
        cid, rid, text, start, end, kind, stance, negated, outlet, published, path = row
        names = ones(sorted(entities.get(cid, ((), ()))[1]))
        items.append(ClaimItem(
            claim_id=cid, report_id=one(rid), text=text, start=start, end=end, kind=one(kind), stance=one(stance),
            negated=bool(negated), hedges=ones(hedges.get(cid, ())), chain=tuple(chains.get(cid, ())),
            entities=names, entity_names=names, places=ones(sorted(places.get(cid, ()))),
            times=ones(sorted(times.get(cid, ()))), numbers=ones(m.group(0) for m in _NUMBER.finditer(text)),
            outlet=one(outlet), published=one(published), source_path=one(path or "")))
    return items


def _lists(con, sql: str) -> dict[str, list]:
    return {key: list(values) for key, values in con.execute(sql).fetchall()}


def _pairs(con, sql: str) -> dict[str, tuple]:
    return {key: (tuple(a), tuple(b)) for key, a, b in con.execute(sql).fetchall()}


def reuse_links(con, min_coverage: float | None = None) -> list:
    """The stored re-use links as ``ReuseLink`` objects for the origins, which read their spans, similarity and
    direction: the passages' text and the mutations are left out (with the text, the 1.5 M links of 30k
    reports took gigabytes to hold; ``link_writer.reuse_rows`` gives the passages). ``min_coverage``: only
    the links covering at least that share of both reports (near-duplicates), filtered in the database."""
    from echolocate.stages.link.reuse import ReuseLink

    where = "" if min_coverage is None else "WHERE least(a_coverage, b_coverage) >= ?"
    rows = con.execute(f"""
        SELECT a_report, a_start, a_end, b_report, b_start, b_end, similarity, direction, direction_evidence,
               a_coverage, b_coverage
        FROM reuse_links {where} ORDER BY id
    """, [] if min_coverage is None else [min_coverage]).fetchall()
    return [ReuseLink(a, a_start, a_end, "", b, b_start, b_end, "", sim, direction, evidence or "", (),
                      a_cov or 0.0, b_cov or 0.0)
            for a, a_start, a_end, b, b_start, b_end, sim, direction, evidence, a_cov, b_cov in rows]


_GROUPS_PER_INSERT = 20_000  # claim groups turned into rows and inserted at a time


def write_assessment(con, groups, assessments, contradictions, items_by_id) -> None:
    """Replace claim groups, their members, assessments and contradictions in one transaction.

    The groups' rows (each carrier's text and origin as JSON) are built and inserted a slice at a
    time: built all at once they were the peak of assess (about 0.9 GB more at 10k reports)."""
    by_group = {a.group_id: a for a in assessments}
    contradiction_rows = {(c.a_group, c.b_group): {"a_group": c.a_group, "b_group": c.b_group, "kind": c.kind,
                                                   "explanation": c.explanation} for c in contradictions}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("contradictions", "claim_group_members", "claim_groups"):
            con.execute(f"DELETE FROM {table}")
        for first in range(0, len(groups), _GROUPS_PER_INSERT):
            chunk = groups[first:first + _GROUPS_PER_INSERT]
            _insert(con, "claim_groups",
                    pa.Table.from_pylist([_group_row(g, by_group.get(g.id), items_by_id) for g in chunk]))
            _insert(con, "claim_group_members",
                    pa.table({"group_id": [g.id for g in chunk for _ in g.members],
                              "claim_id": [cid for g in chunk for cid in g.members]}))
        if contradiction_rows:
            _insert(con, "contradictions", pa.Table.from_pylist(list(contradiction_rows.values())))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert(con, table: str, rows: pa.Table) -> None:
    if rows.num_rows:
        con.register("batch_rows", rows)
        columns = ", ".join(rows.column_names)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch_rows")
        con.unregister("batch_rows")


def _group_row(group, assessment, items_by_id) -> dict:
    """One claim group's row: its assessment, and each carrier with its text, origin and how it was found."""
    carriers = []
    for carrier in (assessment.carriers if assessment else ()):
        item = items_by_id.get(carrier.claim_id)
        carriers.append({
            "claim_id": carrier.claim_id, "report_id": carrier.report_id,
            "source_path": item.source_path if item else "", "outlet": item.outlet if item else None,
            "date": item.published.isoformat() if item and item.published else None,
            "text": item.text if item else "", "start": item.start if item else None,
            "end": item.end if item else None, "stance": item.stance if item else None,
            "hedges": list(item.hedges) if item else [],
            "chain": [link.text for link in item.chain] if item else [],
            "origin": {"name": carrier.origin.name, "kind": carrier.origin.kind, "key": carrier.origin.key},
            "how": carrier.how, "supports": getattr(carrier, "supports", True),
            "copied_from": list(getattr(carrier, "copied_from", ())),
            "reliability": carrier.reliability})
    origins = [{"name": o.name, "kind": o.kind, "key": o.key} for o in (assessment.origins if assessment else ())]
    variants = [{"claim_id": v.claim_id, "kind": v.kind, "representative_value": v.representative_value,
                 "member_value": v.member_value} for v in group.variants]
    return {
        "id": group.id, "representative": group.representative, "text": group.text,
        "grade": assessment.grade if assessment else "unassessed",
        "independent_origins": assessment.independent_origins if assessment else 0,
        "credible_origins": getattr(assessment, "credible_origins", None) if assessment else None,
        "carriers": len(group.members), "reports": len({c["report_id"] for c in carriers}) or len(group.members),
        "cohesion": float(group.cohesion), "origins_json": json.dumps(origins),
        "carriers_json": json.dumps(carriers, default=str), "variants_json": json.dumps(variants),
        "reasoning_json": json.dumps(list(assessment.reasoning) if assessment else []),
        "contested_by_json": json.dumps(list(assessment.contested_by) if assessment else [])}


def claim_group_rows(con, limit: int | None = None, min_carriers: int = 1) -> list[dict]:
    """Claim groups in the output contract of `echolocate claims --json`, most carried first."""
    contradicts: dict[str, list[str]] = {}
    for a, b in con.execute("SELECT a_group, b_group FROM contradictions").fetchall():
        contradicts.setdefault(a, []).append(b)
        contradicts.setdefault(b, []).append(a)
    rows = con.execute(f"""
        SELECT id, text, grade, independent_origins, credible_origins, carriers, reports, cohesion,
               origins_json, carriers_json, variants_json, reasoning_json, contested_by_json
        FROM claim_groups WHERE carriers >= ?
        ORDER BY reports DESC, carriers DESC, independent_origins DESC, id
        {'LIMIT ' + str(int(limit)) if limit else ''}
    """, [min_carriers]).fetchall()
    out = []
    for (gid, text, grade, independent, credible, carriers, reports, cohesion, origins, carriers_json, variants,
         reasoning, contested_by) in rows:
        out.append({"id": gid, "text": text, "grade": grade, "independent_origins": independent,
                    "credible_origins": credible, "carrier_count": carriers, "report_count": reports,
                    "cohesion": cohesion, "origins": json.loads(origins), "carriers": json.loads(carriers_json),
                    "variants": json.loads(variants), "reasoning": json.loads(reasoning),
                    "contested_by": json.loads(contested_by), "contradicts": sorted(contradicts.get(gid, []))})
    return out


def _party_name(side: str) -> str:
    """SQL for the canonical name of an event party (``side``: actor or target): its longest named
    mention inside the party's words and covering at least half of them, nationalities left out."""
    return f"""(SELECT arg_max(en.name, {_LONGEST_THEN_FIRST}) FROM mentions m
                JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
                JOIN entities en ON en.id = me.entity_id
                WHERE m.report_id = e.report_id AND m.kind <> 'nationality'
                  AND m."start" >= e.{side}_start AND m."end" <= e.{side}_end
                  AND 2 * (m."end" - m."start") >= e.{side}_end - e.{side}_start) AS {side}_name"""


def event_inputs(con) -> list:
    """Event mentions with their arguments resolved: canonical names, map points, date ranges, origins."""
    from echolocate.stages.assess.events import EventInput

    origin_of: dict[str, dict] = {}
    for (carriers_json,) in con.execute("SELECT carriers_json FROM claim_groups ORDER BY id").fetchall():
        for carrier in json.loads(carriers_json):
            if carrier.get("supports", True):
                origin_of[carrier["claim_id"]] = carrier["origin"]
    rows = con.execute(f"""
        SELECT e.report_id, e.idx, e.text, e."start", e."end", e.category, e.subtype, e.mode, e.trigger,
               e.actor, e.target, e.place, e.time, e.time_from_report, e.trigger_lemma, c.id AS claim_id, e.actor_affiliation, e.target_affiliation,
               p.country_code AS place_country,
               {_party_name('actor')},
               {_party_name('target')},
               p.name AS place_name, p.lat, p.lon, p.precision AS place_precision,
               t.earliest, t.latest, t.precision AS time_precision, t.text AS time_text,
               r.outlet, r.published,
               (SELECT min(source_key) FROM report_sources s WHERE s.report_id = e.report_id) AS source_path
        FROM event_mentions e
        JOIN reports r ON r.id = e.report_id
        LEFT JOIN claims c ON c.report_id = e.report_id AND c.idx = e.claim_idx
        LEFT JOIN places p ON p.report_id = e.report_id AND p."start" = e.place_start AND p."end" = e.place_end
        LEFT JOIN times t ON t.report_id = e.report_id AND t."start" = e.time_start AND t."end" = e.time_end
        ORDER BY e.report_id, e.idx
    """)
    names = [d[0] for d in rows.description]
    out = []
    for values in rows.fetchall():
        row = dict(zip(names, values))
        origin = origin_of.get(row["claim_id"] or "", {})
        out.append(EventInput(
            report_id=row["report_id"], idx=row["idx"], text=row["text"], start=row["start"], end=row["end"],
            category=row["category"], subtype=row["subtype"], mode=row["mode"], trigger=row["trigger"],
            actor=row["actor_name"] or row["actor"], target=row["target_name"] or row["target"],
            actor_affiliation=row["actor_affiliation"], target_affiliation=row["target_affiliation"],
            place_country=row["place_country"],
            place=row["place_name"] or row["place"], lat=row["lat"], lon=row["lon"],
            place_precision=row["place_precision"] or "unknown", **_event_date(row), lemma=row["trigger_lemma"],
            claim_id=row["claim_id"], origin_name=origin.get("name"), origin_kind=origin.get("kind"),
            origin_key=origin.get("key"), source_path=row["source_path"] or "", outlet=row["outlet"],
            published=row["published"]))
    return out


def _event_date(row: dict) -> dict:
    """The event's own time expression; else, when its tense dates it to the report, the report's day."""
    if row["earliest"] is not None or row["time_text"] is not None or not row["time_from_report"]:
        return {"date_start": row["earliest"], "date_end": row["latest"],
                "date_precision": row["time_precision"] or "unknown", "time_text": row["time_text"]}
    published = row["published"]
    if published is None:
        return {"date_start": None, "date_end": None, "date_precision": "unknown", "time_text": None}
    day = published.date() if hasattr(published, "date") else published
    return {"date_start": day, "date_end": day, "date_precision": "day", "time_text": "(report date)"}


def write_events(con, events) -> None:
    rows = [{"id": e.id, "category": e.category, "subtype": e.subtype, "mode": e.mode, "actor": e.actor,
             "target": e.target, "place_name": (e.place or {}).get("name"), "lat": (e.place or {}).get("lat"),
             "lon": (e.place or {}).get("lon"), "place_precision": (e.place or {}).get("precision"),
             "date_start": (e.date or {}).get("start"), "date_end": (e.date or {}).get("end"),
             "date_precision": (e.date or {}).get("precision"), "independent_origins": e.independent_origins,
             "carriers": len(e.carriers), "certainty": e.certainty, "origins_json": json.dumps(list(e.origins)),
             "carriers_json": json.dumps(list(e.carriers), default=str), "variants_json": json.dumps(list(e.variants)),
             "denied_by_json": json.dumps(list(e.denied_by))} for e in events]
    schema = pa.schema([("id", pa.string()), ("category", pa.string()), ("subtype", pa.string()),
                        ("mode", pa.string()), ("actor", pa.string()), ("target", pa.string()),
                        ("place_name", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
                        ("place_precision", pa.string()), ("date_start", pa.string()), ("date_end", pa.string()),
                        ("date_precision", pa.string()), ("independent_origins", pa.int32()),
                        ("carriers", pa.int32()), ("certainty", pa.string()), ("origins_json", pa.string()),
                        ("carriers_json", pa.string()), ("variants_json", pa.string()),
                        ("denied_by_json", pa.string())])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM events")
        if rows:
            con.register("batch_rows", pa.Table.from_pylist(rows, schema=schema))
            con.execute("INSERT INTO events SELECT id, category, subtype, mode, actor, target, place_name, lat, lon, "
                        "place_precision, CAST(date_start AS DATE), CAST(date_end AS DATE), date_precision, "
                        "independent_origins, carriers, certainty, origins_json, carriers_json, variants_json, "
                        "denied_by_json FROM batch_rows")
            con.unregister("batch_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def event_rows(con, limit: int | None = None) -> list[dict]:
    """Events in the output contract of `echolocate events --json`: in time order, undated last."""
    cursor = con.execute(f"""
        SELECT id, category, subtype, mode, actor, target, place_name, lat, lon, place_precision, date_start,
               date_end, date_precision, independent_origins, carriers, certainty, origins_json, carriers_json,
               variants_json, denied_by_json
        FROM events ORDER BY date_start IS NULL, date_start, independent_origins DESC, carriers DESC, id
        {'LIMIT ' + str(int(limit)) if limit else ''}
    """)
    names = [d[0] for d in cursor.description]
    return [event_row(dict(zip(names, values))) for values in cursor.fetchall()]


def event_row(r: dict) -> dict:
    """A stored ``events`` row in the output contract's shape (`echolocate events --json`, the web API)."""
    return {
        "id": r["id"], "category": r["category"], "subtype": r["subtype"], "mode": r["mode"],
        "actor": r["actor"], "target": r["target"],
        "place": ({"name": r["place_name"], "lat": r["lat"], "lon": r["lon"], "precision": r["place_precision"]}
                  if r["place_name"] else None),
        "date": ({"start": r["date_start"], "end": r["date_end"], "precision": r["date_precision"]}
                 if r["date_start"] else None),
        "independent_origins": r["independent_origins"], "certainty": r["certainty"],
        "origins": json.loads(r["origins_json"]), "carriers": json.loads(r["carriers_json"]),
        "variants": json.loads(r["variants_json"]), "denied_by": json.loads(r["denied_by_json"])}

"""Bulk writes of readings (what the read stage found in each report) and of entities.

One batch of readings lands in one transaction that first removes whatever an
earlier reading of the same reports left: a killed run leaves whole reports or
none, and re-running replaces rather than duplicates.
"""

from __future__ import annotations

import hashlib

import pyarrow as pa

from echolocate.stages.read.types import Entity, Reading

_READ_TABLES = ("sentences", "mentions", "places", "times", "quotes", "mention_entities", "event_mentions")


def claim_id(report_id: str, start: int, end: int) -> str:
    """Content-derived: the same report read again gives the same claim IDs."""
    return "c" + hashlib.sha256(f"{report_id}:{start}:{end}".encode()).hexdigest()[:20]


def write_readings(con, readings: list[Reading], stage_version: str) -> None:
    if not readings:
        return
    tables = _tables(readings, stage_version)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("batch_ids", pa.table({"report_id": pa.array([r.report_id for r in readings], pa.string())}))
        con.execute("DELETE FROM claim_sources WHERE claim_id IN "
                    "(SELECT id FROM claims WHERE report_id IN (SELECT report_id FROM batch_ids))")
        con.execute("DELETE FROM claim_hedges WHERE claim_id IN "
                    "(SELECT id FROM claims WHERE report_id IN (SELECT report_id FROM batch_ids))")
        for table in (*_READ_TABLES, "claims", "readings"):
            con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM batch_ids)")
        con.unregister("batch_ids")
        for table, arrow in tables.items():
            if arrow.num_rows:
                con.register("batch_rows", arrow)
                columns = ", ".join(f'"{name}"' for name in arrow.column_names)
                extra = ", read_at" if table == "readings" else ""
                now = ", now()" if table == "readings" else ""
                con.execute(f"INSERT INTO {table} ({columns}{extra}) SELECT {columns}{now} FROM batch_rows")
                con.unregister("batch_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _tables(readings: list[Reading], stage_version: str) -> dict[str, pa.Table]:
    rows: dict[str, list[dict]] = {name: [] for name in
                                   ("readings", "sentences", "mentions", "places", "times", "quotes", "claims",
                                    "claim_sources", "claim_hedges", "event_mentions")}
    for r in readings:
        rid = r.report_id
        rows["readings"].append({"report_id": rid, "stage_version": stage_version, "anchor": r.anchor,
                                 "words": r.words, "problems": list(r.problems)})
        for i, s in enumerate(r.sentences):
            rows["sentences"].append({"report_id": rid, "idx": i, "start": s.start, "end": s.end})
        for i, m in enumerate(r.mentions):
            rows["mentions"].append({"report_id": rid, "idx": i, "start": m.start, "end": m.end, "text": m.text,
                                     "kind": m.kind, "label": m.label, "normalised": m.normalised})
        for i, p in enumerate(r.places):
            rows["places"].append({"report_id": rid, "idx": i, "start": p.start, "end": p.end, "text": p.text,
                                   "gazetteer_id": p.gazetteer_id, "name": p.name, "lat": p.lat, "lon": p.lon,
                                   "country_code": p.country_code, "feature": p.feature, "precision": p.precision,
                                   "confidence": float(p.confidence)})
        for i, t in enumerate(r.times):
            rows["times"].append({"report_id": rid, "idx": i, "start": t.start, "end": t.end, "text": t.text,
                                  "kind": t.kind, "value": t.value, "earliest": t.earliest, "latest": t.latest,
                                  "precision": t.precision, "relative": t.relative, "approximate": t.approximate,
                                  "flags": list(t.flags)})
        for i, q in enumerate(r.quotes):
            rows["quotes"].append({"report_id": rid, "idx": i, "start": q.start, "end": q.end, "text": q.text,
                                   "speaker": q.speaker, "speaker_start": q.speaker_start,
                                   "speaker_end": q.speaker_end, "cue": q.cue})
        for i, c in enumerate(r.claims):
            cid = claim_id(rid, c.start, c.end)
            rows["claims"].append({"id": cid, "report_id": rid, "idx": i, "start": c.start, "end": c.end,
                                   "text": c.text, "kind": c.kind, "stance": c.stance, "inherited": c.inherited,
                                   "negated": c.negated, "quote_idx": c.quote_index})
            for depth, s in enumerate(c.sources):
                rows["claim_sources"].append({"claim_id": cid, "depth": depth, "text": s.text, "start": s.start,
                                              "end": s.end, "kind": s.kind, "cue": s.cue, "resolved": s.resolved,
                                              "cue_start": s.cue_start, "cue_end": s.cue_end})
            for j, h in enumerate(c.hedges):
                rows["claim_hedges"].append({"claim_id": cid, "idx": j, "start": h.start, "end": h.end,
                                             "text": h.text, "kind": h.kind})
        for i, e in enumerate(r.events):
            rows["event_mentions"].append({
                "report_id": rid, "idx": i, "start": e.start, "end": e.end, "text": e.text, "category": e.category,
                "subtype": e.subtype, "mode": e.mode, "trigger": e.trigger, "trigger_start": e.trigger_start,
                "trigger_end": e.trigger_end, "actor": e.actor, "actor_start": e.actor_start,
                "actor_end": e.actor_end, "actor_affiliation": e.actor_affiliation, "target": e.target,
                "target_start": e.target_start, "target_end": e.target_end,
                "target_affiliation": e.target_affiliation, "place": e.place, "place_start": e.place_start,
                "place_end": e.place_end, "time": e.time, "time_start": e.time_start, "time_end": e.time_end,
                "claim_idx": e.claim_index, "confidence": float(e.confidence),
                "time_from_report": bool(e.time_from_report), "trigger_lemma": e.trigger_lemma})
    _dedupe_claims(rows)
    return {name: pa.Table.from_pylist(values, schema=_SCHEMAS[name]) for name, values in rows.items()}


def _dedupe_claims(rows: dict[str, list[dict]]) -> None:
    """Two claims over the very same span would share an ID: keep the first."""
    seen: set[str] = set()
    kept = []
    for row in rows["claims"]:
        if row["id"] not in seen:
            seen.add(row["id"])
            kept.append(row)
    rows["claims"] = kept
    for name, key in (("claim_sources", "depth"), ("claim_hedges", "idx")):
        unique = {}
        for row in rows[name]:
            unique.setdefault((row["claim_id"], row[key]), row)
        rows[name] = list(unique.values())


def write_entities(con, entities: list[Entity], links: dict[tuple[str, int], str]) -> None:
    """Replace the canonical entities and the mention -> entity links as a whole."""
    ent = pa.Table.from_pylist(
        [{"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases), "mentions": e.mentions}
         for e in entities], schema=_SCHEMAS["entities"])
    link = pa.Table.from_pylist(
        [{"report_id": rid, "idx": idx, "entity_id": eid} for (rid, idx), eid in links.items()],
        schema=_SCHEMAS["mention_entities"])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM entities")
        con.execute("DELETE FROM mention_entities")
        for table, arrow in (("entities", ent), ("mention_entities", link)):
            if arrow.num_rows:
                con.register("batch_rows", arrow)
                con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
                con.unregister("batch_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


_S, _I, _D, _B, _F = pa.string(), pa.int32(), pa.date32(), pa.bool_(), pa.float64()
_SPAN = [("report_id", _S), ("idx", _I), ("start", _I), ("end", _I)]
_SCHEMAS = {
    "readings": pa.schema([("report_id", _S), ("stage_version", _S), ("anchor", _D), ("words", _I),
                           ("problems", pa.list_(_S))]),
    "sentences": pa.schema(_SPAN),
    "mentions": pa.schema(_SPAN + [("text", _S), ("kind", _S), ("label", _S), ("normalised", _S)]),
    "places": pa.schema(_SPAN + [("text", _S), ("gazetteer_id", _S), ("name", _S), ("lat", _F), ("lon", _F),
                                 ("country_code", _S), ("feature", _S), ("precision", _S), ("confidence", _F)]),
    "times": pa.schema(_SPAN + [("text", _S), ("kind", _S), ("value", _S), ("earliest", _D), ("latest", _D),
                                ("precision", _S), ("relative", _S), ("approximate", _B), ("flags", pa.list_(_S))]),
    "quotes": pa.schema(_SPAN + [("text", _S), ("speaker", _S), ("speaker_start", _I), ("speaker_end", _I),
                                 ("cue", _S)]),
    "claims": pa.schema([("id", _S), ("report_id", _S), ("idx", _I), ("start", _I), ("end", _I), ("text", _S),
                         ("kind", _S), ("stance", _S), ("inherited", _B), ("negated", _B), ("quote_idx", _I)]),
    "claim_sources": pa.schema([("claim_id", _S), ("depth", _I), ("text", _S), ("start", _I), ("end", _I),
                                ("kind", _S), ("cue", _S), ("resolved", _S), ("cue_start", _I), ("cue_end", _I)]),
    "claim_hedges": pa.schema([("claim_id", _S), ("idx", _I), ("start", _I), ("end", _I), ("text", _S),
                               ("kind", _S)]),
    "event_mentions": pa.schema(_SPAN + [
        ("text", _S), ("category", _S), ("subtype", _S), ("mode", _S), ("trigger", _S), ("trigger_start", _I),
        ("trigger_end", _I), ("actor", _S), ("actor_start", _I), ("actor_end", _I), ("actor_affiliation", _S),
        ("target", _S), ("target_start", _I), ("target_end", _I), ("target_affiliation", _S), ("place", _S), ("place_start", _I), ("place_end", _I),
        ("time", _S), ("time_start", _I), ("time_end", _I), ("claim_idx", _I), ("confidence", _F),
        ("time_from_report", pa.bool_()), ("trigger_lemma", _S)]),
    "entities": pa.schema([("id", _S), ("name", _S), ("kind", _S), ("aliases", pa.list_(_S)), ("mentions", _I)]),
    "mention_entities": pa.schema([("report_id", _S), ("idx", _I), ("entity_id", _S)]),
}

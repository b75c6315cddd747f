"""Read-only queries over what the read stage stored, shaped for `echolocate show` and the web."""

from __future__ import annotations

from echolocate.errors import InputError


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def find_report(con, ref: str) -> str:
    """A report ID from what a user types: an ID or its prefix, or an input path (with ``#story=N``)."""
    ref = ref.strip()
    rows = con.execute("SELECT id FROM reports WHERE id = ? OR id LIKE ? || '%' ORDER BY id LIMIT 3",
                       [ref, ref]).fetchall() if len(ref) >= 4 else []
    if not rows:
        rows = con.execute("""
            SELECT DISTINCT report_id FROM report_sources
            WHERE source_key = ? OR source_path = ? OR source_key LIKE '%' || ? OR source_path LIKE '%' || ?
            ORDER BY report_id LIMIT 3
        """, [ref, ref, ref, ref]).fetchall()
    if not rows:
        raise InputError(f"no report matches {ref!r}",
                         hint="give a report ID (or its first characters) or an input path; "
                              "`echolocate show` with no argument lists them")
    if len(rows) > 1:
        raise InputError(f"{ref!r} matches several reports ({', '.join(r[0] for r in rows)}, ...)",
                         hint="give more of the ID, or the path with its #story=N locator")
    return rows[0][0]


def report_list(con) -> list[dict]:
    """Every report with its first source, date, outlet and how much was read in it."""
    return _dicts(con.execute("""
        SELECT r.id, r.published, r.outlet, r.title,
               (SELECT min(source_key) FROM report_sources s WHERE s.report_id = r.id) AS source_key,
               (SELECT count(*) FROM claims c WHERE c.report_id = r.id) AS claims,
               EXISTS (SELECT 1 FROM readings g WHERE g.report_id = r.id) AS read
        FROM reports r ORDER BY source_key
    """))


def report_reading(con, report_id: str) -> dict:
    """A report with everything read in it, every item carrying its character span."""
    report = _dicts(con.execute("""
        SELECT id, title, outlet, outlet_evidence, author, url, published, date_evidence, language, words,
               page_id, story_index, text FROM reports WHERE id = ?
    """, [report_id]))[0]
    report["sources"] = [row[0] for row in con.execute(
        "SELECT source_key FROM report_sources WHERE report_id = ? ORDER BY source_key", [report_id]).fetchall()]
    reading = _dicts(con.execute("SELECT stage_version, anchor, problems FROM readings WHERE report_id = ?",
                                 [report_id]))
    report["read"] = reading[0] if reading else None
    report["claims"] = _claims(con, report_id)
    report["quotes"] = _dicts(con.execute("""
        SELECT idx, "start", "end", text, speaker, cue FROM quotes WHERE report_id = ? ORDER BY idx
    """, [report_id]))
    report["entities"] = report_entities(con, report_id)
    report["places"] = report_places(con, report_id)
    report["times"] = report_times(con, report_id)
    return report


def report_entities(con, report_id: str) -> list[dict]:
    """The entities mentioned in a report, most mentioned first (then by name and ID), with the spellings used
    there: two look-ups by report and one by entity ID, joined here (the same join in SQL read the whole
    entity-link table of a large store: 30-170 ms against about 10)."""
    links = dict(con.execute("SELECT idx, entity_id FROM mention_entities WHERE report_id = ?", [report_id])
                 .fetchall())
    if not links:
        return []
    spellings: dict[str, set] = {}
    counts: dict[str, int] = {}
    for idx, text in con.execute("SELECT idx, text FROM mentions WHERE report_id = ?", [report_id]).fetchall():
        entity = links.get(idx)
        if entity is not None:
            spellings.setdefault(entity, set()).add(text)
            counts[entity] = counts.get(entity, 0) + 1
    found = _dicts(con.execute("SELECT id, name, kind, mentions AS mentions_in_corpus, aliases FROM entities "
                               "WHERE id = ANY(?)", [list(counts)]))
    rows = [{"id": e["id"], "name": e["name"], "kind": e["kind"], "spellings_here": sorted(spellings[e["id"]]),
             "mentions_here": counts[e["id"]], "mentions_in_corpus": e["mentions_in_corpus"],
             "aliases": e["aliases"]} for e in found]
    return sorted(rows, key=lambda e: (-e["mentions_here"], e["name"], e["id"]))


def report_places(con, report_id: str) -> list[dict]:
    """Each distinct place named in a report, in order of first mention, with its mention count."""
    return _dicts(con.execute("""
        SELECT text, name, gazetteer_id, lat, lon, country_code, feature, precision, confidence,
               count(*) AS mentions, min("start") AS first_start
        FROM places WHERE report_id = ?
        GROUP BY text, name, gazetteer_id, lat, lon, country_code, feature, precision, confidence
        ORDER BY first_start
    """, [report_id]))


def report_times(con, report_id: str) -> list[dict]:
    """The report's time expressions as resolved, in text order."""
    return _dicts(con.execute("""
        SELECT "start", "end", text, kind, value, earliest, latest, precision, relative, approximate, flags
        FROM times WHERE report_id = ? ORDER BY idx
    """, [report_id]))


def _claims(con, report_id: str) -> list[dict]:
    """The report's claims with their source chains, hedges and time expressions. Sources and hedges are
    looked up by claim ID (an index look-up), not by a join with every claim of the store."""
    claims = _dicts(con.execute("""
        SELECT id, idx, "start", "end", text, kind, stance, inherited, negated, quote_idx
        FROM claims WHERE report_id = ? ORDER BY idx
    """, [report_id]))
    ids = [c["id"] for c in claims]
    sources: dict[str, list] = {}
    hedges: dict[str, list] = {}
    if ids:
        for row in _dicts(con.execute("""
            SELECT claim_id, depth, text, "start", "end", kind, cue, resolved, cue_start, cue_end
            FROM claim_sources WHERE claim_id = ANY(?) ORDER BY claim_id, depth
        """, [ids])):
            sources.setdefault(row.pop("claim_id"), []).append(row)
        for row in _dicts(con.execute("""
            SELECT claim_id, text, kind, "start", "end" FROM claim_hedges WHERE claim_id = ANY(?)
            ORDER BY claim_id, idx
        """, [ids])):
            hedges.setdefault(row.pop("claim_id"), []).append(row)
    times = _dicts(con.execute("""
        SELECT "start", "end", text, value, relative, flags FROM times WHERE report_id = ? ORDER BY "start"
    """, [report_id]))
    for claim in claims:
        claim["sources"] = sources.get(claim["id"], [])
        claim["hedges"] = hedges.get(claim["id"], [])
        claim["times"] = [t for t in times if claim["start"] <= t["start"] < claim["end"]]
    return claims

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
    report["entities"] = _dicts(con.execute("""
        SELECT e.id, e.name, e.kind, list(DISTINCT m.text ORDER BY m.text) AS spellings_here,
               count(*) AS mentions_here, e.mentions AS mentions_in_corpus, e.aliases
        FROM mentions m JOIN mention_entities me ON me.report_id = m.report_id AND me.idx = m.idx
        JOIN entities e ON e.id = me.entity_id
        WHERE m.report_id = ? GROUP BY e.id, e.name, e.kind, e.mentions, e.aliases
        ORDER BY mentions_here DESC, e.name
    """, [report_id]))
    report["places"] = report_places(con, report_id)
    report["times"] = report_times(con, report_id)
    return report


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
    claims = _dicts(con.execute("""
        SELECT id, idx, "start", "end", text, kind, stance, inherited, negated, quote_idx
        FROM claims WHERE report_id = ? ORDER BY idx
    """, [report_id]))
    sources: dict[str, list] = {}
    for row in _dicts(con.execute("""
        SELECT s.claim_id, s.depth, s.text, s."start", s."end", s.kind, s.cue, s.resolved, s.cue_start, s.cue_end
        FROM claim_sources s JOIN claims c ON c.id = s.claim_id WHERE c.report_id = ? ORDER BY s.claim_id, s.depth
    """, [report_id])):
        sources.setdefault(row.pop("claim_id"), []).append(row)
    hedges: dict[str, list] = {}
    for row in _dicts(con.execute("""
        SELECT h.claim_id, h.text, h.kind, h."start", h."end"
        FROM claim_hedges h JOIN claims c ON c.id = h.claim_id WHERE c.report_id = ? ORDER BY h.claim_id, h.idx
    """, [report_id])):
        hedges.setdefault(row.pop("claim_id"), []).append(row)
    times = _dicts(con.execute("""
        SELECT "start", "end", text, value, relative, flags FROM times WHERE report_id = ? ORDER BY "start"
    """, [report_id]))
    for claim in claims:
        claim["sources"] = sources.get(claim["id"], [])
        claim["hedges"] = hedges.get(claim["id"], [])
        claim["times"] = [t for t in times if claim["start"] <= t["start"] < claim["end"]]
    return claims

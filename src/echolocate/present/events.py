"""Events for people and for other tools: a terminal timeline, an ACLED-like CSV and PLOVER-like JSON.

ACLED's columns (event_date, event_type, sub_event_type, actor1, actor2, location, latitude,
longitude, geo_precision, source, notes, ...) and PLOVER's fields (event_type, mode, context,
actor, recipient, location, date) are followed by name so analysts can load the files into
the tools they already use; columns we cannot fill honestly stay empty.
"""

from __future__ import annotations

import csv
import io
import textwrap

# ACLED geo_precision: 1 the exact town, 2 near a town / a part of a region, 3 a larger region
_ACLED_GEO = {"point": 1, "city": 1, "region": 2, "country": 3, "continent": 3}
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "actor2", "interaction", "country", "location", "latitude",
                 "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
                 "echolocate_mode", "echolocate_independent_origins", "echolocate_certainty", "echolocate_date_end"]
_ACLED_TIME = {"day": 1, "week": 2, "month": 2, "quarter": 3, "season": 3, "year": 3}


def render_events(rows: list[dict]) -> list[str]:
    if not rows:
        return ["No events stored: run `echolocate analyze PATH` first."]
    lines = [f"{len(rows)} event(s) in time order (undated last); mode says whether the reports present it as "
             f"happened, planned, offered, requested, denied or hypothetical.", ""]
    for row in rows:
        when = _when(row)
        where = row["place"]["name"] if row["place"] else "place unknown"
        who = f"{row['actor'] or '?'} -> {row['target'] or '?'}"
        kind = row["category"] + (f"/{row['subtype']}" if row["subtype"] else "")
        lines.append(f"{when:<23} {kind:<18} {row['mode']:<12} {who}  @ {where}")
        lines.append(f"{'':23} {row['certainty']}; {len(row['carriers'])} carrier(s)   [{row['id']}]")
        first = evidence_carrier(row)
        lines += textwrap.wrap(" ".join(first["text"].split()), 100, initial_indent=" " * 25 + "\u201c",
                               subsequent_indent=" " * 26)[:3]
        for variant in row["variants"]:
            lines.append(f"{'':25}variant ({variant['kind']}): {', '.join(map(str, variant['values']))}")
    return lines


def evidence_carrier(row: dict) -> dict:
    """The carrier to quote for an event: the one whose words show most of what the event line says (its
    actor, target and place), then the fuller wording; a bare trigger ("backed") tells an analyst nothing."""
    shown = [w.lower() for field in (row.get("actor"), row.get("target"), (row.get("place") or {}).get("name"))
             for w in (field or "").replace("\u2019s", "").split() if len(w) > 2]

    def informative(carrier: dict):
        text = " ".join(carrier["text"].split()).lower()
        return (sum(w in text for w in shown), min(len(text.split()), 30), -row["carriers"].index(carrier))

    return max(row["carriers"], key=informative)


def _when(row: dict) -> str:
    if not row["date"]:
        return "undated"
    start, end = str(row["date"]["start"]), str(row["date"]["end"])
    span = start if start == end else f"{start}..{end}"
    return f"{span} ({row['date']['precision']})" if len(span) < 12 else span


def acled_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        place, date = row["place"] or {}, row["date"] or {}
        writer.writerow({
            "event_id_cnty": row["id"], "event_date": date.get("start") or "",
            "year": str(date.get("start") or "")[:4], "time_precision": _ACLED_TIME.get(date.get("precision"), ""),
            "event_type": row["category"], "sub_event_type": row["subtype"] or "",
            "actor1": row["actor"] or "", "actor2": row["target"] or "", "location": place.get("name") or "",
            "latitude": place.get("lat") if place.get("lat") is not None else "",
            "longitude": place.get("lon") if place.get("lon") is not None else "",
            "geo_precision": _ACLED_GEO.get(place.get("precision"), ""),
            "source": "; ".join(sorted({o["name"] for o in row["origins"]})),
            "notes": " | ".join(" ".join(c["text"].split()) for c in row["carriers"][:3]),
            "echolocate_mode": row["mode"], "echolocate_independent_origins": row["independent_origins"],
            "echolocate_certainty": row["certainty"], "echolocate_date_end": date.get("end") or ""})
    return out.getvalue()


def plover_records(rows: list[dict]) -> list[dict]:
    """One PLOVER-style record per event, with echolocate's evidence kept alongside."""
    records = []
    for row in rows:
        place, date = row["place"] or {}, row["date"] or {}
        records.append({
            "id": row["id"], "event_type": row["category"], "mode": row["subtype"] or "",
            "context": [], "date": date.get("start"), "date_end": date.get("end"),
            "date_precision": date.get("precision"), "actor": row["actor"], "recipient": row["target"],
            "location": {"name": place.get("name"), "lat": place.get("lat"), "lon": place.get("lon"),
                         "precision": place.get("precision")} if place else None,
            "echolocate": {"mode": row["mode"], "independent_origins": row["independent_origins"],
                           "certainty": row["certainty"], "origins": row["origins"], "carriers": row["carriers"],
                           "variants": row["variants"], "denied_by": row["denied_by"]}})
    return records

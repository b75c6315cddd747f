"""The briefing: the most important claims and events with their grades and why, each statement
followed by the passages behind it, who copied whom, and a short method note.

One data structure (``build_briefing``) rendered three ways: JSON for scripts, Markdown for
editors and mail, and a single self-contained HTML file (inline CSS, no scripts, prints well).
Report text is untrusted: the HTML escapes every piece of it.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timezone

METHOD = (
    "Each report is read for claims and their attribution chains (who says it, citing whom), hedges and "
    "stance. Claims saying the same thing in different words are grouped across reports. For each report "
    "carrying a claim, its origin is the innermost cited source that can stand on its own (an outlet, a "
    "wire, an official body, a named person); anonymous sources count as whoever cites them; text copied "
    "from another report takes that report's origin; an unattributed sentence in a report that cites the "
    "outlet carrying the same claim counts as relayed from it. Independent origins are the distinct origins "
    "left. Grades: single-origin echo (several reports, one origin), single source, corroborated (two or "
    "more independent origins), officially stated (an official body is an origin), contested (an origin "
    "denies or questions it). Copies are found by MinHash/LSH and word alignment; their direction comes "
    "from publication dates, explicit citations or which side holds more of the other's text.")


def build_briefing(store, claims: int = 12, links: int = 8, events: int = 25) -> dict:
    """Everything the briefing shows, each item with the passages it rests on."""
    status = store.status()
    groups = store.claim_groups(claims, min_carriers=2)
    return {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "corpus": {"reports": status["reports"], "inputs": status["inputs"],
                   "outlets": [row for row in status["by_outlet"]], "months": [row for row in status["by_month"]]},
        "grades": _grade_counts(store.claim_groups(None, min_carriers=2)),
        "claims": [_claim(g) for g in groups],
        "reuse": [_link(row) for row in store.reuse(links)],
        "events": [_event(e) for e in store.events(None) if len(e["carriers"]) > 1 or e["date"]][:events],
        "method": METHOD,
    }


def _grade_counts(groups: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in groups:
        counts[group["grade"]] = counts.get(group["grade"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _cite(carrier: dict) -> str:
    who = carrier.get("outlet") or "outlet unknown"
    when = carrier.get("date") or "undated"
    return f"{carrier.get('source_path')} ({who}, {when})"


def _claim(group: dict) -> dict:
    return {"id": group["id"], "text": group["text"], "grade": group["grade"],
            "independent_origins": group["independent_origins"], "reports": group["report_count"],
            "origins": [o["name"] for o in group["origins"]], "why": group["reasoning"],
            "evidence": [{"passage": " ".join(c["text"].split()), "source": _cite(c), "origin": c["origin"]["name"]}
                         for c in group["carriers"]],
            "variants": [f"{v['kind']}: {v['representative_value']} -> {v['member_value']}"
                         for v in group["variants"] if v["kind"] != "wording"][:6],
            "contradicts": group["contradicts"]}


def _link(row: dict) -> dict:
    return {"similarity": row["similarity"], "direction": row["direction"], "evidence": row["direction_evidence"],
            "a": {"source": _cite(row["a"]), "passage": " ".join(row["a"]["text"].split())},
            "b": {"source": _cite(row["b"]), "passage": " ".join(row["b"]["text"].split())},
            "changes": [f"{m['kind']}: {m['a_text'] or '-'} -> {m['b_text'] or '-'}" for m in row["mutations"]][:6]}


def _event(row: dict) -> dict:
    date = row["date"] or {}
    return {"date": (f"{date['start']}" if date.get("start") == date.get("end") else
                     f"{date.get('start')}..{date.get('end')}") if date else "undated",
            "what": f"{row['category']}{'/' + row['subtype'] if row['subtype'] else ''} ({row['mode']})",
            "who": f"{row['actor'] or '?'} -> {row['target'] or '?'}",
            "where": (row["place"] or {}).get("name") or "place unknown", "certainty": row["certainty"],
            "evidence": [{"passage": " ".join(c["text"].split()), "source": _cite(c)} for c in row["carriers"][:3]]}


# ---- renderings -----------------------------------------------------------------------------------------

def to_json(briefing: dict) -> str:
    return json.dumps(briefing, indent=2, ensure_ascii=False, default=str)


def to_markdown(b: dict) -> str:
    lines = [f"# Briefing: {b['corpus']['reports']} reports", "",
             f"Generated {b['generated']} by echolocate. Every statement below is followed by the passages it rests "
             f"on, with the report they come from.", "", "## Claims carried by several reports", ""]
    grades = ", ".join(f"{n} {g}" for g, n in b["grades"].items()) or "none"
    lines += [f"Grades of shared claims: {grades}.", ""]
    for number, claim in enumerate(b["claims"], 1):
        lines += [f"### {number}. {claim['text']}", "",
                  f"**{claim['grade']}**: {claim['independent_origins']} independent origin(s) "
                  f"({', '.join(claim['origins'])}) behind {claim['reports']} report(s).", ""]
        lines += [f"- {step}" for step in claim["why"]] + [""]
        lines += ["Evidence:", ""] + [f"> {e['passage']}  \n> -- {e['source']}; origin: {e['origin']}\n"
                                      for e in claim["evidence"]]
        if claim["variants"]:
            lines += ["Variants: " + "; ".join(claim["variants"]), ""]
    lines += ["## Who copied whom", ""]
    for link in b["reuse"]:
        lines += [f"- similarity {link['similarity']:.2f}, {link['direction']} ({link['evidence']})",
                  f"  - A: {link['a']['source']}: \"{_short(link['a']['passage'])}\"",
                  f"  - B: {link['b']['source']}: \"{_short(link['b']['passage'])}\""]
        if link["changes"]:
            lines.append(f"  - changed: {'; '.join(link['changes'])}")
    if not b["reuse"]:
        lines.append("No copied passages found.")
    lines += ["", "## Events", ""]
    for event in b["events"]:
        lines.append(f"- **{event['date']}** {event['what']}: {event['who']} @ {event['where']}; {event['certainty']}")
        lines += [f"  - \"{_short(e['passage'])}\" -- {e['source']}" for e in event["evidence"]]
    lines += ["", "## Method", "", b["method"], ""]
    return "\n".join(lines)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;max-width:60rem;margin:2rem auto;
padding:0 1rem}h1{font-size:1.6rem}h2{border-bottom:2px solid #1d3557;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:1.4rem 0 .3rem}.grade{display:inline-block;padding:0 .5rem;border-radius:.6rem;
font-size:.8rem;font-weight:600;background:#e8eef6}.g-single-origin-echo{background:#fde2c8}
.g-contested{background:#f8d0d0}.g-corroborated{background:#d4f0da}.g-officially-stated{background:#dbe4ff}
blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:3px solid #9aa9bd;background:#f6f8fb}
blockquote cite{display:block;font-size:.8rem;color:#56627a;font-style:normal}ol.why{color:#334;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #dde3ec;padding:.3rem;
text-align:left;vertical-align:top}.muted{color:#56627a;font-size:.85rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}blockquote,h3{break-inside:avoid}}
"""


def to_html(b: dict) -> str:
    e = html.escape
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>Briefing: {b['corpus']['reports']} reports</title><style>{_CSS}</style></head><body>",
           f"<h1>Briefing: {b['corpus']['reports']} reports</h1>",
           f"<p class='muted'>Generated {e(b['generated'])} by echolocate. Every statement is followed by the "
           f"passages it rests on.</p>", "<h2>Claims carried by several reports</h2>",
           "<p>" + e(", ".join(f"{n} {g}" for g, n in b["grades"].items()) or "No shared claims.") + "</p>"]
    for number, claim in enumerate(b["claims"], 1):
        css = "g-" + claim["grade"].replace(" ", "-")
        out.append(f"<h3>{number}. {e(claim['text'])}</h3><p><span class='grade {e(css)}'>{e(claim['grade'])}"
                   f"</span> {claim['independent_origins']} independent origin(s) ({e(', '.join(claim['origins']))}) "
                   f"behind {claim['reports']} report(s).</p>")
        out.append("<ol class='why'>" + "".join(f"<li>{e(step).replace(chr(10), '<br>')}</li>" for step in claim["why"]) + "</ol>")
        for ev in claim["evidence"]:
            out.append(f"<blockquote>{e(ev['passage'])}<cite>{e(ev['source'])}; origin: {e(ev['origin'])}"
                       f"</cite></blockquote>")
        if claim["variants"]:
            out.append("<p class='muted'>Variants: " + e("; ".join(claim["variants"])) + "</p>")
    out.append("<h2>Who copied whom</h2>")
    if not b["reuse"]:
        out.append("<p>No copied passages found.</p>")
    for link in b["reuse"]:
        out.append(f"<p>Similarity {link['similarity']:.2f}, {e(link['direction'])} "
                   f"<span class='muted'>({e(link['evidence'])})</span></p>")
        for side in ("a", "b"):
            out.append(f"<blockquote>{e(_short(link[side]['passage']))}<cite>{side.upper()}: "
                       f"{e(link[side]['source'])}</cite></blockquote>")
        if link["changes"]:
            out.append("<p class='muted'>Changed: " + e("; ".join(link["changes"])) + "</p>")
    out.append("<h2>Events</h2><table><tr><th>when</th><th>what</th><th>who</th><th>where</th>"
               "<th>certainty and evidence</th></tr>")
    for event in b["events"]:
        evidence = "".join(f"<blockquote>{e(_short(x['passage'], 200))}<cite>{e(x['source'])}</cite></blockquote>"
                           for x in event["evidence"])
        out.append(f"<tr><td>{e(event['date'])}</td><td>{e(event['what'])}</td><td>{e(event['who'])}</td>"
                   f"<td>{e(event['where'])}</td><td>{e(event['certainty'])}{evidence}</td></tr>")
    out.append(f"</table><h2>Method</h2><p>{e(b['method'])}</p></body></html>")
    return "\n".join(out)

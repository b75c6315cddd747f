"""Plain-text rendering of one report's reading, for `echolocate show` in a terminal.

Every claim is shown with its attribution chain starting at the reporting outlet
(the outermost voice), its hedges, stance and the dates resolved inside it.
"""

from __future__ import annotations

import textwrap

_WIDTH = 100


def chain_text(outlet: str | None, sources: list[dict]) -> str:
    """``Outlet <- cited source <- innermost source``; the outlet is the report's own voice."""
    links = [outlet or "this report (outlet unknown)"]
    if sources and outlet and _same_name(sources[0]["text"], outlet):
        sources = sources[1:]  # "DEBKAfile's sources" in a DEBKAfile report: the outlet cites itself
    for source in sources:
        name = source["text"]
        if source.get("resolved") and source["resolved"].lower() != name.lower():
            name = f"{name} (= {source['resolved']})"
        links.append(f"{name} [{source['kind']}]")
    return " <- ".join(links)


def _same_name(a: str, b: str) -> bool:
    """One outlet under two spellings, by the key the origin counting uses."""
    from echolocate.stages.assess.outlet_names import outlet_key

    return bool(outlet_key(a)) and outlet_key(a) == outlet_key(b)


def render_report(report: dict, claims_limit: int | None = None) -> list[str]:
    lines = [f"Report {report['id']}: {report.get('title') or '(no title)'}"]
    lines.append(f"  outlet: {report.get('outlet') or 'unknown'}"
                 + (f" ({report['outlet_evidence']})" if report.get("outlet_evidence") else ""))
    lines.append(f"  date:   {report.get('published') or 'unknown'}"
                 + (f" ({report['date_evidence']})" if report.get("date_evidence") else ""))
    for key in report.get("sources", []):
        lines.append(f"  source: {key}")
    lines.append(f"  words:  {report.get('words')}, language: {report.get('language') or 'unknown'}")
    if report.get("read") is None:
        lines.append("")
        lines.append("  Not read yet: run `echolocate analyze PATH` (or `echolocate read`).")
        return lines
    if report["read"].get("problems"):
        lines.append(f"  problems while reading: {'; '.join(report['read']['problems'])}")
    lines += _claims(report, claims_limit)
    lines += _quotes(report)
    lines += _entities(report)
    lines += _places(report)
    lines += _times(report)
    return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=_WIDTH, initial_indent=indent,
                         subsequent_indent=indent) or [indent]


def _claims(report: dict, limit: int | None) -> list[str]:
    claims = report["claims"]
    attributed = sum(1 for c in claims if c["sources"])
    lines = ["", f"Claims: {len(claims)} ({attributed} attributed to a cited source)"]
    for number, claim in enumerate(claims[:limit] if limit else claims, 1):
        tags = [claim["kind"], claim["stance"]]
        if claim["negated"]:
            tags.append("negated")
        if claim["inherited"]:
            tags.append("source inherited from context")
        lines += _wrap(f'{number:>3}. [{" · ".join(tags)}] {claim["text"]}', "     ")
        lines.append(f"       chain:  {chain_text(report.get('outlet'), claim['sources'])}")
        if claim["hedges"]:
            hedges = ", ".join(f"{h['text']} ({h['kind']})" for h in claim["hedges"])
            lines.append(f"       hedges: {hedges}")
        for t in claim["times"]:
            lines.append(f"       time:   {t['text']!r} -> {_time_value(t)}")
    if limit and len(claims) > limit:
        lines.append(f"     ... {len(claims) - limit} more (use --all)")
    return lines


def _quotes(report: dict) -> list[str]:
    if not report["quotes"]:
        return []
    lines = ["", f"Quotes: {len(report['quotes'])}"]
    for quote in report["quotes"]:
        speaker = quote.get("speaker") or "speaker unknown"
        lines += _wrap(f"- \u201c{quote['text']}\u201d \u2014 {speaker}", "  ")
    return lines


def _entities(report: dict) -> list[str]:
    if not report["entities"]:
        return []
    lines = ["", f"Entities: {len(report['entities'])}"]
    for entity in report["entities"]:
        here = ", ".join(entity["spellings_here"])
        others = sorted(set(entity.get("aliases") or []) - set(entity["spellings_here"]))
        line = f"- {entity['name']} [{entity['kind']}] x{entity['mentions_here']} here as {here}"
        if others:
            line += f"; elsewhere also: {', '.join(others[:6])}"
        lines += _wrap(line, "  ")
    return lines


def _places(report: dict) -> list[str]:
    if not report["places"]:
        return []
    lines = ["", f"Places: {len(report['places'])}"]
    for place in report["places"]:
        if place.get("lat") is None:
            lines.append(f"- {place['text']}: not in the gazetteer")
            continue
        lines.append(f"- {place['text']} -> {place['name']}, {place.get('country_code') or '?'} "
                     f"({place['lat']:.3f}, {place['lon']:.3f}) {place.get('precision')}, {place.get('feature')}"
                     f" [{place.get('gazetteer_id')}] x{place['mentions']}")
    return lines


def _time_value(t: dict) -> str:
    value = t.get("value") or (f"relative: {t['relative']}" if t.get("relative") else "unresolved")
    flags = t.get("flags") or []
    return value + (f"  ! {', '.join(flags)}" if flags else "")


def _times(report: dict) -> list[str]:
    if not report["times"]:
        return []
    anchor = report["read"].get("anchor")
    lines = ["", f"Times: {len(report['times'])} (resolved against {anchor or 'no date: relative times stay relative'})"]
    for t in report["times"]:
        lines.append(f"- {t['text']!r} -> {_time_value(t)} ({t.get('precision')})")
    return lines

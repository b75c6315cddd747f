"""Server-rendered pages: claim board, claim page, report reader, re-use list, events timeline.

Templates autoescape; the only pre-built HTML handed to them comes from ``highlight`` and
``graph``, which escape every piece of report text themselves.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from echolocate.web import query
from echolocate.web.app import SnapshotDep
from echolocate.web.graph import carrier_label, provenance_svg
from echolocate.web.highlight import Mark, diff_pair, highlight, link_report_ids, window
from echolocate.web.snapshot import Snapshot

router = APIRouter(include_in_schema=False)
_PAGE = 50


def register_filters(env) -> None:
    env.filters["grade_class"] = lambda grade: "grade-" + "".join(ch if ch.isalnum() else "-" for ch in str(grade))
    env.filters["carrier_label"] = carrier_label
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")


def _render(request: Request, name: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/", response_class=HTMLResponse)
def board(request: Request, grade: str | None = Query(None, max_length=40),
          min_origins: int | None = Query(None, ge=0, le=100_000), min_carriers: int = Query(1, ge=1, le=100_000),
          q: str | None = Query(None, max_length=200), outlet: str | None = Query(None, max_length=200),
          offset: int = Query(0, ge=0, le=10_000_000), snap: Snapshot = SnapshotDep):
    f = query.ClaimFilter(grade=grade or None, min_origins=min_origins, min_carriers=min_carriers, q=q or None,
                          outlet=outlet or None)
    rows = query.filter_claims(snap.groups, f)
    params = {k: v for k, v in (("grade", grade), ("min_origins", min_origins), ("min_carriers", min_carriers),
                                ("q", q), ("outlet", outlet)) if v not in (None, "") and (k, v) != ("min_carriers", 1)}
    pager = {"prev": f"/?{urlencode({**params, 'offset': max(0, offset - _PAGE)})}" if offset > 0 else None,
           "next": f"/?{urlencode({**params, 'offset': offset + _PAGE})}" if offset + _PAGE < len(rows) else None}
    outlets = sorted({c["outlet"] for g in snap.groups for c in g["carriers"] if c["outlet"]})
    reports = [query.search_reports(snap.reports, snap.texts, q)[:20]] if q else [[]]
    return _render(request, "board.html", rows=rows[offset:offset + _PAGE], total=len(rows), offset=offset,
                   f=f, pager=pager, grades=query.GRADES, outlets=outlets, status=snap.status,
                   all_counts=query.grade_counts(snap.groups), shared_counts=query.grade_counts(snap.groups, 2),
                   matching_reports=reports[0], groups_total=len(snap.groups))


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str, snap: Snapshot = SnapshotDep):
    group = snap.group(claim_id)
    carriers = []
    for c in group["carriers"]:
        text = snap.texts.get(c["report_id"], "")
        passage = None
        if text and c.get("start") is not None:
            lo, hi = window(text, c["start"], c["end"])
            passage = highlight(text, [Mark(c["start"], c["end"], "focus")], lo, hi)
            passage = {"html": passage, "cut_before": lo > 0, "cut_after": hi < len(text)}
        carriers.append({**c, "passage": passage, "label": carrier_label(c),
                         "report_title": (snap.report_by_id.get(c["report_id"]) or {}).get("title")})
    related = [snap.group_by_id[g] for g in group["contradicts"] if g in snap.group_by_id]
    labels = {r["id"]: r.get("title") or r.get("source_key") or r["id"] for r in snap.reports}
    reasoning = [link_report_ids(step, labels) for step in group["reasoning"]]
    titles = {r["id"]: r["title"] for r in snap.reports if r.get("title")}
    return _render(request, "claim.html", g=group, carriers=carriers, svg=provenance_svg(group, titles),
                   related=related,
                   reasoning=reasoning)


def _report_marks(reading: dict, snap: Snapshot) -> list[Mark]:
    marks: list[Mark] = []
    spelling = {s: e["name"] for e in reading["entities"] for s in e["spellings_here"]}
    places = {p["text"]: p for p in reading["places"]}
    for _idx, start, end, text, kind, label, _norm in snap.mentions.get(reading["id"], []):
        if kind == "place":
            p = places.get(text) or {}
            where = f"{p['name']} ({p['lat']:.2f}, {p['lon']:.2f})" if p.get("lat") is not None else "not located"
            marks.append(Mark(start, end, "place", f"place: {where}"))
        else:
            marks.append(Mark(start, end, "entity", f"{kind}: {spelling.get(text, text)}"))
    for t in reading["times"]:
        marks.append(Mark(t["start"], t["end"], "time", f"time: {t.get('value') or t.get('relative') or '?'}"))
    for c in reading["claims"]:
        gid = snap.group_of_claim.get(c["id"])
        group = snap.group_by_id.get(gid) if gid else None
        tip = f"claim ({c['stance']})" + (f": {group['grade']}, {group['independent_origins']} origin(s)"
                                          if group else "")
        marks.append(Mark(c["start"], c["end"], "claim", tip, f"/claims/{quote(gid)}" if gid else None,
                          f"claim-{c['id']}"))
        for s in c["sources"]:
            if s.get("start") is not None:
                marks.append(Mark(s["start"], s["end"], "source", f"cited source: {s['text']} [{s['kind']}]"))
        for h in c["hedges"]:
            marks.append(Mark(h["start"], h["end"], "hedge", f"hedge: {h['kind']}"))
    for r in snap.reuse:
        for me, other in (("a", "b"), ("b", "a")):
            if r[me]["report_id"] == reading["id"]:
                marks.append(Mark(r[me]["start"], r[me]["end"], "reuse",
                                  f"re-used with {carrier_label(r[other])} (similarity {r['similarity']:.2f})",
                                  f"/reuse#{r['id']}"))
    return marks


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request, q: str | None = Query(None, max_length=200), snap: Snapshot = SnapshotDep):
    rows = query.search_reports(snap.reports, snap.texts, q)
    return _render(request, "reports.html", rows=rows, q=q or "")


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report(request: Request, report_id: str, snap: Snapshot = SnapshotDep):
    reading = snap.reading(report_id)
    body = highlight(reading["text"], _report_marks(reading, snap))
    claims = [{**c, "group": snap.group_by_id.get(snap.group_of_claim.get(c["id"], ""))} for c in reading["claims"]]
    reuse = [r for r in snap.reuse if report_id in (r["a"]["report_id"], r["b"]["report_id"])]
    return _render(request, "report.html", r=reading, body=body, claims=claims, reuse=reuse)


def _title(snap: Snapshot, side: dict) -> str:
    return (snap.report_by_id.get(side["report_id"]) or {}).get("title") or carrier_label(side)


@router.get("/reuse", response_class=HTMLResponse)
def reuse(request: Request, snap: Snapshot = SnapshotDep):
    rows = []
    for r in snap.reuse:
        left, right = diff_pair(r["a"]["text"], r["b"]["text"])
        rows.append({**r, "a_html": left, "b_html": right, "a_label": _title(snap, r["a"]),
                     "b_label": _title(snap, r["b"])})
    return _render(request, "reuse.html", rows=rows)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, category: str | None = Query(None, max_length=40),
           q: str | None = Query(None, max_length=200), snap: Snapshot = SnapshotDep):
    rows = query.filter_events(snap.events, category or None, q)
    years: dict[str, list] = {}
    for e in rows:
        years.setdefault(str(e["date"]["start"])[:4] if e["date"] else "undated", []).append(e)
    categories = sorted({e["category"] for e in snap.events})
    return _render(request, "events.html", years=years, total=len(rows), categories=categories,
                   category=category or "", q=q or "", group_of_claim=snap.group_of_claim)

"""Server-rendered pages: claim board, claim page, report reader, re-use list, events, and the linked
map, timeline and actor network.

Templates autoescape; the only pre-built HTML handed to them comes from ``highlight``, ``graph``,
``worldmap``, ``timeline`` and ``network``, which escape every piece of report text themselves.
The board, events, map, timeline and network read the same filter parameters (``view_filter``),
and every page links to the others under the same filter.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from echolocate.web import network as netview
from echolocate.web import query, timeline, worldmap
from echolocate.web.app import SnapshotDep
from echolocate.web.facets import Views, ViewsCache
from echolocate.web.graph import carrier_label, provenance_svg
from echolocate.web.highlight import Mark, diff_pair, highlight, link_report_ids, window
from echolocate.web.snapshot import Snapshot

router = APIRouter(include_in_schema=False)
_PAGE = 50


def register_filters(env) -> None:
    env.filters["grade_class"] = lambda grade: "grade-" + "".join(ch if ch.isalnum() else "-" for ch in str(grade))
    env.filters["carrier_label"] = carrier_label
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")
    env.filters["period_label"] = timeline.period_label


def _render(request: Request, name: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def view_filter(grade: str | None = Query(None, max_length=40),
                min_origins: int | None = Query(None, ge=0, le=100_000),
                min_carriers: int = Query(1, ge=1, le=100_000), q: str | None = Query(None, max_length=200),
                outlet: str | None = Query(None, max_length=200), actor: str | None = Query(None, max_length=200),
                place: str | None = Query(None, max_length=200),
                date_from: str | None = Query(None, max_length=10, pattern=_DATE,
                                              description="YYYY, YYYY-MM or YYYY-MM-DD"),
                date_to: str | None = Query(None, max_length=10, pattern=_DATE)) -> query.ClaimFilter:
    """The filter every linked view reads from the query string; empty form fields count as not given."""
    return query.ClaimFilter(grade=grade or None, min_origins=min_origins, min_carriers=min_carriers,
                             q=q or None, outlet=outlet or None, actor=actor or None, place=place or None,
                             date_from=date_from or None, date_to=date_to or None)


FilterDep = Depends(view_filter)
_VIEWS = (("Claims", "/"), ("Map", "/map"), ("Timeline", "/timeline"), ("Network", "/network"),
          ("Events", "/events"))


def _views(request: Request, snap: Snapshot) -> Views:
    cache = getattr(request.app.state, "views_cache", None)
    if cache is None:
        cache = request.app.state.views_cache = ViewsCache()
    return cache.get(snap)


def _linked(f: query.ClaimFilter, here: str) -> dict:
    """What the filter bar shows: the same filter on every view, and each active part with a link removing it."""
    active = []
    for key, label in (("actor", "actor"), ("place", "place"), ("date_from", "from"), ("date_to", "to"),
                       ("grade", "grade"), ("outlet", "outlet"), ("q", "words")):
        value = getattr(f, key)
        if value:
            active.append({"label": label, "value": value, "drop": query.filter_url(here, f, **{key: None})})
    return {"views": [{"name": name, "href": query.filter_url(path, f), "here": path == here}
                      for name, path in _VIEWS], "active": active}


def _filtered(snap: Snapshot, views: Views, f: query.ClaimFilter) -> tuple[list[dict], list[dict]]:
    """Claim groups and events under the filter (grades and origin counts narrow claims only)."""
    groups = query.filter_claims(snap.groups, f, views.facets, views.index.countries)
    events = query.filter_events(snap.events, None, f.q, f, views.index.countries)
    return groups, events


@router.get("/", response_class=HTMLResponse)
def board(request: Request, f: query.ClaimFilter = FilterDep, offset: int = Query(0, ge=0, le=10_000_000),
          snap: Snapshot = SnapshotDep):
    facets = _views(request, snap) if f.narrows_by_facets else None
    rows = query.filter_claims(snap.groups, f, facets.facets if facets else None,
                               facets.index.countries if facets else None)
    params = query.filter_params(f)
    pager = {"prev": f"/?{urlencode({**params, 'offset': max(0, offset - _PAGE)})}" if offset > 0 else None,
             "next": f"/?{urlencode({**params, 'offset': offset + _PAGE})}" if offset + _PAGE < len(rows) else None}
    outlets = sorted({c["outlet"] for g in snap.groups for c in g["carriers"] if c["outlet"]})
    reports = [query.search_reports(snap.reports, snap.texts, f.q)[:20]] if f.q else [[]]
    return _render(request, "board.html", rows=rows[offset:offset + _PAGE], total=len(rows), offset=offset,
                   f=f, pager=pager, grades=query.GRADES, outlets=outlets, status=snap.status,
                   all_counts=query.grade_counts(snap.groups), shared_counts=query.grade_counts(snap.groups, 2),
                   matching_reports=reports[0], groups_total=len(snap.groups), linked=_linked(f, "/"))


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
def events(request: Request, category: str | None = Query(None, max_length=40), f: query.ClaimFilter = FilterDep,
           snap: Snapshot = SnapshotDep):
    countries = _views(request, snap).index.countries if f.place else None
    rows = query.filter_events(snap.events, category or None, f.q, f, countries)
    years: dict[str, list] = {}
    for e in rows:
        years.setdefault(str(e["date"]["start"])[:4] if e["date"] else "undated", []).append(e)
    categories = sorted({e["category"] for e in snap.events})
    return _render(request, "events.html", years=years, total=len(rows), categories=categories,
                   category=category or "", q=f.q or "", f=f, group_of_claim=snap.group_of_claim,
                   linked=_linked(f, "/events"), by_actor=lambda name: query.filter_url("/events", f, actor=name),
                   by_place=lambda name: query.filter_url("/events", f, place=name))


def _event_href(snap: Snapshot):
    """An event links to the claim its first passage belongs to, else to that passage in its report."""
    def href(e: dict) -> str:
        c = e["carriers"][0] if e["carriers"] else None
        if c is None:
            return "/events"
        gid = snap.group_of_claim.get(c.get("claim_id") or "")
        if gid:
            return f"/claims/{quote(gid, safe='')}"
        return f"/reports/{quote(c['report_id'], safe='')}" + (f"#claim-{c['claim_id']}" if c.get("claim_id") else "")
    return href


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: query.ClaimFilter = FilterDep,
             region: str | None = Query(None, max_length=40, description=", ".join(worldmap.REGIONS)),
             lat: float | None = Query(None, ge=-90, le=90), lon: float | None = Query(None, ge=-180, le=180),
             zoom: float | None = Query(None, ge=1, le=worldmap.MAX_ZOOM), snap: Snapshot = SnapshotDep):
    views = _views(request, snap)
    groups, events_ = _filtered(snap, views, f)
    markers = worldmap.markers_from(events_, [views.facets[g["id"]].places for g in groups if g["id"] in views.facets])
    view = worldmap.view_for(markers, region, lat, lon, zoom)
    svg = worldmap.map_svg(markers, view, lambda m: query.filter_url("/", f, place=m.place.name))
    base = query.filter_params(f)
    nav = {label: f"/map?{urlencode({**base, **params})}" for label, params in worldmap.nav_params(view).items()}
    regions = {name: f"/map?{urlencode({**base, 'region': name})}" for name in worldmap.REGIONS}
    places = [{"m": m, "claims": query.filter_url("/", f, place=m.place.name),
               "events": query.filter_url("/events", f, place=m.place.name),
               "timeline": query.filter_url("/timeline", f, place=m.place.name),
               "network": query.filter_url("/network", f, place=m.place.name),
               "focus": query.filter_url("/map", f, place=m.place.name)} for m in markers]
    unlocated = sum(1 for e in events_ if not (e.get("place") or {}).get("lat"))
    return _render(request, "map.html", svg=svg, nav=nav, regions=regions, region=region or "", places=places,
                   f=f, linked=_linked(f, "/map"), unlocated=unlocated, fit=query.filter_url("/map", f),
                   claims_total=len(groups), events_total=len(events_))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, f: query.ClaimFilter = FilterDep, snap: Snapshot = SnapshotDep):
    views = _views(request, snap)
    groups, events_ = _filtered(snap, views, f)
    items = timeline.items_from(events_, groups, views.facets, _event_href(snap),
                                lambda g: f"/claims/{quote(g['id'], safe='')}")
    if f.date_from or f.date_to:  # claims pass the filter on any of their dates; show only the dates in range
        items = [i for i in items if query.overlaps(i.period.start, i.period.end, f.date_from, f.date_to)]
    periods = [{"g": group, "claims": query.filter_url("/", f, date_from=group.date_from, date_to=group.date_to),
                "map": query.filter_url("/map", f, date_from=group.date_from, date_to=group.date_to),
                "network": query.filter_url("/network", f, date_from=group.date_from, date_to=group.date_to),
                "here": query.filter_url("/timeline", f, date_from=group.date_from, date_to=group.date_to)}
               for group in timeline.group_items(items)]
    strip = timeline.overview_svg(items, href=lambda month: query.filter_url("/timeline", f, date_from=month,
                                                                             date_to=month))
    undated = sum(1 for e in events_ if not e.get("date"))
    return _render(request, "timeline.html", periods=periods, strip=strip, total=len(items), f=f,
                   linked=_linked(f, "/timeline"), undated=undated)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, f: query.ClaimFilter = FilterDep, snap: Snapshot = SnapshotDep):
    views = _views(request, snap)
    groups, events_ = _filtered(snap, views, f)
    net = netview.build(events_, {g["id"]: views.facets[g["id"]] for g in groups if g["id"] in views.facets})
    svg = netview.network_svg(net, lambda name: query.filter_url("/", f, actor=name))
    actors = [{"name": n, "weight": net.weights[n], "claims": query.filter_url("/", f, actor=n),
               "map": query.filter_url("/map", f, actor=n), "timeline": query.filter_url("/timeline", f, actor=n),
               "network": query.filter_url("/network", f, actor=n)}
              for n in sorted(net.nodes, key=lambda n: (-net.weights[n], n))]
    acts = [e for e in net.edges if e.events]
    return _render(request, "network.html", svg=svg, actors=actors, acts=acts, f=f, linked=_linked(f, "/network"))

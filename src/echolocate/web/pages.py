"""Server-rendered pages: claim board, claim page, report reader, re-use list, events, and the linked
map, timeline and actor network.

Templates autoescape; the only pre-built HTML handed to them comes from ``highlight``, ``graph``,
``worldmap``, ``timeline`` and ``network``, which escape every piece of report text themselves.
The board, events, map, timeline and network read the same filter parameters (``view_filter``),
and every page links to the others under the same filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from echolocate.web import network as netview
from echolocate.web import query, timeline, worldmap
from echolocate.web.app import SnapshotDep
from echolocate.web.facets import Views, ViewsCache
from echolocate.web.graph import carrier_label, provenance_svg
from echolocate.web.highlight import _REPORT_ID, Mark, diff_pair, highlight, link_report_ids, window
from echolocate.web.snapshot import Snapshot

router = APIRouter(include_in_schema=False)
_PAGE = 50
# lists without a pager show their head: the most similar re-uses, the first reports and events
_REUSE_SHOWN, _REPORTS_SHOWN, _EVENTS_SHOWN = 30, 100, 100
# pages count matching claims up to this many and say "more than" beyond (the API counts exactly)
COUNT_CAP = 10_000


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


def _views_of(request: Request, snap: Snapshot):
    """The in-memory facets, built on first need (only an in-memory ``Snapshot`` asks; the store answers in SQL)."""
    return lambda: _views(request, snap)


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


@dataclass(frozen=True)
class _Filtered:
    """What the map, timeline and network draw: the most carried claims and the first events under the filter
    (at most ``_VIEW_CLAIMS`` and ``_VIEW_EVENTS``: a view of a million claims shows their head), their facets,
    and how many matched in all."""

    groups: list[dict]  # id, text and grade at least
    events: list[dict]
    facets: dict
    countries: dict
    claims_total: int  # above COUNT_CAP: "more than COUNT_CAP"
    events_total: int
    event_groups: dict | None = None  # claim ID -> group of each event's first passage, when read with the events


_VIEW_CLAIMS, _VIEW_EVENTS = 150, 150
_TIMELINE_LISTED = 25  # items listed per month on the timeline page (the strip draws them all)


def _filtered(request: Request, snap: Snapshot, f: query.ClaimFilter) -> _Filtered:
    """Claim groups and events under the filter (grades and origin counts narrow claims only); kept per state
    of the store and filter, since the map, timeline and network ask for the same rows (read, never changed)."""
    return _filtered_rows(snap, f, _views_of(request, snap))


def warm_views(snap) -> None:
    """What the unfiltered map, timeline and network draw, computed ahead (the snapshot cache calls this in
    its background warm-up of a new state of the store), the board's first page (its first read of the
    board rows costs ~10x the next ones), and the map's outlines."""
    _filtered_rows(snap, query.ClaimFilter(), None)
    snap.board_rows(query.ClaimFilter(), _PAGE, 0, None, count_cap=max(COUNT_CAP, _PAGE))
    worldmap.warm()


def _filtered_rows(snap, f: query.ClaimFilter, views) -> _Filtered:
    def compute() -> _Filtered:
        claims_total, groups, facets, countries = snap.view_claims(f, _VIEW_CLAIMS, views, count_cap=COUNT_CAP)
        events_total, events, event_groups = snap.view_events(f, _VIEW_EVENTS, views)
        return _Filtered(groups, events, facets, countries, claims_total, events_total, event_groups)
    return snap.memo(("filtered", f), compute)


@router.get("/", response_class=HTMLResponse)
def board(request: Request, f: query.ClaimFilter = FilterDep, offset: int = Query(0, ge=0, le=10_000_000),
          snap: Snapshot = SnapshotDep):
    cap = max(COUNT_CAP, offset + _PAGE)  # counting to the end of this page is enough to know a next one
    total, rows = snap.board_rows(f, _PAGE, offset, _views_of(request, snap), count_cap=cap)
    params = query.filter_params(f)
    pager = {"prev": f"/?{urlencode({**params, 'offset': max(0, offset - _PAGE)})}" if offset > 0 else None,
             "next": f"/?{urlencode({**params, 'offset': offset + _PAGE})}" if offset + _PAGE < total else None}
    reports = snap.search_reports(f.q, None, 20, count=False)[1] if f.q else []
    return _render(request, "board.html", rows=rows, total=total, offset=offset,
                   f=f, pager=pager, grades=query.GRADES, cap=cap, outlets=snap.carrier_outlets(), status=snap.status,
                   all_counts=snap.grade_counts(), shared_counts=snap.grade_counts(2),
                   matching_reports=reports, groups_total=snap.groups_total(), linked=_linked(f, "/"))


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str, snap: Snapshot = SnapshotDep):
    group = snap.group(claim_id)
    carrier_ids = list(dict.fromkeys(c["report_id"] for c in group["carriers"]))
    texts = snap.texts_of(carrier_ids)
    named = {rid for step in group["reasoning"] for rid in _REPORT_ID.findall(str(step))}
    reports = snap.report_rows(carrier_ids + sorted(named - set(carrier_ids)))
    carriers = []
    for c in group["carriers"]:
        text = texts.get(c["report_id"], "")
        passage = None
        if text and c.get("start") is not None:
            lo, hi = window(text, c["start"], c["end"])
            passage = highlight(text, [Mark(c["start"], c["end"], "focus")], lo, hi)
            passage = {"html": passage, "cut_before": lo > 0, "cut_after": hi < len(text)}
        carriers.append({**c, "passage": passage, "label": carrier_label(c),
                         "report_title": (reports.get(c["report_id"]) or {}).get("title")})
    related_by_id = snap.groups_by_id(group["contradicts"])
    related = [related_by_id[g] for g in group["contradicts"] if g in related_by_id]
    labels = {r["id"]: r.get("title") or r.get("source_key") or r["id"] for r in reports.values()}
    reasoning = [link_report_ids(step, labels) for step in group["reasoning"]]
    titles = {r["id"]: r["title"] for r in reports.values() if r.get("title")}
    return _render(request, "claim.html", g=group, carriers=carriers, svg=provenance_svg(group, titles),
                   related=related,
                   reasoning=reasoning)


def _report_marks(reading: dict, mentions: list[tuple], group_of: dict[str, str], groups: dict[str, dict],
                  reuse: list[dict]) -> list[Mark]:
    marks: list[Mark] = []
    spelling = {s: e["name"] for e in reading["entities"] for s in e["spellings_here"]}
    places = {p["text"]: p for p in reading["places"]}
    for start, end, text, kind in mentions:
        if kind == "place":
            p = places.get(text) or {}
            where = f"{p['name']} ({p['lat']:.2f}, {p['lon']:.2f})" if p.get("lat") is not None else "not located"
            marks.append(Mark(start, end, "place", f"place: {where}"))
        else:
            marks.append(Mark(start, end, "entity", f"{kind}: {spelling.get(text, text)}"))
    for t in reading["times"]:
        marks.append(Mark(t["start"], t["end"], "time", f"time: {t.get('value') or t.get('relative') or '?'}"))
    for c in reading["claims"]:
        gid = group_of.get(c["id"])
        group = groups.get(gid) if gid else None
        tip = f"claim ({c['stance']})" + (f": {group['grade']}, {group['independent_origins']} origin(s)"
                                          if group else "")
        marks.append(Mark(c["start"], c["end"], "claim", tip, f"/claims/{quote(gid)}" if gid else None,
                          f"claim-{c['id']}"))
        for s in c["sources"]:
            if s.get("start") is not None:
                marks.append(Mark(s["start"], s["end"], "source", f"cited source: {s['text']} [{s['kind']}]"))
        for h in c["hedges"]:
            marks.append(Mark(h["start"], h["end"], "hedge", f"hedge: {h['kind']}"))
    for r in reuse:
        for me, other in (("a", "b"), ("b", "a")):
            if r[me]["report_id"] == reading["id"]:
                marks.append(Mark(r[me]["start"], r[me]["end"], "reuse",
                                  f"re-used with {carrier_label(r[other])} (similarity {r['similarity']:.2f})",
                                  f"/reuse#{r['id']}"))
    return marks


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request, q: str | None = Query(None, max_length=200), snap: Snapshot = SnapshotDep):
    rows = snap.memo(("reports", q or ""), lambda: snap.search_reports(q, None, _REPORTS_SHOWN, count=False)[1])
    return _render(request, "reports.html", rows=rows, q=q or "")


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report(request: Request, report_id: str, snap: Snapshot = SnapshotDep):
    page = snap.report_page(report_id)  # one summary row, when the store has them
    if page is not None:
        reading, mentions, group_of, groups, reuse = (page["reading"], page["mentions"], page["group_of"],
                                                      page["groups"], page["reuse"])
    else:  # the report's rows one look-up at a time
        reading = snap.reading(report_id)
        mentions = [(start, end, text, kind) for _idx, start, end, text, kind, _label, _norm
                    in snap.mentions_of(report_id)]
        group_of = snap.group_of([c["id"] for c in reading["claims"]])
        groups = snap.group_grades(sorted(set(group_of.values())))
        reuse = snap.reuse_page(report_id, None)[1]
    body = highlight(reading["text"], _report_marks(reading, mentions, group_of, groups, reuse))
    claims = [{**c, "group": groups.get(group_of.get(c["id"], ""))} for c in reading["claims"]]
    return _render(request, "report.html", r=reading, body=body, claims=claims, reuse=reuse)


def _title(reports: dict[str, dict], side: dict) -> str:
    return (reports.get(side["report_id"]) or {}).get("title") or carrier_label(side)


@router.get("/reuse", response_class=HTMLResponse)
def reuse(request: Request, snap: Snapshot = SnapshotDep):
    def compute() -> list[dict]:  # the same for every visitor until the store changes
        rows = []
        links = snap.reuse_page(None, _REUSE_SHOWN)[1]
        reports = snap.report_rows(sorted({r[side]["report_id"] for r in links for side in ("a", "b")}))
        for r in links:
            left, right = diff_pair(r["a"]["text"], r["b"]["text"])
            rows.append({**r, "a_html": left, "b_html": right, "a_label": _title(reports, r["a"]),
                         "b_label": _title(reports, r["b"])})
        return rows
    return _render(request, "reuse.html", rows=snap.memo(("reuse",), compute))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, category: str | None = Query(None, max_length=40), f: query.ClaimFilter = FilterDep,
           snap: Snapshot = SnapshotDep):
    def compute() -> tuple[int, list[dict], dict[str, str]]:
        total, rows = snap.events_page(category or None, f.q, f, _EVENTS_SHOWN, 0, _views_of(request, snap))
        return total, rows, _event_groups(snap, rows)
    total, rows, group_of_claim = snap.memo(("events", category or None, f), compute)
    years: dict[str, list] = {}
    for e in rows:
        years.setdefault(str(e["date"]["start"])[:4] if e["date"] else "undated", []).append(e)
    return _render(request, "events.html", years=years, total=total, categories=snap.event_categories(),
                   category=category or "", q=f.q or "", f=f, group_of_claim=group_of_claim,
                   linked=_linked(f, "/events"), by_actor=lambda name: query.filter_url("/events", f, actor=name),
                   by_place=lambda name: query.filter_url("/events", f, place=name))


def _event_groups(snap: Snapshot, events: list[dict]) -> dict[str, str]:
    """The claim group of the claim each event's first passage belongs to (the only passage pages link)."""
    return snap.group_of(sorted({e["carriers"][0]["claim_id"] for e in events
                                 if e["carriers"] and e["carriers"][0].get("claim_id")}))


def _event_href(group_of_claim: dict[str, str]):
    """An event links to the claim its first passage belongs to, else to that passage in its report."""
    def href(e: dict) -> str:
        c = e["carriers"][0] if e["carriers"] else None
        if c is None:
            return "/events"
        gid = group_of_claim.get(c.get("claim_id") or "")
        if gid:
            return f"/claims/{quote(gid, safe='')}"
        return f"/reports/{quote(c['report_id'], safe='')}" + (f"#claim-{c['claim_id']}" if c.get("claim_id") else "")
    return href


def _kept_page(snap: Snapshot, key: tuple, render) -> HTMLResponse:
    """The page ``render()`` makes, kept per state of the store under ``key`` (its route and parameters): the
    map, timeline and network of one filter are the same for every visitor until the store changes, and
    drawing them again (the timeline also looks up where its events link) costs tens of milliseconds."""
    return HTMLResponse(snap.memo(("page",) + key, lambda: bytes(render().body)))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: query.ClaimFilter = FilterDep,
             region: str | None = Query(None, max_length=40, description=", ".join(worldmap.REGIONS)),
             lat: float | None = Query(None, ge=-90, le=90), lon: float | None = Query(None, ge=-180, le=180),
             zoom: float | None = Query(None, ge=1, le=worldmap.MAX_ZOOM), snap: Snapshot = SnapshotDep):
    return _kept_page(snap, ("map", f, region, lat, lon, zoom),
                      lambda: _map_page(request, f, region, lat, lon, zoom, snap))


def _map_page(request: Request, f: query.ClaimFilter, region: str | None, lat: float | None, lon: float | None,
              zoom: float | None, snap: Snapshot) -> HTMLResponse:
    got = _filtered(request, snap, f)
    groups, events_ = got.groups, got.events
    markers = worldmap.markers_from(events_, [got.facets[g["id"]].places for g in groups if g["id"] in got.facets])
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
                   claims_total=got.claims_total, events_total=got.events_total, cap=COUNT_CAP)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, f: query.ClaimFilter = FilterDep, snap: Snapshot = SnapshotDep):
    return _kept_page(snap, ("timeline", f), lambda: _timeline_page(request, f, snap))


def _timeline_page(request: Request, f: query.ClaimFilter, snap: Snapshot) -> HTMLResponse:
    got = _filtered(request, snap, f)
    groups, events_ = got.groups, got.events
    event_groups = got.event_groups if got.event_groups is not None else _event_groups(snap, events_)
    items = timeline.items_from(events_, groups, got.facets, _event_href(event_groups),
                                lambda g: f"/claims/{quote(g['id'], safe='')}")
    if f.date_from or f.date_to:  # claims pass the filter on any of their dates; show only the dates in range
        items = [i for i in items if query.overlaps(i.period.start, i.period.end, f.date_from, f.date_to)]
    periods = [{"g": group, "claims": query.filter_url("/", f, date_from=group.date_from, date_to=group.date_to),
                "map": query.filter_url("/map", f, date_from=group.date_from, date_to=group.date_to),
                "network": query.filter_url("/network", f, date_from=group.date_from, date_to=group.date_to),
                "here": query.filter_url("/timeline", f, date_from=group.date_from, date_to=group.date_to),
                "listed": group.items[:_TIMELINE_LISTED], "unlisted": max(0, len(group.items) - _TIMELINE_LISTED)}
               for group in timeline.group_items(items)]
    strip = timeline.overview_svg(items, href=lambda month: query.filter_url("/timeline", f, date_from=month,
                                                                             date_to=month))
    undated = sum(1 for e in events_ if not e.get("date"))
    return _render(request, "timeline.html", periods=periods, strip=strip, total=len(items), f=f,
                   linked=_linked(f, "/timeline"), undated=undated)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, f: query.ClaimFilter = FilterDep, snap: Snapshot = SnapshotDep):
    return _kept_page(snap, ("network", f), lambda: _network_page(request, f, snap))


def _network_page(request: Request, f: query.ClaimFilter, snap: Snapshot) -> HTMLResponse:
    got = _filtered(request, snap, f)
    groups, events_ = got.groups, got.events
    net = netview.build(events_, {g["id"]: got.facets[g["id"]] for g in groups if g["id"] in got.facets})
    svg = netview.network_svg(net, lambda name: query.filter_url("/", f, actor=name))
    actors = [{"name": n, "weight": net.weights[n], "claims": query.filter_url("/", f, actor=n),
               "map": query.filter_url("/map", f, actor=n), "timeline": query.filter_url("/timeline", f, actor=n),
               "network": query.filter_url("/network", f, actor=n)}
              for n in sorted(net.nodes, key=lambda n: (-net.weights[n], n))]
    acts = [e for e in net.edges if e.events]
    return _render(request, "network.html", svg=svg, actors=actors, acts=acts, f=f, linked=_linked(f, "/network"))

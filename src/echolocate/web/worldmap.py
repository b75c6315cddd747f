"""The map: markers for the places events and claims are about, over offline world outlines, as SVG.

Markers aggregate by located place (name and coordinates); their look says how precise the
place is (a country is a dashed ring around its centre, a town a solid dot) so nobody reads
a country's centroid as a spot on the ground. The view is a viewBox: ``view_for`` turns the
query parameters (region, or centre and zoom) into one, so zooming and panning work without
JavaScript; static/map.js only moves the same viewBox with the wheel and the mouse.
Every piece of text is escaped here: place names come from untrusted reports.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from markupsafe import Markup

from echolocate.web import geo
from echolocate.web.query import PlaceRef

# regions as (west, south, east, north) in degrees: generic world regions, nothing corpus-specific
REGIONS = {
    "world": (-180.0, -60.0, 180.0, 85.0),
    "europe": (-25.0, 34.0, 45.0, 72.0),
    "middle-east-north-africa": (-18.0, 10.0, 63.0, 44.0),
    "africa": (-20.0, -36.0, 55.0, 38.0),
    "asia": (25.0, -11.0, 150.0, 60.0),
    "americas": (-170.0, -56.0, -30.0, 75.0),
    "oceania": (95.0, -50.0, 180.0, 5.0),
}
MAX_ZOOM = 64.0
_MIN_FIT_WIDTH = 40.0  # SVG units (20 degrees): fitting one town does not zoom to a street


@dataclass(frozen=True)
class View:
    x: float
    y: float
    w: float
    h: float

    @property
    def zoom(self) -> float:
        return geo.WIDTH / self.w

    @property
    def center(self) -> tuple[float, float]:
        """(lon, lat) of the middle of the view."""
        return geo.unproject(self.x + self.w / 2, self.y + self.h / 2)

    @property
    def box(self) -> geo.Box:
        return self.x, self.y, self.w, self.h

    def viewbox(self) -> str:
        return f"{self.x:.2f} {self.y:.2f} {self.w:.2f} {self.h:.2f}"


@dataclass(frozen=True)
class Marker:
    place: PlaceRef
    events: int
    claims: int

    @property
    def weight(self) -> int:
        return self.events + self.claims


def _clamped(cx: float, cy: float, w: float) -> View:
    w = min(max(w, geo.WIDTH / MAX_ZOOM), geo.WIDTH)
    h = w / 2
    x = min(max(cx - w / 2, 0.0), geo.WIDTH - w)
    y = min(max(cy - h / 2, 0.0), geo.HEIGHT - h)
    return View(x, y, w, h)


def view_of_box(west: float, south: float, east: float, north: float, pad: float = 0.1) -> View:
    """The 2:1 view holding the box (degrees), with ``pad`` of its size around it."""
    x0, y0 = geo.project(west, north)
    x1, y1 = geo.project(east, south)
    w, h = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    return _clamped((x0 + x1) / 2, (y0 + y1) / 2, max(w, 2 * h, _MIN_FIT_WIDTH))


def fit(markers: list[Marker]) -> View:
    """The view that shows every marker, or the world if there are none."""
    located = [m.place for m in markers if m.place.lat is not None and m.place.lon is not None]
    if not located:
        return view_of_box(*REGIONS["world"], pad=0)
    lons, lats = [p.lon for p in located], [p.lat for p in located]
    return view_of_box(min(lons), min(lats), max(lons), max(lats), pad=0.15)


def view_for(markers: list[Marker], region: str | None = None, lat: float | None = None, lon: float | None = None,
             zoom: float | None = None) -> View:
    """The view asked for: a named region, else a centre and zoom (either may be left out), else fit the markers."""
    if region in REGIONS:
        return view_of_box(*REGIONS[region], pad=0)
    if lat is None and lon is None and zoom is None:
        return fit(markers)
    base = fit(markers)
    base_lon, base_lat = base.center
    cx, cy = geo.project(base_lon if lon is None else lon, base_lat if lat is None else lat)
    width = base.w if zoom is None else geo.WIDTH / min(max(zoom, 1.0), MAX_ZOOM)
    return _clamped(cx, cy, width)


def nav_params(view: View) -> dict[str, dict[str, str]]:
    """Query parameters of the no-JavaScript controls: zoom in and out, and a half-view step each way."""
    lon, lat = view.center
    step_lon, step_lat = view.w / geo.SCALE / 2, view.h / geo.SCALE / 2

    def at(lon_: float, lat_: float, zoom: float) -> dict[str, str]:
        return {"lat": f"{max(-85.0, min(85.0, lat_)):.3f}", "lon": f"{max(-180.0, min(180.0, lon_)):.3f}",
                "zoom": f"{min(max(zoom, 1.0), MAX_ZOOM):g}"}

    z = round(view.zoom, 3)
    return {"zoom in": at(lon, lat, z * 2), "zoom out": at(lon, lat, z / 2),
            "north": at(lon, lat + step_lat, z), "south": at(lon, lat - step_lat, z),
            "west": at(lon - step_lon, lat, z), "east": at(lon + step_lon, lat, z)}


def markers_from(events: list[dict], claim_places: list[tuple[PlaceRef, ...]]) -> list[Marker]:
    """One marker per located place, counting the events there and the claims naming it; busiest first."""
    counts: dict[tuple, list] = {}
    for e in events:
        p = e.get("place") or {}
        if p.get("lat") is None or p.get("lon") is None:
            continue
        ref = PlaceRef(p["name"], float(p["lat"]), float(p["lon"]), p.get("precision"), p.get("country_code"))
        counts.setdefault((ref.name, ref.lat, ref.lon), [ref, 0, 0])[1] += 1
    for places in claim_places:
        for ref in places:
            if ref.lat is None or ref.lon is None:
                continue
            entry = counts.setdefault((ref.name, ref.lat, ref.lon), [ref, 0, 0])
            entry[2] += 1
            if entry[0].precision is None:
                entry[0] = ref
    markers = [Marker(ref, ev, cl) for ref, ev, cl in counts.values()]
    return sorted(markers, key=lambda m: (-m.weight, m.place.name))


def marker_radius(marker: Marker) -> float:
    """Radius at world scale, in SVG units: grows with the square root of what is there."""
    return 2.0 + 1.2 * math.sqrt(marker.weight)


def _around(view: View, factor: float) -> geo.Box:
    """A box ``factor`` times the view's size, centred on it, rounded so nearby views share one cached outline."""
    w, h = view.w * factor, view.h * factor
    cx, cy = view.x + view.w / 2, view.y + view.h / 2
    grid = max(10.0, round(w / 4))
    return (round((cx - w / 2) / grid) * grid, round((cy - h / 2) / grid) * grid, round(w / grid + 1) * grid,
            round(h / grid + 1) * grid)


def outlines(view: View, clip: bool) -> geo.WorldPaths:
    """Outlines as detailed as the zoom needs: the cached coarse world, finer crude outlines near the view from
    ``ZOOMED`` on, basemap's low resolution from ``DETAILED`` on. Close-ups carry room to pan around the view,
    or only the view itself when ``clip`` (a printed map cannot pan)."""
    if view.zoom < ZOOMED:
        return geo.world_paths(view.box if clip else None)
    box = view.box if clip else _around(view, 1.5)
    return geo.world_paths(box, "l" if view.zoom >= DETAILED else "c", True)


def warm() -> None:
    """Load the outlines and build their path data now (once per process; the snapshot's background warm-up
    calls this), so the first map, and the first close-up of each detail level, does not wait for them."""
    geo.world_paths(None)
    for resolution in ("c", "l"):
        for shape in geo.world_shapes(resolution, True):
            shape.d  # noqa: B018 (a cached property: building it is the point)


DETAILED = 8.0
ZOOMED = 3.0  # from this zoom on, every marker is labelled; below it only the ``labelled`` busiest ones


def map_svg(markers: list[Marker], view: View, href, clip: bool = False, css_class: str = "worldmap",
            width: int | None = None, labelled: int = 12) -> Markup:
    """The map as inline SVG. ``href(marker)`` gives each marker's link; ``clip`` keeps only outlines in view
    (smaller, for the briefing, which cannot pan). Unlabelled markers still name their place on hover."""
    e = html.escape
    world = outlines(view, clip)
    scale = view.w / geo.WIDTH  # markers and labels keep their size on screen whatever the zoom
    size = f' width="{width}" height="{width // 2}"' if width else ""
    if view.zoom >= ZOOMED:
        css_class += " zoomed"
    major = {id(m) for m in sorted(markers, key=lambda m: -m.weight)[:labelled]}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{e(css_class)}" viewBox="{view.viewbox()}"{size} '
           f'data-world="0 0 {geo.WIDTH:g} {geo.HEIGHT:g}" role="img" '
           f'aria-label="map of {len(markers)} places named by events and claims">',
           f'<rect class="sea" x="0" y="0" width="{geo.WIDTH:g}" height="{geo.HEIGHT:g}" fill="#dfeaf3"/>',
           f'<path class="land" d="{world.land}" fill="#f4f1e8" stroke="#8a9aa8"/>',
           f'<path class="lake" d="{world.lakes}" fill="#dfeaf3"/>',
           f'<path class="border" d="{world.borders}" fill="none" stroke="#b7a493"/>',
           '<g class="markers">']
    for m in sorted(markers, key=lambda m: -m.weight):  # small markers drawn last, on top of big ones
        p = m.place
        x, y = geo.project(p.lon, p.lat)
        precision = p.precision or "unknown"
        kind = "marker-country" if precision == "country" else "marker-region" if precision in (
            "region", "admin1", "area", "sea") else "marker-point"
        what = f"{p.name} ({precision}): {m.events} event(s), {m.claims} claim(s)"
        r = marker_radius(m)
        if id(m) not in major:
            kind += " minor"
        out.append(f'<a href="{e(href(m))}" class="marker {kind}"><title>{e(what)}</title>'
                   f'<g transform="translate({x:.2f} {y:.2f})"><g class="m-scale" transform="scale({scale:.4f})">'
                   f'<circle r="{r:.2f}"/><text x="{r + 1.5:.2f}" y="1.5">{e(p.name)}</text></g></g></a>')
    out.append("</g></svg>")
    return Markup("".join(out))

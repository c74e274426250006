"""Regenerate ``static/vendor/world-110m.svg``, the offline background of the events map.

The source is ``countries-110m.json`` of the npm package world-atlas 2 (ISC licence; Natural
Earth data, public domain): ``npm install world-atlas@2`` somewhere, then

    python -m svodka.api.worldmap node_modules/world-atlas/countries-110m.json

The TopoJSON arcs are decoded and drawn in an equirectangular projection (x = longitude,
y = -latitude, viewBox -180 -90 360 180), the frame the events map puts its markers in; the
map page draws the group ``#world`` with ``<use>`` (strokes keep their width when zoomed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "static" / "vendor" / "world-110m.svg"


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def _unwrap(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring crossing the antimeridian made continuous (longitudes beyond +-180), and its
    copy shifted by 360 degrees so that both halves show inside the map's frame."""
    out = [ring[0]] if ring else []
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    copies = [out]
    if any(lon > 180 for lon, _ in out):
        copies.append([(lon - 360, lat) for lon, lat in out])
    if any(lon < -180 for lon, _ in out):
        copies.append([(lon + 360, lat) for lon, lat in out])
    return copies


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in (copy for r in rings for copy in _unwrap(r)):
        coords = []
        last = None
        for lon, lat in ring:
            p = (round(lon, 1), round(-lat, 1))
            if p != last:
                coords.append(f"{p[0]:g},{p[1]:g}")
                last = p
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def svg(topo: dict[str, Any]) -> str:
    arcs = _arcs(topo)
    paths = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        d = _path([_ring(arcs, ring) for poly in polygons for ring in poly])
        if d:
            paths.append(f'<path d="{d}" vector-effect="non-scaling-stroke"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180" '
            'preserveAspectRatio="none">\n<!-- world-atlas 2 countries-110m (ISC), Natural '
            'Earth (public domain); see LICENSE-world-atlas -->\n'
            '<g id="world" fill="#f1f3f5" stroke="#adb5bd" stroke-width="0.7" '
            'stroke-linejoin="round">\n'
            + "\n".join(paths) + "\n</g>\n</svg>\n")


def main(argv: list[str]) -> None:
    src = Path(argv[0]) if argv else Path("node_modules/world-atlas/countries-110m.json")
    OUT.write_text(svg(json.loads(src.read_text(encoding="utf-8"))), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])

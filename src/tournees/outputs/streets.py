"""Streets drawn under routes, offline: from the road network's edges, with names from the road file.

The road network (arrays) carries the shape of every edge but not its name; the names come
from the OpenStreetMap road file itself, read once and cached beside the networks (a JSON
file keyed by the file's content), so a map can label its faint background streets.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tournees.network.roads import RoadNetwork

log = logging.getLogger(__name__)
Line = list[tuple[float, float]]
BBox = tuple[float, float, float, float]  # south, west, north, east
CACHE_VERSION = 1


def bbox_of(points: Sequence[tuple[float, float]], margin: float = 0.15) -> BBox | None:
    """The points' box widened by ``margin`` of its size (at least about 300 m)."""
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    dl, dn = max(max(lats) - min(lats), 0.006) * margin, max(max(lons) - min(lons), 0.009) * margin
    return min(lats) - dl, min(lons) - dn, max(lats) + dl, max(lons) + dn


def edge_lines(roads: RoadNetwork, box: BBox, *, limit: int = 6000) -> list[Line]:
    """The road network's edges inside ``box`` (one direction of each two-way street)."""
    s, w, n, e = box
    lat_u, lon_u = roads.lat[roads.eu], roads.lon[roads.eu]
    lat_v, lon_v = roads.lat[roads.ev], roads.lon[roads.ev]
    inside = ((lat_u >= s) & (lat_u <= n) & (lon_u >= w) & (lon_u <= e)) | (
        (lat_v >= s) & (lat_v <= n) & (lon_v >= w) & (lon_v <= e)
    )
    inside &= roads.eu < roads.ev  # a two-way street is drawn once
    found = [roads.geom[roads.geom_offsets[i] : roads.geom_offsets[i + 1]] for i in np.flatnonzero(inside)[:limit]]
    return [[(float(a), float(b)) for a, b in g] for g in found]


def named_streets(road_file: Path, cache_dir: Path | None, box: BBox) -> dict[str, list[Line]]:
    """Street name -> its pieces inside ``box``, from the road file (cached)."""
    everything = _all_named(road_file, cache_dir)
    s, w, n, e = box
    found: dict[str, list[Line]] = {}
    for name, lines in everything.items():
        for line in lines:
            if any(s <= a <= n and w <= b <= e for a, b in line):
                found.setdefault(name, []).append([(a, b) for a, b in line])
    return found


def _all_named(road_file: Path, cache_dir: Path | None) -> dict[str, list[list[list[float]]]]:
    from tournees.network import cache

    key = cache.key_for(road_file, kind="streets", version=CACHE_VERSION) if road_file.exists() else None
    cached = Path(cache_dir) / f"streets-{key}.json.gz" if cache_dir is not None and key else None
    if cached is not None and cached.exists():
        try:
            return json.loads(gzip.decompress(cached.read_bytes()))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            log.warning("cache des noms de rues illisible, reconstruit : %s", cached)
    from tournees.network.graph import load_graph

    graph = load_graph(road_file, network="drive")
    found: dict[str, list[list[list[float]]]] = {}
    seen: set[tuple[int, int]] = set()
    for u, v, data in graph.edges(data=True):
        name = data.get("name")
        if isinstance(name, list):
            name = " / ".join(str(x) for x in name)
        if not name or (v, u) in seen or (u, v) in seen:
            continue
        seen.add((u, v))
        geometry = data.get("geometry")
        coords = (
            [(y, x) for x, y in geometry.coords]
            if geometry is not None
            else [(graph.nodes[u]["y"], graph.nodes[u]["x"]), (graph.nodes[v]["y"], graph.nodes[v]["x"])]
        )
        found.setdefault(str(name), []).append([[round(a, 5), round(b, 5)] for a, b in coords])
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(json.dumps(found, ensure_ascii=False).encode("utf-8")))
        tmp.replace(cached)
    return found

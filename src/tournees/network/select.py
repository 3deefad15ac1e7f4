"""Which road network a plan uses: the user's files, chosen from the extent of the plan's places.

Candidates are ``settings.roads`` (``roads`` in ``tournees.toml``, ``TOURNEES_ROADS`` or
``--roads``), else every road file under ``data_dir/roads``. The first candidate whose
extent holds every place is taken; a raw OSM file is clipped to the places' box plus
``roads_margin_km`` before its graph is built (both cached). Places that no candidate
holds are named in an input error. With ``roads_download``, their area is downloaded from
OpenStreetMap once instead (cached as GraphML; offline, a quick clear error).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tournees.errors import NetworkError
from tournees.network import cache
from tournees.network.osm import BBox, header_bbox, is_raw, is_road_file, scanned_bbox
from tournees.network.roads import Place, RoadNetwork
from tournees.settings import CONFIG_FILE, Settings

log = logging.getLogger(__name__)
_GRID = 0.01  # degrees (about 1 km): clipped boxes are widened to this grid, so nearby plans share one cached graph
_EDGE_M = 300.0  # a place this close outside a file's box still counts as inside (roads reach it)
_extents: dict[tuple[str, str], BBox] = {}


def candidate_files(settings: Settings) -> list[Path]:
    """The configured road files, or those of ``data_dir/roads`` when none is configured."""
    if settings.roads:
        missing = [str(p) for p in settings.roads if not p.is_file()]
        if missing:
            raise NetworkError(
                f"réseau routier introuvable : {', '.join(missing)} (réglage roads, TOURNEES_ROADS ou --roads)"
            )
        return list(settings.roads)
    folder = Path(settings.data_dir) / "roads"
    return sorted(p for p in folder.rglob("*") if is_road_file(p)) if folder.is_dir() else []


def file_extent(path: Path, cache_dir: Path) -> BBox:
    """The (south, west, north, east) box of a road file: its header, else its roads (cached)."""
    key = cache.key_for(path, what="extent")
    if (path.name, key) in _extents:
        return _extents[(path.name, key)]
    hit = cache.load(cache_dir, "extent", key)
    if hit is not None:
        box = tuple(float(v) for v in hit["bbox"])
    else:
        if is_raw(path):
            found = header_bbox(path) or scanned_bbox(path)
            if found is None:
                raise NetworkError(f"{path} : aucune route (way highway) dans ce fichier")
            box = found
        else:
            roads = RoadNetwork.from_file(path, cache_dir=cache_dir)
            box = (float(roads.lat.min()), float(roads.lon.min()), float(roads.lat.max()), float(roads.lon.max()))
        cache.save(cache_dir, "extent", key, {"bbox": np.array(box)})
    _extents[(path.name, key)] = box  # type: ignore[assignment]
    return box  # type: ignore[return-value]


def _inside(box: BBox, lat: float, lon: float) -> bool:
    dlat = _EDGE_M / 111_320
    dlon = dlat / max(math.cos(math.radians(lat)), 0.1)
    return box[0] - dlat <= lat <= box[2] + dlat and box[1] - dlon <= lon <= box[3] + dlon


def places_bbox(places: Sequence[Place], margin_km: float) -> BBox:
    """The places' box widened by ``margin_km`` and aligned outward on a coarse grid."""
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    dlat = margin_km / 111.32
    dlon = dlat / max(math.cos(math.radians(sum(lats) / len(lats))), 0.1)

    def down(v: float) -> float:
        return round(math.floor(v / _GRID) * _GRID, 5)

    def up(v: float) -> float:
        return round(math.ceil(v / _GRID) * _GRID, 5)

    return down(min(lats) - dlat), down(min(lons) - dlon), up(max(lats) + dlat), up(max(lons) + dlon)


def choose_file(settings: Settings, places: Sequence[Place]) -> Path | None:
    """The first candidate file whose extent holds every place; None when no candidate exists at all
    and a download is allowed. A clear input error otherwise."""
    files = candidate_files(settings)
    cache_dir = Path(settings.cache_dir)
    outside = {p.id: p for p in places}
    for path in files:
        box = file_extent(path, cache_dir)
        out = [p for p in places if not _inside(box, p.lat, p.lon)]
        if not out:
            return path
        for p in places:
            if _inside(box, p.lat, p.lon):
                outside.pop(p.id, None)
    if settings.roads_download:
        return None
    if not files:
        raise NetworkError(
            f"aucun réseau routier déclaré : indiquez un fichier OpenStreetMap (.osm.pbf, .osm, .osm.bz2, .graphml) "
            f"avec --roads, le réglage roads de {CONFIG_FILE} ou TOURNEES_ROADS "
            "(voir « Votre territoire » dans le README)."
        )
    names = ", ".join(p.name for p in files)
    if outside:
        listed = "; ".join(f"{p.id} ({p.lat:.5f}, {p.lon:.5f})" for p in list(outside.values())[:20])
        raise NetworkError(
            f"{len(outside)} lieu(x) hors de tout réseau routier déclaré ({names}) : {listed}. "
            "Vérifiez leurs coordonnées ou déclarez un réseau qui les couvre (réglage roads)."
        )
    raise NetworkError(
        f"les lieux du plan sont répartis sur plusieurs réseaux routiers ({names}) et aucun ne les couvre tous : "
        "déclarez un fichier qui couvre toute la zone du plan (réglage roads)."
    )


def network_for(settings: Settings, places: Sequence[Place], *, network: str = "drive") -> RoadNetwork:
    """The road network (``drive`` or ``walk``) of the file that holds ``places``, clipped and cached."""
    if not places:
        raise NetworkError("aucun lieu à placer sur le réseau routier")
    return network_from(settings, places, choose_file(settings, places), network=network)


def network_from(
    settings: Settings, places: Sequence[Place], path: Path | None, *, network: str = "drive"
) -> RoadNetwork:
    """The road network of ``path`` (as :func:`choose_file` chose it for ``places``; None: downloaded), clipped to
    the places' area when the file is larger, and cached."""
    box = places_bbox(places, settings.roads_margin_km)
    if path is None:
        from tournees.network.download import download_area

        path = download_area(box, Path(settings.cache_dir), network=network)
        return RoadNetwork.from_file(path, network=network, cache_dir=settings.cache_dir)
    clip = box if is_raw(path) and not _holds(box, file_extent(path, Path(settings.cache_dir))) else None
    log.info("réseau %s : %s%s", network, path, "" if clip is None else f" (zone {json.dumps(clip)})")
    return RoadNetwork.from_file(path, network=network, cache_dir=settings.cache_dir, bbox=clip)


def _holds(inner: BBox, outer: BBox) -> bool:
    """Whether ``inner`` covers ``outer`` (no clipping needed: the file is no larger than the plan's area)."""
    return inner[0] <= outer[0] and inner[1] <= outer[1] and inner[2] >= outer[2] and inner[3] >= outer[3]

"""Raw OpenStreetMap files (``.osm.pbf``, ``.osm``, ``.osm.bz2``) read with pyosmium.

A regional extract (a Geofabrik PBF of hundreds of MB) is far larger than the area a plan
needs, and OSMnx reads XML in pure Python: only the ways tagged ``highway`` that touch the
wanted bounding box are written out, as OSM XML, for OSMnx to build the graph from. Node
locations come from pyosmium's compiled location index, so a way crossing the box is kept
whole; a way whose nodes are partly missing from the file (extracts cut by a box) is split
into the runs of nodes present, which OSMnx accepts.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from tournees.errors import NetworkError

RAW_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".xml")
GRAPHML_SUFFIXES = (".graphml", ".graphml.gz")
BBox = tuple[float, float, float, float]  # south, west, north, east (degrees)


def is_raw(path: Path) -> bool:
    return path.name.lower().endswith(RAW_SUFFIXES)


def is_road_file(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(RAW_SUFFIXES + GRAPHML_SUFFIXES)


def _unreadable(path: Path) -> NetworkError:
    """libosmium's own words stay for --debug; the planner reads what to do."""
    return NetworkError(
        f"{path} : fichier OpenStreetMap illisible (abîmé, tronqué ou d'un autre format) : téléchargez-le de nouveau"
    )


def header_bbox(path: Path) -> BBox | None:
    """The bounding box written in the file's header (Geofabrik extracts carry one), if any."""
    import osmium

    try:
        reader = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING)
        try:
            box = reader.header().box()
        finally:
            reader.close()
    except RuntimeError as exc:  # libosmium: corrupt, truncated or not OpenStreetMap at all
        raise _unreadable(path) from exc
    if not box.valid():
        return None
    return (box.bottom_left.lat, box.bottom_left.lon, box.top_right.lat, box.top_right.lon)


def scanned_bbox(path: Path) -> BBox | None:
    """The box of the nodes of the file's ``highway`` ways (one pass; for files without a header box)."""
    south = west = float("inf")
    north = east = float("-inf")
    for way in _highway_ways(path):
        for node in way.nodes:
            if node.location.valid():
                lat, lon = node.location.lat, node.location.lon
                south, north, west, east = min(south, lat), max(north, lat), min(west, lon), max(east, lon)
    return None if south == float("inf") else (south, west, north, east)


def _highway_ways(path: Path):  # type: ignore[no-untyped-def]
    import osmium

    try:
        return (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
    except RuntimeError as exc:
        raise _unreadable(path) from exc


def roads_to_xml(path: Path, out: Path, bbox: BBox | None = None) -> int:
    """Write the ``highway`` ways of ``path`` touching ``bbox`` (all when None) as OSM XML; the number of ways."""
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[tuple[int, list[list[int]], dict[str, str]]] = []
    try:
        for way in _highway_ways(path):
            refs = [
                (n.ref, n.location.lat, n.location.lon) if n.location.valid() else (n.ref, None, None)
                for n in way.nodes
            ]
            if bbox is not None and not any(
                lat is not None and bbox[0] <= lat <= bbox[2] and bbox[1] <= lon <= bbox[3] for _, lat, lon in refs  # type: ignore[operator]
            ):
                continue
            runs, run = [], []  # type: ignore[var-annotated]
            for ref, lat, lon in refs:
                if lat is None:
                    if len(run) >= 2:
                        runs.append(run)
                    run = []
                    continue
                nodes[ref] = (lat, lon)  # type: ignore[assignment]
                run.append(ref)
            if len(run) >= 2:
                runs.append(run)
            if runs:
                ways.append((way.id, runs, {t.k: t.v for t in way.tags}))
    except RuntimeError as exc:  # libosmium: truncated or corrupt file
        raise _unreadable(path) from exc
    if not ways:
        where = "" if bbox is None else f" dans la zone {bbox[0]:.4f},{bbox[1]:.4f} – {bbox[2]:.4f},{bbox[3]:.4f}"
        raise NetworkError(f"{path} : aucune route (way highway) lue{where}")
    extra_id = -1
    with out.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="tournees">\n')
        for nid, (lat, lon) in nodes.items():
            fh.write(f'<node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        for wid, runs, tags in ways:
            for i, part in enumerate(runs):
                way_id = wid if i == 0 else extra_id
                extra_id -= i > 0
                fh.write(f'<way id="{way_id}">')
                fh.write("".join(f'<nd ref="{r}"/>' for r in part))
                fh.write("".join(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()))
                fh.write("</way>\n")
        fh.write("</osm>\n")
    return len(ways)

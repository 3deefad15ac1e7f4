"""Loading road graphs from files, with speeds and travel times on every edge.

Formats: OSM XML (``.osm``, ``.osm.bz2``), PBF (``.osm.pbf``, read with pyosmium) and
GraphML (``.graphml``, ``.graphml.gz``). ``network="drive"`` keeps the drivable road
classes and one-way rules; ``network="walk"`` keeps what a pedestrian may use, both ways.
Speeds come from ``maxspeed`` where tagged, French defaults per road class elsewhere;
a graph with no road class (the Orléans sample has ``highway=road`` everywhere) falls
back to the mean of the tagged speeds, and says so in the log and in ``graph.graph``.
"""

from __future__ import annotations

import bz2
import gzip
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from tournees.errors import NetworkError
from tournees.network.osm import BBox, is_raw, roads_to_xml
from tournees.network.speeds import DRIVE_CLASSES, DRIVE_KPH, NO_DRIVE_SERVICE, NO_WALK_CLASSES, WALK_KPH, maxspeed_kph

log = logging.getLogger(__name__)
NETWORKS = ("drive", "walk")


def load_graph(path: str | Path, *, network: str = "drive", fallback_kph: float = 40.0, bbox: BBox | None = None) -> nx.MultiDiGraph:
    """A directed road graph with ``speed_kph``, ``travel_time`` (s) and ``length`` (m) on edges.

    ``bbox`` (south, west, north, east) clips a raw OSM file to the ways touching it before
    the graph is built (GraphML files are read whole).
    """
    import osmnx as ox

    if network not in NETWORKS:
        raise NetworkError(f"réseau « {network} » inconnu : valeurs permises {', '.join(NETWORKS)}")
    path = Path(path)
    if not path.exists():
        raise NetworkError(f"réseau routier introuvable : {path}")
    name = path.name.lower()
    try:
        if name.endswith(".graphml.gz"):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                graph = ox.load_graphml(graphml_str=fh.read())
        elif name.endswith(".graphml"):
            graph = ox.load_graphml(path)
        elif is_raw(path):
            if name.endswith((".osm", ".osm.bz2", ".xml")):
                _check_xml(path)
            graph = _graph_from_raw(path, network, bbox)
        else:
            raise NetworkError(f"{path} : format de réseau non reconnu (attendu .osm, .osm.bz2, .osm.pbf, .graphml ou .graphml.gz)")
    except NetworkError:
        raise
    except (OSError, EOFError, ValueError, KeyError, ParseError, RuntimeError) as exc:
        raise NetworkError(f"{path} : fichier de réseau illisible ({type(exc).__name__}: {exc})") from exc
    graph = _keep(graph, network)
    if graph.number_of_edges() == 0:
        raise NetworkError(f"{path} : le réseau ne contient aucune route utilisable ({network})")
    return _add_speeds(graph, path.name, network, fallback_kph)


def _classes(data: dict) -> list[str]:
    value = data.get("highway")
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _keep(graph: nx.MultiDiGraph, network: str) -> nx.MultiDiGraph:
    """Only the edges of the wanted network (GraphML files are taken as they are)."""
    all_classes = {c for _, _, d in graph.edges(data=True) for c in _classes(d)}
    if all_classes <= {"road", "None"}:
        return graph  # no road class to filter on
    drop = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        classes = set(_classes(d))
        access = str(d.get("access", ""))
        if network == "drive":
            ok = (bool(classes & DRIVE_CLASSES) and access not in ("no", "private") and d.get("area") != "yes"
                  and str(d.get("service", "")) not in NO_DRIVE_SERVICE
                  and str(d.get("motor_vehicle", "")) not in ("no", "private") and str(d.get("motorcar", "")) != "no")
        else:
            ok = not classes <= NO_WALK_CLASSES and str(d.get("foot", "")) != "no" and access != "private"
        if not ok:
            drop.append((u, v, k))
    graph = graph.copy()
    graph.remove_edges_from(drop)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


def _add_speeds(graph: nx.MultiDiGraph, name: str, network: str, fallback_kph: float) -> nx.MultiDiGraph:
    import osmnx as ox

    if network == "walk":
        for _, _, d in graph.edges(data=True):
            d["speed_kph"] = WALK_KPH
        graph.graph["speed_assumption"] = f"walking at {WALK_KPH} km/h"
        return ox.add_edge_travel_times(graph)
    classes = {c for _, _, d in graph.edges(data=True) for c in _classes(d)}
    if classes <= {"road", "None"}:
        graph = ox.add_edge_speeds(graph, fallback=fallback_kph)
        # Stated in the log and kept on the graph so that outputs can say it too.
        graph.graph["speed_assumption"] = "no road class: missing speeds = mean of the tagged maxspeed values"
        log.info("%s : aucune classe de route ; vitesses manquantes = moyenne des maxspeed connus", name)
    else:
        for _, _, d in graph.edges(data=True):  # French implicit limits (FR:urban…) as numbers OSMnx can read
            if "maxspeed" in d:
                d["maxspeed"] = maxspeed_kph(d["maxspeed"])
                if d["maxspeed"] is None:
                    del d["maxspeed"]
        graph = ox.add_edge_speeds(graph, hwy_speeds=DRIVE_KPH, fallback=fallback_kph)
        graph.graph["speed_assumption"] = "maxspeed where tagged, French defaults per road class elsewhere"
    return ox.add_edge_travel_times(graph)


def _check_xml(path: Path) -> None:
    """A clear error for an empty or truncated XML file before OSMnx reads it."""
    opener = bz2.open if path.name.lower().endswith(".bz2") else open
    with opener(path, "rb") as fh:
        head = fh.read(200)
    if b"<osm" not in head:
        raise NetworkError(f"{path} : ce n'est pas un fichier OpenStreetMap XML (balise <osm> absente)")


@contextmanager
def _with_tags() -> Iterator[None]:
    """OSMnx keeps only some way tags: add those the drive and walk filters read."""
    import osmnx as ox

    saved = list(ox.settings.useful_tags_way)
    ox.settings.useful_tags_way = saved + [t for t in ("motor_vehicle", "motorcar", "foot") if t not in saved]
    try:
        yield
    finally:
        ox.settings.useful_tags_way = saved


def _graph_from_raw(path: Path, network: str, bbox: BBox | None) -> nx.MultiDiGraph:
    """Highway ways of a raw OSM file (clipped to ``bbox``) as an OSMnx graph, through pyosmium."""
    import osmnx as ox

    with tempfile.TemporaryDirectory() as tmp, _with_tags():
        xml = Path(tmp) / "roads.osm"
        roads_to_xml(path, xml, bbox)
        return ox.graph_from_xml(xml, bidirectional=network == "walk", retain_all=True)


def largest_component(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The largest strongly connected part: every place in it can reach every other."""
    nodes = max(nx.strongly_connected_components(graph), key=len)
    return graph.subgraph(nodes).copy()


def graph_from_osm_online(query: str | tuple[float, float, float, float], *, network: str = "drive",
                          cache_dir: str | Path) -> nx.MultiDiGraph:
    """Download a road graph by place name or bounding box (west, south, east, north).

    Needs the internet once: the download is saved as GraphML in ``cache_dir`` under a key
    of the query, and read from there afterwards (tests only ever read the cache).
    """
    from tournees.network.download import download_to

    if network not in NETWORKS:
        raise NetworkError(f"réseau « {network} » inconnu : valeurs permises {', '.join(NETWORKS)}")
    return load_graph(download_to(query, cache_dir, network=network), network=network)

"""Loading road graphs from files, with speeds and travel times on every edge.

GraphML (plain or gzipped) is read with OSMnx. Speeds come from ``maxspeed``
where tagged; elsewhere OSMnx fills the mean of the known speeds per road class.
A graph without road classes (the Orléans sample has ``highway=road`` everywhere)
is said so in the log.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from tournees.errors import NetworkError

log = logging.getLogger(__name__)


def load_graph(path: str | Path, *, fallback_kph: float = 40.0) -> nx.MultiDiGraph:
    """A directed road graph with ``speed_kph`` and ``travel_time`` (s) on edges."""
    import osmnx as ox

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
        else:
            raise NetworkError(f"{path} : format de réseau non reconnu (attendu .graphml ou .graphml.gz)")
    except NetworkError:
        raise
    except (OSError, EOFError, ValueError, KeyError, ParseError) as exc:
        raise NetworkError(f"{path} : fichier de réseau illisible ({type(exc).__name__}: {exc})") from exc
    if graph.number_of_edges() == 0:
        raise NetworkError(f"{path} : le réseau ne contient aucune route")
    classes = {d.get("highway") for _, _, d in graph.edges(data=True)}
    graph = ox.add_edge_speeds(graph, fallback=fallback_kph)
    if classes <= {"road", None}:
        # Stated in the log and kept on the graph so that outputs can say it too.
        graph.graph["speed_assumption"] = "no road class: missing speeds = mean of the tagged maxspeed values"
        log.info("%s : aucune classe de route ; vitesses manquantes = moyenne des maxspeed connus", path.name)
    graph = ox.add_edge_travel_times(graph)
    return graph


def largest_component(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The largest strongly connected part: every place in it can reach every other."""
    nodes = max(nx.strongly_connected_components(graph), key=len)
    return graph.subgraph(nodes).copy()

"""Road graphs from the shared OpenStreetMap files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tournees.errors import NetworkError
from tournees.network import largest_component, load_graph
from tournees.settings import Settings


def test_somme_graph_has_travel_times_and_states_its_speed_assumption(settings: Settings) -> None:
    graph = load_graph(settings.road_file("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz"))
    assert graph.number_of_nodes() == 1111
    assert "no road class" in graph.graph["speed_assumption"]
    assert all(d["travel_time"] > 0 for _, _, d in graph.edges(data=True))
    assert largest_component(graph).number_of_nodes() == 1099


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("empty.graphml.gz", b"", "illisible"),  # an empty gzip stream
        ("truncated.graphml.gz", None, "illisible"),  # cut in the middle
        ("roads.txt", b"hello", "format de réseau non reconnu"),
        ("empty.osm.pbf", b"", "illisible|aucun nœud"),  # an empty PBF
        ("not_osm.osm", b"<html><body>404</body></html>", "balise <osm> absente"),  # a web page saved by mistake
        ("truncated.osm.bz2", "paris", "illisible"),  # a download cut short
    ],
)
def test_bad_network_files(settings: Settings, tmp_path: Path, name: str, content: bytes | str | None, match: str) -> None:
    path = tmp_path / name
    if content is None:
        full = settings.road_file("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz").read_bytes()
        content = full[: len(full) // 2]
    elif content == "paris":
        full = settings.road_file("roads", "paris_bss", "paris_bss_clipped.osm.bz2").read_bytes()
        content = full[: len(full) // 2]
    path.write_bytes(content)
    with pytest.raises(NetworkError, match=match):
        load_graph(path)


def test_missing_network_file(tmp_path: Path) -> None:
    with pytest.raises(NetworkError, match="introuvable"):
        load_graph(tmp_path / "absent.graphml")


def test_graph_without_roads(tmp_path: Path) -> None:
    path = tmp_path / "empty.graphml.gz"
    xml = ('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
           '<graph edgedefault="directed"><node id="1"/></graph></graphml>')
    path.write_bytes(gzip.compress(xml.encode()))
    with pytest.raises(NetworkError):
        load_graph(path)

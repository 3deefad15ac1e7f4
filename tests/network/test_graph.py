"""Road graphs from the shared OpenStreetMap files."""

from __future__ import annotations

import gzip
import socket
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


def test_online_loader_reads_its_cache_and_never_downloads_twice(settings: Settings, tmp_path: Path, monkeypatch) -> None:
    import hashlib

    import osmnx as ox

    from tournees.network.graph import graph_from_osm_online

    query = "Ailly-sur-Somme, France"
    key = hashlib.sha256(f"{query!r}|drive".encode()).hexdigest()[:24]
    somme = load_graph(settings.road_file("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz"))
    ox.save_graphml(somme, tmp_path / f"osm-{key}.graphml")  # as an earlier download left it

    def no_network(*args, **kwargs):
        raise AssertionError("the network must not be used when the cache holds the area")

    monkeypatch.setattr(ox, "graph_from_place", no_network)
    assert graph_from_osm_online(query, cache_dir=tmp_path).number_of_nodes() == 1111


def test_online_loader_offline_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    import osmnx as ox

    from tournees.network.graph import graph_from_osm_online

    def offline(*args, **kwargs):
        raise ConnectionError("no route to host")

    with socket.socket() as s:  # a local port nobody listens on: refused at once, nothing leaves the machine
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(ox.settings, "overpass_url", f"http://127.0.0.1:{port}/api")
    monkeypatch.setattr(ox, "graph_from_bbox", offline)
    with pytest.raises(NetworkError, match="Sans accès à internet"):
        graph_from_osm_online((1.8, 47.8, 2.0, 47.9), cache_dir=tmp_path)
    assert not list(tmp_path.glob("*.graphml"))


def test_demo_downloads_when_the_data_folder_is_missing_and_says_so_offline(tmp_path: Path, monkeypatch) -> None:
    import tournees.network.graph as graph_module
    from tournees.demo import build_demo
    from tournees.errors import DataFolderError
    from tournees.settings import load_settings

    asked = []

    def offline(query, **kwargs):
        asked.append(query)
        raise NetworkError("téléchargement du réseau OpenStreetMap impossible (hors ligne)")

    monkeypatch.setattr(graph_module, "graph_from_osm_online", offline)
    settings = load_settings(data_dir=tmp_path / "absent", download=True, cache_dir=tmp_path / "cache")
    with pytest.raises(DataFolderError, match="hors ligne"):
        build_demo(settings, tmp_path / "out")
    assert asked == [(1.83049, 47.84322, 2.00953, 47.95095)]  # the Orléans area of the shared file

"""Travel-time matrices equal networkx on real OSM networks; snapping; cache; leg geometry."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from tournees.errors import NetworkError
from tournees.network import cache
from tournees.network.graph import largest_component, load_graph
from tournees.network.roads import UNREACHABLE, Place, RoadNetwork
from tournees.settings import Settings

FILES = {
    "orleans": ("roads", "orleans", "orleans.graphml.gz"),
    "somme": ("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz"),
    "paris_pbf": ("roads", "paris_bss", "paris_bss.osm.pbf"),
    "paris_xml": ("roads", "paris_bss", "paris_bss_clipped.osm.bz2"),
}


@pytest.fixture(scope="module")
def graphs(settings: Settings) -> dict[str, nx.MultiDiGraph]:
    return {name: largest_component(load_graph(settings.road_file(*parts))) for name, parts in FILES.items()}


def _fastest_edge(g: nx.MultiDiGraph, u: int, v: int) -> dict:
    return min(g[u][v].values(), key=lambda d: d["travel_time"])


@pytest.mark.parametrize("name", list(FILES))
def test_matrix_equals_networkx_on_a_sample(graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    g = graphs[name]
    roads = RoadNetwork.from_graph(g)
    rng = np.random.default_rng(1)
    nodes = sorted(g.nodes)
    pick = [nodes[i] for i in rng.choice(len(nodes), 30, replace=False)]
    snaps = roads.snap([Place(str(n), g.nodes[n]["y"], g.nodes[n]["x"]) for n in pick])
    m = roads.matrix(snaps)
    assert m.unreachable == []
    for i in range(6):
        times, paths = nx.single_source_dijkstra(g, pick[i], weight="travel_time")
        for j, target in enumerate(pick):
            path = paths[target]
            metres = sum(_fastest_edge(g, u, v)["length"] for u, v in zip(path, path[1:], strict=False))
            assert abs(m.durations[i, j] - times[target]) <= 1
            assert abs(m.distances[i, j] - metres) <= 1


def test_paris_pbf_and_xml_give_the_same_drive_network(graphs: dict[str, nx.MultiDiGraph]) -> None:
    a, b = graphs["paris_pbf"], graphs["paris_xml"]
    assert a.number_of_nodes() == b.number_of_nodes() > 500
    assert a.number_of_edges() == b.number_of_edges()
    assert {d["highway"] if isinstance(d["highway"], str) else "multi" for _, _, d in a.edges(data=True)} >= {"residential", "primary"}


def test_walk_network_is_two_way_and_slow(settings: Settings) -> None:
    walk = load_graph(settings.road_file(*FILES["paris_pbf"]), network="walk")
    drive = load_graph(settings.road_file(*FILES["paris_pbf"]), network="drive")
    assert walk.number_of_edges() > drive.number_of_edges()
    assert all(d["speed_kph"] == 4.5 for _, _, d in walk.edges(data=True))
    assert all(walk.has_edge(v, u) for u, v in walk.edges())


def test_snap_to_the_middle_of_an_edge_adds_the_access_walk(graphs: dict[str, nx.MultiDiGraph]) -> None:
    g = graphs["somme"]
    roads = RoadNetwork.from_graph(g)
    u, v = next((u, v) for u, v, d in g.edges(data=True) if d["length"] > 300)
    lat = (g.nodes[u]["y"] + g.nodes[v]["y"]) / 2 + 0.0005  # about 55 m off the road
    lon = (g.nodes[u]["x"] + g.nodes[v]["x"]) / 2
    [snap] = roads.snap([Place("p", lat, lon)])
    assert 0.2 < snap.fraction < 0.8 and 20 < snap.snap_m < 80
    assert snap.access_s == pytest.approx(snap.snap_m / 1.2)


def test_point_far_from_any_road_is_an_error_naming_it(graphs: dict[str, nx.MultiDiGraph]) -> None:
    roads = RoadNetwork.from_graph(graphs["somme"])
    with pytest.raises(NetworkError, match=r"à plus de 500 m .* MAIRIE-X \(47.90000, 1.90000\)"):
        roads.snap([Place("OK", 49.90, 2.10), Place("MAIRIE-X", 47.90, 1.90)])


def test_one_way_pairs_and_unreachable_reporting() -> None:
    g = nx.MultiDiGraph()
    for n, (y, x) in {1: (47.0, 1.0), 2: (47.0, 1.01), 3: (47.01, 1.01)}.items():
        g.add_node(n, y=y, x=x)
    g.add_edge(1, 2, travel_time=60.0, length=760.0)
    g.add_edge(2, 3, travel_time=60.0, length=1110.0)
    roads = RoadNetwork.from_graph(g)
    snaps = roads.snap([Place("A", 47.0, 1.0), Place("C", 47.01, 1.01)])
    m = roads.matrix(snaps)
    assert m.durations[0, 1] == 120 and m.distances[0, 1] == 1870
    assert m.durations[1, 0] == UNREACHABLE and m.unreachable == [("C", "A")]


def test_leg_geometry_follows_the_road(graphs: dict[str, nx.MultiDiGraph]) -> None:
    g = graphs["paris_xml"]
    roads = RoadNetwork.from_graph(g)
    nodes = sorted(g.nodes)
    a, b = nodes[0], nodes[len(nodes) // 2]
    snaps = roads.snap([Place("a", g.nodes[a]["y"], g.nodes[a]["x"]), Place("b", g.nodes[b]["y"], g.nodes[b]["x"])])
    line = roads.leg_geometry(snaps[0], snaps[1])
    assert line[0] == (snaps[0].place.lat, snaps[0].place.lon) and line[-1] == (snaps[1].place.lat, snaps[1].place.lon)
    path = nx.shortest_path(g, a, b, weight="travel_time")
    assert len(line) >= len(path)  # edge geometries add the intermediate points


def test_cache_hit_corruption_and_invalidation(settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "somme.graphml.gz"
    source.write_bytes(settings.road_file(*FILES["somme"]).read_bytes())
    first = RoadNetwork.from_file(source, cache_dir=tmp_path / "cache")
    entries = sorted((tmp_path / "cache").glob("roads-*.npz"))
    assert len(entries) == 1
    again = RoadNetwork.from_file(source, cache_dir=tmp_path / "cache")
    assert again.fingerprint() == first.fingerprint()
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a truncated cache file is not trusted
    key = entries[0].stem.split("-", 1)[1]
    assert cache.load(tmp_path / "cache", "roads", key) is None
    rebuilt = RoadNetwork.from_file(source, cache_dir=tmp_path / "cache")
    assert rebuilt.fingerprint() == first.fingerprint()
    walk = RoadNetwork.from_file(source, network="walk", cache_dir=tmp_path / "cache")  # other settings, other key
    assert len(list((tmp_path / "cache").glob("roads-*.npz"))) == 2 and walk.meta["network"] == "walk"


def test_place_on_a_road_cut_off_from_the_network_is_an_error() -> None:
    g = nx.MultiDiGraph()
    square = {1: (47.0, 1.0), 2: (47.0, 1.004), 3: (47.003, 1.004), 4: (47.003, 1.0)}
    for n, (y, x) in square.items():
        g.add_node(n, y=y, x=x)
    for u, v in [(1, 2), (2, 3), (3, 4), (4, 1)]:
        g.add_edge(u, v, travel_time=30.0, length=300.0)
        g.add_edge(v, u, travel_time=30.0, length=300.0)
    island = np.array([[47.006, 1.0, 47.006, 1.004]])  # a street 330 m north, joined to nothing
    roads = RoadNetwork.from_graph(g, {"source": "test"}, orphans=island)
    assert len(roads.snap([Place("ok", 47.0015, 1.0)])) == 1
    with pytest.raises(NetworkError, match=r"coupée du reste du réseau .* RES-9 \(47.00600, 1.00200\)"):
        roads.snap([Place("RES-9", 47.006, 1.002)])


def test_straight_line_fallback_is_marked_estimated() -> None:
    from geopy.distance import great_circle

    from tournees.network.straight import straight_line_matrix

    places = [Place("A", 47.9029, 1.9045), Place("B", 47.8450, 1.9400), Place("C", 49.9270, 2.1990)]
    m = straight_line_matrix(places, detour=1.3, speed_kph=36.0)
    assert m.estimated is True
    expected = great_circle((47.9029, 1.9045), (47.8450, 1.9400)).meters * 1.3
    assert abs(m.distances[0, 1] - expected) <= 1
    assert m.durations[0, 1] == round(expected / 10.0)  # 36 km/h = 10 m/s
    assert m.durations[2, 2] == 0
    with pytest.raises(ValueError):
        straight_line_matrix(places, detour=0.5)


def test_matrix_cache_reuses_and_detects_changes(graphs: dict[str, nx.MultiDiGraph], tmp_path: Path) -> None:
    g = graphs["somme"]
    roads = RoadNetwork.from_graph(g)
    nodes = sorted(g.nodes)
    places = [Place(f"P{i}", g.nodes[n]["y"], g.nodes[n]["x"]) for i, n in enumerate(nodes[:20])]
    first = roads.cached_matrix(places, cache_dir=tmp_path)
    again = roads.cached_matrix(places, cache_dir=tmp_path)
    assert np.array_equal(first.durations, again.durations) and len(list(tmp_path.glob("matrix-*.npz"))) == 1
    moved = places[:-1] + [Place("P19", places[-1].lat + 0.001, places[-1].lon)]
    roads.cached_matrix(moved, cache_dir=tmp_path)  # a moved place is another matrix
    assert len(list(tmp_path.glob("matrix-*.npz"))) == 2

"""The user's own road files: settings, choice by extent, clipping, drive filter and speeds, snapping, download."""

from __future__ import annotations

import socket
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString

from tournees.errors import NetworkError
from tournees.network.graph import load_graph
from tournees.network.osm import roads_to_xml
from tournees.network.roads import Place, RoadNetwork
from tournees.network.select import choose_file, network_for, places_bbox
from tournees.settings import Settings, load_settings, with_roads

PARIS = ("roads", "paris_bss", "paris_bss.osm.pbf")
ORLEANS = ("roads", "orleans", "orleans.graphml.gz")
IN_PARIS = [Place("P1", 48.8600, 2.3560), Place("P2", 48.8660, 2.3750)]
IN_ORLEANS = [Place("O1", 47.9030, 1.9045), Place("O2", 47.9110, 1.9330)]


# --- settings -------------------------------------------------------------------------------


def test_roads_setting_from_the_file_the_environment_and_the_command_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paris = settings.road_file(*PARIS)
    (tmp_path / "mine.osm.pbf").write_bytes(paris.read_bytes())
    config = tmp_path / "tournees.toml"
    config.write_text('roads = "mine.osm.pbf"\nroads_download = true\nroads_margin_km = 2\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)  # relative to the settings file, not to the working folder
    loaded = load_settings(config, data_dir=settings.data_dir)
    assert (
        loaded.roads == ((tmp_path / "mine.osm.pbf").resolve(),)
        and loaded.roads_download
        and loaded.roads_margin_km == 2.0
    )
    config.write_text(
        'roads = ["roads/paris_bss/paris_bss.osm.pbf", "roads/orleans/orleans.graphml.gz"]\n', encoding="utf-8"
    )
    listed = load_settings(config, data_dir=settings.data_dir)  # relative paths found in the data folder
    assert listed.roads == (paris, settings.road_file(*ORLEANS)) and not listed.roads_download
    monkeypatch.setenv("TOURNEES_ROADS", str(paris))
    assert load_settings(config, data_dir=settings.data_dir).roads == (paris,)
    assert with_roads(listed, [str(paris)]).roads == (paris,) and with_roads(listed, None) is listed


def test_every_plan_command_takes_roads(settings: Settings) -> None:
    from tournees.cli import build_parser

    parser = build_parser("fr")
    for argv in (
        ["plan", "bricolage"],
        ["plan", "ecrivain"],
        ["plan", "epicerie"],
        ["replan", "bricolage", "--week", "2026-W48"],
    ):
        args = parser.parse_args([*argv, "--out", "x", "--roads", "a.osm.pbf", "--roads", "b.graphml"])
        assert args.roads == ["a.osm.pbf", "b.graphml"]


# --- which network -------------------------------------------------------------------------


def test_network_chosen_from_the_places_extent(settings: Settings) -> None:
    both = with_roads(settings, [settings.road_file(*ORLEANS), settings.road_file(*PARIS)])
    assert choose_file(both, IN_PARIS) == settings.road_file(*PARIS)
    assert choose_file(both, IN_ORLEANS) == settings.road_file(*ORLEANS)
    assert choose_file(settings, IN_PARIS).parent.name == "paris_bss"  # no roads setting: the data folder's files


def test_places_outside_every_network_are_named(settings: Settings) -> None:
    only_paris = with_roads(settings, [settings.road_file(*PARIS)])
    tours = Place("RES-TOURS", 47.3941, 0.6848)
    with pytest.raises(
        NetworkError,
        match=r"1 lieu\(x\) hors de tout réseau routier déclaré \(paris_bss.osm.pbf\) : "
        r"RES-TOURS \(47.39410, 0.68480\)",
    ):
        choose_file(only_paris, [*IN_PARIS, tours])
    both = with_roads(settings, [settings.road_file(*ORLEANS), settings.road_file(*PARIS)])
    with pytest.raises(NetworkError, match="répartis sur plusieurs réseaux"):
        choose_file(both, [*IN_PARIS, *IN_ORLEANS])
    nothing = load_settings(data_dir=Path("/nonexistent"), cache_dir=settings.cache_dir)
    with pytest.raises(NetworkError, match="aucun réseau routier déclaré"):
        choose_file(nothing, IN_PARIS)
    with pytest.raises(NetworkError, match="réseau routier introuvable : .*absent.osm.pbf"):
        choose_file(with_roads(settings, ["absent.osm.pbf"]), IN_PARIS)


def test_large_extract_is_clipped_to_the_places_and_cached(settings: Settings, tmp_path: Path) -> None:
    from dataclasses import replace

    s = replace(with_roads(settings, [settings.road_file(*PARIS)]), cache_dir=tmp_path, roads_margin_km=0.1)
    corner = [Place("A", 48.8590, 2.3540), Place("B", 48.8610, 2.3580)]
    box = places_bbox(corner, 0.1)
    assert box[0] <= 48.8590 - 0.0009 and box[3] >= 2.3580  # margin, then widened to the 0.01° grid
    full = RoadNetwork.from_file(settings.road_file(*PARIS), cache_dir=tmp_path)
    clipped = network_for(s, corner)
    assert len(clipped.node_ids) < len(full.node_ids)
    assert clipped.lon.max() <= 2.3807 and clipped.lat.min() >= box[0] - 0.01
    assert len(list(tmp_path.glob("roads-*.npz"))) == 2  # the whole file and the clipped area, each cached
    again = network_for(s, corner)
    assert again.fingerprint() == clipped.fingerprint() and len(list(tmp_path.glob("roads-*.npz"))) == 2
    # A box cutting through the extract: the ways touching it are kept whole, the rest dropped.
    small = (48.8600, 2.3600, 48.8620, 2.3620)
    n = roads_to_xml(settings.road_file(*PARIS), tmp_path / "small.osm", small)
    whole = roads_to_xml(settings.road_file(*PARIS), tmp_path / "all.osm")
    assert 0 < n < whole
    g = load_graph(tmp_path / "small.osm", bbox=None)
    lats = [d["y"] for _, d in g.nodes(data=True)]
    assert min(lats) < small[0] or max(lats) > small[2]  # whole ways reach beyond the box


def test_drive_and_walk_networks_from_the_same_file(settings: Settings, tmp_path: Path) -> None:
    s = replace_cache(with_roads(settings, [settings.road_file(*PARIS)]), tmp_path)
    drive = network_for(s, IN_PARIS)
    walk = network_for(s, IN_PARIS, network="walk")
    assert drive.meta["network"] == "drive" and walk.meta["network"] == "walk"
    assert len(walk.eu) > len(drive.eu)


def replace_cache(settings: Settings, folder: Path) -> Settings:
    from dataclasses import replace

    return replace(settings, cache_dir=folder)


# --- drive filter and speeds from raw OSM ----------------------------------------------------

OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
{nodes}
<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
<way id="2"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="maxspeed" v="FR:urban"/></way>
<way id="3"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
<way id="4"><nd ref="4"/><nd ref="1"/><tag k="highway" v="service"/><tag k="service" v="parking_aisle"/></way>
<way id="5"><nd ref="1"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="access" v="private"/></way>
<way id="6"><nd ref="5"/><nd ref="6"/><tag k="highway" v="steps"/></way>
<way id="7"><nd ref="2"/><nd ref="6"/><tag k="highway" v="tertiary"/><tag k="maxspeed" v="FR:zone30"/></way>
<way id="8"><nd ref="6"/><nd ref="3"/><tag k="highway" v="secondary"/><tag k="motor_vehicle" v="no"/></way>
</osm>
"""


def _osm_file(tmp_path: Path) -> Path:
    coords = {1: (47.0, 1.0), 2: (47.0, 1.01), 3: (47.01, 1.01), 4: (47.01, 1.0), 5: (47.005, 0.995), 6: (47.005, 1.02)}
    nodes = "\n".join(f'<node id="{i}" lat="{y}" lon="{x}"/>' for i, (y, x) in coords.items())
    path = tmp_path / "mini.osm"
    path.write_text(OSM.format(nodes=nodes), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".osm", ".osm.pbf"])
def test_drive_filter_and_french_speeds_on_raw_osm(tmp_path: Path, suffix: str) -> None:
    import osmium

    source = _osm_file(tmp_path)
    if suffix == ".osm.pbf":
        pbf = tmp_path / "mini.osm.pbf"
        with osmium.SimpleWriter(str(pbf)) as writer:
            for obj in osmium.FileProcessor(str(source)):
                writer.add(obj)
        source = pbf
    drive = load_graph(source, network="drive")
    kinds = {str(d["highway"]): d for _, _, d in drive.edges(data=True)}
    assert set(kinds) == {
        "residential",
        "primary",
        "tertiary",
    }  # no footway, steps, parking aisle, private or no-motor road
    assert kinds["residential"]["speed_kph"] == 50  # R413-3, in town
    assert kinds["primary"]["speed_kph"] == 50  # FR:urban
    assert kinds["tertiary"]["speed_kph"] == 30  # FR:zone30
    walk = load_graph(source, network="walk")
    walked = {
        c
        for _, _, d in walk.edges(data=True)
        for c in (d["highway"] if isinstance(d["highway"], list) else [d["highway"]])
    }
    assert {"footway", "service"} <= walked and "footway" not in {
        str(d["highway"]) for _, _, d in drive.edges(data=True)
    }


# --- snapping on the road's geometry ---------------------------------------------------------


def test_snap_on_the_curved_geometry_of_a_simplified_edge() -> None:
    g = nx.MultiDiGraph()
    g.add_node(1, y=47.0, x=1.0)
    g.add_node(2, y=47.0, x=1.01)
    # A road bending 550 m north between two nodes 760 m apart (as OSMnx simplification leaves it).
    arc = LineString([(1.0, 47.0), (1.0, 47.005), (1.01, 47.005), (1.01, 47.0)])
    for u, v, line in ((1, 2, arc), (2, 1, LineString(arc.coords[::-1]))):
        g.add_edge(u, v, travel_time=150.0, length=1870.0, geometry=line)
    roads = RoadNetwork.from_graph(g)
    [snap] = roads.snap([Place("on-the-bend", 47.0052, 1.005)])  # 22 m from the road, 578 m from the chord
    assert snap.snap_m < 30
    assert snap.fraction == pytest.approx(0.5, abs=0.02)  # half-way along the road, not along the chord
    m = roads.matrix(roads.snap([Place("start", 47.0, 1.0), Place("bend", 47.0052, 1.005)]))
    assert abs(int(m.durations[0, 1]) - (75 + round(snap.access_s))) <= 2
    far = np.array([[47.0, 1.005]])  # on the chord (0 m by the old rule), 380 m from the road itself
    with pytest.raises(NetworkError, match=r"à plus de 300 m .* chord \(47.00000, 1.00500\) à 3[78][0-9] m"):
        roads.snap([Place("chord", *far[0])], max_snap_m=300)


# --- online download -------------------------------------------------------------------------


def _refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed on exit: connecting is refused at once


def test_download_offline_fails_fast_and_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import osmnx as ox

    called = []
    monkeypatch.setattr(ox.settings, "overpass_url", f"http://127.0.0.1:{_refused_port()}/api")
    monkeypatch.setattr(ox, "graph_from_bbox", lambda *a, **k: called.append(a))
    s = load_settings(data_dir=tmp_path / "no-data", cache_dir=tmp_path / "cache", roads_download=True)
    with pytest.raises(NetworkError, match="hors ligne : le serveur OpenStreetMap 127.0.0.1"):
        network_for(s, IN_PARIS)
    assert called == [] and not list(
        (tmp_path / "cache").glob("*.graphml")
    )  # OSMnx never reached: no retries, no pause


def test_download_is_read_from_the_cache_afterwards(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    import osmnx as ox

    box = places_bbox(IN_PARIS, 5.0)
    query = (box[1], box[0], box[3], box[2])
    key = hashlib.sha256(f"{query!r}|drive".encode()).hexdigest()[:24]
    (tmp_path / "cache").mkdir()
    ox.save_graphml(
        load_graph(settings.road_file(*PARIS)), tmp_path / "cache" / f"osm-{key}.graphml"
    )  # an earlier download

    def no_network(*args, **kwargs):
        raise AssertionError("the cache holds the area: no download")

    monkeypatch.setattr(ox, "graph_from_bbox", no_network)
    s = load_settings(data_dir=tmp_path / "no-data", cache_dir=tmp_path / "cache", roads_download=True)
    assert len(network_for(s, IN_PARIS).node_ids) > 500

"""The demo data: real network places, plausible people, the same files for the same seed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tournees.demo import build_demo
from tournees.settings import Settings


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


def test_demo_is_deterministic(settings: Settings, demo_folder: Path, tmp_path: Path) -> None:
    build_demo(settings, tmp_path / "again", seed=2026)
    assert _digests(tmp_path / "again") == _digests(demo_folder)
    build_demo(settings, tmp_path / "other", seed=7)
    assert _digests(tmp_path / "other")["tenants.csv"] != _digests(demo_folder)["tenants.csv"]


def test_demo_sizes_and_content(demo_folder: Path) -> None:
    import pandas as pd

    tenants = pd.read_csv(demo_folder / "tenants.csv", encoding="utf-8-sig")
    assert len(tenants) == 400
    ages = 2026 - tenants["birth_year"]
    assert ages.min() >= 60 and 70 <= ages.mean() <= 85
    assert len(pd.read_csv(demo_folder / "bricolage_requests.csv", encoding="utf-8-sig")) == 120
    assert len(pd.read_csv(demo_folder / "ecrivain_requests.csv", encoding="utf-8-sig")) == 60
    landlords = pd.read_csv(demo_folder / "landlords.csv", encoding="utf-8-sig")
    assert set(landlords["name"]) == {"LogemLoiret", "Les résidences de l'Orléanais"}


def test_demo_places_lie_on_the_road_network(settings: Settings, demo_folder: Path) -> None:
    import pandas as pd

    from tournees.demo import ORLEANS_GRAPH
    from tournees.network import largest_component, load_graph

    graph = largest_component(load_graph(settings.road_file(*ORLEANS_GRAPH)))
    nodes = {(round(d["y"], 6), round(d["x"], 6)) for _, d in graph.nodes(data=True)}
    res = pd.read_csv(demo_folder / "residences.csv", encoding="utf-8-sig")
    urban = res[~res["residence_id"].str.startswith("RES-R")]
    assert all((lat, lon) in nodes for lat, lon in zip(urban["lat"], urban["lon"], strict=True))


def test_demo_command_end_to_end(demo_run) -> None:
    out, err = demo_run.stdout, demo_run.stderr
    assert demo_run.code == 0, err
    steps = re.findall(r"\[(\d+)/(\d+)\]", err)
    assert steps and steps[-1][0] == steps[-1][1], "the demo must report every step up to the last"
    assert "Locataires seniors : 400" in out and "Bricol'âge : 120 demandes" in out and "Écrivain numérique : 60 demandes" in out
    assert "Épicerie mobile :" in out and (demo_run.out / "epicerie" / "calendrier_communes.ics").exists()
    assert "© OpenStreetMap contributors" in out
    for service in ("bricolage", "ecrivain", "epicerie"):
        for name in ("carte.html", "feuilles_de_route.html", "feuilles_de_route.pdf", "plan.xlsx"):
            assert (demo_run.out / service / name).exists(), (service, name)
            assert str(demo_run.out / service / name) in out, "the demo says where to open it"

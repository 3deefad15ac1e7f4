"""Shared fixtures: the shared data folder, tiny valid input tables, the demo data."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tournees.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]

# The smallest programme that passes every rule: one row or two per table.
OK_SMALL: dict[str, list[dict[str, str]]] = {
    "landlords": [{"landlord_id": "LL", "name": "LogemLoiret"}],
    "territories": [{"territory_id": "T1", "landlord_id": "LL", "name": "Nord"}],
    "sectors": [{"sector_id": "NORD", "name": "Secteur Nord", "pass_weekday": "mar", "pass_every_weeks": "2"}],
    "residences": [
        {"residence_id": "R1", "landlord_id": "LL", "territory_id": "T1", "sector_id": "NORD", "name": "Les Acacias",
         "address": "12 rue des Acacias", "postcode": "45000", "commune": "Orléans", "insee_code": "45234", "qpv": "oui",
         "lat": "47.91", "lon": "1.93"},
    ],
    "tenants": [
        {"tenant_id": "L1", "residence_id": "R1", "birth_year": "1941", "sex": "F", "gir": "5", "isolated": "oui", "mobility": "autonome"},
        {"tenant_id": "L2", "residence_id": "R1", "birth_year": "1950", "sex": "M", "gir": "", "isolated": "non", "mobility": "domicile"},
    ],
    "intervention_types": [{"type_id": "ROBINET", "label": "Joint de robinet", "duration_min": "60", "tariff_eur": "10", "skill": "plomberie"}],
    "depots": [{"depot_id": "D1", "name": "Atelier", "address": "5 rue de la Borde", "lat": "47.91", "lon": "1.92"}],
    "vehicles": [{"vehicle_id": "V1", "service": "bricolage", "depot_id": "D1", "label": "Fourgon"}],
    "staff": [{"staff_id": "TECH-1", "service": "bricolage", "label": "Technicien", "depot_id": "D1", "skills": "plomberie;electricite",
               "working_days": "lun;mar;mer", "vehicle_id": "V1", "shift_start": "08:00", "shift_end": "16:30", "lunch_start": "12:00", "lunch_end": "13:30", "lunch_min": "45"}],
    "venues": [{"venue_id": "MAIRIE", "kind": "mairie", "name": "Mairie", "address": "Place de l'Étape", "insee_code": "45234", "lat": "47.90", "lon": "1.90"}],
    "venue_hours": [{"venue_id": "MAIRIE", "weekday": "mar", "opens": "09:00", "closes": "12:00"}],
    "grocery_communes": [{"insee_code": "80010", "name": "Ailly-sur-Somme", "frequency": "hebdo", "preferred_days": "mar", "forbidden_days": "dim"}],
    "grocery_stops": [{"stop_id": "A1", "name": "Place de la mairie", "insee_code": "80010", "lat": "49.92", "lon": "2.19"}],
    "bricolage_requests": [{"request_id": "B1", "tenant_id": "L1", "type_id": "ROBINET", "received_on": "2026-11-16", "priority": "urgent",
                            "due_on": "2026-11-20", "availability": "lun-am;mer"}],
    "ecrivain_requests": [{"request_id": "E1", "tenant_id": "L2", "motive": "caf", "received_on": "2026-11-16", "home_visit": "oui"}],
    "activities": [{"activity_id": "A1", "service": "bricolage", "tenant_id": "L1", "on": "2026-11-20", "outcome": "done", "received_on": "2026-11-16"}],
    "satisfaction": [{"activity_id": "A1", "question": "global", "score": "4"}],
}


def write_tables(folder: Path, tables: dict[str, list[dict[str, str]]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Write tables as CSV files (header = union of the rows' keys, in order)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        header: list[str] = []
        for row in rows:
            header += [k for k in row if k not in header]
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(k, "") for k in header])
    return folder


@pytest.fixture(autouse=True, scope="session")
def _no_downloads() -> None:
    """Tests never reach the network: no OpenStreetMap download fallback."""
    os.environ["TOURNEES_DOWNLOAD"] = "0"


@pytest.fixture
def ok_small(tmp_path: Path) -> Path:
    """A folder holding OK_SMALL as CSV files."""
    return write_tables(tmp_path / "ok_small", OK_SMALL)


@pytest.fixture(scope="session")
def settings() -> Settings:
    data = Path(os.environ.get("TOURNEES_DATA_DIR", ROOT.parent / "shared" / "data"))
    if not (data / "roads").is_dir():
        pytest.fail(f"shared data folder not found at {data}: set TOURNEES_DATA_DIR")
    return load_settings(data_dir=data)


@pytest.fixture(scope="session")
def demo_folder(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo input tables, built once per test session."""
    from tournees.demo import build_demo

    out = tmp_path_factory.mktemp("demo") / "donnees"
    build_demo(settings, out, seed=2026)
    return out


@pytest.fixture(scope="session")
def demo_db(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo programme in a database (copy it before changing it)."""
    from tournees.demo import RESOURCES
    from tournees.io import import_path

    path = tmp_path_factory.mktemp("demo-db") / "demo.sqlite"
    import_path(RESOURCES, path)
    import_path(demo_folder, path)
    return path


@dataclass
class DemoRun:
    out: Path
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def demo_run(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """``tournees demo`` run once: its plans, maps, sheets and what it printed."""
    import contextlib
    import io

    from tournees.cli import main

    base = tmp_path_factory.mktemp("demo-run")
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("TOURNEES_DATA_DIR")
    os.environ["TOURNEES_DATA_DIR"] = str(settings.data_dir)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["demo", "--db", str(base / "demo.sqlite"), "--out", str(base / "demo")])
    finally:
        if old is None:
            os.environ.pop("TOURNEES_DATA_DIR", None)
        else:
            os.environ["TOURNEES_DATA_DIR"] = old
    return DemoRun(base / "demo", code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium (the one that prints the route sheets) for the real-browser tests."""
    from playwright.sync_api import sync_playwright

    from tournees.outputs.sheets import chromium

    path = chromium()
    assert path, "Chromium is missing: `make test` installs the Debian package chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()

"""A second geography end to end: a landlord's own raw OSM file (central Paris PBF), CSVs made here,
the bricol'âge and écrivain weeks planned with ``--roads`` and checked; Orléans without ``--roads``."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_tables
from tournees.cli import main
from tournees.settings import Settings

PBF = ("roads", "paris_bss", "paris_bss.osm.pbf")
# Residences inside the extract (Marais, 3rd and 4th arrondissements), coordinates given in the CSV.
HOMES = [
    ("R1", 48.8600, 2.3600),
    ("R2", 48.8625, 2.3570),
    ("R3", 48.8655, 2.3590),
    ("R4", 48.8640, 2.3700),
    ("R5", 48.8600, 2.3740),
    ("R6", 48.8680, 2.3660),
    ("R7", 48.8590, 2.3680),
    ("R8", 48.8665, 2.3760),
]


def _tables() -> dict[str, list[dict[str, str]]]:
    residences = [
        {
            "residence_id": rid,
            "landlord_id": "PH",
            "territory_id": "MARAIS",
            "sector_id": "CENTRE",
            "name": f"Résidence {rid}",
            "address": f"{i + 1} rue des Archives",
            "postcode": "75004",
            "commune": "Paris",
            "insee_code": "75104",
            "lat": str(lat),
            "lon": str(lon),
        }
        for i, (rid, lat, lon) in enumerate(HOMES)
    ]
    tenants = [
        {
            "tenant_id": f"L{i + 1}",
            "residence_id": HOMES[i % len(HOMES)][0],
            "birth_year": str(1940 + i),
            "sex": "F" if i % 2 else "M",
            "isolated": "oui" if i % 3 == 0 else "non",
            "mobility": "domicile" if i in (2, 7) else "autonome",
        }
        for i in range(12)
    ]
    types = ["JOINT-ROBINET", "AMPOULE", "SIPHON", "CHASSE-EAU"]
    brico = [
        {
            "request_id": f"B{i + 1}",
            "tenant_id": f"L{i + 1}",
            "type_id": types[i % len(types)],
            "received_on": f"2026-11-{10 + i:02d}",
            "priority": "urgent" if i == 0 else "normal",
            "due_on": "2026-11-27" if i == 0 else "2026-12-18",
        }
        for i in range(8)
    ]
    ecr = [
        {
            "request_id": f"E{i + 1}",
            "tenant_id": f"L{i + 1}",
            "motive": ["caf", "impots", "retraite", "sante"][i % 4],
            "received_on": f"2026-11-{12 + i:02d}",
            "home_visit": "oui" if i in (2, 7) else "non",
            "max_travel_min": "" if i in (2, 7) else "30",
        }
        for i in range(8)
    ]
    return {
        "landlords": [{"landlord_id": "PH", "name": "Paris Habitat test"}],
        "territories": [{"territory_id": "MARAIS", "landlord_id": "PH", "name": "Agence Marais"}],
        "sectors": [{"sector_id": "CENTRE", "name": "Secteur Centre", "pass_weekday": "mar", "pass_every_weeks": "1"}],
        "residences": residences,
        "tenants": tenants,
        "depots": [
            {
                "depot_id": "D-MARAIS",
                "name": "Atelier du Marais",
                "address": "rue de Turenne, 75004 Paris",
                "lat": "48.8610",
                "lon": "2.3640",
            }
        ],
        "vehicles": [
            {"vehicle_id": "V1", "service": "bricolage", "depot_id": "D-MARAIS", "label": "Fourgon"},
            {"vehicle_id": "V2", "service": "ecrivain", "depot_id": "D-MARAIS", "label": "Voiture"},
        ],
        "staff": [
            {
                "staff_id": "TECH-1",
                "service": "bricolage",
                "label": "Technicien",
                "depot_id": "D-MARAIS",
                "vehicle_id": "V1",
                "skills": "plomberie;electricite",
                "working_days": "lun;mar;mer;jeu;ven",
                "shift_start": "08:00",
                "shift_end": "16:30",
                "lunch_start": "12:00",
                "lunch_end": "13:30",
                "lunch_min": "45",
            },
            {
                "staff_id": "ECR-1",
                "service": "ecrivain",
                "label": "Écrivain",
                "depot_id": "D-MARAIS",
                "vehicle_id": "V2",
                "skills": "demarches",
                "working_days": "lun;mar;mer;jeu;ven",
                "shift_start": "08:30",
                "shift_end": "17:30",
                "lunch_start": "12:00",
                "lunch_end": "14:00",
                "lunch_min": "60",
            },
        ],
        "venues": [
            {
                "venue_id": "MAIRIE-4",
                "kind": "mairie",
                "name": "Mairie Paris Centre",
                "address": "2 rue Eugène Spuller, 75003 Paris",
                "insee_code": "75103",
                "lat": "48.8640",
                "lon": "2.3630",
            }
        ],
        "venue_hours": [
            {"venue_id": "MAIRIE-4", "weekday": d, "opens": "09:00", "closes": "12:00"} for d in ("mar", "jeu")
        ]
        + [{"venue_id": "MAIRIE-4", "weekday": "mer", "opens": "14:00", "closes": "17:00"}],
        "bricolage_requests": brico,
        "ecrivain_requests": ecr,
    }


@pytest.fixture(scope="module")
def paris_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("paris")
    db = base / "paris.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "import", str(write_tables(base / "csv", _tables()))]) == 0
    return db


@pytest.fixture
def in_tmp(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TOURNEES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("service", ["bricolage", "ecrivain"])
def test_a_week_planned_on_the_users_own_pbf_passes_the_check(
    service: str, paris_db: Path, settings: Settings, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = in_tmp / "paris.sqlite"
    shutil.copyfile(paris_db, db)
    out = in_tmp / "D"
    pbf = settings.road_file(*PBF)
    code = main(
        [
            "--db",
            str(db),
            "plan",
            service,
            "--week",
            "2026-W48",
            "--roads",
            str(pbf),
            "--out",
            str(out),
            "--time-limit",
            "5",
        ]
    )
    assert code == 0, capsys.readouterr().err
    visits = _rows(out / "visits.csv")
    served = {r["task_id"] for r in visits if r["kind"] in ("visit", "home_visit", "session")}
    assert served, "nothing planned"
    driven = [int(r["travel_s_from_prev"]) for r in visits if r["travel_s_from_prev"] not in ("", "0")]
    assert driven and max(driven) < 15 * 60  # Marais trips: minutes on the city's streets
    capsys.readouterr()
    assert main(["check", str(out)]) == 0
    assert "respecte toutes les règles" in capsys.readouterr().out


def test_paris_homes_with_only_the_orleans_network_are_named(
    paris_db: Path, settings: Settings, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = in_tmp / "paris.sqlite"
    shutil.copyfile(paris_db, db)
    orleans = settings.road_file("roads", "orleans", "orleans.graphml.gz")
    code = main(
        [
            "--db",
            str(db),
            "plan",
            "bricolage",
            "--week",
            "2026-W48",
            "--roads",
            str(orleans),
            "--out",
            str(in_tmp / "D"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "hors de tout réseau routier déclaré (orleans.graphml.gz)" in err and "D-MARAIS (48.86100, 2.36400)" in err
    assert not (in_tmp / "D").exists()


def test_orleans_database_without_roads_still_plans(
    demo_db: Path, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = in_tmp / "demo.sqlite"
    shutil.copyfile(demo_db, db)
    out = in_tmp / "D"
    assert (
        main(["--db", str(db), "plan", "ecrivain", "--week", "2026-W48", "--out", str(out), "--time-limit", "5"]) == 0
    )
    capsys.readouterr()
    assert main(["check", str(out)]) == 0

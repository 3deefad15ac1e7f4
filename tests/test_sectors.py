"""``tournees sectors``: balanced, contiguous sectors in the import format; pins kept; bad input refused (exit 2)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from tournees.cli import main
from tournees.sectors import SectorOptions, balanced, figures, kmedoids
from tournees.settings import Settings


@pytest.fixture(scope="module")
def env(settings: Settings):  # type: ignore[no-untyped-def]
    old = os.environ.get("TOURNEES_DATA_DIR")
    os.environ["TOURNEES_DATA_DIR"] = str(settings.data_dir)
    yield
    if old is None:
        os.environ.pop("TOURNEES_DATA_DIR", None)
    else:
        os.environ["TOURNEES_DATA_DIR"] = old


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _db(demo_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, copy)
    return str(copy)


@pytest.fixture(scope="module")
def pinned_run(demo_db: Path, tmp_path_factory: pytest.TempPathFactory, env: None) -> tuple[int, Path, str]:
    """LOGEMLOIRET in 4 sectors, RES-001 and RES-003 pinned together in a sector of the planner's."""
    base = tmp_path_factory.mktemp("sectors")
    db = _db(demo_db, base)
    pins = base / "pins.csv"
    pins.write_text("residence_id,sector_id\nRES-001,QUARTIER-A\nRES-003,QUARTIER-A\nRES-005,\n", encoding="utf-8")
    out = base / "secteurs"
    code = main(["sectors", "--demo", "--db", db, "--landlord", "LOGEMLOIRET", "--k", "4", "--pin", str(pins),
                 "--out", str(out)])
    return code, out, db


def test_sectors_balanced_contiguous_in_import_format(pinned_run: tuple[int, Path, str]) -> None:
    code, out, _ = pinned_run
    assert code == 0
    figures_ = json.loads((out / "plan.json").read_text(encoding="utf-8"))["figures"]["LOGEMLOIRET"]
    assert figures_["sectors"] == 4 and figures_["ratio"] <= 1.10 and figures_["contiguous"]
    assert figures_["kmedoids_ratio"] > figures_["ratio"]  # the baseline is measured beside, unbalanced
    sectors = _rows(out / "sectors.csv")
    assert list(sectors[0]) == ["sector_id", "name", "pass_weekday", "pass_every_weeks", "first_pass_on"]
    homes = _rows(out / "residences.csv")
    assert {h["landlord_id"] for h in homes} == {"LOGEMLOIRET"}
    assert {h["sector_id"] for h in homes} == {s["sector_id"] for s in sectors}
    assert "Équilibre des secteurs" in (out / "equilibre.html").read_text(encoding="utf-8")
    page = (out / "carte_secteurs.html").read_text(encoding="utf-8")
    assert "LOC-" not in page and "<script src=" not in page  # no tenant, Leaflet inline


def test_pinned_residences_keep_their_sector(pinned_run: tuple[int, Path, str]) -> None:
    _, out, _ = pinned_run
    by_id = {h["residence_id"]: h["sector_id"] for h in _rows(out / "residences.csv")}
    assert by_id["RES-001"] == by_id["RES-003"] == "QUARTIER-A"
    assert "QUARTIER-A" in {s["sector_id"] for s in _rows(out / "sectors.csv")}


def test_output_imports_back(pinned_run: tuple[int, Path, str], tmp_path: Path) -> None:
    from tournees.db import Database
    from tournees.io import import_path
    from tournees.model import Residence

    _, out, db = pinned_run
    copy = tmp_path / "again.sqlite"
    shutil.copyfile(db, copy)
    import_path(out, copy)
    stored = {r.residence_id: r.sector_id for r in Database.open(copy).load(Residence)}
    assert stored["RES-001"] == "QUARTIER-A"


def test_bad_pins_and_options_exit_2(demo_db: Path, tmp_path: Path, env: None,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(demo_db, tmp_path)
    pins = tmp_path / "pins.csv"
    pins.write_text("residence_id,sector_id\nRES-999,A\nRES-001,bad id\nRES-003,B\nRES-003,C\n", encoding="utf-8")
    code = main(["sectors", "--db", db, "--landlord", "LOGEMLOIRET", "--k", "3", "--pin", str(pins),
                 "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "pins.csv" in err and "ligne 2" in err and "RES-999" in err and "ligne 3" in err
    assert "ligne 5" in err and "déjà épinglée ligne 4" in err
    pins.write_text("residence,secteur\nRES-001,A\n", encoding="utf-8")
    assert main(["sectors", "--db", db, "--k", "3", "--pin", str(pins), "--out", str(tmp_path / "o")]) == 2
    assert "residence_id et sector_id" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert main(["sectors", "--db", db, "--k", "3", "--cap", "40", "--out", str(tmp_path / "o")]) == 2
    assert main(["sectors", "--db", db, "--landlord", "NOBODY", "--k", "3", "--out", str(tmp_path / "o")]) == 2
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à moi", encoding="utf-8")
    assert main(["sectors", "--db", db, "--k", "3", "--out", str(foreign)]) == 2
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "à moi" and len(list(foreign.iterdir())) == 1


def _grid(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xy = np.concatenate([rng.normal(0, 3, (60, 2)), rng.normal(8, 2, (30, 2))])
    rt = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 120
    visits = rng.integers(2, 20, len(xy)).astype(float)
    return rt, visits * 3600, visits / 4


def test_balanced_holds_the_ratio_and_pins_where_kmedoids_does_not() -> None:
    rt, visit_s, days = _grid(3)
    base = figures(kmedoids(rt, days, 5), rt, visit_s, days)
    part = balanced(rt, visit_s, days, 5, pins={0: 2, 1: 2}, options=SectorOptions(time_limit_s=1.0))
    got = figures(part, rt, visit_s, days)
    assert base.ratio > 1.5 and got.ratio <= 1.10 and all(got.contiguous) and not part.note
    assert part.labels[0] == part.labels[1] == 2
    again = balanced(rt, visit_s, days, 5, pins={0: 2, 1: 2}, options=SectorOptions(time_limit_s=1.0))
    assert (again.labels == part.labels).all()  # deterministic


def test_cap_sets_the_number_of_sectors(demo_db: Path, tmp_path: Path, env: None) -> None:
    db = _db(demo_db, tmp_path)
    assert main(["sectors", "--demo", "--db", db, "--landlord", "LOGEMLOIRET", "--cap", "60",
                 "--out", str(tmp_path / "cap")]) == 0
    figures_ = json.loads((tmp_path / "cap" / "plan.json").read_text(encoding="utf-8"))["figures"]["LOGEMLOIRET"]
    assert figures_["workload_h_max"] <= 60 and figures_["sectors"] >= 5  # about 300 h a year in all


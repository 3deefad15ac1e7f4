"""Every input problem a planner finds exits 2 with a clear message (French, or English on request), nothing written."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.cli import main
from tournees.io import import_path


@pytest.fixture
def small_db(ok_small: Path, tmp_path: Path) -> str:
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    return str(db)


def _plan(capsys: pytest.CaptureFixture[str], db: str, out: Path, *args: str) -> tuple[int, str]:
    code = main(["plan", *args, "--db", db, "--out", str(out)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "fr", "en"),
    [
        (("bricolage", "--week", "2026-W99"), "l'année 2026 n'a pas de semaine 99", None),
        (("bricolage", "--week", "demain"), "format attendu AAAA-Wnn", None),
        (("bricolage",), "--week AAAA-Www est obligatoire", "--week YYYY-Www is required"),
        (("epicerie", "--weeks", "40"), "--weeks 40 : entre 1 et 26 semaines", "--weeks 40: between 1 and 26 weeks"),
        (("bricolage", "--week", "2026-W48", "--slot-hours", "12"), "créneau entre 0,5 et 8 h", None),
        (
            ("bricolage", "--week", "2026-W48", "--confirm-until", "vendredi"),
            "--confirm-until « vendredi » : format attendu AAAA-MM-JJ",
            "--confirm-until 'vendredi': expected form YYYY-MM-DD",
        ),
        (
            ("ecrivain", "--week", "2026-W48"),
            "aucun personnel du service ecrivain dans la base",
            "no staff of service ecrivain in the database",
        ),
        (("epicerie", "--week", "2026-W48"), "aucun personnel du service epicerie dans la base", None),
    ],
)
def test_bad_plan_requests_exit_2_and_write_nothing(
    args: tuple[str, ...], fr: str, en: str | None, small_db: str, tmp_path: Path, capsys, settings, monkeypatch
) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "plan"
    code, err = _plan(capsys, small_db, out, *args)
    assert code == 2 and fr in err, err
    assert not out.exists()
    if en:
        code, err = _plan(capsys, small_db, out, *args, "--lang", "en")
        assert code == 2 and en in err, err


def test_an_output_path_that_is_a_file_exits_2(small_db: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.txt"
    out.write_text("x", encoding="utf-8")
    code, err = _plan(capsys, small_db, out, "bricolage", "--week", "2026-W48")
    assert code == 2 and "c'est un fichier, un dossier est attendu" in err
    assert out.read_text(encoding="utf-8") == "x"


def test_replan_without_a_stored_plan_exits_2(small_db: str, tmp_path: Path, capsys) -> None:
    code = main(["replan", "bricolage", "--week", "2026-W48", "--db", small_db, "--out", str(tmp_path / "re")])
    err = capsys.readouterr().err
    assert code == 2 and "aucun plan bricolage enregistré pour la semaine 2026-W48" in err
    assert not (tmp_path / "re").exists()


def test_no_venue_for_the_writer_exits_2(tmp_path: Path, capsys, settings, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    tables = copy.deepcopy(OK_SMALL)
    del tables["venues"], tables["venue_hours"]
    tables["vehicles"].append({"vehicle_id": "V2", "service": "ecrivain", "depot_id": "D1", "label": "Voiture"})
    tables["staff"].append(
        {
            "staff_id": "ECR",
            "service": "ecrivain",
            "label": "Écrivain",
            "depot_id": "D1",
            "vehicle_id": "V2",
            "shift_start": "08:30",
            "shift_end": "17:00",
            "lunch_start": "12:00",
            "lunch_end": "14:00",
            "lunch_min": "60",
        }
    )
    db = tmp_path / "db.sqlite"
    import_path(write_tables(tmp_path / "in", tables), db)
    code, err = _plan(capsys, str(db), tmp_path / "plan", "ecrivain", "--week", "2026-W48")
    assert code == 2 and "aucun lieu d'accueil pour les permanences de l'écrivain (table venues)" in err
    assert not (tmp_path / "plan").exists()


def test_bad_values_in_a_service_table_of_the_settings_file_exit_2(small_db: str, tmp_path: Path, capsys) -> None:
    config = tmp_path / "tournees.toml"
    out = tmp_path / "plan"
    config.write_text('[bricolage]\nslot_hours = "deux"\n', encoding="utf-8")
    code = main(
        ["plan", "bricolage", "--week", "2026-W48", "--config", str(config), "--db", small_db, "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and f"{config}, [bricolage] : slot_hours = 'deux' : un nombre est attendu" in err
    config.write_text("[bricolage]\nlate_margin_min = 500\n", encoding="utf-8")
    code = main(
        ["plan", "bricolage", "--week", "2026-W48", "--config", str(config), "--db", small_db, "--out", str(out)]
    )
    assert code == 2 and "[bricolage] : créneau entre 0,5 et 8 h" in capsys.readouterr().err
    config.write_text("[ecrivain]\nvitesse = 2\n", encoding="utf-8")
    code = main(
        ["plan", "ecrivain", "--week", "2026-W48", "--config", str(config), "--db", small_db, "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "[ecrivain] : réglage(s) inconnu(s) vitesse ; réglages permis :" in err
    code = main(["--lang", "en", "plan", "ecrivain", "--week", "2026-W48", "--config", str(config), "--db", small_db,
                 "--out", str(out)])
    assert code == 2 and "[ecrivain]: unknown setting(s) vitesse; allowed settings:" in capsys.readouterr().err
    assert not out.exists()


def test_a_service_table_sets_the_parameters(settings, tmp_path: Path) -> None:
    from dataclasses import replace

    from tournees.services.bricolage.params import BricolageOptions
    from tournees.services.epicerie.params import EpicerieOptions

    tuned = replace(
        settings, sections={"bricolage": {"slot_hours": 3, "late_margin_min": 45}, "epicerie": {"take_up": 0.4}}
    )
    assert BricolageOptions.from_settings(tuned) == BricolageOptions(slot_hours=3.0, late_margin_min=45)
    assert EpicerieOptions.from_settings(tuned).take_up == 0.4
    assert BricolageOptions.from_settings(settings) == BricolageOptions()
    weights = {"urgent": 50, "fragile": 20, "isole": 15, "normal": 10}
    weighted = replace(settings, sections={"bricolage": {"priority_weight": weights}})
    assert BricolageOptions.from_settings(weighted).priority_weight == weights
    from tournees.errors import ValidationError

    with pytest.raises(ValidationError, match=r"\[bricolage\] : priority_weight : un poids positif par priorité"):
        BricolageOptions.from_settings(replace(settings, sections={"bricolage": {"priority_weight": {"urgent": 0}}}))



def test_a_corrupt_road_file_exits_2_in_words(small_db: str, tmp_path: Path, capsys, settings, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    roads = tmp_path / "centre-latest.osm.pbf"
    roads.write_bytes(bytes(range(256)) * 8)  # a download cut short, or another file renamed
    out = tmp_path / "plan"
    code, err = _plan(capsys, small_db, out, "bricolage", "--week", "2026-W48", "--roads", str(roads))
    assert code == 2, err
    assert "centre-latest.osm.pbf : fichier OpenStreetMap illisible" in err
    assert "Erreur interne" not in err and "PBF error" not in err and not out.exists()

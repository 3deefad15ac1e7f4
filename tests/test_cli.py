"""The command line as a planner uses it: messages, exit codes, nothing half-written."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_ok_then_summary_and_export(ok_small: Path, tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    code, out, _ = _run(capsys, "import", str(ok_small), "--db", db)
    assert code == 0 and "Import réussi" in out and "tenants 2 ajoutées" in out
    code, out, _ = _run(capsys, "summary", "--db", db)
    assert code == 0 and "LogemLoiret" in out and "© OpenStreetMap contributors" in out
    code, out, _ = _run(capsys, "export", str(tmp_path / "exp"), "--db", db, "--format", "xlsx")
    assert code == 0 and (tmp_path / "exp" / "tournees.xlsx").exists()


def test_malformed_import_exits_2_names_the_problem_and_changes_nothing(ok_small: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite"
    assert _run(capsys, "import", str(ok_small), "--db", str(db))[0] == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = copy.deepcopy(OK_SMALL)
    bad["tenants"][1]["birth_year"] = "mil neuf cent"
    code, out, err = _run(capsys, "import", str(write_tables(tmp_path / "bad", bad)), "--db", str(db))
    assert code == 2
    assert "Import refusé : 1 problème(s)" in err and "Rien n'a été écrit" in err
    assert "tenants.csv, ligne 3, colonne « birth_year » : « mil neuf cent » n'est pas un nombre entier" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_messages_in_english_on_request(tmp_path: Path, capsys) -> None:
    bad = copy.deepcopy(OK_SMALL)
    bad["tenants"][0]["sex"] = "Z"
    code, _, err = _run(capsys, "import", str(write_tables(tmp_path / "bad", bad)), "--db", str(tmp_path / "db.sqlite"), "--lang", "en")
    assert code == 2
    assert "tenants.csv, row 2, column 'sex': 'Z' is not allowed; allowed values: F, M" in err


def test_check_mode_writes_nothing(ok_small: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = _run(capsys, "import", str(ok_small), "--check", "--db", str(tmp_path / "db.sqlite"))
    assert code == 0 and "Vérification réussie" in out
    assert not (tmp_path / "db.sqlite").exists()


def test_internal_error_exits_1_without_traceback(tmp_path: Path, capsys, monkeypatch) -> None:
    import tournees.cli as cli

    def boom(args, settings):
        raise RuntimeError("disque plein")

    monkeypatch.setitem(cli.COMMANDS, "summary", boom)
    code, _, err = _run(capsys, "summary", "--db", str(tmp_path / "db.sqlite"))
    assert code == 1 and "Erreur interne : RuntimeError: disque plein" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["summary", "--db", str(tmp_path / "db.sqlite"), "--debug"])


def test_help_is_french_by_default(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "importe un dossier de CSV" in capsys.readouterr().out


def test_init_loads_the_programme_catalogue(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    code, out, _ = _run(capsys, "init", "--db", db)
    assert code == 0 and "actions 10 ajoutées" in out and "intervention_types 12 ajoutées" in out


def test_indicators_command_writes_tables(ok_small: Path, tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    _run(capsys, "import", str(ok_small), "--db", db)
    code, out, _ = _run(capsys, "indicators", "--db", db, "--out", str(tmp_path / "ind"))
    assert code == 0 and "Bénéficiaires" in out
    assert (tmp_path / "ind" / "beneficiaires.csv").exists() and (tmp_path / "ind" / "indicateurs.xlsx").exists()
    code, _, err = _run(capsys, "indicators", "--db", db, "--from", "20/11/2026")
    assert code == 2 and "AAAA-MM-JJ" in err


def test_missing_data_folder_is_a_clear_input_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(tmp_path / "nowhere"))
    code, _, err = _run(capsys, "demo", "--db", str(tmp_path / "db.sqlite"), "--out", str(tmp_path / "demo"))
    assert code == 2 and "TOURNEES_DATA_DIR" in err


def test_common_options_work_before_and_after_the_command(ok_small: Path, tmp_path: Path, capsys) -> None:
    before = str(tmp_path / "before.sqlite")
    after = str(tmp_path / "after.sqlite")
    assert _run(capsys, "--db", before, "import", str(ok_small))[0] == 0
    assert _run(capsys, "import", str(ok_small), "--db", after)[0] == 0
    assert Path(before).exists() and Path(after).exists()


def test_plan_options_are_checked_with_a_clear_message(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "none.sqlite")
    assert main(["plan", "epicerie", "--weeks", "0", "--out", str(tmp_path / "out"), "--db", db]) == 2
    assert "--weeks 0 : entre 1 et 26 semaines" in capsys.readouterr().err
    assert main(["plan", "bricolage", "--out", str(tmp_path / "out"), "--db", db]) == 2
    assert "--week AAAA-Www est obligatoire" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "none.sqlite").exists()


def test_read_commands_take_the_demo_database_with_demo(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    monkeypatch.chdir(tmp_path)
    assert main(["summary", "--demo"]) == 2  # before `make demo`: no base, and none created
    assert not (tmp_path / "var").exists()
    (tmp_path / "var").mkdir()
    shutil.copyfile(demo_db, tmp_path / "var" / "demo.sqlite")
    capsys.readouterr()
    assert main(["summary", "--demo"]) == 0
    assert "Bailleurs" in capsys.readouterr().out
    assert main(["indicators", "--demo", "--service", "bricolage"]) == 0
    assert "Bricol'âge : tarifs encaissés" in capsys.readouterr().out

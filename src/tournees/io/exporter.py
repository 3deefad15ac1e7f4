"""``tournees export`` and the import templates: the same tables, written back.

Files are written in the same layout ``tournees import`` reads, so that
import → export → import gives identical tables.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from tournees.db import Database
from tournees.io.sources import TEXT_ENCODING
from tournees.io.spreadsheet import keep_text
from tournees.model import INPUT_TABLES, Record, columns
from tournees.model.fields import format_cell


def table_rows(cls: type[Record], records: Iterable[Record]) -> list[list[str]]:
    infos = columns(cls)
    return [[format_cell(info, getattr(rec, info.name)) for info in infos] for rec in records]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool = True) -> None:
    """A CSV file as spreadsheets expect it (UTF-8 with BOM, comma, header row)."""
    with path.open("w", encoding=TEXT_ENCODING if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list[str]]]], *, notes: dict[str, list[list[str]]] | None = None) -> None:
    """A workbook with one sheet per table (header frozen and bold) and optional ``_`` note sheets."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)  # text cells: no spreadsheet guessing of dates or codes
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, title in enumerate(header, start=1):
            width = max([len(title)] + [len(r[i - 1]) for r in rows[:200]]) + 2
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(width, 50)
    for name, rows in (notes or {}).items():
        sheet = book.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
    keep_text(book)  # "=…", "+…", "-…", "@…" stay text: no live formula, identical round trip
    book.save(path)


def export_tables(db: Database, out: str | Path, *, fmt: str = "csv", tables: Sequence[type[Record]] = INPUT_TABLES) -> Path:
    """Write every table of ``tables`` from ``db``: a folder of CSV or one xlsx file."""
    out = Path(out)
    data = {cls.table: ([c.name for c in columns(cls)], table_rows(cls, db.load(cls))) for cls in tables}
    if fmt == "xlsx":
        if out.suffix.lower() != ".xlsx":
            out = out / "tournees.xlsx"
        out.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(out, data)
        return out
    out.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in data.items():
        write_csv(out / f"{name}.csv", header, rows)
    return out


def write_templates(out: str | Path, *, lang: str = "fr") -> list[Path]:
    """Empty templates (header only) for every input table, and a documented workbook."""
    from tournees.io.reference import column_rows

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for cls in INPUT_TABLES:
        path = out / f"{cls.table}.csv"
        write_csv(path, [c.name for c in columns(cls)], [])
        written.append(path)
    book = out / "modele_tournees.xlsx"
    sheets = {cls.table: ([c.name for c in columns(cls)], []) for cls in INPUT_TABLES}  # type: ignore[var-annotated]
    notes = {"_colonnes": column_rows(lang)}
    write_xlsx(book, sheets, notes=notes)
    written.append(book)
    return written

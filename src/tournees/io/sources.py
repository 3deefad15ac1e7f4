"""Reading raw tables from a folder of CSV files or from Excel workbooks.

A table is recognised by its file name (``tenants.csv``) or sheet name
(``tenants``); sheets whose name starts with ``_`` are documentation and skipped.
Cells are kept as text here; typing and rules come later, so every problem of
every file can be reported at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees.errors import Finding

TEXT_ENCODING = "utf-8-sig"  # accepts the BOM Excel writes in "CSV UTF-8"
MAX_CELL = 10_000  # characters: far above any real address or note, far below a damaged file's single "cell"
# A programme has thousands of rows and a few dozen columns; beyond these a sheet is damaged or hostile.
MAX_XLSX_ROWS = 200_000
MAX_XLSX_COLUMNS = 200
MAX_XLSX_CELLS = 2_000_000
MAX_XLSX_BYTES = 300_000_000  # uncompressed size of all the parts of a workbook


@dataclass
class RawTable:
    """The text cells of one table, with the label used to locate problems."""

    name: str
    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (spreadsheet row, cells)


def read_source(path: Path) -> tuple[list[RawTable], list[Finding]]:
    """Every table in a folder, a CSV file or an xlsx workbook, and reading problems."""
    path = Path(path)
    if path.is_dir():
        tables: list[RawTable] = []
        problems: list[Finding] = []
        for item in sorted(path.iterdir()):
            if item.suffix.lower() in (".csv", ".xlsx") and not item.name.startswith(("~$", ".")):
                found, probs = read_source(item)
                tables += found
                problems += probs
        return tables, problems
    if not path.exists():
        return [], [Finding(str(path), None, None, "bad_file", (("detail", "introuvable / not found"),))]
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        table, problems = _read_csv(path)
        return ([table] if table else []), problems
    return [], [Finding(path.name, None, None, "bad_file", (("detail", "format attendu : .csv ou .xlsx"),))]


def _read_csv(path: Path) -> tuple[RawTable | None, list[Finding]]:
    label = path.name
    try:
        text = path.read_bytes().decode(TEXT_ENCODING)
    except UnicodeDecodeError:
        return None, [Finding(label, None, None, "encoding")]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return None, [Finding(label, None, None, "empty_file")]
    # French spreadsheets often save CSV with ';': pick the delimiter of the header.
    first = lines[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:  # the row is the record that failed (header = row 1)
        if "field larger than field limit" in str(exc):
            return None, [_too_long(label, len(records) + 1, None, csv.field_size_limit())]
        return None, [Finding(label, len(records) + 1, None, "bad_file", (("detail", str(exc)),))]
    header = [h.strip() for h in records[0]]
    table = RawTable(path.stem, label, header)
    problems = []
    for index, cells in enumerate(records[1:], start=2):
        long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
        if long is not None:
            problems.append(_too_long(label, index, header[long] if long < len(header) else None, len(cells[long])))
        elif any(c.strip() for c in cells):
            table.rows.append((index, cells))
    return (None if problems else table), problems


def _too_long(label: str, row: int, column: str | None, size: int) -> Finding:
    return Finding(
        label, row, column, "sec_cell_too_long", (("size", f"{size:,}".replace(",", " ")), ("limit", str(MAX_CELL)))
    )


def cell_text(value: Any) -> str:
    """The text of an Excel cell as our CSV would hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _SheetRefused(Exception):
    def __init__(self, what: str, found: int, limit: int, row: int | None = None) -> None:
        super().__init__(what)
        self.what, self.found, self.limit, self.row = what, found, limit, row


def _refused(label: str, err: _SheetRefused) -> Finding:
    params = (
        ("what", err.what),
        ("found", f"{err.found:,}".replace(",", " ")),
        ("limit", f"{err.limit:,}".replace(",", " ")),
    )
    return Finding(label, err.row, None, "sec_sheet_too_big", params)


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond reason (before openpyxl reads any)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if total > MAX_XLSX_BYTES:
        raise _SheetRefused("taille décompressée / uncompressed size (octets/bytes)", total, MAX_XLSX_BYTES)


def _sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """The rows a sheet really holds, with their numbers, whatever its ``<dimension>`` claims.

    openpyxl's read-only rows trust ``<dimension>`` (a stale one hides rows, a huge one makes
    millions of empty rows) and pad every gap; the sheet parser itself yields only the rows
    present in the XML, so time and memory follow the file, within the limits below.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    cells_seen = 0
    with sheet._get_source() as src:
        parser = WorkSheetParser(
            src,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            if index > MAX_XLSX_ROWS:
                raise _SheetRefused("numéro de ligne / row number", index, MAX_XLSX_ROWS, index)
            values: dict[int, Any] = {}
            for cell in cells:
                if cell["column"] > MAX_XLSX_COLUMNS:
                    raise _SheetRefused("numéro de colonne / column number", cell["column"], MAX_XLSX_COLUMNS, index)
                if cell["value"] is not None:
                    values[cell["column"]] = cell["value"]
            cells_seen += len(cells)
            if cells_seen > MAX_XLSX_CELLS:
                raise _SheetRefused("cellules / cells", cells_seen, MAX_XLSX_CELLS, index)
            yield index, [values.get(i) for i in range(1, max(values, default=0) + 1)]


def _read_xlsx(path: Path) -> tuple[list[RawTable], list[Finding]]:
    import openpyxl

    try:
        _check_archive(path)
    except _SheetRefused as err:
        return [], [_refused(path.name, err)]
    except Exception as exc:  # not a zip at all
        return [], [Finding(path.name, None, None, "bad_file", (("detail", type(exc).__name__),))]
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Finding(path.name, None, None, "bad_file", (("detail", type(exc).__name__),))]
    tables: list[RawTable] = []
    problems: list[Finding] = []
    try:
        for sheet in book.worksheets:
            if sheet.title.startswith("_"):
                continue
            label = f"{path.name}[{sheet.title}]"
            try:
                rows = list(_sheet_rows(book, sheet))
            except _SheetRefused as err:
                problems.append(_refused(label, err))
                continue
            if not rows or all(v is None for v in rows[0][1]):
                problems.append(Finding(label, None, None, "empty_file"))
                continue
            header = [cell_text(v).strip() for v in rows[0][1]]
            while header and header[-1] == "":
                header.pop()
            table = RawTable(sheet.title.strip(), label, header)
            for index, values in rows[1:]:
                cells = [cell_text(v) for v in values]
                long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
                if long is not None:
                    problems.append(
                        _too_long(label, index, header[long] if long < len(header) else None, len(cells[long]))
                    )
                    continue
                cells += [""] * (len(header) - len(cells))  # trailing empty cells are absent from the XML
                while len(cells) > len(header) and cells[-1] == "":
                    cells.pop()
                if any(c.strip() for c in cells):
                    table.rows.append((index, cells))
            tables.append(table)
    finally:
        book.close()
    return tables, problems

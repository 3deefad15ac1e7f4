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
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees.errors import Finding

TEXT_ENCODING = "utf-8-sig"  # accepts the BOM Excel writes in "CSV UTF-8"
# A programme has thousands of rows and a few dozen columns; beyond these a file is damaged or hostile.
# The row, column and cell limits hold for CSV files as for sheets.
MAX_XLSX_ROWS = 200_000
MAX_XLSX_COLUMNS = 200
MAX_XLSX_CELLS = 2_000_000
MAX_XLSX_BYTES = 300_000_000  # uncompressed size of all the parts of a workbook
MAX_CSV_BYTES = 50_000_000  # read whole before parsing: the size is checked first


@dataclass
class RawTable:
    """The text cells of one table, with the label used to locate problems."""

    name: str
    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (spreadsheet row, cells)
    reported: set[tuple[int, int]] = field(default_factory=set)  # (row, cell index) already refused when read


def read_source(path: Path) -> tuple[list[RawTable], list[Finding]]:
    """Every table in a folder, a CSV file or an xlsx workbook, and reading problems."""
    path = Path(path)
    try:
        mode = path.lstat().st_mode
    except OSError:
        return [], [Finding(str(path), None, None, "source_missing")]
    if stat.S_ISLNK(mode):  # security: a link would make tournees read (and quote) a file the user did not name
        return [], [Finding(path.name, None, None, "sec_link")]
    if stat.S_ISDIR(mode):
        tables: list[RawTable] = []
        problems: list[Finding] = []
        for item in sorted(path.iterdir()):
            if item.suffix.lower() in (".csv", ".xlsx") and not item.name.startswith(("~$", ".")):
                if item.is_dir() and not item.is_symlink():
                    continue  # the tables of a folder are its own files
                found, probs = read_source(item)
                tables += found
                problems += probs
        return tables, problems
    if not stat.S_ISREG(mode):  # a pipe named tenants.csv would block the import for ever
        return [], [Finding(path.name, None, None, "sec_special_file")]
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        table, problems = _read_csv(path)
        return ([table] if table else []), problems
    return [], [Finding(path.name, None, None, "source_format")]


def _limit(label: str, row: int | None, what: str, found: int, limit: int, rule: str) -> Finding:
    """A file or sheet refused for its size; ``what`` is the text key of the measure."""
    params = (("what_text", what), ("found", f"{found:,}".replace(",", " ")), ("limit", f"{limit:,}".replace(",", " ")))
    return Finding(label, row, None, rule, params)


def _regular_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes (None beyond), never through a link nor blocking."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if os.fstat(fd).st_size > limit:
            return None
        return fh.read(limit + 1)


_CSV_ERRORS = (("unexpected end of data", "csv_open_quote"), ("expected after", "csv_bad_quote"))


def _read_csv(path: Path) -> tuple[RawTable | None, list[Finding]]:
    label = path.name
    try:
        data = _regular_bytes(path, MAX_CSV_BYTES)
    except OSError:
        return None, [Finding(label, None, None, "bad_file")]
    if data is None or len(data) > MAX_CSV_BYTES:
        size = path.stat().st_size
        return None, [_limit(label, None, "limit_bytes", size, MAX_CSV_BYTES, "sec_file_too_big")]
    try:
        text = data.decode(TEXT_ENCODING)
    except UnicodeDecodeError as exc:  # the row of the first byte that is not UTF-8
        return None, [Finding(label, data[: exc.start].count(b"\n") + 1, None, "encoding")]
    first = text.split("\n", 1)[0]
    if not first.strip():
        return None, [Finding(label, None, None, "empty_file")]
    # French spreadsheets often save CSV with ';': pick the delimiter of the header.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # A long cell is read, measured and refused naming its column (the field limit would hide both).
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    cells_seen = 0
    try:
        for record in reader:
            index = len(records) + 1
            if index > MAX_XLSX_ROWS:
                return None, [_limit(label, index, "limit_rows", index, MAX_XLSX_ROWS, "sec_file_too_big")]
            if len(record) > MAX_XLSX_COLUMNS:
                found = _limit(label, index, "limit_column_number", len(record), MAX_XLSX_COLUMNS, "sec_file_too_big")
                return None, [found]
            cells_seen += len(record)
            if cells_seen > MAX_XLSX_CELLS:
                return None, [_limit(label, index, "limit_cells", cells_seen, MAX_XLSX_CELLS, "sec_file_too_big")]
            records.append(record)
    except csv.Error as exc:  # the row is the record that failed (header = row 1); Python's words are not shown
        rule = next((code for words, code in _CSV_ERRORS if words in str(exc)), "csv_unreadable")
        return None, [Finding(label, len(records) + 1, None, rule)]
    header = [h.strip() for h in records[0]]
    table = RawTable(path.stem, label, header)
    for index, cells in enumerate(records[1:], start=2):
        if any(c.strip() for c in cells):
            table.rows.append((index, cells))
    return table, []


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


class _DtdFound(Exception):
    """A part of the workbook declares a DTD (entities, external references): refused before any parsing."""


def _refused(label: str, err: _SheetRefused) -> Finding:
    return _limit(label, err.row, err.what, err.found, err.limit, "sec_sheet_too_big")


_DOCTYPE = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond reason or declare a DTD (before openpyxl reads any)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        total = sum(info.file_size for info in archive.infolist())
        if total > MAX_XLSX_BYTES:
            raise _SheetRefused("limit_uncompressed", total, MAX_XLSX_BYTES)
        for info in archive.infolist():
            with archive.open(info) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    window = tail + chunk
                    if any(mark in window for mark in _DOCTYPE):
                        raise _DtdFound(info.filename)
                    tail = window[-32:]


FORMULA_NO_VALUE = object()  # a formula cell whose result the workbook did not save (a script wrote it, no spreadsheet)


def _sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """The rows a sheet really holds, with their numbers, whatever its ``<dimension>`` claims.

    openpyxl's read-only rows trust ``<dimension>`` (a stale one hides rows, a huge one makes
    millions of empty rows) and pad every gap; the sheet parser itself yields only the rows
    present in the XML, so time and memory follow the file, within the limits below.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FORMULA_NO_VALUE
            return cell

    cells_seen = 0
    with sheet._get_source() as src:
        parser = Parser(
            src,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            if index > MAX_XLSX_ROWS:
                raise _SheetRefused("limit_row_number", index, MAX_XLSX_ROWS, index)
            values: dict[int, Any] = {}
            for cell in cells:
                if cell["column"] > MAX_XLSX_COLUMNS:
                    raise _SheetRefused("limit_column_number", cell["column"], MAX_XLSX_COLUMNS, index)
                if cell["value"] is not None:
                    values[cell["column"]] = cell["value"]
            cells_seen += len(cells)
            if cells_seen > MAX_XLSX_CELLS:
                raise _SheetRefused("limit_cells", cells_seen, MAX_XLSX_CELLS, index)
            yield index, [values.get(i) for i in range(1, max(values, default=0) + 1)]


def _read_xlsx(path: Path) -> tuple[list[RawTable], list[Finding]]:
    import warnings

    with warnings.catch_warnings():  # openpyxl's English remarks (unsupported extension, style…) are not a problem
        warnings.simplefilter("ignore", UserWarning)
        return _read_book(path)


def _read_book(path: Path) -> tuple[list[RawTable], list[Finding]]:
    import openpyxl

    try:
        _check_archive(path)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _SheetRefused as err:
        return [], [_refused(path.name, err)]
    except _DtdFound:
        return [], [Finding(path.name, None, None, "sec_dtd")]
    except Exception:  # zipfile and openpyxl raise many kinds for a damaged file; their names help no planner
        return [], [Finding(path.name, None, None, "bad_workbook")]
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
            except Exception:  # damaged sheet XML
                problems.append(Finding(label, None, None, "bad_workbook"))
                continue
            if not rows or all(v is None for v in rows[0][1]):
                problems.append(Finding(label, None, None, "empty_file"))
                continue
            header = [cell_text(v).strip() for v in rows[0][1]]
            while header and header[-1] == "":
                header.pop()
            table = RawTable(sheet.title.strip(), label, header)
            for index, values in rows[1:]:
                for i, value in enumerate(values):
                    if value is FORMULA_NO_VALUE:
                        column = header[i] if i < len(header) else None
                        problems.append(Finding(label, index, column, "formula_no_value"))
                        table.reported.add((index, i))
                cells = ["" if v is FORMULA_NO_VALUE else cell_text(v) for v in values]
                cells += [""] * (len(header) - len(cells))  # trailing empty cells are absent from the XML
                while len(cells) > len(header) and cells[-1] == "":
                    cells.pop()
                if any(c.strip() for c in cells) or any(r == index for r, _ in table.reported):
                    table.rows.append((index, cells))
            tables.append(table)
    finally:
        book.close()
    return tables, problems

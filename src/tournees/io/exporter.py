"""``tournees export`` and the import templates: the same tables, written back.

Files are written in the same layout ``tournees import`` reads, so that
import → export → import gives identical tables.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.io.sources import TEXT_ENCODING
from tournees.io.spreadsheet import cell_value, keep_text
from tournees.model import INPUT_TABLES, Record, columns
from tournees.model.fields import format_cell

CREATOR = "tournees"
# A CSV carries no author: the folder keeps the digest of each file the last export wrote, so a later export
# replaces a file only while it is byte for byte what tournees wrote (an edited or foreign file is refused).
EXPORT_MANIFEST = ".tournees-export.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _exported(out: Path) -> dict[str, str]:
    """The files of ``out`` the last export wrote, with their digests (none when the manifest is absent or broken)."""
    try:
        found = json.loads((out / EXPORT_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}


def written_by_tournees(path: Path) -> bool:
    """True for a workbook this module wrote (its creator property), read without opening the whole book."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")[:10_000]
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<dc:creator>{CREATOR}</dc:creator>".encode() in core


def _refuse_foreign(path: Path, lang: str, *, same_text: str | None = None) -> None:
    """Stop before writing ``path`` if it is a folder, or a file tournees did not write (nothing written yet)."""
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise ValidationError(t("cli_foreign_file", lang, path=path))
    if not path.exists():
        return
    if path.suffix.lower() == ".xlsx" and written_by_tournees(path):
        return
    if same_text is not None and path.read_bytes() == same_text.encode(TEXT_ENCODING):
        return
    raise ValidationError(t("cli_foreign_file", lang, path=path))


def _folder(out: Path, lang: str) -> None:
    if out.exists() and not out.is_dir():
        raise ValidationError(t("cli_exists_file", lang, path=out))


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
    book.properties.creator = CREATOR  # how a later export or template run knows it may replace this file
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([cell_value(v) for v in row])  # text cells: no spreadsheet guessing of dates or codes
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, title in enumerate(header, start=1):
            width = max([len(title)] + [len(r[i - 1]) for r in rows[:200]]) + 2
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(width, 50)
    for name, rows in (notes or {}).items():
        sheet = book.create_sheet(name[:31])
        for row in rows:
            sheet.append([cell_value(v) for v in row])
    keep_text(book)  # "=…", "+…", "-…", "@…" stay text: no live formula, identical round trip
    book.save(path)


def export_tables(
    db: Database, out: str | Path, *, fmt: str = "csv", tables: Sequence[type[Record]] = INPUT_TABLES, lang: str = "fr"
) -> Path:
    """Write every table of ``tables`` from ``db``: a folder of CSV or one xlsx file.

    A workbook replaces only one tournees wrote; a path that is a file where a folder is needed is refused.
    """
    out = Path(out)
    if fmt == "xlsx":
        if out.suffix.lower() != ".xlsx":
            _folder(out, lang)
            out = out / "tournees.xlsx"
        _folder(out.parent, lang)
        _refuse_foreign(out, lang)
    else:
        _folder(out, lang)
    data = {cls.table: ([c.name for c in columns(cls)], table_rows(cls, db.load(cls))) for cls in tables}
    if fmt == "xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(out, data)
        return out
    ours = _exported(out)
    for name in data:  # everything checked before the first file is written
        path = out / f"{name}.csv"
        if path.is_file() and not path.is_symlink() and ours.get(path.name) == _digest(path):
            continue
        _refuse_foreign(path, lang)
    manifest_path = out / EXPORT_MANIFEST
    if manifest_path.is_symlink() or (manifest_path.exists() and not manifest_path.is_file()):
        raise ValidationError(t("cli_foreign_file", lang, path=manifest_path))
    out.mkdir(parents=True, exist_ok=True)
    staged = []
    try:  # written under temporary names, renamed once every file is complete
        for name, (header, rows) in data.items():
            tmp = out / f".{name}.csv.tmp-{os.getpid()}"
            staged.append((tmp, out / f"{name}.csv"))
            write_csv(tmp, header, rows)
        digests = {final.name: _digest(tmp) for tmp, final in staged}
        manifest = out / f".{EXPORT_MANIFEST}.tmp-{os.getpid()}"
        staged.append((manifest, out / EXPORT_MANIFEST))
        manifest.write_text(json.dumps({**ours, **digests}, indent=1, sort_keys=True), encoding="utf-8")
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return out


def write_templates(out: str | Path, *, lang: str = "fr") -> list[Path]:
    """Empty templates (header only) for every input table, and a documented workbook."""
    from tournees.io.reference import column_rows

    out = Path(out)
    book = out / "modele_tournees.xlsx"
    _folder(out, lang)  # everything is checked before the first file is written
    for cls in INPUT_TABLES:  # a file of the same name is replaced only if it is an empty template
        _refuse_foreign(out / f"{cls.table}.csv", lang, same_text=",".join(c.name for c in columns(cls)) + "\n")
    _refuse_foreign(book, lang)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for cls in INPUT_TABLES:
        path = out / f"{cls.table}.csv"
        write_csv(path, [c.name for c in columns(cls)], [])
        written.append(path)
    sheets = {cls.table: ([c.name for c in columns(cls)], []) for cls in INPUT_TABLES}  # type: ignore[var-annotated]
    notes = {"_colonnes": column_rows(lang)}
    write_xlsx(book, sheets, notes=notes)
    written.append(book)
    return written

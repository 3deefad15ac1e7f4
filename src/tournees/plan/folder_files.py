"""The files of a plan folder read back after a planner had them in hand (``tournees retime``, ``tournees check``).

A spreadsheet saves a CSV again its own way: French Excel writes ``;`` (a tab when saved as
text), a BOM, Windows-1252, decimal commas. Those are read. What is not a plan's file — a
link, a pipe, a binary or empty file, another table, a ``plan.json`` nested beyond reason —
is refused with a :class:`ValidationError` naming the file (and the row when there is one),
never read through nor left to fail later as an internal error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

from tournees.errors import ValidationError
from tournees.i18n import t

SEPARATORS = (",", ";", "\t")  # ours first: a header with none of them (one column) reads as ours
MAX_FILE_BYTES = 200_000_000  # far above a plan's matrix, far below what would exhaust memory


def csv_delimiter(header: str) -> str:
    """The separator of a CSV file, read from its header line: the most frequent of ``,`` ``;`` and tab."""
    return max(SEPARATORS, key=header.count)


def plan_file_bytes(folder: Path, name: str, lang: str | None = None) -> bytes:
    """The bytes of ``folder/name``, a regular file of the folder itself (no link, pipe or device followed)."""
    path = folder / name
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        raise ValidationError(t("docs_pf_missing", lang, file=name)) from None
    if stat.S_ISLNK(mode):
        raise ValidationError(t("docs_pf_link", lang, file=name))
    if not stat.S_ISREG(mode):
        raise ValidationError(t("docs_pf_special", lang, file=name))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:  # lstat then open: a file swapped for a link in between is not followed
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(t("docs_pf_too_big", lang, file=name, size=size, limit=MAX_FILE_BYTES))
        return fh.read(MAX_FILE_BYTES + 1)


def plan_file_text(folder: Path, name: str, lang: str | None = None) -> str:
    """The text of a CSV of the folder: UTF-8 (with or without BOM), else Windows-1252 as French Excel saves it."""
    data = plan_file_bytes(folder, name, lang)
    if b"\x00" in data:
        raise ValidationError(t("docs_pf_binary", lang, file=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # bytes Windows-1252 leaves undefined: not a spreadsheet's text
        raise ValidationError(
            t("docs_pf_encoding", lang, file=name, row=data[: exc.start].count(b"\n") + 1)
        ) from None


def read_plan_csv(
    folder: Path, name: str, required: tuple[str, ...], lang: str | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header of a CSV of the folder and its rows as (spreadsheet row, cells by column), whatever separator it
    was saved with.

    Refused when empty, unreadable, without one of the ``required`` columns, or with a row whose
    cells do not match the header (every such row is named). Blank rows are skipped."""
    text = plan_file_text(folder, name, lang)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise ValidationError(t("docs_pf_empty", lang, file=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first), strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error:
        raise ValidationError(t("docs_pf_csv", lang, file=name, row=len(records) + 1)) from None
    header = [h.strip() for h in records[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(t("docs_pf_columns", lang, file=name, columns=", ".join(missing)))
    rows, problems = [], []
    for row, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(t("docs_pf_cells", lang, file=name, row=row, n=len(cells), m=len(header)))
            continue
        rows.append((row, {k: v.strip() for k, v in zip(header, cells, strict=True)}))
    if problems:
        raise ValidationError(t("docs_rt_refused", lang, problems="\n  - ".join(problems)))
    return header, rows


def read_plan_json(folder: Path, lang: str | None = None) -> dict[str, Any]:
    """``plan.json`` of the folder as an object; refused when broken, nested beyond reason or not an object."""
    data = plan_file_bytes(folder, "plan.json", lang)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(t("docs_pf_json_encoding", lang)) from None
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(t("docs_pf_json", lang, row=exc.lineno, column=exc.colno, detail=exc.msg)) from None
    except RecursionError:  # brackets nested by the hundred thousand: Python's parser gives up
        raise ValidationError(t("docs_pf_json_deep", lang)) from None
    if not isinstance(plan, dict):
        raise ValidationError(t("docs_pf_json_object", lang, kind=type(plan).__name__))
    return plan

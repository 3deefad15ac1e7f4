"""Import rules of the absences table that involve other rows: the resource exists, absences do not overlap.

``resource_id`` names a staff member or a vehicle, so it has no single referenced table (and no foreign
key): it is looked up among both, in the files and in the database. Two absences of one resource that
share a half-day are refused, between rows of the file and against the absences already stored (a
row with the key of a stored one replaces it, so is not compared with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tournees.errors import Finding
from tournees.model import Absence, Record, Staff, Vehicle, id_column

KeyLookup = Callable[[type[Record]], set[tuple[Any, ...]]]
StoredRows = Callable[[type[Record]], list[Record]]


def absence_problems(checked: dict[str, Any], existing_keys: KeyLookup, stored_rows: StoredRows, *,
                     replace: bool = False) -> list[Finding]:
    """Unknown resources and overlapping absences of the absences file (``checked``: tables by name)."""
    table = checked.get(Absence.table)
    if table is None:
        return []
    known = _resource_ids(checked, existing_keys)
    problems: list[Finding] = []
    for row, values in sorted(_values(table), key=lambda r: r[0]):
        value = values.get("resource_id")
        if value is not None and value not in known:
            unknown = (("value", str(value)),)
            problems.append(Finding(table.label, row, "resource_id", "absence_unknown_resource", unknown))
    given = sorted(table.records, key=lambda r: r[0])
    keys = {rec.record_key() for _, rec in given}
    stored = [] if replace else [a for a in stored_rows(Absence) if isinstance(a, Absence)
                                 and a.record_key() not in keys]
    for n, (row, absence) in enumerate(given):
        twin = next((r for r, other in given[:n] if other.overlaps(absence)), None)
        params: tuple[tuple[str, str], ...] = (("resource", absence.resource_id), ("span", absence.span()))
        if twin is not None:
            params += (("other_row", str(twin)),)
            problems.append(Finding(table.label, row, "first_day", "absence_overlap", params))
        elif (kept := next((other for other in stored if other.overlaps(absence)), None)) is not None:
            params += (("other", kept.span()),)
            problems.append(Finding(table.label, row, "first_day", "absence_overlap_stored", params))
    return problems


def _resource_ids(checked: dict[str, Any], existing_keys: KeyLookup) -> set[Any]:
    ids: set[Any] = set()
    for cls in (Staff, Vehicle):
        ids |= {key[0] for key in existing_keys(cls)}
        if cls.table in checked:
            name = id_column(cls)
            ids |= {values[name] for _, values in _values(checked[cls.table]) if name in values}
    return ids


def _values(table: Any) -> Iterable[tuple[int, Any]]:
    """Rows of a checked table as values: its records, and the readable cells of the refused ones."""
    for row, record in table.records:
        yield row, vars(record)
    yield from table.refused

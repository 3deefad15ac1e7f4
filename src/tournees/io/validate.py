"""Turning raw tables into checked records, collecting every problem.

Three passes, each reporting all it finds: the shape of each table (names,
header), each row (types, field rules, rules between fields, duplicate ids),
then references between tables, against both the files and the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tournees.errors import Finding
from tournees.io.sources import RawTable
from tournees.model import BY_TABLE, INPUT_TABLES, Record, columns, id_column
from tournees.model.fields import CellError, Issue, parse_cell

KeyLookup = Callable[[type[Record]], set[tuple[Any, ...]]]
ServiceLookup = Callable[[type[Record]], dict[Any, str]]


@dataclass
class CheckedTable:
    cls: type[Record]
    label: str
    records: list[tuple[int, Record]] = field(default_factory=list)


HIDDEN = "(valeur masquée / hidden value)"


def _masked(cls: type[Record], column: str | None, params: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """A sensitive column's value (GIR, phone) is never repeated in a message, even when it is wrong."""
    sensitive = {c.name for c in columns(cls) if c.meta.sensitive}
    if column not in sensitive:
        return params
    return tuple((k, HIDDEN if k == "value" else v) for k, v in params)


def _problem(cls: type[Record], label: str, row: int | None, found: Issue) -> Finding:
    return Finding(label, row, found.column, found.rule, _masked(cls, found.column, found.params))


def check_tables(
    raw_tables: Iterable[RawTable], existing_keys: KeyLookup, existing_services: ServiceLookup = lambda cls: {}
) -> tuple[dict[str, CheckedTable], list[Finding]]:
    """Records per table name, and every problem found (empty when all is well)."""
    problems: list[Finding] = []
    checked: dict[str, CheckedTable] = {}
    expected = ", ".join(cls.table for cls in INPUT_TABLES)
    for raw in raw_tables:
        cls = BY_TABLE.get(raw.name)
        if cls is None or cls not in INPUT_TABLES:
            problems.append(Finding(raw.label, None, None, "unknown_file", (("expected", expected),)))
            continue
        if raw.name in checked:
            problems.append(Finding(raw.label, None, None, "duplicate_table", (("table", raw.name), ("other", checked[raw.name].label))))
            continue
        table, found = _check_table(cls, raw)
        checked[raw.name] = table
        problems += found
    if not checked and not problems:
        problems.append(Finding("(entrée)", None, None, "no_input", (("expected", expected),)))
    problems += _check_references(checked, existing_keys, existing_services)
    return checked, problems


def _check_table(cls: type[Record], raw: RawTable) -> tuple[CheckedTable, list[Finding]]:
    infos = {c.name: c for c in columns(cls)}
    table = CheckedTable(cls, raw.label)
    problems: list[Finding] = []
    seen: set[str] = set()
    for name in raw.header:
        if name in seen:
            problems.append(Finding(raw.label, 1, name, "duplicate_column"))
        seen.add(name)
        if name not in infos:
            problems.append(Finding(raw.label, 1, name or "(vide)", "unknown_column", (("expected", ", ".join(infos)),)))
    for name, info in infos.items():
        if info.required and info.kind != "list" and name not in seen and _no_default(cls, name):
            problems.append(Finding(raw.label, 1, name, "missing_column"))
    if problems:
        return table, problems

    positions = {name: i for i, name in enumerate(raw.header)}
    defaults = _defaults(cls)
    keys = cls.key_columns()
    first_row: dict[tuple[Any, ...], int] = {}
    for row, cells in raw.rows:
        if len(cells) != len(raw.header):
            problems.append(Finding(raw.label, row, None, "wrong_width", (("found", str(len(cells))), ("expected", str(len(raw.header))))))
            continue
        values: dict[str, Any] = {}
        row_problems: list[Finding] = []
        for name, info in infos.items():
            if name not in positions:
                continue  # optional column left out: the record's default applies
            try:
                value = parse_cell(info, cells[positions[name]])
                if value is not None or name not in defaults:  # an empty cell takes the default
                    values[name] = value
            except CellError as err:
                row_problems.append(Finding(raw.label, row, name, err.rule, _masked(cls, name, err.params)))
        if row_problems:
            problems += row_problems
            continue
        record_values = {**defaults, **values}
        found = cls.issues_of(record_values)
        if found:
            problems += [_problem(cls, raw.label, row, f) for f in found]
            continue
        key = tuple(record_values[k] for k in keys)
        if key in first_row:
            if len(keys) == 1:
                params = (("value", str(key[0])), ("first_row", str(first_row[key])))
                problems.append(Finding(raw.label, row, keys[0], "duplicate_id", params))
            else:
                shown = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
                problems.append(Finding(raw.label, row, None, "duplicate_key", (("key", shown), ("first_row", str(first_row[key])))))
            continue
        first_row[key] = row
        table.records.append((row, cls(**record_values)))
    return table, problems


def _no_default(cls: type[Record], name: str) -> bool:
    return name not in _defaults(cls)


def _defaults(cls: type[Record]) -> dict[str, Any]:
    import dataclasses

    out = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
    return out


def _own_service(record: Record) -> str | None:
    """The service a row belongs to: its ``service`` column, or the service its table serves."""
    return getattr(record, "service", None) or getattr(type(record), "serves", None)


def _check_references(checked: dict[str, CheckedTable], existing_keys: KeyLookup, existing_services: ServiceLookup) -> list[Finding]:
    problems: list[Finding] = []
    cache: dict[str, set[Any]] = {}
    services: dict[str, dict[Any, str]] = {}

    def service_of(target: type[Record], value: Any) -> str | None:
        """The service a referenced vehicle or staff member belongs to (files first, then database)."""
        if target.table not in services:
            found = dict(existing_services(target))
            if target.table in checked:
                key_name = id_column(target)
                found.update({getattr(rec, key_name): rec.service for _, rec in checked[target.table].records})  # type: ignore[attr-defined]
            services[target.table] = found
        return services[target.table].get(value)

    def known(target: type[Record]) -> set[Any]:
        if target.table not in cache:
            ids = {key[0] for key in existing_keys(target)}
            if target.table in checked:
                key_name = id_column(target)
                ids |= {getattr(rec, key_name) for _, rec in checked[target.table].records}
            cache[target.table] = ids
        return cache[target.table]

    for table in checked.values():
        refs = [c for c in columns(table.cls) if c.meta.ref is not None]
        for row, record in table.records:
            for info in refs:
                value = getattr(record, info.name)
                if value is None:
                    continue
                target = BY_TABLE[info.meta.ref or ""]
                if value not in known(target):
                    params = (("value", str(value)), ("target", target.table))
                    problems.append(Finding(table.label, row, info.name, "unknown_ref", params))
                    continue
                own = _own_service(record)
                if own is not None and "service" in {c.name for c in columns(target)}:
                    theirs = service_of(target, value)
                    if theirs is not None and theirs != own:
                        params = (("value", str(value)), ("found", theirs), ("expected", own))  # type: ignore[assignment]
                        problems.append(Finding(table.label, row, info.name, "service_mismatch", params))
    return problems

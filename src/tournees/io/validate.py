"""Turning raw tables into checked records, collecting every problem.

Three passes, each reporting all it finds: the shape of each table (names,
header), each row (types, field rules, rules between fields, duplicate ids),
then references between tables, against both the files and the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from tournees.errors import Finding
from tournees.io.absence_rules import absence_problems
from tournees.io.sources import RawTable
from tournees.model import BY_TABLE, INPUT_TABLES, Record, columns, id_column
from tournees.model.fields import CellError, Issue, parse_cell

KeyLookup = Callable[[type[Record]], set[tuple[Any, ...]]]
ServiceLookup = Callable[[type[Record]], dict[Any, str]]
StoredRows = Callable[[type[Record]], list[Record]]


@dataclass
class CheckedTable:
    cls: type[Record]
    label: str
    records: list[tuple[int, Record]] = field(default_factory=list)
    # Rows with problems: the values of their readable cells, so that their ids and references are still checked.
    refused: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _masked(cls: type[Record], column: str | None, params: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """A sensitive column's value (GIR, phone) is never repeated in a message, even when it is wrong."""
    sensitive = {c.name for c in columns(cls) if c.meta.sensitive}
    if column not in sensitive:
        return params
    return tuple(("value_text", "hidden_value") if k == "value" else (k, v) for k, v in params)


def _problem(cls: type[Record], label: str, row: int | None, found: Issue) -> Finding:
    return Finding(label, row, found.column, found.rule, _masked(cls, found.column, found.params))


def check_tables(
    raw_tables: Iterable[RawTable],
    existing_keys: KeyLookup,
    existing_services: ServiceLookup = lambda cls: {},
    *,
    replace: bool = False,
    stored_rows: StoredRows = lambda cls: [],
) -> tuple[dict[str, CheckedTable], list[Finding]]:
    """Records per table name, and every problem found (empty when all is well).

    With ``replace``, the tables given are emptied before they are written: their stored ids no
    longer count, and rows of the other stored tables must not lose what they refer to.
    """
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
        problems.append(Finding("", None, None, "no_input", (("expected", expected),)))  # the whole input: no file
    if replace:
        kept_keys = existing_keys
        existing_keys = lambda cls: set() if cls.table in checked else kept_keys(cls)  # noqa: E731
        problems += _still_referenced(checked, stored_rows)
    problems += _check_references(checked, existing_keys, existing_services)
    problems += absence_problems(checked, existing_keys, stored_rows, replace=replace)  # resource among staff and vehicles, overlaps
    return checked, problems


def _check_table(cls: type[Record], raw: RawTable) -> tuple[CheckedTable, list[Finding]]:
    """Every problem of a table: its header, then each row (all its cells), even when the header has problems."""
    infos = {c.name: c for c in columns(cls)}
    table = CheckedTable(cls, raw.label)
    problems: list[Finding] = []
    positions: dict[str, int] = {}
    for i, name in enumerate(raw.header):
        if name in positions:
            problems.append(Finding(raw.label, 1, name, "duplicate_column"))
        elif name not in infos:
            shown = name or get_column_letter(i + 1)  # a header cell left empty: its spreadsheet letter
            problems.append(Finding(raw.label, 1, shown, "unknown_column", (("expected", ", ".join(infos)),)))
        positions.setdefault(name, i)  # a column given twice is read from its first place
    missing = {n for n, info in infos.items() if info.required and info.kind != "list" and n not in positions and _no_default(cls, n)}
    problems += [Finding(raw.label, 1, name, "missing_column") for name in sorted(missing, key=list(infos).index)]

    defaults = _defaults(cls)
    keys = cls.key_columns()
    first_row: dict[tuple[Any, ...], int] = {}
    for row, cells in raw.rows:
        if len(cells) != len(raw.header):
            problems.append(Finding(raw.label, row, None, "wrong_width", (("found", str(len(cells))), ("expected", str(len(raw.header))))))
            continue
        values: dict[str, Any] = {}
        refused = set(missing)  # reported once on the header, not again on every row
        row_problems: list[Finding] = []
        for name, info in infos.items():
            if name not in positions:
                continue  # optional column left out: the record's default applies
            if (row, positions[name]) in raw.reported:
                refused.add(name)
                continue
            try:
                value = parse_cell(info, cells[positions[name]])
                if value is not None or name not in defaults:  # an empty cell takes the default
                    values[name] = value
            except CellError as err:
                refused.add(name)
                row_problems.append(Finding(raw.label, row, name, err.rule, _masked(cls, name, err.params)))
        record_values = {**defaults, **values}
        found = cls.issues_of(record_values, refused)
        row_problems += [_problem(cls, raw.label, row, f) for f in found]
        refused |= {f.column for f in found if f.column}
        if not refused & set(keys):
            key = tuple(record_values[k] for k in keys)
            if key in first_row:
                if len(keys) == 1:
                    params = (("value", str(key[0])), ("first_row", str(first_row[key])))
                    row_problems.append(Finding(raw.label, row, keys[0], "duplicate_id", params))
                else:
                    shown = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
                    row_problems.append(Finding(raw.label, row, None, "duplicate_key", (("key", shown), ("first_row", str(first_row[key])))))
            else:
                first_row[key] = row
        if row_problems or refused:  # refused: cells already reported (header, reading)
            problems += row_problems
            table.refused.append((row, {k: v for k, v in record_values.items() if k not in refused}))
            continue
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


def _rows(table: CheckedTable) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Every row of a table with the values it could give: its record, or the readable cells of a refused row."""
    for row, record in table.records:
        yield row, vars(record)
    yield from table.refused


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
        """Ids of the database and of the files (a refused row's id too: its own problems say what is wrong)."""
        if target.table not in cache:
            ids = {key[0] for key in existing_keys(target)}
            if target.table in checked:
                key_name = id_column(target)
                ids |= {values[key_name] for _, values in _rows(checked[target.table]) if key_name in values}
            cache[target.table] = ids
        return cache[target.table]

    for table in sorted(checked.values(), key=lambda t: INPUT_TABLES.index(t.cls)):
        refs = [c for c in columns(table.cls) if c.meta.ref is not None]
        for row, values in sorted(_rows(table), key=lambda r: r[0]):
            for info in refs:
                value = values.get(info.name)
                if value is None:
                    continue
                target = BY_TABLE[info.meta.ref or ""]
                if value not in known(target):
                    params = (("value", str(value)), ("target", target.table))
                    problems.append(Finding(table.label, row, info.name, "unknown_ref", params))
                    continue
                own = values.get("service") or getattr(table.cls, "serves", None)
                if own is not None and "service" in {c.name for c in columns(target)}:
                    theirs = service_of(target, value)
                    if theirs is not None and theirs != own:
                        params = (("value", str(value)), ("found", theirs), ("expected", own))  # type: ignore[assignment]
                        problems.append(Finding(table.label, row, info.name, "service_mismatch", params))
    return problems


def _still_referenced(checked: dict[str, CheckedTable], stored_rows: StoredRows) -> list[Finding]:
    """Stored rows of tables not given that refer to an id the replaced tables will no longer hold."""
    problems: list[Finding] = []
    for target_table in sorted(checked.values(), key=lambda t: INPUT_TABLES.index(t.cls)):
        target = target_table.cls
        if len(target.key_columns()) != 1:
            continue  # only single ids are referred to
        key_name = id_column(target)
        kept = {values[key_name] for _, values in _rows(target_table) if key_name in values}
        for cls in BY_TABLE.values():
            refs = [c.name for c in columns(cls) if c.meta.ref == target.table]
            if not refs or cls.table in checked:
                continue
            users: dict[Any, list[Record]] = {}
            for record in stored_rows(cls):
                for name in refs:
                    value = getattr(record, name)
                    if value is not None and value not in kept:
                        users.setdefault(value, []).append(record)
            for value, records in sorted(users.items(), key=lambda item: str(item[0])):
                example = f"{cls.table} {'/'.join(str(k) for k in records[0].record_key())}"
                params = (("value", str(value)), ("target", target.table), ("count", str(len(records))),
                          ("example", example), ("table", cls.table))
                problems.append(Finding(target_table.label, None, key_name, "still_referenced", params))
    return problems

"""``tournees import``: everything is checked before anything is written.

The database is touched only once every file is clean, and then in a single
transaction that also holds any schema upgrade: a bad input, a check (``--check``) or a
failed write leaves the database file exactly as it was (and creates none).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.failures import StorageError
from tournees.db.schema import TABLES
from tournees.errors import DatabaseError, InputError
from tournees.io.sources import read_source
from tournees.io.validate import CheckedTable, check_tables
from tournees.model import INPUT_TABLES, Record

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import wrote: per table, rows added and rows replaced."""

    database: str
    added: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values()) + sum(self.replaced.values())


def _existing(db_target: str | Path) -> Database | None:
    """Read access to an existing database for reference checks (creates and migrates nothing)."""
    if "://" not in str(db_target) and (not Path(db_target).exists() or Path(db_target).stat().st_size == 0):
        return None
    return Database.read(db_target)


def _services(db: Database) -> Callable[[type[Record]], dict[Any, str]]:
    def lookup(cls: type[Record]) -> dict[Any, str]:
        key = cls.key_columns()[0]
        return {getattr(r, key): r.service for r in db.load(cls)}  # type: ignore[attr-defined]

    return lookup


def _stored_rows(db: Database) -> Callable[[type[Record]], list[Record]]:
    def rows(cls: type[Record]) -> list[Record]:
        try:
            return list(db.load(cls))
        except (StorageError, sa.exc.SQLAlchemyError):  # a table an older base does not have yet: no rows in it
            return []

    return rows


def _table_of(label: str) -> str:
    """The table a reading problem's file names: ``tenants.csv`` or ``book.xlsx[tenants]``."""
    return label.partition("[")[2].rstrip("]") if "[" in label else Path(label).stem


def validate_path(
    source: str | Path, db_target: str | Path, *, replace: bool = False, lang: str = "fr"
) -> dict[str, CheckedTable]:
    """Check a folder or file against the rules and the database; raise :class:`InputError` listing every problem.

    With ``replace``, as ``import --replace`` will write it: the tables given are emptied first.
    """
    raw, problems = read_source(Path(source))
    db = _existing(db_target)
    try:
        if db is None:
            checked, more = check_tables(raw, lambda cls: set(), replace=replace)
        else:
            checked, more = check_tables(
                raw, db.load_keys, _services(db), replace=replace, stored_rows=_stored_rows(db)
            )
    finally:
        if db is not None:
            db.dispose()
    unread = {_table_of(p.file) for p in problems}  # a file refused when read: its rows are not missing, only unread
    problems += [
        p
        for p in more
        if (p.rule != "no_input" or not problems)  # a refused file is not "no input"
        and not (p.rule == "unknown_ref" and dict(p.params).get("target") in unread)
    ]
    if problems:
        raise InputError(problems, lang)
    return checked


def import_path(source: str | Path, db_target: str | Path, *, replace: bool = False, lang: str = "fr") -> ImportReport:
    """Import every table found in ``source`` into the database, all or nothing.

    A row whose id already exists replaces the stored row. With ``replace``, the
    tables present in ``source`` are emptied first (references from other tables
    must then be given again).
    """
    checked = validate_path(source, db_target, replace=replace, lang=lang)
    db = Database(db_target)
    report = ImportReport(database=db.url)
    ordered = [cls for cls in INPUT_TABLES if cls.table in checked]
    try:
        with db.writing() as session:
            stored = {cls.table: set() if replace else _keys(session, cls) for cls in ordered}
            if replace:
                db.replace_all(session, ordered)
            for cls in ordered:
                existing = stored[cls.table]
                added = replaced = 0
                for _row, record in checked[cls.table].records:
                    if record.record_key() in existing:
                        replaced += 1
                    else:
                        added += 1
                    session.merge(record)
                session.flush()
                report.added[cls.table] = added
                report.replaced[cls.table] = replaced
                log.info("%s : %d ajoutée(s), %d remplacée(s)", cls.table, added, replaced)
    except StorageError as exc:
        if exc.kind != "constraint":
            raise DatabaseError(f"import annulé, la base est inchangée : {exc}") from None
        raise DatabaseError(
            f"import annulé, la base est inchangée : {exc}. "
            "Avec --replace, des lignes d'autres tables font peut-être encore référence aux lignes retirées : "
            "importez aussi ces tables, ou importez sans --replace."
        ) from None
    finally:
        db.dispose()
    return report


def _keys(session: Any, cls: type[Record]) -> set[tuple[Any, ...]]:
    table = TABLES[cls.table]
    return {tuple(row) for row in session.execute(sa.select(*[table.c[k] for k in cls.key_columns()]))}

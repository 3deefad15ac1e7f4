"""Opening, migrating and reading the programme database.

A plain path means a SQLite file (created on first use); anything with ``://`` is
a SQLAlchemy URL (``postgresql+psycopg://…`` for a shared installation). The schema
is versioned with Alembic: a database made by an older version is upgraded inside the
first write that succeeds (:meth:`Database.writing`), never by a read; one made by a
newer version is refused rather than damaged.

Commands that only read open the base with :meth:`Database.read`, which never creates one;
``plan`` opens it with :meth:`Database.existing` (a missing base is an input error, not an
empty one to fill) and checks it can write before solving. Inside :meth:`Database.writing`
every :meth:`session` and :meth:`load` of the same object joins that one transaction, so a
plan's records (its run, the requests marked planned or confirmed) commit together or not at all.

Record values never reach a message: the engine hides bound parameters and every
database failure becomes a :class:`StorageError` whose text names the table or the
cause, never a row (see :mod:`tournees.db.failures`).
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from tournees.db.failures import StorageError, install_failure_guard, storage_error
from tournees.db.schema import TABLES
from tournees.errors import DatabaseError, ValidationError
from tournees.i18n import t
from tournees.model import Record, columns

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
R = TypeVar("R", bound=Record)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _head() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    return head or ""


SCHEMA_HEAD = _head()


def _known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(_alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises CommandError or ResolutionError for an unknown id
        return False


def database_url(target: str | Path) -> str:
    text = str(target)
    return text if "://" in text else f"sqlite:///{Path(text).expanduser()}"


class Database:
    """A connection to the programme database, at the schema version of this release."""

    def __init__(self, target: str | Path) -> None:
        self.url = database_url(target)
        self.path = None if "://" in str(target) else Path(target)
        self.engine = sa.create_engine(self.url, hide_parameters=True)
        self._ambient = _ambient_var()
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            # pysqlite begins transactions only before DML: begin them ourselves so that a
            # migration (DDL) and the rows written after it commit or roll back together.
            sa.event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        install_failure_guard(self.engine, self.url)

    # --- schema ---------------------------------------------------------------

    def revision(self) -> str | None:
        """The schema revision stored in the database (None when empty)."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self) -> None:
        """Bring the schema to this release's version; refuse a newer database."""
        current = self.revision()
        if current == SCHEMA_HEAD:
            return
        if current is not None and not _known_revision(current):
            raise DatabaseError(
                f"la base {self.url} a été créée par une version plus récente de tournees "
                f"(schéma {current}) : mettez tournees à jour avant de l'ouvrir"
            )
        with self.engine.begin() as conn:
            _upgrade(conn, self.url, current)

    @classmethod
    def open(cls, target: str | Path) -> Database:
        """Open for writing (creating or upgrading if needed) the database at ``target``."""
        db = cls(target)
        if db.path is not None:
            db.path.parent.mkdir(parents=True, exist_ok=True)
        created = db.path is not None and not db.path.exists()
        try:
            db.upgrade()
        except StorageError:
            db.dispose()
            if created:
                db.path.unlink(missing_ok=True)  # type: ignore[union-attr]
            raise
        return db

    @classmethod
    def existing(cls, target: str | Path, lang: str | None = None) -> Database:
        """Open for writing (upgrading if needed) a database that exists: a missing file is refused, never created."""
        _require_file(target, lang)
        return cls.open(target)

    def check_writable(self, lang: str | None = None) -> None:
        """Refuse, before any work, a SQLite base that cannot be written (read-only file, folder or URL)."""
        if self.engine.dialect.name != "sqlite":
            return  # a server checks rights at the write itself, which rolls back whole
        shown = self.path if self.path is not None else self.url  # a SQLite URL carries no password
        if self.path is not None and not (
            os.access(self.path.expanduser(), os.W_OK) and os.access(self.path.expanduser().absolute().parent, os.W_OK)
        ):
            raise DatabaseReadOnly(t("safe_db_readonly", lang, path=shown))
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")  # takes the write lock, as a write would
            version = cursor.execute("PRAGMA user_version").fetchone()[0]
            cursor.execute(f"PRAGMA user_version = {int(version)}")  # a real write (a read-only base refuses it)
            cursor.execute("ROLLBACK")
        except Exception as exc:  # the driver's error, said without its detail
            error = storage_error(exc, self.url)
            if error.kind == "readonly":
                raise DatabaseReadOnly(t("safe_db_readonly", lang, path=shown)) from None
            raise error from None
        finally:
            raw.close()

    @classmethod
    def read(cls, target: str | Path, lang: str | None = None) -> Database:
        """Open an existing database for reading: creates, migrates and writes nothing.

        A missing file is refused (a mistyped ``--db`` must not leave an empty base behind);
        a SQLite base of an older schema is read through an upgraded copy in memory.
        """
        path = _require_file(target, lang)
        db = cls(target)
        current = db.revision()
        if current == SCHEMA_HEAD:
            return db
        if current is None:
            db.dispose()
            raise DatabaseNotFound(f"{target} n'est pas une base tournees (aucun schéma) : vérifiez --db")
        if path is None:
            db.dispose()
            raise DatabaseError(
                f"la base {db.url} est au schéma {current} : une écriture (tournees init ou import) la mettra "
                "à niveau avant de la lire"
            )
        if not _known_revision(current):
            db.upgrade()  # raises the "newer release" error
        return db._upgraded_copy()

    def _upgraded_copy(self) -> Database:
        """This SQLite base copied into memory and upgraded there; the file is left as it was."""
        import sqlite3

        memory = sqlite3.connect(":memory:", check_same_thread=False)
        source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            source.backup(memory)
        finally:
            source.close()
        self.dispose()
        copy = Database.__new__(Database)
        copy.url, copy.path, copy._ambient = self.url, None, _ambient_var()
        copy.engine = sa.create_engine(
            "sqlite://", creator=lambda: memory, poolclass=sa.pool.StaticPool, hide_parameters=True
        )
        sa.event.listen(copy.engine, "connect", _sqlite_pragmas)
        sa.event.listen(copy.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        install_failure_guard(copy.engine, self.url)
        copy.upgrade()
        return copy

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction that upgrades the schema if needed, then holds the caller's writes.

        The migration commits only with the writes: a refused or failed write leaves an old
        base at its old schema, and a base file created for it is removed. Until the block
        ends, :meth:`session`, :meth:`load`, :meth:`load_keys` and :meth:`counts` of this
        object work inside the same transaction.
        """
        created = self.path is not None and not self.path.exists()
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.engine.connect() as conn, conn.begin():
                current = MigrationContext.configure(conn).get_current_revision()
                if current != SCHEMA_HEAD:
                    if current is not None and not _known_revision(current):
                        raise DatabaseError(
                            f"la base {self.url} a été créée par une version plus récente de tournees "
                            f"(schéma {current}) : mettez tournees à jour avant de l'ouvrir"
                        )
                    _upgrade(conn, self.url, current)
                with Session(bind=conn, expire_on_commit=False) as session:
                    token = self._ambient.set(session)
                    try:
                        yield session
                        session.flush()
                    finally:
                        self._ambient.reset(token)
        except BaseException:
            self.dispose()
            if created and self.path is not None:
                self.path.unlink(missing_ok=True)
            raise

    def is_current(self) -> bool:
        return self.revision() == SCHEMA_HEAD

    # --- data -------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed if the block succeeds, rolled back otherwise (inside
        :meth:`writing`, part of its transaction: committed or rolled back with it)."""
        ambient = self._ambient.get()
        if ambient is not None:
            yield ambient
            ambient.flush()
            return
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def load(self, cls: type[R]) -> list[R]:
        """Every record of one table, ordered by key."""
        order = [getattr(cls, name) for name in cls.key_columns()]
        ambient = self._ambient.get()
        if ambient is not None:  # sees the writes of the transaction under way
            ambient.flush()
            rows = list(ambient.scalars(sa.select(cls).order_by(*order)))
            ambient.expunge_all()
            return rows
        with Session(self.engine, expire_on_commit=False) as session:
            rows = list(session.scalars(sa.select(cls).order_by(*order)))
            session.expunge_all()
        return rows

    def load_keys(self, cls: type[Record]) -> set[tuple[Any, ...]]:
        """The keys present in one table (for reference checks)."""
        table = TABLES[cls.table]
        with self._connection() as conn:
            return {tuple(row) for row in conn.execute(sa.select(*[table.c[k] for k in cls.key_columns()]))}

    def counts(self) -> dict[str, int]:
        with self._connection() as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in TABLES.items()
            }

    @contextmanager
    def _connection(self) -> Iterator[sa.Connection]:
        """The connection of the transaction under way (:meth:`writing`), else a new one."""
        ambient = self._ambient.get()
        if ambient is not None:
            ambient.flush()
            yield ambient.connection()
            return
        with self.engine.connect() as conn:
            yield conn

    def frame(self, cls: type[Record]) -> Any:
        """One table as a pandas DataFrame (analysts' entry point)."""
        import pandas as pd

        names = [c.name for c in columns(cls)]
        return pd.DataFrame([[getattr(r, n) for n in names] for r in self.load(cls)], columns=names)

    def replace_all(self, session: Session, classes: Sequence[type[Record]]) -> None:
        """Delete every row of ``classes`` (children first) inside ``session``."""
        for cls in reversed(list(classes)):
            session.execute(sa.delete(TABLES[cls.table]))

    def dispose(self) -> None:
        self.engine.dispose()


class DatabaseNotFound(ValidationError):
    """``--db`` names no tournees database (an input error: exit 2, nothing created)."""


class DatabaseReadOnly(ValidationError):
    """``--db`` names a base that cannot be written (an input error: exit 2, nothing planned)."""


def _ambient_var() -> contextvars.ContextVar[Session | None]:
    return contextvars.ContextVar("tournees_db_transaction", default=None)


def _require_file(target: str | Path, lang: str | None) -> Path | None:
    """The SQLite file of ``target`` (None for a URL); a missing or empty file is refused."""
    path = None if "://" in str(target) else Path(target).expanduser()
    if path is not None and (not path.is_file() or path.stat().st_size == 0):
        raise DatabaseNotFound(t("safe_db_missing", lang, path=path))
    return path


def _upgrade(conn: sa.Connection, url: str, current: str | None) -> None:
    log.info("mise à niveau du schéma de %s : %s -> %s", url, current, SCHEMA_HEAD)
    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

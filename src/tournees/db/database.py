"""Opening, migrating and reading the programme database.

A plain path means a SQLite file (created on first use); anything with ``://`` is
a SQLAlchemy URL (``postgresql+psycopg://…`` for a shared installation). The schema
is versioned with Alembic: a database made by an older version is upgraded when
opened; one made by a newer version is refused rather than damaged.
"""

from __future__ import annotations

import logging
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

from tournees.db.schema import TABLES
from tournees.errors import DatabaseError
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
        self.engine = sa.create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)

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
        log.info("mise à niveau du schéma de %s : %s -> %s", self.url, current, SCHEMA_HEAD)
        with self.engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @classmethod
    def open(cls, target: str | Path) -> Database:
        """Open (creating or upgrading if needed) the database at ``target``."""
        db = cls(target)
        if db.path is not None:
            db.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db.upgrade()
        except sa.exc.DatabaseError as exc:
            raise DatabaseError(f"impossible d'ouvrir la base {db.url} : {exc.orig}") from exc
        return db

    def is_current(self) -> bool:
        return self.revision() == SCHEMA_HEAD

    # --- data -------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed if the block succeeds, rolled back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def load(self, cls: type[R]) -> list[R]:
        """Every record of one table, ordered by key."""
        order = [getattr(cls, name) for name in cls.key_columns()]
        with Session(self.engine, expire_on_commit=False) as session:
            rows = list(session.scalars(sa.select(cls).order_by(*order)))
            session.expunge_all()
        return rows

    def load_keys(self, cls: type[Record]) -> set[tuple[Any, ...]]:
        """The keys present in one table (for reference checks)."""
        table = TABLES[cls.table]
        with self.engine.connect() as conn:
            return {tuple(row) for row in conn.execute(sa.select(*[table.c[k] for k in cls.key_columns()]))}

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in TABLES.items()
            }

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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

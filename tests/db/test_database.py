"""Schema versions: the migrations build exactly the model, old databases upgrade, newer ones are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tournees.db import SCHEMA_HEAD, Database
from tournees.db.failures import StorageError
from tournees.db.schema import metadata
from tournees.errors import DatabaseError
from tournees.model import Tenant


def test_migrations_build_exactly_the_declared_model(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "db.sqlite")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == [], "the model changed without a migration: add one under db/migrations/versions"


def test_new_database_is_at_head(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "sub" / "db.sqlite")
    assert db.revision() == SCHEMA_HEAD and db.is_current()


def test_database_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Database.open(path)
    with Database(path).engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="plus récente"):
        Database.open(path)
    assert path.read_bytes() == before


def test_an_empty_older_file_is_brought_to_head(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    sa.create_engine(f"sqlite:///{path}").connect().close()  # an empty SQLite file, no schema yet
    assert Database.open(path).revision() == SCHEMA_HEAD


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "db.sqlite")
    with pytest.raises(StorageError, match="FOREIGN KEY") as failure, db.session() as session:
        session.add(Tenant(tenant_id="L1", residence_id="NOWHERE", birth_year=1940, sex="F"))
    assert failure.value.kind == "constraint"


def test_url_setting_accepts_sqlalchemy_urls(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'url.sqlite'}")
    assert db.path is None and db.is_current()


def test_a_database_of_the_previous_schema_opens_with_its_data(tmp_path: Path) -> None:
    from alembic import command

    from tournees.db.database import _alembic_config
    from tournees.model import Landlord

    path = tmp_path / "old.sqlite"
    db = Database(path)
    with db.engine.begin() as conn:  # a database as release 0001 left it, with data in it
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(sa.text("INSERT INTO landlords (landlord_id, name) VALUES ('LL', 'LogemLoiret')"))
    assert Database(path).revision() == "0001"
    reopened = Database.open(path)
    assert reopened.revision() == SCHEMA_HEAD != "0001"
    assert [x.name for x in reopened.load(Landlord)] == ["LogemLoiret"]

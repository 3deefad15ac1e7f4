"""Nothing written means nothing written: checks, refused imports and read commands leave every file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from tests.conftest import write_tables
from tournees.cli import main
from tournees.db import SCHEMA_HEAD, Database
from tournees.db.database import _alembic_config


def _old_schema(path: Path) -> Path:
    """A base made by the first release (schema 0001), with the small programme in it."""
    db = Database(path)
    with db.engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    db.dispose()
    return path


def _revision(path: Path) -> str | None:
    db = Database(path)
    try:
        return db.revision()
    finally:
        db.dispose()


BAD = {"tenants": [{"tenant_id": "L9", "residence_id": "R1", "birth_year": "dix-neuf", "sex": "F"}]}


@pytest.mark.parametrize("args", [["--check"], []], ids=["check", "refused"])
def test_old_schema_is_not_migrated_by_a_check_or_a_refused_import(
    ok_small: Path, tmp_path: Path, args: list[str]
) -> None:
    db = _old_schema(tmp_path / "old.sqlite")
    before = db.read_bytes()
    source = ok_small if args else write_tables(tmp_path / "bad", BAD)
    code = main(["import", str(source), "--db", str(db), *args])
    assert code == (0 if args else 2)
    assert db.read_bytes() == before and _revision(db) == "0001"


def test_old_schema_is_migrated_with_the_import_that_succeeds(ok_small: Path, tmp_path: Path) -> None:
    db = _old_schema(tmp_path / "old.sqlite")
    assert main(["import", str(ok_small), "--db", str(db)]) == 0
    assert _revision(db) == SCHEMA_HEAD


@pytest.mark.parametrize("args", [["--check"], []], ids=["check", "refused"])
def test_empty_file_stays_empty(ok_small: Path, tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "empty.sqlite"
    db.touch()
    source = ok_small if args else write_tables(tmp_path / "bad", BAD)
    main(["import", str(source), "--db", str(db), *args])
    assert db.stat().st_size == 0


def test_refused_import_creates_no_file(tmp_path: Path) -> None:
    db = tmp_path / "new" / "prog.sqlite"
    assert main(["import", str(write_tables(tmp_path / "bad", BAD)), "--db", str(db)]) == 2
    assert not db.exists()


@pytest.mark.parametrize(
    "command_line", [["summary"], ["export", "OUT"], ["indicators"], ["export", "OUT", "--format", "xlsx"]]
)
def test_read_commands_on_a_mistyped_db_create_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command_line: list[str]
) -> None:
    db = tmp_path / "progamme.sqlite"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command_line]
    assert main([*args, "--db", str(db)]) == 2
    assert not db.exists() and not (tmp_path / "out").exists()
    assert "introuvable" in capsys.readouterr().err


def test_check_command_never_opens_the_database(tmp_path: Path) -> None:
    db = tmp_path / "progamme.sqlite"
    main(["check", str(tmp_path), "--db", str(db)])
    assert not db.exists()


def test_read_command_on_old_schema_reads_without_migrating(
    ok_small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _old_schema(tmp_path / "old.sqlite")
    before = db.read_bytes()
    assert main(["summary", "--db", str(db)]) == 0
    assert db.read_bytes() == before and _revision(db) == "0001"

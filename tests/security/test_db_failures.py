"""A failing database write never shows a tenant's values (GIR, phone) on stderr, even with --debug."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_tables
from tournees.cli import main

PHONE = "06 98 76 54 32"
TENANT = {
    "tenant_id": "L9",
    "residence_id": "R1",
    "birth_year": "1937",
    "sex": "F",
    "gir": "2",
    "isolated": "oui",
    "mobility": "autonome",
    "phone": PHONE,
}


def _tournees(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("tournees")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def base(ok_small: Path, tmp_path: Path) -> Path:
    db = tmp_path / "prog.sqlite"
    assert main(["import", str(ok_small), "--db", str(db)]) == 0
    return db


def _no_values(stderr: str) -> None:
    assert PHONE not in stderr and PHONE.replace(" ", "") not in stderr
    assert "'L9'" not in stderr and "1937" not in stderr  # the row as bound parameters
    assert "parameters:" not in stderr.lower()


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_locked_database_write_shows_no_tenant_value(base: Path, tmp_path: Path, debug: list[str]) -> None:
    source = write_tables(tmp_path / "new", {"tenants": [TENANT]})
    before = base.read_bytes()
    other = sqlite3.connect(base)
    other.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    try:
        done = _tournees(*debug, "import", str(source), "--db", str(base))
    finally:
        other.rollback()
        other.close()
    assert done.returncode == 1
    assert "verrouillée" in done.stderr
    _no_values(done.stderr)
    assert base.read_bytes() == before


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_read_only_database_write_shows_no_tenant_value(base: Path, tmp_path: Path, debug: list[str]) -> None:
    source = write_tables(tmp_path / "new", {"tenants": [TENANT]})
    before = base.read_bytes()
    url = f"sqlite:///file:{base}?mode=ro&uri=true"
    done = _tournees(*debug, "import", str(source), "--db", url)
    assert done.returncode == 1
    assert "lecture seule" in done.stderr
    _no_values(done.stderr)
    assert base.read_bytes() == before


def test_constraint_failure_message_quotes_no_value() -> None:
    from tournees.db.failures import scrubbed

    pg = (
        'new row for relation "tenants" violates check constraint "ck_gir"\n'
        "DETAIL:  Failing row contains (L9, R1, 1937, F, 2, t, f, autonome, t, telephone, null, 06 98 76 54 32)."
    )
    assert PHONE not in scrubbed(pg) and "1937" not in scrubbed(pg)
    assert "violates check constraint" in scrubbed(pg)


def test_import_problems_do_not_repeat_a_sensitive_value(
    ok_small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_tables(
        tmp_path / "bad",
        {
            "tenants": [
                {**TENANT, "gir": "deux"},
                {**TENANT, "tenant_id": "L10", "phone": "appeler le 06 98 76 54 32 après 18h"},
            ]
        },
    )
    db = tmp_path / "db.sqlite"
    assert main(["import", str(ok_small), "--db", str(db)]) == 0
    assert main(["import", str(source), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "tenants.csv, ligne 2, colonne « gir »" in err and "ligne 3, colonne « phone »" in err
    assert "deux" not in err and PHONE not in err

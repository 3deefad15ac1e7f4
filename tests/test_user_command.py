"""The README's web sequence on a fresh setup (issue #26 item 15): ``tournees user add`` explains what it needs and
creates no empty base; ``--demo`` works for ``user add``, ``user list`` and ``import``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tournees.cli import main

ADD = ["user", "add", "m.dupont", "--role", "planner", "--landlord", "LOGEMLOIRET"]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new working folder: no base, no settings file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOURNEES_DB", raising=False)
    monkeypatch.setenv("TOURNEES_PASSWORD", "un-mot-de-passe-long")
    return tmp_path


def test_user_add_on_a_fresh_setup_says_what_to_do_and_creates_nothing(fresh: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(ADD) == 2
    err = capsys.readouterr().err
    assert "tournees init" in err and "tournees import" in err and "--demo" in err and "Erreur interne" not in err
    assert not (fresh / "var").exists(), "no empty base left behind"
    assert main([*ADD, "--demo"]) == 2
    assert "make demo" in capsys.readouterr().err
    assert not (fresh / "var").exists()


def test_user_add_and_list_on_the_demo_base(fresh: Path, demo_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (fresh / "var").mkdir()
    shutil.copyfile(demo_db, fresh / "var" / "demo.sqlite")
    assert main([*ADD, "--demo"]) == 0
    assert main(["user", "list", "--demo"]) == 0
    assert "m.dupont\tplanner\tLOGEMLOIRET" in capsys.readouterr().out
    assert main(["user", "add", "m.durand", "--role", "planner", "--landlord", "INCONNU", "--demo"]) == 2
    err = capsys.readouterr().err
    assert "INCONNU" in err and "LOGEMLOIRET" in err and "tournees import" in err
    assert not (fresh / "var" / "tournees.sqlite").exists()


def test_import_accepts_demo(fresh: Path, demo_db: Path, ok_small: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["import", "--demo", "--check", str(ok_small)]) == 2  # no demo base yet: the demo builds its own
    assert "make demo" in capsys.readouterr().err and not (fresh / "var").exists()
    (fresh / "var").mkdir()
    shutil.copyfile(demo_db, fresh / "var" / "demo.sqlite")
    assert main(["import", "--demo", "--check", str(ok_small)]) == 0
    assert not (fresh / "var" / "tournees.sqlite").exists()

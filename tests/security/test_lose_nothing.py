"""Lose nothing (issue #24): tournees never deletes what it did not write, publishes nothing and
marks nothing until everything succeeded, and read commands never create a database.

Each test is one reproduction of the issue; on the code before the fix each of them fails.
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tournees.cli import main

WEEK = "2026-W48"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _state(db: Path) -> tuple[int, list[tuple[str, int]]]:
    """Runs recorded, and requests by status: what a plan marks in the base."""
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT count(*) FROM planning_runs").fetchone()[0]
        statuses = conn.execute("SELECT status, count(*) FROM bricolage_requests GROUP BY status ORDER BY status")
        return runs, [tuple(row) for row in statuses]


@pytest.fixture
def base(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "prog.sqlite"
    shutil.copyfile(demo_db, db)
    return db


def _plan_quietly(db: Path, out: Path, week: str, settings) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    import contextlib
    import io
    import os

    err = io.StringIO()
    os.environ.setdefault("TOURNEES_DATA_DIR", str(settings.data_dir))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["plan", "bricolage", "--week", week, "--db", str(db), "--out", str(out), "--time-limit", "1"])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def planned(demo_db: Path, settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str]:  # type: ignore[no-untyped-def]
    """A bricol'âge plan of the demo week: its base, its folder, the exit code and what it said."""
    folder = tmp_path_factory.mktemp("lose-nothing")
    db = folder / "prog.sqlite"
    shutil.copyfile(demo_db, db)
    out = folder / "plan"
    return db, out, *_plan_quietly(db, out, WEEK, settings)


# --- 1. never delete what tournees did not write --------------------------------------------------


def test_out_into_a_foreign_folder_is_refused_and_nothing_touched(base: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("x\n", encoding="utf-8")
    code, _, err = _run(capsys, "plan", "ecrivain", "--week", WEEK, "--db", str(base), "--out", str(d))
    assert code == 2
    assert "n'est pas un dossier de plan écrit par tournees" in err and "rien n'a été touché" in err
    assert _snapshot(d) == {"a.txt": b"x\n"} and sorted(p.name for p in tmp_path.iterdir()) == ["d", "prog.sqlite"]
    code, _, err = _run(capsys, "plan", "ecrivain", "--week", WEEK, "--db", str(base), "--out", str(d), "--lang", "en")
    assert code == 2 and "is not a plan folder written by tournees" in err


def test_database_inside_out_is_refused(base: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "p"
    p.mkdir()
    db = p / "t.sqlite"
    shutil.move(base, db)
    before = _digest(db)
    for out in (p, tmp_path):  # the folder of the base, or any folder above it
        code, _, err = _run(capsys, "plan", "ecrivain", "--week", WEEK, "--db", str(db), "--out", str(out))
        assert code == 2 and "n'y met jamais la base de données" in err and "Erreur interne" not in err
        assert db.exists() and _digest(db) == before and [x.name for x in p.iterdir()] == ["t.sqlite"]


def test_a_plan_folder_holding_files_we_did_not_write_is_not_replaced(
    planned: tuple[Path, Path, int, str], tmp_path: Path, capsys  # type: ignore[no-untyped-def]
) -> None:
    db, out, code, _ = planned
    assert code == 0
    mine = tmp_path / "plan"
    shutil.copytree(out, mine)
    (mine / "notes du planificateur.txt").write_text("à rappeler lundi\n", encoding="utf-8")
    before = _snapshot(mine)
    copy = tmp_path / "prog.sqlite"
    shutil.copyfile(db, copy)
    code, _, err = _run(capsys, "plan", "bricolage", "--week", WEEK, "--db", str(copy), "--out", str(mine))
    assert code == 2 and "notes du planificateur.txt" in err and "n'a pas écrits" in err
    assert _snapshot(mine) == before
    link = tmp_path / "lien"
    link.symlink_to(mine, target_is_directory=True)
    code, _, err = _run(capsys, "plan", "bricolage", "--week", WEEK, "--db", str(copy), "--out", str(link))
    assert code == 2 and "lien symbolique" in err and _snapshot(mine) == before


def test_demo_never_deletes_a_database_it_did_not_create(base: Path, settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tournees.cli.common import build_demo_database
    from tournees.demo import made_by_demo

    before = _digest(base)
    out = tmp_path / "demo"
    code, _, err = _run(capsys, "--db", str(base), "demo", "--out", str(out))
    assert code == 2 and "n'a pas été créée par la démonstration" in err and "--force" in err
    assert _digest(base) == before and not out.exists()
    notes = tmp_path / "notes.sqlite"  # not even a database
    notes.write_text("mes notes\n", encoding="utf-8")
    assert _run(capsys, "--db", str(notes), "demo", "--out", str(out))[0] == 2
    assert notes.read_text(encoding="utf-8") == "mes notes\n"
    mine = out / "bricolage"  # a folder of the user where the demo would put a plan: refused before any work
    mine.mkdir(parents=True)
    (mine / "devis.ods").write_bytes(b"a moi")
    fresh = tmp_path / "fresh.sqlite"
    code, _, err = _run(capsys, "--db", str(fresh), "demo", "--out", str(out))
    assert code == 2 and "n'est pas un dossier de plan écrit par tournees" in err
    assert _snapshot(out) == {"bricolage/devis.ods": b"a moi"} and not fresh.exists()
    own = tmp_path / "own.sqlite"  # a base the demo built is the demo's to rebuild
    build_demo_database(settings, str(own), tmp_path / "demo-data", seed=2026)
    assert made_by_demo(own) and not made_by_demo(base)
    build_demo_database(settings, str(own), tmp_path / "demo-data", seed=2026)
    assert made_by_demo(own)
    with sqlite3.connect(own) as conn:  # rebuilt from scratch, not imported twice
        assert conn.execute("SELECT count(*) FROM tenants").fetchone()[0] == 400


# --- 4. no stale document ----------------------------------------------------------------------


def test_documents_written_again_leave_no_stale_sheet(
    planned: tuple[Path, Path, int, str], tmp_path: Path, settings  # type: ignore[no-untyped-def]
) -> None:
    from tournees.db import Database
    from tournees.outputs import write_outputs

    db, out, code, _ = planned
    assert code == 0
    folder = tmp_path / "plan"
    shutil.copytree(out, folder)
    (folder / "feuille_TECH-3.html").write_text("<p>Mme X : 02 38 00 00 00</p>", encoding="utf-8")  # no visit now
    (folder / "feuilles_de_route.pdf").write_bytes(b"%PDF-1.4 ancien")
    written = write_outputs(folder, Database.read(db), settings, pdf=False, roads=False)
    assert not (folder / "feuille_TECH-3.html").exists()
    assert not (folder / "feuilles_de_route.pdf").exists() and "pdf" not in written
    assert {p.name for p in folder.glob("feuille_*.html")} == {"feuille_TECH-1.html", "feuille_TECH-2.html"}


# --- 5. nothing published, nothing marked, until everything succeeded ------------------------------


def test_a_week_written_loosely_is_planned_published_and_recorded_once(base: Path, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan"
    code, err = _plan_quietly(base, out, "2026-w48 ", settings)  # lower case, trailing space
    assert code == 0, err
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["week"] == WEEK and "semaine 2026-W48" in err
    with sqlite3.connect(base) as conn:
        assert [r[0] for r in conn.execute("SELECT run_id FROM planning_runs")] == [f"bricolage-{WEEK}-1"]
        assert conn.execute("SELECT count(*) FROM bricolage_requests WHERE status = 'planned'").fetchone()[0] > 0


def test_a_read_only_database_plans_nothing_and_publishes_nothing(base: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before, state = _digest(base), _state(base)
    out = tmp_path / "plan"
    url = f"sqlite:///file:{base}?mode=ro&uri=true"
    code, _, err = _run(capsys, "plan", "bricolage", "--week", WEEK, "--db", url, "--out", str(out))
    assert code == 2 and "ne peut pas être écrite" in err and "rien n'a été planifié" in err
    assert not out.exists() and _digest(base) == before and _state(base) == state
    assert not list(tmp_path.glob(".plan.new-*"))


def test_a_database_that_becomes_unwritable_publishes_and_marks_nothing(
    base: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    import tournees.plan.staging as staging

    state = _state(base)
    out = tmp_path / "plan"
    holder = sqlite3.connect(base, isolation_level=None)

    def lock_after_sealing(name: str) -> None:
        if name == "manifest":  # the folder is complete: another program now holds the base
            holder.execute("BEGIN EXCLUSIVE")

    monkeypatch.setattr(staging, "pause_hook", lock_after_sealing)
    try:
        code, _, err = _run(capsys, "plan", "bricolage", "--week", WEEK, "--db", str(base), "--out", str(out),
                            "--time-limit", "1")
    finally:
        holder.close()
    assert code == 1 and "verrouillée" in err and "Erreur interne" not in err
    assert not out.exists() and not list(tmp_path.glob(".plan.new-*"))
    assert _state(base) == state  # no run, no request marked planned


def test_a_full_disk_keeps_the_previous_plan_whole(
    planned: tuple[Path, Path, int, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    import tournees.cli.plan as cli_plan

    db, out, code, _ = planned
    assert code == 0
    folder, copy = tmp_path / "plan", tmp_path / "prog.sqlite"
    shutil.copytree(out, folder)
    shutil.copyfile(db, copy)
    before, state = _snapshot(folder), _state(copy)

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli_plan, "documents", full)
    code, _, err = _run(capsys, "plan", "bricolage", "--week", WEEK, "--db", str(copy), "--out", str(folder),
                        "--time-limit", "1")
    assert code == 1 and "disque plein" in err and "le plan précédent est intact" in err
    assert "Erreur interne" not in err
    assert _snapshot(folder) == before and _state(copy) == state and not list(tmp_path.glob(".plan.new-*"))


# --- 6. read commands never create a database --------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["geocode", "--check"],
        ["user", "list"],
        ["summary"],
        ["export", "{tmp}/export"],
        ["indicators"],
        ["plan", "bricolage", "--week", WEEK, "--out", "{tmp}/plan"],
    ],
)
def test_read_commands_and_a_failed_plan_create_no_database(command: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nope" / "x.sqlite"
    args = [a.format(tmp=tmp_path) for a in command]
    code, _, err = _run(capsys, "--db", str(missing), *args)
    assert code == 2 and "base de données introuvable" in err and str(missing) in err
    assert list(tmp_path.iterdir()) == []


def test_retime_creates_no_database(planned: tuple[Path, Path, int, str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, code, _ = planned
    assert code == 0
    folder = tmp_path / "plan"
    shutil.copytree(out, folder)
    before = _snapshot(folder)
    missing = tmp_path / "nope" / "x.sqlite"
    code, _, err = _run(capsys, "--db", str(missing), "retime", str(folder), "--no-pdf")
    assert code == 2 and "base de données introuvable" in err and str(missing) in err
    assert not (tmp_path / "nope").exists() and _snapshot(folder) == before


# --- 7. export --format csv replaces only the files it wrote ----------------------------------------------


def test_csv_export_replaces_its_own_files_and_never_a_planners_file(base: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A planner keeps their own tenants.csv in the folder they export to: it survives, and nothing is written."""
    out = tmp_path / "export"
    out.mkdir()
    mine = out / "tenants.csv"
    mine.write_text("tenant_id,notes\nT-1,mon fichier\n", encoding="utf-8")
    code, _, err = _run(capsys, "--db", str(base), "export", str(out))
    assert code == 2 and "tenants.csv" in err and "rien n'a été écrit" in err
    assert [p.name for p in out.iterdir()] == ["tenants.csv"]
    assert mine.read_text(encoding="utf-8").endswith("mon fichier\n")
    mine.unlink()
    assert _run(capsys, "--db", str(base), "export", str(out))[0] == 0
    first = _snapshot(out)
    assert _run(capsys, "--db", str(base), "export", str(out))[0] == 0  # its own files: replaced
    assert _snapshot(out) == first and not [p for p in out.iterdir() if ".tmp-" in p.name]
    edited = out / "residences.csv"  # edited in a spreadsheet since: the planner's work now
    edited.write_bytes(edited.read_bytes() + b"\n")
    before = _snapshot(out)
    code, _, err = _run(capsys, "--db", str(base), "export", str(out))
    assert code == 2 and "residences.csv" in err and _snapshot(out) == before

"""Plan folders appear whole or not at all.

kill -9 mid-write leaves the old complete folder, and check tells an incomplete one.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tournees.plan.staging import staged_folder, verify_manifest, when_complete, write_manifest

WEEK = "2026-W48"


def _tournees(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("tournees")
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _runs(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM planning_runs").fetchone()[0]


def _marked(db: Path) -> list[tuple[str, str]]:
    """Each bricol'âge request and its status: what a plan marks besides its run."""
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute("SELECT request_id, status FROM bricolage_requests ORDER BY 1")]


@pytest.fixture(scope="module")
def planned(demo_db: Path, settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("atomic")
    db = base / "prog.sqlite"
    shutil.copyfile(demo_db, db)
    out = base / "plan"
    done = _tournees(
        "plan",
        "bricolage",
        "--week",
        WEEK,
        "--db",
        str(db),
        "--out",
        str(out),
        "--time-limit",
        "2",
        env={"TOURNEES_DATA_DIR": str(settings.data_dir)},
    )
    assert done.returncode == 0, done.stderr
    return db, out


def _killed_plan(db: Path, out: Path, settings, pause_after: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / f"paused-{pause_after}"
    exe = Path(sys.executable).with_name("tournees")
    env = {
        **os.environ,
        "TOURNEES_DATA_DIR": str(settings.data_dir),
        "TOURNEES_TEST_PAUSE_AFTER": pause_after,
        "TOURNEES_TEST_PAUSE_AFTER_MARKER": str(marker),
    }
    proc = subprocess.Popen(
        [
            str(exe),
            "plan",
            "bricolage",
            "--week",
            WEEK,
            "--db",
            str(db),
            "--out",
            str(out),
            "--time-limit",
            "2",
            "--seed",
            "7",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(3000):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the plan never reached the pause point"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("pause_after", ["plan.json", "manifest"])
def test_kill_9_mid_write_leaves_the_old_complete_folder(
    planned: tuple[Path, Path],
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    pause_after: str,
) -> None:
    db, out = planned
    before, runs, marked = _snapshot(out), _runs(db), _marked(db)
    _killed_plan(db, out, settings, pause_after, tmp_path)
    assert _snapshot(out) == before  # the previous plan, whole: no new visits beside last week's map
    assert _runs(db) == runs and _marked(db) == marked  # the killed run was not recorded, no request marked
    assert _tournees("check", str(out)).returncode == 0
    staged = sorted(out.parent.glob(f".{out.name}.new-*"))
    assert staged, "the half-written plan is kept aside, never at --out"
    if pause_after == "plan.json":  # visits and plan.json written, documents not yet: check says so
        done = _tournees("check", str(staged[-1]))
        assert done.returncode == 2 and "manifeste" in done.stdout
    with staged_folder(tmp_path / "other") as other:  # another plan folder's write leaves this one's leftover alone
        (other / "plan.json").write_text("{}", encoding="utf-8")
    assert all(p.exists() for p in staged)
    with (
        pytest.raises(RuntimeError),
        staged_folder(out),
    ):  # the next write of the same folder removes it (its process is gone)
        raise RuntimeError("stop before replacing the plan")
    assert not list(out.parent.glob(f".{out.name}.new-*")) and _snapshot(out) == before


def test_kill_9_right_after_the_swap_leaves_a_recorded_plan(
    planned: tuple[Path, Path], settings, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """The base is written (one transaction) before the folder is put in place: a process killed once the
    new folder is in place has recorded its run and marked its requests."""
    db, out = planned
    work = tmp_path / "work"
    work.mkdir()
    shutil.copyfile(db, work / "prog.sqlite")
    shutil.copytree(out, work / "plan")
    before, runs = _snapshot(work / "plan"), _runs(work / "prog.sqlite")
    _killed_plan(work / "prog.sqlite", work / "plan", settings, "published", tmp_path)
    assert _snapshot(work / "plan") != before and _tournees("check", str(work / "plan")).returncode == 0
    assert _runs(work / "prog.sqlite") == runs + 1
    with (work / "plan" / "visits.csv").open(encoding="utf-8") as fh:
        served = {r["task_id"] for r in csv.DictReader(fh) if r["task_id"]}
    statuses = dict(_marked(work / "prog.sqlite"))
    assert served & set(statuses) and all(statuses[t] in ("planned", "confirmed") for t in served if t in statuses)
    assert not list(work.glob(".plan.new-*"))


def test_kill_9_between_the_base_and_the_swap(planned: tuple[Path, Path], settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The one instant left (after the commit, before the rename): the old plan stays whole at --out, the base
    holds the new run, and the new folder, complete, waits beside it (docs/securite.md says so)."""
    db, out = planned
    work = tmp_path / "work"
    work.mkdir()
    shutil.copyfile(db, work / "prog.sqlite")
    shutil.copytree(out, work / "plan")
    before, runs = _snapshot(work / "plan"), _runs(work / "prog.sqlite")
    _killed_plan(work / "prog.sqlite", work / "plan", settings, "recorded", tmp_path)
    assert _snapshot(work / "plan") == before and _runs(work / "prog.sqlite") == runs + 1
    staged = list(work.glob(".plan.new-*"))
    assert len(staged) == 1 and _tournees("check", str(staged[0])).returncode == 0


def test_a_new_plan_replaces_the_old_one_whole_and_is_recorded(planned: tuple[Path, Path], settings) -> None:  # type: ignore[no-untyped-def]
    db, out = planned
    before, runs = _snapshot(out), _runs(db)
    done = _tournees(
        "plan",
        "bricolage",
        "--week",
        WEEK,
        "--db",
        str(db),
        "--out",
        str(out),
        "--time-limit",
        "2",
        "--seed",
        "3",
        env={"TOURNEES_DATA_DIR": str(settings.data_dir)},
    )
    assert done.returncode == 0, done.stderr
    after = _snapshot(out)
    assert after != before and set(after) >= {
        "visits.csv",
        "plan.json",
        "carte.html",
        "plan.xlsx",
        "feuilles_de_route.html",
    }
    assert _runs(db) == runs + 1
    assert str(out / "carte.html") in done.stdout and ".new-" not in done.stdout
    assert _tournees("check", str(out)).returncode == 0


def test_check_tells_a_folder_mixing_two_plans(planned: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = planned
    mixed = tmp_path / "mixed"
    shutil.copytree(out, mixed)
    (mixed / "carte.html").write_text("<p>carte de la semaine dernière</p>", encoding="utf-8")  # a stale document
    (mixed / "ancien.csv").write_text("x\n", encoding="utf-8")
    (mixed / "plan.xlsx").unlink()
    done = _tournees("check", str(mixed))
    assert done.returncode == 2
    assert "carte.html : fichier modifié" in done.stdout
    assert "ancien.csv : fichier en trop" in done.stdout
    assert "plan.xlsx : fichier manquant" in done.stdout


def test_failed_option_check_writes_nothing(planned: tuple[Path, Path], tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    db, _ = planned
    copy = tmp_path / "prog.sqlite"
    shutil.copyfile(db, copy)
    before = copy.read_bytes()
    out = tmp_path / "nouveau"
    done = _tournees(
        "plan",
        "bricolage",
        "--week",
        WEEK,
        "--db",
        str(copy),
        "--out",
        str(out),
        "--confirm-until",
        "2026-13-01",
        env={"TOURNEES_DATA_DIR": str(settings.data_dir)},
    )
    assert done.returncode == 2 and "--confirm-until" in done.stderr
    assert not out.exists() and copy.read_bytes() == before
    assert not list(tmp_path.glob(".nouveau.new-*"))


def test_staged_folder_api(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "plan.json").write_text("{}", encoding="utf-8")
    (out / "old.txt").write_text("ancien", encoding="utf-8")
    write_manifest(out)  # a plan folder of ours: it may be replaced
    done: list[str] = []
    with pytest.raises(RuntimeError), staged_folder(out) as tmp:
        (tmp / "plan.json").write_text("{}", encoding="utf-8")
        when_complete(lambda: done.append("recorded"))
        raise RuntimeError("solver crashed")
    assert (out / "old.txt").exists() and done == [] and len(list(tmp_path.iterdir())) == 1
    with staged_folder(out) as tmp:
        (tmp / "plan.json").write_text(json.dumps({"service": "x"}), encoding="utf-8")
        (tmp / "visits.csv").write_text("a\n", encoding="utf-8")
        when_complete(lambda: done.append("recorded"))
        assert done == []
    assert done == ["recorded"] and not (out / "old.txt").exists() and len(list(tmp_path.iterdir())) == 1
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert set(plan["manifest"]["files"]) == {"visits.csv"} and verify_manifest(out, plan) == []
    (out / "visits.csv").write_text("b\n", encoding="utf-8")
    assert verify_manifest(out, plan) == [
        "visits.csv : fichier modifié depuis l'écriture du plan (empreinte SHA-256 différente)"
    ]
    assert (
        write_manifest(out) and verify_manifest(out, json.loads((out / "plan.json").read_text(encoding="utf-8"))) == []
    )

"""Same input, settings, seed and workers: the same plan whatever the machine's load (issue #25).

Each service is planned on the demo twice: once as is, once with two processes burning both cores
beside it. Every search stops on work done (PyVRP iterations, OR-Tools solutions, CP-SAT's
deterministic time), never on the clock, so ``visits.csv`` must be byte for byte the same. On the old
code the load cut the iteration budgets at a deadline and the plans differed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tournees.cli import main
from tournees.db import Database
from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlanner
from tournees.settings import Settings

PLANS = {
    "bricolage": ["--week", "2026-W48", "--time-limit", "2"],
    "ecrivain": ["--week", "2026-W48", "--time-limit", "2"],
}


@contextlib.contextmanager
def _busy(processes: int = 2) -> Iterator[None]:
    """``processes`` Python processes spinning on the CPU for as long as the block runs."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for p in burners:
            p.kill()
            p.wait()


def _plan(service: str, db: Path, out: Path, settings: Settings) -> bytes:
    if service == "epicerie":  # one week and short CP-SAT searches (its time limit is deterministic time)
        options = EpicerieOptions(weeks=1, calendar_time=1.0, route_time_s=0.5, workers=2)
        here = replace(settings, cache_dir=out.parent / f"cache-{out.name}")
        planner = EpiceriePlanner(Database.open(db), here, options)
        planner.write(planner.plan(dt.date(2026, 11, 23)), out, label="2026-W48")
    else:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(["--db", str(db), "plan", service, *PLANS[service], "--out", str(out)])
        assert code == 0
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["engine"]["stopped_by_clock"] is False  # the work budget, not the safety cap, ended every search
    return (out / "visits.csv").read_bytes()


@pytest.mark.parametrize("service", ["bricolage", "ecrivain", "epicerie"])
def test_same_plan_under_load(service: str, demo_db: Path, settings: Settings, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    idle_db, busy_db = tmp_path / "idle.sqlite", tmp_path / "busy.sqlite"
    shutil.copyfile(demo_db, idle_db)
    shutil.copyfile(demo_db, busy_db)
    idle = _plan(service, idle_db, tmp_path / "idle", settings)
    with _busy():
        busy = _plan(service, busy_db, tmp_path / "busy", settings)
    assert busy == idle

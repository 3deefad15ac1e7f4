"""Technicians shared by two landlords are planned once (issue #27, fiche 7 "dispositif mutualisé").

The demo's two landlords share TECH-1 and TECH-2: planned each on its own, both plans fill them on the
same days (the issue's double booking); with the time of the first landlord's published plan taken,
the second plan only uses what is left. The command line plans both landlords together: one route a
technician-day, never two visits at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tournees.cli import main
from tournees.db import Database
from tournees.engine import Break, Vehicle, check
from tournees.model import PlanStep
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.services.common import Horizon
from tournees.services.shared_staff import MIN_FREE_S, Taken, leave_free, taken_by, worked_elsewhere
from tournees.settings import Settings
from tournees.web.planning import landlord_requests

MONDAY = dt.date(2026, 11, 23)
FAST = BricolageOptions(time_limit_s=3.0, workers=1)
H = 3600


def _vehicle(day: int = 0) -> Vehicle:
    lunch = Break(45 * 60, day * 86400 + 12 * H, day * 86400 + 13 * H + 15 * 60)  # taken between 12:00 and 14:00
    return Vehicle(id="TECH-1", day=day, start=0, end=0, shift_start=day * 86400 + 8 * H,
                   shift_end=day * 86400 + 16 * H + 30 * 60, breaks=(lunch,), max_work=8 * H)


def _taken(start: dt.time, end: dt.time, day: dt.date = MONDAY, owner: str = "B") -> Taken:
    return Taken("TECH-1", day, start, end, owner, visits=3, break_s=0)


def test_the_day_keeps_the_longest_span_left_free() -> None:
    horizon = Horizon.week(MONDAY)
    (morning_taken,) = leave_free([_vehicle()], [_taken(dt.time(8), dt.time(11, 40))], horizon)
    assert (morning_taken.shift_start, morning_taken.shift_end) == (11 * H + 40 * 60, 16 * H + 30 * 60)
    assert morning_taken.breaks and morning_taken.max_work == 4 * H + 50 * 60  # lunch window inside what is left
    (afternoon_taken,) = leave_free([_vehicle()], [_taken(dt.time(12, 30), dt.time(16, 30))], horizon)
    assert (afternoon_taken.shift_start, afternoon_taken.shift_end) == (8 * H, 12 * H + 30 * 60)
    assert afternoon_taken.breaks == () and afternoon_taken.max_work == 4 * H + 30 * 60  # no lunch: its window is cut
    (middle,) = leave_free([_vehicle()], [_taken(dt.time(10), dt.time(11)), _taken(dt.time(14), dt.time(15))], horizon)
    assert (middle.shift_start, middle.shift_end) == (11 * H, 14 * H)  # the longest of 2 h, 3 h and 1 h 30
    assert leave_free([_vehicle()], [_taken(dt.time(8, 10), dt.time(16, 30))], horizon) == []  # 10 min: no day
    assert MIN_FREE_S > 10 * 60
    untouched = leave_free([_vehicle(1)], [_taken(dt.time(8), dt.time(16))], horizon)  # another day's time
    assert untouched == [_vehicle(1)]
    assert worked_elsewhere([_taken(dt.time(8), dt.time(12)), replace(_taken(dt.time(13), dt.time(17)), break_s=600)]) \
        == {"TECH-1": 8 * H - 600}


def _landlord_plan(db: Database, settings: Settings, landlord: str, out: Path, *, keep: int | None = None,
                   taken: tuple[Taken, ...] = ()) -> list[PlanStep]:
    """One landlord's week (its first ``keep`` requests only, if given), stored; its steps."""
    owners = landlord_requests(db)
    mine = sorted(r for r, o in owners.items() if o == landlord)
    exclude = frozenset(r for r in owners if r not in set(mine[:keep] if keep else mine))
    planner = BricolagePlanner(db, settings, FAST)
    plan = planner.plan(MONDAY, exclude=exclude, taken=taken)
    assert check(plan.problem, plan.solution) == []
    planner.write(plan, out, week_label="2026-W48")
    return [s for s in db.load(PlanStep) if s.run_id == plan.run_id]


def _spans(steps: list[PlanStep]) -> dict[tuple[str, dt.date], tuple[dt.datetime, dt.datetime]]:
    return {(t.resource_id, t.day): (dt.datetime.combine(t.day, t.start), dt.datetime.combine(t.day, t.end))
            for t in taken_by(steps, "")}


def _overlaps(a: list[PlanStep], b: list[PlanStep]) -> list[tuple[str, dt.date]]:
    first, second = _spans(a), _spans(b)
    return [k for k in first.keys() & second.keys()
            if first[k][0] < second[k][1] and second[k][0] < first[k][1]]


def test_a_second_landlord_plans_only_the_time_the_first_one_leaves(
    demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    db = Database.open(path)
    cached = replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache")
    try:
        first = _landlord_plan(db, cached, "LOGEMLOIRET", tmp_path / "a", keep=12)  # leaves part of the days free
        alone = _landlord_plan(db, cached, "RES-ORLEANAIS", tmp_path / "b0")
        assert _overlaps(first, alone)  # the issue: each plan on its own books the shared technicians twice
        taken = tuple(taken_by(first, "LOGEMLOIRET"))
        second = _landlord_plan(db, cached, "RES-ORLEANAIS", tmp_path / "b1", taken=taken)
        assert [s for s in second if s.kind == "visit"], "the time left holds visits"
        assert _overlaps(first, second) == []
        for (resource, day), (lo, hi) in _spans(second).items():  # every step inside the free span
            held = _spans(first).get((resource, day))
            assert held is None or hi <= held[0] or lo >= held[1]
    finally:
        db.dispose()


def test_the_command_line_plans_the_landlords_together(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    out = tmp_path / "plan"
    assert main(["plan", "bricolage", "--db", str(path), "--week", "2026-W48", "--time-limit", "3",
                 "--out", str(out)]) == 0
    with (out / "visits.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "visit"]
    db = Database.read(path)
    landlords = landlord_requests(db)
    db.dispose()
    assert {landlords[r["task_id"]] for r in rows if r["task_id"] in landlords} == {"LOGEMLOIRET", "RES-ORLEANAIS"}
    by_day: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in rows:
        by_day.setdefault((r["resource_id"], r["date"]), []).append((r["start"], r["end"]))
    for spans in by_day.values():  # one route a technician-day: no two visits at once
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))

"""The bricol'âge planner on the demo week: feasible, explained, re-planned without breaking promises."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tournees.calendar import add_working_days
from tournees.db import Database
from tournees.engine import check
from tournees.model import BricolageRequest
from tournees.plan import check_plan_folder
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
FAST = BricolageOptions(time_limit_s=3.0, workers=1)


@pytest.fixture(scope="module")
def week(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    path = tmp_path_factory.mktemp("brico") / "week.sqlite"
    shutil.copyfile(demo_db, path)  # plans are stored in the database: keep the shared one clean
    planner = BricolagePlanner(Database.open(path), load_cache(settings, tmp_path_factory), FAST)
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path_factory.mktemp("plan") / "w48", week_label="2026-W48")
    return planner, plan, folder


def load_cache(settings: Settings, factory: pytest.TempPathFactory) -> Settings:
    from dataclasses import replace

    return replace(settings, cache_dir=factory.getbasetemp() / "road-cache")  # shared: the road network is prepared once


def test_demo_plan_passes_the_independent_checks(week) -> None:
    planner, plan, folder = week
    assert check(plan.problem, plan.solution) == []  # windows, shifts, lunch, skills, days, pins
    assert check_plan_folder(folder) == []  # and again from the files alone
    assert plan.kpis["requests_served"] > 30


def test_every_request_is_planned_or_explained(week) -> None:
    planner, plan, folder = week
    requests = {r.request_id for r in planner.db.load(BricolageRequest)}
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        served = {r["task_id"] for r in csv.DictReader(fh) if r["kind"] == "visit"}
    with (folder / "unassigned.csv").open(encoding="utf-8") as fh:
        left = {r["task_id"]: r for r in csv.DictReader(fh)}
    assert requests <= served | set(left) and not served & set(left)
    assert all(r["reason"] and r["reason_code"] for r in left.values())
    assert any(r["reason_code"] == "next_pass" and "prochain passage" in r["reason"] for r in left.values())


def test_announced_slots_hold_the_visit_and_the_late_margin(week) -> None:
    _, plan, folder = week
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        visits = [r for r in csv.DictReader(fh) if r["kind"] == "visit" and r["task_id"].startswith("BRI")]
    assert visits
    for v in visits:
        start, a, b = (dt.datetime.fromisoformat(v[k]) for k in ("start", "slot_start", "slot_end"))
        assert b - a == dt.timedelta(hours=2)
        assert a <= start and start + dt.timedelta(minutes=30) <= b


def test_lunch_and_skills_in_the_plan(week) -> None:
    _, plan, _ = week
    skills = {t.id: t.skills for t in plan.problem.tasks}
    for route in plan.solution.routes:
        v = plan.problem.vehicles[route.vehicle]
        assert all(skills[t] <= v.skills for t in route.task_ids)
        if route.steps[-1].arrival > v.breaks[0].latest:
            assert any(s.kind == "break" for s in route.steps)


def test_workshop_is_fixed_in_its_day(week) -> None:
    _, plan, _ = week
    [(route, step)] = [(r, s) for r in plan.solution.routes for s in r.steps if s.task_id == "ATELIER-W48"]
    v = plan.problem.vehicles[route.vehicle]
    assert v.id == "TECH-2" and plan.horizon.days[v.day] == dt.date(2026, 11, 26) and step.start % 86400 == 14 * 3600


def test_replan_keeps_confirmed_appointments_and_serves_urgent_ones(demo_db: Path, demo_folder: Path, settings: Settings,
                                                                    tmp_path: Path, tmp_path_factory) -> None:
    import shutil

    from tournees.io import import_path

    db_path = tmp_path / "replan.sqlite"
    shutil.copyfile(demo_db, db_path)  # a copy: this test changes statuses
    planner = BricolagePlanner(Database.open(db_path), load_cache(settings, tmp_path_factory), FAST)
    base = planner.plan(MONDAY)
    planner.write(base, tmp_path / "base", week_label="2026-W48")
    planner.confirm(base, until=dt.date(2026, 11, 25))
    confirmed = {r.request_id for r in planner.db.load(BricolageRequest) if r.status == "confirmed"}
    promised = {}
    for route in base.solution.routes:
        v = base.problem.vehicles[route.vehicle]
        for t in route.task_ids:
            if t in confirmed:
                promised[t] = (v.id, base.horizon.days[v.day], base.context.slots[t])
    urgent = tmp_path / "urgent"
    urgent.mkdir()
    shutil.copyfile(demo_folder.parent / "urgences_mardi.csv", urgent / "bricolage_requests.csv")
    import_path(urgent, db_path)
    from_day = dt.date(2026, 11, 25)
    plan = planner.replan(MONDAY, "2026-W48", from_day=from_day)
    folder = planner.write(plan, tmp_path / "replan", week_label="2026-W48")
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        rows = {r["task_id"]: r for r in csv.DictReader(fh) if r["kind"] == "visit"}
    kept = 0
    for task_id, (resource, day, (a, b)) in promised.items():
        row = rows[task_id]  # every confirmed appointment is still in the plan…
        assert (row["resource_id"], row["date"]) == (resource, day.isoformat())
        start = dt.datetime.fromisoformat(row["start"])
        slot_a = dt.datetime.fromisoformat(plan.context.when(a)) if day >= from_day else dt.datetime.fromisoformat(row["slot_start"])
        slot_b = dt.datetime.fromisoformat(plan.context.when(b)) if day >= from_day else dt.datetime.fromisoformat(row["slot_end"])
        assert slot_a.time() <= start.time() <= slot_b.time()  # …inside the slot announced to the tenant
        kept += 1
    assert kept == len(promised) > 0
    limit = add_working_days(dt.date(2026, 11, 24), 2)
    for urgent_id in ("BRI-U1", "BRI-U2", "BRI-U3"):
        assert urgent_id in rows and dt.date.fromisoformat(rows[urgent_id]["date"]) <= limit
    assert all(m["why"] for m in plan.moves)

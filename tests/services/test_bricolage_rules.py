"""Bricol'âge rules a landlord checks in the first week (fiche 7), on the demo week and small named cases."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.engine.instances import H, line, van
from tournees.db import Database
from tournees.engine import Break, LeftOut, Pin, Problem, Route, Solution, Task, Vehicle, check
from tournees.engine.objective import plan_cost
from tournees.engine.schedule import timed_steps
from tournees.model import BricolageRequest, InterventionType, Residence, Sector, Staff, Tenant
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.services.bricolage.rules import (
    availability,
    daily_work_limits,
    is_pass_day,
    late_flags,
    make_room,
    span_limit,
    urgent_deadline,
)
from tournees.services.common import Horizon
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
FAST = BricolageOptions(time_limit_s=3.0, workers=1)
SATURDAY_ONLY = "BRI-0001"  # named case: a tenant only available on Saturdays (nobody works then)
SHORT_WEEK = "TECH-1"  # named case: a technician on a 20-hour contract


def _edit(db: Database, records: list) -> None:
    with db.session() as session:
        for rec in records:
            session.merge(rec)


@pytest.fixture(scope="module")
def week(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("brico-rules") / "week.sqlite"
    shutil.copyfile(demo_db, path)
    db = Database.open(path)
    _edit(db, [replace(r, availability=("sam",)) for r in db.load(BricolageRequest) if r.request_id == SATURDAY_ONLY])
    _edit(db, [replace(s, weekly_hours=20.0) for s in db.load(Staff) if s.staff_id == SHORT_WEEK])
    planner = BricolagePlanner(db, replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"), FAST)
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path_factory.mktemp("plan") / "w48", week_label="2026-W48")
    return planner, plan, folder


def _sector_of(db: Database) -> dict[str, tuple[Sector | None, tuple[str, ...]]]:
    tenants = {t.tenant_id: t for t in db.load(Tenant)}
    residences = {r.residence_id: r for r in db.load(Residence)}
    sectors = {s.sector_id: s for s in db.load(Sector)}
    return {
        r.request_id: (sectors.get(residences[tenants[r.tenant_id].residence_id].sector_id or ""), r.availability)
        for r in db.load(BricolageRequest)
    }


def test_the_pass_day_is_a_preference_not_a_wall(week) -> None:
    planner, plan, _ = week
    assert check(plan.problem, plan.solution) == []
    where = _sector_of(planner.db)
    served = {
        t: plan.horizon.days[plan.problem.vehicles[r.vehicle].day] for r in plan.solution.routes for t in r.task_ids
    }
    never_on_pass = [
        t
        for t, day in served.items()
        if t in where
        and where[t][0] is not None
        and not any(is_pass_day(where[t][0], d) and availability(where[t][1], d) for d in plan.horizon.days)
    ]
    assert never_on_pass  # tenants never available on their sector's pass day are served on another day
    assert all(u.reason_code != "next_pass" for u in plan.solution.unassigned)


def test_a_promised_next_pass_is_a_day_the_tenant_is_available(week) -> None:
    planner, plan, _ = week
    where = _sector_of(planner.db)
    promised = 0
    for u in plan.solution.unassigned:
        found = re.search(r"Prochain passage .* le (\d\d/\d\d/\d{4})", u.reason)
        if found:
            day = dt.datetime.strptime(found.group(1), "%d/%m/%Y").date()
            sector, tokens = where[u.task_id]
            assert (
                day > plan.horizon.days[-1]
                and sector is not None
                and is_pass_day(sector, day)
                and availability(tokens, day)
            )
            promised += 1
    assert promised


def test_no_day_ends_early_while_a_request_that_fits_is_left_out_for_time(week) -> None:
    _, plan, _ = week
    tasks = {t.id: t for t in plan.problem.tasks}
    left = [tasks[u.task_id] for u in plan.solution.unassigned if u.reason_code == "time_budget"]
    assert left
    for route in plan.solution.routes:
        if route.steps[-1].arrival % 86400 >= 15 * 3600:
            continue
        order = [tasks[t] for t in route.task_ids]
        v = plan.problem.vehicles[route.vehicle]
        for task in left:
            if plan.problem.compatible(task, v):
                assert all(
                    timed_steps(plan.problem, route.vehicle, [*order[:k], task, *order[k:]]) is None
                    for k in range(len(order) + 1)
                ), (v.id, v.day, task.id)


def test_the_reason_given_is_the_binding_one(week) -> None:
    _, plan, _ = week
    reasons = {u.task_id: u.reason_code for u in plan.solution.unassigned}
    assert reasons[SATURDAY_ONLY] == "no_day_available"  # availability, not time
    tasks = {t.id: t for t in plan.problem.tasks}
    for task_id, code in reasons.items():
        if code == "time_budget":  # time: it would fit on some day alone
            task = tasks[task_id]
            assert any(
                timed_steps(plan.problem, vi, [task])
                for vi, v in enumerate(plan.problem.vehicles)
                if plan.problem.compatible(task, v)
            )


def test_the_objective_is_the_final_plans_cost(week) -> None:
    """Filling short days and trading requests happen after the solver: the cost announced is the plan's own."""
    _, plan, _ = week
    assert plan.solution.objective == plan_cost(plan.problem, plan.solution.routes)


def test_weekly_hours_hold_across_the_week(week) -> None:
    _, plan, _ = week
    worked: dict[str, int] = {}
    for route in plan.solution.routes:
        v = plan.problem.vehicles[route.vehicle]
        lunch = sum(s.end - s.start for s in route.steps if s.kind == "break")
        worked[v.id] = worked.get(v.id, 0) + route.steps[-1].arrival - route.steps[0].departure - lunch
    assert 0 < worked[SHORT_WEEK] <= 20 * 3600
    assert worked["TECH-2"] <= 35 * 3600


def test_daily_limits_share_what_is_left_of_the_week() -> None:
    person = Staff(staff_id="T", service="bricolage", label="T", depot_id="D", weekly_hours=35.0, lunch_min=45)
    assert daily_work_limits(person, [0, 1, 2, 3, 4]) == {d: 7 * 3600 for d in range(5)}
    assert daily_work_limits(person, [3, 4], worked_s=28 * 3600) == {3: 3.5 * 3600, 4: 3.5 * 3600}
    h = 3600
    day = Vehicle("T", 0, 0, 0, 8 * h, 16 * h + h // 2, breaks=(Break(45 * 60, 12 * h, 12 * h + 45 * 60),))
    assert span_limit(day, 7 * h) == 7 * h + 45 * 60  # a 7 h 45 day always crosses lunch
    assert span_limit(day, 4 * h) == 4 * h  # a 4 h day may end before lunch: lunch not counted on top
    assert span_limit(replace(day, max_work=5 * h), 7 * h) == 5 * h


def test_urgent_counts_from_receipt_and_late_requests_are_flagged(week) -> None:
    friday = BricolageRequest(
        request_id="U", tenant_id="L", type_id="T", received_on=dt.date(2026, 11, 20), priority="urgent"
    )
    assert urgent_deadline(friday, 2) == dt.date(2026, 11, 24)  # received Friday: by Tuesday, not by Wednesday
    horizon = Horizon.week(MONDAY)
    flags = late_flags([friday], {"U": dt.date(2026, 11, 25)}, horizon, 2)
    assert [(f.flag, f.deadline) for f in flags] == [("urgent_overdue", dt.date(2026, 11, 24))]
    assert late_flags([friday], {"U": dt.date(2026, 11, 24)}, horizon, 2) == []
    old = replace(friday, received_on=dt.date(2026, 11, 12))
    assert [f.flag for f in late_flags([old], {}, horizon, 2)] == ["urgent_overdue"]
    due = replace(friday, priority="normal", due_on=dt.date(2026, 11, 24))
    assert [f.flag for f in late_flags([due], {"U": dt.date(2026, 11, 26)}, horizon, 2)] == ["past_due"]
    planner, plan, folder = week
    urgent = {r.request_id: r for r in planner.db.load(BricolageRequest) if r.priority == "urgent"}
    flagged = {row["request_id"] for row in plan.kpis["late_requests"] if row["flag"] == "urgent_overdue"}
    for route in plan.solution.routes:
        for t in route.task_ids:
            if t in urgent and t not in flagged:
                assert plan.horizon.days[plan.problem.vehicles[route.vehicle].day] <= urgent_deadline(urgent[t], 2)
    kpis = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["kpis"]
    assert kpis["urgent_overdue"] == len(flagged) > 0
    from tournees.services.bricolage.service import summary_text

    assert f"urgences en retard {len(flagged)}" in summary_text(kpis, folder, "fr")


def test_tariffs_and_processing_time_in_the_indicators(week) -> None:
    planner, plan, _ = week
    types = {t.type_id: t.tariff_eur for t in planner.db.load(InterventionType)}
    requests = {r.request_id: r for r in planner.db.load(BricolageRequest)}
    served = [t for r in plan.solution.routes for t in r.task_ids if t in requests]
    assert plan.kpis["tariff_eur_by_request"] == {t: types[requests[t].type_id] for t in served}
    assert plan.kpis["amount_collected_eur"] == round(sum(types[requests[t].type_id] for t in served), 2) > 0
    assert plan.kpis["processing_staff_hours"] == 2.0 * len(served)  # fiche 7: 2 h per request


def test_replanning_does_not_bump_a_planned_request_for_a_newer_normal_one(
    demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory
) -> None:
    db_path = tmp_path / "fair.sqlite"
    shutil.copyfile(demo_db, db_path)
    db = Database.open(db_path)
    planner = BricolagePlanner(db, replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"), FAST)
    base = planner.plan(MONDAY)
    planner.write(base, tmp_path / "base", week_label="2026-W48")
    from_day = dt.date(2026, 11, 25)
    announced = {
        t
        for r in base.solution.routes
        for t in r.task_ids
        if base.horizon.days[base.problem.vehicles[r.vehicle].day] >= from_day and t.startswith("BRI")
    }
    some = [r for r in db.load(BricolageRequest) if r.request_id not in announced][:6]
    newer = [
        replace(
            r,
            request_id=f"BRI-NEW{i}",
            received_on=dt.date(2026, 11, 24),
            priority="fragile",
            due_on=None,
            availability=(),
            status="received",
        )
        for i, r in enumerate(some)
    ]  # named case: six newer fragile requests
    _edit(db, newer)
    plan = planner.replan(MONDAY, "2026-W48", from_day=from_day)
    served = {t for r in plan.solution.routes for t in r.task_ids}
    new_ids = {r.request_id for r in newer}
    lost = announced - served
    tasks = {t.id: t for t in plan.problem.tasks}
    for route in plan.solution.routes:  # a newer non-urgent request never holds a place an announced one could take
        v = plan.problem.vehicles[route.vehicle]
        for n in new_ids & set(route.task_ids):
            rest = [tasks[t] for t in route.task_ids if t != n]
            for t in lost:
                if plan.problem.compatible(tasks[t], v):
                    assert all(
                        timed_steps(plan.problem, route.vehicle, [*rest[:p], tasks[t], *rest[p:]]) is None
                        for p in range(len(rest) + 1)
                    ), (t, n)
    assert all(m["why"] for m in plan.moves)
    left = {u.task_id: u.reason_code for u in plan.solution.unassigned}
    assert all(n in served or left[n] == "time_budget" for n in new_ids)  # newcomers wait for a free place
    assert {m["request_id"] for m in plan.moves} >= lost


def _one_day(pinned: bool) -> tuple[Problem, Solution]:
    """A six-hour request served alone; two three-hour ones, worth more together, left out: they cannot join it."""
    d, m = line(4)
    pin = Pin("TECH-1", 0, 8 * H, 9 * H) if pinned else None
    big = Task(id="A", location=1, duration=6 * H, penalty=100_000, pin=pin)
    small = [Task(id=x, location=k, duration=3 * H, penalty=80_000) for x, k in (("B", 2), ("C", 3))]
    problem = Problem(d, m, [van()], [big, *small])
    steps = timed_steps(problem, 0, [big])
    assert steps is not None
    left = [LeftOut(t.id, "time_budget", "pas le temps") for t in small]
    return problem, Solution([Route(0, steps)], left, "pyvrp", 0, 0.0)


def test_make_room_trades_one_request_for_two_worth_more() -> None:
    problem, solution = _one_day(pinned=False)
    before = plan_cost(problem, solution.routes)
    assert make_room(problem, solution) == [("A", ["B", "C"])]
    assert sorted(solution.routes[0].task_ids) == ["B", "C"]
    assert [(u.task_id, u.reason_code) for u in solution.unassigned] == [("A", "time_budget")]
    assert check(problem, solution) == []
    assert plan_cost(problem, solution.routes) < before


def test_make_room_never_trades_a_confirmed_appointment() -> None:
    problem, solution = _one_day(pinned=True)
    assert make_room(problem, solution) == []
    assert solution.routes[0].task_ids == ["A"]
    assert sorted(u.task_id for u in solution.unassigned) == ["B", "C"]

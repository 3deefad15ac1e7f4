"""PyVRP on the planners' problems (days, skills, pins, breaks, preferences, prizes), one break rule
for solvers, timing and checker, no task dropped after solving, reproducible plans."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.engine import instances as inst
from tournees.engine import DAY, Break, Problem, Route, Solution, Step, check, solve
from tournees.engine.ortools_engine import solve_ortools
from tournees.engine.schedule import timed_steps
from tournees.engine.solve import UntimedRoute, _polish, _timed
from tournees.engine.vrplib import read_instance

H = 3600


def _auto(problem: Problem, **kw) -> Solution:
    kw.setdefault("time_limit_s", 1.0)
    kw.setdefault("workers", 1)
    solution = solve(problem, **kw)
    assert solution.engine.startswith("pyvrp")
    assert check(problem, solution) == []
    return solution


def _where(solution: Solution, problem: Problem, task_id: str) -> tuple[str, int, Step]:
    for route in solution.routes:
        for step in route.steps:
            if step.task_id == task_id:
                v = problem.vehicles[route.vehicle]
                return v.id, v.day, step
    raise AssertionError(f"{task_id} not served")


def test_a_task_allowed_on_two_days_goes_to_the_day_that_holds() -> None:
    p = inst.two_day_choice()
    s = _auto(p)
    _, day, step = _where(s, p, "A")
    assert day == 1 and DAY + 14 * H <= step.start <= DAY + 15 * H
    assert not s.unassigned


def test_skills_through_profiles() -> None:
    p = inst.skills()
    s = _auto(p)
    assert _where(s, p, "PLOMB")[0] == "TECH-2"
    assert [(u.task_id, u.reason_code) for u in s.unassigned] == [("SERRURE", "no_skill")]


def test_pin_through_profiles_and_its_window() -> None:
    p = inst.pinned()
    s = _auto(p)
    who, day, step = _where(s, p, "C")
    assert (who, day) == ("TECH-2", 1) and abs(step.start - (DAY + 10 * H)) <= 1800


def test_breaks_on_the_pyvrp_path() -> None:
    p = inst.lunch_break()
    s = _auto(p)
    breaks = [st for r in s.routes for st in r.steps if st.kind == "break"]
    assert len(breaks) == 1 and 12 * H <= breaks[0].start <= 13 * H + 1800


def test_preferred_technician_through_profiles() -> None:
    p = inst.preferred_technician()
    s = _auto(p)
    assert _where(s, p, "A")[0] == "TECH-2" and _where(s, p, "B")[0] == "TECH-1"


def test_cost_per_km_per_vehicle_type() -> None:
    p = inst.costly_van()
    assert _where(_auto(p), p, "A")[0] == "CHEAP"


def test_prizes_decide_which_optional_task_is_worth_the_drive() -> None:
    p = inst.prizes()
    s = _auto(p)
    assert _where(s, p, "WORTH")
    assert [u.task_id for u in s.unassigned] == ["NOT"]


def test_a_break_may_interrupt_a_drive() -> None:
    p = inst.break_on_the_way()
    steps = timed_steps(p, 0, list(p.tasks))
    assert steps is not None
    brk = next(st for st in steps if st.kind == "break")
    assert brk.start == 10 * H and steps[-2].start == 11 * H
    assert check(p, Solution([Route(0, steps)], [], "x", 0, 0.0)) == []
    # the same break over a service is refused by the checker
    a = next(i for i, st in enumerate(steps) if st.task_id == "A")
    moved = [*steps]
    moved.insert(
        a, Step("break", None, None, steps[a].start, steps[a].start, steps[a].start + 1800, steps[a].start + 1800)
    )
    del moved[moved.index(brk)]
    assert any(v.code in ("break", "arrival") for v in check(p, Solution([Route(0, moved)], [], "x", 0, 0.0)))


def _r101_with_breaks(settings) -> Problem:
    p = read_instance(Path(settings.data_dir).parent / "benchmarks" / "solomon" / "R101.vrp")
    v = p.vehicles[0]
    span = v.shift_end - v.shift_start
    brk = Break(round(0.05 * span), v.shift_start + round(0.4 * span), v.shift_start + round(0.6 * span))
    return replace(p, vehicles=[replace(x, breaks=(brk,)) for x in p.vehicles])


def test_ortools_routes_with_breaks_are_timed_exactly_as_solved(settings) -> None:
    p = _r101_with_breaks(settings)
    routes, _ = solve_ortools(p, time_limit_s=2.0)
    assert sum(map(len, routes)) == len(p.tasks)
    for vi, order in enumerate(routes):
        assert timed_steps(p, vi, [p.tasks[t] for t in order]) is not None, f"route {vi} cannot be timed"


def test_solve_never_drops_a_task_after_solving(settings) -> None:
    p = _r101_with_breaks(settings)
    for engine in ("auto", "ortools"):
        s = solve(p, time_limit_s=3.0, workers=1, engine=engine)
        assert check(p, s) == [] and not s.unassigned
    with pytest.raises(UntimedRoute):  # a route the rules cannot hold is an error, never a silent drop
        _timed(p, [list(range(len(p.tasks)))] + [[] for _ in p.vehicles[1:]])


def test_with_breaks_the_plan_is_where_the_exact_break_rule_descent_stops(settings) -> None:
    # PyVRP's windows only approximate a break; OR-Tools' descent under the exact rule follows each round
    p = _r101_with_breaks(settings)
    s = solve(p, time_limit_s=3.0, workers=1)
    index = {t.id: i for i, t in enumerate(p.tasks)}
    routes = [[] for _ in p.vehicles]
    for r in s.routes:
        routes[r.vehicle] = [index[t] for t in r.task_ids]
    assert check(p, s) == [] and not s.unassigned
    assert _polish(p, routes, time.monotonic() + 60) == (routes, False, False)  # not better, cap far away


def test_same_input_seed_and_workers_same_plan() -> None:
    p = inst.busy_week()
    a = solve(p, time_limit_s=1.5, seed=3, workers=2)
    b = solve(p, time_limit_s=1.5, seed=3, workers=2)
    assert a.engine.startswith("pyvrp")
    assert [(r.vehicle, r.steps) for r in a.routes] == [(r.vehicle, r.steps) for r in b.routes]
    assert a.objective == b.objective

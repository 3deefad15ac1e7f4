"""The engine on tiny named instances, and the checker catching planted violations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.engine import instances as inst
from tournees.engine import DAY, Route, Solution, Step, check, solve
from tournees.engine.vrplib import distance, read_instance, read_solution, routes_of

H = 3600


def _solve(problem, **kw):
    kw.setdefault("time_limit_s", 1.0)
    kw.setdefault("workers", 1)
    kw.setdefault("engine", "ortools")
    solution = solve(problem, **kw)
    assert check(problem, solution) == []
    return solution


def _visit(solution: Solution, task_id: str) -> tuple[Route, Step]:
    for route in solution.routes:
        for step in route.steps:
            if step.task_id == task_id:
                return route, step
    raise AssertionError(f"{task_id} not served")


def test_ok_small_serves_everything() -> None:
    s = _solve(inst.ok_small())
    assert sorted(t for r in s.routes for t in r.task_ids) == ["A", "B"] and s.unassigned == []


def test_time_window_is_respected() -> None:
    _, step = _visit(_solve(inst.time_window()), "B")
    assert 14 * H <= step.start <= 15 * H


def test_second_window_used_when_the_first_cannot_be_reached() -> None:
    _, step = _visit(_solve(inst.several_windows()), "A")
    assert 10 * H <= step.start <= 11 * H


def test_lunch_break_inside_its_window() -> None:
    s = _solve(inst.lunch_break())
    breaks = [st for r in s.routes for st in r.steps if st.kind == "break"]
    assert len(breaks) == 1 and 12 * H <= breaks[0].start <= 13 * H + 1800 and breaks[0].end - breaks[0].start == 2700


def test_skills_decide_who_goes_and_missing_skills_are_explained() -> None:
    p = inst.skills()
    s = _solve(p)
    route, _ = _visit(s, "PLOMB")
    assert p.vehicles[route.vehicle].id == "TECH-2"
    assert [(u.task_id, u.reason_code) for u in s.unassigned] == [("SERRURE", "no_skill")]
    assert "serrurerie" in s.unassigned[0].reason


def test_max_working_time() -> None:
    p = inst.max_working_time()
    s = _solve(p)
    route = s.routes[0]
    assert route.steps[-1].arrival - route.steps[0].departure <= 3 * H
    assert len(route.task_ids) == 2 and {u.reason_code for u in s.unassigned} == {"time_budget"}


def test_pin_kept_within_its_tolerance() -> None:
    p = inst.pinned()
    route, step = _visit(_solve(p), "C")
    v = p.vehicles[route.vehicle]
    assert (v.id, v.day) == ("TECH-2", 1) and abs(step.start - (DAY + 10 * H)) <= 1800


def test_infeasible_tasks_come_back_with_the_right_reason() -> None:
    s = _solve(inst.infeasible())
    assert {u.task_id: u.reason_code for u in s.unassigned} == {
        "WEEKEND": "no_day_available", "DAWN": "window_unreachable", "FAR": "too_far", "HEAVY": "capacity"}
    assert all(u.reason.endswith(".") for u in s.unassigned)


def test_every_task_is_either_served_or_explained() -> None:
    p = inst.busy_week()
    s = _solve(p, time_limit_s=2.0)
    served = {t for r in s.routes for t in r.task_ids}
    left = {u.task_id for u in s.unassigned}
    assert served | left == {t.id for t in p.tasks} and not served & left
    assert left and all(u.reason_code == "time_budget" for u in s.unassigned)


def test_same_seed_same_plan() -> None:
    p = inst.busy_week()
    a = solve(p, time_limit_s=1.5, seed=3, engine="ortools", workers=2)
    b = solve(p, time_limit_s=1.5, seed=3, engine="ortools", workers=2)
    assert [r.steps for r in a.routes] == [r.steps for r in b.routes]


def test_time_limit_is_respected() -> None:
    s = solve(inst.busy_week(), time_limit_s=1.0, engine="ortools", workers=2)
    assert s.runtime_s < 5.0  # 1 s of search; the rest is process start-up, generous for a loaded machine


def test_pyvrp_runs_the_real_problems_and_polish_follows_breaks() -> None:
    assert solve(inst.time_window(), time_limit_s=0.5, workers=1).engine == "pyvrp"
    s = solve(inst.lunch_break(), time_limit_s=1.0, workers=1)
    assert s.engine.startswith("pyvrp") and check(inst.lunch_break(), s) == []
    assert solve(inst.lunch_break(), time_limit_s=0.5, engine="pyvrp", workers=1).engine == "pyvrp"


# --- the checker -----------------------------------------------------------------------


def _planted(solution: Solution, route: int, index: int, **changes) -> Solution:
    routes = [Route(r.vehicle, list(r.steps)) for r in solution.routes]
    routes[route].steps[index] = dataclasses.replace(routes[route].steps[index], **changes)
    return Solution(routes, list(solution.unassigned), solution.engine, solution.seed, 0.0)


def _codes(problem, solution) -> set[str]:
    return {v.code for v in check(problem, solution)}


def test_checker_catches_planted_violations() -> None:
    p = inst.time_window()
    s = _solve(p)
    i = next(k for k, st in enumerate(s.routes[0].steps) if st.task_id == "B")
    b = s.routes[0].steps[i]
    assert "window" in _codes(p, _planted(s, 0, i, start=13 * H, end=14 * H, departure=14 * H, arrival=13 * H))
    assert "arrival" in _codes(p, _planted(s, 0, i, arrival=b.arrival - 1200, start=b.start))
    assert "service" in _codes(p, _planted(s, 0, i, end=b.start + 60, departure=b.start + 60))
    last = len(s.routes[0].steps) - 1
    assert "shift" in _codes(p, _planted(s, 0, last, arrival=18 * H, start=18 * H, end=18 * H, departure=18 * H))
    twice = Solution([Route(0, s.routes[0].steps[:-1] + [s.routes[0].steps[i]] + s.routes[0].steps[-1:])], [], "x", 0, 0.0)
    assert "served_twice" in _codes(p, twice)
    lost = Solution([], [], "x", 0, 0.0)
    assert _codes(p, lost) == {"lost_task"}


def test_checker_catches_skill_pin_break_and_work_violations() -> None:
    p = inst.skills()
    s = _solve(p)
    wrong = Solution([Route(0, s.routes[0].steps)], s.unassigned, "x", 0, 0.0)  # plumbing moved to the electrician
    assert "skill" in _codes(p, wrong)
    p = inst.pinned()
    s = _solve(p)
    route, _ = _visit(s, "C")
    k = next(k for k, st in enumerate(route.steps) if st.task_id == "C")
    idx = s.routes.index(route)
    late = route.steps[k]
    shift = 2 * 3600  # two hours later: outside 10:00 ± 30 min whatever the planned time was
    assert "pin" in _codes(p, _planted(s, idx, k, start=late.start + shift, end=late.end + shift, departure=late.end + shift))
    p = inst.lunch_break()
    s = _solve(p)
    no_break = Solution([Route(r.vehicle, [st for st in r.steps if st.kind != "break"]) for r in s.routes], [], "x", 0, 0.0)
    assert "break" in _codes(p, no_break)
    p = inst.max_working_time()
    s = _solve(p)
    steps = s.routes[0].steps
    assert "max_work" in _codes(p, _planted(s, 0, 0, arrival=steps[0].departure - 2 * H, start=steps[0].departure - 2 * H,
                                             end=steps[0].departure - 2 * H, departure=steps[0].departure - 2 * H))


def test_checker_accepts_the_best_known_solution_of_r101(settings) -> None:
    bench = Path(settings.data_dir).parent / "benchmarks" / "solomon"
    p = read_instance(bench / "R101.vrp")
    sol = routes_of(p, read_solution(bench / "R101.sol"))
    assert check(p, sol) == [] and distance(p, sol) == 1637.7
    broken = _planted(sol, 0, 1, start=0, end=p.tasks[0].duration, departure=p.tasks[0].duration, arrival=0)
    assert check(p, broken)


def test_progress_reports_best_cost_over_time() -> None:
    seen: list[tuple[float, int]] = []
    s = solve(inst.busy_week(), time_limit_s=1.5, engine="ortools", workers=2, progress=lambda t, cost: seen.append((t, cost)))
    assert seen and seen == s.history
    costs = [c for _, c in seen]
    assert costs == sorted(costs, reverse=True)  # only improvements are reported


def test_same_technician_where_possible() -> None:
    p = inst.preferred_technician()
    s = _solve(p)
    for task_id in ("A", "B"):
        route, _ = _visit(s, task_id)
        assert p.vehicles[route.vehicle].id == next(t.preferred for t in p.tasks if t.id == task_id)


def test_cost_per_km_of_each_vehicle() -> None:
    p = inst.costly_van()
    route, _ = _visit(_solve(p), "A")
    assert p.vehicles[route.vehicle].id == "CHEAP"

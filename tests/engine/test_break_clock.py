"""Breaks on PyVRP's stopped clock (before/after copies of each window), the repair that puts tasks back,
and the deadline every search stops at."""

from __future__ import annotations

import time

from tests.engine import instances as inst
from tournees.engine import Problem
from tournees.engine.pyvrp_engine import _Budget, _is_client, encode
from tournees.engine.repair import reinsert, repair
from tournees.engine.schedule import timed_steps

H = 3600


def _clients(problem: Problem, task_id: str, strict: bool = False) -> list[tuple[int, int, int]]:
    ti = next(i for i, t in enumerate(problem.tasks) if t.id == task_id)
    enc = encode(problem, shrink={ti} if strict else set())
    data = enc.data
    return [
        (data.client(c).tw_early, data.client(c).tw_late, enc.client_after[c])  # type: ignore[attr-defined]
        for c, t in enumerate(enc.client_task)
        if t == ti
    ]


def test_a_window_becomes_a_before_and_an_after_the_break_client() -> None:
    p = inst.lunch_break()  # break of 45 min to start in 12:00-13:30, visits of 55 min, day 8:00-17:00
    # strict: before the break, starting by 12:00 (so it cannot follow a visit after the break) and over by 13:30;
    # after it, on a clock 45 min behind, not before 12:00
    assert _clients(p, "T1", strict=True) == [(8 * H, 12 * H, 0), (12 * H, 17 * H - 2700, 2700)]
    # first round: one client over both sides (before: until 13:30 - 55 min)
    assert _clients(p, "T1") == [(8 * H, 17 * H - 2700, 0)]
    vtype = encode(p).data.vehicle_type(0)  # type: ignore[attr-defined]
    assert vtype.tw_late == 17 * H - 2700  # the day is shortened by the break


def test_a_window_that_cannot_hold_the_break_is_no_client() -> None:
    """Must start 12:36-12:44 for 55 min: too late to end before 13:30, too early for a break from 12:00 before it."""
    p = inst.lunch_break()
    p.tasks = [
        *p.tasks[:1],
        inst.Task(id="X", location=1, duration=3300, windows=((12 * H + 36 * 60, 12 * H + 44 * 60),)),
    ]
    assert _clients(p, "X") == [] and _clients(p, "X", strict=True) == []


def test_warm_start_puts_each_visit_on_its_side_of_the_break() -> None:
    p = inst.lunch_break()
    order = list(range(6))  # five visits before lunch (the last one over by 13:30), one after
    assert timed_steps(p, 0, [p.tasks[t] for t in order]) is not None
    enc = encode(p)  # every task strict: before and after copies
    solution = enc.warm_start(p, [order])
    assert solution.is_feasible()  # type: ignore[attr-defined]  # each visit as the copy it is timed as
    after = [enc.client_after[a.idx] for a in solution.routes()[0] if _is_client(a)]  # type: ignore[attr-defined]
    assert after == sorted(after) and after[0] == 0 and after[-1] == 2700


def test_tasks_taken_out_of_a_route_that_does_not_hold_go_back_where_they_hold() -> None:
    p = inst.busy_week(n=8, days=1)  # two vans with lunch
    too_long = list(range(8))  # one van cannot do all eight before 17:00
    routes, out = repair(p, [too_long, []])
    assert out and all(timed_steps(p, vi, [p.tasks[t] for t in r]) is not None for vi, r in enumerate(routes))
    routes, left = reinsert(p, routes, out)
    assert not left and sorted(t for r in routes for t in r) == too_long
    assert all(timed_steps(p, vi, [p.tasks[t] for t in r]) is not None for vi, r in enumerate(routes))


def test_searches_stop_at_the_deadline() -> None:
    assert _Budget(10**9, time.monotonic() - 1, None, 1)(0.0)
    assert not _Budget(10**9, time.monotonic() + 60, None, 1)(0.0)
    assert _Budget(0, time.monotonic() + 60, None, 1)(0.0)  # the iteration budget, when it comes first

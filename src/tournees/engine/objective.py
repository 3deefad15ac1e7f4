"""The cost of a plan: one definition for every solver adapter and for the choice between workers.

Cost = for each route that serves something, the cost of each arc driven (problem-wide
cost of time and distance, plus the vehicle's own cost per km, each rounded per arc),
plus ``preference_cost`` per task served by another resource than its preferred one,
plus the vehicle's cost per hour of route duration (rounded per route), plus ``balance``
per second of the longest route; plus, for every task left out, its penalty (times
:data:`PIN_FACTOR` for a confirmed appointment).

PyVRP encodes every term exactly except ``balance``; OR-Tools every term exactly except
``balance`` (its global span). Both are then judged by :func:`plan_cost`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tournees.engine.model import Problem, Route, Task, Vehicle

REQUIRED = (
    10**9
)  # a task penalty at or above this marks a task to serve whenever it can be (Solomon clients, workshops)
PIN_FACTOR = 100  # leaving out a confirmed appointment costs this many times its penalty
NO_LIMIT = 2**62  # "unbounded" capacity, duration or distance given to the solvers


def is_required(task: Task) -> bool:
    return task.penalty >= REQUIRED


def left_out_cost(task: Task) -> int:
    return task.penalty * (PIN_FACTOR if task.pin is not None else 1)


def arc_costs(problem: Problem, vehicle: Vehicle | None = None) -> np.ndarray:
    """The (n, n) cost of driving each arc, for ``vehicle`` (its cost per km added) or problem-wide."""
    D, M = problem.durations, problem.distances
    base = np.rint(D * (problem.travel_cost_per_hour / 3600) + M * (problem.distance_cost_per_km / 1000)).astype(
        np.int64
    )
    if vehicle is not None and vehicle.cost_per_km:
        base = base + np.rint(M * (vehicle.cost_per_km / 1000)).astype(np.int64)
    return base


def arc_cost(problem: Problem, a: int, b: int) -> int:
    """Problem-wide cost of driving from location a to b (cents, or Solomon units)."""
    return int(
        round(
            int(problem.durations[a, b]) * (problem.travel_cost_per_hour / 3600)
            + int(problem.distances[a, b]) * (problem.distance_cost_per_km / 1000)
        )
    )


def preference_extra(problem: Problem, task: Task, vehicle: Vehicle) -> int:
    return problem.preference_cost if task.preferred is not None and task.preferred != vehicle.id else 0


def route_cost(problem: Problem, vehicle: Vehicle, tasks: Sequence[Task], span: int) -> int:
    """Cost of one vehicle serving ``tasks`` in order, its route lasting ``span`` seconds."""
    if not tasks:
        return 0
    M = problem.distances
    locs = [vehicle.start, *(t.location for t in tasks), vehicle.end]
    total = 0
    for a, b in zip(locs, locs[1:], strict=False):
        total += arc_cost(problem, a, b)
        if vehicle.cost_per_km:
            total += int(round(int(M[a, b]) * (vehicle.cost_per_km / 1000)))
    total += sum(preference_extra(problem, t, vehicle) for t in tasks)
    return total + int(round(span * vehicle.cost_per_hour / 3600))


def plan_cost(problem: Problem, routes: Sequence[Route]) -> int:
    """The objective of a timed plan (lower is better)."""
    tasks = {t.id: t for t in problem.tasks}
    total, longest, served = 0, 0, set()
    for route in routes:
        ids = route.task_ids
        if not ids:
            continue
        span = route.steps[-1].arrival - route.steps[0].departure
        longest = max(longest, span)
        total += route_cost(problem, problem.vehicles[route.vehicle], [tasks[i] for i in ids], span)
        served.update(ids)
    total += problem.balance * longest
    return total + sum(left_out_cost(t) for t in problem.tasks if t.id not in served)

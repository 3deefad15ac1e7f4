"""Routes a solver returned, made to hold under the exact timing of :mod:`tournees.engine.schedule`.

PyVRP only approximates breaks (see :mod:`tournees.engine.pyvrp_engine`): a route it returns
may not hold once its break is timed in. :func:`repair` takes out of such a route the tasks
whose removal costs least until it holds; :func:`reinsert` then puts each task taken out back
where it costs least and still holds (cheapest insertion over every route and position, exact
timing). Both are deterministic.
"""

from __future__ import annotations

from tournees.engine.model import Problem
from tournees.engine.objective import left_out_cost, route_cost
from tournees.engine.schedule import timed_steps


def repair(problem: Problem, routes: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Routes that all time exactly, and the tasks taken out (least costly to leave out first)."""
    out, removed = [], []
    for vi, order in enumerate(routes):
        order = list(order)
        while order and timed_steps(problem, vi, [problem.tasks[t] for t in order]) is None:
            fixes = [k for k in range(len(order))
                     if timed_steps(problem, vi, [problem.tasks[t] for j, t in enumerate(order) if j != k]) is not None]
            pool = fixes or range(len(order))
            removed.append(order.pop(min(pool, key=lambda k: (left_out_cost(problem.tasks[order[k]]), k))))
        out.append(order)
    return out, removed


def _cost(problem: Problem, vi: int, order: list[int]) -> int | None:
    """Cost of vehicle ``vi`` serving ``order`` (None: it cannot be timed)."""
    tasks = [problem.tasks[t] for t in order]
    steps = timed_steps(problem, vi, tasks)
    if steps is None:
        return None
    return route_cost(problem, problem.vehicles[vi], tasks, steps[-1].arrival - steps[0].departure)


def reinsert(problem: Problem, routes: list[list[int]], tasks: list[int]) -> tuple[list[list[int]], list[int]]:
    """``routes`` with each of ``tasks`` (most costly to leave out first) put back at its cheapest place that
    holds, when that costs less than leaving it out; returns the routes and the tasks still out."""
    routes = [list(r) for r in routes]
    costs = [_cost(problem, vi, r) or 0 for vi, r in enumerate(routes)]
    left = []
    for t in sorted(tasks, key=lambda t: (-left_out_cost(problem.tasks[t]), t)):
        task, best = problem.tasks[t], None
        for vi, order in enumerate(routes):
            if not problem.compatible(task, problem.vehicles[vi]):
                continue
            for k in range(len(order) + 1):
                c = _cost(problem, vi, [*order[:k], t, *order[k:]])
                if c is not None and (best is None or c - costs[vi] < best[0]):
                    best = (c - costs[vi], vi, k, c)
        if best is None or best[0] >= left_out_cost(task):
            left.append(t)
            continue
        _, vi, k, c = best
        routes[vi].insert(k, t)
        costs[vi] = c
    return routes, left

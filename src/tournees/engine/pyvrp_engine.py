"""PyVRP behind the engine interface, for the problems it can express.

PyVRP (hybrid genetic search) is far stronger than OR-Tools on plain time-window
problems, so the engine uses it whenever a problem has no break, a single window
per task, no skill or day restriction and no pin.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tournees.engine.model import Problem
from tournees.engine.ortools_engine import arc_cost


def expressible(problem: Problem) -> bool:
    """Whether PyVRP can solve ``problem`` exactly as stated."""
    vehicles = problem.vehicles
    if any(v.breaks or v.cost_per_km or v.cost_per_hour for v in vehicles) or len({v.day for v in vehicles}) > 1:
        return False
    for t in problem.tasks:
        if t.pin is not None or t.preferred or len(t.windows) > 1 or not all(problem.compatible(t, v) for v in vehicles):
            return False
    return bool(problem.tasks) and bool(vehicles)


def _is_client(activity: object) -> bool:
    flag = activity.is_client  # type: ignore[attr-defined]
    return bool(flag() if callable(flag) else flag)


class _Reporting:
    """PyVRP's time limit, also reporting the best cost every half second."""

    def __init__(self, limit: float, progress: Callable[[float, int], None] | None) -> None:
        from pyvrp.stop import MaxRuntime

        self.stop, self.progress = MaxRuntime(limit), progress
        self.t0, self.last = time.monotonic(), -1.0

    def __call__(self, best_cost: float) -> bool:
        now = time.monotonic() - self.t0
        if self.progress is not None and now - self.last >= 0.5 and best_cost < float("inf"):
            self.last = now
            self.progress(now, int(best_cost))
        return bool(self.stop(best_cost))  # type: ignore[arg-type]


def solve_pyvrp(problem: Problem, *, time_limit_s: float, seed: int,
                progress: Callable[[float, int], None] | None = None) -> tuple[list[list[int]], int]:
    """Per vehicle, the task indices in driving order, and PyVRP's objective."""
    from pyvrp import Model

    model = Model()
    used = sorted({t.location for t in problem.tasks} | {x for v in problem.vehicles for x in (v.start, v.end)})
    locations = {loc: model.add_location(x=0, y=0, name=str(loc)) for loc in used}
    depots = {}
    for v in problem.vehicles:
        for loc in (v.start, v.end):
            if loc not in depots:
                depots[loc] = model.add_depot(locations[loc], name=f"d{loc}")
    # one vehicle type per distinct (start, end, shift, capacity, max_work): keeps identical vans pooled
    groups: dict[tuple, list[int]] = {}
    for vi, v in enumerate(problem.vehicles):
        key = (v.start, v.end, v.shift_start, v.shift_end, v.capacity, v.max_work)
        groups.setdefault(key, []).append(vi)
    type_members = []
    for (start, end, s0, s1, cap, max_work), members in groups.items():
        model.add_vehicle_type(
            num_available=len(members), capacity=[cap] if cap is not None else [10**9], start_depot=depots[start], end_depot=depots[end],
            tw_early=s0, tw_late=s1, shift_duration=max_work if max_work is not None else 2**62,
            unit_distance_cost=1, unit_duration_cost=0,
        )
        type_members.append(members)
    clients = []
    for t in problem.tasks:
        a, b = t.windows[0] if t.windows else (min(v.shift_start for v in problem.vehicles), max(v.shift_end for v in problem.vehicles))
        optional = t.penalty < 10**8
        clients.append(model.add_client(locations[t.location], delivery=[t.demand], service_duration=t.duration, tw_early=a, tw_late=b,
                                        prize=t.penalty if optional else 0, required=not optional, name=t.id))
    for a in used:
        for b in used:
            model.add_edge(locations[a], locations[b], distance=arc_cost(problem, a, b), duration=int(problem.durations[a, b]))
    result = model.solve(stop=_Reporting(time_limit_s, progress), seed=seed, display=False)
    best = result.best
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    taken = [0] * len(type_members)
    for route in best.routes():
        vt = route.vehicle_type()
        vi = type_members[vt][taken[vt]]
        taken[vt] += 1
        routes[vi] = [a.idx for a in route if _is_client(a)]  # clients were added in task order
    return routes, int(result.cost()) if best.is_feasible() else -1

"""OR-Tools routing behind the engine interface: the general engine.

It expresses everything of :class:`~tournees.engine.model.Problem`: several windows,
days, skills, breaks, maximum working time, pins and optional tasks. Its defaults are
poor on time windows, so it starts from parallel cheapest insertion and improves with
guided local search (measured in ``benchmarks/solomon.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from tournees.engine.model import Problem
from tournees.engine.objective import NO_LIMIT, arc_costs, left_out_cost, preference_extra

STRATEGIES = ("PARALLEL_CHEAPEST_INSERTION", "LOCAL_CHEAPEST_INSERTION", "SAVINGS", "PATH_CHEAPEST_ARC")


def solve_ortools(problem: Problem, *, time_limit_s: float, strategy: str = "PARALLEL_CHEAPEST_INSERTION",
                  metaheuristic: str = "GUIDED_LOCAL_SEARCH", initial: list[list[int]] | None = None,
                  progress: Callable[[float, int], None] | None = None, solutions: int | None = None,
                  defaults: bool = False) -> tuple[list[list[int]], int]:
    """Per vehicle, the task indices in driving order, and the objective value found.

    ``solutions``: stop after that many solutions (reproducible) as well as at the time limit.
    ``defaults``: OR-Tools' own default search parameters (only the time limit set), for benchmarks.
    """
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    tasks, vehicles = list(problem.tasks), list(problem.vehicles)
    T, V = len(tasks), len(vehicles)
    if T == 0 or V == 0:
        return [[] for _ in vehicles], 0
    loc = [t.location for t in tasks] + [x for v in vehicles for x in (v.start, v.end)]
    service = [t.duration for t in tasks] + [0] * (2 * V)
    starts = [T + 2 * i for i in range(V)]
    ends = [T + 2 * i + 1 for i in range(V)]
    manager = pywrapcp.RoutingIndexManager(len(loc), V, starts, ends)
    routing = pywrapcp.RoutingModel(manager)
    D = problem.durations
    n = len(loc)
    time_matrix = [[service[i] + int(D[loc[i], loc[j]]) for j in range(n)] for i in range(n)]
    time_cb = routing.RegisterTransitMatrix(time_matrix)
    L = np.asarray(loc)
    scale = 3600 if any(v.cost_per_hour for v in vehicles) else 1  # hourly costs in whole units per second
    # one cost matrix per kind of vehicle: its cost per km, and the preference cost on arriving at
    # someone else's tenant (see tournees.engine.objective)
    matrices: dict[tuple, int] = {}
    for vi, v in enumerate(vehicles):
        key = (v.cost_per_km, v.id if problem.preference_cost else None)
        if key not in matrices:
            cost = arc_costs(problem, v)[np.ix_(L, L)] * scale
            extra = np.array([preference_extra(problem, t, v) for t in tasks] + [0] * (2 * V), dtype=np.int64)
            cost = cost + extra[None, :] * scale
            matrices[key] = routing.RegisterTransitMatrix(cost.tolist())
        routing.SetArcCostEvaluatorOfVehicle(matrices[key], vi)
    horizon = max(v.shift_end for v in vehicles) + 1
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    if problem.balance:
        time_dim.SetGlobalSpanCostCoefficient(problem.balance)
    solver = routing.solver()
    for vi, v in enumerate(vehicles):
        time_dim.CumulVar(routing.Start(vi)).SetRange(v.shift_start, v.shift_end)
        time_dim.CumulVar(routing.End(vi)).SetRange(v.shift_start, v.shift_end)
        if v.max_work is not None:
            time_dim.SetSpanUpperBoundForVehicle(v.max_work, vi)
        if v.cost_per_hour:
            time_dim.SetSpanCostCoefficientForVehicle(v.cost_per_hour, vi)
        if v.breaks:
            intervals = [solver.FixedDurationIntervalVar(b.earliest, b.latest, b.duration, True, f"pause {v.id} {v.day}")
                         for b in v.breaks]
            start, end = time_dim.CumulVar(routing.Start(vi)), time_dim.CumulVar(routing.End(vi))
            for b, brk in zip(v.breaks, intervals, strict=True):  # owed when still at work at its latest start
                solver.Add(brk.PerformedExpr() >= solver.IsGreaterCstVar(end, b.latest))
                # a break taken lies inside the route (tournees.engine.schedule): not before leaving, not after coming back
                solver.Add(brk.SafeStartExpr(v.shift_end) >= start)
                solver.Add(brk.SafeEndExpr(v.shift_start) <= end)
            time_dim.SetBreakIntervalsOfVehicle(intervals, vi, service)
        routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(routing.Start(vi)))
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(vi)))
    for ti, task in enumerate(tasks):
        index = manager.NodeToIndex(ti)
        allowed = [vi for vi, v in enumerate(vehicles) if problem.compatible(task, v)]
        spans = sorted({w for vi in allowed for w in problem.windows_on(task, vehicles[vi])})
        routing.AddDisjunction([index], left_out_cost(task) * scale)
        if not allowed or not spans:
            routing.ActiveVar(index).SetValue(0)  # no vehicle can do it: left out, the reason comes later
            continue
        if len(allowed) < V:
            routing.VehicleVar(index).SetValues([-1] + [int(a) for a in allowed])  # -1: may stay unserved
        if spans:
            var = time_dim.CumulVar(index)
            var.SetRange(spans[0][0], max(hi for _, hi in spans))
            reach = spans[0][1]
            for lo, hi in spans[1:]:
                if lo > reach + 1:
                    var.RemoveInterval(reach + 1, lo - 1)
                reach = max(reach, hi)
    if any(t.demand for t in tasks) and any(v.capacity is not None for v in vehicles):
        demand_cb = routing.RegisterUnaryTransitVector([t.demand for t in tasks] + [0] * (2 * V))
        caps = [v.capacity if v.capacity is not None else NO_LIMIT for v in vehicles]
        routing.AddDimensionWithVehicleCapacity(demand_cb, 0, caps, True, "Load")

    params = pywrapcp.DefaultRoutingSearchParameters()
    if not defaults:
        params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, strategy)
        params.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, metaheuristic)
    if solutions is not None:
        params.solution_limit = solutions
    params.time_limit.FromMilliseconds(int(time_limit_s * 1000))
    t0 = time.monotonic()
    if progress is not None:
        routing.AddAtSolutionCallback(lambda: progress(time.monotonic() - t0, routing.CostVar().Max() // scale))
    if initial is not None:
        routing.CloseModelWithParameters(params)
        hint = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(t) for t in r] for r in initial], True)
        # an old plan that no longer fits (new pins, new windows) is dropped, not forced
        solution = routing.SolveFromAssignmentWithParameters(hint, params) if hint is not None else None
        if solution is None:
            solution = routing.SolveWithParameters(params)
    else:
        solution = routing.SolveWithParameters(params)
    if solution is None:
        return [[] for _ in vehicles], -1
    routes = []
    for vi in range(V):
        order, index = [], routing.Start(vi)
        index = solution.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            order.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(order)
    return routes, int(solution.ObjectiveValue()) // scale

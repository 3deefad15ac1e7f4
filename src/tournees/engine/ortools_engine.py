"""OR-Tools routing behind the engine interface: the general engine.

It expresses everything of :class:`~tournees.engine.model.Problem`: several windows,
days, skills, breaks, maximum working time, pins and optional tasks. Its defaults are
poor on time windows, so it starts from parallel cheapest insertion and improves with
guided local search (measured in ``benchmarks/solomon.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tournees.engine.model import Problem

STRATEGIES = ("PARALLEL_CHEAPEST_INSERTION", "LOCAL_CHEAPEST_INSERTION", "SAVINGS", "PATH_CHEAPEST_ARC")


def arc_cost(problem: Problem, a: int, b: int) -> int:
    """Objective cost of driving from location a to b (cents, or Solomon units)."""
    return int(round(int(problem.durations[a, b]) * problem.travel_cost_per_hour / 3600
                     + int(problem.distances[a, b]) * problem.distance_cost_per_km / 1000))


def solve_ortools(problem: Problem, *, time_limit_s: float, strategy: str = "PARALLEL_CHEAPEST_INSERTION",
                  metaheuristic: str = "GUIDED_LOCAL_SEARCH", initial: list[list[int]] | None = None,
                  progress: Callable[[float, int], None] | None = None) -> tuple[list[list[int]], int]:
    """Per vehicle, the task indices in driving order, and the objective value found."""
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
    cost_matrix = [[arc_cost(problem, loc[i], loc[j]) for j in range(n)] for i in range(n)]
    time_cb = routing.RegisterTransitMatrix(time_matrix)
    preferred = [t.preferred for t in tasks] + [None] * (2 * V)
    per_vehicle = (problem.preference_cost and any(preferred)) or any(v.cost_per_km for v in vehicles)
    if per_vehicle:
        # the same resource for a tenant where possible (a cost on arriving at someone else's tenant),
        # and each vehicle's own cost per km
        for vi, v in enumerate(vehicles):
            extra = [problem.preference_cost if p is not None and p != v.id else 0 for p in preferred]
            km = v.cost_per_km / 1000
            matrix = [[c + extra[j] + int(round(km * int(problem.distances[loc[i], loc[j]]))) for j, c in enumerate(row)]
                      for i, row in enumerate(cost_matrix)]
            routing.SetArcCostEvaluatorOfVehicle(routing.RegisterTransitMatrix(matrix), vi)
    else:
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(cost_matrix))
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
            time_dim.SetSpanCostCoefficientForVehicle(max(1, v.cost_per_hour // 3600), vi)
        if v.breaks:
            intervals = [solver.FixedDurationIntervalVar(b.earliest, b.latest, b.duration, True, f"pause {v.id} {v.day}")
                         for b in v.breaks]
            end = time_dim.CumulVar(routing.End(vi))
            for b, brk in zip(v.breaks, intervals, strict=True):  # owed when still at work at its latest start
                solver.Add(brk.PerformedExpr() >= solver.IsGreaterCstVar(end, b.latest))
            time_dim.SetBreakIntervalsOfVehicle(intervals, vi, service)
        routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(routing.Start(vi)))
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(vi)))
    for ti, task in enumerate(tasks):
        index = manager.NodeToIndex(ti)
        allowed = [vi for vi, v in enumerate(vehicles) if problem.compatible(task, v)]
        spans = sorted({w for vi in allowed for w in problem.windows_on(task, vehicles[vi])})
        routing.AddDisjunction([index], task.penalty * (100 if task.pin is not None else 1))
        if not allowed or not spans:
            routing.ActiveVar(index).SetValue(0)  # no vehicle can do it: left out, the reason comes later
            continue
        if len(allowed) < V:
            routing.VehicleVar(index).SetValues([-1] + [int(a) for a in allowed])  # -1: may stay unserved
        if spans:
            var = time_dim.CumulVar(index)
            var.SetRange(spans[0][0], max(b for _, b in spans))
            reach = spans[0][1]
            for a, b in spans[1:]:  # type: ignore[assignment]
                if a > reach + 1:
                    var.RemoveInterval(reach + 1, a - 1)
                reach = max(reach, b)  # type: ignore[call-overload]
    if any(t.demand for t in tasks) and any(v.capacity is not None for v in vehicles):
        demand_cb = routing.RegisterUnaryTransitVector([t.demand for t in tasks] + [0] * (2 * V))
        caps = [v.capacity if v.capacity is not None else 10**9 for v in vehicles]
        routing.AddDimensionWithVehicleCapacity(demand_cb, 0, caps, True, "Load")

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, strategy)
    params.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, metaheuristic)
    params.time_limit.FromMilliseconds(int(time_limit_s * 1000))
    t0 = time.monotonic()
    if progress is not None:
        routing.AddAtSolutionCallback(lambda: progress(time.monotonic() - t0, routing.CostVar().Max()))
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
    return routes, int(solution.ObjectiveValue())

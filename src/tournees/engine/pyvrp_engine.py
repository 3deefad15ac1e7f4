"""PyVRP (iterated local search) behind the engine interface, for every problem the planners pose.

Encoding (PyVRP 0.14, ``ProblemData`` built from numpy matrices):
- one PyVRP location per depot and per task; one vehicle type per distinct vehicle (a
  resource-day: its own shift, hence its day);
- a task with several windows or days becomes one client per window (the union of its
  windows on the vehicles that may serve it), gathered in a mutually exclusive group;
  when every task may come at the same hours on each day (and nothing is pinned), the
  days share one time axis instead and a task stays one client (exact, and a far easier
  search);
- skills and pins: one distance/duration profile per kind of vehicle (skills, resource
  when pins or preferences name it, cost per km); a task that vehicle may not serve is
  made unreachable in its profile (a travel time beyond every shift), so no feasible
  solution uses it;
- preferred technician: the profile of every other resource pays ``preference_cost`` on
  the arcs into that task; costs per km and per hour are per vehicle type;
- optional tasks: prize = the cost of leaving them out; required tasks must be served;
- breaks are not a PyVRP notion. PyVRP works on a clock that stops during the break: the
  vehicle's day is shortened by its break. When every vehicle that may serve a window has
  one break of P seconds, to start in [E, L] for all of them, a visit *before* the break
  starts in [a, min(b, L - service)] (over by the latest break start) and one *after* it
  in [max(a - P, E), b - P] on the stopped clock: a route whose "before" visits come first
  is then exactly a route that holds its break (rule of :mod:`tournees.engine.schedule`).
  First round: one client spanning both sides (measured: a far easier search than two;
  some routes then do not hold and are repaired). Tasks of such routes become ``strict``:
  two clients of a group, the "before" one starting by E, so it cannot follow an "after"
  one. Other breaks (several, or of different lengths) close the windows of ``strict``
  tasks earlier by the break they may come after. Every route is then timed exactly (see
  :mod:`tournees.engine.solve`).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import numpy as np

from tournees.engine.budget import iterations_for, safety_cap_s
from tournees.engine.model import DAY, Break, Problem, Task, Vehicle
from tournees.engine.objective import NO_LIMIT, arc_costs, is_required, left_out_cost, preference_extra
from tournees.engine.schedule import timed_steps

# PyVRP's parameters when tasks are optional (see _params): late-acceptance history, granular neighbourhood size,
# most clients destroyed by one perturbation (PyVRP's defaults: 300, 50, 25)
OPTIONAL_HISTORY = 20
OPTIONAL_NEIGHBOURS = 80
OPTIONAL_MAX_PERTURBATIONS = 10


def _is_client(activity: object) -> bool:
    flag = activity.is_client  # type: ignore[attr-defined]
    return bool(flag() if callable(flag) else flag)


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def task_windows(problem: Problem, task: Task, fold: bool = False) -> list[tuple[int, int]]:
    """Where ``task`` may start, over every vehicle allowed to serve it (empty: no one can); ``fold``: in
    seconds from the vehicle's day start."""
    return merged([(a - _off(v, fold), b - _off(v, fold)) for v in problem.vehicles if problem.compatible(task, v)
                   for a, b in problem.windows_on(task, v)])


def _off(v: Vehicle, fold: bool) -> int:
    return v.day * DAY if fold else 0


def foldable(problem: Problem) -> bool:
    """Whether every day can share one time axis exactly: no pins, and each task may come at the same hours on
    every day (then a task is one client whatever the day, not one per day: a far easier search)."""
    if len({v.day for v in problem.vehicles}) < 2 or any(t.pin is not None for t in problem.tasks):
        return False
    for t in problem.tasks:
        folded = task_windows(problem, t, fold=True)
        for v in problem.vehicles:
            if not t.skills <= v.skills:
                continue
            lo, hi = v.shift_start - _off(v, True), v.shift_end - _off(v, True)
            mine = merged([(a - _off(v, True), b - _off(v, True)) for a, b in problem.windows_on(t, v)]) if problem.compatible(t, v) else []
            if mine != merged([(max(a, lo), min(b, hi)) for a, b in folded if max(a, lo) <= min(b, hi)]):
                return False
    return True


@dataclass
class Encoding:
    data: object  # pyvrp.ProblemData
    client_task: list[int]  # PyVRP client index -> task index
    client_after: list[int]  # PyVRP client index -> break time before it (its clock is that much behind ours)
    type_vehicles: list[list[int]]  # PyVRP vehicle type -> our vehicle indices
    scale: int  # PyVRP costs are ours times this (3600 when a vehicle is paid by the hour)
    fold: bool  # days share one time axis

    def warm_start(self, problem: Problem, routes: list[list[int]]) -> object:
        """A PyVRP solution from our routes (task indices per vehicle): each task as the copy for that vehicle's day."""
        from pyvrp import Route as PyvrpRoute
        from pyvrp import Solution as PyvrpSolution

        data: Any = self.data
        copies: dict[int, list[int]] = {}
        for c, ti in enumerate(self.client_task):
            copies.setdefault(ti, []).append(c)
        out = []
        for vt, members in enumerate(self.type_vehicles):
            for vi in members:
                v, order = problem.vehicles[vi], routes[vi] if vi < len(routes) else []
                lo, hi = v.shift_start - _off(v, self.fold), v.shift_end - _off(v, self.fold)
                steps = timed_steps(problem, vi, [problem.tasks[ti] for ti in order]) if order else None
                starts = _stopped_clock(steps, _off(v, self.fold)) if steps is not None else {}
                visits = []
                for ti in order:
                    fits = [c for c in copies.get(ti, []) if data.client(c).tw_early <= hi and data.client(c).tw_late >= lo]
                    t = starts.get(problem.tasks[ti].id)
                    exact = [c for c in fits if t is not None and data.client(c).tw_early <= t <= data.client(c).tw_late]
                    if fits:
                        visits.append((exact or fits)[0])
                if visits:
                    out.append(PyvrpRoute(data, visits, vt))
        return PyvrpSolution(data, out)


    def routes_of(self, solution: Any, vehicles: int) -> list[list[int]]:
        """Our routes (task indices per vehicle, in driving order) from a PyVRP solution of this encoding."""
        routes: list[list[int]] = [[] for _ in range(vehicles)]
        taken = [0] * len(self.type_vehicles)
        for route in solution.routes():
            vt = route.vehicle_type()
            vi = self.type_vehicles[vt][taken[vt]]
            taken[vt] += 1
            routes[vi] = [self.client_task[a.idx] for a in route if _is_client(a)]
        return routes


def _stopped_clock(steps: list, off: int) -> dict[str, int]:
    """Service start of each visit of a timed route on PyVRP's clock (stopped during breaks)."""
    out, paused = {}, 0
    for st in steps:
        if st.kind == "break":
            paused += st.end - st.start
        elif st.kind == "visit" and st.task_id is not None:
            out[st.task_id] = st.start - paused - off
    return out


def _profile_key(problem: Problem, v: Vehicle, named: set[str]) -> tuple:
    return (v.skills, v.id if v.id in named else None, v.cost_per_km)


def encode(problem: Problem, *, shorten_for_breaks: bool = True, shrink: Collection[int] | None = None) -> Encoding:
    """The PyVRP instance of ``problem`` (tasks nobody can serve are left out of it). With breaks, the windows of
    the tasks in ``shrink`` (None: of every task) close earlier by the breaks they may come after."""
    from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, VehicleType

    vehicles, tasks = list(problem.vehicles), list(problem.tasks)
    scale = 3600 if any(v.cost_per_hour for v in vehicles) else 1
    fold = foldable(problem)
    depot_locs = sorted({x for v in vehicles for x in (v.start, v.end)})
    spans_of = {ti: _spans(problem, t, w, fold, shorten_for_breaks, shrink is None or ti in shrink)
                for ti, t in enumerate(tasks) if (w := task_windows(problem, t, fold))}
    kept = [(ti, w) for ti, w in spans_of.items() if w]
    locs = depot_locs + [tasks[ti].location for ti, _ in kept]
    n_dep = len(depot_locs)
    named = {t.pin.vehicle_id for t in tasks if t.pin} | ({t.preferred for t in tasks if t.preferred} if problem.preference_cost else set())
    profiles: dict[tuple, int] = {}
    dist_mats: list = []
    dur_mats: list = []
    horizon = max(v.shift_end - _off(v, fold) for v in vehicles) - min(v.shift_start - _off(v, fold) for v in vehicles) + 1
    L = np.asarray(locs)
    base_dur = problem.durations[np.ix_(L, L)]
    for v in vehicles:
        key = _profile_key(problem, v, named)
        if key in profiles:
            continue
        profiles[key] = len(dist_mats)
        cost = arc_costs(problem, v)[np.ix_(L, L)] * scale
        dur = base_dur.copy()
        for k, (ti, _) in enumerate(kept):
            t, col = tasks[ti], n_dep + k
            if t.pin is not None and (key[1] is None or key[1] != t.pin.vehicle_id) or not t.skills <= v.skills:
                dur[col, :] = horizon  # unreachable for this kind of vehicle: any route through it is late
                dur[:, col] = horizon
            extra = preference_extra(problem, t, v) if t.pin is None else 0
            if extra:
                cost[:, col] += extra * scale
        np.fill_diagonal(cost, 0)
        np.fill_diagonal(dur, 0)
        dist_mats.append(cost)
        dur_mats.append(dur)
    types: dict[tuple, list[int]] = {}
    for vi, v in enumerate(vehicles):
        types.setdefault((v.start, v.end, v.shift_start - _off(v, fold), v.shift_end - _off(v, fold), v.capacity, v.max_work,
                          tuple(Break(b.duration, b.earliest - _off(v, fold), b.latest - _off(v, fold)) for b in v.breaks), v.cost_per_hour,
                          profiles[_profile_key(problem, v, named)]), []).append(vi)
    vtypes = []
    for (start, end, s0, s1, cap, max_work, breaks, per_hour, profile), members in types.items():
        pause = sum(b.duration for b in breaks) if shorten_for_breaks else 0
        vtypes.append(VehicleType(
            num_available=len(members), capacity=[cap if cap is not None else NO_LIMIT], start_depot=depot_locs.index(start),
            end_depot=depot_locs.index(end), tw_early=s0, tw_late=max(s0, s1 - pause),
            shift_duration=max(0, max_work - pause) if max_work is not None else NO_LIMIT,
            unit_distance_cost=1, unit_duration_cost=per_hour, profile=profile, name=f"{vehicles[members[0]].id}/{vehicles[members[0]].day}"))
    clients: list[Client] = []
    groups: list[ClientGroup] = []
    client_task: list[int] = []
    client_after: list[int] = []
    for k, (ti, windows) in enumerate(kept):
        t = tasks[ti]
        required = is_required(t)
        prize = left_out_cost(t) * scale
        group = None
        if len(windows) > 1:
            group = len(groups)
            groups.append(ClientGroup(required=required))
        for a, b, after in windows:
            clients.append(Client(location=n_dep + k, delivery=[t.demand], service_duration=t.duration, tw_early=a, tw_late=b,
                                  prize=0 if required and group is None else prize, required=required and group is None,
                                  group=group, name=t.id))
            client_task.append(ti)
            client_after.append(after)
            if group is not None:
                groups[group].add_client(len(clients) - 1)
    locations = [Location(0.0, 0.0, name=str(x)) for x in locs]
    depots = [Depot(location=i, name=f"d{x}") for i, x in enumerate(depot_locs)]
    data = ProblemData(locations, clients, depots, vtypes, dist_mats, dur_mats, groups)
    return Encoding(data, client_task, client_after, list(types.values()), scale, fold)


def _spans(problem: Problem, task: Task, windows: list[tuple[int, int]], fold: bool, breaks: bool,
           strict: bool) -> list[tuple[int, int, int]]:
    """The PyVRP clients of ``task``: (earliest, latest start on PyVRP's clock, break time before it)."""
    out: list[tuple[int, int, int]] = []
    for a, b in windows:
        kinds = {tuple((x.duration, x.earliest - _off(v, fold), x.latest - _off(v, fold)) for x in v.breaks)
                 for v in problem.vehicles if breaks and problem.compatible(task, v)
                 and v.shift_start - _off(v, fold) <= b and a <= v.shift_end - _off(v, fold)}
        if kinds <= {()}:
            out.append((a, b, 0))
        elif all(len(k) == 1 for k in kinds) and len({k[0][0] for k in kinds}) == 1 and \
                (early := max(k[0][1] for k in kinds)) <= (late := min(k[0][2] for k in kinds)):
            pause = next(iter(kinds))[0][0]  # one break of the same length for all: the window every one of them allows
            sides = [(lo, hi, after) for lo, hi, after in ((a, min(b, late - task.duration, early), 0),
                                                           (max(a - pause, early), b - pause, pause)) if lo <= hi]
            loose = [(lo, hi) for lo, hi in ((a, min(b, late - task.duration)), (max(a - pause, early), b - pause)) if lo <= hi]
            if strict and sides:
                out += sides
            elif loose:  # one client over both sides: a far easier search, its routes checked once timed
                out.append((min(lo for lo, _ in loose), max(hi for _, hi in loose), 0))
        else:
            out.append((a, max(a, b - _pause_before(problem, task, a, b, fold)) if strict else b, 0))
    return out


def _pause_before(problem: Problem, task: Task, a: int, b: int, fold: bool) -> int:
    """Break time a visit in [a, b] may come after (breaks that open before ``b``, least over the vehicles able
    to come): the window closes that much earlier, so the visit still holds once the break is timed in
    (measured in benchmarks/engine_domain.py: far fewer repairs than shortening only later windows)."""
    owed = None
    for v in problem.vehicles:
        off = _off(v, fold)
        if v.shift_start - off <= b and a <= v.shift_end - off and problem.compatible(task, v):
            pause = sum(x.duration for x in v.breaks if b > x.earliest - off)
            owed = pause if owed is None else min(owed, pause)
    return owed or 0


class _Budget:
    """Stops after a number of iterations fixed by the input (reproducible whatever the machine's load), or at
    the safety ``cap`` (``time.monotonic()``, far above the time the iterations take: ``capped`` then says the
    clock, not the work, ended the search); reports the best cost every half second."""

    def __init__(self, iterations: int, cap: float, progress: Callable[[float, int], None] | None, scale: int) -> None:
        self.left, self.cap, self.progress, self.scale = iterations, cap, progress, scale
        self.t0, self.last, self.capped = time.monotonic(), -1.0, False

    def __call__(self, best_cost: float) -> bool:
        clock = time.monotonic()
        now = clock - self.t0
        if self.progress is not None and now - self.last >= 0.5 and best_cost < float("inf"):
            self.last = now
            self.progress(now, int(best_cost) // self.scale)
        self.left -= 1
        if clock > self.cap:
            self.capped = True
        return self.left < 0 or self.capped


def planner_search(problem: Problem, enc: Encoding) -> bool:
    """Whether the planners' parameters apply (see :func:`_params`): optional tasks, some with a client per day."""
    return len(set(enc.client_task)) < len(enc.client_task) and not all(is_required(t) for t in problem.tasks)


def _params(problem: Problem, enc: Encoding) -> Any:
    """PyVRP's parameters. When tasks are optional and offered on several days (the planners' weeks: more
    requests than time, half of them left out, a client per task and day in a client group), the search is mostly about which tasks to serve: a late-acceptance history of 20
    instead of 300 converges within the short budgets of a plan (landlord week, 2 seeds: at 5,000
    iterations as good as the default at 15,000); 80 neighbours instead of 50 let ``ReplaceOptionalClient``
    and the relocations reach more of the left-out tasks, and at most 10 clients destroyed per
    perturbation instead of 25 make an iteration cheaper. Measured on benchmarks/bricolage.py (same
    iteration budgets): landlord week at ``--time-limit 60`` 51,569,969 in 23.9 s -> 50,957,749 in 17.5 s,
    demo week at 20 s 24,648,690 in 4.1 s -> 24,470,032 in 3.1 s. On Solomon instances (every client
    required) PyVRP's defaults were better, and so they were with prizes but one client per task (the 12
    Solomon instances with prizes at 10 s, benchmarks/prizes.py, 2026-12-03: these parameters 0.3-3 % behind
    PyVRP's defaults on RC101, RC105, RC201, R208): there the defaults apply."""
    from pyvrp.solve import SolveParams

    return optional_params() if planner_search(problem, enc) else SolveParams()


def optional_params(neighbours: int = OPTIONAL_NEIGHBOURS, max_perturbations: int = OPTIONAL_MAX_PERTURBATIONS,
                    history: int = OPTIONAL_HISTORY) -> Any:
    """PyVRP's parameters when tasks are optional (see :func:`_params`; benchmarks/optional_params.py compares others)."""
    from pyvrp import IteratedLocalSearchParams
    from pyvrp.search import NeighbourhoodParams, PerturbationParams
    from pyvrp.solve import SolveParams

    return SolveParams(ils=IteratedLocalSearchParams(history_length=history),
                       neighbourhood=NeighbourhoodParams(num_neighbours=neighbours),
                       perturbation=PerturbationParams(min_perturbations=1, max_perturbations=max_perturbations))


def solve_pyvrp(problem: Problem, *, time_limit_s: float, seed: int, progress: Callable[[float, int], None] | None = None,
                iterations: int | None = None, wall_clock: bool = False, shorten_for_breaks: bool = True,
                shrink: Collection[int] | None = None, initial: list[list[int]] | None = None,
                cap: float | None = None) -> tuple[list[list[int]], int, bool]:
    """Per vehicle, the task indices in driving order, PyVRP's objective (-1: no feasible solution), and whether
    the safety cap rather than the work budget ended the search.

    The search stops after ``iterations`` (by default: what ``time_limit_s`` allows on the reference
    machine, see :func:`iterations_for`), so the same input and seed give the same routes whatever the
    machine's load; ``cap`` (``time.monotonic()``; by default :func:`safety_cap_s` from now) is only a
    safety net. ``wall_clock``: at the time limit only, like PyVRP itself (benchmarks). ``initial``: routes to
    start from (task indices per vehicle). ``shrink``: see :func:`encode`.
    """
    from pyvrp import solve as pyvrp_solve
    from pyvrp.exceptions import PenaltyBoundWarning
    from pyvrp.stop import MaxRuntime

    if not problem.tasks or not problem.vehicles:
        return [[] for _ in problem.vehicles], 0, False
    enc = encode(problem, shorten_for_breaks=shorten_for_breaks, shrink=shrink)
    if not enc.client_task:
        return [[] for _ in problem.vehicles], 0, False
    if wall_clock:
        stop: Callable[[int], bool] = MaxRuntime(time_limit_s)
    else:
        budget = iterations if iterations is not None else iterations_for(time_limit_s, len(set(enc.client_task)),
                                                                          planner_search(problem, enc))
        stop = _Budget(budget, cap if cap is not None else time.monotonic() + safety_cap_s(time_limit_s), progress, enc.scale)
    with warnings.catch_warnings():  # PyVRP warns when its penalties hit their bound (a hard instance); the plan says it
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        start = enc.warm_start(problem, initial) if initial is not None else None
        result = pyvrp_solve(enc.data, stop=stop, seed=seed, collect_stats=False, display=False,  # type: ignore[arg-type]
                             initial_solution=start, params=_params(problem, enc))  # type: ignore[arg-type]
    best = result.best
    capped = isinstance(stop, _Budget) and stop.capped
    return enc.routes_of(best, len(problem.vehicles)), int(result.cost()) // enc.scale if best.is_feasible() else -1, capped

"""Timing a sequence of tasks for one vehicle: the one set of rules every solver and the checker share.

Break rule (the same as OR-Tools' break intervals, which the polish uses): a break lies
between the departure from one place and the start of service at the next, never during a
service; it may interrupt the drive (a stop on the way) or fill a wait. Between two places
the free time must hold the drive and the breaks taken there. A break is owed when the
route is still running at the break's latest start; a route that is back before it owes
nothing.

Given the order of visits, service starts as early as the windows allow; every placement
of the breaks among the gaps is tried and the one that gets home earliest kept (exact for
the few breaks of a day); the day then starts as late as it can without losing
feasibility or delaying the first visit, and, when a maximum working time binds, as late
as the route still holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from tournees.engine.model import Break, Problem, Step, Task, Vehicle

SKIP = -1  # a break not taken: only when the route is back before its latest start


def window_start(problem: Problem, task: Task, vehicle: Vehicle, t: int) -> int | None:
    """The earliest service start ≥ t inside one of the task's windows on that vehicle, or None."""
    for a, b in sorted(problem.windows_on(task, vehicle)):
        if t <= b:
            return max(t, a)
    return None


def _gap(depart: int, drive: int, breaks: Sequence[Break]) -> tuple[int, int, list[Step]] | None:
    """Drive ``drive`` seconds from ``depart``, taking ``breaks`` as early as allowed on the way or on
    arrival: (physical arrival, time free again, break steps), or None when a break starts too late."""
    clock, driven, arrival, steps = depart, 0, None, []
    for b in breaks:
        s = max(clock, b.earliest)
        if arrival is None and s - clock >= drive - driven:
            arrival, driven = clock + drive - driven, drive
        else:
            driven += s - clock
        if s > b.latest:
            return None
        steps.append(Step("break", None, None, s, s, s + b.duration, s + b.duration))
        clock = s + b.duration
    if arrival is None:
        arrival = clock + drive - driven
    return arrival, max(arrival, clock), steps


def _forward(problem: Problem, v: Vehicle, tasks: Sequence[Task], depart: int, where: Sequence[int],
             breaks: Sequence[Break]) -> list[Step] | None:
    """Earliest timing with break ``k`` taken in gap ``where[k]`` (gap g precedes stop g + 1) or skipped."""
    D = problem.durations
    steps = [Step("start", None, v.start, depart, depart, depart, depart)]
    t, loc = depart, v.start
    for g, task in enumerate([*tasks, None]):
        target = v.end if task is None else task.location
        done = _gap(t, int(D[loc, target]), [b for b, w in zip(breaks, where, strict=True) if w == g])
        if done is None:
            return None
        arrival, ready, taken = done
        steps += taken
        if task is None:
            if arrival > v.shift_end or any(w == SKIP and arrival > b.latest for b, w in zip(breaks, where, strict=True)):
                return None
            steps.append(Step("end", None, v.end, arrival, arrival, arrival, arrival))
            return steps
        start = window_start(problem, task, v, ready)
        if start is None:
            return None
        steps.append(Step("visit", task.id, task.location, arrival, start, start + task.duration, start + task.duration))
        t, loc = start + task.duration, task.location
    return steps  # pragma: no cover - the loop always returns at the end step


def _earliest(problem: Problem, v: Vehicle, tasks: Sequence[Task], depart: int) -> list[Step] | None:
    """Over every placement of the breaks, the feasible timing that is back home first."""
    breaks = sorted(v.breaks, key=lambda b: (b.earliest, b.latest))
    best: list[Step] | None = None
    for where in product([SKIP, *range(len(tasks) + 1)], repeat=len(breaks)):
        taken = [w for w in where if w != SKIP]
        if taken != sorted(taken):
            continue  # breaks are taken in the order they fall due
        steps = _forward(problem, v, tasks, depart, where, breaks)
        if steps is not None and (best is None or steps[-1].arrival < best[-1].arrival):
            best = steps
    return best


def _work_ok(v: Vehicle, steps: list[Step]) -> bool:
    return v.max_work is None or steps[-1].arrival - steps[0].departure <= v.max_work


def timed_steps(problem: Problem, vehicle_index: int, tasks: Sequence[Task]) -> list[Step] | None:
    """The steps of a route serving ``tasks`` in order, or None if no timing is feasible."""
    v = problem.vehicles[vehicle_index]
    early = _earliest(problem, v, tasks, v.shift_start)
    if early is None or not tasks:
        return early if early is not None and _work_ok(v, early) else None
    first = next(s for s in early if s.kind in ("visit", "break"))
    if first.kind == "visit":
        later = first.start - int(problem.durations[v.start, first.location])
        late = _earliest(problem, v, tasks, later) if later > v.shift_start else None
        if late is not None and (_work_ok(v, late) or not _work_ok(v, early)):
            early = late
    if _work_ok(v, early):
        return early
    # the working time binds: leave as late as the route still holds (feasibility only shrinks later on)
    lo, hi, best = early[0].departure, v.shift_end, None
    while lo <= hi:
        mid = (lo + hi) // 2
        steps = _earliest(problem, v, tasks, mid)
        if steps is None:
            hi = mid - 1
        else:
            best, lo = steps, mid + 1
    return best if best is not None and _work_ok(v, best) else None

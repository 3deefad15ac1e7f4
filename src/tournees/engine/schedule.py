"""Timing a sequence of tasks for one vehicle: the same rules for every engine.

A break is owed when the route is still running at the break's latest start.

Given the order of visits, service starts as early as the windows allow; a break is
taken at the last place before the visit that would make it too late (or during a
wait, which costs nothing); the day starts as late as it can without delaying the
first visit. Every engine's routes are timed here, so every plan reads the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from tournees.engine.model import Problem, Step, Task, Vehicle


def window_start(problem: Problem, task: Task, vehicle: Vehicle, t: int) -> int | None:
    """The earliest service start ≥ t inside one of the task's windows on that vehicle, or None."""
    for a, b in sorted(problem.windows_on(task, vehicle)):
        if t <= b:
            return max(t, a)
    return None


def _forward(problem: Problem, v: Vehicle, tasks: Sequence[Task], depart: int) -> list[Step] | None:
    D = problem.durations
    steps = [Step("start", None, v.start, depart, depart, depart, depart)]
    pending = sorted(v.breaks, key=lambda b: b.earliest)
    t, loc = depart, v.start
    for task in [*tasks, None]:
        target = v.end if task is None else task.location
        travel = int(D[loc, target])
        while pending:
            b = pending[0]
            arrive = t + travel
            serve = arrive if task is None else window_start(problem, task, v, arrive)
            if serve is None:
                return None
            done = serve + (0 if task is None else task.duration)
            wait = serve - arrive
            if task is None and arrive <= b.latest:
                pending.pop(0)  # back home before the break is due: it is taken off duty, not owed
                continue
            # take it now if it would be too late after this visit, or if it fits in the wait;
            # before going home every break still owed is taken
            if task is not None and done <= b.latest and not (wait >= b.duration and max(t, b.earliest) + b.duration + travel <= serve):
                break
            bstart = max(t, b.earliest)
            if bstart > b.latest:
                return None
            steps.append(Step("break", None, None, bstart, bstart, bstart + b.duration, bstart + b.duration))
            t = bstart + b.duration
            pending.pop(0)
        arrive = t + travel
        if task is None:
            if pending or arrive > v.shift_end:
                return None
            steps.append(Step("end", None, v.end, arrive, arrive, arrive, arrive))
        else:
            start = window_start(problem, task, v, arrive)
            if start is None:
                return None
            steps.append(Step("visit", task.id, task.location, arrive, start, start + task.duration, start + task.duration))
            t, loc = start + task.duration, task.location
    if v.max_work is not None and steps[-1].arrival - steps[0].departure > v.max_work:
        return None
    return steps


def timed_steps(problem: Problem, vehicle_index: int, tasks: Sequence[Task]) -> list[Step] | None:
    """The steps of a route serving ``tasks`` in order, or None if no timing is feasible."""
    v = problem.vehicles[vehicle_index]
    early = _forward(problem, v, tasks, v.shift_start)
    if early is None or not tasks:
        return early
    first = next(s for s in early if s.kind in ("visit", "break"))
    if first.kind != "visit":
        return early
    later = first.start - int(problem.durations[v.start, first.location])
    if later <= v.shift_start:
        return early
    late = _forward(problem, v, tasks, later)
    return late if late is not None else early

"""Bricol'âge rules (fiche 7) that do not need the solver: availability, sector passes,
urgent deadlines, weekly hours, late requests, and filling days the solver left short.

Units: dates, engine seconds (see :mod:`tournees.engine.model`), hours where people set them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tournees.calendar import add_working_days, weekday_code
from tournees.engine import LeftOut, Problem, Route, Solution, Task, Vehicle
from tournees.engine.objective import is_required, route_cost
from tournees.engine.reasons import SENTENCES, explain
from tournees.engine.schedule import timed_steps, window_start
from tournees.model import BricolageRequest, Sector, Staff
from tournees.services.common import AFTERNOON, HALF_DAY_SPLIT, Horizon

NEXT_PASS_LOOKAHEAD_DAYS = 26 * 7  # how far ahead a next pass the tenant can attend is searched


def availability(tokens: Sequence[str], day: dt.date) -> list[tuple[dt.time, dt.time]] | None:
    """The parts of ``day`` the tenant is available (None: not that day). Empty tokens: any time."""
    if not tokens:
        return [(dt.time(0), dt.time(23, 59))]
    code = weekday_code(day)
    spans = []
    for token in tokens:
        if token == code:
            spans.append((dt.time(0), dt.time(23, 59)))
        elif token == f"{code}-am":
            spans.append((dt.time(0), HALF_DAY_SPLIT))
        elif token == f"{code}-pm":
            spans.append((AFTERNOON, dt.time(23, 59)))
    return spans or None


def is_pass_day(sector: Sector, day: dt.date) -> bool:
    if weekday_code(day) != sector.pass_weekday:
        return False
    return sector.first_pass_on is None or ((day - sector.first_pass_on).days // 7) % sector.pass_every_weeks == 0


def sector_pass_days(sector: Sector | None, horizon: Horizon) -> list[int] | None:
    """Days of the horizon with a planned pass of the sector (None: the sector has no pass rule)."""
    if sector is None or sector.pass_weekday is None:
        return None
    return [d for d, day in enumerate(horizon.days) if is_pass_day(sector, day)]


def next_pass_for(sector: Sector | None, tokens: Sequence[str], after: dt.date) -> dt.date | None:
    """The next pass of the sector after ``after`` on which the tenant is available (None: none within half a year)."""
    if sector is None or sector.pass_weekday is None:
        return None
    for k in range(1, NEXT_PASS_LOOKAHEAD_DAYS + 1):
        day = after + dt.timedelta(days=k)
        if is_pass_day(sector, day) and availability(tokens, day):
            return day
    return None


def urgent_deadline(request: BricolageRequest, within_working_days: int) -> dt.date:
    """Last day an urgent request may be served: ``within_working_days`` working days after its receipt."""
    return add_working_days(request.received_on, within_working_days)


@dataclass(frozen=True)
class LateFlag:
    """An urgent request past its deadline, or a request past its wished due date, and what the plan does about it."""

    request_id: str
    flag: str  # urgent_overdue | past_due
    deadline: dt.date
    planned_on: dt.date | None

    def as_row(self) -> dict[str, str]:
        return {
            "request_id": self.request_id,
            "flag": self.flag,
            "deadline": self.deadline.isoformat(),
            "planned_on": self.planned_on.isoformat() if self.planned_on else "",
        }


def late_flags(
    requests: Iterable[BricolageRequest], planned: dict[str, dt.date], horizon: Horizon, within_working_days: int
) -> list[LateFlag]:
    """Requests whose deadline is already past on the horizon's first day, or that are served (or left) after it."""
    flags = []
    first, last = horizon.days[0], horizon.days[-1]
    for r in sorted(requests, key=lambda r: r.request_id):
        when = planned.get(r.request_id)
        checks = [("past_due", r.due_on)]
        if r.priority == "urgent":
            checks.insert(0, ("urgent_overdue", urgent_deadline(r, within_working_days)))
        for code, deadline in checks:
            if deadline is None:
                continue
            late = deadline < first or (when is not None and when > deadline) or (when is None and deadline <= last)
            if late:
                flags.append(LateFlag(r.request_id, code, deadline, when))
                break
    return flags


def daily_work_limits(person: Staff, day_indices: Sequence[int], worked_s: int = 0) -> dict[int, int]:
    """The working time (seconds, breaks excluded) each of the person's days may hold so that the
    week stays within ``weekly_hours``: the hours left are shared evenly over the days left."""
    if not day_indices:
        return {}
    left = max(0, int(person.weekly_hours * 3600) - worked_s)
    return {d: max(60, left // len(day_indices)) for d in day_indices}


def span_limit(vehicle: Vehicle, work_s: int) -> int:
    """The route span (what the engine caps) that holds at most ``work_s`` of work: breaks count on
    top only when a route that long is still running at each break's latest start wherever it sits
    in the shift (a shorter day may end before lunch is owed, and then it is all work)."""
    span = work_s
    for b in vehicle.breaks:
        longer = span + b.duration
        if vehicle.shift_start + longer > b.latest and vehicle.shift_end - longer <= b.latest:
            span = longer
    return min(span, vehicle.max_work) if vehicle.max_work else span


def _route_bounds(problem: Problem, v: Vehicle, order: list[Task]) -> tuple[list[int], list[int], list[int], int]:
    """What rules out an insertion without timing it: the route's places, its legs, the earliest departure from
    each place (breaks left out: they only delay) and the time the day has left beyond its services and drives
    (a day spans at least those)."""
    D = problem.durations
    stops = [v.start, *(t.location for t in order), v.end]
    legs = [int(D[a, b]) for a, b in zip(stops, stops[1:], strict=False)]
    ready = [v.shift_start]
    for t, leg in zip(order, legs, strict=False):
        start = window_start(problem, t, v, ready[-1] + leg)
        ready.append(ready[-1] + leg if start is None else start + t.duration)
    room = min(v.max_work or v.shift_end - v.shift_start, v.shift_end - v.shift_start)
    return stops, legs, ready, room - sum(t.duration for t in order) - sum(legs)


def _best_place(problem: Problem, vi: int, order: list[Task], task: Task,
                bounds: tuple[list[int], list[int], list[int], int]) -> list | None:
    """The timed steps of ``order`` with ``task`` inserted where the day is shortest, or None if it fits nowhere
    (``bounds``: :func:`_route_bounds` of ``order``, to rule places out without timing them)."""
    v, D = problem.vehicles[vi], problem.durations
    stops, legs, ready, slack = bounds
    if task.duration > slack:
        return None  # longer than what the day has left
    best: tuple[int, list] | None = None
    for pos in range(len(order) + 1):
        drive_in = int(D[stops[pos], task.location])
        if task.duration + drive_in + int(D[task.location, stops[pos + 1]]) - legs[pos] > slack:
            continue  # the day cannot hold it there
        if window_start(problem, task, v, ready[pos] + drive_in) is None:
            continue  # its windows are closed by the time it can be reached
        steps = timed_steps(problem, vi, [*order[:pos], task, *order[pos:]])
        if steps is None:
            continue
        span = steps[-1].arrival - steps[0].departure
        if best is None or span < best[0]:
            best = (span, steps)
    return None if best is None else best[1]


def fill_short_days(problem: Problem, solution: Solution) -> list[str]:
    """Insert tasks left out for time where they still fit (the solver's time limit can leave
    a day short while a request would fit in it): best-valued first, cheapest feasible place.
    Returns the ids inserted; ``solution`` is changed in place."""
    tasks = {t.id: t for t in problem.tasks}
    routes = {r.vehicle: r for r in solution.routes}
    inserted = []
    candidates = sorted(
        (u for u in solution.unassigned if u.reason_code == "time_budget" and u.task_id in tasks),
        key=lambda u: (-tasks[u.task_id].penalty, u.task_id),
    )
    bounds: dict[int, tuple[list[int], list[int], list[int], int]] = {}  # per vehicle, until its route changes
    for u in candidates:
        task = tasks[u.task_id]
        best: tuple[int, int, list] | None = None
        for vi, v in enumerate(problem.vehicles):
            if not problem.compatible(task, v):
                continue
            order = [tasks[t] for t in routes[vi].task_ids] if vi in routes else []
            if vi not in bounds:
                bounds[vi] = _route_bounds(problem, v, order)
            steps = _best_place(problem, vi, order, task, bounds[vi])
            if steps is not None and (best is None or steps[-1].arrival - steps[0].departure < best[0]):
                best = (steps[-1].arrival - steps[0].departure, vi, steps)
        if best is None:
            continue
        _, vi, steps = best
        if vi in routes:
            routes[vi].steps = steps
        else:
            routes[vi] = Route(vi, steps)
            solution.routes.append(routes[vi])
        bounds.pop(vi, None)
        inserted.append(task.id)
    placed = set(inserted)
    solution.unassigned = [u for u in solution.unassigned if u.task_id not in placed]
    solution.routes.sort(key=lambda r: r.vehicle)
    return inserted


def _room_bounds(problem: Problem, v: Vehicle, order: list[Task]) -> tuple[list[int], list[int], list[int], int]:
    """:func:`_route_bounds` with the day's breaks taken from its room: a trade is only looked for where the breaks
    fit too (far fewer timings; a place this rules out is merely not tried)."""
    stops, legs, ready, slack = _route_bounds(problem, v, order)
    return stops, legs, ready, slack - sum(b.duration for b in v.breaks)


def make_room(problem: Problem, solution: Solution) -> list[tuple[str, list[str]]]:
    """Trade a served request for left-out ones that fit in its place and are worth more together: a move the
    solver's local search does not make in one step (it takes out, puts in or replaces one request at a time).
    Per route, each request neither pinned nor required is taken out in turn; the left-out requests that
    technician-day may serve go in, best-valued first, where the day is shortest; the trade is kept when the
    plan's cost (travel, preferences, penalties of what is left out) goes down. Returns (request taken out,
    requests put in) per trade; ``solution`` is changed in place."""
    tasks = {t.id: t for t in problem.tasks}
    left = {u.task_id for u in solution.unassigned if u.reason_code == "time_budget" and u.task_id in tasks}
    trades: list[tuple[str, list[str]]] = []
    for route in sorted(solution.routes, key=lambda r: r.vehicle):
        vi, v = route.vehicle, problem.vehicles[route.vehicle]
        pool = sorted((tasks[t] for t in left if problem.compatible(tasks[t], v)), key=lambda t: (-t.penalty, t.id))
        k = 0
        while k < len(route.task_ids):
            order = [tasks[t] for t in route.task_ids]
            gone = order[k]
            k += 1
            if gone.pin is not None or is_required(gone):
                continue
            trial, steps, added = order[: k - 1] + order[k:], None, list[Task]()
            bounds = _room_bounds(problem, v, trial)
            for task in pool:
                need = gone.penalty - sum(t.penalty for t in added)
                if need < 0 or (2 if not added else 1) * task.penalty <= need:
                    break  # worth it already (what still fits is filled later), or these cannot make it worth it
                placed = _best_place(problem, vi, trial, task, bounds)
                if placed is not None:
                    trial = [tasks[st.task_id] for st in placed if st.kind == "visit" and st.task_id in tasks]
                    steps, bounds = placed, _room_bounds(problem, v, trial)
                    added.append(task)
            if steps is None:
                continue
            before = route_cost(problem, v, order, route.steps[-1].arrival - route.steps[0].departure)
            after = route_cost(problem, v, trial, steps[-1].arrival - steps[0].departure)
            if after - before + gone.penalty - sum(t.penalty for t in added) >= 0:
                continue
            route.steps = steps
            left = (left - {t.id for t in added}) | {gone.id}
            pool = sorted([*(t for t in pool if t not in added), gone], key=lambda t: (-t.penalty, t.id))
            trades.append((gone.id, [t.id for t in added]))
            k = 0  # the route changed: look at each of its requests again
    served = {t for r in solution.routes for t in r.task_ids}
    known = {u.task_id for u in solution.unassigned}
    solution.unassigned = [u for u in solution.unassigned if u.task_id not in served]
    solution.unassigned += [explain(problem, tasks[t]) for t in sorted(left - known)]
    return trades


def keep_announced(
    problem: Problem,
    solution: Solution,
    announced: frozenset[str],
    bumpable: frozenset[str],
    previous: dict[tuple[str, int], list[str]],
) -> list[str]:
    """Put back requests already announced to their tenant that the solver left out: in the place
    of a ``bumpable`` request (newer, not urgent) on a route where it fits, or else by restoring the
    ``previous`` route of its technician-day (its bumpable newcomers left out for time).
    Returns the ids put back; ``solution`` is changed in place."""
    tasks = {t.id: t for t in problem.tasks}
    back: list[str] = []
    for task_id in sorted(u.task_id for u in solution.unassigned if u.task_id in announced and u.task_id in tasks):
        task = tasks[task_id]
        routes = {r.vehicle: r for r in solution.routes}
        placed = None
        for route in solution.routes:
            order = [tasks[t] for t in route.task_ids]
            if not problem.compatible(task, problem.vehicles[route.vehicle]):
                continue
            for k, other in enumerate(order):
                rest = [*order[:k], *order[k + 1 :]]
                if other.id in bumpable:
                    placed = next(
                        (
                            (route, [other.id], st)
                            for p in range(len(rest) + 1)
                            if (st := timed_steps(problem, route.vehicle, [*rest[:p], task, *rest[p:]])) is not None
                        ),
                        None,
                    )
                if placed:
                    break
            if placed:
                break
        for route in solution.routes if placed is None else ():  # a route stripped of every bumpable request
            if not problem.compatible(task, problem.vehicles[route.vehicle]):
                continue
            rest = [tasks[t] for t in route.task_ids if t not in bumpable]
            bumped = [t for t in route.task_ids if t in bumpable]
            placed = next(
                (
                    (route, bumped, st)
                    for p in range(len(rest) + 1)
                    if (st := timed_steps(problem, route.vehicle, [*rest[:p], task, *rest[p:]])) is not None
                ),
                None,
            )
            if placed:
                break
        if placed is None:  # the previous route of its technician-day, as it was
            served_now = {t for r in solution.routes for t in r.task_ids}
            for vi, v in enumerate(problem.vehicles):
                old = previous.get((v.id, v.day), [])
                current = routes[vi].task_ids if vi in routes else []
                if task_id not in old or any(t not in bumpable for t in current if t not in old):
                    continue
                keep = [tasks[t] for t in old if t in tasks and (t not in served_now or t in current)]
                steps = timed_steps(problem, vi, keep)
                if steps is not None:
                    route = routes.get(vi) or Route(vi, [])
                    if vi not in routes:
                        solution.routes.append(route)
                    placed = (route, [t for t in current if t not in old], steps)
                    break
        if placed is None:
            continue
        route, bumped, route.steps = placed
        now = set(route.task_ids)
        solution.unassigned = [u for u in solution.unassigned if u.task_id not in now]
        solution.unassigned += [LeftOut(b, "time_budget", SENTENCES["time_budget"]) for b in bumped]
        back.append(task_id)
    solution.routes.sort(key=lambda r: r.vehicle)
    return back


def reason_with_next_pass(left: LeftOut, sector: Sector | None, tokens: Sequence[str], after: dt.date) -> LeftOut:
    """The true reason, with the next sector pass the tenant can attend when there is one."""
    when = next_pass_for(sector, tokens, after)
    if when is None or sector is None:
        return left
    return LeftOut(
        left.task_id,
        left.reason_code,
        f"{left.reason} Prochain passage du {sector.name} un jour où le locataire est disponible : "
        f"le {when.strftime('%d/%m/%Y')}.",
    )

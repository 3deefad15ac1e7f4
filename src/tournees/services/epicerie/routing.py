"""The épicerie's routing layer: each (van, weekday, week parity) timed by the engine on 5-minute marks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from tournees.engine import Break, Pin, Problem, Task, Vehicle, solve
from tournees.engine.schedule import timed_steps
from tournees.model import Staff
from tournees.services.common import seconds
from tournees.services.epicerie.area import EpicerieArea
from tournees.services.epicerie.calendar import CalendarResult, Cut, Slot, StopSpec, VanSpec
from tournees.services.epicerie.params import STEP, EpicerieOptions


@dataclass
class DayRoute:
    slot: Slot
    order: list[str]  # stop ids
    starts: dict[str, int]  # stop id -> service start, seconds of the day
    stopped_by_clock: bool = False  # the engine's safety cap, not its work budget, ended the search


def route_day(
    t: EpicerieArea, o: EpicerieOptions, van: VanSpec, staff: Staff, stops: list[StopSpec], pins: Mapping[str, int]
) -> DayRoute | None:
    """One day of one van, timed by the engine; ``None`` if it cannot serve them all."""
    lunch = 60 * staff.lunch_min
    breaks = (Break(lunch, seconds(staff.lunch_start), seconds(staff.lunch_end) - lunch),) if lunch else ()
    vehicle = Vehicle(
        id=van.van_id,
        day=0,
        start=van.depot,
        end=van.depot,
        shift_start=van.day_start,
        shift_end=van.day_end,
        breaks=breaks,
    )
    tasks = [
        Task(
            id=s.stop_id,
            location=s.location,
            duration=s.dwell_s,
            windows=(s.window,),
            pin=Pin(van.van_id, 0, pins[s.stop_id], pins[s.stop_id]) if s.stop_id in pins else None,
        )
        for s in stops
    ]
    problem = Problem(t.durations, t.distances, [vehicle], tasks)
    # OR-Tools stops on a number of solutions (tournees.engine.budget), not the clock: the same day whatever the load
    solution = solve(problem, time_limit_s=o.route_time_s, seed=o.seed, engine="ortools", workers=1)
    if solution.unassigned:
        return None
    order = solution.routes[0].task_ids if solution.routes else []
    starts = on_marks(problem, order, pins)
    if any(v % STEP for v in starts.values()):
        return None  # announced times are on 5-minute marks: a day too full for that goes back to the calendar
    return DayRoute(slot=(0, "", 0), order=order, starts=starts, stopped_by_clock=solution.stopped_by_clock)


def route_days(
    t: EpicerieArea,
    o: EpicerieOptions,
    vans: list[tuple[VanSpec, Staff]],
    specs: list[StopSpec],
    cal: CalendarResult,
    cache: dict,
    locked: Mapping[Slot, Mapping[str, int]] | None = None,
) -> tuple[dict[Slot, DayRoute], list[Cut]]:
    """Time every van-day of the calendar; ``locked``: published start times to keep (slot -> stop -> seconds)."""
    locked = locked or {}
    by_id = {s.stop_id: s for s in specs}
    routes: dict[Slot, DayRoute] = {}
    cuts: list[Cut] = []

    def route(v: int, ids: list[str], pins: Mapping[str, int]) -> DayRoute | None:
        key = (v, tuple(ids), tuple(sorted(pins.items())))
        if key not in cache:
            cache[key] = (
                route_day(t, o, vans[v][0], vans[v][1], [by_id[i] for i in ids], pins)
                if ids
                else DayRoute((v, "", 0), [], {})
            )
        return cache[key]

    for v, (van, _) in enumerate(vans):
        for d in van.weekdays:
            k0, k1 = (v, d, 0), (v, d, 1)
            s0 = cal.stops_in(k0)
            s1 = cal.stops_in(k1) if cal.parities == 2 else s0
            r0 = route(v, s0, {s: t for s, t in locked.get(k0, {}).items() if s in s0})
            if r0 is None:
                cuts.append(Cut(((k0, frozenset(s0)),)))
                continue
            routes[k0] = replace(r0, slot=k0)
            if cal.parities == 1:
                continue
            common = set(s0) & set(s1)
            locked1 = {s: t for s, t in locked.get(k1, {}).items() if s in s1}
            r1 = r0 if s1 == s0 else route(v, s1, {**locked1, **{s: r0.starts[s] for s in common}})
            if r1 is None:  # time the other week first and pin this one instead
                r1 = route(v, s1, {})
                r0b = route(v, s0, {s: r1.starts[s] for s in common}) if r1 is not None else None
                if r1 is None or r0b is None:
                    cuts.append(
                        Cut(((k0, frozenset(s0)), (k1, frozenset(s1))))
                        if r1 is not None
                        else Cut(((k1, frozenset(s1)),))
                    )
                    continue
                routes[k0] = replace(r0b, slot=k0)
            routes[k1] = replace(r1, slot=k1)
    return routes, cuts


def on_marks(problem: Problem, order: list[str], pins: Mapping[str, int]) -> dict[str, int]:
    """Service starts of a timed day, each moved to the next 5-minute mark where the day still holds."""
    tasks = {t.id: t for t in problem.tasks}
    van = problem.vehicles[0].id

    def timed(fixed: Mapping[str, int]) -> list | None:
        return timed_steps(
            problem,
            0,
            [replace(tasks[x], pin=Pin(van, 0, fixed[x], fixed[x])) if x in fixed else tasks[x] for x in order],
        )

    fixed = dict(pins)
    for tid in order:
        if tid in fixed:
            continue
        steps = timed(fixed)
        if steps is None:
            break
        start = next(s.start for s in steps if s.task_id == tid)
        trial = {**fixed, tid: -(-start // STEP) * STEP}
        if timed(trial) is None:
            break
        fixed = trial
    steps = timed(fixed)
    assert steps is not None
    return {s.task_id: s.start for s in steps if s.kind == "visit" and s.task_id}

"""Tiny named instances: each one a situation the engine must handle, on a 1-D street.

Places sit on a line every 10 minutes of driving (600 s, 5 km); the depot is place 0.
All times are seconds from Monday 00:00 of the horizon.
"""

from __future__ import annotations

import numpy as np

from tournees.engine import DAY, Break, Pin, Problem, Task, Vehicle

H = 3600


def line(n: int) -> tuple[np.ndarray, np.ndarray]:
    pos = np.arange(n)
    durations = np.abs(pos[:, None] - pos[None, :]) * 600
    return durations, durations * 25 // 3  # 5 km per 600 s


def van(name: str = "TECH-1", day: int = 0, **kw) -> Vehicle:
    base = {"start": 0, "end": 0, "shift_start": day * DAY + 8 * H, "shift_end": day * DAY + 17 * H}
    base.update(kw)
    return Vehicle(id=name, day=day, **base)


def ok_small() -> Problem:
    """Two visits, one van, one day: both served."""
    d, m = line(3)
    return Problem(d, m, [van()], [Task(id="A", location=1, duration=H), Task(id="B", location=2, duration=H)])


def time_window() -> Problem:
    """B may only start between 14:00 and 15:00."""
    d, m = line(3)
    return Problem(d, m, [van()], [Task(id="A", location=1, duration=H), Task(id="B", location=2, duration=H, windows=((14 * H, 15 * H),))])


def several_windows() -> Problem:
    """A's first window (7:00-7:30) cannot be reached; its second (10:00-11:00) can."""
    d, m = line(2)
    return Problem(d, m, [van()], [Task(id="A", location=1, duration=H, windows=((7 * H, 7 * H + 1800), (10 * H, 11 * H)))])


def lunch_break() -> Problem:
    """Seven hours of visits: the 45-minute lunch must start between 12:00 and 13:30."""
    d, m = line(8)
    brk = Break(duration=45 * 60, earliest=12 * H, latest=13 * H + 1800)
    return Problem(d, m, [van(breaks=(brk,))], [Task(id=f"T{i}", location=i, duration=H - 300) for i in range(1, 8)])


def skills() -> Problem:
    """Plumbing needs TECH-2; the locksmith job needs a skill nobody has."""
    d, m = line(3)
    vans = [van("TECH-1", skills=frozenset({"electricite"})), van("TECH-2", skills=frozenset({"plomberie"}))]
    return Problem(d, m, vans, [Task(id="PLOMB", location=1, duration=H, skills=frozenset({"plomberie"})),
                                Task(id="SERRURE", location=2, duration=H, skills=frozenset({"serrurerie"}))])


def max_working_time() -> Problem:
    """A 3-hour working day: only two of the four one-hour visits fit."""
    d, m = line(3)
    return Problem(d, m, [van(max_work=3 * H)], [Task(id=f"T{i}", location=1 + i % 2, duration=H, penalty=1000 + i) for i in range(4)])


def pinned() -> Problem:
    """C is confirmed with TECH-2 on Tuesday at 10:00 ± 30 min, though TECH-1 is closer in time."""
    d, m = line(3)
    vans = [van("TECH-1", day=0), van("TECH-2", day=0), van("TECH-1", day=1), van("TECH-2", day=1)]
    return Problem(d, m, vans, [Task(id="C", location=2, duration=H, pin=Pin.around("TECH-2", 1, DAY + 10 * H, 1800)),
                                Task(id="D", location=1, duration=H)])


def infeasible() -> Problem:
    """Each task fails for its own reason."""
    d, m = line(60)  # place 59 is 9 h 50 away
    tasks = [
        Task(id="WEEKEND", location=1, duration=H, days=frozenset({5})),  # only on Saturday, the van works Monday
        Task(id="DAWN", location=5, duration=H, windows=((8 * H, 8 * H + 600),)),  # 50 min away, must start by 8:10
        Task(id="FAR", location=59, duration=H),  # the round trip alone exceeds the day
        Task(id="HEAVY", location=1, duration=600, demand=50),  # more than the van carries
    ]
    return Problem(d, m, [van(capacity=10)], tasks)


def busy_week(n: int = 30, days: int = 2) -> Problem:
    """More work than time: some visits must wait for next week."""
    d, m = line(12)
    vans = [van(f"TECH-{k}", day=day, breaks=(Break(2700, day * DAY + 12 * H, day * DAY + 13 * H + 1800),)) for k in (1, 2) for day in range(days)]
    tasks = [Task(id=f"R{i:02d}", location=1 + i % 11, duration=H + 600 * (i % 3), penalty=10_000 + 100 * (i % 5),
                  windows=tuple((day * DAY + 8 * H, day * DAY + 17 * H) for day in range(days))) for i in range(n)]
    return Problem(d, m, vans, tasks)


def preferred_technician() -> Problem:
    """Both vans can do both visits; each tenant knows one technician."""
    d, m = line(4)
    vans = [van("TECH-1"), van("TECH-2")]
    tasks = [Task(id="A", location=1, duration=2 * H, preferred="TECH-2"), Task(id="B", location=3, duration=2 * H, preferred="TECH-1")]
    return Problem(d, m, vans, tasks, preference_cost=50_000)


def costly_van() -> Problem:
    """Two vans for one visit; the second costs far more per km."""
    d, m = line(3)
    vans = [van("EXPENSIVE", cost_per_km=100_000), van("CHEAP", cost_per_km=10)]
    return Problem(d, m, vans, [Task(id="A", location=2, duration=H)], travel_cost_per_hour=0)


def two_day_choice() -> Problem:
    """A may come Monday 8:00-9:00 or Tuesday 14:00-15:00; Monday morning the van is held far away by a workshop."""
    d, m = line(8)
    vans = [van("TECH-1", day=0), van("TECH-1", day=1)]
    tasks = [Task(id="A", location=1, duration=H, windows=((8 * H, 9 * H), (DAY + 14 * H, DAY + 15 * H))),
             Task(id="ATELIER", location=5, duration=2 * H, pin=Pin("TECH-1", 0, 9 * H, 9 * H), penalty=10**9)]
    return Problem(d, m, vans, tasks)


def prizes() -> Problem:
    """Two optional visits: one worth its drive, the other (50 min away, worth 10 cents) not."""
    d, m = line(6)
    tasks = [Task(id="WORTH", location=1, duration=600, penalty=100_000), Task(id="NOT", location=5, duration=600, penalty=10)]
    return Problem(d, m, [van()], tasks)


def break_on_the_way() -> Problem:
    """The break must start at 10:00 sharp, in the middle of the 9:30-10:30 drive to B (no wait anywhere)."""
    d, m = line(8)
    brk = Break(duration=1800, earliest=10 * H, latest=10 * H)
    tasks = [Task(id="A", location=1, duration=H, windows=((8 * H + 1800, 8 * H + 1800),)),
             Task(id="B", location=7, duration=600, windows=((11 * H, 11 * H),))]
    return Problem(d, m, [van(breaks=(brk,), shift_start=8 * H, shift_end=20 * H)], tasks)

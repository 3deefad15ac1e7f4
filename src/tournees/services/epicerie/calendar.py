"""Épicerie mobile: the calendar layer (CP-SAT). Which stops, on which weekday, in which weeks.

Slots are (van, weekday, parity): parity 0/1 is the ISO week being even/odd, used only
when a commune is served fortnightly. A weekly stop takes the same weekday in both
parities, a twice-weekly one two weekdays at least two days apart, a fortnightly one a
single (weekday, parity). The day's work is estimated with the savings form of a route
(every stop's return trip from the depot, minus the savings of the stop pairs riding
together, at most two per stop and one fewer than the stops: a 2-matching relaxation of
the day's path), so the model both fits the van's day and groups nearby stops.
The routing layer then times each slot with the engine; a slot it cannot fit comes back
as a cut (not this set of stops together) and the calendar is solved again.

Objective, lexicographic by weights: weighted covered seniors, then the least van
time (driving, and dwell: a stop reaching no one more is not kept), then the communes'
preferred weekdays.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tournees.engine.budget import safety_cap_s
from tournees.model.vocab import WEEKDAYS

COVER_WEIGHT = 10_000_000  # per covered weight unit (×100): above any week of driving in seconds
DAY_OUT_COST = 3_600  # a van day out costs a driver's day: worth an hour of driving, so lone short stops join other days
PREFERRED_BONUS = 900  # per served preferred weekday: worth a quarter of an hour of driving
NEIGHBOURS = 5
MARK_SLACK = 300  # per stop: room to start each stop on a 5-minute mark  # pair variables only between each stop and its nearest candidates


@dataclass(frozen=True)
class StopSpec:
    stop_id: str
    insee_code: str
    location: int  # matrix index
    dwell_s: int
    frequency: str  # hebdo, quinzaine, bihebdo
    weekdays: frozenset[str]  # allowed (commune rules and the vans' days)
    preferred: frozenset[str] = frozenset()
    window: tuple[int, int] = (0, 86_400)  # service may start within (seconds of the day)
    needs_power_ok: bool = True  # has a power socket (for vans that need one)


@dataclass(frozen=True)
class VanSpec:
    van_id: str
    depot: int  # matrix index
    weekdays: tuple[str, ...]
    day_start: int  # seconds of the day the van leaves, loaded
    day_end: int  # seconds of the day it must be back to unload
    lunch_s: int
    needs_power: bool = False


Slot = tuple[int, str, int]  # (van index, weekday, parity)


@dataclass
class CalendarResult:
    slots: dict[str, list[Slot]] = field(default_factory=dict)  # stop id -> the slots it is served in
    parities: int = 1
    optimal: bool = False
    estimated_drive_s: int = 0  # per fortnight when parities == 2, else per week
    stopped_by_clock: bool = False  # the wall-clock safety cap, not the deterministic time, ended the search

    def stops_in(self, slot: Slot) -> list[str]:
        return sorted(s for s, ks in self.slots.items() if slot in ks)


@dataclass(frozen=True)
class Cut:
    """Not all of these together: each part is (slot, stop ids) that the routing could not time."""

    parts: tuple[tuple[Slot, frozenset[str]], ...]


def solve_calendar(stops: Sequence[StopSpec], vans: Sequence[VanSpec], durations: np.ndarray,
                   covers: Iterable[tuple[float, Collection[int]]], *, cuts: Iterable[Cut] = (), force: Collection[str] = (),
                   fixed: Collection[tuple[str, Slot]] = (),
                   max_stops: int | None = None, time_limit_s: float = 10.0, seed: int = 0, workers: int = 4) -> CalendarResult:
    """The best calendar for ``covers`` (per tenant: weight and indices of the stops that serve them)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    parities = 2 if any(s.frequency == "quinzaine" for s in stops) else 1
    D = np.asarray(durations, dtype=np.int64)
    slots: list[Slot] = [(v, d, p) for v, van in enumerate(vans) for d in van.weekdays for p in range(parities)]
    y = [m.NewBoolVar(f"y{j}") for j in range(len(stops))]
    a: dict[tuple[int, Slot], cp_model.IntVar] = {}
    for j, s in enumerate(stops):
        for k in slots:
            van = vans[k[0]]
            back = int(D[van.depot, s.location])
            fits = s.window[0] <= s.window[1] and van.day_start + back <= s.window[1] and \
                max(s.window[0], van.day_start + back) + s.dwell_s + int(D[s.location, van.depot]) <= van.day_end
            if k[1] in s.weekdays and fits and (s.needs_power_ok or not van.needs_power):
                a[j, k] = m.NewBoolVar(f"a{j}_{k}")
        mine = [(k, var) for (jj, k), var in a.items() if jj == j]
        if not mine:
            m.Add(y[j] == 0)
            continue
        if s.frequency == "quinzaine":
            m.Add(sum(var for _, var in mine) == y[j])
            continue
        for (v, d, p), var in mine:
            if p == 1:
                other = a.get((j, (v, d, 0)))
                m.Add(var == (other if other is not None else 0))
            elif parities == 2 and (j, (v, d, 1)) not in a:
                m.Add(var == 0)
        first = [(k, var) for k, var in mine if k[2] == 0]
        m.Add(sum(var for _, var in first) == (2 if s.frequency == "bihebdo" else 1) * y[j])
        per_day: dict[str, list] = {}
        for (_, d, _), var in first:
            per_day.setdefault(d, []).append(var)
        for d, vs in per_day.items():
            m.Add(sum(vs) <= 1)
            if s.frequency == "bihebdo":  # two passes at least two days apart
                after = WEEKDAYS[(WEEKDAYS.index(d) + 1) % 7]
                if after in per_day:
                    m.Add(sum(vs) + sum(per_day[after]) <= 1)
    index = {s.stop_id: j for j, s in enumerate(stops)}
    for stop_id in force:
        m.Add(y[index[stop_id]] == 1)
    for stop_id, slot in fixed:  # a published calendar: the stop keeps its day (and, for fortnightly stops, its weeks)
        if stop_id in index and (index[stop_id], slot) in a:
            m.Add(a[index[stop_id], slot] == 1)
    if max_stops is not None:
        m.Add(sum(y) <= max_stops)

    covered_terms = []
    for n, (weight, idx) in enumerate(covers):
        idx = list(idx)
        if not idx:
            continue
        c = m.NewBoolVar(f"c{n}")
        m.Add(c <= sum(y[j] for j in idx))
        covered_terms.append(int(round(100 * weight)) * c)

    sym = (D + D.T) // 2
    drive_terms, dwell_terms, bonus_terms = [], [], []
    near: set[tuple[int, int]] = set()
    for j, s in enumerate(stops):
        others = sorted((int(sym[s.location, t.location]), i) for i, t in enumerate(stops) if i != j)
        near |= {(min(i, j), max(i, j)) for _, i in others[:NEIGHBOURS]}
    for k in slots:
        van = vans[k[0]]
        here = [(j, a[j, k]) for j in range(len(stops)) if (j, k) in a]
        if not here:
            continue
        used = m.NewBoolVar(f"u{k}")
        for _, var in here:
            m.Add(used >= var)
        round_trip = {j: int(D[van.depot, stops[j].location] + D[stops[j].location, van.depot]) for j, _ in here}
        z, degree = [], {j: [] for j, _ in here}  # type: ignore[var-annotated]
        for i, j in near:
            if (i, k) not in a or (j, k) not in a:
                continue
            li, lj = stops[i].location, stops[j].location
            saving = (round_trip[i] + round_trip[j]) // 2 - int(sym[li, lj])
            if saving <= 0:
                continue
            var = m.NewBoolVar(f"z{i}_{j}_{k}")
            m.Add(var <= a[i, k])
            m.Add(var <= a[j, k])
            z.append((saving, var))
            degree[i].append(var)
            degree[j].append(var)
        for j, var in here:
            if degree[j]:
                m.Add(sum(degree[j]) <= 2 * var)
        if z:
            m.Add(sum(v for _, v in z) <= sum(var for _, var in here) - used)
        drive = sum(round_trip[j] * var for j, var in here) - sum(sav * v for sav, v in z)
        work = sum((stops[j].dwell_s + MARK_SLACK) * var for j, var in here) + drive
        m.Add(work <= van.day_end - van.day_start - van.lunch_s)
        drive_terms.append(drive + DAY_OUT_COST * used)
        dwell_terms.append(sum(stops[j].dwell_s * var for j, var in here))
        bonus_terms += [PREFERRED_BONUS * var for j, var in here if k[1] in stops[j].preferred]
    for cut in cuts:
        vars_ = [a.get((index[sid], slot)) for slot, ids in cut.parts for sid in ids]
        if all(v is not None for v in vars_):
            m.Add(sum(vars_) <= len(vars_) - 1)  # type: ignore[arg-type]

    # The van's hours on site count too: a stop that reaches no one more is not worth its dwell.
    m.Maximize(COVER_WEIGHT * sum(covered_terms) - sum(drive_terms) - sum(dwell_terms) + sum(bonus_terms))
    solver = cp_model.CpSolver()
    # Deterministic: the search stops on CP-SAT's deterministic time (a measure of work), so the same input and seed
    # give the same calendar whatever the machine's load; the wall clock is only a safety cap far above it.
    solver.parameters.max_deterministic_time = time_limit_s
    solver.parameters.max_time_in_seconds = safety_cap_s(time_limit_s)
    solver.parameters.interleave_search = True
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CalendarResult(parities=parities)
    result = CalendarResult(parities=parities, optimal=status == cp_model.OPTIMAL,
                            estimated_drive_s=int(sum(solver.Value(t) for t in drive_terms)) if drive_terms else 0,
                            stopped_by_clock=status != cp_model.OPTIMAL and solver.wall_time >= safety_cap_s(time_limit_s))
    for (j, k), var in sorted(a.items(), key=lambda kv: (kv[0][0], kv[0][1][0], WEEKDAYS.index(kv[0][1][1]), kv[0][1][2])):
        if solver.Value(var):
            result.slots.setdefault(stops[j].stop_id, []).append(k)
    return result

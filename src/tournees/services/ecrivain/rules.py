"""Écrivain numérique rules (fiche 10): how each tenant travels to a session, regular sessions
week to week, and writer days without hours of waiting.

Travel rule per mobility (documented in the README):

- ``autonome`` with a car: drives, car time on the road network, at most ``limit`` minutes;
- ``autonome`` without a car: walks on the walking network at ``walk_speed_mps``, at most
  ``limit`` minutes of walking;
- ``aide`` (travels with help): driven by the helper, car time;
- ``fauteuil`` (wheelchair): driven (adapted transport), car time, and only to a venue
  marked ``accessible``;
- ``domicile`` (housebound): never to a venue; a home visit only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from tournees.calendar import weekday_code
from tournees.engine import Problem, Solution
from tournees.engine.schedule import timed_steps
from tournees.model import PlanningRun, PlanSession, Tenant, Venue
from tournees.services.ecrivain.params import MOBILITY_LIMIT_MIN

RETIME_STEP_S = 300  # the writer's day start is searched on 5-minute steps


@dataclass(frozen=True)
class Trip:
    """How a tenant goes to a venue: ``mode`` (voiture, pied), seconds, and whether it is allowed."""

    mode: str
    seconds: int
    allowed: bool


def trip(
    tenant: Tenant, venue: Venue, drive_s: int, walk_m: int, *, walk_speed_mps: float, limit_min: int | None
) -> Trip:
    """The trip of ``tenant`` to ``venue`` by the travel rule of their mobility (see the module text)."""
    limit = 60 * (limit_min or MOBILITY_LIMIT_MIN.get(tenant.mobility, 20))
    if tenant.mobility == "domicile":
        return Trip("aucun", 0, False)
    if tenant.mobility == "autonome" and not tenant.has_car:
        seconds = int(round(walk_m / walk_speed_mps))
        return Trip("pied", seconds, seconds <= limit)
    if tenant.mobility == "fauteuil" and not venue.accessible:
        return Trip("voiture", drive_s, False)
    return Trip("voiture", drive_s, drive_s <= limit)


def previous_sessions(
    runs: Sequence[PlanningRun],
    sessions: Sequence[PlanSession],
    monday: dt.date,
) -> set[tuple[str, str, str, dt.time]]:
    """(writer, venue, weekday, start time) of the sessions of the latest écrivain plan of an earlier week."""
    earlier = [r for r in runs if r.service == "ecrivain" and r.horizon_start < monday]
    if not earlier:
        return set()
    latest_week = max(r.horizon_start for r in earlier)
    last = max((r for r in earlier if r.horizon_start == latest_week), key=lambda r: (r.created_at, r.run_id))
    return {
        (s.staff_id, s.venue_id, weekday_code(s.start.date()), s.start.time())
        for s in sessions
        if s.run_id == last.run_id
    }


def start_days_late(problem: Problem, solution: Solution) -> None:
    """Start each writer day as late as its visits allow (same order, never ending later): a day of
    afternoon visits does not start at 8:30, and a morning round ends near lunch instead of leaving
    the writer waiting at a tenant's home. Vehicles and routes are changed in place."""
    vehicles = list(problem.vehicles)
    for route in solution.routes:
        v = vehicles[route.vehicle]
        tasks = {t.id: t for t in problem.tasks}
        order = [tasks[t] for t in route.task_ids]
        end = route.steps[-1].arrival
        best = None
        start = v.shift_start + RETIME_STEP_S
        while start < end:
            breaks = tuple(replace(b, earliest=max(b.earliest, start)) for b in v.breaks if b.latest >= start)
            trial = replace(v, shift_start=start, breaks=breaks)
            vehicles[route.vehicle] = trial
            problem.vehicles = vehicles
            steps = timed_steps(problem, route.vehicle, order)
            if steps is None or steps[-1].arrival > end:
                break
            best = (trial, steps)
            start += RETIME_STEP_S
        vehicles[route.vehicle] = best[0] if best else v
        problem.vehicles = vehicles
        if best:
            route.steps = best[1]


def idle_at_homes(problem: Problem, solution: Solution, homes: set[str]) -> list[tuple[str, int]]:
    """(task id, seconds) of the writer staying idle at a tenant's home after a visit (not travelling, not at lunch)."""
    found = []
    D = problem.durations
    for route in solution.routes:
        steps = route.steps
        for k, st in enumerate(steps[:-1]):
            if st.kind != "visit" or st.task_id not in homes:
                continue
            nxt = steps[k + 1]
            drive = 0 if nxt.location is None else int(D[st.location, nxt.location])
            idle = nxt.start - st.end - drive if nxt.kind == "break" else nxt.arrival - st.end - drive
            found.append((st.task_id, max(0, idle)))
    return found


def as_array(matrix: object) -> np.ndarray:
    return np.asarray(matrix, dtype=np.int64)

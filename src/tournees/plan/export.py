"""Writing and checking plan folders in the shared format (``shared/PLAN_EXPORT.md``).

``visits.csv`` (every step of every route), ``unassigned.csv`` (every task left out,
with its reason) and ``plan.json`` (the same with metadata, KPIs and, for checks,
the travel matrix between the places used). :func:`check_plan_folder` re-reads a
folder, possibly edited by hand in a spreadsheet, and lists every broken rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees import __version__
from tournees.engine import Problem, Solution, Step
from tournees.plan.staging import pause_hook

FORMAT_VERSION = "1.0"
VISIT_COLUMNS = ["service", "resource_id", "date", "seq", "kind", "task_id", "location_id", "lat", "lon", "arrival", "start", "end",
                 "departure", "window_start", "window_end", "slot_start", "slot_end", "travel_s_from_prev", "distance_m_from_prev", "pinned"]
UNASSIGNED_COLUMNS = ["service", "task_id", "reason_code", "reason"]


@dataclass
class PlanContext:
    """What turns engine integers into a readable plan: dates, place ids and coordinates, slots."""

    service: str
    day0: dt.date  # the date of day index 0
    location_ids: list[str]  # per matrix index
    coords: list[tuple[float, float]]  # (lat, lon) per matrix index
    slots: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # task id -> announced (start, end), absolute seconds
    task_kind: str = "visit"  # what a served task is called in visits.csv
    task_kinds: Mapping[str, str] = field(default_factory=dict)  # exceptions by task id ("session" for écrivain sessions)
    days: list[dt.date] | None = None  # the date of each engine day when they are not consecutive (holidays)

    def _date(self, day: int) -> dt.date:
        if self.days is not None and 0 <= day < len(self.days):
            return self.days[day]
        return self.day0 + dt.timedelta(days=day)

    def when(self, seconds: int) -> str:
        day, rest = divmod(int(seconds), 86_400)
        stamp = dt.datetime.combine(self._date(day), dt.time()) + dt.timedelta(seconds=rest)
        return stamp.isoformat(timespec="seconds")

    def date_of(self, day: int) -> str:
        return self._date(day).isoformat()


@dataclass(frozen=True)
class _Leg:
    """A row's share of the drive between two places: where it is, when it arrives, driving since the previous row."""

    place: int | None  # matrix index; None on the road
    share: float  # of the leg driven once there (0 at the place left, 1 at the next)
    arrival: int
    travel_s: int


def _legs(problem: Problem, steps: Sequence[Step]) -> dict[int, _Leg]:
    """By step index, the rows of a route between two places when breaks are taken between them.

    Driving goes on as early as it can (the engine's rule, ``engine/schedule.py``): a break that
    starts once the drive is done is taken at the next place, waiting there (that place's row then
    arrives when the break ends, with no driving left); one that starts on leaving is taken at
    the place left; any other is a stop on the road, the drive split at it.
    """
    out: dict[int, _Leg] = {}
    places = [k for k, st in enumerate(steps) if st.kind != "break" and st.location is not None]
    for a, b in zip(places, places[1:], strict=False):
        if b == a + 1:
            continue
        left, target = steps[a].location, steps[b].location
        drive = int(problem.durations[left, target])  # type: ignore[index]
        clock, driven = steps[a].departure, 0
        for k in range(a + 1, b):
            can = max(0, steps[k].start - clock)
            if driven >= drive:  # already there (or no drive at all)
                out[k] = _Leg(target, 1.0, clock, 0)
            elif driven + can >= drive:
                out[k] = _Leg(target, 1.0, clock + drive - driven, drive - driven)
                driven = drive
            elif driven == 0 and can == 0:
                out[k] = _Leg(left, 0.0, steps[k].start, 0)
            else:
                driven += can
                out[k] = _Leg(None, driven / drive, steps[k].start, can)
            clock = steps[k].end
        arrival = max(steps[b].arrival, clock) if driven >= drive else steps[b].arrival
        out[b] = _Leg(target, 1.0, arrival, drive - driven)
    return out


def plan_rows(problem: Problem, solution: Solution, ctx: PlanContext) -> list[dict[str, Any]]:
    """One dict per row of visits.csv, in the order things happen (``shared/PLAN_EXPORT.md``, « Breaks »).

    A break row carries the place where it is taken and the driving done since the previous row,
    so that no row arrives before the previous row's departure plus its travel: at the next place
    (waiting there), at the place left, or on the road (no place id; its position estimated on
    the straight line between the two places, in proportion of the drive done).
    """
    tasks = {t.id: t for t in problem.tasks}
    rows: list[dict[str, Any]] = []
    for route in sorted(solution.routes, key=lambda r: (problem.vehicles[r.vehicle].day, problem.vehicles[r.vehicle].id)):
        v = problem.vehicles[route.vehicle]
        legs = _legs(problem, route.steps)
        last_loc, share_done = None, 0.0
        for seq, step in enumerate(route.steps):
            leg = legs.get(seq)
            place = leg.place if leg else step.location
            arrival = leg.arrival if leg else step.arrival
            travel = dist = 0
            nxt = next((s.location for s in route.steps[seq:] if s.kind != "break" and s.location is not None), None)
            if last_loc is not None and nxt is not None:
                share = leg.share if leg else 1.0
                travel = leg.travel_s if leg else int(problem.durations[last_loc, nxt])
                whole = int(problem.distances[last_loc, nxt])
                dist = round(whole * share) - round(whole * share_done)
                share_done = share
            lat: float | str = ""
            lon: float | str = ""
            if place is not None:
                lat, lon = ctx.coords[place]
            elif last_loc is not None and nxt is not None and leg is not None:  # on the road
                (a_lat, a_lon), (b_lat, b_lon) = ctx.coords[last_loc], ctx.coords[nxt]
                lat, lon = round(a_lat + (b_lat - a_lat) * leg.share, 6), round(a_lon + (b_lon - a_lon) * leg.share, 6)
            window: tuple[int, int] | None = None
            slot = None
            pinned = 0
            if step.kind in ("start", "end"):
                window = (v.shift_start, v.shift_end)
            elif step.kind == "break":
                brk = next((b for b in v.breaks if b.earliest <= step.start <= b.latest), None)
                window = (brk.earliest, brk.latest + brk.duration) if brk else None
            elif step.task_id in tasks:
                task = tasks[step.task_id]
                window = next(((a, min(b + task.duration, v.shift_end)) for a, b in problem.windows_on(task, v) if a <= step.start <= b), None)
                slot = ctx.slots.get(task.id)
                pinned = int(task.pin is not None)
            rows.append({
                "service": ctx.service, "resource_id": v.id, "date": ctx.date_of(v.day), "seq": seq,
                "kind": ctx.task_kinds.get(step.task_id or "", ctx.task_kind) if step.kind == "visit" else step.kind,
                "task_id": step.task_id or "",
                "location_id": ctx.location_ids[place] if place is not None else "", "lat": lat, "lon": lon,
                "arrival": ctx.when(arrival), "start": ctx.when(step.start), "end": ctx.when(step.end),
                "departure": ctx.when(step.departure),
                "window_start": ctx.when(window[0]) if window else "", "window_end": ctx.when(window[1]) if window else "",
                "slot_start": ctx.when(slot[0]) if slot else "", "slot_end": ctx.when(slot[1]) if slot else "",
                "travel_s_from_prev": travel, "distance_m_from_prev": dist, "pinned": pinned,
            })
            if step.kind != "break" and step.location is not None:
                last_loc, share_done = step.location, 0.0
    return rows


def kpis(problem: Problem, solution: Solution) -> dict[str, Any]:
    secs, metres = solution.travel(problem)
    by_reason: dict[str, int] = {}
    for u in solution.unassigned:
        by_reason[u.reason_code] = by_reason.get(u.reason_code, 0) + 1
    return {"tasks_served": sum(len(r.task_ids) for r in solution.routes), "tasks_left_out": len(solution.unassigned),
            "left_out_by_reason": by_reason, "driving_time_s": secs, "driving_distance_m": metres, "routes": len(solution.routes),
            "estimated_travel_times": problem.estimated}


def write_plan(folder: str | Path, problem: Problem, solution: Solution, ctx: PlanContext, *,
               meta: Mapping[str, Any] | None = None, extra_kpis: Mapping[str, Any] | None = None,
               kept_rows: list[dict[str, Any]] | None = None) -> Path:
    """Write visits.csv, unassigned.csv and plan.json into ``folder``.

    ``kept_rows`` are steps kept unchanged from an earlier plan (days already worked when
    re-planning); they come first, as they were.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rows = [*(kept_rows or []), *plan_rows(problem, solution, ctx)]
    with (out / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    left = [{"service": ctx.service, "task_id": u.task_id, "reason_code": u.reason_code, "reason": u.reason} for u in solution.unassigned]
    with (out / "unassigned.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=UNASSIGNED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(left)
    used = sorted({s.location for r in solution.routes for s in r.steps if s.location is not None}
                  | {t.location for t in problem.tasks} | {x for v in problem.vehicles for x in (v.start, v.end)})
    days = sorted({v.day for v in problem.vehicles})
    document = {
        "format_version": FORMAT_VERSION,
        "service": ctx.service,
        "horizon": {"start": ctx.date_of(days[0]) if days else ctx.day0.isoformat(), "end": ctx.date_of(days[-1]) if days else ctx.day0.isoformat()},
        # stopped_by_clock: the wall-clock safety cap, not the work budget, ended a search (tournees.engine.budget)
        "engine": {"name": "tournees", "version": __version__, "solver": solution.engine, "stopped_by_clock": solution.stopped_by_clock},
        "seed": solution.seed,
        "run_time_s": solution.runtime_s,
        **dict(meta or {}),
        "kpis": {**kpis(problem, solution), **dict(extra_kpis or {})},
        "resources": [{"resource_id": v.id, "date": ctx.date_of(v.day), "shift_start": ctx.when(v.shift_start), "shift_end": ctx.when(v.shift_end),
                       "breaks": [{"duration_s": b.duration, "earliest": ctx.when(b.earliest), "latest": ctx.when(b.latest)} for b in v.breaks],
                       "max_work_s": v.max_work, "skills": sorted(v.skills)} for v in problem.vehicles],
        "tasks": [{"task_id": t.id, "location_id": ctx.location_ids[t.location], "service_s": t.duration, "skills": sorted(t.skills),
                   "pinned": t.pin is not None,
                   # windows in which service may start, for re-timing a hand-edited plan (``tournees retime``)
                   "windows": [[ctx.when(a), ctx.when(b)] for a, b in t.windows]} for t in problem.tasks],
        "visits": rows,
        "unassigned": left,
        "matrix": {"location_ids": [ctx.location_ids[i] for i in used],
                   "durations_s": problem.durations[used][:, used].tolist(), "distances_m": problem.distances[used][:, used].tolist()},
    }
    (out / "plan.json").write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    pause_hook("plan.json")
    return out

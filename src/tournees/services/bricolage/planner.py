"""Bricol'âge (fiche 7): weekly home-intervention rounds with announced slots.

Requests become engine tasks on the Orléans road network: duration and skill from the
intervention catalogue, days and half-days from the tenant's availability, the sector's
planned pass for requests that can wait, urgent ones within two working days, the
technician the tenant already knows where possible, and a value for being served that
grows with priority and waiting time. Workshops are fixed into their day. Each visit
gets a slot to announce (2 h by default) that still holds if the day runs late by the
stated margin. Re-planning keeps confirmed appointments in their announced slots.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.engine import DAY, LeftOut, Pin, Problem, Solution, Task, Vehicle, check, solve
from tournees.engine.objective import plan_cost
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import (
    Activity,
    BricolageRequest,
    Depot,
    InterventionType,
    PlanningRun,
    PlanStep,
    Residence,
    Sector,
    Staff,
    Tenant,
    Venue,
    Workshop,
)
from tournees.model import Vehicle as VehicleRecord
from tournees.plan import PlanContext, write_plan
from tournees.plan.staging import when_complete
from tournees.services.availability import Absences
from tournees.services.bricolage.moves import moves_between, row_of
from tournees.services.bricolage.params import BricolageOptions
from tournees.services.bricolage.rules import (
    availability,
    daily_work_limits,
    fill_short_days,
    keep_announced,
    late_flags,
    make_room,
    reason_with_next_pass,
    sector_pass_days,
    span_limit,
    urgent_deadline,
)
from tournees.services.common import (
    Horizon,
    Places,
    announced_slot,
    fingerprint,
    seconds,
    staff_vehicles,
    store_run,
)
from tournees.services.shared_staff import Taken, leave_free, worked_elsewhere
from tournees.settings import Settings

log = logging.getLogger(__name__)
# Penalty tiers (cents of objective) so that, whatever the waiting time, an urgent request outranks
# a request already announced to its tenant, which outranks a newer non-urgent one (fiche 7 fairness).
PLANNED_TIER = 5_000_000
URGENT_TIER = 50_000_000
# The time limit covers the whole plan: when requests held to their deadline or pass day may have to be offered
# every day, the first solve gets this share of it and the second (warm-started from the first) the rest.
FIRST_SOLVE_SHARE = 0.65


@dataclass
class BricolagePlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    horizon: Horizon
    kpis: dict[str, Any]
    moves: list[dict[str, str]] = field(default_factory=list)
    run_id: str | None = None
    kept_rows: list[dict[str, Any]] = field(default_factory=list)  # days before a re-plan, as they were


class BricolagePlanner:
    """Builds and solves the week of one bricol'âge service from a database."""

    def __init__(self, db: Database, settings: Settings, options: BricolageOptions | None = None) -> None:
        self.db, self.settings = db, settings
        self.options = options or BricolageOptions()

    # --- inputs -----------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        db = self.db
        return {
            "staff": [s for s in db.load(Staff) if s.service == "bricolage"],
            "depots": {d.depot_id: d for d in db.load(Depot)},
            "types": {t.type_id: t for t in db.load(InterventionType)},
            "tenants": {t.tenant_id: t for t in db.load(Tenant)},
            "residences": {r.residence_id: r for r in db.load(Residence)},
            "sectors": {s.sector_id: s for s in db.load(Sector)},
            "venues": {v.venue_id: v for v in db.load(Venue)},
            "workshops": db.load(Workshop),
            "requests": [r for r in db.load(BricolageRequest) if r.status in ("received", "planned", "confirmed")],
            "history": [a for a in db.load(Activity) if a.service == "bricolage" and a.outcome == "done" and a.staff_id],
            "km_cost": {v.vehicle_id: v.cost_per_km_eur for v in db.load(VehicleRecord)},
            "absences": Absences.of(db),
        }

    def build(self, monday: dt.date, *, from_day: dt.date | None = None, pins: dict[str, tuple[str, dt.date, int, int]] | None = None,
              relax: frozenset[str] = frozenset(), exclude: frozenset[str] = frozenset(),
              announced: dict[str, dt.date] | None = None, worked_s: dict[str, int] | None = None,
              moved: frozenset[str] = frozenset(), taken: tuple[Taken, ...] = (),
              ) -> tuple[Problem, PlanContext, Horizon, list[LeftOut], list[Any]]:
        """The engine problem of the week (from ``from_day`` on), and the requests left out before solving.

        ``relax``: requests offered every day they can (their urgent deadline or sector pass did not
        fit); ``announced``: requests already announced to their tenant (not bumped by newer
        non-urgent ones, kept on their announced day); ``worked_s``: working time already done this week, per technician;
        ``moved``: confirmed appointments whose technician is now away (any day, ranked as confirmed ones);
        ``taken``: the time other landlords' published plans hold shared technicians (:mod:`..shared_staff`)."""
        data = self._load()
        opts = self.options
        horizon = Horizon.week(monday)
        if from_day is not None:
            horizon = Horizon([d for d in horizon.days if d >= from_day])
        if not horizon.days:
            raise ValidationError(t("err_no_workday", self.settings.lang, monday=monday.isoformat()))
        if not data["staff"]:
            raise ValidationError(t("err_no_staff", self.settings.lang, service="bricolage"))
        places = Places()
        days = leave_free(staff_vehicles(data["staff"], data["depots"], places, horizon, data["km_cost"], data["absences"]),
                          taken, horizon)
        elsewhere = worked_elsewhere(taken)
        worked = {k: (worked_s or {}).get(k, 0) + elsewhere.get(k, 0) for k in {*(worked_s or {}), *elsewhere}}
        vehicles = self._weekly_limited(days, data["staff"], worked)
        people = {p.staff_id: p for p in data["staff"]}
        self._restricted: set[str] = set()  # offered on their sector's pass day only in this build
        self._where: dict[str, tuple[Sector | None, tuple[str, ...]]] = {}
        tasks: list[Task] = []
        left: list[LeftOut] = []
        slots_window: dict[str, tuple[int, int] | None] = {}
        for shop in data["workshops"]:
            d = horizon.index(shop.on)
            if d is None:
                continue
            venue = data["venues"][shop.venue_id]
            loc = places.add(venue.venue_id, venue.lat, venue.lon)
            leader = people.get(shop.staff_id)
            if data["absences"].absent_during((shop.staff_id, leader.vehicle_id if leader else None),
                                              dt.datetime.combine(shop.on, shop.start), dt.datetime.combine(shop.on, shop.end)):
                left.append(LeftOut(shop.workshop_id, "staff_absent",
                                    t("absence_workshop", self.settings.lang, who=shop.staff_id, date=shop.on.isoformat())))
                continue
            start = horizon.at(d, shop.start)
            tasks.append(Task(id=shop.workshop_id, location=loc, duration=seconds(shop.end) - seconds(shop.start),
                              pin=Pin(shop.staff_id, d, start, start), penalty=10**9))
        last_tech: dict[str, str] = {}
        for act in sorted(data["history"], key=lambda a: a.on):
            last_tech[act.tenant_id] = act.staff_id  # type: ignore[assignment]
        pins = pins or {}
        announced = announced or {}
        first_day = horizon.days[0]
        for req in sorted(data["requests"], key=lambda r: r.request_id):
            if req.request_id in exclude:
                continue  # already served on a day that is not re-planned
            tenant = data["tenants"][req.tenant_id]
            res = data["residences"][tenant.residence_id]
            if res.lat is None or res.lon is None:
                left.append(LeftOut(req.request_id, "no_location", f"La résidence {res.residence_id} n'a pas de coordonnées : géocodez son adresse."))
                continue
            kind = data["types"][req.type_id]
            service = (req.duration_min or kind.duration_min) * 60
            loc = places.add(res.residence_id, res.lat, res.lon)
            waiting = max(0, (first_day - req.received_on).days)
            penalty = int(opts.priority_weight[req.priority] * (1 + min(waiting, 60) / 14) * 10_000)
            if req.due_on is not None and req.due_on <= horizon.days[-1]:
                penalty = int(penalty * 1.5)
            if req.priority == "urgent" or req.request_id in pins or req.request_id in moved:  # confirmed outranks urgent
                penalty += URGENT_TIER
            elif req.request_id in announced:
                penalty += PLANNED_TIER
            pin = None
            if req.request_id in pins:
                staff_id, day, a, b = pins[req.request_id]
                d = horizon.index(day)
                if d is not None:
                    pin = Pin(staff_id, d, horizon.at(d, a), horizon.at(d, b))
            sector = data["sectors"].get(res.sector_id or "")
            self._where[req.request_id] = (sector, req.availability)
            allowed = [d for d, day in enumerate(horizon.days) if availability(req.availability, day) and day >= req.received_on]
            told = horizon.index(announced[req.request_id]) if req.request_id in announced else None
            if pin is None and told in allowed:  # the day announced to the tenant stands
                allowed = [told]  # type: ignore[list-item]
            elif pin is None and req.request_id not in relax and req.request_id not in announced:
                if req.priority == "urgent":  # within N working days of receipt; overdue ones as soon as possible
                    deadline = urgent_deadline(req, opts.urgent_within_days)
                    allowed = [d for d in allowed if horizon.days[d] <= deadline] or allowed
                else:  # the sector's pass day first when the tenant is available that day
                    on_pass = [d for d in allowed if d in (sector_pass_days(sector, horizon) or [])]
                    if on_pass:
                        allowed = on_pass
                        self._restricted.add(req.request_id)
            windows = []
            for d in allowed:
                for opens, closes in availability(req.availability, horizon.days[d]) or []:
                    end = horizon.at(d, closes) - (service if closes < dt.time(23) else 0)
                    windows.append((horizon.at(d, opens), max(horizon.at(d, opens), end)))
            if not windows:
                left.append(LeftOut(req.request_id, "no_day_available",
                                    "Aucun jour travaillé de la semaine ne correspond aux disponibilités du locataire."))
                continue
            slots_window[req.request_id] = windows[0] if len(windows) == 1 else None
            tasks.append(Task(id=req.request_id, location=loc, duration=service, windows=tuple(windows), days=frozenset(allowed),
                              skills=frozenset({kind.skill}), penalty=penalty, pin=pin,
                              preferred=req.preferred_staff_id or last_tech.get(req.tenant_id)))
        durations, distances, estimated = places.matrix(self.settings)
        problem = Problem(durations, distances, vehicles, tasks, travel_cost_per_hour=opts.travel_cost_per_hour,
                          preference_cost=opts.same_technician_cost, estimated=bool(estimated))
        ctx = PlanContext("bricolage", horizon.days[0], places.ids, places.coords, days=horizon.days)
        return problem, ctx, horizon, left, [*data["requests"], *data["staff"], *data["workshops"], *data["absences"].records()]

    # --- solving ----------------------------------------------------------------------

    def _solve(self, problem: Problem, progress: Callable[[float, int], None] | None,
               initial: dict[tuple[str, int], list[str]] | None, share: float) -> Solution:
        o = self.options
        return solve(problem, time_limit_s=o.time_limit_s * share, seed=o.seed, workers=o.workers, progress=progress,
                     initial=initial)

    def _weekly_limited(self, vehicles: list[Vehicle], staff: list[Staff], worked_s: dict[str, int]) -> list[Vehicle]:
        """Each technician's days capped so that the week stays within their ``weekly_hours``."""
        people = {p.staff_id: p for p in staff}
        days: dict[str, list[int]] = {}
        for v in vehicles:
            days.setdefault(v.id, []).append(v.day)
        limits = {pid: daily_work_limits(people[pid], ds, worked_s.get(pid, 0)) for pid, ds in days.items()}
        return [replace(v, max_work=span_limit(v, limits[v.id][v.day])) for v in vehicles]

    def plan(self, monday: dt.date, *, from_day: dt.date | None = None, pins: dict[str, tuple[str, dt.date, int, int]] | None = None,
             exclude: frozenset[str] = frozenset(), progress: Callable[[float, int], None] | None = None,
             previous: dict[tuple[str, dt.date], list[str]] | None = None, announced: dict[str, dt.date] | None = None,
             worked_s: dict[str, int] | None = None, moved: frozenset[str] = frozenset(),
             taken: tuple[Taken, ...] = ()) -> BricolagePlan:
        """The best week found, with slots, reasons and KPIs (``previous``: an earlier plan to start from).

        Urgent requests are first offered the days up to their deadline, other requests their
        sector's pass day when the tenant is available then; those that do not fit there are
        offered every day they can in a second solve started from the first plan."""
        kw = {"from_day": from_day, "pins": pins, "exclude": exclude, "announced": announced, "worked_s": worked_s, "moved": moved,
              "taken": taken}
        problem, ctx, horizon, left, inputs = self.build(monday, **kw)  # type: ignore[arg-type]
        initial = None
        if previous is not None:
            initial = {(res, d): tasks for (res, day), tasks in previous.items() if (d := horizon.index(day)) is not None}
        urgent = {r.request_id for r in self.db.load(BricolageRequest) if r.priority == "urgent"}
        may_relax = any(t.id in urgent or t.id in self._restricted for t in problem.tasks)
        solution = self._solve(problem, progress, initial, FIRST_SOLVE_SHARE if may_relax else 1.0)
        relax = {u.task_id for u in solution.unassigned if u.task_id in urgent or u.task_id in self._restricted}
        if relax:  # no room by the deadline or on the pass day: another day rather than not at all
            log.info("%d demande(s) sans place à leur date de préférence : nouvel essai sur toute la semaine", len(relax))
            first = {(problem.vehicles[r.vehicle].id, problem.vehicles[r.vehicle].day): r.task_ids for r in solution.routes}
            problem, ctx, horizon, left, inputs = self.build(monday, relax=frozenset(relax), **kw)  # type: ignore[arg-type]
            solution = self._solve(problem, progress, first, 1 - FIRST_SOLVE_SHARE)
        fill_short_days(problem, solution)
        if make_room(problem, solution):  # a request traded for left-out ones worth more
            fill_short_days(problem, solution)  # the one taken out may fit elsewhere
        if announced:
            others = {t.id for t in problem.tasks if t.id not in urgent and t.id not in announced and t.pin is None}
            if keep_announced(problem, solution, frozenset(announced), frozenset(others), initial or {}):
                fill_short_days(problem, solution)  # a request that gave its place may fit elsewhere
        solution.objective = plan_cost(problem, solution.routes)  # the plan's, after these moves
        solution.unassigned = [reason_with_next_pass(u, *self._where[u.task_id], horizon.days[-1]) if u.task_id in self._where else u
                               for u in [*solution.unassigned, *left]]
        ctx.slots = self._slots(problem, solution)
        plan = BricolagePlan(problem, solution, ctx, horizon, {})
        plan.kpis = self._kpis(plan)
        self.fingerprint = fingerprint(inputs)
        return plan

    def _slots(self, problem: Problem, solution: Solution) -> dict[str, tuple[int, int]]:
        o = self.options
        tasks = {t.id: t for t in problem.tasks}
        slots = {}
        for route in solution.routes:
            v = problem.vehicles[route.vehicle]
            for step in route.steps:
                task = tasks.get(step.task_id or "")
                if step.kind != "visit" or task is None:
                    continue
                if task.pin is not None:
                    slots[task.id] = (task.pin.earliest, task.pin.latest) if task.pin.latest > task.pin.earliest else (step.start, step.end)
                    continue
                window = next(((a, b) for a, b in problem.windows_on(task, v) if a <= step.start <= b), None)
                slots[task.id] = announced_slot(step.start, length=int(o.slot_hours * 3600), late_margin=o.late_margin_min * 60, window=window,
                                                shift=(v.shift_start, v.shift_end))
        return slots

    def _kpis(self, plan: BricolagePlan) -> dict[str, Any]:
        problem, solution, horizon = plan.problem, plan.solution, plan.horizon
        requests = {r.request_id: r for r in self.db.load(BricolageRequest)}
        leads = []
        busy: dict[str, int] = {}
        shift: dict[str, int] = {}
        margin_ok = True
        for v in problem.vehicles:
            shift[v.id] = shift.get(v.id, 0) + v.shift_end - v.shift_start
        for route in solution.routes:
            v = problem.vehicles[route.vehicle]
            busy[v.id] = busy.get(v.id, 0) + route.steps[-1].arrival - route.steps[0].departure
            delay_end = route.steps[-1].arrival + self.options.late_margin_min * 60
            margin_ok &= delay_end <= v.shift_end + self.options.late_margin_min * 60
            for step in route.steps:
                if step.kind == "visit" and step.task_id in requests:
                    day = horizon.days[step.start // DAY]
                    leads.append((day - requests[step.task_id].received_on).days)
        secs, metres = solution.travel(problem)
        by_reason: dict[str, int] = {}
        for u in solution.unassigned:
            by_reason[u.reason_code] = by_reason.get(u.reason_code, 0) + 1
        served = [t for r in solution.routes for t in r.task_ids if t in requests]
        planned = {t: horizon.days[problem.vehicles[r.vehicle].day] for r in solution.routes for t in r.task_ids}
        active = [r for r in requests.values() if r.status in ("received", "planned", "confirmed") or r.request_id in planned]
        flags = late_flags(active, planned, horizon, self.options.urgent_within_days)
        types = {t.type_id: t for t in self.db.load(InterventionType)}
        tariffs = {t: types[requests[t].type_id].tariff_eur for t in served}
        return {
            "late_requests": [f.as_row() for f in flags],
            "urgent_overdue": sum(1 for f in flags if f.flag == "urgent_overdue"),
            "past_due": sum(1 for f in flags if f.flag == "past_due"),
            "tariff_eur_by_request": tariffs, "amount_collected_eur": round(sum(tariffs.values()), 2),
            "request_processing_h": self.options.request_processing_h,
            "processing_staff_hours": round(self.options.request_processing_h * len(served), 1),
            "requests_served": len(served), "requests_left_out": sum(1 for u in solution.unassigned if u.task_id in requests),
            "left_out_by_reason": by_reason, "driving_time_s": secs, "driving_distance_m": metres,
            "lead_time_days_mean": round(sum(leads) / len(leads), 1) if leads else None, "lead_time_days_max": max(leads) if leads else None,
            "utilisation_pct": {k: round(100 * busy.get(k, 0) / shift[k], 1) for k in sorted(shift)},
            "slot_hours": self.options.slot_hours, "late_margin_min": self.options.late_margin_min,
        }

    # --- outputs ----------------------------------------------------------------------

    def confirm(self, plan: BricolagePlan, *, until: dt.date | None = None) -> int:
        """Mark the plan's visits (up to ``until``) as confirmed appointments; return how many."""
        chosen = set()
        for route in plan.solution.routes:
            v = plan.problem.vehicles[route.vehicle]
            if until is None or plan.horizon.days[v.day] <= until:
                chosen.update(route.task_ids)
        return self._set_status(chosen, "confirmed")

    def _set_status(self, request_ids: set[str], status: str) -> int:
        changed = [replace(r, status=status) for r in self.db.load(BricolageRequest) if r.request_id in request_ids and r.status != status]
        with self.db.session() as session:
            for req in changed:
                session.merge(req)
        return len(changed)

    def write(self, plan: BricolagePlan, out: str | Path, *, week_label: str, store: bool = True) -> Path:
        meta = {"week": week_label, "settings": asdict(self.options), "inputs_fingerprint": getattr(self, "fingerprint", "")}
        folder = write_plan(out, plan.problem, plan.solution, plan.context, meta=meta, extra_kpis=plan.kpis, kept_rows=plan.kept_rows)
        if plan.moves:
            import csv

            with (Path(out) / "moves.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(plan.moves[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(plan.moves)
        if store:
            def record() -> None:
                served = {t for r in plan.solution.routes for t in r.task_ids}
                still = {r.request_id for r in self.db.load(BricolageRequest) if r.request_id in served and r.status == "received"}
                self._set_status(still, "planned")
                plan.run_id = store_run(self.db, service="bricolage", week_label=week_label, horizon=plan.horizon, problem=plan.problem,
                                        solution=plan.solution, ctx=plan.context, settings_json=json.dumps(asdict(self.options)),
                                        seed=self.options.seed, fingerprint_=meta["inputs_fingerprint"])  # type: ignore[arg-type]

            when_complete(record)  # the run is recorded only once its folder is complete
        return folder

    # --- re-planning ------------------------------------------------------------------

    def replan(self, monday: dt.date, week_label: str, *, from_day: dt.date,
               progress: Callable[[float, int], None] | None = None) -> BricolagePlan:
        """Re-plan from ``from_day`` keeping every appointment of the latest stored plan in its slot."""
        runs = [r for r in self.db.load(PlanningRun) if r.run_id.startswith(f"bricolage-{week_label}-")]
        if not runs:
            raise ValidationError(t("err_no_stored_plan", self.settings.lang, service="bricolage", week=week_label))
        base = max(runs, key=lambda r: int(r.run_id.rsplit("-", 1)[1]))
        all_steps = [s for s in self.db.load(PlanStep) if s.run_id == base.run_id]
        steps = [s for s in all_steps if s.kind == "visit" and s.task_id]
        done = {r.request_id for r in self.db.load(BricolageRequest) if r.status == "done"}
        pins = {}
        before = {}
        confirmed = {r.request_id for r in self.db.load(BricolageRequest) if r.status == "confirmed"}
        requests_confirmed = frozenset(confirmed)
        confirmed |= {w.workshop_id for w in self.db.load(Workshop)}
        absences = Absences.of(self.db)
        drives = {p.staff_id: p.vehicle_id for p in self.db.load(Staff)}
        moved: dict[str, str] = {}  # confirmed, but the technician (or their van) is now away then: moved, not kept
        for s in steps:
            before[s.task_id] = (s.resource_id, s.date, s.slot_start, s.slot_end)
            if s.date >= from_day and s.task_id in confirmed and s.slot_start and s.slot_end:
                gone = absences.absent_during((s.resource_id, drives.get(s.resource_id)), min(s.slot_start, s.start),
                                              max(s.slot_end, s.end)) if s.task_id in requests_confirmed else None
                if gone is not None:
                    moved[s.task_id] = t("absence_moved", self.settings.lang, who=gone.resource_id, span=gone.span())  # type: ignore[index]
                    continue
                pins[s.task_id] = (s.resource_id, s.date, seconds(s.slot_start.time()), seconds(s.slot_end.time()))  # type: ignore[arg-type]
        worked = frozenset(s.task_id for s in steps if s.date < from_day) | frozenset(done)  # type: ignore[arg-type]
        previous: dict[tuple[str, dt.date], list[str]] = {}
        for s in sorted(steps, key=lambda s: s.seq):
            previous.setdefault((s.resource_id, s.date), []).append(s.task_id)  # type: ignore[arg-type]
        announced = {t: day for t, (_, day, _a, _b) in before.items() if day >= from_day and t not in confirmed}
        worked_s: dict[str, int] = {}  # work done on the days kept: start to end, breaks excluded
        for s in all_steps:
            if s.date < from_day and s.kind in ("start", "end", "break") and s.start is not None and s.end is not None:
                sign = {"start": -1, "end": 1, "break": 0}[s.kind]
                moment = (s.departure if s.kind == "start" else s.arrival) or s.start
                secs = int((s.end - s.start).total_seconds()) if s.kind == "break" else sign * int(moment.timestamp())
                worked_s[s.resource_id] = worked_s.get(s.resource_id, 0) + (-secs if s.kind == "break" else secs)
        plan = self.plan(monday, from_day=from_day, pins=pins, exclude=worked, progress=progress,  # type: ignore[arg-type]
                         previous=previous, announced=announced, worked_s=worked_s, moved=frozenset(moved))  # type: ignore[arg-type]
        plan.kept_rows = [row_of(s) for s in sorted(all_steps, key=lambda s: (s.date, s.resource_id, s.seq)) if s.date < from_day]
        urgent = frozenset(r.request_id for r in self.db.load(BricolageRequest) if r.priority == "urgent")
        plan.moves = moves_between(plan.problem, plan.solution, plan.context, plan.horizon, before,  # type: ignore[arg-type]
                                   from_day, urgent, moved)
        plan.kpis["requests_kept_from_previous_plan"] = sum(1 for row in plan.kept_rows if row["kind"] == "visit")
        return plan


__all__ = ["BricolageOptions", "BricolagePlan", "BricolagePlanner", "check"]

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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tournees.calendar import add_working_days, weekday_code
from tournees.db import Database
from tournees.engine import DAY, LeftOut, Pin, Problem, Solution, Task, check, solve
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
from tournees.services.common import ORLEANS, Horizon, Places, announced_slot, fingerprint, seconds, staff_vehicles, store_run
from tournees.settings import Settings

log = logging.getLogger(__name__)
PRIORITY_WEIGHT = {"urgent": 40, "fragile": 20, "isole": 15, "normal": 10}
HALF_DAY_SPLIT = dt.time(12, 0)  # mornings end, afternoons start after lunch
AFTERNOON = dt.time(13, 30)


@dataclass(frozen=True)
class BricolageOptions:
    """Settings of a bricol'âge plan (seconds inside, minutes and hours where people set them)."""

    slot_hours: float = 2.0
    late_margin_min: int = 30
    urgent_within_days: int = 2
    time_limit_s: float = 20.0
    seed: int = 0
    workers: int = 2
    same_technician_cost: int = 20_000  # cents: about 5 h 30 of driving to keep a tenant's technician
    travel_cost_per_hour: int = 3_600

    def __post_init__(self) -> None:
        if not 0.5 <= self.slot_hours <= 8 or self.late_margin_min < 0 or self.late_margin_min * 60 > self.slot_hours * 3600:
            raise ValueError("créneau entre 0,5 et 8 h, et marge de retard positive et plus courte que le créneau")


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


def _availability(tokens: Sequence[str], day: dt.date) -> list[tuple[dt.time, dt.time]] | None:
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


def _sector_pass_days(sector: Sector | None, horizon: Horizon) -> list[int] | None:
    """Days of the horizon with a planned pass of the sector (None: the sector has no pass rule)."""
    if sector is None or sector.pass_weekday is None:
        return None
    days = []
    for d, day in enumerate(horizon.days):
        if weekday_code(day) != sector.pass_weekday:
            continue
        if sector.first_pass_on is not None and ((day - sector.first_pass_on).days // 7) % sector.pass_every_weeks:
            continue
        days.append(d)
    return days


def _next_pass(sector: Sector, after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while True:
        if weekday_code(day) == sector.pass_weekday and (
            sector.first_pass_on is None or ((day - sector.first_pass_on).days // 7) % sector.pass_every_weeks == 0
        ):
            return day
        day += dt.timedelta(days=1)


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
        }

    def build(self, monday: dt.date, *, from_day: dt.date | None = None, pins: dict[str, tuple[str, dt.date, int, int]] | None = None,
              relax_urgent: frozenset[str] = frozenset(), exclude: frozenset[str] = frozenset(),
              ) -> tuple[Problem, PlanContext, Horizon, list[LeftOut], list[Any]]:
        """The engine problem of the week (from ``from_day`` on), and the requests left out before solving."""
        data = self._load()
        opts = self.options
        horizon = Horizon.week(monday)
        if from_day is not None:
            horizon = Horizon([d for d in horizon.days if d >= from_day])
        if not horizon.days:
            raise ValueError(f"aucun jour ouvré à planifier dans la semaine du {monday.isoformat()}")
        if not data["staff"]:
            raise ValueError("aucun intervenant bricol'âge dans la base (table staff, service bricolage)")
        places = Places()
        vehicles = staff_vehicles(data["staff"], data["depots"], places, horizon, data["km_cost"])
        tasks: list[Task] = []
        left: list[LeftOut] = []
        slots_window: dict[str, tuple[int, int] | None] = {}
        for shop in data["workshops"]:
            d = horizon.index(shop.on)
            if d is None:
                continue
            venue = data["venues"][shop.venue_id]
            loc = places.add(venue.venue_id, venue.lat, venue.lon)
            start = horizon.at(d, shop.start)
            tasks.append(Task(id=shop.workshop_id, location=loc, duration=seconds(shop.end) - seconds(shop.start),
                              pin=Pin(shop.staff_id, d, start, start), penalty=10**9))
        last_tech: dict[str, str] = {}
        for act in sorted(data["history"], key=lambda a: a.on):
            last_tech[act.tenant_id] = act.staff_id  # type: ignore[assignment]
        pins = pins or {}
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
            penalty = int(PRIORITY_WEIGHT[req.priority] * (1 + min(waiting, 60) / 14) * 10_000)
            if req.due_on is not None and req.due_on <= horizon.days[-1]:
                penalty = int(penalty * 1.5)
            pin = None
            if req.request_id in pins:
                staff_id, day, a, b = pins[req.request_id]
                d = horizon.index(day)
                if d is not None:
                    pin = Pin(staff_id, d, horizon.at(d, a), horizon.at(d, b))
            allowed = [d for d, day in enumerate(horizon.days) if _availability(req.availability, day) and day >= req.received_on]
            if req.priority == "urgent" and req.request_id not in relax_urgent and pin is None:
                limit = add_working_days(max(req.received_on, first_day) - dt.timedelta(days=1), opts.urgent_within_days)
                soon = [d for d in allowed if horizon.days[d] <= limit]
                allowed = soon or allowed
            elif pin is None and req.priority != "urgent":
                sector = data["sectors"].get(res.sector_id or "")
                passes = _sector_pass_days(sector, horizon)
                if passes is not None:
                    allowed = [d for d in allowed if d in passes]
                    if not allowed:
                        when = _next_pass(sector, horizon.days[-1])  # type: ignore[arg-type]
                        left.append(LeftOut(req.request_id, "next_pass",
                                            f"Demande non urgente : prochain passage du {sector.name} le {when.strftime('%d/%m/%Y')}."))  # type: ignore[union-attr]
                        continue
            windows = []
            for d in allowed:
                for a, b in _availability(req.availability, horizon.days[d]) or []:
                    windows.append((horizon.at(d, a), max(horizon.at(d, a), horizon.at(d, b) - (service if b < dt.time(23) else 0))))
            if not windows:
                left.append(LeftOut(req.request_id, "no_day_available",
                                    "Aucun jour travaillé de la semaine ne correspond aux disponibilités du locataire."))
                continue
            slots_window[req.request_id] = windows[0] if len(windows) == 1 else None
            tasks.append(Task(id=req.request_id, location=loc, duration=service, windows=tuple(windows), days=frozenset(allowed),
                              skills=frozenset({kind.skill}), penalty=penalty, pin=pin,
                              preferred=req.preferred_staff_id or last_tech.get(req.tenant_id)))
        durations, distances, estimated = places.matrix(self.settings, ORLEANS)
        problem = Problem(durations, distances, vehicles, tasks, travel_cost_per_hour=opts.travel_cost_per_hour,
                          preference_cost=opts.same_technician_cost, estimated=bool(estimated))
        ctx = PlanContext("bricolage", horizon.days[0], places.ids, places.coords, days=horizon.days)
        return problem, ctx, horizon, left, [*data["requests"], *data["staff"], *data["workshops"]]

    # --- solving ----------------------------------------------------------------------

    def _solve(self, problem: Problem, progress: Callable[[float, int], None] | None,
               initial: dict[tuple[str, int], list[str]] | None = None) -> Solution:
        o = self.options
        return solve(problem, time_limit_s=o.time_limit_s, seed=o.seed, workers=o.workers, progress=progress, initial=initial)

    def plan(self, monday: dt.date, *, from_day: dt.date | None = None, pins: dict[str, tuple[str, dt.date, int, int]] | None = None,
             exclude: frozenset[str] = frozenset(), progress: Callable[[float, int], None] | None = None,
             previous: dict[tuple[str, dt.date], list[str]] | None = None) -> BricolagePlan:
        """The best week found, with slots, reasons and KPIs (``previous``: an earlier plan to start from)."""
        problem, ctx, horizon, left, inputs = self.build(monday, from_day=from_day, pins=pins, exclude=exclude)
        initial = None
        if previous is not None:
            initial = {(res, d): tasks for (res, day), tasks in previous.items() if (d := horizon.index(day)) is not None}
        solution = self._solve(problem, progress, initial)
        urgent = {r.request_id for r in self.db.load(BricolageRequest) if r.priority == "urgent"}
        late_urgent = {u.task_id for u in solution.unassigned
                       if u.reason_code in ("time_budget", "window_unreachable") and u.task_id in urgent}
        if late_urgent:  # no room within two working days: serve them later in the week rather than not at all
            log.info("%d urgence(s) sans place sous 2 jours ouvrés : nouvel essai sur toute la semaine", len(late_urgent))
            problem, ctx, horizon, left, inputs = self.build(monday, from_day=from_day, pins=pins, exclude=exclude,
                                                             relax_urgent=frozenset(late_urgent))
            solution = self._solve(problem, progress)
        solution.unassigned = [*solution.unassigned, *left]
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
                slots[task.id] = announced_slot(step.start, length=int(o.slot_hours * 3600), late_margin=o.late_margin_min * 60, window=window)
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
        return {
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
        from dataclasses import replace

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
            served = {t for r in plan.solution.routes for t in r.task_ids}
            still = {r.request_id for r in self.db.load(BricolageRequest) if r.request_id in served and r.status == "received"}
            self._set_status(still, "planned")
            plan.run_id = store_run(self.db, service="bricolage", week_label=week_label, horizon=plan.horizon, problem=plan.problem,
                                    solution=plan.solution, ctx=plan.context, settings_json=json.dumps(asdict(self.options)),
                                    seed=self.options.seed, fingerprint_=meta["inputs_fingerprint"])
        return folder

    # --- re-planning ------------------------------------------------------------------

    def replan(self, monday: dt.date, week_label: str, *, from_day: dt.date,
               progress: Callable[[float, int], None] | None = None) -> BricolagePlan:
        """Re-plan from ``from_day`` keeping every appointment of the latest stored plan in its slot."""
        runs = [r for r in self.db.load(PlanningRun) if r.run_id.startswith(f"bricolage-{week_label}-")]
        if not runs:
            raise ValueError(f"aucun plan bricol'âge enregistré pour la semaine {week_label} : lancez d'abord « tournees plan bricolage »")
        base = max(runs, key=lambda r: int(r.run_id.rsplit("-", 1)[1]))
        all_steps = [s for s in self.db.load(PlanStep) if s.run_id == base.run_id]
        steps = [s for s in all_steps if s.kind == "visit" and s.task_id]
        done = {r.request_id for r in self.db.load(BricolageRequest) if r.status == "done"}
        pins = {}
        before = {}
        confirmed = {r.request_id for r in self.db.load(BricolageRequest) if r.status == "confirmed"}
        confirmed |= {w.workshop_id for w in self.db.load(Workshop)}
        for s in steps:
            before[s.task_id] = (s.resource_id, s.date, s.slot_start, s.slot_end)
            if s.date >= from_day and s.task_id in confirmed and s.slot_start and s.slot_end:
                pins[s.task_id] = (s.resource_id, s.date, seconds(s.slot_start.time()), seconds(s.slot_end.time()))  # type: ignore[arg-type]
        worked = frozenset(s.task_id for s in steps if s.date < from_day) | frozenset(done)  # type: ignore[arg-type]
        previous: dict[tuple[str, dt.date], list[str]] = {}
        for s in sorted(steps, key=lambda s: s.seq):
            previous.setdefault((s.resource_id, s.date), []).append(s.task_id)  # type: ignore[arg-type]
        plan = self.plan(monday, from_day=from_day, pins=pins, exclude=worked, progress=progress, previous=previous)
        plan.kept_rows = [_row_of(s) for s in sorted(all_steps, key=lambda s: (s.date, s.resource_id, s.seq)) if s.date < from_day]
        plan.moves = self._moves(plan, before, from_day)
        plan.kpis["requests_kept_from_previous_plan"] = sum(1 for row in plan.kept_rows if row["kind"] == "visit")
        return plan

    def _moves(self, plan: BricolagePlan, before: dict[str, Any], from_day: dt.date) -> list[dict[str, str]]:
        after: dict[str, tuple[str, dt.date, str]] = {}
        for route in plan.solution.routes:
            v = plan.problem.vehicles[route.vehicle]
            for step in route.steps:
                if step.kind == "visit" and step.task_id:
                    slot = plan.context.slots.get(step.task_id)
                    after[step.task_id] = (v.id, plan.horizon.days[v.day], _fmt_slot(plan.context, slot))
        moves = []
        left = {u.task_id: u.reason for u in plan.solution.unassigned}
        for task_id, (res, day, a, b) in sorted(before.items()):
            if day < from_day:
                continue
            old_slot = f"{a:%H:%M}-{b:%H:%M}" if a and b else ""
            new = after.get(task_id)
            if new is None:
                moves.append({"request_id": task_id, "old_resource": res, "old_date": day.isoformat(), "old_slot": old_slot,
                              "new_resource": "", "new_date": "", "new_slot": "",
                              "why": "rendez-vous non encore confirmé, reporté pour faire place aux urgences : " + left.get(task_id, "retiré du plan")})
            elif (new[0], new[1], new[2]) != (res, day, old_slot):
                moves.append({"request_id": task_id, "old_resource": res, "old_date": day.isoformat(), "old_slot": old_slot,
                              "new_resource": new[0], "new_date": new[1].isoformat(), "new_slot": new[2],
                              "why": "rendez-vous non encore confirmé, déplacé pour insérer les demandes urgentes"})
        urgent = {r.request_id for r in self.db.load(BricolageRequest) if r.priority == "urgent"}
        for task_id, new in sorted(after.items()):
            if task_id not in before:
                why = "demande urgente insérée" if task_id in urgent else "demande en attente planifiée sur une place libérée"
                moves.append({"request_id": task_id, "old_resource": "", "old_date": "", "old_slot": "", "new_resource": new[0],
                              "new_date": new[1].isoformat(), "new_slot": new[2], "why": why})
        return moves


def _row_of(step: PlanStep) -> dict[str, Any]:
    """A stored step back as a visits.csv row."""
    from tournees.plan import VISIT_COLUMNS

    row: dict[str, Any] = {"service": "bricolage"}
    for name in VISIT_COLUMNS[1:]:
        value = getattr(step, name)
        if isinstance(value, dt.datetime):
            value = value.isoformat(timespec="seconds")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        row[name] = "" if value is None else value
    return row


def _fmt_slot(ctx: PlanContext, slot: tuple[int, int] | None) -> str:
    if slot is None:
        return ""
    a = dt.datetime.fromisoformat(ctx.when(slot[0]))
    b = dt.datetime.fromisoformat(ctx.when(slot[1]))
    return f"{a:%H:%M}-{b:%H:%M}"


__all__ = ["BricolageOptions", "BricolagePlan", "BricolagePlanner", "check"]

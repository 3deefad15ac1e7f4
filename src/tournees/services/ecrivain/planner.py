"""Écrivain numérique (fiche 10): the week's session calendar, appointment booking, home visits.

A CP-SAT model chooses which sessions to hold (venue × opening span) and which request
goes to which session or to which home-visit half-day: the most requests weighted by
urgency and deadline, then the least travel for tenants (each within the limit of their
mobility), then the least for the writer, inside the writer's week (full time minus half
a day of reporting, one hour of follow-up per file). The chosen sessions and home visits
then become one engine problem (sessions fixed at their hours), which times the writer's
days with travel and lunch. Appointments are booked one after the other in each session.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tournees.calendar import weekday_code
from tournees.db import Database
from tournees.engine import DAY, LeftOut, Pin, Problem, Solution, Task, solve
from tournees.model import Depot, EcrivainRequest, PlanningRun, PlanSession, Residence, Staff, Tenant, Venue, VenueHours
from tournees.plan import PlanContext, write_plan
from tournees.services.common import ORLEANS, Horizon, Places, fingerprint, staff_vehicles
from tournees.settings import Settings

log = logging.getLogger(__name__)
URGENT_MOTIVES = {"caf", "impots", "retraite", "sante"}
NOON = 12 * 3600 + 1800  # a session starting before 12:30 is a morning session
# What to bring, by motive: documents only, never numbers written on the letter.
DOCUMENTS = {
    "caf": "votre dernier courrier de la CAF, votre numéro d'allocataire, un relevé d'identité bancaire",
    "impots": "votre dernier avis d'impôt, vos justificatifs de revenus de l'année",
    "retraite": "vos derniers relevés de pension, le courrier reçu de votre caisse de retraite",
    "sante": "votre carte Vitale, votre attestation de mutuelle, les courriers de l'Assurance maladie",
    "logement": "votre dernier avis d'échéance de loyer, les courriers de votre bailleur",
    "energie": "vos dernières factures d'électricité ou de gaz",
    "banque": "vos relevés de compte, les courriers de votre banque",
    "emploi": "les courriers de France Travail, votre CV s'il existe",
    "autre": "tous les courriers utiles à votre démarche",
}
MOBILITY_LIMIT_MIN = {"autonome": 20, "aide": 20, "fauteuil": 15}


@dataclass(frozen=True)
class EcrivainOptions:
    time_limit_s: float = 20.0
    seed: int = 0
    reporting: str = "ven-pm"  # the half-day kept for reporting (0.5 day per week)
    walk_speed_mps: float = 1.0  # a senior's walking pace
    session_cost: int = 30  # what opening a session costs in the objective (weight units × 10)
    workers: int = 2


@dataclass
class Session:
    session_id: str
    venue_id: str
    day: int
    start: int  # absolute engine seconds
    end: int


@dataclass
class Appointment:
    session_id: str
    venue_id: str
    request_id: str
    start: int
    end: int
    travel_s_tenant: int


@dataclass
class EcrivainPlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    horizon: Horizon
    sessions: list[Session]
    appointments: list[Appointment]
    kpis: dict[str, Any] = field(default_factory=dict)


def _halves(tokens: tuple[str, ...], day: dt.date) -> set[str]:
    if not tokens:
        return {"am", "pm"}
    code = weekday_code(day)
    found = set()
    for token in tokens:
        if token == code:
            found |= {"am", "pm"}
        elif token.startswith(code + "-"):
            found.add(token.split("-", 1)[1])
    return found


class EcrivainPlanner:
    def __init__(self, db: Database, settings: Settings, options: EcrivainOptions | None = None) -> None:
        self.db, self.settings = db, settings
        self.options = options or EcrivainOptions()

    def plan(self, monday: dt.date, *, progress: Callable[[float, int], None] | None = None) -> EcrivainPlan:
        from ortools.sat.python import cp_model

        db, o = self.db, self.options
        writers = [s for s in db.load(Staff) if s.service == "ecrivain"]
        if not writers:
            raise ValueError("aucun écrivain numérique dans la base (table staff, service ecrivain)")
        writer = writers[0]
        depots = {d.depot_id: d for d in db.load(Depot)}
        venues = {v.venue_id: v for v in db.load(Venue)}
        hours = db.load(VenueHours)
        tenants = {t.tenant_id: t for t in db.load(Tenant)}
        residences = {r.residence_id: r for r in db.load(Residence)}
        requests = sorted((r for r in db.load(EcrivainRequest) if r.status in ("received", "planned")), key=lambda r: r.request_id)
        horizon = Horizon.week(monday, writer.working_days)
        places = Places()
        vehicles = staff_vehicles([writer], depots, places, horizon)
        base = places.index(writer.depot_id)
        for v in venues.values():
            places.add(v.venue_id, v.lat, v.lon)
        left: list[LeftOut] = []
        located = []
        for r in requests:
            res = residences[tenants[r.tenant_id].residence_id]
            if res.lat is None or res.lon is None:
                left.append(LeftOut(r.request_id, "no_location", f"La résidence {res.residence_id} n'a pas de coordonnées : géocodez son adresse."))
                continue
            places.add(res.residence_id, res.lat, res.lon)
            located.append(r)
        durations, distances, estimated = places.matrix(self.settings, ORLEANS)

        # candidate sessions: every opening span of every venue on the writer's working days
        sessions: list[Session] = []
        day_vehicle = {v.day: v for v in vehicles}
        for d, day in enumerate(horizon.days):
            if d not in day_vehicle:
                continue
            v = day_vehicle[d]
            for h in sorted(hours, key=lambda h: (h.venue_id, h.opens)):
                if h.weekday != weekday_code(day):
                    continue
                start, end = max(horizon.at(d, h.opens), v.shift_start), min(horizon.at(d, h.closes), v.shift_end)
                half = "am" if start % DAY < NOON else "pm"
                if end - start < 3600 or f"{weekday_code(day)}-{half}" == o.reporting:
                    continue
                sessions.append(Session(f"S-{h.venue_id}-{day.isoformat()}-{half}-{h.opens:%H%M}", h.venue_id, d, start, end))

        def half_of(s_abs: int) -> str:
            return "am" if s_abs % DAY < NOON else "pm"

        model = cp_model.CpModel()
        open_s = [model.NewBoolVar(s.session_id) for s in sessions]
        weight = {}
        for r in located:
            # tenants who cannot travel have no other way to be helped: they count a little more
            w = 10 + (10 if r.urgent else 0) + (3 if r.motive in URGENT_MOTIVES else 0) + (5 if r.home_visit else 0)
            if r.deadline is not None:
                w += max(0, 14 - (r.deadline - monday).days) // 2
            w += min(8, max(0, (monday - r.received_on).days) // 7)
            weight[r.request_id] = w
        x: dict[tuple[str, int], Any] = {}
        travel: dict[tuple[str, int], int] = {}
        for r in located:
            if r.home_visit:
                continue
            tenant = tenants[r.tenant_id]
            loc = places.index(tenant.residence_id)
            limit = 60 * (r.max_travel_min or MOBILITY_LIMIT_MIN.get(tenant.mobility, 20))
            for k, s in enumerate(sessions):
                if half_of(s.start) not in _halves(r.availability, horizon.days[s.day]):
                    continue
                vloc = places.index(s.venue_id)
                walk = int(distances[loc, vloc] / o.walk_speed_mps) if tenant.mobility == "autonome" else int(durations[loc, vloc])
                if walk > limit or s.end - s.start < r.appointment_min * 60:
                    continue
                x[r.request_id, k] = model.NewBoolVar(f"{r.request_id}@{s.session_id}")
                travel[r.request_id, k] = walk
                model.AddImplication(x[r.request_id, k], open_s[k])
        # home visits: a half-day of the writer given to a round
        halves = [(d, half) for d in day_vehicle for half in ("am", "pm") if f"{weekday_code(horizon.days[d])}-{half}" != o.reporting]
        home_h = {h: model.NewBoolVar(f"home {h}") for h in halves}
        y: dict[tuple[str, tuple[int, str]], Any] = {}
        for r in located:
            if not r.home_visit:
                continue
            for h in halves:
                if h[1] in _halves(r.availability, horizon.days[h[0]]):
                    y[r.request_id, h] = model.NewBoolVar(f"{r.request_id}@home{h}")
                    model.AddImplication(y[r.request_id, h], home_h[h])
        for r in located:
            choices = [v for (rid, _), v in x.items() if rid == r.request_id] + [v for (rid, _), v in y.items() if rid == r.request_id]
            if choices:
                model.AddAtMostOne(choices)
        appt = {r.request_id: r.appointment_min * 60 for r in located}
        for k, s in enumerate(sessions):
            model.Add(sum(appt[rid] * v for (rid, kk), v in x.items() if kk == k) <= s.end - s.start)
        for h in halves:
            d, half = h
            v = day_vehicle[d]
            length = (min(v.shift_end, d * DAY + NOON) - v.shift_start) if half == "am" else (v.shift_end - max(v.shift_start, d * DAY + 13 * 3600 + 1800))
            guess = [(appt[rid] + 2 * 900) * var for (rid, hh), var in y.items() if hh == h]  # 15 min of driving each way, refined by the engine
            model.Add(sum(guess) <= length * home_h[h])
            same = [open_s[k] for k, s in enumerate(sessions) if s.day == d and half_of(s.start) == half] + [home_h[h]]
            model.AddAtMostOne(same)  # the writer is in one place per half-day
        # morning and afternoon sessions of one day must leave time to travel and eat between them
        for a, sa in enumerate(sessions):
            for b, sb in enumerate(sessions):
                if sa.day == sb.day and half_of(sa.start) == "am" and half_of(sb.start) == "pm":
                    gap = sb.start - sa.end
                    lunch = writer.lunch_min * 60
                    if gap < int(durations[places.index(sa.venue_id), places.index(sb.venue_id)]) + lunch:
                        model.AddBoolOr([open_s[a].Not(), open_s[b].Not()])
        # the writer's week: sessions, home rounds, one hour of follow-up per file, reporting kept aside
        budget = int(writer.weekly_hours * 3600) - 3 * 3600 - 1800
        follow = {r.request_id: r.followup_min * 60 for r in located}
        trips = [2 * int(durations[base, places.index(s.venue_id)]) for s in sessions]
        home_trip = 1800  # per home visit, driving between homes (the engine then times the real round)
        model.Add(sum((s.end - s.start + trips[k]) * open_s[k] for k, s in enumerate(sessions))
                  + sum((appt[rid] + home_trip) * v for (rid, _), v in y.items())
                  + sum(follow[rid] * v for (rid, _), v in x.items()) + sum(follow[rid] * v for (rid, _), v in y.items()) <= budget)
        served_value = sum(1000 * weight[rid] * v for (rid, _), v in x.items()) + sum(1000 * weight[rid] * v for (rid, _), v in y.items())
        tenant_travel = sum(travel[key] // 60 * v for key, v in x.items())
        writer_travel = sum(trips[k] // 60 * open_s[k] for k in range(len(sessions)))
        model.Maximize(served_value - 10 * tenant_travel - 2 * writer_travel - 10 * o.session_cost * sum(open_s) - 100 * sum(home_h.values()))
        solver = cp_model.CpSolver()
        # reproducible whatever the machine's load: a deterministic work limit, interleaved workers
        solver.parameters.max_deterministic_time = max(1.0, o.time_limit_s / 2)
        solver.parameters.max_time_in_seconds = 4 * max(1.0, o.time_limit_s / 2)
        solver.parameters.interleave_search = True
        solver.parameters.random_seed = o.seed
        solver.parameters.num_workers = o.workers
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError("le calendrier des permanences n'a pas pu être construit")
        chosen = [s for k, s in enumerate(sessions) if solver.Value(open_s[k])]
        booked: dict[str, list[str]] = {}
        for (rid, k), v in x.items():
            if solver.Value(v):
                booked.setdefault(sessions[k].session_id, []).append(rid)
        at_home: dict[tuple[int, str], list[str]] = {}
        for (rid, h), v in y.items():
            if solver.Value(v):
                at_home.setdefault(h, []).append(rid)

        # the writer's days, timed by the engine: sessions fixed, home visits inside their half-day
        by_id = {r.request_id: r for r in located}
        tasks = [Task(id=s.session_id, location=places.index(s.venue_id), duration=s.end - s.start,
                      pin=Pin(writer.staff_id, s.day, s.start, s.start), penalty=10**9) for s in chosen]
        for (d, half), rids in at_home.items():
            lo, hi = (d * DAY, d * DAY + NOON) if half == "am" else (d * DAY + 13 * 3600 + 1800, (d + 1) * DAY - 1)
            for rid in rids:
                r = by_id[rid]
                tasks.append(Task(id=rid, location=places.index(tenants[r.tenant_id].residence_id), duration=r.appointment_min * 60,
                                  windows=((lo, hi - r.appointment_min * 60),), days=frozenset({d}), penalty=1000 * weight[rid]))
        problem = Problem(durations, distances, vehicles, tasks, estimated=bool(estimated))
        solution = solve(problem, time_limit_s=max(2.0, o.time_limit_s / 2), seed=o.seed, workers=o.workers, progress=progress)
        planned_sessions = {s.session_id for s in chosen}
        lost_sessions = {u.task_id for u in solution.unassigned if u.task_id in planned_sessions}
        chosen = [s for s in chosen if s.session_id not in lost_sessions]
        appointments = []
        for s in chosen:
            t = s.start
            for rid in sorted(booked.get(s.session_id, []), key=lambda rid: (-weight[rid], rid)):
                r = by_id[rid]
                appointments.append(Appointment(s.session_id, s.venue_id, rid, t, t + r.appointment_min * 60, travel[rid, sessions.index(s)]))
                t += r.appointment_min * 60
        served = {a.request_id for a in appointments} | {t for route in solution.routes for t in route.task_ids}
        solution.unassigned = [u for u in solution.unassigned if u.task_id not in planned_sessions] + left
        for r in located:
            if r.request_id not in served and r.request_id not in {u.task_id for u in solution.unassigned}:
                solution.unassigned.append(self._why(r, x, y, tenants))
        ctx = PlanContext("ecrivain", horizon.days[0], places.ids, places.coords, days=horizon.days,
                          task_kinds={s.session_id: "session" for s in chosen})
        plan = EcrivainPlan(problem, solution, ctx, horizon, chosen, appointments)
        plan.kpis = self._kpis(plan, by_id, writer, follow)
        self.fingerprint = fingerprint([*requests, *hours, writer])
        return plan

    @staticmethod
    def _why(r: EcrivainRequest, x: dict, y: dict, tenants: dict[str, Tenant]) -> LeftOut:
        options = [k for k in x if k[0] == r.request_id] + [k for k in y if k[0] == r.request_id]
        if not options:
            if r.home_visit:
                return LeftOut(r.request_id, "no_day_available", "Aucune demi-journée de visite à domicile ne correspond aux disponibilités du locataire.")
            limit = r.max_travel_min or MOBILITY_LIMIT_MIN.get(tenants[r.tenant_id].mobility, 20)
            return LeftOut(r.request_id, "too_far",
                           f"Aucun lieu de permanence ouvert à un moment où le locataire est disponible n'est à moins de {limit} min de chez lui : "
                           "proposez une visite à domicile ou un autre lieu.")
        return LeftOut(r.request_id, "time_budget",
                       "La semaine de l'écrivain est pleine : les demandes urgentes ou proches de leur échéance sont passées d'abord.")

    def _kpis(self, plan: EcrivainPlan, by_id: dict[str, EcrivainRequest], writer: Staff, follow: dict[str, int]) -> dict[str, Any]:
        served = [a.request_id for a in plan.appointments]
        home = [t for route in plan.solution.routes for t in route.task_ids if t in by_id]
        travel = [a.travel_s_tenant for a in plan.appointments]
        by_motive: dict[str, int] = {}
        for rid in served + home:
            by_motive[by_id[rid].motive] = by_motive.get(by_id[rid].motive, 0) + 1
        per_venue: dict[str, int] = {}
        for s in plan.sessions:
            per_venue[s.venue_id] = per_venue.get(s.venue_id, 0) + 1
        # working time: from leaving the base to coming back, less lunch and less waiting, plus follow-up
        worked = 0
        for route in plan.solution.routes:
            worked += sum(st.end - st.start for st in route.steps if st.kind == "visit")
            locs = [st.location for st in route.steps if st.location is not None]
            worked += sum(int(plan.problem.durations[a, b]) for a, b in zip(locs, locs[1:], strict=False))
        worked += sum(follow[rid] for rid in served + home)
        secs, metres = plan.solution.travel(plan.problem)
        return {
            "requests_served": len(served) + len(home), "appointments_at_venues": len(served), "home_visits": len(home),
            "requests_left_out": len(plan.solution.unassigned), "served_by_motive": dict(sorted(by_motive.items())),
            "sessions_per_venue": dict(sorted(per_venue.items())),
            "tenant_travel_min_mean": round(sum(travel) / len(travel) / 60, 1) if travel else None,
            "tenant_travel_min_max": round(max(travel) / 60, 1) if travel else None,
            "writer_hours_used": round(worked / 3600, 1), "writer_hours_available": round(writer.weekly_hours - 3.5, 1),
            "driving_time_s": secs, "driving_distance_m": metres,
        }

    def write(self, plan: EcrivainPlan, out: str | Path, *, week_label: str) -> Path:
        import csv

        from tournees.services.ecrivain.documents import write_calendar, write_letters

        folder = write_plan(out, plan.problem, plan.solution, plan.context, extra_kpis=plan.kpis,
                            meta={"week": week_label, "settings": asdict(self.options), "inputs_fingerprint": getattr(self, "fingerprint", "")})
        with (folder / "appointments.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["session_id", "venue_id", "date", "start", "end", "request_id", "travel_s_tenant"])
            for a in plan.appointments:
                writer.writerow([a.session_id, a.venue_id, plan.context.when(a.start)[:10], plan.context.when(a.start),
                                 plan.context.when(a.end), a.request_id, a.travel_s_tenant])
        venues = {v.venue_id: v for v in self.db.load(Venue)}
        write_calendar(folder, plan, venues)
        write_letters(folder, plan, venues, {r.request_id: r for r in self.db.load(EcrivainRequest)})
        self._store(plan, week_label)
        return folder

    def _store(self, plan: EcrivainPlan, week_label: str) -> None:
        import json

        from tournees.services.common import store_run

        run_id = store_run(self.db, service="ecrivain", week_label=week_label, horizon=plan.horizon, problem=plan.problem,
                           solution=plan.solution, ctx=plan.context, settings_json=json.dumps(asdict(self.options)),
                           seed=self.options.seed, fingerprint_=getattr(self, "fingerprint", ""))
        writer = next(s for s in self.db.load(Staff) if s.service == "ecrivain")
        from tournees.model import PlanAppointment

        with self.db.session() as session:
            for s in plan.sessions:
                session.add(PlanSession(run_id=run_id, session_id=s.session_id, venue_id=s.venue_id, staff_id=writer.staff_id,
                                        start=dt.datetime.fromisoformat(plan.context.when(s.start)), end=dt.datetime.fromisoformat(plan.context.when(s.end))))
            session.flush()
            for a in plan.appointments:
                session.add(PlanAppointment(run_id=run_id, request_id=a.request_id, session_id=a.session_id,
                                            start=dt.datetime.fromisoformat(plan.context.when(a.start)),
                                            end=dt.datetime.fromisoformat(plan.context.when(a.end)), travel_s_tenant=a.travel_s_tenant))


__all__ = ["EcrivainOptions", "EcrivainPlan", "EcrivainPlanner", "PlanningRun"]

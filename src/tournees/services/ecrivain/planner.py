"""Écrivain numérique (fiche 10): the week's session calendar, appointment booking, home visits.

A CP-SAT model chooses which sessions to hold (venue × opening span) and which request
goes to which session or to which home-visit half-day: the most requests weighted by
urgency and deadline, then the least travel for tenants (each within the limit of their
mobility), then the least for the writer, inside the writer's week (full time minus half
a day of reporting, one hour of follow-up per file). The chosen sessions and home visits
then become one engine problem (sessions fixed at their hours), which times the writer's
days with travel and lunch. Appointments are booked one after the other in each session.

Re-planning a week keeps the appointments already given (``keep``: booked by phone or
confirmed): their session is held and they keep their time; the new requests fill the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from tournees.calendar import WEEKDAYS, weekday_code
from tournees.db import Database
from tournees.engine import DAY, LeftOut, Pin, Problem, Task, solve
from tournees.engine.budget import safety_cap_s
from tournees.errors import ValidationError
from tournees.i18n import t as text
from tournees.model import Depot, EcrivainRequest, PlanningRun, PlanSession, Residence, Staff, Tenant, Venue, VenueHours
from tournees.plan import PlanContext, write_plan
from tournees.plan.staging import when_complete
from tournees.services.availability import Absences
from tournees.services.common import (
    AFTERNOON,
    HALF_DAY_SPLIT,
    Horizon,
    Places,
    announced_slot,
    fingerprint,
    seconds,
    staff_vehicles,
)
from tournees.services.ecrivain.params import MOBILITY_LIMIT_MIN, URGENT_MOTIVES, EcrivainOptions  # noqa: F401  (re-exported)
from tournees.services.ecrivain.result import Appointment, EcrivainPlan, Session
from tournees.services.ecrivain.rules import Trip, as_array, previous_sessions, start_days_late, trip
from tournees.settings import Settings

log = logging.getLogger(__name__)
NOON = seconds(HALF_DAY_SPLIT)  # a session starting before noon is a morning one (the shared half-day rule)
AFTERNOON_S = seconds(AFTERNOON)
HOME_VISIT_BONUS = 10  # weight added to a home visit (base weight 10, urgent +10): no other way to help a housebound tenant


def _own(staff_id: str) -> str:
    """The skill that ties a home visit to the writer whose half-day it fills."""
    return f"ecrivain:{staff_id}"


@dataclass(frozen=True)
class Kept:
    """An appointment a re-plan keeps: its request, session and start."""

    request_id: str
    session_id: str
    start: dt.datetime


def _first_gap(s: Session, taken: list[tuple[int, int]], length: int) -> int | None:
    """The earliest start in session ``s`` where ``length`` seconds fit between the ``taken`` intervals."""
    for t in sorted([s.start] + [b for _, b in taken]):
        if t + length <= s.end and all(t + length <= a or b <= t for a, b in taken):
            return t
    return None


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

    def plan(self, monday: dt.date, *, progress: Callable[[float, int], None] | None = None,
             exclude: Collection[str] = frozenset(), keep: Collection[Kept] = ()) -> EcrivainPlan:
        """The week from ``monday``; the requests in ``exclude`` (another landlord's, in the web application) are
        not planned; the appointments in ``keep`` (a re-plan of the week) stay in their session at their time
        when that session can still be held (else the request is planned again like the others)."""
        from ortools.sat.python import cp_model

        db, o = self.db, self.options
        writers = [s for s in db.load(Staff) if s.service == "ecrivain"]
        if not writers:
            raise ValidationError(text("err_no_staff", self.settings.lang, service="ecrivain"))
        people = {w.staff_id: w for w in writers}
        rank = {wid: n for n, wid in enumerate(sorted(people), start=1)}  # short tag in session ids (40 characters at most)
        depots = {d.depot_id: d for d in db.load(Depot)}
        venues = {v.venue_id: v for v in db.load(Venue)}
        if not venues:
            raise ValidationError(text("err_no_venue", self.settings.lang))
        hours = db.load(VenueHours)
        tenants = {t.tenant_id: t for t in db.load(Tenant)}
        residences = {r.residence_id: r for r in db.load(Residence)}
        kept_at = {k.request_id: k for k in keep}
        requests = sorted((r for r in db.load(EcrivainRequest)
                           if (r.status in ("received", "planned") or r.request_id in kept_at) and r.request_id not in exclude),
                          key=lambda r: r.request_id)
        horizon = Horizon.week(monday, sorted({d for w in writers for d in w.working_days}, key=WEEKDAYS.index))
        places = Places()
        # each writer's days; home visits carry a skill naming the writer whose half-day they fill
        absences = Absences.of(db)
        vehicles = [replace(v, skills=v.skills | {_own(v.id)})
                    for v in staff_vehicles(writers, depots, places, horizon, absences=absences)]
        regular = previous_sessions(db.load(PlanningRun), db.load(PlanSession), monday) if o.keep_regular else set()
        for venue in venues.values():
            places.add(venue.venue_id, venue.lat, venue.lon)
        left: list[LeftOut] = []
        located = []
        for r in requests:
            res = residences[tenants[r.tenant_id].residence_id]
            if res.lat is None or res.lon is None:
                left.append(LeftOut(r.request_id, "no_location", f"La résidence {res.residence_id} n'a pas de coordonnées : géocodez son adresse."))
                continue
            places.add(res.residence_id, res.lat, res.lon)
            located.append(r)
        durations, distances, estimated = places.matrix(self.settings)
        _, walk_m, _ = places.matrix(self.settings, network="walk")
        walk_m = as_array(walk_m)

        # candidate sessions: every opening span of every venue on the writer's working days
        sessions: list[Session] = []
        day_vehicle = {(v.id, v.day): v for v in vehicles}
        regular_k: list[int] = []
        for (wid, d), v in sorted(day_vehicle.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            day = horizon.days[d]
            for span in sorted(hours, key=lambda x: (x.venue_id, x.opens)):
                if span.weekday != weekday_code(day):
                    continue
                there = places.index(span.venue_id)  # to the venue and back within the day (shorter when an absence cuts it)
                start = max(horizon.at(d, span.opens), v.shift_start + int(durations[v.start, there]))
                end = min(horizon.at(d, span.closes), v.shift_end - int(durations[there, v.end]))
                half = "am" if start % DAY < NOON else "pm"
                if end - start < 3600 or f"{weekday_code(day)}-{half}" == o.reporting:
                    continue
                tag = "" if len(writers) == 1 else f"-E{rank[wid]}"
                sid = f"S-{span.venue_id}-{day.isoformat()}-{half}-{span.opens:%H%M}{tag}"
                if (wid, span.venue_id, weekday_code(day), span.opens) in regular:
                    regular_k.append(len(sessions))
                sessions.append(Session(sid, span.venue_id, d, start, end, wid))

        def half_of(s_abs: int) -> str:
            return "am" if s_abs % DAY < NOON else "pm"

        model = cp_model.CpModel()
        open_s = [model.NewBoolVar(s.session_id) for s in sessions]
        weight = {}
        for r in located:
            # tenants who cannot travel have no other way to be helped: they count as much as an urgent request
            w = 10 + (10 if r.urgent else 0) + (3 if r.motive in URGENT_MOTIVES else 0) + (HOME_VISIT_BONUS if r.home_visit else 0)
            if r.deadline is not None:
                w += max(0, 14 - (r.deadline - monday).days) // 2
            w += min(8, max(0, (monday - r.received_on).days) // 7)
            weight[r.request_id] = w
        x: dict[tuple[str, int], Any] = {}
        travel: dict[tuple[str, int], Trip] = {}
        for r in located:
            if r.home_visit:
                continue
            tenant = tenants[r.tenant_id]
            loc = places.index(tenant.residence_id)
            for k, s in enumerate(sessions):
                if half_of(s.start) not in _halves(r.availability, horizon.days[s.day]):
                    continue
                vloc = places.index(s.venue_id)
                way = trip(tenant, venues[s.venue_id], int(durations[loc, vloc]), int(walk_m[loc, vloc]),
                           walk_speed_mps=o.walk_speed_mps,
                           limit_min=r.max_travel_min or o.mobility_limit_min.get(tenant.mobility, 20))
                if not way.allowed or s.end - s.start < r.appointment_min * 60:
                    continue
                x[r.request_id, k] = model.NewBoolVar(f"{r.request_id}@{s.session_id}")
                travel[r.request_id, k] = way
                model.AddImplication(x[r.request_id, k], open_s[k])
        # home visits: a half-day of the writer given to a round
        halves = [(wid, d, half) for (wid, d) in day_vehicle for half in ("am", "pm")
                  if f"{weekday_code(horizon.days[d])}-{half}" != o.reporting]
        home_h = {h: model.NewBoolVar(f"home {h}") for h in halves}
        y: dict[tuple[str, tuple[str, int, str]], Any] = {}
        for r in located:
            if not r.home_visit:
                continue
            for h in halves:
                if h[2] in _halves(r.availability, horizon.days[h[1]]):
                    y[r.request_id, h] = model.NewBoolVar(f"{r.request_id}@home{h}")
                    model.AddImplication(y[r.request_id, h], home_h[h])
        pinned = self._keep(kept_at, located, sessions, horizon, model, x, travel, open_s,
                            lambda r, k: self._trip(r, sessions[k], tenants, venues, places, durations, walk_m))
        for r in located:
            choices = [v for (rid, _), v in x.items() if rid == r.request_id] + [v for (rid, _), v in y.items() if rid == r.request_id]
            if choices:
                model.AddAtMostOne(choices)
        appt = {r.request_id: r.appointment_min * 60 for r in located}
        for k, s in enumerate(sessions):
            model.Add(sum(appt[rid] * v for (rid, kk), v in x.items() if kk == k) <= s.end - s.start)
        for h in halves:
            wid, d, half = h
            v = day_vehicle[wid, d]
            length = (min(v.shift_end, d * DAY + NOON) - v.shift_start) if half == "am" else (v.shift_end - max(v.shift_start, d * DAY + AFTERNOON_S))
            guess = [(appt[rid] + 2 * 900) * var for (rid, hh), var in y.items() if hh == h]  # 15 min of driving each way, refined by the engine
            model.Add(sum(guess) <= length * home_h[h])
            same = [open_s[k] for k, s in enumerate(sessions) if (s.staff_id, s.day) == (wid, d) and half_of(s.start) == half]
            model.AddAtMostOne([*same, home_h[h]])  # a writer is in one place per half-day
        spans: dict[tuple[str, int, int], list[Any]] = {}
        for k, s in enumerate(sessions):
            spans.setdefault((s.venue_id, s.day, s.start), []).append(open_s[k])
        for same_room in spans.values():
            model.AddAtMostOne(same_room)  # one writer per venue opening
        # morning and afternoon sessions of one day must leave time to travel and eat between them
        for a, sa in enumerate(sessions):
            for b, sb in enumerate(sessions):
                if (sa.staff_id, sa.day) == (sb.staff_id, sb.day) and half_of(sa.start) == "am" and half_of(sb.start) == "pm":
                    gap = sb.start - sa.end
                    lunch = people[sa.staff_id].lunch_min * 60
                    if gap < int(durations[places.index(sa.venue_id), places.index(sb.venue_id)]) + lunch:
                        model.AddBoolOr([open_s[a].Not(), open_s[b].Not()])
        # the writer's week: sessions, home rounds, one hour of follow-up per file, reporting kept aside
        follow = {r.request_id: r.followup_min * 60 for r in located}
        trips = [2 * int(durations[places.index(people[s.staff_id].depot_id), places.index(s.venue_id)]) for s in sessions]
        home_trip = 1800  # per home visit, driving between homes (the engine then times the real round)
        for person in writers:  # each writer's week
            budget = int(person.weekly_hours * 3600) - 3 * 3600 - 1800
            mine = [k for k, s in enumerate(sessions) if s.staff_id == person.staff_id]
            visits = [(rid, v) for (rid, hh), v in y.items() if hh[0] == person.staff_id]
            model.Add(sum((sessions[k].end - sessions[k].start + trips[k]) * open_s[k] for k in mine)
                      + sum((appt[rid] + home_trip + follow[rid]) * v for rid, v in visits)
                      + sum(follow[rid] * v for (rid, k), v in x.items() if sessions[k].staff_id == person.staff_id) <= budget)
        served_value = sum(1000 * weight[rid] * v for (rid, _), v in x.items()) + sum(1000 * weight[rid] * v for (rid, _), v in y.items())
        tenant_travel = sum(travel[key].seconds // 60 * v for key, v in x.items())
        writer_travel = sum(trips[k] // 60 * open_s[k] for k in range(len(sessions)))
        kept = o.regular_bonus * sum(open_s[k] for k in regular_k)
        for k in regular_k:
            model.AddHint(open_s[k], 1)  # last week's calendar is where the search starts
        model.Maximize(served_value + kept - 10 * tenant_travel - 2 * writer_travel - 10 * o.session_cost * sum(open_s)
                       - 100 * sum(home_h.values()))
        solver = cp_model.CpSolver()
        # Deterministic: the same input and seed give the same calendar whatever the machine's load.
        solver.parameters.max_deterministic_time = max(1.0, o.time_limit_s / 2)
        solver.parameters.max_time_in_seconds = safety_cap_s(max(1.0, o.time_limit_s / 2))  # safety cap only
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
        at_home: dict[tuple[str, int, str], list[str]] = {}
        for (rid, h), v in y.items():
            if solver.Value(v):
                at_home.setdefault(h, []).append(rid)

        # the writer's days, timed by the engine: sessions fixed, home visits inside their half-day
        by_id = {r.request_id: r for r in located}
        tasks = [Task(id=s.session_id, location=places.index(s.venue_id), duration=s.end - s.start,
                      pin=Pin(s.staff_id, s.day, s.start, s.start), penalty=10**9) for s in chosen]
        for (wid, d, half), rids in at_home.items():
            lo, hi = (d * DAY, d * DAY + NOON) if half == "am" else (d * DAY + AFTERNOON_S, (d + 1) * DAY - 1)
            for rid in rids:
                r = by_id[rid]
                tasks.append(Task(id=rid, location=places.index(tenants[r.tenant_id].residence_id), duration=r.appointment_min * 60,
                                  windows=((lo, hi - r.appointment_min * 60),), days=frozenset({d}), penalty=1000 * weight[rid],
                                  skills=frozenset({_own(wid)})))
        problem = Problem(durations, distances, vehicles, tasks, estimated=bool(estimated))
        solution = solve(problem, time_limit_s=max(2.0, o.time_limit_s / 2), seed=o.seed, workers=o.workers, progress=progress)
        # the calendar's CP-SAT search stopped by its wall-clock cap rather than its deterministic time: say so too
        calendar_capped = status != cp_model.OPTIMAL and solver.wall_time >= safety_cap_s(max(1.0, o.time_limit_s / 2))
        solution.stopped_by_clock = solution.stopped_by_clock or calendar_capped
        start_days_late(problem, solution)
        planned_sessions = {s.session_id for s in chosen}
        lost_sessions = {u.task_id for u in solution.unassigned if u.task_id in planned_sessions}
        chosen = [s for s in chosen if s.session_id not in lost_sessions]
        appointments: list[Appointment] = []
        for s in chosen:
            taken = [(pinned[rid], pinned[rid] + by_id[rid].appointment_min * 60) for rid in booked.get(s.session_id, []) if rid in pinned]
            for rid in sorted(booked.get(s.session_id, []), key=lambda rid: (rid not in pinned, -weight[rid], rid)):
                r = by_id[rid]
                length = r.appointment_min * 60
                t = pinned[rid] if rid in pinned else _first_gap(s, taken, length)
                if t is None:  # only when kept appointments split the session into gaps too short for it
                    left.append(LeftOut(rid, "session_full", "Les rendez-vous déjà donnés ne laissent pas de créneau assez long "
                                        "pour cette demande dans la permanence choisie : proposez-lui un autre moment."))
                    continue
                if rid not in pinned:
                    taken.append((t, t + length))
                way = travel[rid, sessions.index(s)]
                appointments.append(Appointment(s.session_id, s.venue_id, rid, t, t + length, way.seconds, way.mode))
        appointments.sort(key=lambda a: (a.start, a.session_id))
        served = {a.request_id for a in appointments} | {t for route in solution.routes for t in route.task_ids}
        solution.unassigned = [u for u in solution.unassigned if u.task_id not in planned_sessions] + left
        for r in located:
            if r.request_id not in served and r.request_id not in {u.task_id for u in solution.unassigned}:
                solution.unassigned.append(self._why(r, x, y, tenants, o.mobility_limit_min))
        ctx = PlanContext("ecrivain", horizon.days[0], places.ids, places.coords, days=horizon.days,
                          task_kinds={s.session_id: "session" for s in chosen})
        ctx.slots = {st.task_id: announced_slot(st.start, length=o.home_slot_min * 60, late_margin=o.late_margin_min * 60,
                                                shift=(problem.vehicles[route.vehicle].shift_start, problem.vehicles[route.vehicle].shift_end))
                     for route in solution.routes for st in route.steps if st.kind == "visit" and st.task_id in by_id}
        plan = EcrivainPlan(problem, solution, ctx, horizon, chosen, appointments)
        plan.kpis = self._kpis(plan, by_id, writers, follow)
        plan.kpis["sessions_kept_from_previous_week"] = sum(1 for k in regular_k if sessions[k] in chosen)
        if keep:
            plan.kpis["appointments_kept"] = sum(1 for a in appointments if a.request_id in pinned)
        self.fingerprint = fingerprint([*requests, *hours, *writers, *absences.records()])
        return plan

    def _trip(self, r: EcrivainRequest, s: Session, tenants: dict[str, Tenant], venues: dict[str, Venue], places: Places,
              durations: Any, walk_m: Any) -> Trip:
        tenant, o = tenants[r.tenant_id], self.options
        loc, vloc = places.index(tenant.residence_id), places.index(s.venue_id)
        return trip(tenant, venues[s.venue_id], int(durations[loc, vloc]), int(walk_m[loc, vloc]), walk_speed_mps=o.walk_speed_mps,
                    limit_min=r.max_travel_min or o.mobility_limit_min.get(tenant.mobility, 20))

    @staticmethod
    def _keep(kept_at: Mapping[str, Kept], located: list[EcrivainRequest], sessions: list[Session], horizon: Horizon, model: Any,
              x: dict[tuple[str, int], Any], travel: dict[tuple[str, int], Trip], open_s: list[Any],
              way: Callable[[EcrivainRequest, int], Trip]) -> dict[str, int]:
        """Hold each kept appointment's session and its request there; return request id -> its start (engine
        seconds). A person booked it, so it holds even where the rules would not have offered it; it is dropped
        (the request planned again) only when its session cannot be held any more (an absence, hours changed)."""
        index = {s.session_id: k for k, s in enumerate(sessions)}
        pinned: dict[str, int] = {}
        for r in located:
            kept = kept_at.get(r.request_id)
            k = index.get(kept.session_id) if kept else None
            if kept is None or k is None or kept.start.date() not in horizon.days:
                continue
            start = horizon.at(horizon.days.index(kept.start.date()), kept.start.time().replace(microsecond=0))
            if not sessions[k].start <= start <= sessions[k].end - r.appointment_min * 60:
                continue
            if (r.request_id, k) not in x:
                x[r.request_id, k] = model.NewBoolVar(f"{r.request_id}@{sessions[k].session_id} (kept)")
                travel[r.request_id, k] = way(r, k)
                model.AddImplication(x[r.request_id, k], open_s[k])
            model.Add(x[r.request_id, k] == 1)
            pinned[r.request_id] = start
        return pinned

    @staticmethod
    def _why(r: EcrivainRequest, x: dict, y: dict, tenants: dict[str, Tenant], limits: Mapping[str, int]) -> LeftOut:
        options = [k for k in x if k[0] == r.request_id] + [k for k in y if k[0] == r.request_id]
        if not options:
            tenant = tenants[r.tenant_id]
            if r.home_visit:
                return LeftOut(r.request_id, "no_day_available", "Aucune demi-journée de visite à domicile ne correspond aux disponibilités du locataire.")
            if tenant.mobility == "domicile":
                return LeftOut(r.request_id, "home_only", "Le locataire ne se déplace pas : enregistrez la demande en visite à domicile.")
            limit = r.max_travel_min or limits.get(tenant.mobility, 20)
            how = {"pied": "à pied", "voiture": "en voiture"}["pied" if tenant.mobility == "autonome" and not tenant.has_car else "voiture"]
            access = " et accessible en fauteuil" if tenant.mobility == "fauteuil" else ""
            return LeftOut(r.request_id, "too_far",
                           f"Aucun lieu de permanence{access} ouvert à un moment où le locataire est disponible n'est à moins de {limit} min "
                           f"{how} de chez lui : proposez une visite à domicile ou un autre lieu.")
        return LeftOut(r.request_id, "time_budget",
                       "La semaine de l'écrivain est pleine : les demandes urgentes ou proches de leur échéance sont passées d'abord.")

    def _kpis(self, plan: EcrivainPlan, by_id: dict[str, EcrivainRequest], writers: list[Staff], follow: dict[str, int]) -> dict[str, Any]:
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
            "writer_hours_used": round(worked / 3600, 1), "writer_hours_available": round(sum(w.weekly_hours - 3.5 for w in writers), 1),
            "driving_time_s": secs, "driving_distance_m": metres,
        }

    def write(self, plan: EcrivainPlan, out: str | Path, *, week_label: str) -> Path:
        import csv

        folder = write_plan(out, plan.problem, plan.solution, plan.context, extra_kpis=plan.kpis,
                            meta={"week": week_label, "settings": asdict(self.options), "inputs_fingerprint": getattr(self, "fingerprint", "")})
        with (folder / "appointments.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["session_id", "venue_id", "date", "start", "end", "request_id", "travel_s_tenant"])
            for a in plan.appointments:
                writer.writerow([a.session_id, a.venue_id, plan.context.when(a.start)[:10], plan.context.when(a.start),
                                 plan.context.when(a.end), a.request_id, a.travel_s_tenant])
        # the session calendar and the letters are written with the other documents (tournees.outputs.write_outputs)
        when_complete(lambda: self._store(plan, week_label))  # the run is recorded only once its folder is complete
        return folder

    def _store(self, plan: EcrivainPlan, week_label: str) -> None:
        import json

        from tournees.services.common import store_run

        run_id = store_run(self.db, service="ecrivain", week_label=week_label, horizon=plan.horizon, problem=plan.problem,
                           solution=plan.solution, ctx=plan.context, settings_json=json.dumps(asdict(self.options)),
                           seed=self.options.seed, fingerprint_=getattr(self, "fingerprint", ""))
        plan.run_id = run_id  # (the web application shows and publishes this run)
        from tournees.model import PlanAppointment

        with self.db.session() as session:
            for s in plan.sessions:
                session.add(PlanSession(run_id=run_id, session_id=s.session_id, venue_id=s.venue_id, staff_id=s.staff_id,
                                        start=dt.datetime.fromisoformat(plan.context.when(s.start)), end=dt.datetime.fromisoformat(plan.context.when(s.end))))
            session.flush()
            for a in plan.appointments:
                session.add(PlanAppointment(run_id=run_id, request_id=a.request_id, session_id=a.session_id,
                                            start=dt.datetime.fromisoformat(plan.context.when(a.start)),
                                            end=dt.datetime.fromisoformat(plan.context.when(a.end)), travel_s_tenant=a.travel_s_tenant))


__all__ = ["EcrivainOptions", "EcrivainPlan", "EcrivainPlanner", "Kept", "PlanningRun"]

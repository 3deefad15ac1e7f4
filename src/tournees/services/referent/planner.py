"""Référent seniors (fiche 2): the campaign's weeks routed by the engine, one problem for the horizon.

Each tenant has one référent: the sectors of a road network are shared among the référents based on
it (greedy by number of seniors, in sector order, so the same inputs give the same référent). The
campaign (:mod:`.campaign`) picks each week's visits; the engine then times every référent's days,
each visit kept inside its week and with its own référent.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tournees.calendar import WEEKDAYS, working_days
from tournees.db import Database
from tournees.engine import LeftOut, Pin, Problem, Solution, Task, solve
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Activity, Depot, PlanningRun, PlanStep, ReferentSignal, Residence, Staff, Tenant
from tournees.network.roads import Place
from tournees.network.select import choose_file
from tournees.plan import PlanContext, write_plan
from tournees.plan.staging import when_complete
from tournees.sectors import is_fragile
from tournees.services.availability import Absences
from tournees.services.common import Horizon, Places, announced_slot, fingerprint, staff_vehicles, store_run
from tournees.services.referent.campaign import Senior, Visit, Week, cut_weeks, due_visits
from tournees.services.referent.params import ReferentOptions
from tournees.settings import Settings

SERVICE = "referent"
NO_ANSWER = 2  # contacts without answer since the last visit that make a signal (fiche 2: situations à risque)


def _own(staff_id: str) -> str:
    """The skill that ties a visit to the tenant's référent."""
    return f"referent:{staff_id}"


@dataclass
class ReferentPlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    horizon: Horizon
    weeks: list[Week]
    visits: dict[str, Visit]  # task id → campaign visit
    campaign: list[dict[str, str]]  # one row per tenant: référent, due date, planned date or the reason
    kpis: dict[str, Any] = field(default_factory=dict)
    run_id: str | None = None  # set once the folder is in place and the run stored (the web app shows this run)


class ReferentPlanner:
    def __init__(self, db: Database, settings: Settings, options: ReferentOptions | None = None) -> None:
        self.db, self.settings = db, settings
        self.options = options or ReferentOptions()
        self.fingerprint = ""
        self.parent: str | None = None  # the plan a re-plan starts from

    def _network(self, lat: float | None, lon: float | None, key: str) -> str:
        if lat is None or lon is None:
            return ""
        return str(choose_file(self.settings, [Place(key, lat, lon)]))

    def seniors(
        self, start: dt.date, exclude: frozenset[str] = frozenset()
    ) -> tuple[list[Senior], list[Staff], list[str]]:
        """The tenants with their référent and history; the référents; tenants no référent reaches. The ``exclude``d
        tenants (another landlord's, in the web app) are left out before the sectors are shared."""
        db, lang = self.db, self.settings.lang
        referents = sorted((s for s in db.load(Staff) if s.service == SERVICE), key=lambda s: s.staff_id)
        if not referents:
            raise ValidationError(t("err_no_staff", lang, service=SERVICE))
        depots = {d.depot_id: d for d in db.load(Depot)}
        residences = {r.residence_id: r for r in db.load(Residence)}
        on_net: dict[str, list[Staff]] = {}
        for s in referents:
            d = depots[s.depot_id]
            on_net.setdefault(self._network(d.lat, d.lon, d.depot_id), []).append(s)
        done: dict[str, dt.date] = {}
        silent: dict[str, list[dt.date]] = {}
        for a in sorted(db.load(Activity), key=lambda a: (a.on, a.activity_id)):
            if a.service != SERVICE or a.on >= start:  # what happened before the plan starts
                continue
            if a.outcome == "done":
                done[a.tenant_id] = a.on
                silent.pop(a.tenant_id, None)
            elif a.outcome == "no_show":
                silent.setdefault(a.tenant_id, []).append(a.on)
        flagged: dict[str, dt.date] = {}  # the latest signal since the last visit done (its kind is never shown)
        for sig in db.load(ReferentSignal):
            if sig.tenant_id not in done or sig.on > done[sig.tenant_id]:
                flagged[sig.tenant_id] = max(sig.on, flagged.get(sig.tenant_id, sig.on))
        tenants = sorted((x for x in db.load(Tenant) if x.tenant_id not in exclude), key=lambda x: x.tenant_id)
        by_sector: dict[tuple[str, str], list[Tenant]] = {}
        unreached = []
        nets: dict[str, str] = {}
        for x in tenants:
            home = residences[x.residence_id]
            if home.residence_id not in nets:
                nets[home.residence_id] = self._network(home.lat, home.lon, home.residence_id)
            net = nets[home.residence_id]
            if net not in on_net:
                unreached.append(x.tenant_id)
                continue
            by_sector.setdefault((net, home.sector_id or home.residence_id), []).append(x)
        load: dict[str, int] = {s.staff_id: 0 for s in referents}
        seniors = []
        for (net, _), group in sorted(by_sector.items()):  # a sector to the least loaded référent of its network
            who = min(on_net[net], key=lambda s: (load[s.staff_id], s.staff_id))
            load[who.staff_id] += len(group)
            for x in group:
                quiet = silent.get(x.tenant_id, [])
                when = [d for d in (quiet[-1] if len(quiet) >= NO_ANSWER else None, flagged.get(x.tenant_id)) if d]
                signal = max(when) if when else None
                seniors.append(Senior(x.tenant_id, who.staff_id, is_fragile(x) or signal is not None,
                                      done.get(x.tenant_id), signal))
        return seniors, referents, unreached

    def plan(self, monday: dt.date, weeks: int, *, progress: Callable[[float, int], None] | None = None,
             keep: Sequence[PlanStep] | None = None, exclude: frozenset[str] = frozenset()) -> ReferentPlan:
        """The campaign's ``weeks`` from ``monday``; with ``keep`` (the visits of a published week), that week again:
        its visits stay in their announced slots, the tenants signalled since join them. ``exclude``: tenants left
        out (the other landlords', for one landlord's week in the web app)."""
        o, db = self.options, self.db
        seniors, referents, unreached = self.seniors(monday, exclude)
        tenants = {x.tenant_id: x for x in db.load(Tenant)}
        residences = {r.residence_id: r for r in db.load(Residence)}
        depots = {d.depot_id: d for d in db.load(Depot)}
        weekdays = tuple(d for d in WEEKDAYS if any(d in s.working_days for s in referents))
        horizon = Horizon(working_days(monday, monday + dt.timedelta(days=7 * weeks - 1), weekdays))
        mondays = [monday + dt.timedelta(days=7 * w) for w in range(weeks)]
        due = due_visits(seniors, monday, per_year=o.visits_per_year, fragile_per_year=o.fragile_visits_per_year,
                         signal_days=o.signal_days)
        length = {True: o.first_visit_min * 60, False: o.followup_min * 60}
        capacity = {s.staff_id: int(s.weekly_hours * 3600 * o.visiting_share) for s in referents}
        yearly: dict[str, int] = {}
        for s in seniors:
            per = o.fragile_visits_per_year if s.fragile else o.visits_per_year
            yearly[s.referent] = yearly.get(s.referent, 0) + per * length[s.last_visit is None]
        cut = cut_weeks(due, mondays, capacity, length, yearly, ahead_weeks=o.ahead_weeks)
        kept = {str(st.task_id): st for st in keep or ()}
        if keep is not None:
            cut = [_kept_week(monday, due, kept)]
        places = Places()
        absences = Absences.of(db)
        vehicles = [replace(v, skills=v.skills | {_own(v.id)})
                    for v in staff_vehicles(referents, depots, places, horizon, absences=absences)]
        tasks: list[Task] = []
        chosen: dict[str, Visit] = {}
        for week in cut:
            sunday = week.monday + dt.timedelta(days=6)
            days = frozenset(d for d, day in enumerate(horizon.days) if week.monday <= day <= sunday)
            for referent, visits in sorted(week.visits.items()):
                for v in visits:
                    home = residences[tenants[v.tenant_id].residence_id]
                    loc = places.add(home.residence_id, home.lat, home.lon)
                    tid = f"VIS-{v.tenant_id}-{week.monday:%Y%m%d}"
                    chosen[tid] = v
                    late = max(0, (week.monday - v.due).days)
                    pin = _pin(kept[tid], horizon) if tid in kept else None
                    tasks.append(Task(id=tid, location=loc, duration=length[v.first], days=days, pin=pin,
                                      skills=frozenset({_own(referent)}), penalty=1_000_000 + 10_000 * late
                                      + (500_000 if v.signal else 0) + (10**9 if pin else 0)))
        durations, distances, estimated = places.matrix(self.settings)
        problem = Problem(durations, distances, vehicles, tasks, estimated=bool(estimated))
        solution = solve(problem, time_limit_s=o.time_limit_s, seed=o.seed, workers=o.workers, progress=progress)
        ctx = PlanContext(SERVICE, horizon.days[0], places.ids, places.coords, days=horizon.days)
        slot, margin = o.slot_min * 60, o.late_margin_min * 60
        ctx.slots = {str(st.task_id): announced_slot(st.start, length=slot, late_margin=margin,
                                                     shift=(vehicles[r.vehicle].shift_start,
                                                            vehicles[r.vehicle].shift_end))
                     for r in solution.routes for st in r.steps if st.kind == "visit"}
        for tid, st in kept.items():  # a confirmed visit keeps the slot its tenant was told
            if st.slot_start is not None and st.slot_end is not None and (d := horizon.index(st.date)) is not None:
                ctx.slots[tid] = (horizon.at(d, st.slot_start.time()), horizon.at(d, st.slot_end.time()))
        plan = ReferentPlan(problem, solution, ctx, horizon, cut, chosen,
                            self._campaign(due, cut, solution, ctx, chosen, unreached))
        plan.kpis = self._kpis(plan, referents, seniors, unreached)
        self.fingerprint = fingerprint([*referents, *db.load(Activity), *absences.records()])
        return plan

    @staticmethod
    def _campaign(due: list[Visit], weeks: list[Week], solution: Solution, ctx: PlanContext,
                  chosen: dict[str, Visit], unreached: list[str]) -> list[dict[str, str]]:
        planned = {chosen[str(st.task_id)].tenant_id: ctx.when(st.start)[:10]
                   for r in solution.routes for st in r.steps if st.kind == "visit" and st.task_id in chosen}
        left = {chosen[u.task_id].tenant_id for u in solution.unassigned if u.task_id in chosen}
        late = {v.tenant_id for w in weeks for v in w.late}
        end = weeks[-1].monday + dt.timedelta(days=6) if weeks else None
        rows = []
        for v in due:
            on = planned.get(v.tenant_id, "")
            if on:
                reason = "late_capacity" if on > v.due.isoformat() else ""
            elif v.tenant_id in left:
                reason = "no_time_in_days"
            elif v.tenant_id in late or (end is not None and v.due <= end):
                reason = "late_capacity"
            else:
                reason = "after_horizon"
            rows.append({"tenant_id": v.tenant_id, "referent": v.referent, "due": v.due.isoformat(),
                         "kind": "premier" if v.first else "suivi", "signal": "oui" if v.signal else "non",
                         "planned_on": on, "reason": reason})
        rows += [{"tenant_id": tid, "referent": "", "due": "", "kind": "", "signal": "", "planned_on": "",
                  "reason": "no_referent"} for tid in unreached]
        return rows

    @staticmethod
    def _kpis(plan: ReferentPlan, referents: list[Staff], seniors: list[Senior],
              unreached: list[str]) -> dict[str, Any]:
        served = [str(st.task_id) for r in plan.solution.routes for st in r.steps
                  if st.kind == "visit" and st.task_id in plan.visits]
        weekly: dict[tuple[str, str], float] = {}
        for r in plan.solution.routes:
            for st in r.steps:
                if st.kind == "visit" and st.task_id in plan.visits:
                    day = dt.date.fromisoformat(plan.context.when(st.start)[:10])
                    key = (plan.visits[str(st.task_id)].referent, (day - dt.timedelta(days=day.weekday())).isoformat())
                    weekly[key] = weekly.get(key, 0.0) + (st.end - st.start) / 3600
        due_in = [row for row in plan.campaign if row["reason"] not in ("after_horizon", "no_referent")]
        met = [row for row in due_in if row["planned_on"] and row["planned_on"] <= row["due"]]
        reasons: dict[str, int] = {}
        for row in plan.campaign:
            if row["reason"]:
                reasons[row["reason"]] = reasons.get(row["reason"], 0) + 1
        return {
            "seniors": len(seniors) + len(unreached), "referents": len(referents),
            "visits_planned": len(served), "first_interviews": sum(plan.visits[tid].first for tid in served),
            "signalled_visits": sum(plan.visits[tid].signal for tid in served),
            "due_in_horizon": len(due_in), "due_met": len(met),
            "due_met_share": round(len(met) / len(due_in), 3) if due_in else 1.0,
            "not_planned_by_reason": dict(sorted(reasons.items())),
            "weekly_visit_hours_max": round(max(weekly.values()), 1) if weekly else 0.0,
            "weekly_visit_hours_min": round(min(weekly.values()), 1) if weekly else 0.0,
        }

    def write(self, plan: ReferentPlan, out: str | Path, *, week_label: str) -> Path:
        folder = write_plan(out, plan.problem, plan.solution, plan.context, extra_kpis=plan.kpis,
                            meta={"week": week_label, "weeks": len(plan.weeks), "settings": asdict(self.options),
                                  "inputs_fingerprint": self.fingerprint})
        with (folder / "campagne.csv").open("w", encoding="utf-8", newline="") as fh:
            table = csv.DictWriter(fh, fieldnames=list(CAMPAIGN_COLUMNS), lineterminator="\n")
            table.writeheader()
            table.writerows(plan.campaign)
        tenants = {x.tenant_id: x for x in self.db.load(Tenant)}
        with (folder / "annonces.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["task_id", "tenant_id", "slot_start", "slot_end", "announce"])
            for task_id, (a, b) in sorted(plan.context.slots.items()):
                tenant = tenants[plan.visits[task_id].tenant_id]
                how = "telephone" if tenant.contact_preference == "telephone" else "courrier"
                writer.writerow([task_id, tenant.tenant_id, plan.context.when(a), plan.context.when(b), how])
        when_complete(lambda: self._store(plan, week_label))
        return folder

    def _store(self, plan: ReferentPlan, week_label: str) -> None:
        plan.run_id = store_run(
            self.db, service=SERVICE, week_label=week_label, horizon=plan.horizon, problem=plan.problem,
            solution=plan.solution, ctx=plan.context, settings_json=json.dumps(asdict(self.options)),
            seed=self.options.seed, fingerprint_=self.fingerprint, parent=self.parent)

    def published(self, monday: dt.date) -> list[PlanStep]:
        """The visits of ``monday``'s week in the latest stored référent plan that holds it (it becomes the parent)."""
        runs = [r for r in self.db.load(PlanningRun)
                if r.service == SERVICE and r.horizon_start <= monday <= r.horizon_end]
        if not runs:
            raise ValidationError(t("ref_no_published", self.settings.lang, week=monday.isoformat()))
        run = max(runs, key=lambda r: (r.created_at, r.run_id))
        self.parent = run.run_id
        sunday = monday + dt.timedelta(days=6)
        return [st for st in self.db.load(PlanStep) if st.run_id == run.run_id and st.kind == "visit" and st.task_id
                and monday <= st.date <= sunday]


def tenant_of(task_id: str) -> str:
    """The tenant of a visit's task id (``VIS-<tenant>-<monday>``)."""
    return task_id[len("VIS-"):-len("-YYYYMMDD")]


def _kept_week(monday: dt.date, due: Sequence[Visit], kept: dict[str, PlanStep]) -> Week:
    """A published week again: its visits (same référent), and every tenant signalled since who is not in it."""
    next_of = {v.tenant_id: v for v in due}
    week = Week(monday)
    inside = set()
    for tid, st in sorted(kept.items()):
        tenant = tenant_of(tid)
        inside.add(tenant)
        v = next_of.get(tenant) or Visit(tenant, st.resource_id, st.date, False)
        week.visits.setdefault(st.resource_id, []).append(replace(v, referent=st.resource_id))
    for v in due:
        if v.signal and v.tenant_id not in inside:
            week.visits.setdefault(v.referent, []).append(v)
    return week


def _pin(step: PlanStep, horizon: Horizon) -> Pin | None:
    """Its référent, its day, a start inside the slot announced (the planned start when none was)."""
    d = horizon.index(step.date)
    if d is None or step.start is None:
        return None
    if step.slot_start is not None and step.slot_end is not None:
        return Pin(step.resource_id, d, horizon.at(d, step.slot_start.time()), horizon.at(d, step.slot_end.time()))
    return Pin.around(step.resource_id, d, horizon.at(d, step.start.time()))


CAMPAIGN_COLUMNS = ("tenant_id", "referent", "due", "kind", "signal", "planned_on", "reason")
__all__ = ["CAMPAIGN_COLUMNS", "LeftOut", "ReferentPlan", "ReferentPlanner"]

"""Épicerie mobile (fiche 4): a stable weekly calendar of village stops, over several weeks.

Two layers, iterated. The calendar layer (:mod:`epicerie_calendar`, CP-SAT) picks the
stops, a weekday pattern per commune frequency and the van for each, maximising the
weighted seniors covered and then grouping nearby stops. The routing layer times each
(van, weekday, week parity) with the engine: depot loading, commune time windows, lunch.
A weekly stop is timed once and pinned at the same minute in the other parity, so it
keeps its weekday and time every week; a day the engine cannot fit comes back to the
calendar as a cut. The weekly pattern is then laid over the horizon, with the holiday
rule (:data:`HOLIDAY_RULE`), and checked by the engine's checker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from tournees.db import Database
from tournees.engine import DAY, Break, LeftOut, Pin, Problem, Route, Solution, Task, Vehicle, check
from tournees.engine.schedule import timed_steps
from tournees.model import GroceryCommune, GroceryStop, Residence, Staff, Tenant
from tournees.model import Vehicle as VehicleRecord
from tournees.model.vocab import WEEKDAYS
from tournees.plan import PlanContext, write_plan
from tournees.plan.staging import when_complete
from tournees.services.availability import Absences
from tournees.services.common import Horizon, fingerprint, seconds, store_run
from tournees.services.epicerie.area import EpicerieArea, load_area, road_settings, stop_specs, van_specs
from tournees.services.epicerie.away import without_absences
from tournees.services.epicerie.calendar import CalendarResult, Cut, Slot, StopSpec, VanSpec, solve_calendar
from tournees.services.epicerie.coverage import coverage_figures, coverage_of
from tournees.services.epicerie.documents import write_coverage, write_public_calendar
from tournees.services.epicerie.horizon import HOLIDAY_RULE, lay_over_horizon
from tournees.services.epicerie.params import EpicerieOptions
from tournees.services.epicerie.result import EpiceriePlan
from tournees.services.epicerie.routing import DayRoute, route_days
from tournees.settings import Settings

__all__ = ["HOLIDAY_RULE", "EpicerieArea", "EpicerieOptions", "EpiceriePlan", "EpiceriePlanner"]

log = logging.getLogger(__name__)
PARITY_LABEL = {None: "toutes les semaines", 0: "semaines paires", 1: "semaines impaires"}


class EpiceriePlanner:
    def __init__(self, db: Database, settings: Settings, options: EpicerieOptions | None = None, *,
                 area: EpicerieArea | None = None) -> None:
        self.db, self.settings = db, settings
        self.options = options or EpicerieOptions()
        self._area: EpicerieArea | None = area
        self._pattern: tuple | None = None
        self._locked: dict[Slot, dict[str, int]] = {}  # published calendar kept: slot -> stop -> start (seconds of the day)

    # --- inputs -------------------------------------------------------------------------

    def road_settings(self) -> Settings:
        """The settings whose road files the planner uses (``options.network`` replaces them in a what-if)."""
        return road_settings(self.settings, self.options)

    def area(self, today: dt.date) -> EpicerieArea:
        if self._area is not None:
            return self._area
        self._area = load_area(self.db, self.settings, self.options, today)
        return self._area

    def calendar_inputs(self, today: dt.date) -> tuple[EpicerieArea, list[tuple[VanSpec, Staff]], list[StopSpec], list[tuple[float, list[int]]]]:
        """What the calendar layer works on: vans, stop specs, and per senior (weight, indices of the usable stops reaching them)."""
        t = self.area(today)
        vans = van_specs(t, self.options)
        specs = stop_specs(t, self.options, vans)
        index = {s.stop_id: j for j, s in enumerate(specs)}
        usable = [s.stop_id for s in specs if s.weekdays and (s.needs_power_ok or not all(v.needs_power for v, _ in vans))]
        covers = [(w, [index[s] for s in group]) for w, group in
                  t.reach[t.reach["stop_id"].isin(usable)].groupby("tenant_id").agg(w=("weight", "first"), s=("stop_id", list)).itertuples(index=False)]
        return t, vans, specs, covers

    def weekly_pattern(self, today: dt.date, *, progress: Callable[[str], None] | None = None) -> tuple[
            CalendarResult, dict[Slot, DayRoute], list[StopSpec], list[tuple[VanSpec, Staff]], list[str]]:
        """The calendar and its timed days, iterating the two layers until every day fits (kept for later calls)."""
        if self._pattern is None:
            self._pattern = self._weekly_pattern(today, progress)
        return self._pattern

    def _lock(self, today: dt.date, vans: list[tuple[VanSpec, Staff]], specs: list[StopSpec],
              covers: list[tuple[float, list[int]]]) -> list[tuple[str, Slot]]:
        """The published calendar to keep (stop, slot), its times kept in ``self._locked``; nothing when
        there is no earlier plan or when the published calendar no longer fits (then said in the log)."""
        from tournees.model import PlanningRun, PlanStep
        from tournees.services.epicerie.published import published_pattern

        o, t = self.options, self.area(today)
        parities = 2 if any(s.frequency == "quinzaine" for s in specs) else 1
        pattern = published_pattern(self.db.load(PlanningRun), self.db.load(PlanStep), today, [v.van_id for v, _ in vans], parities)
        known = {s.stop_id for s in specs}
        pattern = {slot: kept for slot, stops in pattern.items() if (kept := {s: t for s, t in stops.items() if s in known})}
        fixed = [(stop, slot) for slot, stops in sorted(pattern.items()) for stop in sorted(stops)]
        if fixed and not solve_calendar(specs, [v for v, _ in vans], t.durations, covers, fixed=fixed, force=[s for s, _ in fixed],
                                        max_stops=o.max_stops, time_limit_s=o.calendar_time, seed=o.seed, workers=o.workers).slots:
            log.warning("le calendrier publié ne tient plus (arrêts, jours ou camions changés) : il est recalculé")
            return []
        self._locked = pattern
        return fixed

    def _weekly_pattern(self, today: dt.date, progress: Callable[[str], None] | None) -> tuple[
            CalendarResult, dict[Slot, DayRoute], list[StopSpec], list[tuple[VanSpec, Staff]], list[str]]:
        o = self.options
        t, vans, specs, covers = self.calendar_inputs(today)
        cuts: list[Cut] = []
        cache: dict = {}
        dropped: list[str] = []
        force = list(o.force_stops)
        fixed = self._lock(today, vans, specs, covers) if o.keep_published else []
        force += sorted({stop for stop, _ in fixed} - set(force))
        if o.asked_communes:  # communes that asked for the van keep a stop while a senior without a car there is not covered
            first = solve_calendar(specs, [v for v, _ in vans], t.durations, covers, force=force, fixed=fixed, max_stops=o.max_stops,
                                   time_limit_s=o.calendar_time, seed=o.seed, workers=o.workers)
            asked = asked_stops(t.people, t.reach, specs, set(first.slots), need_power=all(v.needs_power for v, _ in vans))
            if asked and solve_calendar(specs, [v for v, _ in vans], t.durations, covers, force=force + asked, fixed=fixed,
                                        max_stops=o.max_stops,
                                        time_limit_s=o.calendar_time, seed=o.seed, workers=o.workers).slots:
                force += asked
        for n in range(o.iterations):
            cal = solve_calendar(specs, [v for v, _ in vans], t.durations, covers, cuts=cuts, force=force, fixed=fixed,
                                 max_stops=o.max_stops, time_limit_s=o.calendar_time, seed=o.seed, workers=o.workers)
            routes, new = route_days(t, self.options, vans, specs, cal, cache, self._locked)
            if progress:
                progress(f"calendrier {n + 1} : {len(cal.slots)} arrêts, {len(new)} journée(s) à revoir")
            if not new:
                return cal, routes, specs, vans, dropped
            cuts += new
        # Still not fitting: leave out the stops of the days that do not fit, and say so.
        for cut in new:
            for _, ids in cut.parts:
                for sid in ids:
                    if cal.slots.pop(sid, None) is not None:
                        dropped.append(sid)
        routes, new = route_days(t, self.options, vans, specs, cal, cache, self._locked)
        while new:
            sid = sorted(new[0].parts[0][1])[-1]
            cal.slots.pop(sid, None)
            dropped.append(sid)
            routes, new = route_days(t, self.options, vans, specs, cal, cache, self._locked)
        return cal, routes, specs, vans, dropped

    # --- the horizon --------------------------------------------------------------------

    def plan(self, first_monday: dt.date, *, progress: Callable[[str], None] | None = None) -> EpiceriePlan:
        o = self.options
        t = self.area(first_monday)
        cal, routes, specs, vans, dropped = self.weekly_pattern(first_monday, progress=progress)
        by_id = {s.stop_id: s for s in specs}
        mondays = [first_monday + dt.timedelta(weeks=w) for w in range(o.weeks)]
        runs, cancelled, moves = lay_over_horizon(t, cal, routes, by_id, vans, mondays)
        runs, away, short = without_absences(runs, vans, by_id, t.durations, Absences.of(self.db), lang=self.settings.lang,
                                             loading_s=60 * o.loading_min, unloading_s=60 * o.unloading_min)
        cancelled += away
        days = sorted({r[0] for r in runs} | {c[1] for c in cancelled})
        day_of = {d: i for i, d in enumerate(days)}
        vehicles: list[Vehicle] = []
        tasks: list[Task] = []
        orders: list[list[Task]] = []
        for date, v, route, planned in sorted(runs, key=lambda r: (r[0], r[1])):
            van, staff = vans[v]
            di = day_of[date]
            hours = short.get((date, v))  # a half-day away: a shorter day, lunch taken in the absence
            lunch = 60 * staff.lunch_min if hours is None or hours.lunch else 0
            breaks = (Break(lunch, di * DAY + seconds(staff.lunch_start), di * DAY + seconds(staff.lunch_end) - lunch),) if lunch else ()
            day_start, day_end = (van.day_start, van.day_end) if hours is None else (hours.day_start, hours.day_end)
            vehicles.append(Vehicle(id=van.van_id, day=di, start=van.depot, end=van.depot, shift_start=di * DAY + day_start,
                                    shift_end=di * DAY + day_end, breaks=breaks,
                                    cost_per_km=round(100 * (t.vehicles[van.van_id].cost_per_km_eur if van.van_id in t.vehicles else 0))))
            day_tasks = []
            for s in route.order:
                spec, at = by_id[s], di * DAY + route.starts[s]
                task = Task(id=f"{s}@{planned.isoformat()}", location=spec.location, duration=spec.dwell_s,
                            windows=((di * DAY + spec.window[0], di * DAY + spec.window[1]),), days=frozenset({di}),
                            pin=Pin(van.van_id, di, at, at))
                day_tasks.append(task)
            tasks += day_tasks
            orders.append(day_tasks)
        for s, date, _, _ in cancelled:
            spec = by_id[s]
            tasks.append(Task(id=f"{s}@{date.isoformat()}", location=spec.location, duration=spec.dwell_s, days=frozenset()))
        problem = Problem(t.durations, t.distances, vehicles, tasks, estimated=t.estimated)
        out_routes = []
        for vi, day_tasks in enumerate(orders):
            steps = timed_steps(problem, vi, day_tasks)
            if steps is None:  # the pattern was timed on this very day: never expected
                raise RuntimeError(f"tournée du {days[problem.vehicles[vi].day]} impossible à minuter")
            out_routes.append(Route(vi, steps))
        left = [LeftOut(f"{s}@{date.isoformat()}", code, reason) for s, date, code, reason in cancelled]
        left += self._not_chosen(t, specs, vans, cal, dropped)
        solution = Solution(out_routes, left, "ortools", o.seed, 0.0)
        # written in plan.json: a search the safety cap ended (machine far too loaded) may give another calendar
        solution.stopped_by_clock = cal.stopped_by_clock or any(r.stopped_by_clock for r in routes.values())
        violations = check(problem, solution)
        if violations:
            raise RuntimeError("plan de l'épicerie incohérent : " + "; ".join(v.message for v in violations[:5]))
        ctx = PlanContext("epicerie", days[0] if days else first_monday, t.places.ids, t.places.coords, days=days,
                          slots={task.id: (task.pin.earliest, task.pin.earliest + task.duration) for task in tasks if task.pin})
        served = {s for r in out_routes for s in (tid.split("@")[0] for tid in r.task_ids)}
        usable = {s.stop_id for s in specs if s.weekdays and (s.needs_power_ok or not all(v.needs_power for v, _ in vans))}
        coverage = coverage_of(t.people, t.reach, served, usable)
        calendar = self._calendar_rows(t, cal, routes, by_id, vans)
        plan = EpiceriePlan(problem, solution, ctx, days, calendar, coverage, t.reach, {}, moves)
        plan.kpis = self._kpis(plan, t, vans, cal, dropped)
        return plan

    def _not_chosen(self, t: EpicerieArea, specs: list[StopSpec], vans: list[tuple[VanSpec, Staff]], cal: CalendarResult,
                    dropped: list[str]) -> list[LeftOut]:
        chosen = set(cal.slots)
        covered = set(t.reach[t.reach["stop_id"].isin(chosen)]["tenant_id"])
        need_power = all(v.needs_power for v, _ in vans)
        left = []
        for s in specs:
            if s.stop_id in chosen:
                continue
            mine = set(t.reach[t.reach["stop_id"] == s.stop_id]["tenant_id"])
            if s.stop_id in dropped:
                left.append(LeftOut(s.stop_id, "capacity", "arrêt retenu mais la journée du camion ne permet pas de le desservir"))
            elif not s.weekdays:
                stop = next(x for x in t.stops if x.stop_id == s.stop_id)
                why = "pas de stationnement pour le camion" if not stop.parking else "aucun jour de tournée permis par la commune"
                left.append(LeftOut(s.stop_id, "no_day_available" if stop.parking else "stop_unsuitable", why))
            elif need_power and not s.needs_power_ok:
                left.append(LeftOut(s.stop_id, "stop_unsuitable", "pas de prise électrique pour le camion frigorifique"))
            elif not mine:
                left.append(LeftOut(s.stop_id, "not_needed", "aucun locataire senior à portée de cet arrêt"))
            elif mine <= covered:
                left.append(LeftOut(s.stop_id, "not_needed", "les seniors à portée sont déjà couverts par un arrêt retenu"))
            else:
                left.append(LeftOut(s.stop_id, "capacity", "la semaine du camion est pleine : cet arrêt couvrirait "
                                    f"{len(mine - covered)} senior(s) de plus"))
        return left

    def _calendar_rows(self, t: EpicerieArea, cal: CalendarResult, routes: dict[Slot, DayRoute], by_id: dict[str, StopSpec],
                       vans: list[tuple[VanSpec, Staff]]) -> pd.DataFrame:
        rows = []
        names = {s.stop_id: s for s in t.stops}
        for sid, slots in sorted(cal.slots.items()):
            stop, spec = names[sid], by_id[sid]
            seen: set[tuple[int, str]] = set()
            for v, d, p in slots:
                if (v, d) in seen:
                    continue
                seen.add((v, d))
                start = routes[(v, d, p)].starts[sid]
                parity = p if spec.frequency == "quinzaine" else None
                rows.append({"insee_code": stop.insee_code, "commune": t.communes[stop.insee_code].name, "stop_id": sid,
                             "stop_name": stop.name, "weekday": d, "start": _hhmm(start), "end": _hhmm(start + spec.dwell_s),
                             "frequency": spec.frequency, "weeks": PARITY_LABEL[parity], "van": vans[v][0].van_id,
                             "lat": round(stop.lat, 6), "lon": round(stop.lon, 6)})
        columns = ["insee_code", "commune", "stop_id", "stop_name", "weekday", "start", "end", "frequency", "weeks", "van", "lat", "lon"]
        frame = pd.DataFrame(rows, columns=columns)
        if len(frame):
            frame = frame.assign(_d=frame["weekday"].map(WEEKDAYS.index)).sort_values(["commune", "_d", "start"]).drop(columns="_d")
        return frame.reset_index(drop=True)

    def _kpis(self, plan: EpiceriePlan, t: EpicerieArea, vans: list[tuple[VanSpec, Staff]], cal: CalendarResult,
              dropped: list[str]) -> dict[str, Any]:
        o = self.options
        secs, metres = plan.solution.travel(plan.problem)
        weeks = max(1, o.weeks)
        km_cost = {v.van_id: (t.vehicles[v.van_id].cost_per_km_eur if v.van_id in t.vehicles else 0.0) for v, _ in vans}
        per_km = sum(km_cost.values()) / len(km_cost) if km_cost else 0.0
        km = metres / 1000
        parities = max(1, cal.parities)
        figures = coverage_figures(plan.coverage, {s: len(ks) / parities for s, ks in cal.slots.items()})
        served_communes = set(plan.calendar["insee_code"]) if len(plan.calendar) else set()
        n_vans = len(vans)
        monthly = n_vans * (o.van_eur / (12 * o.van_years) + o.upkeep_eur_month + o.management_eur_month + o.driver_eur_month)
        return {
            **figures,
            "monthly_cost_eur": round(monthly, 2),
            "monthly_cost_per_covered_senior_eur": round(monthly / figures["seniors_covered"], 2) if figures["seniors_covered"] else None,
            "cost_basis": {"vans": n_vans, "van_eur": o.van_eur, "van_years": o.van_years, "upkeep_eur_month": o.upkeep_eur_month,
                           "management_eur_month": o.management_eur_month, "driver_eur_month": o.driver_eur_month},
            "stops_candidates": len(t.stops),
            "stops_selected": len(cal.slots),
            "stops_dropped_for_time": sorted(dropped),
            "communes": len(t.communes),
            "communes_served": len(served_communes),
            "weeks": weeks,
            "weekly_driving_time_s": round(secs / weeks),
            "weekly_driving_distance_m": round(metres / weeks),
            "weekly_fuel_l": round(km / weeks * o.fuel_l_per_100km / 100, 1),
            "weekly_fuel_cost_eur": round(km / weeks * o.fuel_l_per_100km / 100 * o.fuel_eur_per_l, 2),
            "weekly_km_cost_eur": round(km / weeks * per_km, 2),
            "calendar_optimal": cal.optimal,
            "holiday_moves": len(plan.moves),
            "coverage_rule": {"walk_max_m": o.rule.walk_max_m, "walk_max_min": o.rule.walk_max_min, "drive_max_min": o.rule.drive_max_min,
                              "drive_for_all": o.rule.drive_for_all, "w_isolated": o.rule.w_isolated, "w_no_car": o.rule.w_no_car},
        }


    def write(self, plan: EpiceriePlan, out: str | Path, *, label: str, store: bool = True,
              coverage_before: list[dict[str, Any]] | None = None) -> Path:
        """The plan folder (shared format), the public calendar and the coverage tables; saved in the database.
        ``coverage_before``: a re-plan's coverage per commune of the plan it replaces (counts), kept to show the
        change."""
        import json


        settings = json.loads(json.dumps(asdict(self.options), default=str))
        inputs = self.fingerprint
        folder = write_plan(out, plan.problem, plan.solution, plan.context, extra_kpis=plan.kpis, meta={
            "period": label, "settings": settings, "inputs_fingerprint": inputs,
            "holiday_rule": HOLIDAY_RULE[self.settings.lang], "holiday_moves": plan.moves,
            "calendar": plan.calendar.to_dict("records"),
            "communes": {c.insee_code: {"frequency": self.options.frequencies.get(c.insee_code, c.frequency), "forbidden_days": list(c.forbidden_days),
                                        "market_day": c.market_day, "window_start": c.window_start.isoformat() if c.window_start else None,
                                        "window_end": c.window_end.isoformat() if c.window_end else None}
                         for c in self.db.load(GroceryCommune)},
            "stops": {s.stop_id: s.insee_code for s in self.area(plan.days[0] if plan.days else dt.date.today()).stops},
            **({"coverage_before": coverage_before} if coverage_before is not None else {})})
        lang = self.settings.lang
        write_public_calendar(folder, plan, HOLIDAY_RULE[lang if lang in HOLIDAY_RULE else "fr"], lang)
        write_coverage(folder, plan)
        if store:  # the run is recorded only once its folder is complete
            def stored() -> None:
                plan.run_id = store_run(self.db, service="epicerie", week_label=label, horizon=Horizon(plan.days),
                                        problem=plan.problem, solution=plan.solution, ctx=plan.context,
                                        settings_json=json.dumps(settings), seed=self.options.seed, fingerprint_=inputs)

            when_complete(stored)
        return folder

    @property
    def fingerprint(self) -> str:
        db = self.db
        return fingerprint([*db.load(GroceryCommune), *db.load(GroceryStop), *db.load(Staff), *db.load(VehicleRecord),
                            *db.load(Tenant), *db.load(Residence), *Absences.of(db).records()])


def _hhmm(secs: int) -> str:
    return f"{secs // 3600:02d}:{secs % 3600 // 60:02d}"


def asked_stops(people: pd.DataFrame, reach: pd.DataFrame, specs: list[StopSpec], chosen: set[str], *,
                need_power: bool) -> list[str]:
    """One usable stop for each commune with no chosen stop where a senior without a car is not covered:
    the stop within reach of most of its seniors (then the smallest id)."""
    covered = set(reach[reach["stop_id"].isin(chosen)]["tenant_id"])
    served = {s.insee_code for s in specs if s.stop_id in chosen}
    counts = reach.groupby("stop_id")["tenant_id"].nunique().to_dict()
    picks = []
    for code in sorted(set(people["insee_code"]) - served):
        mine = people[(people["insee_code"] == code) & ~people["has_car"].astype(bool)]
        if not len(mine) or set(mine["tenant_id"]) <= covered:
            continue
        usable = [s for s in specs if s.insee_code == code and s.weekdays and (s.needs_power_ok or not need_power)]
        if usable:
            picks.append(min(usable, key=lambda s: (-counts.get(s.stop_id, 0), s.stop_id)).stop_id)
    return picks

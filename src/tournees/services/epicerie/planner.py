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
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tournees.calendar import french_holidays, is_holiday, weekday_code
from tournees.db import Database
from tournees.engine import DAY, Break, LeftOut, Pin, Problem, Route, Solution, Task, Vehicle, check, solve
from tournees.engine.schedule import timed_steps
from tournees.model import GroceryCommune, GroceryStop, Residence, Staff, Tenant
from tournees.model import Vehicle as VehicleRecord
from tournees.model.resources import Depot
from tournees.model.vocab import WEEKDAYS
from tournees.plan import PlanContext, write_plan
from tournees.services.common import SOMME, Horizon, Places, fingerprint, seconds, store_run
from tournees.services.epicerie.calendar import CalendarResult, Cut, Slot, StopSpec, VanSpec, solve_calendar
from tournees.services.epicerie.coverage import CoverageRule, coverage_figures, coverage_of, reach_pairs, seniors
from tournees.settings import Settings

log = logging.getLogger(__name__)
STEP = 300  # announced times on 5-minute marks
HOLIDAY_RULE = {
    "fr": "Jour férié : la tournée du jour est décalée, aux mêmes heures, au jour sans tournée le plus proche de la même "
          "semaine (du lundi au samedi, non férié) ; un arrêt dont la commune exclut ce jour (jour interdit ou de marché) "
          "est supprimé cette semaine-là et signalé ; sans jour libre, la tournée est annulée et les communes prévenues.",
    "en": "Public holiday: the day's round moves, at the same times, to the nearest day of the same week without a round "
          "(Monday to Saturday, not a holiday); a stop whose commune excludes that day (forbidden or market day) is dropped "
          "that week and reported; with no free day, the round is cancelled and the communes told.",
}
PARITY_LABEL = {None: "toutes les semaines", 0: "semaines paires", 1: "semaines impaires"}


@dataclass(frozen=True)
class EpicerieOptions:
    weeks: int = 4
    rule: CoverageRule = field(default_factory=CoverageRule)
    loading_min: int = 30  # at the depot before leaving
    unloading_min: int = 20  # at the depot after coming back
    minutes_per_customer: float = 4.0
    take_up: float = 0.5  # share of the seniors within reach expected at the van
    dwell_factor: float = 1.0  # what-if: longer or shorter stops
    frequencies: Mapping[str, str] = field(default_factory=dict)  # what-if: commune INSEE code -> frequency
    extra_vans: int = 0  # what-if: more vans like the first one
    exclude_stops: tuple[str, ...] = ()
    force_stops: tuple[str, ...] = ()
    extra_stops: tuple[GroceryStop, ...] = ()
    max_stops: int | None = None
    calendar_time: float = 5.0  # CP-SAT deterministic time per solve
    route_time_s: float = 1.0
    iterations: int = 8
    seed: int = 0
    workers: int = 4
    fuel_l_per_100km: float = 14.0
    fuel_eur_per_l: float = 1.80
    network: tuple[str, ...] = SOMME


@dataclass
class Territory:
    """What does not change between scenarios: people, candidates, vans, matrices, reach."""

    people: pd.DataFrame
    reach: pd.DataFrame
    stops: list[GroceryStop]
    communes: dict[str, GroceryCommune]
    staff: list[Staff]
    vehicles: dict[str, VehicleRecord]
    depots: dict[str, Depot]
    places: Places
    durations: np.ndarray
    distances: np.ndarray
    estimated: bool


@dataclass
class DayRoute:
    slot: Slot
    order: list[str]  # stop ids
    starts: dict[str, int]  # stop id -> service start, seconds of the day


@dataclass
class EpiceriePlan:
    problem: Problem
    solution: Solution
    context: PlanContext
    days: list[dt.date]
    calendar: pd.DataFrame  # one row per stop and weekday served: the public pattern
    coverage: pd.DataFrame  # per senior (pseudonymous id): covered, by which stop, why not
    reach: pd.DataFrame
    kpis: dict[str, Any]
    moves: list[dict[str, str]]  # holiday moves


class EpiceriePlanner:
    def __init__(self, db: Database, settings: Settings, options: EpicerieOptions | None = None, *,
                 territory: Territory | None = None) -> None:
        self.db, self.settings = db, settings
        self.options = options or EpicerieOptions()
        self._territory: Territory | None = territory
        self._pattern: tuple | None = None

    # --- inputs -------------------------------------------------------------------------

    def territory(self, today: dt.date) -> Territory:
        if self._territory is not None:
            return self._territory
        db, o = self.db, self.options
        communes = {c.insee_code: c for c in db.load(GroceryCommune)}
        stops = sorted([s for s in db.load(GroceryStop) if s.stop_id not in o.exclude_stops] + list(o.extra_stops),
                       key=lambda s: s.stop_id)
        staff = sorted((s for s in db.load(Staff) if s.service == "epicerie"), key=lambda s: s.staff_id)
        if not staff:
            raise ValueError("aucun personnel de l'épicerie dans la base (table staff, service epicerie)")
        if not stops:
            raise ValueError("aucun arrêt candidat pour l'épicerie (table grocery_stops)")
        vehicles = {v.vehicle_id: v for v in db.load(VehicleRecord) if v.service == "epicerie"}
        depots = {d.depot_id: d for d in db.load(Depot)}
        residences = {r.residence_id: r for r in db.load(Residence)}
        people = seniors(db.load(Tenant), residences, set(communes), o.rule, today)
        places = Places()
        for person in staff:
            d = depots[person.depot_id]
            places.add(d.depot_id, d.lat, d.lon)
        for s in stops:
            places.add(s.stop_id, s.lat, s.lon)
        homes = sorted(set(people["residence_id"]))
        for r in homes:
            places.add(r, residences[r].lat, residences[r].lon)  # type: ignore[arg-type]
        durations, distances, estimated = places.matrix(self.settings, o.network)
        walkers = Places()
        for s in stops:
            walkers.add(s.stop_id, s.lat, s.lon)
        for r in homes:
            walkers.add(r, residences[r].lat, residences[r].lon)  # type: ignore[arg-type]
        _, walk, _ = walkers.matrix(self.settings, o.network, network="walk")
        walk = np.asarray(walk)
        n = len(stops)
        walk_m = np.minimum(walk[n:, :n], walk[:n, n:].T)  # the shorter direction: no one-way on foot
        D = np.asarray(durations)
        drive_s = np.array([[D[places.index(r), places.index(s.stop_id)] for s in stops] for r in homes]).reshape(len(homes), n)
        reach = reach_pairs(people, stops, walk_m, drive_s, {r: i for i, r in enumerate(homes)}, o.rule)
        self._territory = Territory(people, reach, stops, communes, staff, vehicles, depots, places,
                                    D, np.asarray(distances), estimated)
        return self._territory

    def _vans(self, t: Territory) -> list[tuple[VanSpec, Staff]]:
        vans = []
        for person in t.staff:
            vehicle = t.vehicles.get(person.vehicle_id or "")
            van_id = vehicle.vehicle_id if vehicle else person.staff_id
            spec = VanSpec(van_id=van_id, depot=t.places.index(person.depot_id), weekdays=tuple(d for d in WEEKDAYS if d in person.working_days),
                           day_start=seconds(person.shift_start) + 60 * self.options.loading_min,
                           day_end=seconds(person.shift_end) - 60 * self.options.unloading_min,
                           lunch_s=60 * person.lunch_min, needs_power=bool(vehicle and vehicle.needs_electricity))
            vans.append((spec, person))
        for n in range(self.options.extra_vans):
            spec, person = vans[0]
            vans.append((replace(spec, van_id=f"{spec.van_id}-{n + 2}"), person))
        return vans

    def _stop_specs(self, t: Territory, vans: list[tuple[VanSpec, Staff]]) -> list[StopSpec]:
        o = self.options
        days = {d for spec, _ in vans for d in spec.weekdays}
        reachable = t.reach.groupby("stop_id")["tenant_id"].nunique().to_dict()
        specs = []
        for s in t.stops:
            commune = t.communes[s.insee_code]
            expected = o.take_up * reachable.get(s.stop_id, 0)
            dwell = max(s.dwell_min, o.minutes_per_customer * expected) * o.dwell_factor
            dwell_s = int(-(-dwell * 60 // STEP) * STEP)
            banned = commune.excluded_days
            lo = seconds(commune.window_start) if commune.window_start else 0
            hi = (seconds(commune.window_end) if commune.window_end else DAY) - dwell_s
            specs.append(StopSpec(
                stop_id=s.stop_id, insee_code=s.insee_code, location=t.places.index(s.stop_id), dwell_s=dwell_s,
                frequency=o.frequencies.get(s.insee_code, commune.frequency), weekdays=frozenset(days - banned) if s.parking else frozenset(),
                preferred=frozenset(commune.preferred_days), window=(lo, hi), needs_power_ok=s.electricity,
            ))
        return specs

    # --- routing layer ------------------------------------------------------------------

    def _route(self, t: Territory, van: VanSpec, staff: Staff, stops: list[StopSpec], pins: Mapping[str, int]) -> DayRoute | None:
        """One day of one van, timed by the engine; ``None`` if it cannot serve them all."""
        lunch = 60 * staff.lunch_min
        breaks = (Break(lunch, seconds(staff.lunch_start), seconds(staff.lunch_end) - lunch),) if lunch else ()
        vehicle = Vehicle(id=van.van_id, day=0, start=van.depot, end=van.depot, shift_start=van.day_start,
                          shift_end=van.day_end, breaks=breaks)
        tasks = [Task(id=s.stop_id, location=s.location, duration=s.dwell_s, windows=(s.window,),
                      pin=Pin(van.van_id, 0, pins[s.stop_id], pins[s.stop_id]) if s.stop_id in pins else None) for s in stops]
        problem = Problem(t.durations, t.distances, [vehicle], tasks)
        solution = solve(problem, time_limit_s=self.options.route_time_s, seed=self.options.seed, engine="ortools", workers=1)
        if solution.unassigned:
            return None
        order = solution.routes[0].task_ids if solution.routes else []
        starts = _on_marks(problem, order, pins)
        if any(v % STEP for v in starts.values()):
            return None  # announced times are on 5-minute marks: a day too full for that goes back to the calendar
        return DayRoute(slot=(0, "", 0), order=order, starts=starts)

    def _routes(self, t: Territory, vans: list[tuple[VanSpec, Staff]], specs: list[StopSpec], cal: CalendarResult,
                cache: dict) -> tuple[dict[Slot, DayRoute], list[Cut]]:
        by_id = {s.stop_id: s for s in specs}
        routes: dict[Slot, DayRoute] = {}
        cuts: list[Cut] = []

        def route(v: int, ids: list[str], pins: Mapping[str, int]) -> DayRoute | None:
            key = (v, tuple(ids), tuple(sorted(pins.items())))
            if key not in cache:
                cache[key] = self._route(t, vans[v][0], vans[v][1], [by_id[i] for i in ids], pins) if ids else DayRoute((v, "", 0), [], {})
            return cache[key]

        for v, (van, _) in enumerate(vans):
            for d in van.weekdays:
                k0, k1 = (v, d, 0), (v, d, 1)
                s0 = cal.stops_in(k0)
                s1 = cal.stops_in(k1) if cal.parities == 2 else s0
                r0 = route(v, s0, {})
                if r0 is None:
                    cuts.append(Cut(((k0, frozenset(s0)),)))
                    continue
                routes[k0] = replace(r0, slot=k0)
                if cal.parities == 1:
                    continue
                common = set(s0) & set(s1)
                r1 = r0 if s1 == s0 else route(v, s1, {s: r0.starts[s] for s in common})
                if r1 is None:  # time the other week first and pin this one instead
                    r1 = route(v, s1, {})
                    r0b = route(v, s0, {s: r1.starts[s] for s in common}) if r1 is not None else None
                    if r1 is None or r0b is None:
                        cuts.append(Cut(((k0, frozenset(s0)), (k1, frozenset(s1)))) if r1 is not None else Cut(((k1, frozenset(s1)),)))
                        continue
                    routes[k0] = replace(r0b, slot=k0)
                routes[k1] = replace(r1, slot=k1)
        return routes, cuts

    def calendar_inputs(self, today: dt.date) -> tuple[Territory, list[tuple[VanSpec, Staff]], list[StopSpec], list[tuple[float, list[int]]]]:
        """What the calendar layer works on: vans, stop specs, and per senior (weight, indices of the usable stops reaching them)."""
        t = self.territory(today)
        vans = self._vans(t)
        specs = self._stop_specs(t, vans)
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

    def _weekly_pattern(self, today: dt.date, progress: Callable[[str], None] | None) -> tuple[
            CalendarResult, dict[Slot, DayRoute], list[StopSpec], list[tuple[VanSpec, Staff]], list[str]]:
        o = self.options
        t, vans, specs, covers = self.calendar_inputs(today)
        cuts: list[Cut] = []
        cache: dict = {}
        dropped: list[str] = []
        for n in range(o.iterations):
            cal = solve_calendar(specs, [v for v, _ in vans], t.durations, covers, cuts=cuts, force=o.force_stops,
                                 max_stops=o.max_stops, time_limit_s=o.calendar_time, seed=o.seed, workers=o.workers)
            routes, new = self._routes(t, vans, specs, cal, cache)
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
        routes, new = self._routes(t, vans, specs, cal, cache)
        while new:
            sid = sorted(new[0].parts[0][1])[-1]
            cal.slots.pop(sid, None)
            dropped.append(sid)
            routes, new = self._routes(t, vans, specs, cal, cache)
        return cal, routes, specs, vans, dropped

    # --- the horizon --------------------------------------------------------------------

    def plan(self, first_monday: dt.date, *, progress: Callable[[str], None] | None = None) -> EpiceriePlan:
        o = self.options
        t = self.territory(first_monday)
        cal, routes, specs, vans, dropped = self.weekly_pattern(first_monday, progress=progress)
        by_id = {s.stop_id: s for s in specs}
        mondays = [first_monday + dt.timedelta(weeks=w) for w in range(o.weeks)]
        runs: list[tuple[dt.date, int, DayRoute, dt.date]] = []  # (date run, van, route, date planned)
        cancelled: list[tuple[str, dt.date, str, str]] = []  # (stop, date, code, reason)
        moves: list[dict[str, str]] = []
        for monday in mondays:
            parity = monday.isocalendar()[1] % 2 if cal.parities == 2 else 0
            taken: set[tuple[int, dt.date]] = set()
            for v, (van, _) in enumerate(vans):
                for d in van.weekdays:
                    route = routes.get((v, d, parity))
                    if route is None or not route.order:
                        continue
                    date = monday + dt.timedelta(days=WEEKDAYS.index(d))
                    if not is_holiday(date):
                        runs.append((date, v, route, date))
                        continue
                    holiday = french_holidays(date.year)[date]
                    free = [monday + dt.timedelta(days=i) for i in range(6) if WEEKDAYS[i] not in van.weekdays
                            and not is_holiday(monday + dt.timedelta(days=i)) and (v, monday + dt.timedelta(days=i)) not in taken]
                    if not free:
                        cancelled += [(s, date, "holiday", f"{holiday} ({date:%d/%m}) : tournée annulée, aucun jour libre dans la semaine")
                                      for s in route.order]
                        moves.append({"date": date.isoformat(), "van": van.van_id, "holiday": holiday, "moved_to": ""})
                        continue
                    target = min(free, key=lambda x: (abs((x - date).days), -x.toordinal()))
                    taken.add((v, target))
                    code = weekday_code(target)
                    keep = [s for s in route.order if _commune_allows(t, by_id[s], code)]
                    for s in route.order:
                        if s not in keep:
                            cancelled.append((s, date, "holiday", f"{holiday} ({date:%d/%m}) : tournée décalée au {target:%d/%m}, "
                                              "jour que la commune exclut ; passage supprimé cette semaine"))
                    moves.append({"date": date.isoformat(), "van": van.van_id, "holiday": holiday, "moved_to": target.isoformat()})
                    runs.append((target, v, DayRoute(route.slot, keep, route.starts), date))
        days = sorted({r[0] for r in runs} | {c[1] for c in cancelled})
        day_of = {d: i for i, d in enumerate(days)}
        vehicles: list[Vehicle] = []
        tasks: list[Task] = []
        orders: list[list[Task]] = []
        for date, v, route, planned in sorted(runs, key=lambda r: (r[0], r[1])):
            van, staff = vans[v]
            di = day_of[date]
            lunch = 60 * staff.lunch_min
            breaks = (Break(lunch, di * DAY + seconds(staff.lunch_start), di * DAY + seconds(staff.lunch_end) - lunch),) if lunch else ()
            vehicles.append(Vehicle(id=van.van_id, day=di, start=van.depot, end=van.depot, shift_start=di * DAY + van.day_start,
                                    shift_end=di * DAY + van.day_end, breaks=breaks,
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

    def _not_chosen(self, t: Territory, specs: list[StopSpec], vans: list[tuple[VanSpec, Staff]], cal: CalendarResult,
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

    def _calendar_rows(self, t: Territory, cal: CalendarResult, routes: dict[Slot, DayRoute], by_id: dict[str, StopSpec],
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

    def _kpis(self, plan: EpiceriePlan, t: Territory, vans: list[tuple[VanSpec, Staff]], cal: CalendarResult,
              dropped: list[str]) -> dict[str, Any]:
        o = self.options
        secs, metres = plan.solution.travel(plan.problem)
        weeks = max(1, o.weeks)
        km_cost = {v.van_id: (t.vehicles[v.van_id].cost_per_km_eur if v.van_id in t.vehicles else 0.0) for v, _ in vans}
        per_km = sum(km_cost.values()) / len(km_cost) if km_cost else 0.0
        km = metres / 1000
        figures = coverage_figures(plan.coverage)
        served_communes = set(plan.calendar["insee_code"]) if len(plan.calendar) else set()
        return {
            **figures,
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


    def write(self, plan: EpiceriePlan, out: str | Path, *, label: str, store: bool = True) -> Path:
        """The plan folder (shared format), the public calendar and the coverage tables; saved in the database."""
        import json

        from tournees.services.epicerie.documents import write_coverage, write_public_calendar

        settings = json.loads(json.dumps(asdict(self.options), default=str))
        inputs = self.fingerprint
        folder = write_plan(out, plan.problem, plan.solution, plan.context, extra_kpis=plan.kpis, meta={
            "period": label, "settings": settings, "inputs_fingerprint": inputs,
            "holiday_rule": HOLIDAY_RULE["en" if self.settings.lang == "en" else "fr"], "holiday_moves": plan.moves,
            "calendar": plan.calendar.to_dict("records"),
            "communes": {c.insee_code: {"frequency": self.options.frequencies.get(c.insee_code, c.frequency), "forbidden_days": list(c.forbidden_days),
                                        "market_day": c.market_day, "window_start": c.window_start.isoformat() if c.window_start else None,
                                        "window_end": c.window_end.isoformat() if c.window_end else None}
                         for c in self.db.load(GroceryCommune)},
            "stops": {s.stop_id: s.insee_code for s in self.territory(plan.days[0] if plan.days else dt.date.today()).stops}})
        write_public_calendar(folder, plan, HOLIDAY_RULE["fr"])
        write_coverage(folder, plan)
        if store:
            store_run(self.db, service="epicerie", week_label=label, horizon=Horizon(plan.days), problem=plan.problem,
                      solution=plan.solution, ctx=plan.context, settings_json=json.dumps(settings), seed=self.options.seed,
                      fingerprint_=inputs)
        return folder

    @property
    def fingerprint(self) -> str:
        db = self.db
        return fingerprint([*db.load(GroceryCommune), *db.load(GroceryStop), *db.load(Staff), *db.load(VehicleRecord),
                            *db.load(Tenant), *db.load(Residence)])


def _commune_allows(t: Territory, spec: StopSpec, code: str) -> bool:
    return code not in t.communes[spec.insee_code].excluded_days and code != "dim"


def _hhmm(secs: int) -> str:
    return f"{secs // 3600:02d}:{secs % 3600 // 60:02d}"


def _on_marks(problem: Problem, order: list[str], pins: Mapping[str, int]) -> dict[str, int]:
    """Service starts of a timed day, each moved to the next 5-minute mark where the day still holds."""
    tasks = {t.id: t for t in problem.tasks}
    van = problem.vehicles[0].id

    def timed(fixed: Mapping[str, int]) -> list | None:
        return timed_steps(problem, 0, [replace(tasks[x], pin=Pin(van, 0, fixed[x], fixed[x])) if x in fixed else tasks[x] for x in order])

    fixed = dict(pins)
    for tid in order:
        if tid in fixed:
            continue
        steps = timed(fixed)
        if steps is None:
            break
        start = next(s.start for s in steps if s.task_id == tid)
        trial = {**fixed, tid: -(-start // STEP) * STEP}
        if timed(trial) is None:
            break
        fixed = trial
    steps = timed(fixed)
    assert steps is not None
    return {s.task_id: s.start for s in steps if s.kind == "visit" and s.task_id}

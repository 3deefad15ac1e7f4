"""Épicerie mobile for analysts: coverage of a calendar, what-if scenarios, coverage versus stops.

pandas in, pandas out. A study loads the area once (seniors, candidates, road and
walking matrices, who each stop reaches) and plans scenarios on it::

    study = EpicerieStudy.open("var/demo.sqlite")
    study.coverage(["ARR-011", "ARR-021"])           # per senior: covered, by which stop, why not
    study.what_if(vans=2, frequency={"80738": "hebdo"})  # KPIs, baseline against scenario
    study.coverage_curve()                               # weighted coverage by number of stops
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from typing import Any

import numpy as np
import pandas as pd

from tournees.db import Database
from tournees.model import GroceryStop
from tournees.services.epicerie.calendar import solve_calendar
from tournees.services.epicerie.coverage import coverage_figures, coverage_of
from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlan, EpiceriePlanner
from tournees.settings import Settings, load_settings

KPI_ROWS = ["stops_selected", "communes_served", "seniors_covered", "coverage_pct", "weighted_coverage_pct",
            "mean_walk_access_m", "weekly_driving_time_s", "weekly_driving_distance_m", "weekly_fuel_cost_eur"]
# Options that change who reaches which stop: a scenario changing them needs its own area.
AREA_OPTIONS = {"rule", "exclude_stops", "extra_stops", "network"}


class EpicerieStudy:
    def __init__(self, db: Database, settings: Settings, options: EpicerieOptions | None = None, *, first_monday: dt.date | None = None) -> None:
        self.db, self.settings = db, settings
        # a study compares calendars: none is tied to the one already published unless asked
        self.options = options or EpicerieOptions(keep_published=False)
        self.first_monday = first_monday or _next_monday()
        self.planner = EpiceriePlanner(db, settings, self.options)
        self._baseline: EpiceriePlan | None = None

    @classmethod
    def open(cls, database: str, *, first_monday: dt.date | None = None, **options: Any) -> EpicerieStudy:
        """A study on a database file, with the settings of the environment (data folder, cache)."""
        return cls(Database.open(database), load_settings(), EpicerieOptions(**{"keep_published": False, **options}),
                   first_monday=first_monday)

    # --- the area ------------------------------------------------------------------------

    @property
    def seniors(self) -> pd.DataFrame:
        """One row per senior of the grocery communes: pseudonymous id, residence, commune, weight."""
        return self.planner.area(self.first_monday).people.copy()

    @property
    def reach(self) -> pd.DataFrame:
        """Every (senior, candidate stop) pair within reach, with the mode and access distance or time."""
        return self.planner.area(self.first_monday).reach.copy()

    @property
    def candidates(self) -> pd.DataFrame:
        t = self.planner.area(self.first_monday)
        rows = [{"stop_id": s.stop_id, "name": s.name, "insee_code": s.insee_code, "parking": s.parking, "electricity": s.electricity,
                 "dwell_min": s.dwell_min, "seniors_in_reach": int((t.reach["stop_id"] == s.stop_id).sum())} for s in t.stops]
        return pd.DataFrame(rows)

    # --- coverage of a calendar -----------------------------------------------------------

    def coverage(self, calendar: pd.DataFrame | Iterable[str]) -> tuple[pd.DataFrame, dict[str, Any]]:
        """Per senior and overall coverage of a calendar (a DataFrame with ``stop_id`` or a list of stop ids)."""
        served = set(calendar["stop_id"]) if isinstance(calendar, pd.DataFrame) else set(calendar)
        t = self.planner.area(self.first_monday)
        known = {s.stop_id for s in t.stops}
        if served - known:
            raise ValueError(f"arrêts inconnus : {', '.join(sorted(served - known))}")
        table = coverage_of(t.people, t.reach, served)
        return table, coverage_figures(table)

    def share_within(self, minutes: float, calendar: pd.DataFrame | Iterable[str] | None = None) -> float:
        """Share (%) of seniors whose access to a served stop (walking or driving) takes at most ``minutes``."""
        table, _ = self.coverage(self.baseline().calendar if calendar is None else calendar)
        return round(100 * float((table["access_s"] <= 60 * minutes).sum()) / len(table), 2) if len(table) else 0.0

    def isochrones(self, minutes: float = 10.0, *, network: str = "walk", stops: Iterable[str] | None = None) -> pd.DataFrame:
        """Per stop (the baseline's served stops by default): the outline (lat, lon) of what lies within ``minutes``
        on the walking (or ``drive``) network, as the convex hull of the road nodes reached."""
        from scipy.sparse.csgraph import dijkstra
        from scipy.spatial import ConvexHull, QhullError

        from tournees.network.roads import Place
        from tournees.network.select import network_for

        chosen = sorted(set(self.baseline().calendar["stop_id"]) if stops is None else set(stops))
        by_id = {s.stop_id: s for s in self.planner.area(self.first_monday).stops}
        roads = network_for(self.planner.road_settings(), [Place(i, by_id[i].lat, by_id[i].lon) for i in sorted(by_id)], network=network)
        rows = []
        for sid, snap in zip(chosen, roads.snap([Place(i, by_id[i].lat, by_id[i].lon) for i in chosen]), strict=True):
            ends = [int(roads.eu[snap.edge]), int(roads.ev[snap.edge])]
            times = dijkstra(roads.time_csr, indices=ends, limit=60 * minutes - snap.access_s).min(axis=0)
            reached = np.flatnonzero(np.isfinite(times))
            points = np.column_stack([roads.lat[reached], roads.lon[reached]])
            try:
                outline = [tuple(map(float, points[i])) for i in ConvexHull(points).vertices] if len(points) >= 3 else []
            except QhullError:
                outline = []
            rows.append({"stop_id": sid, "minutes": minutes, "network": network, "nodes_reached": len(reached), "outline": outline})
        return pd.DataFrame(rows)

    # --- plans and scenarios --------------------------------------------------------------

    def baseline(self) -> EpiceriePlan:
        if self._baseline is None:
            self._baseline = self.planner.plan(self.first_monday)
        return self._baseline

    def scenario(self, *, add_stops: pd.DataFrame | None = None, remove_stops: Iterable[str] = (), frequency: Mapping[str, str] | None = None,
                 vans: int | None = None, dwell_factor: float | None = None, **options: Any) -> EpiceriePlan:
        """The plan with some inputs changed: new candidate stops (GroceryStop columns), stops removed, commune
        frequencies (INSEE code -> hebdo / quinzaine / bihebdo), the number of vans, longer or shorter stops."""
        changes: dict[str, Any] = dict(options)
        if add_stops is not None and len(add_stops):
            names = {f.name for f in fields(GroceryStop)}
            changes["extra_stops"] = self.options.extra_stops + tuple(
                GroceryStop(**{k: v for k, v in row.items() if k in names}) for row in add_stops.to_dict("records"))
        if remove_stops:
            changes["exclude_stops"] = self.options.exclude_stops + tuple(remove_stops)
        if frequency:
            changes["frequencies"] = {**self.options.frequencies, **frequency}
        if vans is not None:
            changes["extra_vans"] = max(0, vans - len(self.planner.area(self.first_monday).staff))
        if dwell_factor is not None:
            changes["dwell_factor"] = dwell_factor
        new = replace(self.options, **changes)
        shared = None if AREA_OPTIONS & set(changes) else self.planner.area(self.first_monday)
        return EpiceriePlanner(self.db, self.settings, new, area=shared).plan(self.first_monday)

    def what_if(self, **changes: Any) -> pd.DataFrame:
        """KPIs of the baseline and of the scenario side by side, with the difference. A scenario that serves no
        stop, or covers far fewer seniors, says why (a :class:`ScenarioWarning`, also in ``frame.attrs["why"]``)."""
        base, plan = self.baseline().kpis, self.scenario(**changes)
        other = plan.kpis
        frame = pd.DataFrame({"baseline": [base[k] for k in KPI_ROWS], "scenario": [other[k] for k in KPI_ROWS]}, index=KPI_ROWS)
        frame["difference"] = frame["scenario"] - frame["baseline"]
        why = why_worse(base, plan, self.settings.lang)
        if why:
            frame.attrs["why"] = why
            warnings.warn(why, ScenarioWarning, stacklevel=2)
        return frame

    def coverage_curve(self, max_stops: int | None = None, *, time_limit: float = 2.0) -> pd.DataFrame:
        """Weighted and plain coverage with at most n stops, n = 1 … (calendar layer only: driving is estimated)."""
        t, vans, specs, covers = self.planner.calendar_inputs(self.first_monday)
        rows = []
        for n in range(1, (max_stops or len(specs)) + 1):
            cal = solve_calendar(specs, [v for v, _ in vans], t.durations, covers, max_stops=n, time_limit_s=time_limit,
                                 seed=self.options.seed, workers=self.options.workers)
            figures = coverage_figures(coverage_of(t.people, t.reach, set(cal.slots)))
            rows.append({"max_stops": n, "stops": len(cal.slots), "coverage_pct": figures["coverage_pct"],
                         "weighted_coverage_pct": figures["weighted_coverage_pct"],
                         "estimated_weekly_driving_min": round(cal.estimated_drive_s / cal.parities / 60)})
            if len(cal.slots) < n:  # nothing more to gain
                break
        return pd.DataFrame(rows)


class ScenarioWarning(UserWarning):
    """A scenario that empties the plan or loses much of today's coverage, with the plan's own reasons."""


def why_worse(base: Mapping[str, Any], plan: EpiceriePlan, lang: str, *, points: float = 10.0) -> str:
    """Why a scenario serves no stop, or covers ``points`` fewer seniors (%) than the baseline: the stops it left
    out and the seniors it leaves uncovered, by reason; "" when it is not worse."""
    from collections import Counter

    from tournees.i18n import t
    from tournees.i18n.numbers import number_text
    from tournees.services.wording import reason_counts

    kpis = plan.kpis
    if kpis["stops_selected"] and kpis["coverage_pct"] > base["coverage_pct"] - points:
        return ""
    stops = "; ".join(f"{n} × {text}" for text, n in Counter(u.reason for u in plan.solution.unassigned).most_common(3))
    return t("study_worse", lang, stops=kpis["stops_selected"], base_stops=base["stops_selected"],
             pct=number_text(kpis["coverage_pct"], 1, lang), base_pct=number_text(base["coverage_pct"], 1, lang),
             why=reason_counts(kpis["not_covered_by_reason"], lang, prefix="why_label_"),
             fortnightly=kpis.get("covered_fortnightly_only", 0), left=stops or "-")


def _next_monday() -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())

"""What the planners share: the horizon, places on the road network, staff days, slots, storage.

Layer: planners read the database and the road network, build an engine
:class:`~tournees.engine.Problem`, solve it and write plans; nothing below imports them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tournees.calendar import weekday_code, working_days
from tournees.db import Database
from tournees.engine import DAY, Break, Problem, Solution, Vehicle
from tournees.model import Depot, PlanningRun, PlanStep, PlanUnassigned, Record, Staff, columns
from tournees.network.roads import Place, RoadNetwork
from tournees.plan import PlanContext, plan_rows
from tournees.settings import Settings

log = logging.getLogger(__name__)
ORLEANS = ("roads", "orleans", "orleans.graphml.gz")
SOMME = ("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz")


def seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass
class Horizon:
    """Working days of the plan; engine day ``d`` is ``days[d]``."""

    days: list[dt.date]

    @classmethod
    def week(cls, monday: dt.date, weekdays: Iterable[str] = ("lun", "mar", "mer", "jeu", "ven", "sam")) -> Horizon:
        return cls(working_days(monday, monday + dt.timedelta(days=6), tuple(weekdays)))

    def index(self, day: dt.date) -> int | None:
        return self.days.index(day) if day in self.days else None

    def at(self, day: int, t: dt.time | int) -> int:
        """Absolute engine seconds of a time on day index ``day``."""
        return day * DAY + (t if isinstance(t, int) else seconds(t))


@dataclass
class Places:
    """The places of a plan, on the road network, with their matrix."""

    ids: list[str] = field(default_factory=list)
    coords: list[tuple[float, float]] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def add(self, place_id: str, lat: float, lon: float) -> int:
        if place_id not in self._index:
            self._index[place_id] = len(self.ids)
            self.ids.append(place_id)
            self.coords.append((lat, lon))
        return self._index[place_id]

    def index(self, place_id: str) -> int:
        return self._index[place_id]

    def matrix(self, settings: Settings, area: tuple[str, ...], *, network: str = "drive") -> tuple[object, object, bool]:
        """Durations (s) and distances (m) on the ``network`` (drive or walk) of ``area`` (cached on disk)."""
        roads = RoadNetwork.from_file(settings.road_file(*area), network=network, cache_dir=settings.cache_dir)
        m = roads.cached_matrix([Place(i, lat, lon) for i, (lat, lon) in zip(self.ids, self.coords, strict=True)],
                                cache_dir=settings.cache_dir)
        if m.unreachable:
            pairs = ", ".join(f"{a}→{b}" for a, b in m.unreachable[:10])
            raise ValueError(f"trajets impossibles sur le réseau routier : {pairs}")
        return m.durations, m.distances, m.estimated


def staff_vehicles(staff: Sequence[Staff], depots: dict[str, Depot], places: Places, horizon: Horizon,
                   km_cost_eur: dict[str, float] | None = None) -> list[Vehicle]:
    """One engine vehicle per staff member and working day, with shift, lunch, skills and the
    cost per km of the vehicle they drive (``km_cost_eur`` by vehicle id)."""
    vehicles = []
    for person in staff:
        depot = depots[person.depot_id]
        loc = places.add(depot.depot_id, depot.lat, depot.lon)
        for d, day in enumerate(horizon.days):
            if weekday_code(day) not in person.working_days:
                continue
            lunch = person.lunch_min * 60
            breaks = (Break(lunch, horizon.at(d, person.lunch_start), horizon.at(d, person.lunch_end) - lunch),) if lunch else ()
            vehicles.append(Vehicle(
                id=person.staff_id, day=d, start=loc, end=loc, shift_start=horizon.at(d, person.shift_start),
                shift_end=horizon.at(d, person.shift_end), breaks=breaks,
                max_work=person.max_work_min * 60 if person.max_work_min else None, skills=frozenset(person.skills),
                cost_per_km=round(100 * (km_cost_eur or {}).get(person.vehicle_id or "", 0.0)),
            ))
    return vehicles


def announced_slot(start: int, *, length: int, late_margin: int, window: tuple[int, int] | None = None, step: int = 1800) -> tuple[int, int]:
    """A slot of ``length`` seconds to announce, on ``step`` boundaries, that holds the planned start
    and the start delayed by ``late_margin`` (a morning running late still keeps the promise).

    The planned start sits about the middle of what is left; the slot does not open before
    the tenant's availability when it can help it.
    """
    lowest = -(-(start + late_margin - length) // step) * step  # the slot must still be open at start + margin
    highest = start // step * step  # and already open at the planned start
    begin = (start - (length - late_margin) // 2) // step * step
    if window is not None:
        begin = max(begin, window[0] // step * step)
    begin = min(max(begin, lowest), highest)
    return begin, begin + length


def fingerprint(records: Iterable[Record]) -> str:
    """A hash of the input records a plan was built from."""
    digest = hashlib.sha256()
    for rec in records:
        digest.update(type(rec).__name__.encode())
        digest.update(json.dumps([str(getattr(rec, c.name)) for c in columns(type(rec))]).encode())
    return digest.hexdigest()[:16]


def store_run(db: Database, *, service: str, week_label: str, horizon: Horizon, problem: Problem, solution: Solution,
              ctx: PlanContext, settings_json: str, seed: int, fingerprint_: str, status: str = "draft",
              parent: str | None = None) -> str:
    """Save a plan in the database (run, steps, tasks left out); return its run id."""
    existing = [r.run_id for r in db.load(PlanningRun) if r.run_id.startswith(f"{service}-{week_label}-")]
    run_id = f"{service}-{week_label}-{len(existing) + 1}"
    run = PlanningRun(run_id=run_id, service=service, horizon_start=horizon.days[0], horizon_end=horizon.days[-1], status=status,
                      inputs_fingerprint=fingerprint_, settings_json=settings_json, seed=seed, engine=solution.engine,
                      created_at=dt.datetime.now().replace(microsecond=0), parent_run_id=parent)
    steps = []
    def ts(row: dict[str, Any], key: str) -> dt.datetime | None:
        return dt.datetime.fromisoformat(row[key]) if row[key] else None

    for row in plan_rows(problem, solution, ctx):
        steps.append(PlanStep(
            run_id=run_id, resource_id=row["resource_id"], date=dt.date.fromisoformat(row["date"]), seq=row["seq"], kind=row["kind"],
            task_id=row["task_id"] or None, location_id=row["location_id"] or None,
            lat=float(row["lat"]) if row["lat"] != "" else None, lon=float(row["lon"]) if row["lon"] != "" else None,
            arrival=ts(row, "arrival"), start=ts(row, "start"), end=ts(row, "end"), departure=ts(row, "departure"),  # type: ignore[arg-type]
            window_start=ts(row, "window_start"), window_end=ts(row, "window_end"),
            slot_start=ts(row, "slot_start"), slot_end=ts(row, "slot_end"),
            travel_s_from_prev=row["travel_s_from_prev"], distance_m_from_prev=row["distance_m_from_prev"], pinned=bool(row["pinned"]),
        ))
    left = [PlanUnassigned(run_id=run_id, task_id=u.task_id, reason_code=u.reason_code, reason=u.reason) for u in solution.unassigned]
    with db.session() as session:
        session.add(run)
        session.flush()
        session.add_all(steps)
        session.add_all(left)
    return run_id

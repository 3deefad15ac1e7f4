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

import numpy as np

from tournees.calendar import AFTERNOON, HALF_DAY_SPLIT, weekday_code, working_days  # noqa: F401  (the half-day rule)
from tournees.db import Database
from tournees.engine import DAY, Break, Problem, Solution, Vehicle
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Depot, PlanningRun, PlanStep, PlanUnassigned, Record, Staff, columns
from tournees.network.roads import Place
from tournees.network.select import network_for
from tournees.plan import PlanContext, plan_rows
from tournees.services.availability import Absences
from tournees.settings import Settings

log = logging.getLogger(__name__)


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
    missing: list[str] = field(default_factory=list)

    def add(self, place_id: str, lat: float | None, lon: float | None) -> int:
        if lat is None or lon is None:  # imported without coordinates, not geocoded yet: said at matrix time
            self.missing.append(place_id)
            lat = lon = float("nan")
        if place_id not in self._index:
            self._index[place_id] = len(self.ids)
            self.ids.append(place_id)
            self.coords.append((lat, lon))
        return self._index[place_id]

    def index(self, place_id: str) -> int:
        return self._index[place_id]

    def places(self) -> list[Place]:
        return [Place(i, lat, lon) for i, (lat, lon) in zip(self.ids, self.coords, strict=True)]

    def matrix(self, settings: Settings, *, network: str = "drive") -> tuple[np.ndarray, np.ndarray, bool]:
        """Durations (s) and distances (m) on the ``network`` (drive or walk) of the road file that
        holds these places (settings ``roads``, chosen by extent; cached on disk)."""
        if self.missing:
            names = ", ".join(sorted(set(self.missing))[:20])
            raise ValidationError(f"{len(set(self.missing))} lieu(x) sans coordonnées : {names}. "
                                  "Lancez « tournees geocode » (ou renseignez lat et lon) avant de planifier.")
        roads = network_for(settings, self.places(), network=network)
        m = roads.cached_matrix(self.places(), cache_dir=settings.cache_dir)
        if m.unreachable:
            pairs = ", ".join(f"{a}→{b}" for a, b in m.unreachable[:10])
            raise ValueError(f"trajets impossibles sur le réseau routier : {pairs}")
        return m.durations, m.distances, m.estimated


def staff_vehicles(staff: Sequence[Staff], depots: dict[str, Depot], places: Places, horizon: Horizon,
                   km_cost_eur: dict[str, float] | None = None, absences: Absences | None = None) -> list[Vehicle]:
    """One engine vehicle per staff member and working day, with shift, lunch, skills and the
    cost per km of the vehicle they drive (``km_cost_eur`` by vehicle id). ``absences`` of the
    person or of their usual vehicle remove the day or shorten it (:mod:`tournees.services.availability`)."""
    absences = absences or Absences()
    vehicles = []
    for person in staff:
        depot = depots[person.depot_id]
        loc = places.add(depot.depot_id, depot.lat, depot.lon)
        for d, day in enumerate(horizon.days):
            if weekday_code(day) not in person.working_days:
                continue
            work = absences.window((person.staff_id, person.vehicle_id), day, person.shift_start, person.shift_end,
                                   (person.lunch_start, person.lunch_end))
            if work is None:
                continue
            lunch = person.lunch_min * 60 if work.lunch else 0
            breaks = (Break(lunch, horizon.at(d, person.lunch_start), horizon.at(d, person.lunch_end) - lunch),) if lunch else ()
            vehicles.append(Vehicle(
                id=person.staff_id, day=d, start=loc, end=loc, shift_start=horizon.at(d, work.start),
                shift_end=horizon.at(d, work.end), breaks=breaks,
                max_work=person.max_work_min * 60 if person.max_work_min else None, skills=frozenset(person.skills),
                cost_per_km=round(100 * (km_cost_eur or {}).get(person.vehicle_id or "", 0.0)),
            ))
    return vehicles


def announced_slot(start: int, *, length: int, late_margin: int, window: tuple[int, int] | None = None,
                   shift: tuple[int, int] | None = None, step: int = 1800) -> tuple[int, int]:
    """A slot of ``length`` seconds to announce, on ``step`` boundaries, that holds the planned start
    and the start delayed by ``late_margin`` (a day running late still keeps the promise).

    The planned start sits about the middle of what is left; the slot does not open before
    the tenant's availability when it can help it. It never opens before the resource's
    ``shift`` starts nor closes after it ends (nobody is promised an hour the resource is not
    working): it slides inside the shift, and is cut to the shift only when the shift is shorter.
    """
    lowest = -(-(start + late_margin - length) // step) * step  # the slot must still be open at start + margin
    highest = start // step * step  # and already open at the planned start
    begin = (start - (length - late_margin) // 2) // step * step
    if window is not None:
        begin = max(begin, window[0] // step * step)
    begin = min(max(begin, lowest), highest)
    if shift is None:
        return begin, begin + length
    first, last = shift
    lo, hi = max(first, start - length), min(start, last - length)  # inside the shift and holding the start
    if lo > hi:  # a shift shorter than the slot around this start: the slot is cut to the shift
        begin = max(first, min(begin, start))
        return begin, min(begin + length, last)
    inside = min(max(begin, lo), hi)
    on_step = [b for b in (inside // step * step, -(-inside // step) * step) if lo <= b <= hi]
    begin = min(on_step, key=lambda b: (abs(b - begin), -b)) if on_step else inside
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


def parse_day(text: str, option: str, lang: str) -> dt.date:
    """A date option (AAAA-MM-JJ), or the input error naming it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(t("bad_date", lang, option=option, text=text)) from None

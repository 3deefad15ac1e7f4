"""The épicerie's area: what does not change between scenarios (people, candidate stops, vans, matrices, reach)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tournees.db import Database
from tournees.engine import DAY
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import GroceryCommune, GroceryStop, Residence, Staff, Tenant
from tournees.model import Vehicle as VehicleRecord
from tournees.model.resources import Depot
from tournees.model.vocab import WEEKDAYS
from tournees.services.common import Places, seconds
from tournees.services.epicerie.calendar import StopSpec, VanSpec
from tournees.services.epicerie.coverage import reach_pairs, seniors
from tournees.services.epicerie.params import STEP, EpicerieOptions
from tournees.settings import Settings, with_roads


@dataclass
class EpicerieArea:
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


def road_settings(settings: Settings, options: EpicerieOptions) -> Settings:
    """The settings whose road files the planner uses (``options.network`` replaces them in a what-if)."""
    return with_roads(settings, [options.network] if options.network else None)


def load_area(db: Database, settings: Settings, o: EpicerieOptions, today: dt.date) -> EpicerieArea:
    """Read the area from the database and compute its driving and walking matrices and who each stop reaches."""
    communes = {c.insee_code: c for c in db.load(GroceryCommune)}
    stops = sorted(
        [s for s in db.load(GroceryStop) if s.stop_id not in o.exclude_stops and s.insee_code not in o.exclude_communes]
        + list(o.extra_stops),
        key=lambda s: s.stop_id,
    )
    staff = sorted((s for s in db.load(Staff) if s.service == "epicerie"), key=lambda s: s.staff_id)
    if not staff:
        raise ValidationError(t("err_no_staff", settings.lang, service="epicerie"))
    if not stops:
        raise ValidationError(t("err_no_stops", settings.lang))
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
    durations, distances, estimated = places.matrix(road_settings(settings, o))
    walkers = Places()
    for s in stops:
        walkers.add(s.stop_id, s.lat, s.lon)
    for r in homes:
        walkers.add(r, residences[r].lat, residences[r].lon)  # type: ignore[arg-type]
    _, walk, _ = walkers.matrix(road_settings(settings, o), network="walk")
    walk = np.asarray(walk)
    n = len(stops)
    walk_m = np.minimum(walk[n:, :n], walk[:n, n:].T)  # the shorter direction: no one-way on foot
    D = np.asarray(durations)
    drive_s = np.array([[D[places.index(r), places.index(s.stop_id)] for s in stops] for r in homes]).reshape(
        len(homes), n
    )
    reach = reach_pairs(people, stops, walk_m, drive_s, {r: i for i, r in enumerate(homes)}, o.rule)
    return EpicerieArea(
        people, reach, stops, communes, staff, vehicles, depots, places, D, np.asarray(distances), estimated
    )


def van_specs(t: EpicerieArea, o: EpicerieOptions) -> list[tuple[VanSpec, Staff]]:
    vans = []
    for person in t.staff:
        vehicle = t.vehicles.get(person.vehicle_id or "")
        van_id = vehicle.vehicle_id if vehicle else person.staff_id
        spec = VanSpec(
            van_id=van_id,
            depot=t.places.index(person.depot_id),
            weekdays=tuple(d for d in WEEKDAYS if d in person.working_days),
            day_start=seconds(person.shift_start) + 60 * o.loading_min,
            day_end=seconds(person.shift_end) - 60 * o.unloading_min,
            lunch_s=60 * person.lunch_min,
            needs_power=bool(vehicle and vehicle.needs_electricity),
        )
        vans.append((spec, person))
    for n in range(o.extra_vans):
        spec, person = vans[0]
        vans.append((replace(spec, van_id=f"{spec.van_id}-{n + 2}"), person))
    return vans


def stop_specs(t: EpicerieArea, o: EpicerieOptions, vans: list[tuple[VanSpec, Staff]]) -> list[StopSpec]:
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
        specs.append(
            StopSpec(
                stop_id=s.stop_id,
                insee_code=s.insee_code,
                location=t.places.index(s.stop_id),
                dwell_s=dwell_s,
                frequency=o.frequencies.get(s.insee_code, commune.frequency),
                weekdays=frozenset(days - banned) if s.parking else frozenset(),
                preferred=frozenset(commune.preferred_days),
                window=(lo, hi),
                needs_power_ok=s.electricity,
            )
        )
    return specs

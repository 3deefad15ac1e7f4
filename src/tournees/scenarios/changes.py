"""A scenario's data changes, made to its own copy of the base (never to the base itself).

Nothing is deleted (requests, staff and their history stay consistent): a request a scenario
drops is cancelled, a resource it removes is away for the whole study (an absence, so the
planners never plan it, exactly as ``absences.csv`` does).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from collections.abc import Mapping
from typing import Any

import numpy as np

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Absence, BricolageRequest, EcrivainRequest, Residence, Sector, Staff, Tenant, Vehicle
from tournees.model import InterventionType as Kind
from tournees.scenarios.spec import Base
from tournees.synth.demand import draw_requests

REQUESTS: dict[str, type[BricolageRequest] | type[EcrivainRequest]] = {
    "bricolage": BricolageRequest,
    "ecrivain": EcrivainRequest,
}
OPEN = ("received", "planned", "confirmed")


def depot_of(landlord_id: str) -> str:
    """The depot id of a landlord's own service (the synthetic generator's convention)."""
    return f"DEP-{landlord_id}"


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """A random stream that depends on the seed and on what it draws for, not on the scenario's place in the sweep."""
    return np.random.default_rng([seed, zlib.crc32(repr(parts).encode())])


def _save(db: Database, records: list[Any]) -> None:
    with db.session() as session:
        for record in records:
            session.merge(record)


def _away(staff: list[Staff], base: Base) -> list[Absence]:
    last = base.first_monday + dt.timedelta(days=7 * base.weeks - 1)
    return [Absence(resource_id=s.staff_id, first_day=base.first_monday, last_day=last, part="jour", reason="autre")
            for s in staff]


def apply_changes(db: Database, base: Base, changes: Mapping[str, Any], lang: str | None = None) -> None:
    """Make ``changes`` (checked by :mod:`tournees.scenarios.spec`) to ``db``, a copy of the base."""
    code = base.service
    staff = sorted((s for s in db.load(Staff) if s.service == code), key=lambda s: s.staff_id)
    if "landlords" in changes:
        staff = _keep_landlords(db, base, changes["landlords"], staff, lang)
    count = changes.get("technicians", changes.get("vans"))
    if count is not None:
        staff = _staff_count(db, base, staff, count)
    if "shift" in changes:
        start, end = (dt.time.fromisoformat(x) for x in changes["shift"].split("-"))
        staff = [dataclasses.replace(s, shift_start=start, shift_end=end, lunch_end=min(end, max(s.lunch_end, start)),
                                     lunch_start=max(start, min(s.lunch_start, end))) for s in staff]
        _save(db, staff)
    if "absences" in changes:
        known = {s.staff_id for s in staff} | {s.vehicle_id for s in staff if s.vehicle_id}
        for resource, _first, _last in changes["absences"]:
            if resource not in known:
                raise ValidationError(t("scen_bad", lang, file=base.database.name, key="absences",
                                        rule=t("scen_rule_unknown_resource", lang, value=resource)))
        _save(db, [Absence(resource_id=r, first_day=dt.date.fromisoformat(a), last_day=dt.date.fromisoformat(b),
                           part="jour", reason="autre") for r, a, b in changes["absences"]])
    if "sector_pass_weeks" in changes or changes.get("sector_passes") is False:
        sectors = db.load(Sector)
        if changes.get("sector_passes") is False:  # every request on demand, no planned pass
            sectors = [dataclasses.replace(s, pass_weekday=None) for s in sectors]
        if "sector_pass_weeks" in changes:
            sectors = [dataclasses.replace(s, pass_every_weeks=changes["sector_pass_weeks"]) for s in sectors]
        _save(db, sectors)
    if "demand_factor" in changes and code in REQUESTS:
        _scale_demand(db, base, REQUESTS[code], changes["demand_factor"])
    if changes.get("requests_per_week"):
        _draw_demand(db, base, changes["requests_per_week"], changes.get("urgent_share"))


def _keep_landlords(db: Database, base: Base, landlords: tuple[str, ...], staff: list[Staff],
                    lang: str | None) -> list[Staff]:
    """Only these landlords' requests, and their own services' staff when the base says which (``DEP-<id>``)."""
    from tournees.model import Landlord

    missing = sorted(set(landlords) - {x.landlord_id for x in db.load(Landlord)})
    if missing:
        raise ValidationError(t("scen_bad", lang, file=base.database.name, key="landlords",
                                rule=t("scen_rule_unknown_landlord", lang, values=", ".join(missing))))
    residences = {r.residence_id for r in db.load(Residence) if r.landlord_id in landlords}
    tenants = {x.tenant_id for x in db.load(Tenant) if x.residence_id in residences}
    if base.service in REQUESTS:
        cls = REQUESTS[base.service]
        _save(db, [dataclasses.replace(r, status="cancelled") for r in db.load(cls)
                   if r.tenant_id not in tenants and r.status in OPEN])
    own = {depot_of(x) for x in landlords}
    if not any(s.depot_id.startswith("DEP-") and s.depot_id in own for s in staff):
        return staff  # the base does not say whose staff is whose: all of it serves them
    _save(db, _away([s for s in staff if s.depot_id not in own], base))
    return [s for s in staff if s.depot_id in own]


def _staff_count(db: Database, base: Base, staff: list[Staff], count: int) -> list[Staff]:
    """``count`` resources: the first ones kept, the others away; more are copies of the existing ones."""
    if not staff:
        return staff
    if count <= len(staff):
        _save(db, _away(staff[count:], base))
        return staff[:count]
    vehicles = {v.vehicle_id: v for v in db.load(Vehicle)}
    added: list[Any] = []
    people = list(staff)
    for k in range(count - len(staff)):
        model = staff[k % len(staff)]
        suffix = f"-S{k + 1}"
        vehicle = vehicles.get(model.vehicle_id or "")
        if vehicle is not None:
            added.append(dataclasses.replace(vehicle, vehicle_id=vehicle.vehicle_id + suffix))
        person = dataclasses.replace(model, staff_id=model.staff_id + suffix, label=f"{model.label} ({k + 1})",
                                     vehicle_id=vehicle.vehicle_id + suffix if vehicle else None)
        added.append(person)
        people.append(person)
    _save(db, [a for a in added if isinstance(a, Vehicle)])
    _save(db, [a for a in added if isinstance(a, Staff)])
    return people


def _scale_demand(db: Database, base: Base, cls: type[BricolageRequest] | type[EcrivainRequest],
                  factor: float) -> None:
    """Open requests × ``factor``: fewer are cancelled at random, more are copies for other requesting tenants."""
    rng = rng_for(base.seed, "demand_factor", factor)
    requests = sorted((r for r in db.load(cls) if r.status in OPEN), key=lambda r: r.request_id)
    if not requests:
        return
    target = int(round(len(requests) * factor))
    if target <= len(requests):
        dropped = rng.choice(len(requests), size=len(requests) - target, replace=False)
        _save(db, [dataclasses.replace(requests[int(i)], status="cancelled") for i in sorted(dropped)])
        return
    tenants = sorted({r.tenant_id for r in requests})
    copies = []
    for k in range(target - len(requests)):
        model = requests[int(rng.integers(len(requests)))]
        extra: dict[str, Any] = {"preferred_staff_id": None} if hasattr(model, "preferred_staff_id") else {}
        copies.append(dataclasses.replace(model, request_id=f"{model.request_id}-X{k + 1}",
                                          tenant_id=tenants[int(rng.integers(len(tenants)))], **extra))
    _save(db, copies)


def _draw_demand(db: Database, base: Base, per_week: float, urgent_share: float | None) -> None:
    """Requests drawn from the demand model over the study's weeks, for tenants who already asked (they are on
    the service's road network)."""
    asked = {r.tenant_id for r in db.load(BricolageRequest)}
    tenants = sorted((x for x in db.load(Tenant) if x.tenant_id in asked or not asked), key=lambda x: x.tenant_id)
    kinds = sorted(k.type_id for k in db.load(Kind))
    rng = rng_for(base.seed, "requests_per_week", per_week, urgent_share, base.first_week, base.weeks)
    _save(db, draw_requests(tenants, kinds, first_monday=base.first_monday, weeks=base.weeks, per_week=per_week,
                            rng=rng, urgent_share=urgent_share, prefix="SCN"))


def option_sections(base: Base, changes: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The service's table of settings for this scenario: its options, one search thread per plan (Dask runs
    the scenarios side by side), and the search time of the sweep."""
    section = {k: v for k, v in changes.items() if k in fields}
    if "workers" in _all_fields(base.service):
        section["workers"] = 1
    return {base.service: section}


def _all_fields(service: str) -> set[str]:
    from tournees.services import registry

    params = registry.get(service).params_type
    return {f.name for f in dataclasses.fields(params)} if params is not None else set()

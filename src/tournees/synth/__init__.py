"""SYNTHETIC regional data: invented landlords, senior tenants, bricol'âge requests and technicians.

For sweeps at the programme's size (35 landlords) without real tenant data. Nothing here is a real
person: residences are road-network nodes of the shared Orléans extract near the demo's neighbourhoods,
tenants have a pseudonymous id and drawn traits (no GIR, no phone), requests arrive week after week
(:mod:`tournees.synth.demand`). Each landlord has its own bricol'âge base ``DEP-<landlord>`` and
technicians sized to its demand, so a sweep can compare one service per landlord with one shared
service (``landlords = [...]`` in a scenario). The tables go through the normal import (all or nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from tournees.calendar import parse_week
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Depot, Landlord, Residence, Sector, Staff, Tenant, Vehicle
from tournees.settings import Settings
from tournees.synth.demand import WORKDAYS, draw_requests

REQUESTS_PER_SENIOR_WEEK = 0.04  # bricol'âge requests per senior tenant and per week
SERVED_PER_TECHNICIAN_WEEK = 25  # about what one technician serves a week in the demo plans
BACKLOG_WEEKS = 2  # weeks of requests already waiting when the study starts
SENIORS_PER_RESIDENCE = 12
LIMITS = {"landlords": (1, 200), "seniors": (1, 20_000), "weeks": (1, 104)}


def _check(option: str, value: int, lang: str) -> None:
    low, high = LIMITS[option]
    if not low <= value <= high:
        raise ValidationError(t("synth_bad", lang, option=f"--{option}",
                                rule=t("scen_rule_int", lang, low=low, high=high)))


def synthesize(settings: Settings, out: Path, *, landlords: int = 3, seniors: int = 300, weeks: int = 4,
               first_week: str = "2026-W48", rate: float | None = None, seed: int = 0) -> dict[str, Any]:
    """Write a new tournees database at ``out`` (it must not exist) and say what it holds."""
    from tournees.demo import NEIGHBOURHOODS, ORLEANS_GRAPH, RESOURCES, SECTORS, NodeIndex, _write
    from tournees.io import import_path

    lang = settings.lang
    for option, value in (("landlords", landlords), ("seniors", seniors), ("weeks", weeks)):
        _check(option, value, lang)
    if rate is not None and not 0 <= rate <= 5:
        raise ValidationError(t("synth_bad", lang, option="--rate", rule=t("scen_rule_number", lang, low=0, high=5)))
    try:
        monday = parse_week(first_week)
    except (ValidationError, ValueError):
        raise ValidationError(t("synth_bad", lang, option="--first-week", rule=t("scen_rule_week", lang))) from None
    if out.exists() or out.is_symlink():
        raise ValidationError(t("synth_out_exists", lang, path=out))  # never replaces a file
    per_senior = REQUESTS_PER_SENIOR_WEEK if rate is None else rate
    rng = np.random.default_rng(seed)
    roads = NodeIndex.for_area(settings, ORLEANS_GRAPH)
    sectors = [Sector(sector_id=s, name=n, pass_weekday=d, pass_every_weeks=2,
                      first_pass_on=monday + dt.timedelta(days=WORKDAYS.index(d))) for s, n, d in SECTORS]
    names = ("landlords", "residences", "tenants", "depots", "vehicles", "staff")
    tables: dict[str, list[Any]] = {k: [] for k in names}
    tables["sectors"] = sectors
    requests = []
    with (RESOURCES / "intervention_types.csv").open(encoding="utf-8", newline="") as fh:
        catalogue = list(csv.DictReader(fh))
    kinds = [row["type_id"] for row in catalogue]
    skills = sorted({row["skill"] for row in catalogue} - {""})  # every technician can do every intervention
    for n in range(landlords):
        lid = f"SYN{n + 1:02d}"
        tables["landlords"].append(Landlord(landlord_id=lid, name=f"Bailleur synthétique {n + 1}"))
        home = NEIGHBOURHOODS[int(rng.integers(len(NEIGHBOURHOODS)))]
        dlat, dlon = roads.near(home[4], home[5], rng, 800)
        depot = f"DEP-{lid}"
        tables["depots"].append(Depot(depot_id=depot, name=f"Atelier {lid}", address="adresse synthétique",
                                      insee_code=home[2], lat=dlat, lon=dlon))
        own: list[Tenant] = []
        for r in range(max(1, math.ceil(seniors / SENIORS_PER_RESIDENCE))):
            _, commune, insee, postcode, lat, lon, qpv, sector = NEIGHBOURHOODS[int(rng.integers(len(NEIGHBOURHOODS)))]
            plat, plon = roads.near(lat, lon, rng, 1200)
            rid = f"{lid}-R{r + 1:04d}"
            tables["residences"].append(Residence(
                residence_id=rid, landlord_id=lid, sector_id=sector, name=f"Résidence synthétique {r + 1}",
                address=f"{r + 1} rue synthétique", postcode=postcode, commune=commune, insee_code=insee, qpv=qpv,
                lat=plat, lon=plon))
            for _ in range(min(SENIORS_PER_RESIDENCE, seniors - len(own))):
                own.append(Tenant(
                    tenant_id=f"{lid}-L{len(own) + 1:05d}", residence_id=rid,
                    birth_year=2026 - int(np.clip(rng.normal(78, 7), 62, 99)),
                    sex=str(rng.choice(["F", "M"], p=[0.62, 0.38])),
                    isolated=bool(rng.random() < 0.35), has_car=bool(rng.random() < 0.2),
                    mobility=str(rng.choice(["autonome", "aide", "fauteuil", "domicile"], p=[0.62, 0.22, 0.06, 0.10])),
                    consent=True))
        tables["tenants"] += own
        technicians = max(1, round(seniors * per_senior / SERVED_PER_TECHNICIAN_WEEK))
        for k in range(technicians):
            vid, sid = f"{lid}-VAN-{k + 1}", f"{lid}-TECH-{k + 1}"
            tables["vehicles"].append(Vehicle(vehicle_id=vid, service="bricolage", depot_id=depot,
                                              label=f"Fourgon {lid} {k + 1}", cost_per_km_eur=0.32))
            tables["staff"].append(Staff(staff_id=sid, service="bricolage", label=f"Technicien {lid} {k + 1}",
                                         depot_id=depot, vehicle_id=vid, skills=tuple(skills),
                                         shift_start=dt.time(8), shift_end=dt.time(16, 30), lunch_start=dt.time(12),
                                         lunch_end=dt.time(13, 30), lunch_min=45))
        requests += draw_requests(own, kinds, first_monday=monday - dt.timedelta(days=7 * BACKLOG_WEEKS),
                                  weeks=weeks + BACKLOG_WEEKS, per_week=seniors * per_senior, rng=rng,
                                  prefix=f"{lid}-BRI")
    tables["bricolage_requests"] = requests
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tournees-synth-") as tmp:
        _write(Path(tmp), {k: v for k, v in tables.items() if v})
        target = Path(tmp) / "synth.sqlite"
        import_path(RESOURCES, target, lang=lang)
        import_path(Path(tmp), target, lang=lang)
        if out.exists():
            raise ValidationError(t("synth_out_exists", lang, path=out))
        tmp_out = out.with_name(f".{out.name}.tmp")  # renamed into place once complete
        shutil.copyfile(target, tmp_out)
        tmp_out.replace(out)
    return {"landlords": landlords, "tenants": len(tables["tenants"]), "requests": len(requests), "weeks": weeks,
            "staff": len(tables["staff"])}


"""Split each landlord's residences into sectors: the demand of their senior tenants, road times, pins.

A landlord's residences may lie on several road networks (a town and a rural area): each network's
residences are split on their own (no road joins them), the sectors shared out by workload.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Residence, Sector, Tenant
from tournees.model.vocab import ID_PATTERN
from tournees.network.roads import Place
from tournees.network.select import choose_file
from tournees.sectors.districts import Partition, balanced, kmedoids, symmetric
from tournees.sectors.figures import Figures, figures
from tournees.sectors.workload import SectorOptions, visits_per_year
from tournees.services.common import Places
from tournees.settings import Settings


@dataclass
class Area:
    """The residences of one landlord on one road network, split together."""

    residences: list[Residence]
    rt: np.ndarray  # symmetric road seconds
    visit_s: np.ndarray  # visit seconds a year per residence
    days: np.ndarray  # days out a year per residence
    k: int = 1
    partition: Partition | None = None
    baseline: Partition | None = None
    sector_ids: list[str] = field(default_factory=list)


@dataclass
class LandlordSectors:
    landlord_id: str
    areas: list[Area]
    sectors: list[Sector]
    assignment: dict[str, str]  # residence id → sector id
    figures: Figures  # every area's sectors together
    baseline: Figures
    notes: list[str]


def demand(db: Database, options: SectorOptions) -> dict[str, tuple[float, float]]:
    """Per residence: (visit seconds, days out) a year for its senior tenants."""
    out: dict[str, tuple[float, float]] = {}
    for tenant in db.load(Tenant):
        visits = visits_per_year(tenant, options.fragile_visits)
        s, d = out.get(tenant.residence_id, (0.0, 0.0))
        out[tenant.residence_id] = (s + visits * options.visit_min * 60, d + visits / options.visits_per_day)
    return out


def split(db: Database, settings: Settings, *, landlords: Sequence[str] | None = None, k: int | None = None,
          cap_h: float | None = None, pins: Mapping[str, str] | None = None,
          options: SectorOptions | None = None) -> list[LandlordSectors]:
    """Sectors for each landlord (all of them by default): ``k`` each, or as many as keep a sector under ``cap_h``."""
    o = options or SectorOptions()
    lang = settings.lang
    pins = dict(pins or {})
    known = sorted({r.landlord_id for r in db.load(Residence)})
    for landlord in landlords or ():
        if landlord not in known:
            raise ValidationError(t("sec_no_landlord", lang, landlord=landlord, known=", ".join(known)))
    load = demand(db, o)
    existing = {s.sector_id: s for s in db.load(Sector)}
    results = []
    for landlord in landlords or known:
        homes = sorted((r for r in db.load(Residence) if r.landlord_id == landlord and r.residence_id in load),
                       key=lambda r: r.residence_id)
        if not homes:
            raise ValidationError(t("sec_no_residence", lang, landlord=landlord))
        results.append(_landlord(landlord, homes, load, settings, k, cap_h, pins, existing, o))
    return results


def _areas(homes: list[Residence], load: Mapping[str, tuple[float, float]], settings: Settings) -> list[Area]:
    by_file: dict[str, list[Residence]] = {}
    probe = Places()
    for r in homes:
        probe.add(r.residence_id, r.lat, r.lon)
    if probe.missing:  # the same message as a plan's: geocode first
        probe.matrix(settings)
    for r in homes:
        path = choose_file(settings, [Place(r.residence_id, float(r.lat), float(r.lon))])  # type: ignore[arg-type]
        by_file.setdefault(str(path), []).append(r)
    areas = []
    for members in sorted(by_file.values(), key=lambda rs: rs[0].residence_id):
        places = Places()
        for r in members:
            places.add(r.residence_id, r.lat, r.lon)
        durations, _, _ = places.matrix(settings)
        areas.append(Area(members, symmetric(durations), np.array([load[r.residence_id][0] for r in members]),
                          np.array([load[r.residence_id][1] for r in members])))
    return areas


def _share(total: int, weights: list[float], least: list[int]) -> list[int]:
    """``total`` sectors shared by weight, each area at least its ``least``: each further sector goes to the area
    whose sectors are the heaviest (D'Hondt), which keeps sectors of different areas as even as whole numbers allow."""
    got = list(least)
    while sum(got) < total:
        got[max(range(len(got)), key=lambda a: (weights[a] / got[a], -a))] += 1
    return got


def _landlord(landlord: str, homes: list[Residence], load: Mapping[str, tuple[float, float]], settings: Settings,
              k: int | None, cap_h: float | None, pins: Mapping[str, str], existing: Mapping[str, Sector],
              o: SectorOptions) -> LandlordSectors:
    areas = _areas(homes, load, settings)
    pinned = [sorted({pins[r.residence_id] for r in a.residences if r.residence_id in pins}) for a in areas]
    least = [max(1, len(p)) for p in pinned]
    if k is not None:
        if k < sum(least):
            raise ValidationError(t("sec_bad_k", settings.lang, k=k, least=sum(least), landlord=landlord))
        shares = _share(k, [float(a.visit_s.sum()) for a in areas], least)
    else:
        cap_s = (cap_h or 1e9) * 3600
        shares = [max(lo, math.ceil(a.visit_s.sum() * 1.1 / cap_s)) for a, lo in zip(areas, least, strict=True)]
    notes: list[str] = []
    for area, share, pin_ids in zip(areas, shares, pinned, strict=True):
        while True:
            area.k = min(share, len(area.residences))
            index = {r.residence_id: i for i, r in enumerate(area.residences)}
            pins_here = {index[rid]: pin_ids.index(sid) for rid, sid in pins.items() if rid in index}
            area.partition = balanced(area.rt, area.visit_s, area.days, area.k, pins=pins_here, options=o)
            area.baseline = kmedoids(area.rt, np.maximum(area.days, 1e-3), area.k)
            loads = figures(area.partition, area.rt, area.visit_s, area.days).workload_h
            if cap_h is None or max(loads) <= cap_h or area.k >= len(area.residences):
                break
            share += 1  # a sector above the cap: one more sector in this area
        area.sector_ids = list(pin_ids)
        if area.partition.note:
            notes.append(area.partition.note)
    # the new sectors' ids and names, after the pinned ones (which keep theirs)
    taken = {sid for a in areas for sid in a.sector_ids} | set(existing)
    n = 0
    sectors: list[Sector] = []
    assignment: dict[str, str] = {}
    for area in areas:
        part = area.partition
        assert part is not None
        for j in range(area.k):
            members = [area.residences[i] for i in np.flatnonzero(part.labels == j)]
            if j < len(area.sector_ids):
                sid = area.sector_ids[j]
                sectors.append(existing.get(sid) or Sector(sector_id=sid, name=sid))
            else:
                n += 1
                sid = _new_id(landlord, n, taken)
                taken.add(sid)
                commune = Counter(r.commune for r in members).most_common(1)[0][0] if members else "-"
                sectors.append(Sector(sector_id=sid, name=t("sec_name", settings.lang, n=n, commune=commune)))
                area.sector_ids.append(sid)
            for r in members:
                assignment[r.residence_id] = sid
    return LandlordSectors(landlord, areas, sectors, assignment, _together(areas, "partition", o),
                           _together(areas, "baseline", o), notes)


def _new_id(landlord: str, n: int, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]", "", landlord)[:32] or "SECTEUR"
    sid = f"{base}-S{n:02d}"
    while sid in taken:
        n += 100
        sid = f"{base}-S{n:02d}"
    assert re.fullmatch(ID_PATTERN, sid)
    return sid


def _together(areas: list[Area], which: str, o: SectorOptions) -> Figures:
    """The figures of every area's sectors in one list (an area alone when there is one)."""
    out = Figures([], [], [], [], [], [])
    for area in areas:
        f = figures(getattr(area, which), area.rt, area.visit_s, area.days, near=o.neighbours)
        for name in ("workload_h", "visit_h", "driving_h", "tour_min", "residences", "contiguous"):
            getattr(out, name).extend(getattr(f, name))
    return out

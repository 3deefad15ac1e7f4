"""Siting on a base: candidate places, seniors' demand by residence (weighted by fragility), road times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from tournees.db import Database
from tournees.errors import InputError, ValidationError
from tournees.i18n import t
from tournees.model import Residence, Tenant, Venue
from tournees.model.fields import Record, col
from tournees.model.programme import id_col, lat_col, lon_col
from tournees.network.by_file import times_by_file
from tournees.network.roads import Place
from tournees.settings import Settings
from tournees.volunteers.people import fragile

FRAGILE_WEIGHT = 2  # an isolated, dependent or housebound senior counts twice; any other senior once


@dataclass(kw_only=True)
class SiteCandidate(Record):
    """A possible site given in a file (``--candidates FILE``): a cabin's possible places, a hall…"""

    table: ClassVar[str] = "sites"
    label_fr: ClassVar[str] = "lieux candidats"
    label_en: ClassVar[str] = "candidate places"

    site_id: str = id_col("identifiant du lieu", "place id", "SALLE-01", key=True)
    name: str = col("nom public du lieu", "public name of the place", example="Salle commune des Acacias")
    lat: float = lat_col(required=True)
    lon: float = lon_col(required=True)


@dataclass(frozen=True)
class Site:
    site_id: str
    name: str
    lat: float
    lon: float


@dataclass
class Demand:
    """Seniors by residence: ids, positions (for the catchment outlines only), weights and head counts."""

    residences: list[str]
    positions: list[tuple[float, float]]
    weights: list[int]
    seniors: list[int]


def candidates(db: Database, source: str, lang: str | None = None) -> list[Site]:
    """``venues``, ``residences`` (their common rooms) or a CSV/xlsx file of ``site_id, name, lat, lon``."""
    if source == "venues":
        found = [
            Site(v.venue_id, v.name, v.lat, v.lon) for v in db.load(Venue) if v.lat is not None and v.lon is not None
        ]
    elif source == "residences":
        found = [
            Site(r.residence_id, r.name, r.lat, r.lon)
            for r in db.load(Residence)
            if r.lat is not None and r.lon is not None
        ]
    else:
        found = _from_file(Path(source), lang)
    if not found:
        raise ValidationError(t("siting_no_candidates", lang, source=source))
    return sorted(found, key=lambda s: s.site_id)


def _from_file(path: Path, lang: str | None) -> list[Site]:
    """Every row checked like an import (file, row, column, rule), all problems at once."""
    from tournees.io.sources import read_source
    from tournees.io.validate import _check_table

    tables, problems = read_source(path)
    records: list[Any] = []
    for raw in tables:
        checked, found = _check_table(SiteCandidate, raw)
        problems += found
        records += [record for _, record in checked.records]
    if problems:
        raise InputError(problems, lang or "fr")
    return [Site(r.site_id, r.name, r.lat, r.lon) for r in records]


def demand(db: Database, landlord: str | None = None) -> Demand:
    """Residences (of ``landlord``, or all) with coordinates and seniors, by id; weights count fragile seniors twice."""
    homes = {
        r.residence_id: r
        for r in db.load(Residence)
        if r.lat is not None and r.lon is not None and landlord in (None, r.landlord_id)
    }
    weight: dict[str, int] = {}
    heads: dict[str, int] = {}
    for tenant in db.load(Tenant):
        if tenant.residence_id in homes:
            weight[tenant.residence_id] = weight.get(tenant.residence_id, 0) + (
                FRAGILE_WEIGHT if fragile(tenant) else 1
            )
            heads[tenant.residence_id] = heads.get(tenant.residence_id, 0) + 1
    ids = sorted(weight)
    return Demand(
        ids,
        [(float(homes[i].lat), float(homes[i].lon)) for i in ids],  # type: ignore[arg-type]
        [weight[i] for i in ids],
        [heads[i] for i in ids],
    )


def travel_times(settings: Settings, where: Demand, sites: Sequence[Site], *, walk: bool = False) -> np.ndarray:
    """Seconds from each residence to each candidate, by car or on foot."""
    origins = [Place(f"r:{r}", lat, lon) for r, (lat, lon) in zip(where.residences, where.positions, strict=True)]
    targets = [Place(f"c:{s.site_id}", s.lat, s.lon) for s in sites]
    return times_by_file(settings, origins, targets, network="walk" if walk else "drive")

"""Épicerie mobile: which senior tenants each candidate stop serves, and coverage of a set of stops.

A tenant is covered by a stop within ``walk_max_m`` metres on the walking network (the
shorter of the two directions: a footpath has no one-way), or, for a tenant with a car
(or anyone in a hamlet with no stop within walking reach when ``drive_for_all`` is set),
within ``drive_max_min`` minutes by road. Weights count who needs the van most:
``1 + w_isolated`` for a person living alone, ``+ w_no_car`` without a car.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tournees.model import GroceryStop, Residence, Tenant
from tournees.network.speeds import SENIOR_WALK_MPS

WHY_UNCOVERED = {
    "too_far": ("aucun arrêt candidat à portée (à pied ou en voiture)", "no candidate stop within reach (walking or driving)"),
    "stop_unsuitable": ("les seuls arrêts à portée ne conviennent pas au camion (stationnement ou prise électrique)",
                        "the only stops within reach do not suit the van (parking or power socket)"),
    "capacity": ("un arrêt à portée existe mais n'a pas trouvé place dans la semaine du camion",
                 "a stop within reach exists but did not fit in the van's week"),
}


@dataclass(frozen=True)
class CoverageRule:
    walk_max_m: float = 800.0
    walk_max_min: float | None = None  # also require the walk to take at most this long (at walk_speed_mps)
    walk_speed_mps: float = SENIOR_WALK_MPS  # m/s: a senior's pace (the network's single value)
    drive_max_min: float = 5.0
    drive_for_all: bool = False  # hamlets: count a drive for tenants without a car too
    w_isolated: float = 1.0
    w_no_car: float = 1.0
    min_age: int = 60

    def walk_ok(self, metres: float) -> bool:
        if metres > self.walk_max_m:
            return False
        return self.walk_max_min is None or metres / self.walk_speed_mps <= self.walk_max_min * 60

    def weight(self, tenant: Tenant) -> float:
        return 1.0 + self.w_isolated * tenant.isolated + self.w_no_car * (not tenant.has_car)


def seniors(tenants: Iterable[Tenant], residences: dict[str, Residence], communes: Collection[str], rule: CoverageRule,
            today: dt.date) -> pd.DataFrame:
    """The senior tenants of the grocery communes: one row each, with their weight (no identity data)."""
    rows = []
    for t in tenants:
        res = residences.get(t.residence_id)
        if res is None or res.insee_code not in communes or today.year - t.birth_year < rule.min_age or res.lat is None:
            continue
        rows.append({"tenant_id": t.tenant_id, "residence_id": res.residence_id, "insee_code": res.insee_code,
                     "isolated": t.isolated, "has_car": t.has_car, "weight": rule.weight(t)})
    return pd.DataFrame(rows, columns=["tenant_id", "residence_id", "insee_code", "isolated", "has_car", "weight"])


def reach_pairs(people: pd.DataFrame, stops: list[GroceryStop], walk_m: np.ndarray, drive_s: np.ndarray,
                residence_index: dict[str, int], rule: CoverageRule) -> pd.DataFrame:
    """Every (tenant, stop) pair within reach: how (``pied`` or ``voiture``) and how far.

    ``walk_m`` / ``drive_s`` are (residence, stop) arrays of the walking distance (both
    directions already reduced) and the driving time.
    """
    walk_any = {r: bool((walk_m[i] <= rule.walk_max_m).any()) for r, i in residence_index.items()}
    rows = []
    for person in people.itertuples(index=False):
        i = residence_index[person.residence_id]
        may_drive = person.has_car or (rule.drive_for_all and not walk_any[person.residence_id])
        for j, stop in enumerate(stops):
            metres, secs = float(walk_m[i, j]), float(drive_s[i, j])
            if rule.walk_ok(metres):
                rows.append((person.tenant_id, stop.stop_id, "pied", round(metres), round(metres / rule.walk_speed_mps), person.weight))
            elif may_drive and secs <= rule.drive_max_min * 60:
                rows.append((person.tenant_id, stop.stop_id, "voiture", None, round(secs), person.weight))  # type: ignore[arg-type]
    return pd.DataFrame(rows, columns=["tenant_id", "stop_id", "mode", "access_m", "access_s", "weight"])


def coverage_of(people: pd.DataFrame, reach: pd.DataFrame, served: Collection[str], usable: Collection[str] | None = None) -> pd.DataFrame:
    """Per tenant: covered or not, by which stop (the nearest served), access, and why not.

    ``usable`` are the candidates the van may use (to tell ``stop_unsuitable`` from ``capacity``).
    """
    served = set(served)
    usable = set(usable) if usable is not None else None
    pairs = reach.assign(key=reach["access_s"])
    best = pairs[pairs["stop_id"].isin(served)].sort_values(["tenant_id", "key", "stop_id"]).drop_duplicates("tenant_id")
    out = people[["tenant_id", "residence_id", "insee_code", "weight"]].merge(
        best[["tenant_id", "stop_id", "mode", "access_m", "access_s"]], on="tenant_id", how="left")
    out["covered"] = out["stop_id"].notna()
    reachable = set(reach["tenant_id"])
    reachable_usable = set(reach[reach["stop_id"].isin(usable)]["tenant_id"]) if usable is not None else reachable

    def why(row: pd.Series) -> str:
        if row["covered"]:
            return ""
        if row["tenant_id"] not in reachable:
            return "too_far"
        return "capacity" if row["tenant_id"] in reachable_usable else "stop_unsuitable"

    out["why"] = out.apply(why, axis=1) if len(out) else pd.Series(dtype=str)
    return out


WEEKS_PER_MONTH = 52 / 12


def coverage_figures(table: pd.DataFrame, visits_per_week: Mapping[str, float] | None = None) -> dict[str, Any]:
    """The coverage KPIs of a :func:`coverage_of` table; with ``visits_per_week`` (by stop), the
    service each covered senior gets: visits per month, and coverage counted in weekly service
    (a fortnightly stop is half a weekly one, more than weekly counts as weekly)."""
    n, total_w = len(table), float(table["weight"].sum())
    covered = table[table["covered"]]
    access_m = covered["access_m"].dropna()
    service: dict[str, Any] = {}
    if visits_per_week is not None:
        per_week = covered["stop_id"].map(lambda s: visits_per_week.get(s, 0.0)).astype(float)
        service = {
            "visits_per_month_mean": round(float(per_week.mean()) * WEEKS_PER_MONTH, 2) if len(covered) else 0.0,
            "weekly_equivalent_coverage_pct": round(100 * float(per_week.clip(upper=1.0).sum()) / n, 2) if n else 0.0,
            "covered_fortnightly_only": int((per_week < 1).sum()),
        }
    return {
        **service,
        "seniors": n,
        "seniors_covered": int(len(covered)),
        "coverage_pct": round(100 * len(covered) / n, 2) if n else 0.0,
        "weighted_coverage_pct": round(100 * float(covered["weight"].sum()) / total_w, 2) if total_w else 0.0,
        "not_covered_by_reason": {k: int(v) for k, v in table[~table["covered"]]["why"].value_counts().sort_index().items()},
        "walkers": int((covered["mode"] == "pied").sum()),
        "drivers": int((covered["mode"] == "voiture").sum()),
        "mean_walk_access_m": round(float(access_m.mean()), 1) if len(access_m) else 0.0,
        "max_walk_access_m": int(access_m.max()) if len(access_m) else 0,
        "mean_access_s": round(float(covered["access_s"].mean()), 1) if len(covered) else 0.0,
        "max_access_s": int(covered["access_s"].max()) if len(covered) else 0,
    }


def commune_coverage(folder: Path) -> list[dict[str, Any]]:
    """Seniors and seniors covered per commune, from a plan folder's couverture.csv (counts only: no tenant)."""
    totals: dict[str, list[int]] = {}
    with (folder / "couverture.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts = totals.setdefault(row["insee_code"], [0, 0])
            counts[0] += 1
            counts[1] += row["covered"] == "True"
    return [
        {"insee_code": code, "seniors": n, "covered": c, "pct": round(100 * c / n, 1) if n else 0.0}
        for code, (n, c) in sorted(totals.items())
    ]


def coverage_change(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per commune, the seniors covered before → after a change (counts of :func:`commune_coverage`), every commune of
    either side (0 where a side has none)."""
    was = {c["insee_code"]: int(c["covered"]) for c in before}
    now = {c["insee_code"]: int(c["covered"]) for c in after}
    return [{"insee_code": code, "before": was.get(code, 0), "after": now.get(code, 0)} for code in sorted(was | now)]

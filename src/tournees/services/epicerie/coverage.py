"""Épicerie mobile: which senior tenants each candidate stop serves, and coverage of a set of stops.

A tenant is covered by a stop within ``walk_max_m`` metres on the walking network (the
shorter of the two directions: a footpath has no one-way), or, for a tenant with a car
(or anyone in a hamlet with no stop within walking reach when ``drive_for_all`` is set),
within ``drive_max_min`` minutes by road. Weights count who needs the van most:
``1 + w_isolated`` for a person living alone, ``+ w_no_car`` without a car.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tournees.model import GroceryStop, Residence, Tenant

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
    walk_speed_mps: float = 1.0  # a senior's pace
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
                rows.append((person.tenant_id, stop.stop_id, "voiture", None, round(secs), person.weight))
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


def coverage_figures(table: pd.DataFrame) -> dict[str, float | int | dict[str, int]]:
    """The coverage KPIs of a :func:`coverage_of` table."""
    n, total_w = len(table), float(table["weight"].sum())
    covered = table[table["covered"]]
    access_m = covered["access_m"].dropna()
    return {
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

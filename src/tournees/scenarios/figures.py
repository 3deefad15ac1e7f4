"""One week of a scenario in figures: requests served, urgent ones on time, waits, km, hours, cost, slots held.

Read from the week's plan folder (``visits.csv``, ``plan.json``) as ``tournees check`` reads it, and the
cost from the programme's catalogue (``action_costs``) of the service's fiche.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tournees.db import Database
from tournees.model import ActionCost, Vehicle
from tournees.plan.simulate import simulate_rows

FICHE = {"epicerie": 4, "bricolage": 7, "ecrivain": 10}  # the programme's action of each service
INVESTMENT_YEARS = 7.0  # a one-off cost (vehicle, equipment) paid off over these years (as the épicerie's van_years)
WEEKS_A_MONTH = 52 / 12


@dataclass(frozen=True)
class WeeklyCost:
    """What one resource (a person and a vehicle) of a service costs a week, and its vehicles' cost per km."""

    per_resource_eur: float
    per_km_eur: float


def weekly_cost(db: Database, service: str, staff_eur_month: float) -> WeeklyCost:
    """From the catalogue of the service's fiche: monthly and yearly lines, one-off lines paid off over
    :data:`INVESTMENT_YEARS`; the staff's pay (``staff_eur_month``) when the catalogue has no pay line."""
    lines = [c for c in db.load(ActionCost) if c.action_id == FICHE.get(service)]
    week = 0.0
    for line in lines:
        if line.period == "mensuel":
            week += line.amount_eur / WEEKS_A_MONTH
        elif line.period == "annuel":
            week += line.amount_eur / 52
        elif line.period == "unique":
            week += line.amount_eur / (INVESTMENT_YEARS * 52)
    if not any("rémunération" in line.label.lower() for line in lines):
        week += staff_eur_month / WEEKS_A_MONTH
    per_km = [v.cost_per_km_eur for v in db.load(Vehicle) if v.service == service and v.cost_per_km_eur]
    return WeeklyCost(round(week, 2), sum(per_km) / len(per_km) if per_km else 0.0)


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def route_hours(rows: Sequence[Mapping[str, str]]) -> float:
    """Hours from leaving the base to coming back, summed over the routes (a resource on a day)."""
    spans: dict[tuple[str, str], list[dt.datetime]] = {}
    for row in rows:
        if row["kind"] in ("start", "end"):
            moment = _moment(row["departure"] if row["kind"] == "start" else row["arrival"])
            spans.setdefault((row["resource_id"], row["date"]), []).append(moment)
    return round(sum((max(m) - min(m)).total_seconds() for m in spans.values()) / 3600, 2)


def week_figures(
    rows: Sequence[Mapping[str, str]],
    *,
    served: Mapping[str, dt.date],
    received: Mapping[str, dt.date],
    urgent_deadline: Mapping[str, dt.date],
    served_before: Mapping[str, dt.date],
    monday: dt.date,
    resources: int,
    cost: WeeklyCost,
    simulate_runs: int,
    seed: int,
    kpis: Mapping[str, Any],
) -> dict[str, Any]:
    """The indicators of one week (rows of ``visits.csv`` of that week; ``served``: request → day this week)."""
    sunday = monday + dt.timedelta(days=6)
    waits = [(day - received[r]).days for r, day in served.items() if r in received]
    # urgent requests whose deadline (2 working days after receipt) falls this week, or earlier and still open
    due = [r for r, d in urgent_deadline.items() if d <= sunday and (d >= monday or r not in served_before)]
    done_by = {**served_before, **served}
    on_time = [r for r in due if r in done_by and done_by[r] <= urgent_deadline[r]]
    km = sum(int(row["distance_m_from_prev"] or 0) for row in rows) / 1000
    drive_h = sum(int(row["travel_s_from_prev"] or 0) for row in rows) / 3600
    hours = route_hours(rows)
    total = resources * cost.per_resource_eur + km * cost.per_km_eur
    held = None
    if simulate_runs and any(row["slot_start"] for row in rows):
        held = round(simulate_rows(list(rows), runs=simulate_runs, seed=seed).held_pct, 1)  # type: ignore[arg-type]
    return {
        "requests_received": sum(1 for d in received.values() if monday <= d <= sunday),
        "requests_served": len(served),
        "urgent_due": len(due),
        "urgent_within_2_days": len(on_time),
        "urgent_within_2_days_pct": round(100 * len(on_time) / len(due), 1) if due else None,
        "waiting_days_mean": round(sum(waits) / len(waits), 1) if waits else None,
        "waiting_days_max": max(waits) if waits else None,
        "km": round(km, 1),
        "driving_hours": round(drive_h, 2),
        "work_hours": hours,
        "resources": resources,
        "cost_eur": round(total, 2),
        "cost_per_intervention_eur": round(total / len(served), 2) if served else None,
        "coverage_pct": kpis.get("coverage_pct"),
        "weighted_coverage_pct": kpis.get("weighted_coverage_pct"),
        "slots_held_pct": held,
    }

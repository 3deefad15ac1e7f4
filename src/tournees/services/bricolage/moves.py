"""What a bricol'âge re-plan changed, and why, for ``moves.csv``; stored steps back as plan rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tournees.engine import Problem, Solution
from tournees.model import PlanStep
from tournees.plan import PlanContext
from tournees.services.common import Horizon

Before = dict[str, tuple[str, dt.date, dt.datetime | None, dt.datetime | None]]


def moves_between(
    problem: Problem,
    solution: Solution,
    ctx: PlanContext,
    horizon: Horizon,
    before: Before,
    from_day: dt.date,
    urgent: frozenset[str],
    away: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """One row per request whose technician, day or slot changed from ``from_day`` on, with the reason
    (``away``: the reason of confirmed appointments moved because their technician is now away)."""
    away = away or {}
    after: dict[str, tuple[str, dt.date, str]] = {}
    for route in solution.routes:
        v = problem.vehicles[route.vehicle]
        for task_id in route.task_ids:
            after[task_id] = (v.id, horizon.days[v.day], fmt_slot(ctx, ctx.slots.get(task_id)))
    added: dict[tuple[str, dt.date], list[str]] = {}  # requests new to each technician-day
    for task_id, (res, day, _slot) in sorted(after.items()):
        if task_id not in before:
            added.setdefault((res, day), []).append(task_id)
    left = {u.task_id: u.reason for u in solution.unassigned}

    def cause(res: str, day: dt.date) -> str:
        new = added.get((res, day), [])
        pressing = [t for t in new if t in urgent]
        if pressing:
            return "pour faire place à la demande urgente " + ", ".join(pressing)
        if new:
            return "la tournée du jour a changé (demandes ajoutées : " + ", ".join(new) + ")"
        return "nouvel ordre de la tournée (trajets plus courts), sans demande ajoutée ce jour-là"

    moves = []
    for task_id, (res, day, a, b) in sorted(before.items()):
        if day < from_day:
            continue
        old_slot = f"{a:%H:%M}-{b:%H:%M}" if a and b else ""
        row = {"request_id": task_id, "old_resource": res, "old_date": day.isoformat(), "old_slot": old_slot}
        new = after.get(task_id)
        if task_id in away and (new is None or new != (res, day, old_slot)):
            moves.append({**row, "new_resource": new[0] if new else "", "new_date": new[1].isoformat() if new else "",
                          "new_slot": new[2] if new else "", "why": away[task_id]})
        elif new is None:
            moves.append(
                {
                    **row,
                    "new_resource": "",
                    "new_date": "",
                    "new_slot": "",
                    "why": f"rendez-vous non encore confirmé, reporté ({cause(res, day)}) : "
                    f"{left.get(task_id, 'retiré du plan')}",
                }
            )
        elif new != (res, day, old_slot):
            moves.append(
                {
                    **row,
                    "new_resource": new[0],
                    "new_date": new[1].isoformat(),
                    "new_slot": new[2],
                    "why": f"rendez-vous non encore confirmé, déplacé : {cause(res, day)}",
                }
            )
    for task_id, (res, day, slot) in sorted(after.items()):
        if task_id not in before:
            why = "demande urgente insérée" if task_id in urgent else "demande en attente planifiée sur une place libre"
            moves.append(
                {
                    "request_id": task_id,
                    "old_resource": "",
                    "old_date": "",
                    "old_slot": "",
                    "new_resource": res,
                    "new_date": day.isoformat(),
                    "new_slot": slot,
                    "why": why,
                }
            )
    return moves


def row_of(step: PlanStep) -> dict[str, Any]:
    """A stored step back as a visits.csv row."""
    from tournees.plan import VISIT_COLUMNS

    row: dict[str, Any] = {"service": "bricolage"}
    for name in VISIT_COLUMNS[1:]:
        value = getattr(step, name)
        if isinstance(value, dt.datetime):
            value = value.isoformat(timespec="seconds")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        row[name] = "" if value is None else value
    return row


def fmt_slot(ctx: PlanContext, slot: tuple[int, int] | None) -> str:
    if slot is None:
        return ""
    a = dt.datetime.fromisoformat(ctx.when(slot[0]))
    b = dt.datetime.fromisoformat(ctx.when(slot[1]))
    return f"{a:%H:%M}-{b:%H:%M}"

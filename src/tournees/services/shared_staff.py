"""Technicians shared by several landlords (fiche 7's "dispositif mutualisé"): planned once.

The rule is the simplest sound one: a landlord's plan only uses the time that the other landlords'
published plans leave free. A published route holds its technician from leaving the base to coming
back (travel, visits and lunch included); what is left of the shift around it is a free span, and
the plan gets the longest one (the earliest on a tie), with the lunch break only when its whole
window lies inside it (the rule :mod:`tournees.services.availability` applies to a half-day absence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tournees.engine import Vehicle
from tournees.services.common import Horizon, seconds

MIN_FREE_S = 30 * 60  # a shorter free span holds no visit worth the trip


@dataclass(frozen=True)
class Taken:
    """The time a published plan of ``owner`` (a landlord id) holds a technician on a day."""

    resource_id: str
    day: dt.date
    start: dt.time
    end: dt.time
    owner: str
    visits: int
    break_s: int = 0  # breaks taken in it (not work: the weekly hours count the rest)


def taken_by(steps: Iterable[Any], owner: str) -> list[Taken]:
    """Per technician-day of a published run's steps (plan_steps rows), the span its route holds them."""
    spans: dict[tuple[str, dt.date], list[Any]] = {}
    for s in steps:
        spans.setdefault((s.resource_id, s.date), []).append(s)
    out = []
    for (resource, day), rows in sorted(spans.items()):
        visits = sum(1 for r in rows if r.kind == "visit")
        if not visits:
            continue
        moments = [m for r in rows for m in (r.departure, r.arrival, r.start, r.end) if m is not None]
        pause = sum(int((r.end - r.start).total_seconds()) for r in rows if r.kind == "break" and r.start and r.end)
        out.append(Taken(resource, day, min(moments).time(), max(moments).time(), owner, visits, pause))
    return out


def _free_span(shift: tuple[int, int], held: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The longest part of ``shift`` outside every ``held`` span (earliest on a tie)."""
    best: tuple[int, int] | None = None
    cursor = shift[0]
    for lo, hi in [*sorted(held), (shift[1], shift[1])]:
        if lo > cursor and (best is None or min(lo, shift[1]) - cursor > best[1] - best[0]):
            best = (cursor, min(lo, shift[1]))
        cursor = max(cursor, hi)
        if cursor >= shift[1]:
            break
    return best if best is not None and best[1] - best[0] >= MIN_FREE_S else None


def leave_free(vehicles: Sequence[Vehicle], taken: Sequence[Taken], horizon: Horizon) -> list[Vehicle]:
    """The technician-days cut to the time the other landlords' published plans leave free (a day with
    none left is dropped)."""
    held: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for span in taken:
        d = horizon.index(span.day)
        if d is not None:
            held.setdefault((span.resource_id, d), []).append((horizon.at(d, span.start), horizon.at(d, span.end)))
    out = []
    for v in vehicles:
        spans = held.get((v.id, v.day))
        if not spans:
            out.append(v)
            continue
        free = _free_span((v.shift_start, v.shift_end), spans)
        if free is None:
            continue
        breaks = tuple(b for b in v.breaks if free[0] <= b.earliest and b.latest + b.duration <= free[1])
        work = free[1] - free[0]
        out.append(replace(v, shift_start=free[0], shift_end=free[1], breaks=breaks,
                           max_work=min(v.max_work, work) if v.max_work else None))
    return out


def worked_elsewhere(taken: Iterable[Taken]) -> dict[str, int]:
    """Seconds of the week each technician works for the other landlords (counted in their weekly hours)."""
    out: dict[str, int] = {}
    for span in taken:
        work = seconds(span.end) - seconds(span.start) - span.break_s
        out[span.resource_id] = out.get(span.resource_id, 0) + work
    return out

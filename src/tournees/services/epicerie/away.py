"""The épicerie's van-days without the absences: a van at the garage or its driver away.

The calendar stays the published one (communes rely on it); a date the van or its driver is away
loses that round, as a holiday without a free day does: its stops are cancelled that day and said
so. A half-day away shortens the round: the stops outside what is left of the day (and those the van
can no longer reach from the depot or leave in time to come back) are cancelled, the others keep
their published time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from tournees.i18n import t
from tournees.model import Staff
from tournees.services.availability import Absences
from tournees.services.common import seconds
from tournees.services.epicerie.calendar import StopSpec, VanSpec
from tournees.services.epicerie.horizon import Cancelled, Run


@dataclass(frozen=True)
class VanHours:
    """A van-day shortened by a half-day away: when it leaves loaded, when it must be back, lunch or not."""

    day_start: int
    day_end: int
    lunch: bool


def without_absences(runs: list[Run], vans: list[tuple[VanSpec, Staff]], by_id: dict[str, StopSpec],
                     durations: np.ndarray, absences: Absences, *, loading_s: int, unloading_s: int,
                     lang: str) -> tuple[list[Run], list[Cancelled], dict[tuple[dt.date, int], VanHours]]:
    """The rounds still run, the stops cancelled by absences, and the hours of the shortened van-days."""
    kept: list[Run] = []
    cancelled: list[Cancelled] = []
    hours: dict[tuple[dt.date, int], VanHours] = {}
    for date, v, route, planned in runs:
        van, staff = vans[v]
        work = absences.window((van.van_id, staff.staff_id, staff.vehicle_id), date, staff.shift_start, staff.shift_end,
                               (staff.lunch_start, staff.lunch_end))
        order = list(route.order)
        if work is not None and work.shortened:
            first = max(van.day_start, seconds(work.start) + loading_s)
            last = min(van.day_end, seconds(work.end) - unloading_s)
            order = [s for s in order if first <= route.starts[s] and route.starts[s] + by_id[s].dwell_s <= last]
            while order and first + int(durations[van.depot, by_id[order[0]].location]) > route.starts[order[0]]:
                order.pop(0)
            while order and (route.starts[order[-1]] + by_id[order[-1]].dwell_s
                             + int(durations[by_id[order[-1]].location, van.depot])) > last:
                order.pop()
            hours[date, v] = VanHours(first, last, work.lunch)
        why = t("absence_van_day", lang, date=date.isoformat())
        cancelled += [(s, planned, "staff_absent", why) for s in route.order if work is None or s not in order]
        if work is not None and order:
            kept.append((date, v, replace(route, order=order), planned))
    return kept, cancelled, hours

"""The visit campaign: who is due when, and which visits each week takes so that weeks stay even.

Every senior tenant is seen ``visits_per_year`` times a year, a fragile one (isolated, GIR 1–4, signalled)
``fragile_visits_per_year`` times; the next visit is due one interval after the last one done, and a
tenant never seen is due at a point of the year spread evenly across the référent's tenants (the first
year of a campaign: first interviews, longer). A signal makes a visit due within ``signal_days`` working
days. Each week takes the visits due (or due within ``ahead_weeks``), earliest first, up to the référent's
visiting hours (their share of the contract hours) and no more than an even share of the year's visits; a
visit due that week and not taken is said so, with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tournees.calendar import working_days


@dataclass(frozen=True)
class Senior:
    tenant_id: str
    referent: str
    fragile: bool
    last_visit: dt.date | None  # last visit done by a référent (activities)
    signalled: dt.date | None = None  # date of a signal since that visit


@dataclass(frozen=True)
class Visit:
    tenant_id: str
    referent: str
    due: dt.date
    first: bool  # first interview (longer)
    signal: bool = False


@dataclass
class Week:
    monday: dt.date
    visits: dict[str, list[Visit]] = field(default_factory=dict)  # by référent
    late: list[Visit] = field(default_factory=list)  # due by the week's end and not taken: capacity


def due_visits(seniors: Sequence[Senior], start: dt.date, *, per_year: int, fragile_per_year: int,
               signal_days: int) -> list[Visit]:
    """The next visit due of each tenant (one each), in due-date order."""
    out = []
    fresh: dict[str, list[Senior]] = {}
    for s in seniors:
        if s.signalled is not None:  # within signal_days working days of the signal
            days = working_days(s.signalled, s.signalled + dt.timedelta(days=3 * signal_days + 7))
            within = days[min(signal_days, len(days)) - 1]
            out.append(Visit(s.tenant_id, s.referent, within, s.last_visit is None, True))
        elif s.last_visit is not None:
            every = 365 // (fragile_per_year if s.fragile else per_year)
            out.append(Visit(s.tenant_id, s.referent, s.last_visit + dt.timedelta(days=every), False))
        else:
            fresh.setdefault(s.referent, []).append(s)
    for referent, group in fresh.items():  # first interviews spread over the year, fragile tenants first
        group = sorted(group, key=lambda s: (not s.fragile, s.tenant_id))
        for n, s in enumerate(group):
            out.append(Visit(s.tenant_id, referent, start + dt.timedelta(days=365 * n // len(group)), True))
    return sorted(out, key=lambda v: (v.due, not v.signal, v.tenant_id))


def cut_weeks(visits: Sequence[Visit], mondays: Sequence[dt.date], capacity_s: Mapping[str, int],
              length_s: Mapping[bool, int], yearly_s: Mapping[str, int], *, ahead_weeks: int = 1) -> list[Week]:
    """Each week's visits by référent: due first, within the visiting hours and an even weekly share; a visit due
    up to ``ahead_weeks`` later may come early into a week with room (so that a peak of due dates is met)."""
    weeks = [Week(m) for m in mondays]
    pending = list(visits)
    for week in weeks:
        end = week.monday + dt.timedelta(days=6)
        used: dict[str, int] = {}
        left = []
        for v in pending:
            even = math.ceil(1.1 * yearly_s.get(v.referent, 0) / 52)  # an even week, 10 % of slack
            room = min(capacity_s.get(v.referent, 0), max(even, length_s[True]))
            need = length_s[v.first]
            if v.due - dt.timedelta(weeks=ahead_weeks) <= end and used.get(v.referent, 0) + need <= room:
                week.visits.setdefault(v.referent, []).append(v)
                used[v.referent] = used.get(v.referent, 0) + need
            else:
                if v.due <= end:
                    week.late.append(v)
                left.append(v)
        pending = left
    return weeks

"""Who is at work when: the absences of staff and vehicles, turned into the working window of a day.

One rule for every planner, on the shared half-day clock: an absence ``matin`` takes the morning
up to :data:`AFTERNOON` (13:30, when afternoons start), ``apres-midi`` the afternoon from
:data:`HALF_DAY_SPLIT` (12:00), ``jour`` the whole day. A half-day worked keeps the lunch break
only when the whole lunch window lies inside it (otherwise lunch falls in the absence). A
vehicle's absence counts for the staff member who drives it (their usual ``vehicle_id``): a van
at the garage takes its technician's or driver's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tournees.calendar import AFTERNOON, HALF_DAY_SPLIT
from tournees.db import Database
from tournees.i18n import t
from tournees.model import Absence, PlanningRun, PlanStep, Staff

_DAY_END = dt.time(23, 59, 59)


@dataclass(frozen=True)
class WorkWindow:
    """The part of a day a resource works: from ``start`` to ``end``, with its lunch break or not."""

    start: dt.time
    end: dt.time
    lunch: bool
    shortened: bool  # a half-day absence cut the shift


class Absences:
    """The absences of a programme, by resource."""

    def __init__(self, records: Iterable[Absence] = ()) -> None:
        self._by_resource: dict[str, list[Absence]] = {}
        for a in sorted(records, key=lambda a: (a.resource_id, a.first_day, a.part)):
            self._by_resource.setdefault(a.resource_id, []).append(a)

    @classmethod
    def of(cls, db: Database) -> Absences:
        return cls(db.load(Absence))

    def __bool__(self) -> bool:
        return bool(self._by_resource)

    def records(self) -> list[Absence]:
        """Every absence, in a stable order (for the inputs' fingerprint of a plan)."""
        return [a for rid in sorted(self._by_resource) for a in self._by_resource[rid]]

    def on(self, resource_ids: Iterable[str | None], day: dt.date) -> list[Absence]:
        """The absences of any of ``resource_ids`` (a person and their vehicle) that take part of ``day``."""
        return [a for rid in resource_ids if rid for a in self._by_resource.get(rid, ()) if a.covers(day)]

    def window(self, resource_ids: Sequence[str | None], day: dt.date, start: dt.time, end: dt.time,
               lunch: tuple[dt.time, dt.time] | None = None) -> WorkWindow | None:
        """What is left of the shift ``start``–``end`` on ``day``; ``None`` when nothing is (a day off)."""
        halves = frozenset().union(*(a.covers(day) for a in self.on(resource_ids, day)))
        if halves >= {"am", "pm"}:
            return None
        first = max(start, AFTERNOON) if "am" in halves else start
        last = min(end, HALF_DAY_SPLIT) if "pm" in halves else end
        if first >= last:
            return None
        keeps_lunch = lunch is None or (first <= lunch[0] and lunch[1] <= last)
        return WorkWindow(first, last, keeps_lunch, shortened=(first, last) != (start, end))

    def absent_during(self, resource_ids: Sequence[str | None], begin: dt.datetime,
                      finish: dt.datetime) -> Absence | None:
        """The first absence of ``resource_ids`` that takes some time between ``begin`` and ``finish`` (same day)."""
        for a in self.on(resource_ids, begin.date()):
            for lo, hi in away_spans(a.covers(begin.date())):
                if begin.time() < hi and lo < finish.time():
                    return a
        return None


def away_spans(halves: frozenset[str]) -> list[tuple[dt.time, dt.time]]:
    """The clock spans of a day an absence of those half-days takes (the same rule as :meth:`Absences.window`)."""
    if halves >= {"am", "pm"}:
        return [(dt.time(0), _DAY_END)]
    return [(dt.time(0), AFTERNOON)] * ("am" in halves) + [(HALF_DAY_SPLIT, _DAY_END)] * ("pm" in halves)


def related_ids(staff: Iterable[Staff]) -> dict[str, tuple[str, ...]]:
    """Per resource of a plan (a staff member, or the van a driver drives), the ids whose absence stops it."""
    related: dict[str, tuple[str, ...]] = {}
    for person in staff:
        related[person.staff_id] = (person.staff_id, *([person.vehicle_id] if person.vehicle_id else []))
        if person.vehicle_id:
            related[person.vehicle_id] = (*related.get(person.vehicle_id, (person.vehicle_id,)), person.staff_id)
    return related


def broken_visits(rows: Iterable[Mapping[str, Any]], absences: Absences, related: Mapping[str, tuple[str, ...]],
                  lang: str) -> list[str]:
    """A sentence for each visit or session of a plan (rows of visits.csv or stored steps) that falls in an
    absence: its time or its announced slot meets the time the resource, or the van or driver it goes
    with, is away."""
    return [t("absence_broken", lang, task=row["task_id"], resource=row["resource_id"], date=start.date().isoformat(),
              start=f"{start:%H:%M}", end=f"{end:%H:%M}", who=away.resource_id, span=away.span())
            for row, start, end, away in _broken(rows, absences, related)]


Broken = tuple[Mapping[str, Any], dt.datetime, dt.datetime, Absence]  # a visit's row, its start and end, the absence


def _broken(rows: Iterable[Mapping[str, Any]], absences: Absences,
            related: Mapping[str, tuple[str, ...]]) -> Iterable[Broken]:
    for row in rows:
        if row.get("kind") not in ("visit", "session") or not row.get("task_id"):
            continue
        times = [_when(row.get(k)) for k in ("start", "end", "slot_start", "slot_end")]
        known = [x for x in times if x is not None]
        if not known:
            continue
        resource = str(row["resource_id"])
        away = absences.absent_during(related.get(resource, (resource,)), min(known), max(known))
        if away is not None:
            yield row, times[0] or min(known), times[1] or max(known), away


def folder_findings(folder: Path, database: str, lang: str) -> list[str]:
    """``tournees check``: the visits of a plan folder that fall in an absence now in the database (none
    when there is no database, or when visits.csv cannot be read: the other checks say why)."""
    from tournees.plan.folder_check import read_table

    if "://" not in database and not Path(database).is_file():
        return []
    rows, _ = read_table(folder, "visits.csv")
    if rows is None:
        return []
    db = Database.read(database, lang)
    try:
        absences = Absences.of(db)
        if not absences:
            return []
        return broken_visits(rows, absences, related_ids(db.load(Staff)), lang)
    finally:
        db.dispose()


def stored_plan_lines(db: Database, lang: str) -> list[str]:
    """``tournees summary``: for the latest stored plan of each service and period, the visits that an absence
    entered after it now breaks."""
    absences = Absences.of(db)
    if not absences:
        return []
    latest: dict[str, PlanningRun] = {}
    for run in db.load(PlanningRun):
        period, _, n = run.run_id.rpartition("-")
        if period not in latest or int(n) > int(latest[period].run_id.rpartition("-")[2]):
            latest[period] = run
    chosen = {run.run_id for run in latest.values()}
    steps: dict[str, list[dict[str, Any]]] = {}
    for step in db.load(PlanStep):
        if step.run_id in chosen:
            steps.setdefault(step.run_id, []).append(vars(step))
    related = related_ids(db.load(Staff))
    lines = []
    for run_id in sorted(steps):
        broken = [str(row["task_id"]) for row, *_ in _broken(steps[run_id], absences, related)]
        if broken:
            tasks = ", ".join(broken[:10]) + (" …" if len(broken) > 10 else "")
            lines.append(t("absence_summary", lang, n=len(broken), run=run_id, tasks=tasks))
    return lines


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None  # the folder's own checks name the bad time
    return None

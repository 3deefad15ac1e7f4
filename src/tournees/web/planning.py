"""The one place where the web application calls the planners, the engine's timing and the documents.

A web plan belongs to one landlord: it is built by the same planner object as ``tournees plan``
with the other landlords' requests excluded. A move re-times only the days it changes, on the
problem the plan was made from (its plan.json), with the timing ``tournees retime`` uses
(:func:`tournees.plan.retime.time_route`); the other days stay as they were and the independent
checker lists what breaks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from tournees.calendar import parse_week
from tournees.db import Database
from tournees.engine import DAY, LeftOut, Pin, Problem, Route, Solution, Step, Violation, check
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import BricolageRequest, Residence, Tenant, move_status
from tournees.outputs import write_outputs
from tournees.plan import PlanContext, plan_rows
from tournees.plan.retime import Retimed, time_route
from tournees.plan.retime import rebuild as rebuild_plan
from tournees.plan.staging import staged_folder
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.services.common import announced_slot, seconds
from tournees.settings import Settings

# the plan form's ``service`` field (services.registry codes)
SERVICES = ("bricolage", "ecrivain", "epicerie", "referent")
RouteKey = tuple[str, dt.date]  # (resource id, date)
# The web app's maps load nothing from outside the server (it may run on a local network alone): no tile
# server, the streets drawn from our road file stand in (credited to OpenStreetMap's contributors).
TILES = False


def _title(lang: str) -> str:  # (the service's name on the documents, as the CLI prints it)
    from tournees.services import registry

    return registry.get("bricolage").title(lang)


def landlord_requests(db: Database) -> dict[str, str]:
    """Bricol'âge request id -> landlord id (through tenant and residence)."""
    residence = {r.residence_id: r.landlord_id for r in db.load(Residence)}
    tenant = {t.tenant_id: residence[t.residence_id] for t in db.load(Tenant)}
    return {r.request_id: tenant[r.tenant_id] for r in db.load(BricolageRequest)}


def _others(db: Database, landlord_id: str) -> frozenset[str]:
    return frozenset(rid for rid, owner in landlord_requests(db).items() if owner != landlord_id)


def _planner(db: Database, settings: Settings, time_limit_s: float = 20.0) -> BricolagePlanner:
    return BricolagePlanner(db, settings, BricolageOptions(time_limit_s=time_limit_s))


def plan_week(
    db: Database,
    settings: Settings,
    *,
    landlord_id: str,
    week: str,
    out: Path,
    time_limit_s: float,
    progress: Callable[[float, int], None],
    pins: dict[str, tuple[str, dt.date, int, int]] | None = None,
    previous: dict[RouteKey, list[str]] | None = None,
) -> str:
    """Plan one landlord's bricol'âge week, write its folder and documents; return the stored run id."""
    from tournees.web.publication import taken_elsewhere

    planner = _planner(db, settings, time_limit_s)
    taken = taken_elsewhere(db, landlord_id, week)  # shared technicians: the other landlords' published time
    plan = planner.plan(
        parse_week(week), pins=pins, exclude=_others(db, landlord_id), progress=progress, previous=previous,
        taken=taken,
    )
    with staged_folder(out) as tmp:  # the folder appears whole or not at all; the run is recorded once it is whole
        planner.write(plan, tmp, week_label=week)
        write_outputs(tmp, db, settings, title=_title(settings.lang), tiles=TILES)
    assert plan.run_id is not None
    return plan.run_id


def _pins(
    slots: Mapping[str, tuple[str, dt.date, dt.datetime, dt.datetime]],
) -> dict[str, tuple[str, dt.date, int, int]]:
    return {tid: (res, day, seconds(a.time()), seconds(b.time())) for tid, (res, day, a, b) in slots.items()}


def replan_week(
    db: Database,
    settings: Settings,
    *,
    landlord_id: str,
    week: str,
    out: Path,
    time_limit_s: float,
    progress: Callable[[float, int], None],
    confirmed_slots: Mapping[str, tuple[str, dt.date, dt.datetime, dt.datetime]],
    previous: dict[RouteKey, list[str]],
) -> str:
    """Plan the week again (new urgent requests in), confirmed visits kept in their slots, from the current routes."""
    return plan_week(
        db, settings, landlord_id=landlord_id, week=week, out=out, time_limit_s=time_limit_s, progress=progress,
        pins=_pins(confirmed_slots), previous=previous,
    )


@dataclasses.dataclass
class Stored:
    """A web plan's folder as the engine sees it: the very problem it was planned on (its plan.json) and its rows.

    Re-building the problem from the database instead would not give the plan's problem back (the
    requests' statuses changed since, and the planner's second round offers more days), and every
    day would then break rules it kept."""

    plan: dict[str, Any]
    problem: Problem
    ctx: PlanContext
    vehicle_of: dict[RouteKey, int]  # (resource, date) -> index into problem.vehicles
    rows: dict[RouteKey, list[dict[str, Any]]]  # visits.csv rows of each route, as written

    def at(self, stamp: str | dt.datetime) -> int:
        """Engine seconds (since the plan's first day) of a time of the plan."""
        moment = stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(stamp)
        assert self.ctx.days is not None
        return self.ctx.days.index(moment.date()) * DAY + seconds(moment.time())

    def orders(self) -> dict[RouteKey, list[str]]:
        """The visits of each route, in order."""
        return {k: [r["task_id"] for r in rs if r["kind"] == "visit" and r["task_id"]] for k, rs in self.rows.items()}


def stored(folder: Path) -> Stored:
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    problem, ctx, keys, _days = rebuild_plan(plan)
    rows: dict[RouteKey, list[dict[str, Any]]] = {}
    for row in plan.get("visits", []):
        rows.setdefault((row["resource_id"], dt.date.fromisoformat(row["date"])), []).append(row)
    vehicle_of = {(res, dt.date.fromisoformat(day)): i for (res, day), i in keys.items()}
    return Stored(plan, problem, ctx, vehicle_of, rows)


def _as_steps(st: Stored, key: RouteKey) -> list[Step]:
    """A route as it was written, in engine terms, to be checked beside the re-timed ones (not timed again)."""
    v = st.problem.vehicles[st.vehicle_of[key]]
    index = {lid: i for i, lid in enumerate(st.ctx.location_ids)}
    out = []
    for row in st.rows[key]:
        kind = row["kind"]
        place = {"start": v.start, "end": v.end, "break": None}.get(kind, index.get(row["location_id"]))
        start = st.at(row["start"])
        arrival = start if kind == "break" else st.at(row["arrival"])  # a break row's arrival is where it is taken
        end, departure = st.at(row["end"]), st.at(row["departure"])
        out.append(Step(kind, row["task_id"] or None, place, arrival, start, end, departure))
    return out


def _pinned(st: Stored, confirmed: Mapping[str, tuple[str, dt.date, dt.datetime, dt.datetime]]) -> Problem:
    """The plan's problem with confirmed appointments held to their technician, day and announced slot."""
    assert st.ctx.days is not None
    tasks = [
        dataclasses.replace(t, pin=Pin(c[0], st.ctx.days.index(c[1]), st.at(c[2]), st.at(c[3])))
        if (c := confirmed.get(t.id)) is not None and c[1] in st.ctx.days
        else t
        for t in st.problem.tasks
    ]
    return dataclasses.replace(st.problem, tasks=tasks)


def _slots(st: Stored, problem: Problem, timed: list[Route], confirmed: Collection[str]) -> dict[str, tuple[int, int]]:
    """Announced slots: a promise that still holds is kept (confirmed, or the visit still starts within its slot
    with the same technician on the same day); the others are announced again by the planner's rule."""
    old = {r["task_id"]: (key, r) for key, rows in st.rows.items() for r in rows if r["task_id"] and r["slot_start"]}
    slots = {tid: (st.at(r["slot_start"]), st.at(r["slot_end"])) for tid, (_key, r) in old.items()}
    options: dict[str, Any] = st.plan["settings"] if isinstance(st.plan.get("settings"), dict) else {}
    length = int(float(options.get("slot_hours", BricolageOptions.slot_hours)) * 3600)
    late = min(int(options.get("late_margin_min", BricolageOptions.late_margin_min)) * 60, length)
    tasks = {t.id: t for t in problem.tasks}
    assert st.ctx.days is not None
    for route in timed:
        v = problem.vehicles[route.vehicle]
        for step in route.steps:
            tid = step.task_id
            if step.kind != "visit" or tid is None or tid in confirmed:
                continue
            was = old.get(tid)
            if was and was[0] == (v.id, st.ctx.days[v.day]) and slots[tid][0] <= step.start <= slots[tid][1]:
                continue
            window = next(((a, b) for a, b in problem.windows_on(tasks[tid], v) if a <= step.start <= b), None)
            slots[tid] = announced_slot(step.start, length=length, late_margin=late, window=window,
                                        shift=(v.shift_start, v.shift_end))  # never outside the technician's day
    return slots


@dataclasses.dataclass
class Adjusted:
    result: Retimed  # what :func:`tournees.plan.retime.write_retimed` writes into the folder
    problem: Problem  # the plan's problem with the confirmed appointments pinned: what the checker read
    findings: list[Violation]


def adjust(
    st: Stored,
    routes: Mapping[RouteKey, Sequence[str]],
    changed: Collection[RouteKey],
    confirmed: Mapping[str, tuple[str, dt.date, dt.datetime, dt.datetime]],
    lang: str,
) -> Adjusted:
    """The plan with the ``changed`` days re-timed by the engine's timing and break rule
    (:func:`tournees.plan.retime.time_route`, as ``tournees retime``); every other day kept as it was."""
    problem = _pinned(st, confirmed)
    tasks = {t.id: t for t in problem.tasks}
    kept_rows: dict[RouteKey, list[dict[str, Any]]] = {}
    every, timed = [], []
    for key, task_ids in sorted(routes.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if key not in changed:
            if key in st.rows:
                every.append(Route(st.vehicle_of[key], _as_steps(st, key)))
                kept_rows[key] = st.rows[key]
            continue
        if not task_ids:
            continue  # a day left without visits: the technician stays at the depot
        steps, _holds = time_route(problem, st.vehicle_of[key], [tasks[t] for t in task_ids])
        if steps is None:
            raise ValidationError(t("docs_rt_untimeable", lang, resource=key[0], date=key[1].isoformat()))
        timed.append(Route(st.vehicle_of[key], steps))
        every.append(timed[-1])
    ctx = dataclasses.replace(st.ctx, slots=_slots(st, problem, timed, confirmed))
    by_key = dict(kept_rows)
    for row in plan_rows(st.problem, Solution(timed, [], engine="web", seed=0, runtime_s=0.0), ctx):
        by_key.setdefault((row["resource_id"], dt.date.fromisoformat(row["date"])), []).append(row)
    rows = [row for key in sorted(by_key, key=lambda k: (k[1], k[0])) for row in by_key[key]]
    unassigned = list(st.plan.get("unassigned", []))
    left = [LeftOut(u["task_id"], u["reason_code"], u["reason"]) for u in unassigned]
    solution = Solution(every, left, engine="web", seed=int(st.plan.get("seed") or 0), runtime_s=0.0)
    found = check(problem, solution)
    readable_days = st.ctx.days or []
    notes = [f"{readable(v.where, readable_days)} : {readable(v.message, readable_days)}" for v in found]
    return Adjusted(Retimed(st.problem, solution, ctx, rows, unassigned, breaks=notes), problem, found)


def working_days(folder: Path) -> list[RouteKey]:
    """The (technician, date) pairs of the plan: the days a visit may be moved to."""
    return sorted(stored(folder).vehicle_of, key=lambda k: (k[1], k[0]))


def verify(folder: Path) -> tuple[Stored, Problem, Solution, list[Violation]]:
    """The checker on a plan folder as written (after planning or re-planning): what breaks in it."""
    st = stored(folder)
    routes = [Route(st.vehicle_of[key], _as_steps(st, key)) for key in sorted(st.rows, key=lambda k: (k[1], k[0]))]
    left = [LeftOut(u["task_id"], u["reason_code"], u["reason"]) for u in st.plan.get("unassigned", [])]
    solution = Solution(routes, left, engine="web", seed=0, runtime_s=0.0)
    return st, st.problem, solution, check(st.problem, solution)


_DAY_INDEX = re.compile(r"\bjour (\d+)\b")
_SECONDS = re.compile(r"(?<![\w-])(\d{4,7})(?![\w-])(?! s\b)")  # "1800 s" is a duration, left as it is


def readable(text: str, days: Sequence[dt.date]) -> str:
    """« jour 3 » → « 26/11 », « 318878 » → « 26/11 16:34 » (engine days and seconds of the plan)."""

    def day(d: int) -> str:
        return days[d].strftime("%d/%m") if 0 <= d < len(days) else f"jour {d}"

    def clock(match: re.Match[str]) -> str:
        value = int(match.group(1))
        d, rest = divmod(value, 86_400)
        if not 0 <= d < len(days):
            return match.group(1)
        return f"{day(d)} {rest // 3600:02d}:{rest % 3600 // 60:02d}"

    return _SECONDS.sub(clock, _DAY_INDEX.sub(lambda m: day(int(m.group(1))), text))


def documents(db: Database, settings: Settings, folder: Path, *, pdf: bool = True, service: str = "bricolage") -> None:
    """Map, sheets, PDF and workbook of a plan folder, and the service's own documents, as ``tournees plan``."""
    from tournees.services import registry

    kind = registry.get(service)
    write_outputs(
        folder, db, settings, title=kind.title(settings.lang), extra=kind.extra_documents, pdf=pdf, tiles=TILES
    )


def confirm(db: Database, request_id: str) -> bool:
    """Mark a request as a confirmed appointment (False when it already is)."""
    request = next((r for r in db.load(BricolageRequest) if r.request_id == request_id), None)
    if request is None or request.status == "confirmed":
        return False
    with db.session() as session:
        session.merge(move_status(request, "confirmed"))
    return True

"""The one place where the web application calls the planners, the engine's timing and the documents.

A web plan belongs to one landlord: it is built by the same planner object as ``tournees plan``
with the other landlords' requests excluded. Adjusting a day re-times it with the engine's own
timing (:func:`tournees.engine.schedule.timed_steps`) and the independent checker lists what breaks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tournees.calendar import parse_week
from tournees.db import Database
from tournees.engine import LeftOut, Route, Solution, Violation, check
from tournees.engine.model import Problem
from tournees.engine.schedule import timed_steps
from tournees.model import BricolageRequest, Residence, Tenant, move_status
from tournees.outputs import write_outputs
from tournees.plan import PlanContext, write_plan
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.services.common import announced_slot, seconds
from tournees.settings import Settings

SERVICES = ("bricolage",)  # planned and adjusted in the browser; the others from the command line
RouteKey = tuple[str, dt.date]  # (resource id, date)
RELAX_S = 6 * 3600  # how far past its shift a day may be timed to show what no longer fits


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
    planner = _planner(db, settings, time_limit_s)
    plan = planner.plan(
        parse_week(week), pins=pins, exclude=_others(db, landlord_id), progress=progress, previous=previous
    )
    folder = planner.write(plan, out, week_label=week)
    write_outputs(folder, db, settings, title=_title(settings.lang))
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
class Rebuilt:
    problem: Problem
    ctx: PlanContext
    vehicle_of: dict[RouteKey, int]  # (resource, date) -> index into problem.vehicles
    days: list[dt.date]


def rebuild(
    db: Database,
    settings: Settings,
    *,
    landlord_id: str,
    week: str,
    confirmed_slots: Mapping[str, tuple[str, dt.date, dt.datetime, dt.datetime]],
) -> Rebuilt:
    """The engine problem of a stored plan, confirmed visits pinned to their announced slots."""
    pins = _pins(confirmed_slots)
    problem, ctx, horizon, _left, _inputs = _planner(db, settings).build(
        parse_week(week), pins=pins, exclude=_others(db, landlord_id)
    )
    vehicle_of = {(v.id, horizon.days[v.day]): i for i, v in enumerate(problem.vehicles)}
    return Rebuilt(problem, ctx, vehicle_of, horizon.days)


def _relaxed(problem: Problem, index: int) -> Problem:
    """Vehicle ``index`` may run late and its breaks slide: a day that no longer fits is still timed."""
    v = problem.vehicles[index]
    breaks = tuple(dataclasses.replace(b, latest=b.latest + RELAX_S) for b in v.breaks)
    vehicles = list(problem.vehicles)
    vehicles[index] = dataclasses.replace(v, shift_end=v.shift_end + RELAX_S, max_work=None, breaks=breaks)
    return dataclasses.replace(problem, vehicles=vehicles)


def retime(rebuilt: Rebuilt, routes: Mapping[RouteKey, Sequence[str]]) -> list[Route]:
    """Every route timed by the engine's rules; a day that breaks a rule is timed as if its shift were longer."""
    problem = rebuilt.problem
    tasks = {t.id: t for t in problem.tasks}
    out = []
    for key, task_ids in routes.items():
        if not task_ids:
            continue
        index = rebuilt.vehicle_of[key]
        seq = [tasks[t] for t in task_ids]
        steps = timed_steps(problem, index, seq) or timed_steps(_relaxed(problem, index), index, seq)
        if steps is None:  # even late the windows cannot be met: time it ignoring them, the checker says why
            loose = [dataclasses.replace(t, windows=(), pin=None) for t in seq]
            steps = timed_steps(_relaxed(problem, index), index, loose)
        assert steps is not None
        out.append(Route(index, steps))
    return out


def slots_after(
    rebuilt: Rebuilt, routes: list[Route], kept: Mapping[str, tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    """Announced slots: kept for confirmed visits, recomputed around the new start for the others."""
    options = BricolageOptions()
    slots = dict(kept)
    for route in routes:
        for step in route.steps:
            if step.kind == "visit" and step.task_id and step.task_id not in kept:
                slots[step.task_id] = announced_slot(
                    step.start, length=int(options.slot_hours * 3600), late_margin=options.late_margin_min * 60
                )
    return slots


def findings(rebuilt: Rebuilt, routes: list[Route], unassigned: list[LeftOut]) -> list[Violation]:
    """What the independent checker finds, its engine times (seconds since day 0) shown as dates and clock times."""
    found = check(rebuilt.problem, Solution(routes, unassigned, engine="web", seed=0, runtime_s=0.0))
    return [
        dataclasses.replace(v, where=readable(v.where, rebuilt.days), message=readable(v.message, rebuilt.days))
        for v in found
    ]


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


def write_folder(
    db: Database,
    settings: Settings,
    rebuilt: Rebuilt,
    routes: list[Route],
    unassigned: list[LeftOut],
    slots: Mapping[str, tuple[int, int]],
    folder: Path,
    *,
    engine: str,
    seed: int,
    meta: dict[str, object],
) -> list[dict]:
    """Rewrite the plan folder (visits.csv, plan.json) and its map and sheets; return the visits rows."""
    from tournees.plan import plan_rows

    ctx = dataclasses.replace(rebuilt.ctx, slots=slots)
    solution = Solution(routes, unassigned, engine=engine, seed=seed, runtime_s=0.0)
    write_plan(folder, rebuilt.problem, solution, ctx, meta=meta)
    write_outputs(folder, db, settings, title=_title(settings.lang), pdf=False)
    return plan_rows(rebuilt.problem, solution, ctx)


def documents(db: Database, settings: Settings, folder: Path) -> None:
    """Map, sheets, PDF and workbook of a plan folder, as ``tournees plan`` writes them."""
    write_outputs(folder, db, settings, title=_title(settings.lang))


def confirm(db: Database, request_id: str) -> bool:
    """Mark a request as a confirmed appointment (False when it already is)."""
    request = next((r for r in db.load(BricolageRequest) if r.request_id == request_id), None)
    if request is None or request.status == "confirmed":
        return False
    with db.session() as session:
        session.merge(move_status(request, "confirmed"))
    return True

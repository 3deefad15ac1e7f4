"""Adjusting a stored plan: move a visit, confirm a slot; each change re-timed, checked and versioned."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

from tournees.db import Database
from tournees.engine import Solution
from tournees.plan import plan_rows
from tournees.settings import Settings
from tournees.web import planning
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.texts import tr

_LOCKS: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)  # one writer of a plan folder at a time


class EditError(ValueError):
    """A change that names a visit or a day the plan does not have."""


@dataclasses.dataclass
class Current:
    routes: dict[planning.RouteKey, list[str]]  # visits in order, per (resource, date)
    slots: dict[str, tuple[dt.datetime, dt.datetime]]
    resources: list[str]
    days: list[dt.date]


def current(db: Database, plan: sa.Row) -> Current:
    routes: dict[planning.RouteKey, list[str]] = {}
    slots = {}
    for s in store.steps(db, plan.run_id):
        routes.setdefault((s.resource_id, s.date), [])
        if s.kind == "visit" and s.task_id:
            routes[(s.resource_id, s.date)].append(s.task_id)
            if s.slot_start and s.slot_end:
                slots[s.task_id] = (s.slot_start, s.slot_end)
    return Current(routes, slots, sorted({k[0] for k in routes}), sorted({k[1] for k in routes}))


def confirmed(db: Database, cur: Current) -> dict[str, tuple[str, dt.date, dt.datetime, dt.datetime]]:
    where = {tid: key for key, tids in cur.routes.items() for tid in tids}
    status = store.statuses(db, where)
    return {tid: (*where[tid], *cur.slots[tid]) for tid, st in status.items() if st == "confirmed" and tid in cur.slots}


def _seconds(rebuilt: planning.Rebuilt, when: dt.datetime) -> int:
    day = rebuilt.days.index(when.date())
    return day * 86_400 + when.hour * 3600 + when.minute * 60 + when.second


def _apply(
    db: Database,
    settings: Settings,
    folder: Path,
    plan: sa.Row,
    version: int,
    user: User,
    cur: Current,
    changed: set[planning.RouteKey],
    *,
    action: str,
    target: str,
    lang: str,
) -> list[dict[str, str]]:
    confirmed_slots = confirmed(db, cur)
    rebuilt = planning.rebuild(
        db, settings, landlord_id=plan.landlord_id, week=plan.week, confirmed_slots=confirmed_slots
    )
    for key in cur.routes:
        if key not in rebuilt.vehicle_of:
            raise EditError(tr("unknown_day", lang, resource=key[0], day=key[1].isoformat()))
    routes = planning.retime(rebuilt, cur.routes)
    moved = {tid for key in changed for tid in cur.routes.get(key, [])}
    kept = {
        tid: (_seconds(rebuilt, a), _seconds(rebuilt, b))
        for tid, (a, b) in cur.slots.items()
        if tid in confirmed_slots or tid not in moved
    }
    slots = planning.slots_after(rebuilt, routes, kept)
    unassigned = store.left_out(db, plan.run_id)
    found = [
        {"code": v.code, "where": v.where, "message": v.message} for v in planning.findings(rebuilt, routes, unassigned)
    ]
    ctx = dataclasses.replace(rebuilt.ctx, slots=slots)
    rows = plan_rows(rebuilt.problem, Solution(routes, unassigned, engine="web", seed=0, runtime_s=0.0), ctx)
    store.save_edit(
        db, plan, version, user, action=action, target=target, detail=f"{len(found)} finding(s)", rows=rows, found=found
    )
    planning.write_folder(
        db,
        settings,
        rebuilt,
        routes,
        unassigned,
        slots,
        folder,
        engine="web",
        seed=0,
        meta={"week": plan.week, "landlord_id": plan.landlord_id, "version": version + 1},
    )
    return found


def move_visit(
    db: Database,
    settings: Settings,
    folder: Path,
    plan: sa.Row,
    version: int,
    user: User,
    *,
    task_id: str,
    resource: str,
    day: dt.date,
    position: int,
    lang: str,
) -> list[dict[str, str]]:
    """Move ``task_id`` to ``resource`` on ``day`` at ``position`` (1 = first), re-time, return what breaks."""
    with _LOCKS[plan.plan_id]:
        if plan.version != version:
            raise store.StalePlan(plan.updated_by, plan.version)
        cur = current(db, plan)
        source = next((key for key, tids in cur.routes.items() if task_id in tids), None)
        if source is None:
            raise EditError(tr("unknown_visit", lang, task=task_id))
        target = (resource, day)
        cur.routes[source].remove(task_id)
        dest = cur.routes.setdefault(target, [])
        dest.insert(max(0, min(position - 1, len(dest))), task_id)
        return _apply(
            db,
            settings,
            folder,
            plan,
            version,
            user,
            cur,
            {source, target},
            action="move_visit",
            target=task_id,
            lang=lang,
        )


def confirm_slot(db: Database, plan: sa.Row, version: int, user: User, *, task_id: str, lang: str) -> None:
    """Mark a planned visit's announced slot as confirmed with the tenant (kept by re-planning and by later moves)."""
    with _LOCKS[plan.plan_id]:
        if plan.version != version:
            raise store.StalePlan(plan.updated_by, plan.version)
        cur = current(db, plan)
        if not any(task_id in tids for tids in cur.routes.values()):
            raise EditError(tr("unknown_visit", lang, task=task_id))
        planning.confirm(db, task_id)  # refused (ValidationError) when the request's life-cycle does not allow it
        store.save_edit(
            db, plan, version, user, action="confirm_slot", target=task_id, detail="", rows=None, found=None
        )

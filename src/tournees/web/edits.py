"""Adjusting a stored plan: move a visit, confirm a slot; each change re-timed, checked and versioned."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import threading
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

from tournees.db import Database
from tournees.plan.retime import write_retimed
from tournees.plan.staging import staged_folder
from tournees.settings import Settings
from tournees.web import planning
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.findings import Finding, describe
from tournees.web.texts import day_label, tr

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


def _stored_current(st: planning.Stored) -> Current:
    routes = st.orders()
    slots = {
        r["task_id"]: (dt.datetime.fromisoformat(r["slot_start"]), dt.datetime.fromisoformat(r["slot_end"]))
        for rows in st.rows.values()
        for r in rows
        if r["task_id"] and r["slot_start"] and r["slot_end"]
    }
    return Current(routes, slots, sorted({k[0] for k in routes}), sorted({k[1] for k in routes}))


def _apply(
    db: Database,
    settings: Settings,
    folder: Path,
    plan: sa.Row,
    version: int,
    user: User,
    st: planning.Stored,
    routes: dict[planning.RouteKey, list[str]],
    changed: set[planning.RouteKey],
    *,
    action: str,
    target: str,
    lang: str,
) -> list[Finding]:
    adjusted = planning.adjust(st, routes, changed, confirmed(db, _stored_current(st)), lang)
    result = adjusted.result
    found = describe(adjusted.problem, result.solution, result.context, adjusted.findings)
    with staged_folder(folder) as tmp:  # the folder is replaced whole once the change is stored, or not at all
        shutil.copytree(folder, tmp, dirs_exist_ok=True)
        (tmp / "feuilles_de_route.pdf").unlink(missing_ok=True)  # written again when asked for (a few seconds)
        write_retimed(tmp, result)
        planning.documents(db, settings, tmp, pdf=False)
        store.save_edit(  # last: a change made meanwhile by someone else discards all of this
            db, plan, version, user, action=action, target=target, detail=f"{len(found)}", rows=result.rows, found=found
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
) -> list[Finding]:
    """Move ``task_id`` to ``resource`` on ``day`` at ``position`` (1 = first); re-time the day(s) it changes,
    keep the others as they are; return what breaks."""
    with _LOCKS[plan.plan_id]:
        if plan.version != version:
            raise store.StalePlan(plan.updated_by, plan.version)
        st = planning.stored(folder)
        routes = st.orders()
        source = next((key for key, tids in routes.items() if task_id in tids), None)
        if source is None:
            raise EditError(tr("unknown_visit", lang, task=task_id))
        target = (resource, day)
        if target not in st.vehicle_of:
            raise EditError(tr("not_a_working_day", lang, resource=resource, day=day_label(day, lang)))
        routes[source].remove(task_id)
        dest = routes.setdefault(target, [])
        dest.insert(max(0, min(position - 1, len(dest))), task_id)
        return _apply(
            db,
            settings,
            folder,
            plan,
            version,
            user,
            st,
            routes,
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


def refresh_documents(
    db: Database, settings: Settings, folder: Path, plan_id: str, service: str = "bricolage"
) -> None:
    """Write the plan's documents again (the PDF after a move), the folder replaced whole with its new manifest."""
    with _LOCKS[plan_id], staged_folder(folder) as tmp:
        shutil.copytree(folder, tmp, dirs_exist_ok=True)
        planning.documents(db, settings, tmp, service=service)

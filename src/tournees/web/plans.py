"""Plans edited online: their rows, their version (optimistic locking) and the visits they hold."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.db.web_tables import web_plans
from tournees.engine import LeftOut
from tournees.web.accounts import User, now, record
from tournees.web.jobs import JobSpec, enqueue

STEPS, LEFT, REQUESTS = TABLES["plan_steps"], TABLES["plan_unassigned"], TABLES["bricolage_requests"]


class StalePlan(Exception):
    """The plan changed since the page was loaded."""

    def __init__(self, who: str, version: int) -> None:
        super().__init__(who)
        self.who, self.version = who, version


def create(
    db: Database, user: User, *, landlord_id: str, service: str, week: str, time_limit_s: float, weeks: int = 1
) -> str:
    """A new plan and its planning job, in one transaction: no plan is ever left waiting for a job nobody queued."""
    plan_id = f"{service}-{week}-{secrets.token_hex(4)}"
    with db.engine.begin() as conn:
        conn.execute(
            web_plans.insert().values(
                plan_id=plan_id,
                landlord_id=landlord_id,
                service=service,
                week=week,
                run_id=None,
                status="running",
                version=0,
                updated_by=user.username,
                updated_at=now(),
                findings="[]",
                error=None,
            )
        )
        spec = JobSpec("plan", plan_id, landlord_id, week, time_limit_s, service=service, weeks=weeks)
        enqueue(conn, spec, user.username)
        record(conn, user.username, "plan_start", plan_id, f"{landlord_id} {week}")
    return plan_id


def finish(
    db: Database,
    plan_id: str,
    *,
    run_id: str | None,
    error: str | None = None,
    found: list[dict[str, str]] | None = None,
) -> None:
    """The computed version is the plan now: its findings replace those of the version before."""
    with db.engine.begin() as conn:
        conn.execute(
            web_plans.update()
            .where(web_plans.c.plan_id == plan_id)
            .values(
                run_id=run_id,
                status="failed" if error else "ready",
                version=web_plans.c.version + 1,
                error=error,
                findings=json.dumps(found or [], ensure_ascii=False),
                updated_at=now(),
            )
        )


def cancelled(db: Database, plan_id: str, run_id: str | None, message: str) -> None:
    """A cancelled computation: a re-plan goes back to the version it started from (``run_id``), unchanged; a
    first plan has none and is shown as stopped with ``message``."""
    with db.engine.begin() as conn:
        conn.execute(
            web_plans.update()
            .where(web_plans.c.plan_id == plan_id)
            .values(
                run_id=run_id,
                status="ready" if run_id else "failed",
                version=web_plans.c.version + 1,
                error=None if run_id else message,
                updated_at=now(),
            )
        )


def restart(
    db: Database, plan: sa.Row, expected_version: int, user: User, *, time_limit_s: float, weeks: int = 1,
    options: str = "{}",
) -> None:
    """Mark the plan as being computed again (edits wait) and queue its job (``options``: the service's own choices,
    JSON), if nobody changed it since ``expected_version``."""
    with db.engine.begin() as conn:
        done = conn.execute(
            web_plans.update()
            .where(web_plans.c.plan_id == plan.plan_id, web_plans.c.version == expected_version)
            .values(status="running", version=expected_version + 1, updated_by=user.username, updated_at=now())
        )
        if done.rowcount != 1:
            raise StalePlan(plan.updated_by, plan.version)
        spec = JobSpec(
            "replan", plan.plan_id, plan.landlord_id, plan.week, time_limit_s, plan.run_id, plan.service, weeks,
            options,
        )
        enqueue(conn, spec, user.username)
        record(conn, user.username, "replan", plan.plan_id, str(plan.run_id))  # the run it started from


def get(db: Database, plan_id: str) -> sa.Row | None:
    with db.engine.connect() as conn:
        return conn.execute(sa.select(web_plans).where(web_plans.c.plan_id == plan_id)).first()


def visible(db: Database, user: User) -> list[sa.Row]:
    query = sa.select(web_plans).order_by(web_plans.c.updated_at.desc(), web_plans.c.plan_id)
    if not user.is_admin:
        query = query.where(web_plans.c.landlord_id.in_(sorted(user.landlords)))
    with db.engine.connect() as conn:
        return list(conn.execute(query))


def steps(db: Database, run_id: str) -> list[sa.Row]:
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(STEPS)
                .where(STEPS.c.run_id == run_id)
                .order_by(STEPS.c.date, STEPS.c.resource_id, STEPS.c.seq)
            )
        )


def left_out(db: Database, run_id: str) -> list[LeftOut]:
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(LEFT).where(LEFT.c.run_id == run_id).order_by(LEFT.c.task_id))
        return [LeftOut(r.task_id, r.reason_code, r.reason) for r in rows]


def statuses(db: Database, request_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(request_ids))
    with db.engine.connect() as conn:
        return dict(
            conn.execute(
                sa.select(REQUESTS.c.request_id, REQUESTS.c.status).where(REQUESTS.c.request_id.in_(ids))
            ).all()
        )


def _stamp(text: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def step_values(run_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """A visits.csv row (as :func:`tournees.plan.plan_rows` gives it) as a plan_steps row."""
    return {
        "run_id": run_id,
        "resource_id": row["resource_id"],
        "date": dt.date.fromisoformat(row["date"]),
        "seq": row["seq"],
        "kind": row["kind"],
        "task_id": row["task_id"] or None,
        "location_id": row["location_id"] or None,
        "lat": float(row["lat"]) if row["lat"] != "" else None,
        "lon": float(row["lon"]) if row["lon"] != "" else None,
        **{
            k: _stamp(row[k])
            for k in ("arrival", "start", "end", "departure", "window_start", "window_end", "slot_start", "slot_end")
        },
        "travel_s_from_prev": row["travel_s_from_prev"],
        "distance_m_from_prev": row["distance_m_from_prev"],
        "pinned": bool(row["pinned"]),
    }


def save_edit(
    db: Database,
    plan: sa.Row,
    expected_version: int,
    user: User,
    *,
    action: str,
    target: str,
    detail: str,
    rows: list[dict[str, Any]] | None,
    found: list[dict[str, str]] | None,
    also: Callable[[sa.Connection], None] | None = None,
) -> int:
    """Store a change if nobody changed the plan since ``expected_version``; return the new version. ``also`` writes
    the change's own rows (an écrivain booking) in the same transaction."""
    with db.engine.begin() as conn:
        done = conn.execute(
            web_plans.update()
            .where(web_plans.c.plan_id == plan.plan_id, web_plans.c.version == expected_version)
            .values(
                version=expected_version + 1,
                updated_by=user.username,
                updated_at=now(),
                **({} if found is None else {"findings": json.dumps(found, ensure_ascii=False)}),
            )
        )
        if done.rowcount != 1:
            current = conn.execute(
                sa.select(web_plans.c.updated_by, web_plans.c.version).where(web_plans.c.plan_id == plan.plan_id)
            ).one()
            raise StalePlan(current.updated_by, current.version)
        if rows is not None:
            conn.execute(STEPS.delete().where(STEPS.c.run_id == plan.run_id))
            conn.execute(STEPS.insert(), [step_values(plan.run_id, row) for row in rows])
        if also is not None:
            also(conn)
        record(conn, user.username, action, f"{plan.plan_id}:{target}", detail)
    return expected_version + 1

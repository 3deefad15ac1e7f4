"""What each account may read: tenant-level rows of its own landlords only; aggregates for analysts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.db.web_tables import web_plans
from tournees.web.accounts import User

T = TABLES


def landlords(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(
            conn.execute(
                sa.select(T["landlords"].c.landlord_id, T["landlords"].c.name).order_by(T["landlords"].c.landlord_id)
            ).all()
        )


def landlord_of_tenant(db: Database, tenant_id: str) -> str | None:
    tn, rs = T["tenants"], T["residences"]
    with db.engine.connect() as conn:
        return conn.scalar(
            sa.select(rs.c.landlord_id)
            .join(tn, tn.c.residence_id == rs.c.residence_id)
            .where(tn.c.tenant_id == tenant_id)
        )


def tenant_view(db: Database, tenant_id: str) -> dict[str, object]:
    """What a planner needs to call a tenant back: residence, contact, requests (no health data)."""
    tn, rs, br = T["tenants"], T["residences"], T["bricolage_requests"]
    with db.engine.connect() as conn:
        row = conn.execute(
            sa.select(
                tn.c.tenant_id,
                tn.c.consent,
                tn.c.contact_preference,
                tn.c.phone,
                tn.c.call_ahead,
                rs.c.name.label("residence"),
                rs.c.commune,
                rs.c.landlord_id,
            )
            .join(rs, tn.c.residence_id == rs.c.residence_id)
            .where(tn.c.tenant_id == tenant_id)
        ).one()
        requests = list(
            conn.execute(
                sa.select(br.c.request_id, br.c.type_id, br.c.priority, br.c.received_on, br.c.status)
                .where(br.c.tenant_id == tenant_id)
                .order_by(br.c.request_id)
            )
        )
    return {"tenant": row, "requests": requests}


def tenants_of_requests(db: Database, request_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Bricol'âge request id -> tenant id and intervention label, for the timeline's links."""
    br, it = T["bricolage_requests"], T["intervention_types"]
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(br.c.request_id, br.c.tenant_id, it.c.label)
            .join(it, it.c.type_id == br.c.type_id)
            .where(br.c.request_id.in_(sorted(set(request_ids))))
        )
        return {r.request_id: (r.tenant_id, r.label) for r in rows}


@dataclass(frozen=True)
class BacklogFilter:
    service: str = "bricolage"
    priority: str = ""
    sector: str = ""
    min_age: int = 0


def _reasons(conn: sa.Connection, user: User, service: str) -> dict[str, tuple[str, str]]:
    """Why a request was left out (code, sentence) of the latest plan of its landlord that left it out."""
    lo = T["plan_unassigned"]
    query = (
        sa.select(lo.c.task_id, lo.c.reason_code, lo.c.reason)
        .join(web_plans, web_plans.c.run_id == lo.c.run_id)
        .where(web_plans.c.service == service)
        .order_by(web_plans.c.updated_at)
    )
    if not user.is_admin:
        query = query.where(web_plans.c.landlord_id.in_(sorted(user.landlords)))
    return {task: (code, reason) for task, code, reason in conn.execute(query)}


def backlog(db: Database, user: User, f: BacklogFilter, today: dt.date | None = None) -> list[dict[str, object]]:
    """Requests waiting (received, planned or confirmed) of the account's landlords, filtered."""
    today = today or dt.date.today()
    tn, rs = T["tenants"], T["residences"]
    req = T["bricolage_requests"] if f.service == "bricolage" else T["ecrivain_requests"]
    priority = (
        req.c.priority if f.service == "bricolage" else sa.case((req.c.urgent.is_(True), "urgent"), else_="normal")
    )
    query = (
        sa.select(
            req.c.request_id,
            req.c.tenant_id,
            req.c.received_on,
            req.c.status,
            priority.label("priority"),
            rs.c.sector_id,
            rs.c.landlord_id,
        )
        .join(tn, tn.c.tenant_id == req.c.tenant_id)
        .join(rs, rs.c.residence_id == tn.c.residence_id)
        .where(req.c.status.in_(("received", "planned", "confirmed")))
        .order_by(req.c.received_on, req.c.request_id)
    )
    if not user.is_admin:
        query = query.where(rs.c.landlord_id.in_(sorted(user.landlords)))
    if f.priority:
        query = query.where(priority == f.priority)
    if f.sector:
        query = query.where(rs.c.sector_id == f.sector)
    if f.min_age > 0:
        query = query.where(req.c.received_on <= today - dt.timedelta(days=f.min_age))
    with db.engine.connect() as conn:
        reasons = _reasons(conn, user, f.service)
        return [
            {
                **row._mapping,
                "waiting": (today - row.received_on).days,
                "reason_code": reasons.get(row.request_id, ("", ""))[0],
                "reason": reasons.get(row.request_id, ("", ""))[1],
            }
            for row in conn.execute(query)
        ]


def sectors(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.scalars(sa.select(T["sectors"].c.sector_id).order_by(T["sectors"].c.sector_id)))


def aggregates(db: Database) -> list[dict[str, object]]:
    """Requests per landlord, service and status: the analysts' view (counts only)."""
    tn, rs = T["tenants"], T["residences"]
    out = []
    with db.engine.connect() as conn:
        for service in ("bricolage", "ecrivain"):
            req = T[f"{service}_requests"]
            query = (
                sa.select(rs.c.landlord_id, req.c.status, sa.func.count().label("n"))
                .join(tn, tn.c.tenant_id == req.c.tenant_id)
                .join(rs, rs.c.residence_id == tn.c.residence_id)
                .group_by(rs.c.landlord_id, req.c.status)
                .order_by(rs.c.landlord_id, req.c.status)
            )
            out += [{"service": service, **row._mapping} for row in conn.execute(query)]
    return out

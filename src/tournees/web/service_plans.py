"""Écrivain, épicerie and référent plans of the web application: planned through the service registry, as
``tournees plan <service>`` plans them (same :class:`~tournees.services.base.PlanRequest`, same documents).

A web plan belongs to one landlord: the écrivain plans only that landlord's requests, the référent
only its tenants (the others' are excluded, as the bricol'âge's are in :mod:`tournees.web.planning`);
the épicerie's calendar is the communes' (stops and times, no tenant row), the same for every landlord.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tournees.calendar import parse_week
from tournees.db import Database
from tournees.db.web_tables import visit_outcomes
from tournees.model import EcrivainRequest, PlanAppointment, PlanStep, Residence, Tenant
from tournees.plan.staging import staged_folder
from tournees.services import registry
from tournees.services.base import PlanRequest
from tournees.services.ecrivain.planner import Kept
from tournees.services.epicerie.coverage import commune_coverage
from tournees.settings import Settings
from tournees.web import planning


def tenant_landlords(db: Database) -> dict[str, str]:
    """Tenant id -> landlord id (through the residence)."""
    residence = {r.residence_id: r.landlord_id for r in db.load(Residence)}
    return {t.tenant_id: residence[t.residence_id] for t in db.load(Tenant)}


def ecrivain_landlords(db: Database) -> dict[str, str]:
    """Écrivain request id -> landlord id (through tenant and residence)."""
    tenant = tenant_landlords(db)
    return {r.request_id: tenant[r.tenant_id] for r in db.load(EcrivainRequest)}


def _not_held(db: Database, run_id: str) -> set[str]:
    """The requests of run ``run_id`` whose appointment was recorded as not held (tenant absent, cancelled)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(visit_outcomes.c.request_id).where(
                visit_outcomes.c.run_id == run_id, visit_outcomes.c.outcome != "done"
            )
        )
        return {str(r.request_id) for r in rows}


def plan_service(
    db: Database,
    settings: Settings,
    *,
    service: str,
    landlord_id: str,
    week: str,
    weeks: int,
    out: Path,
    time_limit_s: float,
    keep_run: str | None = None,
    choices: Mapping[str, Any] | None = None,
) -> str:
    """Plan one landlord's écrivain or référent week or the épicerie's ``weeks`` weeks, write the folder and its
    documents (whole or not at all); return the stored run id. Re-planning the écrivain's run ``keep_run`` keeps the
    appointments it gave (tenants were told); re-planning the épicerie leaves out the communes ``choices`` names and
    keeps the coverage it replaces (the change shown per commune)."""
    kind = registry.get(service)
    options: dict[str, object] = {}
    if service == "ecrivain":
        options["exclude"] = frozenset(r for r, owner in ecrivain_landlords(db).items() if owner != landlord_id)
        if keep_run is not None:
            missed = _not_held(db, keep_run)  # recorded absent or cancelled since: their request waits again
            options["keep"] = tuple(
                Kept(a.request_id, a.session_id, a.start)
                for a in db.load(PlanAppointment)
                if a.run_id == keep_run and a.request_id not in missed
            )
    if service == "referent":  # one landlord's référent week: its own senior tenants only
        options["exclude"] = frozenset(t for t, owner in tenant_landlords(db).items() if owner != landlord_id)
        if keep_run is not None:  # its re-plan: the visits announced keep their référent, day and slot
            options["keep"] = tuple(s for s in db.load(PlanStep) if s.run_id == keep_run and s.kind == "visit"
                                    and s.task_id)
    if service == "epicerie":
        options["exclude_communes"] = tuple((choices or {}).get("exclude_communes", ()))
        if keep_run is not None and (out / "couverture.csv").exists():
            options["coverage_before"] = commune_coverage(out)
    with staged_folder(out) as tmp:  # the run is recorded once the folder is whole
        request = PlanRequest(
            db, settings, week, parse_week(week), tmp, weeks=weeks, time_limit_s=time_limit_s, options=options
        )
        outcome = kind.plan(request)
        planning.documents(db, settings, outcome.folder, service=service)
    run_id = getattr(outcome.result, "run_id", None)
    if run_id is None:  # every registered planner stores its run once its folder is in place
        raise RuntimeError(f"{service} : le plan n'a pas été enregistré")
    return str(run_id)

"""The référent seniors' week in the browser (issue #29, fiche 2): each référent's visits by day (order, slot,
tenant id: never a health or fragility note), moving a visit to another day or place in the day, publishing the
week, and recording what happened at each visit (done, cancelled by whom, tenant absent; the reason for contact
and the satisfaction), which feeds fiche 2's indicators (contacts, motives, satisfaction).

The plan is one landlord's week, made by the worker through the service registry with only that landlord's
tenants (:mod:`tournees.web.service_plans`). A move is the bricol'âge's timing (:func:`tournees.web.planning.adjust`,
as ``tournees retime``) on the plan's own problem: the visit stays with the tenant's référent and in its week, and
a move that breaks a rule the plan kept (the référent's day, a pause, a slot) is refused, nothing written.
What happened is recorded by :mod:`tournees.web.outcomes`, as the bricol'âge's visits are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.model.vocab import REFERENT_MOTIVES
from tournees.plan.retime import write_retimed
from tournees.services.referent.planner import tenant_of
from tournees.settings import Settings
from tournees.web import findings, outcome_pages, outcomes, planning, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import AppState, lang_of, render, state
from tournees.web.findings import describe
from tournees.web.texts import day_label, reason_label, tr

PLANNERS = ("planner", "admin")


def _week(db: Database, plan: sa.Row) -> dict[str, list[sa.Row]]:
    """The run's visits, per (référent, day) in order."""
    days: dict[tuple[str, dt.date], list[sa.Row]] = {}
    for s in store.steps(db, plan.run_id):
        if s.kind == "visit" and s.task_id:
            days.setdefault((s.resource_id, s.date), []).append(s)
    by_referent: dict[str, list[Any]] = {}
    for (referent, day), visits in sorted(days.items()):
        by_referent.setdefault(referent, []).append((day, visits))
    return by_referent


def visits(db: Database, plan: sa.Row) -> list[outcomes.Visit]:
    """The visits whose outcome may be recorded: those of the plan's run once it is published."""
    if service_pages.run_status(db, plan.run_id) != "published":
        return []
    return [
        outcomes.Visit(plan.plan_id, plan.run_id, plan.landlord_id, s.task_id, s.resource_id, s.date, s.seq, s.start,
                       s.end, s.slot_start, s.slot_end, s.location_id, s.lat, s.lon, service="referent",
                       tenant_id=tenant_of(s.task_id))
        for s in store.steps(db, plan.run_id) if s.kind == "visit" and s.task_id
    ]


def page(request: Request, user: User, plan: sa.Row) -> Response:
    """The plan page of a ready référent plan (``GET /plans/{id}``)."""
    st, lang = state(request), lang_of(request)
    db = st.db
    kpis = json.loads((st.workdir / plan.plan_id / "plan.json").read_text(encoding="utf-8")).get("kpis", {})
    left = store.left_out(db, plan.run_id)
    by_referent = _week(db, plan)
    return render(
        request,
        "referent_plan.html",
        **service_pages.heading(db, plan, lang),
        kpis=kpis,
        by_referent=by_referent,
        tenant_of=tenant_of,
        task_ids=[s.task_id for days in by_referent.values() for _, vs in days for s in vs],
        dates=sorted({day for _, day in planning.working_days(st.workdir / plan.plan_id)}),  # where a visit may go
        motives=REFERENT_MOTIVES,
        left=left,
        reasons={u.task_id: reason_label(u.reason_code, u.reason, lang) for u in left},
        documents=service_pages.DOCUMENTS["referent"],
        **outcome_pages.outcome_context(db, visits(db, plan)),
    )


def _target(form: FormData, lang: str) -> tuple[str, dt.date, int]:
    """The visit, the day and the position (1 = first) the form asks for, or the error naming the field."""
    day, position = str(form.get("day", "")), str(form.get("position", "1")).strip() or "1"
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        raise ValidationError(tr("bad_day", lang, day=day)) from None
    if not position.isdigit() or int(position) < 1:
        raise ValidationError(tr("bad_position", lang, position=position))
    return str(form.get("task_id", "")), when, int(position)


def _announces(folder: Path, rows: list[dict[str, Any]]) -> None:
    """annonces.csv with the slots the re-timed plan announces (how each tenant is told is kept)."""
    slots = {r["task_id"]: (r["slot_start"], r["slot_end"]) for r in rows if r["kind"] == "visit" and r["task_id"]}
    with (folder / "annonces.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["task_id", "tenant_id", "slot_start", "slot_end", "announce"],
                            lineterminator="\n")
    writer.writeheader()
    for row in table:
        row["slot_start"], row["slot_end"] = slots.get(row["task_id"], (row["slot_start"], row["slot_end"]))
        writer.writerow(row)
    (folder / "annonces.csv").write_text(out.getvalue(), encoding="utf-8")


def move_visit(
    db: Database, settings: Settings, folder: Path, plan: sa.Row, version: int, user: User, *, task_id: str,
    day: dt.date, position: int, lang: str,
) -> None:
    """``task_id`` moved to ``day`` at ``position`` with the same référent; the days it changes re-timed, the
    others kept; refused (nothing written) when the plan then breaks a rule it kept, the message saying which."""
    st = planning.stored(folder)
    routes = st.orders()
    source = next((key for key, ids in routes.items() if task_id in ids), None)
    if source is None:
        raise ValidationError(tr("unknown_visit", lang, task=task_id))
    target = (source[0], day)  # the tenant's own référent (the sectors are shared among them)
    if target not in st.vehicle_of:
        raise ValidationError(tr("not_a_working_day", lang, resource=source[0], day=day_label(day, lang)))
    routes[source].remove(task_id)
    dest = routes.setdefault(target, [])
    dest.insert(max(0, min(position - 1, len(dest))), task_id)
    adjusted = planning.adjust(st, routes, {source, target}, {}, lang)
    found = describe(adjusted.problem, adjusted.result.solution, adjusted.result.context, adjusted.findings)
    before = {json.dumps(f, sort_keys=True) for f in json.loads(plan.findings)}
    new = [f for f in found if json.dumps(f, sort_keys=True) not in before]
    if new:  # the tenants are told a slot, the référent has a day: a move that breaks one is not made
        what = "; ".join(findings.text(f, lang) for f in new[:5])
        raise ValidationError(tr("ref_move_breaks", lang, task=task_id, day=day_label(day, lang), what=what))

    def write(tmp: Path) -> None:
        write_retimed(tmp, adjusted.result)
        _announces(tmp, adjusted.result.rows)  # the letters are written again from it and visits.csv

    service_pages.rewrite(
        db, settings, folder, "referent", write,
        lambda: store.save_edit(db, plan, version, user, action="referent_move", target=task_id,
                                detail=f"{day.isoformat()} {position}", rows=adjusted.result.rows, found=found),
    )


def _moved(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    task_id, day, position = _target(form, lang)
    move_visit(st.db, st.settings, st.workdir / plan.plan_id, plan, version, user, task_id=task_id, day=day,
               position=position, lang=lang)
    return tr("moved", lang, task=task_id)


async def move(request: Request) -> Response:
    """``POST /plans/{id}/referent/move``: a visit to another day or place in its référent's day."""
    return await service_pages.change(request, "referent", _moved)


# the week published: the tenants told, what happened may be recorded
publish = service_pages.publish_page("referent", "ref_published")


# what happened at a visit of the published week
outcome = outcome_pages.service_outcome("referent", visits)


ROUTES = [
    Route("/plans/{plan_id}/referent/move", move, methods=["POST"]),
    Route("/plans/{plan_id}/referent/publish", publish, methods=["POST"]),
    Route("/plans/{plan_id}/referent/outcome", outcome, methods=["POST"]),
]

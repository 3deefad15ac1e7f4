"""The plan page's publishing and "what happened" parts, and the planner's actions on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tournees.calendar import parse_week
from tournees.db import Database
from tournees.model import Absence
from tournees.services.availability import Absences, broken_visits, related_ids
from tournees.services.shared_staff import Taken
from tournees.web import outcomes, publication, scope, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import current_user, lang_of, render, state
from tournees.web.texts import tr

PLANNERS = ("planner", "admin")


def _plan(request: Request, user: User) -> sa.Row:
    plan = store.get(state(request).db, request.path_params["plan_id"])
    if plan is None or not user.can_see(plan.landlord_id):
        raise HTTPException(404)
    return plan


def _week_days(week: str) -> list[dt.date]:
    monday = parse_week(week)
    return [monday + dt.timedelta(days=i) for i in range(7)]


def week_absences(db: Database, week: str) -> list[Absence]:
    """The absences that take part of the week (who is away; never the reason, it may be health data)."""
    days = _week_days(week)
    return [a for a in Absences.of(db).records() if a.first_day <= days[-1] and days[0] <= a.last_day]


def absences_from(db: Database, day: dt.date) -> list[Absence]:
    """The absences not over by ``day`` (the backlog's "who is away")."""
    return [a for a in Absences.of(db).records() if a.last_day >= day]


def plan_context(db: Database, plan: sa.Row, steps: list[sa.Row], lang: str) -> dict[str, object]:
    """What the plan page shows beside the routes: publication, outcomes, shared technicians, absences."""
    published = publication.is_published(db, plan.run_id)
    visits = {v.request_id: v for v in outcomes.published_visits(db, run_id=plan.run_id)} if published else {}
    shared: list[Taken] = list(publication.taken_elsewhere(db, plan.landlord_id, plan.week))  # whose visits fill them
    absences = Absences.of(db)
    rows = [{**s._mapping} for s in steps]
    with db.engine.connect() as conn:
        staff = list(conn.execute(sa.select(scope.T["staff"])))
    return {
        "published": published,
        "names": scope.landlords(db),
        "recordable": visits,
        "outcomes": outcomes.recorded(db, visits),
        "today": dt.date.today(),
        "cancellers": outcomes.CANCELLERS,
        "shared": shared,
        "away": week_absences(db, plan.week),
        "broken": broken_visits(rows, absences, related_ids(staff), lang) if published and absences else [],  # type: ignore[arg-type]
    }


async def publish(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    plan = _plan(request, user)
    st, lang = state(request), lang_of(request)
    names = await run_in_threadpool(scope.landlords, st.db)
    try:
        await run_in_threadpool(publication.publish, st.db, plan, user, names, lang)
    except publication.PublishError as err:
        return render(request, "error.html", status_code=409, message=str(err), back=f"/plans/{plan.plan_id}")
    request.session["flash"] = tr("published_ok", lang)
    return RedirectResponse(f"/plans/{plan.plan_id}", status_code=303)


async def record_outcome(request: Request, user: User, visit: outcomes.Visit | None, back: str) -> Response:
    """Record the form's outcome for ``visit`` (None: not a visit this account may record: 404)."""
    if visit is None:
        raise HTTPException(404)
    form = await request.form()
    st, lang = state(request), lang_of(request)
    try:
        what = outcomes.parse(form, lang, visit.service)
        await run_in_threadpool(outcomes.record_visit, st.db, user, visit, what, lang)
    except outcomes.OutcomeError as err:
        return render(request, "error.html", status_code=422, message=str(err), back=back)
    said = tr(f"outcome_{what.outcome}", lang)
    request.session["flash"] = tr("outcome_saved", lang, request=visit.request_id, outcome=said)
    return RedirectResponse(back, status_code=303)


async def plan_outcome(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    plan = _plan(request, user)
    form = await request.form()
    wanted = str(form.get("task_id", ""))
    found = await run_in_threadpool(outcomes.published_visits, state(request).db, run_id=plan.run_id)
    visit = next((v for v in found if v.request_id == wanted and v.plan_id == plan.plan_id), None)
    return await record_outcome(request, user, visit, f"/plans/{plan.plan_id}")


Visits = Callable[[Database, sa.Row], list[outcomes.Visit]]  # a service plan's recordable visits (none before publish)


def outcome_context(db: Database, found: list[outcomes.Visit]) -> dict[str, Any]:
    """What visit_outcome.html needs beside a service plan's visits ``found``: which may be recorded, those already."""
    recordable = {v.request_id: v for v in found}
    return {"recordable": recordable, "outcomes": outcomes.recorded(db, recordable), "today": dt.date.today(),
            "cancellers": outcomes.CANCELLERS}


def service_outcome(service: str, visits: Visits) -> Callable[[Request], Awaitable[Response]]:
    """The ``POST /plans/{id}/<service>/outcome`` handler: what happened at the form's visit (``task_id``) of a
    ``service`` plan, one of ``visits`` (another landlord's plan: 404; not one of them: 404)."""

    async def handler(request: Request) -> Response:
        user = current_user(request, *PLANNERS)
        plan = await run_in_threadpool(service_pages.plan_of, request, user, service)
        wanted = str((await request.form()).get("task_id", ""))
        found = await run_in_threadpool(visits, state(request).db, plan)
        visit = next((v for v in found if v.request_id == wanted), None)
        return await record_outcome(request, user, visit, f"/plans/{plan.plan_id}")

    return handler

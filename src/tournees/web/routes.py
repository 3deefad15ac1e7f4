"""Pages and actions of the web application. Every handler checks the account's role and landlords first."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message

from tournees.calendar import parse_week
from tournees.errors import ValidationError
from tournees.model.vocab import PRIORITIES
from tournees.outputs.labels import call_ahead_phone
from tournees.web import edits, findings, jobs, outcome_pages, outcomes, planning, scope, sign_in_limits, staff_day
from tournees.web import plans as store
from tournees.web.accounts import User, audit_lines, authenticate, list_users, record
from tournees.web.context import client_address, current_user, lang_of, render, state
from tournees.web.csrf import BODY_MAX_BYTES
from tournees.web.ecrivain_pages import ROUTES as ECRIVAIN_ROUTES
from tournees.web.ecrivain_pages import page as ecrivain_page
from tournees.web.epicerie_pages import ROUTES as EPICERIE_ROUTES
from tournees.web.epicerie_pages import page as epicerie_page
from tournees.web.imports import import_upload
from tournees.web.phone_requests import new_request
from tournees.web.referent_pages import ROUTES as REFERENT_ROUTES
from tournees.web.referent_pages import page as referent_page
from tournees.web.service_pages import DOCUMENTS as SERVICE_DOCUMENTS
from tournees.web.sessions import renew_session
from tournees.web.texts import reason_label, tr
from tournees.web.volunteer_pages import volunteers_page

PLANNERS = ("planner", "admin")
DOCUMENTS = {
    "carte.html": "doc_map",
    "feuilles_de_route.pdf": "doc_pdf",
    "feuilles_de_route.html": "doc_sheets",
    "plan.xlsx": "doc_workbook",
    "visits.csv": "doc_visits",
}
UPLOAD_MAX_BYTES = BODY_MAX_BYTES  # also refused by the CSRF check when the token comes in the form
WEEK = re.compile(r"^\d{4}-W\d{2}$")


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- signing in -------------------------------------------------------------------------


async def login(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "login.html")
    form = await request.form()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    st, lang = state(request), lang_of(request)
    address = client_address(request)
    wait = await run_in_threadpool(sign_in_limits.wait_seconds, st.db, username, address)
    if wait:  # a refused try is not even checked
        reply = render(request, "login.html", status_code=429, error=tr("too_many_wait", lang, seconds=wait))
        reply.headers["retry-after"] = str(wait)
        return reply
    user = await run_in_threadpool(authenticate, st.db, username, password)
    if user is None:
        await run_in_threadpool(sign_in_limits.failed, st.db, username, address)
        return render(request, "login.html", status_code=401, error=tr("bad_login", lang))
    await run_in_threadpool(sign_in_limits.succeeded, st.db, username)
    keep = {"lang": request.session["lang"]} if request.session.get("lang") else {}
    renew_session(request, user=user.username, role=user.role, **keep)  # a new session (and CSRF token) each sign-in
    with st.db.engine.begin() as conn:
        record(conn, user.username, "login", user.username)
    return _redirect("/")


async def logout(request: Request) -> Response:
    request.session.clear()  # an empty session is deleted from the database: its cookie no longer opens anything
    return _redirect("/login")


async def set_lang(request: Request) -> Response:
    request.session["lang"] = "en" if request.path_params["code"] == "en" else "fr"
    back = request.query_params.get("next", "/")
    return _redirect(back if back.startswith("/") and not back.startswith("//") else "/")


def home(request: Request) -> Response:
    user = current_user(request)
    return _redirect({"analyst": "/analysis", "staff": "/day"}.get(user.role, "/plans"))


# --- tenant-level pages (planners of the landlord, administrators) ------------------------------


def backlog(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    q = request.query_params
    service = q.get("service", "bricolage") if q.get("service") in ("bricolage", "ecrivain") else "bricolage"
    age = q.get("min_age", "0")
    f = scope.BacklogFilter(
        service=service,
        priority=q.get("priority", ""),
        sector=q.get("sector", ""),
        min_age=int(age) if age.isdigit() else 0,
    )
    db, lang = state(request).db, lang_of(request)
    rows = scope.backlog(db, user, f)
    return render(
        request,
        "backlog.html",
        rows=rows,
        history=outcomes.histories(db, [str(r["request_id"]) for r in rows]),  # visits that did not happen
        away=outcome_pages.absences_from(db, dt.date.today()),
        f=f,
        sectors=scope.sectors(db),
        priorities=PRIORITIES,
        names=scope.landlords(db),
        reason=lambda code, stored: reason_label(code, stored, lang),
    )


def tenant(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    db = state(request).db
    tenant_id = request.path_params["tenant_id"]
    landlord = scope.landlord_of_tenant(db, tenant_id)
    if landlord is None or not user.can_see(landlord):
        raise HTTPException(404)  # no such tenant, or another landlord's: it does not exist for this account
    view = scope.tenant_view(db, tenant_id)
    # the phone only of a tenant who agreed to be called before a visit, as on the technician's sheet
    return render(request, "tenant.html", phone=call_ahead_phone(view["tenant"]), **view)  # type: ignore[arg-type]


async def _capped(request: Request) -> Request | None:
    """The request with its body read, or None when it is larger than an import may be: refused on its declared
    length before reading anything, or as soon as the bytes read pass the limit (nothing more is kept)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > UPLOAD_MAX_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > UPLOAD_MAX_BYTES:
            return None

    async def replay() -> Message:
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return Request(request.scope, replay)


async def import_page(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    if request.method == "GET":
        return render(request, "import.html")
    lang = lang_of(request)
    upload = await _capped(request)
    if upload is None:
        limit = f"{UPLOAD_MAX_BYTES / 1_000_000:g}"
        return render(request, "import.html", status_code=413, error=tr("upload_too_large", lang, limit=limit))
    async with upload.form() as form:
        files = [
            (f.filename or "", await f.read()) for f in form.getlist("files") if hasattr(f, "filename") and f.filename  # type: ignore[union-attr]
        ]
    st = state(request)
    outcome = await run_in_threadpool(import_upload, st.db, user, files, lang)
    if outcome.problems:
        return render(
            request,
            "import.html",
            status_code=422,
            problems=outcome.problems,
            error=tr("import_failed", lang, n=len(outcome.problems)),
        )
    summary = ", ".join(f"{k} {v}" for k, v in outcome.summary.items())
    with st.db.engine.begin() as conn:
        record(conn, user.username, "import", ",".join(outcome.summary), summary)
    return render(request, "import.html", done=tr("import_ok", lang, summary=summary))


# --- plans ----------------------------------------------------------------------------------


def _plan_for(request: Request, user: User):  # type: ignore[no-untyped-def]
    plan = store.get(state(request).db, request.path_params["plan_id"])
    if plan is None or not user.can_see(plan.landlord_id):
        raise HTTPException(404)
    return plan


def plans_page(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    db = state(request).db
    names = scope.landlords(db)
    return render(
        request,
        "plans.html",
        plans=store.visible(db, user),
        landlords=user.visible_landlords(names),
        names=names,
        services=planning.SERVICES,
    )


async def plan_start(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    form = await request.form()
    st, lang = state(request), lang_of(request)
    landlord, week, service = (
        str(form.get("landlord", "")),
        str(form.get("week", "")).strip(),
        str(form.get("service", "bricolage")),
    )
    if not user.can_see(landlord):
        raise HTTPException(403)
    if service not in planning.SERVICES:
        return render(request, "error.html", status_code=422, message=tr("bad_service", lang, service=service))
    weeks_text = str(form.get("weeks", "")).strip() or "4"  # the épicerie plans several weeks, the others one
    weeks = (int(weeks_text) if weeks_text.isdigit() else 0) if service == "epicerie" else 1
    if not 1 <= weeks <= 26:
        return render(request, "error.html", status_code=422, message=tr("bad_weeks_field", lang, weeks=weeks_text))
    if landlord not in await run_in_threadpool(scope.landlords, st.db):  # (an administrator sees every landlord)
        return render(request, "error.html", status_code=422, message=tr("no_landlord", lang, landlord=landlord))
    try:
        if not WEEK.match(week):
            raise ValidationError(week)
        parse_week(week)
    except ValidationError:
        return render(request, "error.html", status_code=422, message=tr("bad_week", lang, week=week))
    plan_id = await run_in_threadpool(
        store.create, st.db, user, landlord_id=landlord, service=service, week=week, time_limit_s=st.time_limit_s,
        weeks=weeks,
    )  # queued: a worker plans it, the landlord's earlier plans first
    return _redirect(f"/plans/{plan_id}")


def _status(request: Request, plan_id: str) -> dict[str, object]:
    """The plan's job as its row in the queue says (any web process answers the same)."""
    snap = jobs.snapshot(state(request).db, plan_id)
    if snap is not None:
        return snap
    plan = store.get(state(request).db, plan_id)
    done = plan is not None and plan.status != "running"
    finished = ("done" if plan.status == "ready" else "failed") if done else "lost"  # type: ignore[union-attr]
    return {"state": finished, "pct": 100, "best": None}


def plan_status(request: Request) -> Response:
    plan = _plan_for(request, current_user(request, *PLANNERS))
    return JSONResponse(_status(request, plan.plan_id))


async def plan_events(request: Request) -> Response:
    """Server-sent events: the best cost found so far, every half second, until the plan is ready."""
    plan = await run_in_threadpool(lambda: _plan_for(request, current_user(request, *PLANNERS)))

    async def stream():  # type: ignore[no-untyped-def]
        for _ in range(7200):  # one hour at most
            snap = await run_in_threadpool(_status, request, plan.plan_id)
            yield f"data: {json.dumps(snap)}\n\n"
            if snap["state"] not in ("waiting", "running"):
                return
            await asyncio.sleep(0.5)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-store"})


def plan_page(request: Request) -> Response:
    user = current_user(request, *PLANNERS)
    plan = _plan_for(request, user)
    if plan.status == "ready" and plan.service in PAGES:  # the écrivain's week, the épicerie's calendar
        return PAGES[plan.service](request, user, plan)
    db = state(request).db
    lang = lang_of(request)
    context: dict[str, object] = {
        "plan": plan,
        "findings": [(f.get("code", ""), findings.text(f, lang)) for f in json.loads(plan.findings)],
        "documents": DOCUMENTS,
        "landlord_name": scope.landlords(db).get(plan.landlord_id, plan.landlord_id),
    }
    if plan.status == "ready":
        steps = store.steps(db, plan.run_id)
        days: dict[tuple[str, dt.date], list] = {}
        for s in steps:
            days.setdefault((s.resource_id, s.date), []).append(s)
        visits = [s.task_id for s in steps if s.kind == "visit" and s.task_id]
        left = store.left_out(db, plan.run_id)
        working = planning.working_days(state(request).workdir / plan.plan_id)  # where a visit may be moved to
        context |= {
            "days": days,
            "visits": visits,
            "statuses": store.statuses(db, visits),
            "left": left,
            "reasons": {u.task_id: reason_label(u.reason_code, u.reason, lang) for u in left},
            "resources": sorted({k[0] for k in working}),
            "dates": sorted({k[1] for k in working}),
            "tenants": scope.tenants_of_requests(db, visits),
        }
        context |= outcome_pages.plan_context(db, plan, steps, lang)  # publication, outcomes, shared days, absences
    return render(request, "plan.html", **context)  # type: ignore[arg-type]


def _move_target(form: FormData, lang: str) -> tuple[dt.date, int]:
    """The day and the position asked for, or the error saying which field is wrong and why."""
    day, position = str(form.get("day", "")), str(form.get("position", "1")).strip() or "1"
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        raise edits.EditError(tr("bad_day", lang, day=day)) from None
    if not position.isdigit() or int(position) < 1:
        raise edits.EditError(tr("bad_position", lang, position=position))
    return when, int(position)


async def _edit(request: Request, action: str) -> Response:
    user = current_user(request, *PLANNERS)
    plan = _plan_for(request, user)
    if plan.status != "ready" or plan.service != "bricolage":  # (the écrivain's moves are bookings: ecrivain_pages)
        raise HTTPException(409)
    form = await request.form()
    st, lang = state(request), lang_of(request)
    task = str(form.get("task_id", ""))
    version = int(str(form.get("version", "-1"))) if str(form.get("version", "")).lstrip("-").isdigit() else -1
    try:
        if action == "move":
            day, position = _move_target(form, lang)
            await run_in_threadpool(
                edits.move_visit,
                st.db,
                st.settings,
                st.workdir / plan.plan_id,
                plan,
                version,
                user,
                task_id=task,
                resource=str(form.get("resource", "")),
                day=day,
                position=position,
                lang=lang,
            )
            request.session["flash"] = tr("moved", lang, task=task)
        else:
            await run_in_threadpool(edits.confirm_slot, st.db, plan, version, user, task_id=task, lang=lang)
            request.session["flash"] = tr("confirmed_ok", lang, task=task)
    except store.StalePlan as stale:
        return render(
            request,
            "error.html",
            status_code=409,
            message=tr("stale", lang, who=stale.who, version=stale.version),
            back=f"/plans/{plan.plan_id}",
        )
    except (edits.EditError, ValueError) as err:
        return render(request, "error.html", status_code=422, message=str(err), back=f"/plans/{plan.plan_id}")
    return _redirect(f"/plans/{plan.plan_id}")


async def plan_replan(request: Request) -> Response:
    """Plan the week again with the requests that came in since (urgent ones first), keeping confirmed slots."""
    user = current_user(request, *PLANNERS)
    plan = _plan_for(request, user)
    st, lang = state(request), lang_of(request)
    if plan.status != "ready":
        return render(request, "error.html", status_code=409, message=tr("plan_busy", lang))
    form = await request.form()
    version = str(form.get("version", ""))
    try:  # its routes and confirmed slots are read by the worker when it starts (they wait, as edits do)
        expected = int(version) if version.isdigit() else -1
        job = await run_in_threadpool(jobs.latest, st.db, plan.plan_id)  # (the épicerie's weeks, planned again)
        await run_in_threadpool(
            store.restart, st.db, plan, expected, user, time_limit_s=st.time_limit_s, weeks=job.weeks if job else 1,
            options=job.options if job else "{}",  # (the épicerie's communes left out, left out again)
        )
    except store.StalePlan as stale:
        return render(
            request,
            "error.html",
            status_code=409,
            back=f"/plans/{plan.plan_id}",
            message=tr("stale", lang, who=stale.who, version=stale.version),
        )
    return _redirect(f"/plans/{plan.plan_id}")


async def plan_cancel(request: Request) -> Response:
    """Cancel the plan's computation: a waiting one leaves the queue, a running one is stopped by its worker; a
    first plan then shows it was cancelled, a re-plan goes back to the version it started from."""
    user = current_user(request, *PLANNERS)
    plan = _plan_for(request, user)
    st, lang = state(request), lang_of(request)
    outcome = await run_in_threadpool(jobs.request_cancel, st.db, plan.plan_id)
    if outcome is None:
        return render(request, "error.html", status_code=409, message=tr("job_not_running", lang),
                      back=f"/plans/{plan.plan_id}")
    job = await run_in_threadpool(jobs.latest, st.db, plan.plan_id)
    if outcome == "cancelled" and job is not None:
        await run_in_threadpool(store.cancelled, st.db, plan.plan_id, job.from_run_id, tr("job_cancelled", lang))
    with st.db.engine.begin() as conn:
        record(conn, user.username, "plan_cancel", plan.plan_id, outcome)
    request.session["flash"] = tr("job_cancel_" + outcome, lang)
    return _redirect(f"/plans/{plan.plan_id}")


async def plan_move(request: Request) -> Response:
    return await _edit(request, "move")


async def plan_confirm(request: Request) -> Response:
    return await _edit(request, "confirm")


async def plan_file(request: Request) -> Response:
    plan = await run_in_threadpool(lambda: _plan_for(request, current_user(request, *PLANNERS)))
    name = request.path_params["name"]
    if name not in DOCUMENTS | SERVICE_DOCUMENTS.get(plan.service, {}) or plan.status != "ready":
        raise HTTPException(404)
    st = state(request)
    folder: Path = st.workdir / plan.plan_id
    path = folder / name
    if (
        not path.exists() or path.stat().st_mtime < (folder / "visits.csv").stat().st_mtime
    ):  # changed since: write them again
        await run_in_threadpool(edits.refresh_documents, st.db, st.settings, folder, plan.plan_id, plan.service)
    if not path.exists():
        raise HTTPException(404)
    disposition = "inline" if name.endswith(".html") else "attachment"
    return FileResponse(path, filename=f"{plan.plan_id}-{name}", content_disposition_type=disposition)


# --- aggregates and administration -------------------------------------------------------------


def analysis(request: Request) -> Response:
    current_user(request, "analyst", "admin")
    db = state(request).db
    from tournees.web.fiche_pages import fiche_sections  # every fiche's indicators (issue #30)

    return render(request, "analysis.html", rows=scope.aggregates(db), names=scope.landlords(db),
                  fiches=fiche_sections(db, lang_of(request)))


def admin(request: Request) -> Response:
    current_user(request, "admin")
    db = state(request).db
    return render(request, "admin.html", users=list_users(db), audit=audit_lines(db))


# a ready plan's page, by service (the bricol'âge's is plan_page's own)
PAGES = {"ecrivain": ecrivain_page, "epicerie": epicerie_page, "referent": referent_page}
ROUTES = [
    *ECRIVAIN_ROUTES,
    *EPICERIE_ROUTES,
    *REFERENT_ROUTES,
    Route("/", home),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang/{code}", set_lang),
    Route("/backlog", backlog),
    Route("/tenants/{tenant_id}", tenant),
    Route("/volunteers", volunteers_page),  # fiche 3 (issue #30)
    Route("/import", import_page, methods=["GET", "POST"]),
    Route("/requests/new", new_request, methods=["GET", "POST"]),
    Route("/plans", plans_page),
    Route("/plans", plan_start, methods=["POST"]),
    Route("/plans/{plan_id}", plan_page),
    Route("/plans/{plan_id}/status", plan_status),
    Route("/plans/{plan_id}/events", plan_events),
    Route("/plans/{plan_id}/move", plan_move, methods=["POST"]),
    Route("/plans/{plan_id}/confirm", plan_confirm, methods=["POST"]),
    Route("/plans/{plan_id}/replan", plan_replan, methods=["POST"]),
    Route("/plans/{plan_id}/cancel", plan_cancel, methods=["POST"]),
    Route("/plans/{plan_id}/files/{name}", plan_file),
    Route("/plans/{plan_id}/publish", outcome_pages.publish, methods=["POST"]),
    Route("/plans/{plan_id}/outcome", outcome_pages.plan_outcome, methods=["POST"]),
    Route("/day", staff_day.my_day),
    Route("/day/{request_id}/outcome", staff_day.my_outcome, methods=["POST"]),
    Route("/analysis", analysis),
    Route("/admin", admin),
]

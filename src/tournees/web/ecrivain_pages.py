"""The écrivain numérique's week in the browser (issue #27): the sessions calendar with each session's
appointments, the home visits, booking a tenant who calls into a free time that suits their mobility
(nearest first, :mod:`tournees.services.ecrivain.booking`), moving an appointment (booking it again),
confirming it, publishing the week (public calendar and letters), then recording what happened at each
appointment and home visit (:mod:`tournees.web.outcomes`, as the référent's visits: done or not, the request
done or back among the waiting ones with its history; fiche 10's indicators).

The plan itself is made by the worker through the service registry (:mod:`tournees.web.service_plans`);
these pages read its stored run and plan folder. A booking changes the run's appointments, the
folder's ``appointments.csv`` and the documents written from it (letters, calendar), with the plan's
version (a change from a stale page is refused).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.errors import ValidationError
from tournees.model import move_status
from tournees.services.ecrivain.booking import FreeSlot, free_slots
from tournees.settings import Settings
from tournees.web import outcome_pages, outcomes, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import AppState, current_user, lang_of, render, state
from tournees.web.service_plans import ecrivain_landlords
from tournees.web.texts import reason_label, tr

PLANNERS = ("planner", "admin")
SESSIONS, APPOINTMENTS, STEPS = TABLES["plan_sessions"], TABLES["plan_appointments"], TABLES["plan_steps"]
REQUESTS, TENANTS, VENUES = TABLES["ecrivain_requests"], TABLES["tenants"], TABLES["venues"]
LEFT = TABLES["plan_unassigned"]
APPOINTMENT_COLUMNS = ("session_id", "venue_id", "date", "start", "end", "request_id", "travel_s_tenant")


def _week(db: Database, plan: sa.Row) -> dict[str, Any]:
    """Sessions (with their appointments), home visits, requests left out, as stored for the plan's run."""
    with db.engine.connect() as conn:
        sessions = list(
            conn.execute(sa.select(SESSIONS).where(SESSIONS.c.run_id == plan.run_id).order_by(SESSIONS.c.start))
        )
        appointments = list(
            conn.execute(
                sa.select(APPOINTMENTS, REQUESTS.c.tenant_id, REQUESTS.c.motive, REQUESTS.c.status)
                .join(REQUESTS, REQUESTS.c.request_id == APPOINTMENTS.c.request_id)
                .where(APPOINTMENTS.c.run_id == plan.run_id)
                .order_by(APPOINTMENTS.c.start)
            )
        )
        home = list(
            conn.execute(
                sa.select(STEPS, REQUESTS.c.tenant_id, REQUESTS.c.motive, REQUESTS.c.status)
                .join(REQUESTS, REQUESTS.c.request_id == STEPS.c.task_id)
                .where(STEPS.c.run_id == plan.run_id, STEPS.c.kind == "visit")
                .order_by(STEPS.c.date, STEPS.c.start)
            )
        )
        venues = dict(conn.execute(sa.select(VENUES.c.venue_id, VENUES.c.name)).all())
        left = list(conn.execute(sa.select(LEFT).where(LEFT.c.run_id == plan.run_id).order_by(LEFT.c.task_id)))
    by_session: dict[str, list[sa.Row]] = {}
    for a in appointments:
        by_session.setdefault(a.session_id, []).append(a)
    return {"sessions": sessions, "by_session": by_session, "home": home, "venues": venues, "left": left}


def visits(db: Database, plan: sa.Row) -> list[outcomes.Visit]:
    """The appointments (with their session's écrivain and venue) and home visits whose outcome may be recorded:
    those of the plan's run once it is published."""
    if service_pages.run_status(db, plan.run_id) != "published":
        return []
    with db.engine.connect() as conn:
        booked = conn.execute(
            sa.select(APPOINTMENTS, SESSIONS.c.staff_id, SESSIONS.c.venue_id, REQUESTS.c.tenant_id)
            .join(SESSIONS, sa.and_(SESSIONS.c.run_id == APPOINTMENTS.c.run_id,
                                    SESSIONS.c.session_id == APPOINTMENTS.c.session_id))
            .join(REQUESTS, REQUESTS.c.request_id == APPOINTMENTS.c.request_id)
            .where(APPOINTMENTS.c.run_id == plan.run_id)
            .order_by(APPOINTMENTS.c.start, APPOINTMENTS.c.request_id)
        )
        found = [
            outcomes.Visit(plan.plan_id, plan.run_id, plan.landlord_id, a.request_id, a.staff_id, a.start.date(), 0,
                           a.start, a.end, None, None, None, None, None, service="ecrivain", tenant_id=a.tenant_id,
                           venue_id=a.venue_id)
            for a in booked
        ]
        home = conn.execute(
            sa.select(STEPS, REQUESTS.c.tenant_id)
            .join(REQUESTS, REQUESTS.c.request_id == STEPS.c.task_id)
            .where(STEPS.c.run_id == plan.run_id, STEPS.c.kind == "visit")
            .order_by(STEPS.c.date, STEPS.c.start)
        )
        return found + [
            outcomes.Visit(plan.plan_id, plan.run_id, plan.landlord_id, s.task_id, s.resource_id, s.date, s.seq,
                           s.start, s.end, s.slot_start, s.slot_end, s.location_id, s.lat, s.lon, service="ecrivain",
                           tenant_id=s.tenant_id)
            for s in home
        ]


def _bookable(db: Database, plan: sa.Row) -> list[str]:
    """The landlord's écrivain requests that may be booked (waiting) or moved (booked in this week)."""
    owners = ecrivain_landlords(db)
    with db.engine.connect() as conn:
        booked = set(conn.scalars(sa.select(APPOINTMENTS.c.request_id).where(APPOINTMENTS.c.run_id == plan.run_id)))
        rows = conn.execute(
            sa.select(REQUESTS.c.request_id, REQUESTS.c.status, REQUESTS.c.home_visit).order_by(REQUESTS.c.request_id)
        )
        return [
            r.request_id
            for r in rows
            if owners.get(r.request_id) == plan.landlord_id
            and not r.home_visit
            and (r.request_id in booked or r.status == "received")
        ]


def page(request: Request, user: User, plan: sa.Row) -> Response:
    """The plan page of a ready écrivain plan (``GET /plans/{id}``)."""
    db, lang = state(request).db, lang_of(request)
    week = _week(db, plan)
    left = week["left"]
    assert isinstance(left, list)
    return render(
        request,
        "ecrivain_plan.html",
        **service_pages.heading(db, plan, lang),
        reasons={u.task_id: reason_label(u.reason_code, u.reason, lang) for u in left},
        bookable=_bookable(db, plan),
        documents=service_pages.DOCUMENTS["ecrivain"],
        **outcome_pages.outcome_context(db, visits(db, plan)),
        **week,
    )


def _request_of_landlord(db: Database, plan: sa.Row, request_id: str) -> sa.Row | None:
    if ecrivain_landlords(db).get(request_id) != plan.landlord_id:
        return None  # another landlord's request does not exist for this plan
    with db.engine.connect() as conn:
        return conn.execute(sa.select(REQUESTS).where(REQUESTS.c.request_id == request_id)).first()


async def slots(request: Request) -> Response:
    """``GET /plans/{id}/ecrivain/slots?request_id=``: the free times that suit the request's tenant, nearest first."""
    user = current_user(request, *PLANNERS)
    st, lang = state(request), lang_of(request)
    plan = await run_in_threadpool(service_pages.plan_of, request, user, "ecrivain")
    request_id = request.query_params.get("request_id", "")
    row = await run_in_threadpool(_request_of_landlord, st.db, plan, request_id)
    back = f"/plans/{plan.plan_id}"
    if row is None:
        return render(request, "error.html", status_code=422, back=back,
                      message=tr("ecr_unknown_request", lang, request=request_id))
    found = await run_in_threadpool(free_slots, st.db, st.settings, plan.run_id, request_id)
    venues = await run_in_threadpool(lambda: _week(st.db, plan)["venues"])
    return render(request, "ecrivain_slots.html", plan=plan, req=row, slots=found, venues=venues)


def _target(form: FormData, lang: str) -> tuple[str, dt.datetime]:
    session_id, start = str(form.get("session_id", "")), str(form.get("start", ""))
    try:
        return session_id, dt.datetime.fromisoformat(start)
    except ValueError:
        raise ValidationError(tr("ecr_bad_start", lang, start=start)) from None


def _write_appointments(db: Database, run_id: str, folder: Path, request_id: str, slot: FreeSlot | None) -> None:
    """The folder's appointments.csv (as the planner writes it): the run's appointments with ``request_id`` at
    ``slot``, or without it (the letters and the calendar are written from it)."""
    with db.engine.connect() as conn:
        every = [
            (r.start, r.session_id, r.venue_id, r.end, r.request_id, r.travel_s_tenant)
            for r in conn.execute(
                sa.select(APPOINTMENTS, SESSIONS.c.venue_id)
                .join(SESSIONS, sa.and_(SESSIONS.c.run_id == APPOINTMENTS.c.run_id,
                                        SESSIONS.c.session_id == APPOINTMENTS.c.session_id))
                .where(APPOINTMENTS.c.run_id == run_id, APPOINTMENTS.c.request_id != request_id)
            )
        ]
    if slot is not None:
        every.append((slot.start, slot.session_id, slot.venue_id, slot.end, request_id, slot.travel_s))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(APPOINTMENT_COLUMNS)
    for start, session_id, venue_id, end, rid, travel in sorted(every):
        writer.writerow([session_id, venue_id, start.date().isoformat(), start.isoformat(timespec="seconds"),
                         end.isoformat(timespec="seconds"), rid, travel])
    (folder / "appointments.csv").write_text(out.getvalue(), encoding="utf-8")


def _book(db: Database, settings: Settings, folder: Path, plan: sa.Row, version: int, user: User, request_id: str,
          session_id: str, start: dt.datetime, lang: str) -> None:
    """Book (or move) ``request_id`` at ``start`` in ``session_id``, if that is still one of its free times."""
    free = free_slots(db, settings, plan.run_id, request_id)
    slot = next((s for s in free if (s.session_id, s.start) == (session_id, start)), None)
    if slot is None:
        raise ValidationError(tr("ecr_slot_taken", lang))

    def also(conn: sa.Connection) -> None:
        conn.execute(APPOINTMENTS.delete().where(APPOINTMENTS.c.run_id == plan.run_id,
                                                 APPOINTMENTS.c.request_id == request_id))
        conn.execute(APPOINTMENTS.insert().values(run_id=plan.run_id, request_id=request_id, session_id=slot.session_id,
                                                  start=slot.start, end=slot.end, travel_s_tenant=slot.travel_s))
        conn.execute(LEFT.delete().where(LEFT.c.run_id == plan.run_id, LEFT.c.task_id == request_id))
        _move(conn, request_id, "planned")

    service_pages.rewrite(
        db, settings, folder, "ecrivain",
        lambda tmp: _write_appointments(db, plan.run_id, tmp, request_id, slot),
        lambda: store.save_edit(db, plan, version, user, action="ecrivain_book", target=request_id,
                                detail=f"{slot.session_id} {slot.start:%Y-%m-%d %H:%M}", rows=None, found=None,
                                also=also),
    )


def _unbook(db: Database, settings: Settings, folder: Path, plan: sa.Row, version: int, user: User, request_id: str,
            lang: str) -> None:
    """Free ``request_id``'s appointment (the tenant called it off): the request waits again, its time is free."""
    mine = sa.and_(APPOINTMENTS.c.run_id == plan.run_id, APPOINTMENTS.c.request_id == request_id)
    with db.engine.connect() as conn:
        if conn.execute(sa.select(APPOINTMENTS.c.request_id).where(mine)).first() is None:
            raise ValidationError(tr("ecr_not_booked", lang, request=request_id))

    def also(conn: sa.Connection) -> None:
        conn.execute(APPOINTMENTS.delete().where(mine))
        for status in ("planned", "received"):  # (a confirmed one goes back through planned)
            _move(conn, request_id, status)

    service_pages.rewrite(
        db, settings, folder, "ecrivain",
        lambda tmp: _write_appointments(db, plan.run_id, tmp, request_id, None),
        lambda: store.save_edit(db, plan, version, user, action="ecrivain_unbook", target=request_id, detail="",
                                rows=None, found=None, also=also),
    )


def _move(conn: sa.Connection, request_id: str, status: str) -> None:
    """The request's status moved by its life-cycle (a request already there stays as it is)."""
    from tournees.model import EcrivainRequest

    row = conn.execute(sa.select(REQUESTS).where(REQUESTS.c.request_id == request_id)).one()
    if row.status == status:
        return
    record = EcrivainRequest(**{k: v for k, v in row._mapping.items() if k in EcrivainRequest.__dataclass_fields__})
    moved = move_status(record, status)  # refused (ValidationError) when the life-cycle does not allow it
    conn.execute(REQUESTS.update().where(REQUESTS.c.request_id == request_id).values(status=moved.status))


def _confirm(conn: sa.Connection, request_id: str) -> None:
    for status in ("planned", "confirmed"):  # (the planner leaves the requests it books as received)
        _move(conn, request_id, status)


def _request(st: AppState, plan: sa.Row, form: FormData, lang: str) -> str:
    """The form's request id, if it is one of the plan's landlord's écrivain requests."""
    request_id = str(form.get("request_id", ""))
    if _request_of_landlord(st.db, plan, request_id) is None:
        raise ValidationError(tr("ecr_unknown_request", lang, request=request_id))
    return request_id


def _booked(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    request_id = _request(st, plan, form, lang)
    session_id, start = _target(form, lang)
    _book(st.db, st.settings, st.workdir / plan.plan_id, plan, version, user, request_id, session_id, start, lang)
    return tr("ecr_booked", lang, request=request_id)


def _unbooked(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    request_id = _request(st, plan, form, lang)
    _unbook(st.db, st.settings, st.workdir / plan.plan_id, plan, version, user, request_id, lang)
    return tr("ecr_unbooked", lang, request=request_id)


def _confirmed(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    request_id = _request(st, plan, form, lang)
    store.save_edit(st.db, plan, version, user, action="ecrivain_confirm", target=request_id, detail="", rows=None,
                    found=None, also=lambda conn: _confirm(conn, request_id))
    return tr("confirmed_ok", lang, task=request_id)


async def book(request: Request) -> Response:
    return await service_pages.change(request, "ecrivain", _booked)


async def unbook(request: Request) -> Response:
    return await service_pages.change(request, "ecrivain", _unbooked)


async def confirm(request: Request) -> Response:
    return await service_pages.change(request, "ecrivain", _confirmed)


# the week published: session calendar and letters ready
publish = service_pages.publish_page("ecrivain", "ecr_published")
# what happened at an appointment or home visit of the published week
outcome = outcome_pages.service_outcome("ecrivain", visits)


ROUTES = [
    Route("/plans/{plan_id}/ecrivain/slots", slots),
    Route("/plans/{plan_id}/ecrivain/book", book, methods=["POST"]),
    Route("/plans/{plan_id}/ecrivain/unbook", unbook, methods=["POST"]),
    Route("/plans/{plan_id}/ecrivain/confirm", confirm, methods=["POST"]),
    Route("/plans/{plan_id}/ecrivain/publish", publish, methods=["POST"]),
    Route("/plans/{plan_id}/ecrivain/outcome", outcome, methods=["POST"]),
]

"""The technician's own day (role ``staff``): a phone-sized page of their published visits, marked done or not.

A staff account is one technician (``tournees user add NAME --role staff --staff-id TECH-1``): it sees
the visits of the published plans on its own days, whichever landlord they serve, and nothing else
(no other technician, no tenant page, no plan). The tenant's phone shows only where they agreed to be
called before a visit; no GIR level, no health data. The navigation link is a ``geo:`` URI: the
phone's own map application opens it, no outside site is needed.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.outputs.labels import call_ahead_phone, dwelling
from tournees.web import outcomes
from tournees.web.context import current_user, lang_of, render, state
from tournees.web.outcome_pages import record_outcome

TN, RS, BR, IT = TABLES["tenants"], TABLES["residences"], TABLES["bricolage_requests"], TABLES["intervention_types"]


def _day_of(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return dt.date.today()  # no day or a malformed one: today's sheet


def sheet(db: Database, staff_id: str, day: dt.date, lang: str) -> list[dict[str, object]]:
    """The technician's visits of ``day`` in their order, with what the door needs."""
    visits = outcomes.published_visits(db, staff_id=staff_id, day=day)
    ids = [v.request_id for v in visits]
    with db.engine.connect() as conn:
        rows = {
            r.request_id: r
            for r in conn.execute(
                sa.select(BR.c.request_id, BR.c.notes, IT.c.label, TN, RS.c.name.label("residence"), RS.c.address,
                          RS.c.postcode, RS.c.commune, RS.c.access_notes.label("residence_access"))
                .join(IT, IT.c.type_id == BR.c.type_id)
                .join(TN, TN.c.tenant_id == BR.c.tenant_id)
                .join(RS, RS.c.residence_id == TN.c.residence_id)
                .where(BR.c.request_id.in_(ids))
            )
        }
    done = outcomes.recorded(db, ids)
    out = []
    for v in visits:
        r = rows[v.request_id]
        access = [x for x in (dwelling(r, lang), r.residence_access, r.access_notes) if x]  # type: ignore[arg-type]
        out.append({
            "visit": v,
            "intervention": r.label,
            "notes": r.notes or "",
            "place": f"{r.residence}, {r.address}, {r.postcode} {r.commune}",
            "access": " · ".join(access),
            "phone": call_ahead_phone(r),
            "geo": f"geo:{v.lat:.6f},{v.lon:.6f}" if v.lat is not None and v.lon is not None else "",
            "outcome": done.get((v.request_id, v.day)),
        })
    return out


def my_day(request: Request) -> Response:
    user = current_user(request, "staff")
    day = _day_of(request.query_params.get("date"))
    db, lang = state(request).db, lang_of(request)
    return render(
        request,
        "day.html",
        staff_id=user.staff_id,
        day=day,
        previous=day - dt.timedelta(days=1),
        following=day + dt.timedelta(days=1),
        visits=sheet(db, user.staff_id or "", day, lang),
        today=dt.date.today(),
        cancellers=outcomes.CANCELLERS,
    )


async def my_outcome(request: Request) -> Response:
    """A visit of this technician's published days marked done or not; another's visit does not exist (404)."""
    user = current_user(request, "staff")
    wanted = request.path_params["request_id"]
    found = await run_in_threadpool(outcomes.published_visits, state(request).db, staff_id=user.staff_id or "")
    mine = [v for v in found if v.request_id == wanted]
    visit = mine[-1] if mine else None  # its latest day (a visit not done comes back another day)
    back = f"/day?date={visit.day.isoformat()}" if visit else "/day"
    return await record_outcome(request, user, visit, back)

"""Fiche 3 for the planner: the volunteers to call for one of their seniors, nearest first, as time bands only.

A tenant of another landlord does not exist for the account (404); the volunteers are the tenant's landlord's.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from tournees.errors import NetworkError, ValidationError
from tournees.model.vocab import SITUATIONS
from tournees.web import scope
from tournees.web.context import current_user, lang_of, render, state

PLANNERS = ("planner", "admin")


async def volunteers_page(request: Request) -> Response:
    """``GET /volunteers?tenant=…&situation=…&on=…``: the form, and the ranking once a tenant is given."""
    user = current_user(request, *PLANNERS)
    st, lang = state(request), lang_of(request)
    tenant_id = request.query_params.get("tenant", "").strip()
    situation = request.query_params.get("situation", SITUATIONS[0])
    day_text = request.query_params.get("on", "").strip()
    matches, problem = None, None
    if tenant_id:
        landlord = await run_in_threadpool(scope.landlord_of_tenant, st.db, tenant_id)
        if landlord is None or not user.can_see(landlord):
            raise HTTPException(404)  # no such tenant, or another landlord's
        try:
            matches = await run_in_threadpool(_match, st, tenant_id, situation, day_text, lang)
        except (ValidationError, NetworkError) as err:  # a bad date or situation, a place off every network
            problem = str(err)
    return render(request, "volunteers.html", tenant_id=tenant_id, situation=situation, day=day_text,
                  situations=SITUATIONS, matches=matches, problem=problem)


def _match(st, tenant_id: str, situation: str, day_text: str, lang: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    from tournees.services.common import parse_day
    from tournees.volunteers.from_db import match_senior

    day = parse_day(day_text, "on", lang) if day_text else dt.date.today()
    return match_senior(st.db, st.settings, tenant_id, situation, day, lang)

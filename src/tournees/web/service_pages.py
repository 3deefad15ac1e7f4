"""What the écrivain's and the épicerie's pages share: the plan looked up for the account (404 for another
landlord's), their documents, publishing a run, and re-writing a plan folder after a change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.errors import ValidationError
from tournees.plan.staging import staged_folder
from tournees.settings import Settings
from tournees.web import findings, planning, scope
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import AppState, current_user, lang_of, render, state
from tournees.web.texts import tr

PLANNERS = ("planner", "admin")
RUNS = TABLES["planning_runs"]
# the service's own documents (beside the map, sheets, workbook and visits.csv every plan has), text key of each
DOCUMENTS: dict[str, dict[str, str]] = {
    "ecrivain": {
        "permanences.html": "doc_sessions",
        "permanences.ics": "doc_sessions_ics",
        "courriers.html": "doc_letters",
        "appointments.csv": "doc_appointments",
    },
    "epicerie": {
        "carte_publique.html": "doc_public_map",
        "calendrier_communes.html": "doc_commune_calendar",
        "calendrier_communes.ics": "doc_commune_ics",
        "calendrier_communes.csv": "doc_commune_csv",
    },
    "referent": {
        "courriers.html": "doc_letters",
        "annonces.csv": "ref_doc_announces",
        "campagne.csv": "ref_doc_campaign",
    },
}


def plan_of(request: Request, user: User, service: str) -> sa.Row:
    """The ready plan of the URL, of ``service``; 404 when it is another landlord's (or does not exist)."""
    plan = store.get(state(request).db, request.path_params["plan_id"])
    if plan is None or not user.can_see(plan.landlord_id) or plan.service != service:
        raise HTTPException(404)
    if plan.status != "ready":
        raise HTTPException(409)
    return plan


Change = Callable[[AppState, sa.Row, FormData, int, User, str], str]  # (state, plan, form, version, user, lang)


async def change(request: Request, service: str, act: Change) -> Response:
    """A change sent by a ready ``service`` plan's page: ``act`` makes it (in a worker thread) and returns what the
    page then says; from a stale page it is refused (409, « modifié par X »), a wrong field refused (422) in the
    reader's language; nothing is written either way."""
    user = current_user(request, *PLANNERS)
    st, lang = state(request), lang_of(request)
    plan = await run_in_threadpool(plan_of, request, user, service)
    form = await request.form()
    back = f"/plans/{plan.plan_id}"
    text = str(form.get("version", ""))
    try:
        said = await run_in_threadpool(act, st, plan, form, int(text) if text.isdigit() else -1, user, lang)
    except store.StalePlan as stale:
        return render(request, "error.html", status_code=409, back=back,
                      message=tr("stale", lang, who=stale.who, version=stale.version))
    except ValidationError as err:
        return render(request, "error.html", status_code=422, message=str(err), back=back)
    request.session["flash"] = said
    return RedirectResponse(back, status_code=303)


def publish(st: AppState, plan: sa.Row, version: int, user: User, action: str) -> None:
    """The plan's run published (what the communes or the tenants were told), with the plan's version."""
    store.save_edit(st.db, plan, version, user, action=action, target=plan.run_id, detail="", rows=None, found=None,
                    also=published(plan.run_id))


def publish_page(service: str, said: str) -> Callable[[Request], Awaitable[Response]]:
    """The ``POST /plans/{id}/<service>/publish`` handler: the run published (action ``<service>_publish`` in the
    log), the page then says text ``said``."""

    def act(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
        publish(st, plan, version, user, f"{service}_publish")
        return tr(said, lang)

    async def handler(request: Request) -> Response:
        return await change(request, service, act)

    return handler


def heading(db: Database, plan: sa.Row, lang: str) -> dict[str, Any]:
    """What every service plan page shows above its own part: the plan, its landlord's name, the findings of this
    version in the reader's language and the run's status (draft, published)."""
    return {
        "plan": plan,
        "landlord_name": scope.landlords(db).get(plan.landlord_id, plan.landlord_id),
        "findings": [(f.get("code", ""), findings.text(f, lang)) for f in json.loads(plan.findings)],
        "run_status": run_status(db, plan.run_id),
    }


def run_status(db: Database, run_id: str) -> str:
    with db.engine.connect() as conn:
        return str(conn.scalar(sa.select(RUNS.c.status).where(RUNS.c.run_id == run_id)) or "draft")


def published(run_id: str) -> Callable[[sa.Connection], None]:
    """The run marked published (what the communes or the tenants were told), in the edit's transaction."""

    def write(conn: sa.Connection) -> None:
        conn.execute(RUNS.update().where(RUNS.c.run_id == run_id).values(status="published"))

    return write


def rewrite(
    db: Database,
    settings: Settings,
    folder: Path,
    service: str,
    write: Callable[[Path], None],
    commit: Callable[[], object],
) -> None:
    """The plan folder with ``write`` applied and its documents written again, replaced whole once ``commit`` (the
    change stored, refused when the plan changed meanwhile) succeeded, or not at all."""
    with staged_folder(folder) as tmp:
        shutil.copytree(folder, tmp, dirs_exist_ok=True)
        (tmp / "feuilles_de_route.pdf").unlink(missing_ok=True)  # written again when asked for (a few seconds)
        write(tmp)
        planning.documents(db, settings, tmp, pdf=False, service=service)
        commit()

"""What the écrivain's and the épicerie's pages share: the plan looked up for the account (404 for another
landlord's), their documents, publishing a run, and re-writing a plan folder after a change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from starlette.exceptions import HTTPException
from starlette.requests import Request

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.plan.staging import staged_folder
from tournees.settings import Settings
from tournees.web import planning
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import state

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
}


def plan_of(request: Request, user: User, service: str) -> sa.Row:
    """The ready plan of the URL, of ``service``; 404 when it is another landlord's (or does not exist)."""
    plan = store.get(state(request).db, request.path_params["plan_id"])
    if plan is None or not user.can_see(plan.landlord_id) or plan.service != service:
        raise HTTPException(404)
    if plan.status != "ready":
        raise HTTPException(409)
    return plan


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

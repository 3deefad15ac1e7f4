"""The épicerie mobile's weeks in the browser (issue #27): the communes' calendar (stop, weekday, hours,
frequency), the coverage by commune and the public map, publishing the calendar to the communes.

The plan is made by the worker through the service registry (:mod:`tournees.web.service_plans`) over
the weeks asked in the plan form. Publishing marks the run published: re-planning the same weeks
(after a commune changed, with « Re-planifier ») or the next ones keeps the published stops, days
and times (:func:`tournees.services.epicerie.published.published_pattern`). The coverage is shown per
commune only (counts), never as a tenant's row: the seniors are every landlord's.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tournees.calendar import WEEKDAYS
from tournees.web import findings, scope, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import current_user, lang_of, render, state
from tournees.web.texts import tr

PLANNERS = ("planner", "admin")


def coverage_by_commune(folder: Path) -> list[dict[str, Any]]:
    """Seniors and seniors covered per commune (couverture.csv summed: counts only)."""
    totals: dict[str, list[int]] = {}
    with (folder / "couverture.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts = totals.setdefault(row["insee_code"], [0, 0])
            counts[0] += 1
            counts[1] += row["covered"] == "True"
    return [
        {"insee_code": code, "seniors": n, "covered": c, "pct": round(100 * c / n, 1) if n else 0.0}
        for code, (n, c) in sorted(totals.items())
    ]


def _calendar(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, str]]:
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    rows = sorted(plan.get("calendar", []), key=lambda r: (WEEKDAYS.index(r["weekday"]), r["van"], r["start"]))
    names = {r["insee_code"]: r["commune"] for r in rows}
    return rows, plan.get("kpis", {}), names


def page(request: Request, user: User, plan: sa.Row) -> Response:
    """The plan page of a ready épicerie plan (``GET /plans/{id}``)."""
    st, lang = state(request), lang_of(request)
    folder = st.workdir / plan.plan_id
    calendar, kpis, names = _calendar(folder)
    return render(
        request,
        "epicerie_plan.html",
        plan=plan,
        landlord_name=scope.landlords(st.db).get(plan.landlord_id, plan.landlord_id),
        findings=[(f.get("code", ""), findings.text(f, lang)) for f in json.loads(plan.findings)],
        run_status=service_pages.run_status(st.db, plan.run_id),
        calendar=calendar,
        kpis=kpis,
        coverage=coverage_by_commune(folder),
        communes=names,
        weekday_names=dict(zip(WEEKDAYS, tr("weekdays", lang).split(), strict=False)),
        documents=service_pages.DOCUMENTS["epicerie"],
    )


async def publish(request: Request) -> Response:
    """Publish the calendar to the communes: the run is published, and later plans of these weeks keep it."""
    user = current_user(request, *PLANNERS)
    st, lang = state(request), lang_of(request)
    plan = await run_in_threadpool(service_pages.plan_of, request, user, "epicerie")
    form = await request.form()
    back = f"/plans/{plan.plan_id}"
    version = str(form.get("version", ""))
    try:
        await run_in_threadpool(
            lambda: store.save_edit(st.db, plan, int(version) if version.isdigit() else -1, user,
                                    action="epicerie_publish", target=plan.run_id, detail="", rows=None, found=None,
                                    also=service_pages.published(plan.run_id)))
    except store.StalePlan as stale:
        return render(request, "error.html", status_code=409, back=back,
                      message=tr("stale", lang, who=stale.who, version=stale.version))
    request.session["flash"] = tr("epi_published", lang)
    return RedirectResponse(back, status_code=303)


ROUTES = [Route("/plans/{plan_id}/epicerie/publish", publish, methods=["POST"])]

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
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tournees.calendar import WEEKDAYS, weekday_code
from tournees.db import Database
from tournees.engine import DAY
from tournees.errors import ValidationError
from tournees.plan.retime import write_retimed
from tournees.services import registry
from tournees.services.common import seconds
from tournees.settings import Settings
from tournees.web import findings, planning, scope, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import AppState, lang_of, render, state
from tournees.web.findings import Finding, describe
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


def _retime_stop(
    db: Database, settings: Settings, folder: Path, plan: sa.Row, version: int, user: User, *, stop_id: str,
    weekday: str, start: dt.time, lang: str,
) -> list[Finding]:
    """Every week's ``stop_id`` of ``weekday`` at ``start``: its days re-timed by the engine's timing (as
    ``tournees retime``, :func:`tournees.web.planning.adjust`), the other stops kept at their published times; the
    calendar and the communes' documents written again. Refused, nothing written, when it breaks a rule (another
    stop's published time, a commune's hours, the van's day): the message says what."""
    st = planning.stored(folder)
    assert st.ctx.days is not None
    moved = {t.id for t in st.problem.tasks if t.id.startswith(f"{stop_id}@")
             and weekday_code(dt.date.fromisoformat(t.id.split("@", 1)[1])) == weekday}
    if not moved:
        raise ValidationError(tr("epi_unknown_stop", lang, stop=stop_id, day=weekday))
    at = {tid: st.ctx.days.index(dt.date.fromisoformat(tid.split("@", 1)[1])) * DAY + seconds(start) for tid in moved}
    st.problem = dataclasses.replace(st.problem, tasks=[  # its new time is its window, as the others' published ones
        dataclasses.replace(t, windows=((at[t.id], at[t.id]),)) if t.id in at else t for t in st.problem.tasks])
    windows = {t.id: t.windows[0][0] if t.windows else 0 for t in st.problem.tasks}
    routes = st.orders()
    changed = {key for key, ids in routes.items() if moved & set(ids)}
    for key in changed:
        routes[key] = sorted(routes[key], key=lambda tid: windows[tid])  # the day's stops in the order of their times
    adjusted = planning.adjust(st, routes, changed, {}, lang)
    for row in adjusted.result.rows:  # a grocery stop's announced time is the stop itself (as the planner writes it)
        if row["task_id"] in moved:
            row["slot_start"], row["slot_end"] = row["start"], row["end"]
    found = describe(adjusted.problem, adjusted.result.solution, adjusted.result.context, adjusted.findings)
    if found:  # the communes were told a time: a change that breaks one (or the van's day) is not made
        what = "; ".join(findings.text(f, lang) for f in found[:5])
        raise ValidationError(tr("epi_change_breaks", lang, stop=stop_id, start=f"{start:%H:%M}", what=what))

    def write(tmp: Path) -> None:
        write_retimed(tmp, adjusted.result)
        registry.get("epicerie").retimed(tmp, lang)  # the calendar's time of the stop, the public calendar

    service_pages.rewrite(
        db, settings, folder, "epicerie", write,
        lambda: store.save_edit(db, plan, version, user, action="epicerie_stop_time", target=f"{stop_id}@{weekday}",
                                detail=f"{start:%H:%M}", rows=adjusted.result.rows, found=found),
    )
    return found


def _stop_time(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    stop_id, _, weekday = str(form.get("row", "")).partition("|")  # a row of the calendar: stop and weekday
    text = str(form.get("start", ""))
    try:
        start = dt.time.fromisoformat(text)
    except ValueError:
        raise ValidationError(tr("epi_bad_time", lang, start=text)) from None
    _retime_stop(st.db, st.settings, st.workdir / plan.plan_id, plan, version, user, stop_id=stop_id,
                 weekday=weekday, start=start, lang=lang)
    return tr("epi_stop_retimed", lang, stop=stop_id, start=f"{start:%H:%M}")


def _published(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    service_pages.publish(st, plan, version, user, "epicerie_publish")
    return tr("epi_published", lang)


async def stop_time(request: Request) -> Response:
    """``POST /plans/{id}/epicerie/stop``: a stop's time changed for every week of its weekday."""
    return await service_pages.change(request, "epicerie", _stop_time)


async def publish(request: Request) -> Response:
    """Publish the calendar to the communes: the run is published, and later plans of these weeks keep it."""
    return await service_pages.change(request, "epicerie", _published)


ROUTES = [
    Route("/plans/{plan_id}/epicerie/publish", publish, methods=["POST"]),
    Route("/plans/{plan_id}/epicerie/stop", stop_time, methods=["POST"]),
]

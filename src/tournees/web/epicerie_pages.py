"""The épicerie mobile's weeks in the browser (issue #27): the communes' calendar (stop, weekday, hours,
frequency), the coverage by commune and the public map, publishing the calendar to the communes.

The plan is made by the worker through the service registry (:mod:`tournees.web.service_plans`) over
the weeks asked in the plan form. Publishing marks the run published: re-planning the same weeks
(after a commune changed, with « Re-planifier ») or the next ones keeps the published stops, days
and times (:func:`tournees.services.epicerie.published.published_pattern`). The coverage is shown per
commune only (counts), never as a tenant's row: the seniors are every landlord's.
"""

from __future__ import annotations

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
from tournees.model import GroceryCommune
from tournees.plan.retime import write_retimed
from tournees.services import registry
from tournees.services.common import seconds
from tournees.services.epicerie.coverage import commune_coverage, coverage_change
from tournees.services.epicerie.documents import moved_weekday
from tournees.settings import Settings
from tournees.web import findings, jobs, planning, service_pages
from tournees.web import plans as store
from tournees.web.accounts import User
from tournees.web.context import AppState, lang_of, render, state
from tournees.web.findings import Finding, describe
from tournees.web.texts import tr

PLANNERS = ("planner", "admin")


def _calendar(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, str]]:
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    rows = sorted(plan.get("calendar", []), key=lambda r: (WEEKDAYS.index(r["weekday"]), r["van"], r["start"]))
    names = {r["insee_code"]: r["commune"] for r in rows}
    return rows, plan.get("kpis", {}), names


def _left_out(folder: Path) -> list[str]:
    """The communes the plan was made without (its planner's options in plan.json): what the page shows and what a
    change starts from, even when a later re-plan failed and the plan stayed as it was."""
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    return sorted(plan.get("settings", {}).get("exclude_communes", ()))


def page(request: Request, user: User, plan: sa.Row) -> Response:
    """The plan page of a ready épicerie plan (``GET /plans/{id}``)."""
    st, lang = state(request), lang_of(request)
    folder = st.workdir / plan.plan_id
    calendar, kpis, names = _calendar(folder)
    names = {c.insee_code: c.name for c in st.db.load(GroceryCommune)} | names
    coverage = commune_coverage(folder)
    before = json.loads((folder / "plan.json").read_text(encoding="utf-8")).get("coverage_before")
    left_out = _left_out(folder)
    return render(
        request,
        "epicerie_plan.html",
        **service_pages.heading(st.db, plan, lang),
        calendar=calendar,
        kpis=kpis,
        coverage=coverage,
        coverage_change=coverage_change(before, coverage) if before is not None else None,
        communes=names,
        left_out=left_out,
        left_out_names=", ".join(names.get(code, code) for code in left_out),
        weekday_names=dict(zip(WEEKDAYS, tr("weekdays", lang).split(), strict=False)),
        documents=service_pages.DOCUMENTS["epicerie"],
    )


def _planned(task_id: str) -> dt.date:
    """The date a stop's task was planned for (``STOP@YYYY-MM-DD``): its weekday is the calendar's."""
    return dt.date.fromisoformat(task_id.split("@", 1)[1])


def _commune_rules(st: planning.Stored, stop_id: str, to_weekday: str, start: dt.time, tid: str, lang: str) -> None:
    """The stop's commune allows ``to_weekday`` (not a forbidden or market day) and ``start`` (its hours, as the
    planner's window of the stop: the latest start leaves the stop's length before the commune's end)."""
    rules = st.plan.get("communes", {}).get(st.plan.get("stops", {}).get(stop_id, ""), {})
    if to_weekday in rules.get("forbidden_days", ()) or to_weekday == rules.get("market_day"):
        raise ValidationError(tr("epi_day_banned", lang, stop=stop_id, day=tr("weekdays", lang).split()[
            WEEKDAYS.index(to_weekday)]))
    task = next(x for x in st.plan["tasks"] if x["task_id"] == tid)
    for lo, hi in task.get("windows", [])[:1]:
        first, last = dt.datetime.fromisoformat(lo).time(), dt.datetime.fromisoformat(hi).time()
        if not first <= start <= last:
            raise ValidationError(tr("epi_outside_hours", lang, stop=stop_id, start=f"{start:%H:%M}",
                                     first=f"{first:%H:%M}", last=f"{last:%H:%M}"))


def _move_stop(
    db: Database, settings: Settings, folder: Path, plan: sa.Row, version: int, user: User, *, stop_id: str,
    weekday: str, to_weekday: str, start: dt.time, lang: str,
) -> list[Finding]:
    """Every week's ``stop_id`` of ``weekday`` moved to ``to_weekday`` (the same day: only its time) at ``start``,
    with the same van: the days it leaves and the days it joins re-timed by the engine's timing (as ``tournees
    retime``, :func:`tournees.web.planning.adjust`), the other stops kept at their published times; the calendar and
    the communes' documents written again. Refused, nothing written, when it breaks a rule (the commune's days or
    hours, another stop's published time, the van's day, the van not out that day): the message says what. An
    occurrence that was cancelled (the van away) stays cancelled on its day."""
    st = planning.stored(folder)
    days = st.ctx.days
    assert days is not None
    mine = [t.id for t in st.problem.tasks if t.id.startswith(f"{stop_id}@")]
    moved = {tid for tid in mine if weekday_code(_planned(tid)) == weekday}
    if not moved:
        raise ValidationError(tr("epi_unknown_stop", lang, stop=stop_id, day=weekday))
    if to_weekday != weekday and any(weekday_code(_planned(tid)) == to_weekday for tid in mine):
        raise ValidationError(tr("epi_day_taken", lang, stop=stop_id))
    routes = st.orders()
    where = {tid: key for key, ids in routes.items() for tid in ids}  # the route serving each task
    served = sorted(moved & where.keys())
    for tid in served[:1]:
        _commune_rules(st, stop_id, to_weekday, start, tid, lang)
    shift = dt.timedelta(days=WEEKDAYS.index(to_weekday) - WEEKDAYS.index(weekday))
    renamed = {tid: f"{stop_id}@{(_planned(tid) + shift).isoformat()}" for tid in served}
    target: dict[str, planning.RouteKey] = {}
    for tid in served:
        van, date = where[tid]
        target[tid] = (van, date + shift)
        if target[tid] not in st.vehicle_of:  # the van has no round that day (not its working day, away, a holiday)
            raise ValidationError(tr("epi_van_not_out", lang, stop=stop_id, van=van, date=f"{date + shift:%d/%m/%Y}"))
    at = {tid: days.index(target[tid][1]) * DAY + seconds(start) for tid in served}
    st.problem = dataclasses.replace(st.problem, tasks=[  # its new time is its window, as the others' published ones
        dataclasses.replace(t, id=renamed[t.id], windows=((at[t.id], at[t.id]),)) if t.id in at else t
        for t in st.problem.tasks])
    windows = {t.id: t.windows[0][0] if t.windows else 0 for t in st.problem.tasks}
    for tid in served:
        routes[where[tid]].remove(tid)
        routes[target[tid]].append(renamed[tid])
    changed = {where[tid] for tid in served} | set(target.values())
    for key in changed:
        routes[key] = sorted(routes[key], key=lambda tid: windows[tid])  # the day's stops in the order of their times
    adjusted = planning.adjust(st, routes, changed, {}, lang)
    for row in adjusted.result.rows:  # a grocery stop's announced time is the stop itself (as the planner writes it)
        if row["task_id"] in renamed.values():
            row["slot_start"], row["slot_end"] = row["start"], row["end"]
    found = describe(adjusted.problem, adjusted.result.solution, adjusted.result.context, adjusted.findings)
    if found:  # the communes were told a time: a change that breaks one (or the van's day) is not made
        what = "; ".join(findings.text(f, lang) for f in found[:5])
        raise ValidationError(tr("epi_change_breaks", lang, stop=stop_id, start=f"{start:%H:%M}", what=what))

    def write(tmp: Path) -> None:
        write_retimed(tmp, adjusted.result)
        if shift:
            moved_weekday(tmp, stop_id, weekday, to_weekday, renamed)
        registry.get("epicerie").retimed(tmp, lang)  # the calendar's time of the stop, the public calendar

    action = "epicerie_stop_day" if shift else "epicerie_stop_time"
    service_pages.rewrite(
        db, settings, folder, "epicerie", write,
        lambda: store.save_edit(db, plan, version, user, action=action, target=f"{stop_id}@{weekday}",
                                detail=f"{to_weekday} {start:%H:%M}", rows=adjusted.result.rows, found=found),
    )
    return found


def _coverage_said(before: list[dict[str, Any]], after: list[dict[str, Any]], names: dict[str, str],
                   lang: str) -> str:
    """The seniors covered per commune before → after, the communes that changed (counts only)."""
    moved = [c for c in coverage_change(before, after) if c["before"] != c["after"]]
    if not moved:
        return tr("epi_coverage_same", lang, covered=sum(c["covered"] for c in after))
    return tr("epi_coverage_moved", lang, communes="; ".join(
        f"{names.get(c['insee_code'], c['insee_code'])} {c['before']} → {c['after']}" for c in moved))


def _stop_time(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    stop_id, _, weekday = str(form.get("row", "")).partition("|")  # a row of the calendar: stop and weekday
    text = str(form.get("start", ""))
    try:
        start = dt.time.fromisoformat(text)
    except ValueError:
        raise ValidationError(tr("epi_bad_time", lang, start=text)) from None
    to_weekday = str(form.get("weekday", "")) or weekday  # (empty: the same day)
    if to_weekday not in WEEKDAYS:
        raise ValidationError(tr("epi_bad_weekday", lang, day=to_weekday))
    folder = st.workdir / plan.plan_id
    before = commune_coverage(folder)
    _move_stop(st.db, st.settings, folder, plan, version, user, stop_id=stop_id, weekday=weekday,
               to_weekday=to_weekday, start=start, lang=lang)
    coverage = _coverage_said(before, commune_coverage(folder), _calendar(folder)[2], lang)
    if to_weekday == weekday:
        return tr("epi_stop_retimed", lang, stop=stop_id, start=f"{start:%H:%M}", coverage=coverage)
    day_names = tr("weekdays", lang).split()
    return tr("epi_stop_moved", lang, stop=stop_id, start=f"{start:%H:%M}", coverage=coverage,
              day=day_names[WEEKDAYS.index(weekday)], to=day_names[WEEKDAYS.index(to_weekday)])


def _commune(st: AppState, plan: sa.Row, form: FormData, version: int, user: User, lang: str) -> str:
    """A commune left out of this plan's re-plans or put back, and the weeks planned again (the published calendar
    of the other communes kept)."""
    code = str(form.get("commune", ""))
    names = {c.insee_code: c.name for c in st.db.load(GroceryCommune)}
    if code not in names:
        raise ValidationError(tr("epi_unknown_commune", lang, commune=code))
    include = str(form.get("include", ""))
    if include not in ("0", "1"):
        raise ValidationError(tr("epi_bad_include", lang, value=include))
    left_out = _left_out(st.workdir / plan.plan_id)
    if (code in left_out) != (include == "1"):  # nothing to change: said rather than planned again for nothing
        raise ValidationError(tr("epi_commune_already_in" if include == "1" else "epi_commune_already_out", lang,
                                 commune=names[code]))
    job = jobs.latest(st.db, plan.plan_id)  # its other choices and weeks, kept
    choices = json.loads(job.options) if job else {}
    choices["exclude_communes"] = sorted(set(left_out) ^ {code})
    store.restart(st.db, plan, version, user, time_limit_s=st.time_limit_s, weeks=job.weeks if job else 1,
                  options=json.dumps(choices))
    return tr("epi_commune_in" if include == "1" else "epi_commune_out", lang, commune=names[code])


async def stop_time(request: Request) -> Response:
    """``POST /plans/{id}/epicerie/stop``: a stop's time changed for every week of its weekday."""
    return await service_pages.change(request, "epicerie", _stop_time)


async def commune(request: Request) -> Response:
    """``POST /plans/{id}/epicerie/commune``: a commune left out or put back, the weeks planned again."""
    return await service_pages.change(request, "epicerie", _commune)


# the calendar published to the communes: later plans of these weeks keep it
publish = service_pages.publish_page("epicerie", "epi_published")


ROUTES = [
    Route("/plans/{plan_id}/epicerie/publish", publish, methods=["POST"]),
    Route("/plans/{plan_id}/epicerie/stop", stop_time, methods=["POST"]),
    Route("/plans/{plan_id}/epicerie/commune", commune, methods=["POST"]),
]

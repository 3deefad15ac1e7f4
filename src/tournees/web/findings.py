"""What the checker finds in a web plan, kept as data and worded in the reader's language.

The checker (:func:`tournees.engine.check`) words its findings in French with engine seconds;
the page needs them in French or English, with dates and clock times, each said once. A finding
is stored as its code, the request and the technician-day it concerns and the times that explain
it; :func:`text` words it when the page is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from tournees.engine import DAY, Problem, Solution, Step, Violation
from tournees.plan import PlanContext
from tournees.web.planning import verify
from tournees.web.texts import day_label, tr

Finding = dict[str, str]  # code, task, resource, date (ISO), start, end, limit, window: "" when not known


def _clock(seconds: int) -> str:
    rest = seconds % DAY
    return f"{rest // 3600:02d}:{rest % 3600 // 60:02d}"


def _length(seconds: int) -> str:
    """« 7 h 47 »: to the minute, as the planner compares it with a day's hours."""
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d}"


def _window(spans: Sequence[tuple[int, int]]) -> str:
    return ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in spans)


def describe(problem: Problem, solution: Solution, ctx: PlanContext, found: Sequence[Violation]) -> list[Finding]:
    """The checker's findings on ``solution`` as data (see :data:`Finding`), in the checker's order."""
    tasks = {t.id: t for t in problem.tasks}
    served: dict[str, tuple[int, Step]] = {}
    for route in solution.routes:
        for step in route.steps:
            if step.kind == "visit" and step.task_id:
                served.setdefault(step.task_id, (route.vehicle, step))
    routes = {r.vehicle: r.steps for r in solution.routes}
    # the checker names a route "<resource> jour <day index>" (engine/check.py)
    day_of = {f"{v.id} jour {v.day}": i for i, v in enumerate(problem.vehicles)}
    out = []
    for v in found:
        f = dict.fromkeys(("task", "resource", "date", "start", "end", "limit", "window"), "")
        f["code"] = v.code
        index = day_of.get(v.where)
        if index is None and v.where in served:
            f["task"] = v.where
            index, step = served[v.where]
            f["start"] = _clock(step.start)
            if v.where in tasks:
                f["window"] = _window(problem.windows_on(tasks[v.where], problem.vehicles[index]))
        elif index is None:
            f["task"] = v.where
        if index is not None:
            vehicle = problem.vehicles[index]
            f["resource"], f["date"] = vehicle.id, ctx.date_of(vehicle.day)
            steps = routes.get(index) or []
            if steps and v.code == "shift":
                f["start"], f["end"] = _clock(steps[0].departure), _clock(steps[-1].arrival)
                f["window"] = _window([(vehicle.shift_start, vehicle.shift_end)])
            elif steps and v.code == "max_work" and vehicle.max_work is not None:
                f["end"], f["limit"] = _length(steps[-1].arrival - steps[0].departure), _length(vehicle.max_work)
        out.append(f)
    return out


def of_folder(folder: Path) -> list[Finding]:
    """What breaks in a plan folder as written (a new plan, a re-planned week)."""
    st, problem, solution, found = verify(folder)
    return describe(problem, solution, st.ctx, found)


_CODES = {  # checker code -> text key; a code not listed is worded by finding_other
    "window": "finding_window",
    "pin": "finding_pin",
    "day": "finding_day",
    "skill": "finding_skill",
    "shift": "finding_shift",
    "max_work": "finding_max_work",
    "break": "finding_break",
    "arrival": "finding_arrival",
    "service": "finding_service",
    "served_twice": "finding_served_twice",
    "lost_task": "finding_lost_task",
    "unknown_task": "finding_unknown_task",
    "capacity": "finding_capacity",
    "route_ends": "finding_route_ends",
    "step_times": "finding_step_times",
}


def text(f: Finding, lang: str) -> str:
    """One finding as a sentence: who and when, once, then what breaks."""
    if "message" in f:  # stored before findings were kept as data: the checker's own French sentence
        return f"{f.get('where', '')} : {f['message']}"
    day = day_label(dt.date.fromisoformat(f["date"]), lang) if f.get("date") else ""
    who = " · ".join(x for x in (f.get("task", ""), f.get("resource", ""), day) if x)
    key = _CODES.get(f.get("code", ""), "finding_other")
    if key == "finding_window" and not f.get("window"):
        key = "finding_window_none"  # no window at all that day: the tenant is not available then
    params = {k: f.get(k, "") for k in ("start", "end", "limit", "window")}
    return tr("finding_line", lang, who=who, what=tr(key, lang, **params))

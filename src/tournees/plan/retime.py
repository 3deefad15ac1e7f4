"""Re-time a plan folder a planner edited by hand: same engine timing, new times, what breaks.

The planner reorders visits in ``visits.csv`` (the ``seq`` numbers; a decimal such as 2.5
slips a visit between 2 and 3) or moves them to another day or resource (``date``,
``resource_id``). The engine problem is rebuilt from ``plan.json`` (matrix, shifts, breaks,
tasks and their windows), every route is timed again with the engine's own rules
(:func:`tournees.engine.schedule.timed_steps`), and the folder is rewritten. A route that
cannot keep its windows or its shift is still timed (windows set aside) so the planner sees
it, and the broken rules are listed. Bad edits (unknown resource, day, task, or a task
twice) are refused before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from tournees.engine import DAY, Break, Problem, Route, Solution, Step, Task, Vehicle
from tournees.engine.schedule import timed_steps
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.plan.export import UNASSIGNED_COLUMNS, VISIT_COLUMNS, PlanContext, kpis, plan_rows
from tournees.plan.folder_files import read_plan_csv, read_plan_json

# (start, length, window, the resource's shift) -> announced slot
SlotRule = Callable[[int, int, tuple[int, int] | None, tuple[int, int]], tuple[int, int]]


@dataclass
class Retimed:
    problem: Problem
    solution: Solution
    context: PlanContext
    rows: list[dict[str, Any]]
    unassigned: list[dict[str, str]]
    breaks: list[str] = field(default_factory=list)  # what no longer holds (French)
    new_slots: list[dict[str, str]] = field(default_factory=list)  # visits whose announced slot must be told again
    shifts: dict[str, int] = field(
        default_factory=dict
    )  # session id -> seconds it moved (écrivain appointments follow)


def _seconds(days: list[dt.date], stamp: str) -> int | None:
    moment = dt.datetime.fromisoformat(stamp)
    if moment.date() not in days:
        return None
    return days.index(moment.date()) * DAY + moment.hour * 3600 + moment.minute * 60 + moment.second


VISIT_KEYS = ("resource_id", "date", "seq", "kind", "task_id")  # what re-timing reads of visits.csv
ROW_KINDS = ("start", "end", "break", "visit", "session")
_PLAN_TIMES = ("start", "slot_start", "slot_end")  # read from plan.json's copy of the visits


def _seq(value: str) -> float | None:
    """A ``seq`` as a spreadsheet may write it (``2,5`` with a French decimal comma); None if not a finite number."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _date(value: str) -> str | None:
    """An ISO date, also read as French Excel re-saves it (``24/11/2026``); None if not a date."""
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return None


def _read_visits(folder: Path, lang: str | None) -> list[tuple[int, dict[str, str]]]:
    return read_plan_csv(folder, "visits.csv", VISIT_KEYS, lang)[1]


def _read_appointments(folder: Path, lang: str | None) -> tuple[list[str], list[dict[str, str]]] | None:
    """The écrivain's appointments.csv (None when the plan has none), its times checked before anything is written."""
    if not (folder / "appointments.csv").exists() and not (folder / "appointments.csv").is_symlink():
        return None
    header, rows = read_plan_csv(folder, "appointments.csv", ("session_id", "start", "end"), lang)
    problems = []
    for line, row in rows:
        for key in ("start", "end"):
            try:
                dt.datetime.fromisoformat(row[key])
            except ValueError:
                problems.append(t("docs_rt_appointment", lang, row=line, field=key, value=row[key]))
    if problems:
        raise ValidationError(t("docs_rt_refused", lang, problems="\n  - ".join(problems)))
    return header, [row for _, row in rows]


def _plan_visits(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """plan.json's copy of the served visits by task id (KeyError or ValueError when edited beyond reading)."""
    out = {}
    for r in plan.get("visits", []):
        if r["kind"] in ("visit", "session") and r["task_id"]:
            missing = [k for k in ("resource_id", "date", *_PLAN_TIMES) if k not in r]
            if missing:
                raise KeyError(missing[0])
            for key in _PLAN_TIMES:
                if r[key]:
                    dt.datetime.fromisoformat(r[key])
            out[str(r["task_id"])] = r
    return out


def _some(ids: Sequence[str], shown: int = 10) -> str:
    """At most ``shown`` ids, then how many more."""
    return ", ".join(ids[:shown]) + (f" … (+{len(ids) - shown})" if len(ids) > shown else "")


def rebuild(plan: dict[str, Any]) -> tuple[Problem, PlanContext, dict[tuple[str, str], int], list[dt.date]]:
    """The engine problem of a plan folder, from plan.json alone; vehicles keyed by (resource, date)."""
    matrix = plan["matrix"]
    ids: list[str] = list(matrix["location_ids"])
    index = {lid: i for i, lid in enumerate(ids)}
    coords: dict[str, tuple[float, float]] = {}
    for row in plan.get("visits", []):
        if row["location_id"] and row["lat"] != "":
            coords[row["location_id"]] = (float(row["lat"]), float(row["lon"]))
    days = sorted({dt.date.fromisoformat(r["date"]) for r in plan["resources"]})
    depots: dict[str, str] = {}
    for row in plan.get("visits", []):
        if row["kind"] == "start" and row["location_id"]:
            depots.setdefault(row["resource_id"], row["location_id"])
    vehicles: list[Vehicle] = []
    keys: dict[tuple[str, str], int] = {}
    for r in sorted(plan["resources"], key=lambda r: (r["date"], r["resource_id"])):
        depot = depots.get(r["resource_id"])
        if depot is None or depot not in index:
            continue  # a resource that never left its depot in this plan: no place known to start from
        at = index[depot]
        day = days.index(dt.date.fromisoformat(r["date"]))
        breaks = tuple(
            Break(b["duration_s"], _seconds(days, b["earliest"]), _seconds(days, b["latest"]))  # type: ignore[arg-type]
            for b in r["breaks"]
        )
        keys[(r["resource_id"], r["date"])] = len(vehicles)
        vehicles.append(
            Vehicle(
                id=r["resource_id"],
                day=day,
                start=at,
                end=at,
                shift_start=_seconds(days, r["shift_start"]),  # type: ignore[arg-type]
                shift_end=_seconds(days, r["shift_end"]),  # type: ignore[arg-type]
                breaks=breaks,
                max_work=r.get("max_work_s"),  # type: ignore[arg-type]
                skills=frozenset(r.get("skills", ())),
            )
        )
    was = {r["task_id"]: r for r in plan.get("visits", []) if r["kind"] in ("visit", "session") and r["task_id"]}
    tasks = []
    for x in plan["tasks"]:
        spans = x.get("windows", [])
        if (
            x.get("pinned") and x["task_id"] in was
        ):  # a confirmed appointment or a workshop: its announced time is its window
            row = was[x["task_id"]]
            whole = (
                row["slot_start"] == row["start"] and row["slot_end"] == row["end"]
            )  # the slot is the event itself (workshop)
            spans = (
                [[row["slot_start"], row["slot_start"] if whole else row["slot_end"]]]
                if row["slot_start"]
                else [[row["start"], row["start"]]]
            )
        windows = tuple(
            (a, b)
            for a, b in ((_seconds(days, w[0]), _seconds(days, w[1])) for w in spans)
            if a is not None and b is not None
        )
        tasks.append(
            Task(
                id=x["task_id"],
                location=index[x["location_id"]],
                duration=int(x["service_s"]),
                windows=windows,
                skills=frozenset(x.get("skills", ())),
            )
        )
    problem = Problem(np.array(matrix["durations_s"]), np.array(matrix["distances_m"]), vehicles, tasks)
    kinds = {r["task_id"]: r["kind"] for r in plan.get("visits", []) if r["kind"] == "session"}
    ctx = PlanContext(
        plan["service"], days[0], ids, [coords.get(i, (0.0, 0.0)) for i in ids], task_kinds=kinds, days=days
    )
    return problem, ctx, keys, days


def time_route(problem: Problem, vehicle: int, order: Sequence[Task]) -> tuple[list[Step] | None, bool]:
    """The engine's timing of ``order`` on one resource-day, and whether it keeps every window and the shift.

    When it cannot, the order is kept and timed with windows and pins set aside and the day running to
    midnight (breaks under their own rule), so that the planner sees the day and the checker says what
    breaks; None when even that fails. ``tournees retime`` and the web application's moves share it."""
    steps = timed_steps(problem, vehicle, order)
    if steps is not None:
        return steps, True
    v = problem.vehicles[vehicle]
    vehicles = list(problem.vehicles)
    vehicles[vehicle] = replace(v, shift_end=v.day * DAY + DAY - 1, max_work=None)
    loose = replace(problem, vehicles=vehicles)
    return timed_steps(loose, vehicle, [replace(x, windows=(), pin=None) for x in order]), False


def retime(
    folder: str | Path, *, slot_rule: SlotRule | None = None, lang: str | None = None, allow_drop: bool = False
) -> Retimed:
    """Time the edited routes of ``folder`` again (nothing is written: see :func:`write_retimed`).

    Refused (:class:`ValidationError`, every problem named) when a file is not one a spreadsheet
    could have saved from the plan, and when visits the plan served are no longer in visits.csv,
    unless ``allow_drop``: then they go to unassigned.csv and the result says so."""
    path = Path(folder)
    plan = read_plan_json(path, lang)
    try:
        problem, ctx, keys, days = rebuild(plan)
        before = _plan_visits(plan)
    except KeyError as exc:
        detail = t("docs_pf_json_key", lang, key=exc.args[0])
        raise ValidationError(t("docs_pf_json_content", lang, detail=detail)) from None
    except (TypeError, ValueError, IndexError, AttributeError):
        raise ValidationError(t("docs_pf_json_content", lang, detail=t("docs_pf_json_value", lang))) from None
    visits = _read_visits(path, lang)
    _read_appointments(path, lang)
    tasks = {x.id: x for x in problem.tasks}
    errors: list[str] = []
    routes: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    seen: dict[str, int] = {}
    for line, row in visits:
        where = t("docs_rt_line", lang, n=line)
        if row["kind"] not in ROW_KINDS:
            errors.append(t("docs_rt_kind", lang, where=where, value=row["kind"]))
            continue
        if row["kind"] not in ("visit", "session"):
            continue  # starts, ends and breaks are placed again by the timing
        date, seq = _date(row["date"]), _seq(row["seq"])
        key = (row["resource_id"], date or row["date"])
        if row["task_id"] not in tasks:
            errors.append(t("docs_rt_unknown_task", lang, where=where, task=row["task_id"]))
        elif row["task_id"] in seen:
            errors.append(t("docs_rt_twice", lang, where=where, task=row["task_id"], first=seen[row["task_id"]]))
        elif date is None:
            errors.append(t("docs_rt_date", lang, where=where, value=row["date"]))
        elif seq is None:
            errors.append(t("docs_rt_seq", lang, where=where, value=row["seq"]))
        elif key not in keys:
            errors.append(t("docs_rt_not_working", lang, where=where, resource=row["resource_id"], date=row["date"]))
        else:
            seen[row["task_id"]] = line
            routes.setdefault(key, []).append((seq, line, row["task_id"]))
    if errors:
        raise ValidationError(t("docs_rt_refused", lang, problems="\n  - ".join(errors)))
    dropped = sorted(set(before) - set(seen))
    if dropped and not allow_drop:  # an emptied, cut or foreign visits.csv must not launder the plan
        raise ValidationError(
            t("docs_rt_refused", lang, problems=t("docs_rt_dropped", lang, n=len(dropped), tasks=_some(dropped)))
        )
    out_routes, breaks, new_slots, shifts = [], [], [], {}
    if dropped:
        breaks.append(t("docs_rt_dropped_allowed", lang, n=len(dropped), tasks=_some(dropped)))
    if plan["tasks"] and not any("windows" in x for x in plan["tasks"]):
        breaks.append(t("docs_rt_no_windows", lang))
    for key, items in sorted(routes.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        vi = keys[key]
        v = problem.vehicles[vi]
        order = [tasks[task_id] for _, _, task_id in sorted(items)]
        steps, holds = time_route(problem, vi, order)
        if not holds:
            breaks.append(
                t("docs_rt_order_breaks", lang, resource=v.id, date=key[1])
            )
        if steps is None:
            raise ValidationError(t("docs_rt_untimeable", lang, resource=v.id, date=key[1]))
        out_routes.append(Route(vi, steps))
        for step in steps:
            if step.kind != "visit" or step.task_id is None:
                continue
            old = before.get(step.task_id)
            if old is not None and old["kind"] == "session":
                shifts[step.task_id] = step.start - _seconds(days, old["start"])  # type: ignore[operator]
            if old is None or not old["slot_start"]:
                continue
            a, b = _seconds(days, old["slot_start"]), _seconds(days, old["slot_end"])
            if (
                a is not None
                and b is not None
                and a <= step.start <= b
                and old["date"] == key[1]
                and old["resource_id"] == key[0]
            ):
                ctx.slots = {**ctx.slots, step.task_id: (a, b)}  # the promise still holds
                continue
            length = (b - a) if a is not None and b is not None else 7200
            window = next(
                ((lo, hi) for lo, hi in problem.windows_on(tasks[step.task_id], v) if lo <= step.start <= hi), None
            )
            shift = (v.shift_start, v.shift_end)
            slot = slot_rule(step.start, length, window, shift) if slot_rule else (step.start, step.start + length)
            ctx.slots = {**ctx.slots, step.task_id: slot}
            new_slots.append(
                {
                    "task_id": step.task_id,
                    "old": f"{old['resource_id']} {old['slot_start'][:16]}–{old['slot_end'][11:16]}",
                    "new": f"{v.id} {ctx.when(slot[0])[:16]}–{ctx.when(slot[1])[11:16]}",
                }
            )
            if old.get("pinned") in ("1", 1, True):
                breaks.append(t("docs_rt_pinned_moved", lang, task=step.task_id, slot=old["slot_start"][:16]))
    solution = Solution(out_routes, [], engine="retime", seed=int(plan.get("seed") or 0), runtime_s=0.0)
    rows = plan_rows(problem, solution, ctx)
    for row in rows:  # the window that applies that day, even when the timing had to set it aside
        if row["kind"] in ("visit", "session") and not row["window_start"] and tasks[row["task_id"]].windows:
            on_day = [w for w in tasks[row["task_id"]].windows if ctx.date_of(w[0] // DAY) == row["date"]]
            if on_day:
                row["window_start"], row["window_end"] = (
                    ctx.when(on_day[0][0]),
                    ctx.when(on_day[0][1] + tasks[row["task_id"]].duration),
                )
    served = {r["task_id"] for r in rows if r["task_id"]}
    left = [u for u in plan.get("unassigned", []) if u["task_id"] not in served]
    known = {u["task_id"] for u in left}
    for task_id in sorted(set(tasks) - served - known):
        left.append(
            {
                "service": plan["service"],
                "task_id": task_id,
                "reason_code": "removed_by_planner",
                "reason": t("docs_rt_removed", lang),
            }
        )
    solution.unassigned = []
    return Retimed(problem, solution, ctx, rows, left, breaks, new_slots, shifts)


def write_retimed(folder: str | Path, result: Retimed) -> Path:
    """Rewrite visits.csv, unassigned.csv, plan.json (and écrivain appointments) of ``folder``."""
    path = Path(folder)
    plan = read_plan_json(path)
    with (path / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(result.rows)
    with (path / "unassigned.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=UNASSIGNED_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(result.unassigned)
    figures = kpis(result.problem, result.solution)
    by_reason: dict[str, int] = {}
    for u in result.unassigned:
        by_reason[u["reason_code"]] = by_reason.get(u["reason_code"], 0) + 1
    figures.update(tasks_left_out=len(result.unassigned), left_out_by_reason=by_reason)
    plan["kpis"] = {**plan.get("kpis", {}), **figures, "retimed": True}
    plan["visits"], plan["unassigned"] = result.rows, result.unassigned
    plan["retimed"] = {"breaks": result.breaks, "new_slots": result.new_slots}
    (path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    appointments = _read_appointments(path, None)
    if appointments is not None:
        _shift_appointments(path / "appointments.csv", *appointments, result)
    return path


def _shift_appointments(path: Path, header: list[str], rows: list[dict[str, str]], result: Retimed) -> None:
    """Appointments follow their session when it moved in the day."""
    for row in rows:
        delta = result.shifts.get(row["session_id"], 0)
        if delta:
            for key in ("start", "end"):
                row[key] = (dt.datetime.fromisoformat(row[key]) + dt.timedelta(seconds=delta)).isoformat(
                    timespec="seconds"
                )
            if "date" in row:
                row["date"] = row["start"][:10]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

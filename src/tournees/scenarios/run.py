"""One scenario, start to end, on its own copy of the base in a temporary folder.

Week after week, as a planner would work: requests appear on the day they were received; the
week is planned on its Monday with the requests received before it (appointments confirmed),
then re-planned on each re-plan day with those received since (confirmed appointments kept in
their slots, urgent ones inserted); what the week's last plan serves is done before the next
week. A service that plans a horizon (the épicerie) is planned once over all the weeks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.errors import InputError, ValidationError
from tournees.model import PlanAppointment, PlanningRun
from tournees.plan.folder_files import read_plan_json
from tournees.plan.staging import staged_folder
from tournees.scenarios.changes import OPEN, REQUESTS, apply_changes, option_sections
from tournees.scenarios.figures import WeeklyCost, week_figures, weekly_cost
from tournees.scenarios.spec import WORKDAYS, Base, Scenario, option_fields
from tournees.services import registry
from tournees.services.base import PlanRequest, Service
from tournees.services.bricolage.rules import urgent_deadline
from tournees.settings import Settings

FAILED, DONE = "echec", "ok"


@dataclass(frozen=True)
class Job:
    """What a Dask task needs: the scenario, the sweep's base and the settings (data folder, roads, cache)."""

    base: Base
    scenario: Scenario
    settings: Settings


def _week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _plan(service: Service, db: Database, settings: Settings, base: Base, out: Path, monday: dt.date,
          *, weeks: int = 1, replan_from: dt.date | None = None, confirm_until: dt.date | None = None) -> Path:
    """Plan (or re-plan from ``replan_from``) into ``out``: the run and the appointments confirmed up to
    ``confirm_until`` are recorded with the folder, as ``tournees plan`` records them, without the documents
    analysts do not read."""
    options: dict[str, Any] = {}
    if service.replannable and confirm_until is not None:
        options["confirm_until"] = confirm_until.isoformat()
    if replan_from is not None:
        options["from_day"] = replan_from.isoformat()
    with staged_folder(out, transaction=db.writing, lang=settings.lang) as tmp:
        request = PlanRequest(db, settings, _week_label(monday), monday, tmp, weeks=weeks,
                              time_limit_s=base.time_limit_s, seed=base.seed, options=options)
        service.replan(request) if replan_from is not None else service.plan(request)
    return out


def _visits(folder: Path) -> list[dict[str, str]]:
    import csv

    with (folder / "visits.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class _Week:
    """The requests of a service as the scenario's weeks go by: hidden until received, done once served."""

    def __init__(self, db: Database, code: str, first_monday: dt.date) -> None:
        self.db, self.cls = db, REQUESTS.get(code)
        self.all = {r.request_id: r for r in db.load(self.cls)} if self.cls else {}
        self.hidden = {k: r for k, r in self.all.items() if r.status in OPEN and r.received_on >= first_monday}
        self._save([dataclasses.replace(r, status="cancelled") for r in self.hidden.values()])
        live = [r for r in self.all.values() if r.status in OPEN or r.request_id in self.hidden]
        self.received = {r.request_id: r.received_on for r in live}
        self.deadline = {r.request_id: urgent_deadline(r, 2) for r in live  # type: ignore[arg-type]
                         if getattr(r, "priority", None) == "urgent" or getattr(r, "urgent", False)}
        self.served: dict[str, dt.date] = {}

    def _save(self, records: list[Any]) -> None:
        with self.db.session() as session:
            for record in records:
                session.merge(record)

    def release(self, before: dt.date) -> None:
        """Requests received before ``before`` become known."""
        due = [r for r in self.hidden.values() if r.received_on < before]
        self._save(due)
        for r in due:
            del self.hidden[r.request_id]

    def done(self, served: Mapping[str, dt.date]) -> None:
        current = {r.request_id: r for r in self.db.load(self.cls)} if self.cls else {}
        self._save([dataclasses.replace(current[k], status="done") for k in served if k in current])
        self.served.update(served)


def _served(db: Database, rows: list[dict[str, str]], requests: set[str], code: str, week: str) -> dict[str, dt.date]:
    """Requests served by the week's last plan: visits, and appointments at venues (écrivain)."""
    served = {row["task_id"]: dt.date.fromisoformat(row["date"]) for row in rows
              if row["kind"] == "visit" and row["task_id"] in requests}
    runs = sorted((r.run_id for r in db.load(PlanningRun) if r.run_id.startswith(f"{code}-{week}-")),
                  key=lambda r: int(r.rsplit("-", 1)[1]))
    if runs:
        served |= {a.request_id: a.start.date() for a in db.load(PlanAppointment) if a.run_id == runs[-1]}
    return served


def scenario_settings(job: Job) -> Settings:
    fields = option_fields(job.base.service)
    return dataclasses.replace(job.settings, sections=option_sections(job.base, job.scenario.changes, fields))


def plan_scenario(job: Job, db: Database, work: Path) -> list[dict[str, Any]]:
    """The rows (one per week) of a scenario on ``db``, its own copy of the base."""
    base, service = job.base, registry.get(job.base.service)
    settings = scenario_settings(job)
    apply_changes(db, base, job.scenario.changes, settings.lang)
    cost = weekly_cost(db, base.service, base.staff_eur_month)
    resources = _resources(db, base)
    mondays = [base.first_monday + dt.timedelta(days=7 * w) for w in range(base.weeks)]
    rows: list[dict[str, Any]] = []
    if service.horizon_weeks:  # one plan over the horizon, its figures week by week
        folder = _plan(service, db, settings, base, work / "horizon", mondays[0], weeks=base.weeks)
        visits, kpis = _visits(folder), read_plan_json(folder, settings.lang).get("kpis", {})
        for monday in mondays:
            week = [r for r in visits if monday <= dt.date.fromisoformat(r["date"]) < monday + dt.timedelta(days=7)]
            stops = {f"{r['task_id']}@{r['date']}": dt.date.fromisoformat(r["date"])
                     for r in week if r["kind"] == "visit"}
            rows.append(_row(job, monday, week, stops, {}, {}, {}, resources, cost, kpis))
        return rows
    weeks = _Week(db, base.service, mondays[0])
    for monday in mondays:
        label = _week_label(monday)
        # each plan confirms the appointments up to the next re-plan; the days after stay open to urgent ones
        days = [monday + dt.timedelta(days=WORKDAYS.index(d)) for d in base.replan_days] if service.replannable else []
        ends = [d - dt.timedelta(days=1) for d in days] + [monday + dt.timedelta(days=6)]
        weeks.release(monday)
        folder = _plan(service, db, settings, base, work / label, monday, confirm_until=ends[0])
        for day, until in zip(days, ends[1:], strict=True):
            weeks.release(day)
            folder = _plan(service, db, settings, base, work / f"{label}-{WORKDAYS[day.weekday()]}", monday,
                           replan_from=day, confirm_until=until)
        visits = _visits(folder)
        served = _served(db, visits, set(weeks.all), base.service, label)
        kpis = read_plan_json(folder, settings.lang).get("kpis", {})
        rows.append(_row(job, monday, visits, served, weeks.received, weeks.deadline, dict(weeks.served),
                         resources, cost, kpis))
        weeks.done(served)
    return rows


def _resources(db: Database, base: Base) -> int:
    """Resources of the service at work in the study (those away all along do not count)."""
    from tournees.model import Absence, Staff

    last = base.first_monday + dt.timedelta(days=7 * base.weeks - 1)
    away = {a.resource_id for a in db.load(Absence) if a.first_day <= base.first_monday and a.last_day >= last}
    return sum(1 for s in db.load(Staff) if s.service == base.service and s.staff_id not in away)


def _row(job: Job, monday: dt.date, visits: list[dict[str, str]], served: Mapping[str, dt.date],
         received: Mapping[str, dt.date], deadline: Mapping[str, dt.date], before: Mapping[str, dt.date],
         resources: int, cost: WeeklyCost, kpis: Mapping[str, Any]) -> dict[str, Any]:
    base = job.base
    figures = week_figures(visits, served=served, received=received, urgent_deadline=deadline, served_before=before,
                           monday=monday, resources=resources, cost=cost, simulate_runs=base.simulate_runs,
                           seed=base.seed, kpis=kpis)
    return {**identity(job, _week_label(monday)), "status": DONE, "error": None, **figures}


def identity(job: Job, week: str | None) -> dict[str, Any]:
    """The columns that say which scenario and week a row is: its name, week and each change (lists as text)."""
    def shown(v: Any) -> Any:  # one type per column, so that Parquet takes it
        if isinstance(v, Mapping):
            return ";".join(f"{a}={b}" for a, b in sorted(v.items()))
        return ";".join(map(str, v)) if isinstance(v, list | tuple) else v

    changes = {k: shown(v) for k, v in job.scenario.changes.items()}
    return {"scenario": job.scenario.name, "week": week, **changes}


def run_scenario(job: Job, database: bytes) -> list[dict[str, Any]]:
    """A scenario's rows, on a copy of the base (``database``: the base file's bytes) in a temporary folder.

    Never raises: a scenario that fails gives one row with its status ``echec`` and the error, so the
    others of the sweep go on."""
    t0, cpu0 = time.monotonic(), time.process_time()
    with tempfile.TemporaryDirectory(prefix="tournees-scenario-") as tmp:
        work = Path(tmp)
        copy = work / "base.sqlite"
        copy.write_bytes(database)
        db = Database.existing(copy, job.settings.lang)
        try:
            rows = plan_scenario(job, db, work)
        except Exception as err:  # reported in the results with the others, never lost
            detail = f"{type(err).__name__}: {err}".strip()
            kind = "input" if isinstance(err, ValidationError | InputError) else "internal"  # who can fix it
            rows = [{**identity(job, None), "status": FAILED, "error": detail.splitlines()[0] if detail else "",
                     "error_kind": kind, "traceback": traceback.format_exc(limit=3)}]
        finally:
            db.dispose()
    # wall time, and the processor time it took (the two part on a machine busy with other work)
    seconds, cpu = round(time.monotonic() - t0, 2), round(time.process_time() - cpu0, 2)
    return [{**row, "scenario_seconds": seconds, "scenario_cpu_seconds": cpu} for row in rows]

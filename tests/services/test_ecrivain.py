"""The écrivain numérique planner on the demo week: the rules of fiche 10, checked from the outputs."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tournees.calendar import weekday_code
from tournees.db import Database
from tournees.engine import check
from tournees.model import EcrivainRequest, Residence, Tenant, VenueHours
from tournees.outputs.letters import write_calendar, write_letters
from tournees.plan import check_plan_folder
from tournees.services.ecrivain.planner import MOBILITY_LIMIT_MIN, EcrivainOptions, EcrivainPlanner
from tournees.settings import Settings


@pytest.fixture(scope="module")
def writer_week(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("ecrivain") / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    planner = EcrivainPlanner(Database.open(path), replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"),
                              EcrivainOptions(time_limit_s=6, workers=1))
    plan = planner.plan(dt.date(2026, 11, 23))
    folder = planner.write(plan, tmp_path_factory.mktemp("out") / "ecrivain", week_label="2026-W48")
    write_calendar(folder, planner.db)
    write_letters(folder, planner.db)
    return planner, plan, folder


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_appointments_sessions_hours_and_travel(writer_week) -> None:
    planner, plan, folder = writer_week
    sessions = {r["task_id"]: r for r in _csv(folder / "visits.csv") if r["kind"] == "session"}
    appointments = _csv(folder / "appointments.csv")
    assert sessions and appointments
    hours = planner.db.load(VenueHours)
    for s in sessions.values():  # every session inside its venue's opening hours
        start, end = dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"])
        assert any(h.venue_id == s["location_id"] and h.weekday == weekday_code(start.date()) and h.opens <= start.time()
                   and end.time() <= h.closes for h in hours)
    requests = {r.request_id: r for r in planner.db.load(EcrivainRequest)}
    tenants = {t.tenant_id: t for t in planner.db.load(Tenant)}
    for a in appointments:  # every appointment inside a session, every trip within the tenant's limit
        s = sessions[a["session_id"]]
        assert s["start"] <= a["start"] < a["end"] <= s["end"]
        r = requests[a["request_id"]]
        limit = r.max_travel_min or MOBILITY_LIMIT_MIN[tenants[r.tenant_id].mobility]
        assert int(a["travel_s_tenant"]) <= limit * 60
    by_session: dict[str, list[tuple[str, str]]] = {}
    for a in appointments:
        by_session.setdefault(a["session_id"], []).append((a["start"], a["end"]))
    for slots in by_session.values():  # no two appointments at once
        slots.sort()
        assert all(b[0] >= a[1] for a, b in zip(slots, slots[1:], strict=False))
    kpis = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["kpis"]
    assert kpis["writer_hours_used"] <= kpis["writer_hours_available"]  # the week, reporting half-day kept aside
    assert not any(dt.date.fromisoformat(s["date"]).weekday() == 4 and s["start"][11:13] >= "12" for s in sessions.values())


def test_home_visits_and_routes_pass_the_engine_checker(writer_week) -> None:
    _, plan, folder = writer_week
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    assert plan.kpis["home_visits"] >= 1


def test_requests_not_served_come_back_with_a_reason(writer_week) -> None:
    planner, plan, folder = writer_week
    served = {a["request_id"] for a in _csv(folder / "appointments.csv")}
    served |= {r["task_id"] for r in _csv(folder / "visits.csv") if r["kind"] == "visit"}
    left = {r["task_id"]: r for r in _csv(folder / "unassigned.csv")}
    asked = {r.request_id for r in planner.db.load(EcrivainRequest)}
    assert asked == served | (set(left) & asked) and not served & set(left)
    assert all(left[t]["reason"] for t in left)


def test_public_calendar_and_letters_carry_no_personal_data(writer_week) -> None:
    planner, _, folder = writer_week
    ics = (folder / "permanences.ics").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics and "Permanence de l'écrivain numérique" in ics
    letters = (folder / "courriers.html").read_text(encoding="utf-8")
    home = [r for r in _csv(folder / "visits.csv") if r["kind"] == "visit"]
    assert letters.count("class='letter'") == len(_csv(folder / "appointments.csv")) + len(home)
    assert "Pensez à apporter" in letters
    public = ics + (folder / "permanences.html").read_text(encoding="utf-8")
    for tenant in planner.db.load(Tenant):
        assert tenant.tenant_id not in public
        if tenant.phone:
            assert tenant.phone not in letters and tenant.phone not in public
    assert "GIR" not in letters + public and "LOC-" not in letters
    assert not re.search(r"\b[12]\d{12}\b", letters)  # nothing shaped like a NIR
    assert not any(r.address in public for r in planner.db.load(Residence))


def test_same_seed_and_workers_same_writer_week(writer_week, settings: Settings, tmp_path: Path) -> None:
    planner, plan, _ = writer_week
    again = EcrivainPlanner(planner.db, replace(settings, cache_dir=tmp_path / "cache"),
                            EcrivainOptions(time_limit_s=6, workers=2)).plan(dt.date(2026, 11, 23))
    twice = EcrivainPlanner(planner.db, replace(settings, cache_dir=tmp_path / "cache"),
                            EcrivainOptions(time_limit_s=6, workers=2)).plan(dt.date(2026, 11, 23))
    steps = [[(r.vehicle, s.task_id, s.start) for s in r.steps] for r in again.solution.routes]
    assert steps == [[(r.vehicle, s.task_id, s.start) for s in r.steps] for r in twice.solution.routes]


def test_a_replan_keeps_the_appointments_given_and_fills_around_them(
    demo_db: Path, settings: Settings, tmp_path: Path
) -> None:
    """Re-planning a week after phone calls (issue #27): every appointment already given keeps its session and its
    time, even where a call-off left a hole before it; the new request is booked around them or told why not."""
    from tournees.services.ecrivain.planner import Kept

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    db = Database.open(path)
    planner = EcrivainPlanner(db, replace(settings, cache_dir=tmp_path / "cache"), EcrivainOptions(time_limit_s=6, workers=1))
    first = planner.plan(dt.date(2026, 11, 23))
    at = {a.request_id: a for a in first.appointments}
    openers = {min((a for a in first.appointments if a.session_id == s.session_id), key=lambda a: a.start).request_id
               for s in first.sessions if any(a.session_id == s.session_id for a in first.appointments)}
    # each session's first appointment was called off: the others keep their times, a hole opens before them
    keep = [Kept(a.request_id, a.session_id, dt.datetime.fromisoformat(first.context.when(a.start)))
            for a in first.appointments if a.request_id not in openers]
    assert keep and openers
    with db.session() as s:
        s.add(replace(db.load(EcrivainRequest)[0], request_id="ECR-PHONE", urgent=True, status="received"))
    again = planner.plan(dt.date(2026, 11, 23), keep=keep)
    now = {a.request_id: a for a in again.appointments}
    for k in keep:
        assert (now[k.request_id].session_id, now[k.request_id].start) == (at[k.request_id].session_id, at[k.request_id].start)
    assert again.kpis["appointments_kept"] == len(keep)
    sessions = {s.session_id: s for s in again.sessions}
    for sid, s in sessions.items():
        mine = sorted((a.start, a.end) for a in again.appointments if a.session_id == sid)
        assert all(s.start <= a and b <= s.end for a, b in mine)
        assert all(b <= c for (_, b), (c, _) in zip(mine, mine[1:], strict=False)), sid  # no two at once
    left = {u.task_id for u in again.solution.unassigned}
    assert "ECR-PHONE" in now or "ECR-PHONE" in left or any("ECR-PHONE" in r.task_ids for r in again.solution.routes)

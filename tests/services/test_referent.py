"""Référent seniors (fiche 2): due dates, fragile tenants more often, signals first, even weeks, one référent each."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tournees.services import registry
from tournees.services.referent.campaign import Senior, cut_weeks, due_visits
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)


def test_due_dates_fragile_more_often_first_interviews_spread_signals_within_days() -> None:
    seniors = [
        Senior("A", "R", fragile=False, last_visit=dt.date(2026, 1, 10)),
        Senior("B", "R", fragile=True, last_visit=dt.date(2026, 9, 1)),
        *(Senior(f"N{i}", "R", fragile=False, last_visit=None) for i in range(4)),
        Senior("S", "R", fragile=True, last_visit=dt.date(2026, 11, 1), signalled=dt.date(2026, 11, 20)),
    ]
    due = {v.tenant_id: v for v in due_visits(seniors, MONDAY, per_year=1, fragile_per_year=3, signal_days=5)}
    assert due["A"].due == dt.date(2027, 1, 10) and not due["A"].first  # once a year
    assert due["B"].due == dt.date(2026, 9, 1) + dt.timedelta(days=121)  # three times a year
    firsts = sorted(due[f"N{i}"].due for i in range(4))
    assert all(due[f"N{i}"].first for i in range(4))
    assert firsts[0] == MONDAY and firsts[-1] > MONDAY + dt.timedelta(days=200)
    assert due["S"].signal and due["S"].due == dt.date(2026, 11, 26)  # 5 working days from Friday 20th: Thursday 26th


def test_weeks_hold_the_visiting_hours_and_say_what_is_late() -> None:
    seniors = [Senior(f"T{i:02d}", "R", fragile=False, last_visit=MONDAY - dt.timedelta(days=365)) for i in range(10)]
    due = due_visits(seniors, MONDAY, per_year=1, fragile_per_year=3, signal_days=5)  # all due on MONDAY
    weeks = cut_weeks(due, [MONDAY, MONDAY + dt.timedelta(days=7)], {"R": 4 * 3600}, {True: 5400, False: 3600},
                      {"R": 10 * 3600 * 52})
    assert [len(w.visits["R"]) for w in weeks] == [4, 4]  # four hours a week, never more
    assert len(weeks[0].late) == 6 and len(weeks[1].late) == 2  # the rest is late, and said so


def test_registered_by_one_line_and_plans_the_demo(demo_db: Path, settings: Settings, tmp_path: Path) -> None:
    from tournees.cli.plan import demo_settings
    from tournees.db import Database
    from tournees.services.referent.params import ReferentOptions
    from tournees.services.referent.planner import ReferentPlanner

    assert "referent" in registry.codes()
    db_path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, db_path)
    db = Database.open(db_path)
    planner = ReferentPlanner(db, demo_settings(settings), ReferentOptions(time_limit_s=2))
    plan = planner.plan(MONDAY, 2)
    by_tenant = {row["tenant_id"]: row for row in plan.campaign}
    assert plan.kpis["visits_planned"] > 0 and plan.kpis["due_met"] >= 1
    assert all(row["reason"] or row["planned_on"] for row in plan.campaign)  # never missed without a reason
    assert any(row["reason"] == "no_referent" for row in plan.campaign)  # the Somme: no référent on that network
    for route in plan.solution.routes:  # each visit with the tenant's own référent
        for step in route.steps:
            if step.kind == "visit":
                assert plan.problem.vehicles[route.vehicle].id == plan.visits[step.task_id].referent
    again = ReferentPlanner(db, demo_settings(settings), ReferentOptions(time_limit_s=2)).plan(MONDAY, 2)
    assert {r["tenant_id"]: r["referent"] for r in again.campaign} == {k: v["referent"] for k, v in by_tenant.items()}


def test_a_signal_is_inserted_in_the_published_week_keeping_its_visits(
        demo_db: Path, settings: Settings, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import csv

    from tournees.cli import main
    from tournees.db import Database
    from tournees.model import PlanStep, ReferentSignal, Tenant

    db_path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, db_path)
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    base = ["--demo", "--db", str(db_path), "--week", "2026-W48", "--time-limit", "2"]
    assert main(["plan", "referent", *base, "--weeks", "2", "--out", str(tmp_path / "p1")]) == 0
    with (tmp_path / "p1" / "annonces.csv").open(encoding="utf-8") as fh:
        by_mail = [r for r in csv.DictReader(fh) if r["announce"] == "courrier"]
    letters = (tmp_path / "p1" / "courriers.html").read_text(encoding="utf-8")
    assert by_mail and letters.count("class='letter'") == len(by_mail)  # the others are called
    assert "GIR" not in letters and "fragile" not in letters
    db = Database.open(db_path)
    first = {s.task_id: s for s in db.load(PlanStep) if s.kind == "visit" and s.date <= dt.date(2026, 11, 29)}
    visited = {tid[4:-9] for tid in first}
    orleans = [x.tenant_id for x in db.load(Tenant)
               if x.residence_id.startswith("RES-0") and x.tenant_id not in visited]
    signals = tmp_path / "referent_signals.csv"
    with signals.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["signal_id", "tenant_id", "on", "kind"],
                                  ["SIG-1", orleans[0], "2026-11-23", "retour_hospitalisation"]])
    capsys.readouterr()
    code = main(["replan", "referent", *base, "--add-requests", str(signals), "--out", str(tmp_path / "p2")])
    out, err = capsys.readouterr()
    assert code == 0 and "retour_hospitalisation" not in out + err, out + err  # health data never said
    assert len(db.load(ReferentSignal)) == 1
    with (tmp_path / "p2" / "visits.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_task = {r["task_id"]: r for r in rows if r["kind"] == "visit"}
    new = [tid for tid in by_task if tid[4:-9] == orleans[0]]
    assert new and by_task[new[0]]["date"] <= "2026-11-30"  # within 5 working days of the signal
    for tid, step in first.items():  # every confirmed visit kept: same référent, day and slot
        row = by_task[tid]
        assert row["resource_id"] == step.resource_id and row["date"] == step.date.isoformat()
        assert row["slot_start"] == step.slot_start.isoformat() and row["slot_end"] == step.slot_end.isoformat()

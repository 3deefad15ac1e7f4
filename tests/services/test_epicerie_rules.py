"""Épicerie mobile rules (fiche 4): communes that asked keep a stop, coverage by one's own mobility,
sensible van days, service frequency and the cost of a van and its driver."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tournees.db import Database
from tournees.model import Tenant
from tournees.services.epicerie.calendar import StopSpec
from tournees.services.epicerie.coverage import coverage_figures
from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlanner, asked_stops
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
FLUY = "80320"  # named case: a fortnightly commune whose one senior without a car was left uncovered


@pytest.fixture(scope="module")
def grocery(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("epicerie-rules") / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    planner = EpiceriePlanner(
        Database.open(path),
        replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"),
        EpicerieOptions(weeks=4),
    )
    return planner, planner.plan(MONDAY)


def test_a_commune_that_asked_keeps_a_stop_while_a_senior_without_a_car_is_not_covered(grocery) -> None:
    planner, plan = grocery
    assert FLUY in set(plan.calendar["insee_code"])
    people = plan.coverage.merge(
        pd.DataFrame([(t.tenant_id, t.has_car) for t in planner.db.load(Tenant)], columns=["tenant_id", "has_car"]),
        on="tenant_id",
    )
    needy = set(people[~people["covered"] & ~people["has_car"]]["insee_code"])
    stops = {s.stop_id: s.insee_code for s in planner.area(MONDAY).stops}
    assert not [u for u in plan.solution.unassigned if u.reason_code == "not_needed" and stops.get(u.task_id) in needy]


def test_asked_stops_picks_the_stop_reaching_most_seniors() -> None:
    people = pd.DataFrame(
        [("A", "R1", "1", False), ("B", "R2", "1", True), ("C", "R3", "2", False)],
        columns=["tenant_id", "residence_id", "insee_code", "has_car"],
    )
    reach = pd.DataFrame([("B", "S1b"), ("A", "S1a"), ("B", "S1a"), ("C", "S2")], columns=["tenant_id", "stop_id"])
    spec = StopSpec("S1a", "1", 0, 1800, "quinzaine", frozenset({"mar"}))
    specs = [spec, replace(spec, stop_id="S1b"), replace(spec, stop_id="S2", insee_code="2")]
    assert asked_stops(people, reach, specs, {"S2"}, need_power=False) == ["S1a"]  # A has no car and is not covered
    assert asked_stops(people, reach, specs, {"S2", "S1a"}, need_power=False) == []


def test_coverage_counts_only_ones_own_mobility(grocery) -> None:
    planner, plan = grocery
    cars = {t.tenant_id: t.has_car for t in planner.db.load(Tenant)}
    drivers = plan.coverage[plan.coverage["covered"] & (plan.coverage["mode"] == "voiture")]
    assert len(drivers) and all(cars[t] for t in drivers["tenant_id"])


def test_no_lone_short_day_while_van_days_are_idle(grocery) -> None:
    _, plan = grocery
    visits = [(plan.days[plan.problem.vehicles[r.vehicle].day], r) for r in plan.solution.routes if r.task_ids]
    per_week: dict[int, set[dt.date]] = {}
    for day, _ in visits:
        per_week.setdefault(day.isocalendar()[1], set()).add(day)
    for day, route in visits:
        stops = [s for s in route.steps if s.kind == "visit"]
        if len(stops) == 1 and stops[0].end - stops[0].start <= 1800:
            assert len(per_week[day.isocalendar()[1]]) >= 4, day  # a lone 30-min stop only on a full week


def test_frequency_and_costs_in_the_figures(grocery) -> None:
    _, plan = grocery
    k = plan.kpis
    assert k["covered_fortnightly_only"] > 0 and k["weekly_equivalent_coverage_pct"] < k["coverage_pct"]
    assert k["monthly_cost_eur"] == round(80_000 / 84 + 600 + 600 + 3_000, 2)  # fiche 4 van and costs, one driver
    table = pd.DataFrame(
        {
            "tenant_id": ["A", "B"],
            "weight": [1.0, 1.0],
            "covered": [True, True],
            "stop_id": ["W", "F"],
            "mode": ["pied", "pied"],
            "access_m": [100.0, 200.0],
            "access_s": [100, 200],
            "why": ["", ""],
        }
    )
    figures = coverage_figures(table, {"W": 1.0, "F": 0.5})  # named case: one weekly stop, one fortnightly
    assert figures["weekly_equivalent_coverage_pct"] == 75.0 and figures["coverage_pct"] == 100.0
    assert figures["visits_per_month_mean"] == round(0.75 * 52 / 12, 2)


def test_a_published_calendar_is_kept_when_planning_the_next_period(
    demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path / "locked.sqlite"
    shutil.copyfile(demo_db, path)
    fast = replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache")
    first = EpiceriePlanner(Database.open(path), fast, EpicerieOptions(weeks=2))
    published = first.plan(MONDAY)
    first.write(published, tmp_path / "w48", label="2026-W48_2w")
    told = {(r.stop_id, r.weekday, r.start) for r in published.calendar.itertuples()}
    # named case: every commune now prefers Wednesdays (a calendar computed afresh moves to that day)
    from tournees.model import GroceryCommune

    db = Database.open(path)
    with db.session() as session:
        for c in db.load(GroceryCommune):
            if "mer" not in c.excluded_days:
                session.merge(replace(c, preferred_days=("mer",)))
    nxt = EpiceriePlanner(db, fast, EpicerieOptions(weeks=2)).plan(MONDAY + dt.timedelta(weeks=2))
    assert told <= {(r.stop_id, r.weekday, r.start) for r in nxt.calendar.itertuples()}
    fresh = EpiceriePlanner(db, fast, EpicerieOptions(weeks=2, keep_published=False)).plan(
        MONDAY + dt.timedelta(weeks=2)
    )
    assert not told <= {(r.stop_id, r.weekday, r.start) for r in fresh.calendar.itertuples()}


def test_a_study_compares_calendars_free_of_the_published_one(demo_db: Path, settings: Settings) -> None:
    from tournees.services.epicerie.study import EpicerieStudy

    assert EpicerieStudy(Database.open(demo_db), settings).options.keep_published is False
    assert EpicerieStudy.open(str(demo_db)).options.keep_published is False
    assert EpicerieStudy.open(str(demo_db), keep_published=True).options.keep_published is True

"""The épicerie mobile planner: a stable calendar over four demo weeks, commune rules, coverage, holidays."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tournees.db import Database
from tournees.engine import check
from tournees.model import GroceryCommune
from tournees.plan import check_plan_folder
from tournees.services.epicerie.calendar import Cut, StopSpec, VanSpec, solve_calendar
from tournees.services.epicerie.check import check_epicerie_folder, recomputed_coverage
from tournees.services.epicerie.coverage import coverage_figures, coverage_of
from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlanner
from tournees.services.epicerie.study import ScenarioWarning
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
CODES = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]


@pytest.fixture(scope="module")
def grocery(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("epicerie") / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    planner = EpiceriePlanner(Database.open(path), replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"),
                              EpicerieOptions(weeks=4))
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path_factory.mktemp("out") / "epicerie", label="2026-W48_4w")
    return planner, plan, folder


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_four_weeks_pass_the_checkers(grocery) -> None:
    _, plan, folder = grocery
    assert check(plan.problem, plan.solution) == []
    assert check_plan_folder(folder) == []
    assert check_epicerie_folder(folder) == []
    dates = {r["date"] for r in _csv(folder / "visits.csv")}
    assert min(dates) >= "2026-11-23" and max(dates) <= "2026-12-19"
    assert plan.kpis["weeks"] == 4 and plan.kpis["stops_selected"] >= 10


def test_same_weekday_and_time_every_week(grocery) -> None:
    _, plan, folder = grocery
    seen: dict[tuple[str, str], set[str]] = {}
    weeks: dict[str, set[int]] = {}
    for row in _csv(folder / "visits.csv"):
        if row["kind"] != "visit":
            continue
        day = dt.date.fromisoformat(row["date"])
        seen.setdefault((row["location_id"], CODES[day.weekday()]), set()).add(row["start"][11:])
        weeks.setdefault(row["location_id"], set()).add(day.isocalendar()[1])
        assert row["start"][14:16] in {f"{m:02d}" for m in range(0, 60, 5)} and row["start"][17:] == "00", "announced on 5-minute marks"
    assert all(len(times) == 1 for times in seen.values())
    calendar = pd.read_csv(folder / "calendrier_communes.csv", dtype=str)
    frequency = dict(zip(calendar["arret_id"], calendar["frequence"], strict=False))
    for stop, served in weeks.items():
        expected = 2 if frequency[stop] == "quinzaine" else 4
        assert len(served) == expected, (stop, frequency[stop], served)
    bihebdo = calendar[calendar["frequence"] == "bihebdo"]
    for stop, rows in bihebdo.groupby("arret_id"):
        days = sorted(["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"].index(d) for d in rows["jour"])
        assert len(days) == 2 and days[1] - days[0] >= 2, stop


def test_commune_rules_hold(grocery) -> None:
    planner, _, folder = grocery
    communes = {c.insee_code: c for c in planner.db.load(GroceryCommune)}
    stops = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["stops"]
    for row in _csv(folder / "visits.csv"):
        if row["kind"] != "visit":
            continue
        c = communes[stops[row["location_id"]]]
        day = CODES[dt.date.fromisoformat(row["date"]).weekday()]
        assert day not in c.forbidden_days and day != c.market_day
        assert c.window_start.isoformat() <= row["start"][11:] and row["end"][11:] <= c.window_end.isoformat()


def test_coverage_recomputed_from_the_files_matches_plan_json(grocery) -> None:
    _, _, folder = grocery
    kpis = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["kpis"]
    again = recomputed_coverage(folder)
    assert again["seniors_covered"] == kpis["seniors_covered"]
    assert again["weighted_coverage_pct"] == pytest.approx(kpis["weighted_coverage_pct"])
    assert sum(kpis["not_covered_by_reason"].values()) == kpis["seniors"] - kpis["seniors_covered"]
    assert kpis["weekly_driving_distance_m"] > 0 and kpis["weekly_fuel_cost_eur"] > 0


def test_every_candidate_not_chosen_has_a_reason(grocery) -> None:
    planner, plan, folder = grocery
    chosen = set(plan.calendar["stop_id"])
    left = {r["task_id"]: r for r in _csv(folder / "unassigned.csv")}
    for stop in planner.area(MONDAY).stops:
        assert stop.stop_id in chosen or (stop.stop_id in left and left[stop.stop_id]["reason"])


def test_public_calendar_has_no_personal_data(grocery) -> None:
    _, _, folder = grocery
    for name in ("calendrier_communes.csv", "calendrier_communes.ics", "calendrier_communes.html"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "LOC-" not in text and "RES-" not in text and "gir" not in text.lower()
    ics = (folder / "calendrier_communes.ics").read_text(encoding="utf-8")
    visits = [r for r in _csv(folder / "visits.csv") if r["kind"] == "visit"]
    assert ics.count("BEGIN:VEVENT") == len(visits)


def test_planted_changes_are_caught(grocery, tmp_path: Path) -> None:
    _, _, folder = grocery
    copy = tmp_path / "plan"
    shutil.copytree(folder, copy)
    rows = _csv(copy / "visits.csv")
    visit = next(r for r in rows if r["kind"] == "visit")
    later = [r for r in rows if r["kind"] == "visit" and r["location_id"] == visit["location_id"] and r["date"] > visit["date"]][0]
    later["start"] = later["start"][:11] + "17:55:00"
    with (copy / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    problems = check_epicerie_folder(copy)
    assert any("heures différentes" in p for p in problems)
    plan = json.loads((copy / "plan.json").read_text(encoding="utf-8"))
    plan["kpis"]["seniors_covered"] += 1
    (copy / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    assert any("seniors_covered" in p for p in check_epicerie_folder(copy))


def test_holiday_moves_the_round_and_says_so(grocery) -> None:
    planner, _, _ = grocery
    plan = planner.plan(dt.date(2026, 12, 21))  # Christmas and New Year's Day fall on Fridays
    assert check(plan.problem, plan.solution) == []
    fridays = {m["date"]: m["moved_to"] for m in plan.moves}
    has_friday = any(d == "ven" for d in plan.calendar["weekday"])
    assert not has_friday or {"2026-12-25", "2027-01-01"} <= set(fridays)
    for moved_to in fridays.values():
        day = dt.date.fromisoformat(moved_to)
        assert CODES[day.weekday()] == "lun"  # the van's only free day in the week
    served_on = {r.vehicle: plan.problem.vehicles[r.vehicle].day for r in plan.solution.routes}
    assert all(plan.days[d] not in (dt.date(2026, 12, 25), dt.date(2027, 1, 1)) for d in served_on.values())


def test_same_input_same_calendar(grocery) -> None:
    planner, plan, _ = grocery
    again = EpiceriePlanner(planner.db, planner.settings, planner.options, area=planner.area(MONDAY)).plan(MONDAY)
    pd.testing.assert_frame_equal(plan.calendar, again.calendar)


# --- the calendar layer on a tiny made-up territory ------------------------------------------------


def _tiny(frequencies: list[str], weekdays: tuple[str, ...] = ("mar", "mer", "jeu", "ven")) -> tuple[list[StopSpec], list[VanSpec], np.ndarray]:
    n = len(frequencies) + 1
    pos = np.arange(n) * 600  # on a line, 10 min apart
    durations = np.abs(pos[:, None] - pos[None, :])
    stops = [StopSpec(stop_id=f"S{i}", insee_code=f"C{i}", location=i, dwell_s=3600, frequency=f, weekdays=frozenset(weekdays))
             for i, f in enumerate(frequencies, start=1)]
    van = VanSpec(van_id="V", depot=0, weekdays=weekdays, day_start=8 * 3600, day_end=12 * 3600, lunch_s=0)
    return stops, [van], durations


def test_calendar_patterns_follow_frequencies() -> None:
    stops, vans, durations = _tiny(["hebdo", "bihebdo", "quinzaine"])
    cal = solve_calendar(stops, vans, durations, [(1.0, [0]), (1.0, [1]), (1.0, [2])], time_limit_s=5, workers=1)
    assert set(cal.slots) == {"S1", "S2", "S3"} and cal.parities == 2
    weekly = cal.slots["S1"]
    assert len(weekly) == 2 and weekly[0][1] == weekly[1][1] and {weekly[0][2], weekly[1][2]} == {0, 1}
    twice = {d for _, d, _ in cal.slots["S2"]}
    assert len(twice) == 2 and abs(CODES.index(min(twice)) - CODES.index(max(twice))) >= 2
    assert len(cal.slots["S3"]) == 1


def test_calendar_prefers_the_heavier_seniors_when_the_week_is_full() -> None:
    stops, vans, durations = _tiny(["hebdo", "hebdo", "hebdo"], weekdays=("mar",))
    # one morning: room for two of the three stops (1 h each, up to 50 min of driving)
    cal = solve_calendar(stops, vans, durations, [(1.0, [0]), (3.0, [1]), (2.0, [2])], time_limit_s=5, workers=1)
    assert set(cal.slots) == {"S2", "S3"}
    cut = Cut(((cal.slots["S2"][0], frozenset({"S2", "S3"})),))
    again = solve_calendar(stops, vans, durations, [(1.0, [0]), (3.0, [1]), (2.0, [2])], cuts=[cut], time_limit_s=5, workers=1)
    assert set(again.slots) != {"S2", "S3"} and "S2" in again.slots


def test_calendar_respects_forbidden_days_and_power() -> None:
    stops, vans, durations = _tiny(["hebdo", "hebdo"])
    stops[0] = replace(stops[0], weekdays=frozenset({"jeu"}))
    stops[1] = replace(stops[1], needs_power_ok=False)
    vans = [replace(vans[0], needs_power=True)]
    cal = solve_calendar(stops, vans, durations, [(1.0, [0]), (1.0, [1])], time_limit_s=5, workers=1)
    assert {d for _, d, _ in cal.slots["S1"]} == {"jeu"} and "S2" not in cal.slots


def test_coverage_reasons() -> None:
    people = pd.DataFrame({"tenant_id": ["A", "B", "C", "D"], "residence_id": ["R"] * 4, "insee_code": ["1"] * 4, "weight": [1.0, 2.0, 3.0, 1.0]})
    reach = pd.DataFrame({"tenant_id": ["A", "B", "C"], "stop_id": ["S1", "S2", "S3"], "mode": ["pied"] * 3,
                          "access_m": [100.0, 200.0, 300.0], "access_s": [100, 200, 300], "weight": [1.0, 2.0, 3.0]})
    table = coverage_of(people, reach, {"S1"}, usable={"S1", "S2"})
    why = dict(zip(table["tenant_id"], table["why"], strict=True))
    assert why == {"A": "", "B": "capacity", "C": "stop_unsuitable", "D": "too_far"}
    figures = coverage_figures(table)
    assert figures["seniors_covered"] == 1 and figures["weighted_coverage_pct"] == pytest.approx(100 / 7, abs=0.01)


def test_analyst_study_coverage_what_if_and_curve(grocery) -> None:
    from tournees.services.epicerie.study import EpicerieStudy

    planner, plan, _ = grocery
    study = EpicerieStudy(planner.db, planner.settings, planner.options, first_monday=MONDAY)
    study.planner = EpiceriePlanner(planner.db, planner.settings, planner.options, area=planner.area(MONDAY))
    study._baseline = plan
    table, figures = study.coverage(plan.calendar)
    assert figures["seniors_covered"] == plan.kpis["seniors_covered"] and len(table) == len(study.seniors)
    assert study.share_within(60) == plan.kpis["coverage_pct"]
    with pytest.raises(ValueError, match="inconnus"):
        study.coverage(["ARR-999"])
    curve = study.coverage_curve(max_stops=3, time_limit=1.0)
    assert list(curve["max_stops"]) == [1, 2, 3]
    assert curve["weighted_coverage_pct"].is_monotonic_increasing and curve["weighted_coverage_pct"].iloc[-1] > 0
    with pytest.warns(ScenarioWarning):  # doubled dwell times lose stops: the study says why (issue #26 item 15)
        longer = study.what_if(dwell_factor=2.0)
    assert longer.loc["weighted_coverage_pct", "scenario"] <= longer.loc["weighted_coverage_pct", "baseline"]
    assert set(longer.columns) == {"baseline", "scenario", "difference"}


def test_public_calendar_in_english(grocery, tmp_path: Path) -> None:
    from tournees.services.epicerie.documents import write_public_calendar

    planner, plan, _ = grocery
    write_public_calendar(tmp_path, plan, "Public holiday rule.", "en")
    page = (tmp_path / "calendrier_communes.html").read_text(encoding="utf-8")
    ics = (tmp_path / "calendrier_communes.ics").read_text(encoding="utf-8")
    assert "Mobile grocery: days and times of call" in page and "How often" in page and "Public holiday rule." in page
    assert "Épicerie mobile" not in page and "SUMMARY:Mobile grocery — " in ics
    assert "jour" in (tmp_path / "calendrier_communes.csv").read_text(encoding="utf-8").splitlines()[0]  # plan format

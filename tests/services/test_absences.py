"""Absences of staff and vehicles (issue #27): the import rules, the working-window rule, and every planner
respecting them (bricol'âge, écrivain, épicerie), on SQLite and PostgreSQL; a plan an absence entered
afterwards breaks is listed by ``tournees check`` and ``tournees summary`` and re-planned."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import write_tables
from tests.web.conftest import postgres  # noqa: F401  (the PostgreSQL server fixture)
from tournees.db import Database
from tournees.engine import check
from tournees.errors import InputError, ValidationError
from tournees.io import import_path
from tournees.model import Absence, BricolageRequest, Depot, Staff
from tournees.plan import check_plan_folder
from tournees.services.availability import Absences, folder_findings, stored_plan_lines
from tournees.services.bricolage.planner import BricolageOptions, BricolagePlanner
from tournees.services.common import Horizon, Places, staff_vehicles
from tournees.services.epicerie.away import without_absences
from tournees.services.epicerie.calendar import StopSpec, VanSpec
from tournees.services.epicerie.routing import DayRoute
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
FAST = BricolageOptions(time_limit_s=3.0, workers=1)
WED, THU = dt.date(2026, 11, 25), dt.date(2026, 11, 26)


def _away(resource: str, first: dt.date, last: dt.date | None = None, part: str = "jour",
          reason: str = "conge") -> Absence:
    return Absence(resource_id=resource, first_day=first, last_day=last or first, part=part, reason=reason)


def _row(resource: str, first: str, last: str | None = None, part: str = "jour",
         reason: str = "conge") -> dict[str, str]:
    """A row of absences.csv."""
    return {"resource_id": resource, "first_day": first, "last_day": last or first, "part": part, "reason": reason}


def _person(**kw: object) -> Staff:
    base = {"staff_id": "TECH-1", "service": "bricolage", "label": "T", "depot_id": "D1", "vehicle_id": "V1",
            "shift_start": dt.time(8), "shift_end": dt.time(16, 30), "lunch_start": dt.time(12),
            "lunch_end": dt.time(13, 30)}
    return Staff(**{**base, **kw})  # type: ignore[arg-type]


# --- the working-window rule -------------------------------------------------------------------------


def test_a_full_day_away_removes_the_day_and_a_half_day_shortens_it_without_lunch() -> None:
    friday = dt.date(2026, 11, 27)
    absences = Absences([_away("TECH-1", WED), _away("TECH-1", THU, part="matin"),
                         _away("V1", friday, part="apres-midi")])
    shift = (dt.time(8), dt.time(16, 30))
    lunch = (dt.time(12), dt.time(13, 30))
    ids = ("TECH-1", "V1")
    assert absences.window(ids, WED, *shift, lunch) is None
    morning_off = absences.window(ids, THU, *shift, lunch)
    assert morning_off is not None
    assert (morning_off.start, morning_off.end, morning_off.lunch) == (dt.time(13, 30), dt.time(16, 30), False)
    van_off = absences.window(ids, friday, *shift, lunch)  # the van at the garage in the afternoon
    assert van_off is not None and (van_off.start, van_off.end, van_off.lunch) == (dt.time(8), dt.time(12), False)
    whole = absences.window(ids, MONDAY, *shift, lunch)
    assert whole is not None and (whole.start, whole.end, whole.lunch, whole.shortened) == (*shift, True, False)
    both = Absences([_away("TECH-1", WED, part="matin"), _away("TECH-1", WED, part="apres-midi")])
    assert both.window(ids, WED, *shift, lunch) is None
    assert absences.window(("TECH-2",), WED, *shift, lunch) is not None  # someone else's absence


def test_staff_vehicles_leave_out_the_day_away_and_shorten_the_half_day() -> None:
    depots = {"D1": Depot(depot_id="D1", name="A", address="x", lat=47.9, lon=1.9)}
    horizon = Horizon.week(MONDAY, ("lun", "mar", "mer", "jeu", "ven"))
    absences = Absences([_away("TECH-1", WED), _away("V1", THU, part="matin")])
    vehicles = staff_vehicles([_person()], depots, Places(), horizon, absences=absences)
    days = {horizon.days[v.day]: v for v in vehicles}
    assert WED not in days and len(days) == 4
    thursday = days[THU]
    assert thursday.shift_start % 86400 == 13 * 3600 + 1800 and thursday.shift_end % 86400 == 16 * 3600 + 1800
    assert thursday.breaks == ()  # lunch falls in the absence
    assert days[MONDAY].breaks and days[MONDAY].shift_start % 86400 == 8 * 3600


def test_an_absence_ending_before_it_starts_is_refused_when_built() -> None:
    with pytest.raises(ValidationError, match="last_day"):
        _away("TECH-1", THU, WED)


def test_the_grocery_van_at_the_garage_cancels_that_day_and_a_half_day_keeps_what_still_fits() -> None:
    van = VanSpec(van_id="EPI-1", depot=0, weekdays=("mar", "jeu"), day_start=8 * 3600, day_end=16 * 3600, lunch_s=3600)
    driver = _person(staff_id="DRIVER", service="epicerie", vehicle_id="EPI-1", lunch_end=dt.time(14))
    specs = {s: StopSpec(stop_id=s, insee_code="80010", location=i + 1, dwell_s=1800, frequency="hebdo",
                         weekdays=frozenset({"mar", "jeu"}), preferred=frozenset(), window=(0, 86400),
                         needs_power_ok=True)
             for i, s in enumerate(("A", "B", "C"))}
    durations = np.full((4, 4), 600)
    route = DayRoute((0, "mar", 0), ["A", "B", "C"], {"A": 9 * 3600, "B": 11 * 3600, "C": 14 * 3600 + 1800})
    tue, thu = dt.date(2026, 11, 24), THU
    runs = [(tue, 0, route, tue), (thu, 0, route, thu)]
    absences = Absences([_away("EPI-1", tue, reason="entretien"), _away("DRIVER", thu, part="matin")])
    kept, cancelled, hours = without_absences(runs, [(van, driver)], specs, durations, absences,
                                              loading_s=1800, unloading_s=1200, lang="fr")
    assert [(r[0], r[2].order) for r in kept] == [(thu, ["C"])]  # the afternoon stop keeps its time
    assert sorted((s, d) for s, d, _, _ in cancelled) == [("A", tue), ("A", thu), ("B", tue), ("B", thu), ("C", tue)]
    assert {code for _, _, code, _ in cancelled} == {"staff_absent"}
    assert all("entretien" not in why and "conge" not in why for *_, why in cancelled)  # never the reason
    assert hours[thu, 0].day_start == 13 * 3600 + 1800 + 1800 and not hours[thu, 0].lunch


# --- import rules, on SQLite and PostgreSQL ----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def small_db(request: pytest.FixtureRequest, ok_small: Path, tmp_path: Path) -> str:
    """OK_SMALL imported in a fresh SQLite file or PostgreSQL database."""
    if request.param == "sqlite":
        url = str(tmp_path / "small.sqlite")
    else:
        name = f"absences_{tmp_path.name.lower()[-20:]}".replace("-", "_")
        url = request.getfixturevalue("postgres").create_database(name)
        Database.open(url).dispose()
    import_path(ok_small, url)
    return url


def _absences_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write_tables(tmp_path / f"abs{len(list(tmp_path.iterdir()))}", {"absences": rows})


def _stored(url: str) -> list[Absence]:
    db = Database.open(url)
    try:
        return sorted(db.load(Absence), key=lambda a: a.record_key())
    finally:
        db.dispose()


def test_absences_import_and_replace_by_their_key(small_db: str, tmp_path: Path) -> None:
    good = _absences_file(tmp_path, [
        _row("TECH-1", "2026-11-25", "2026-11-26"),
        _row("V1", "2026-11-27", part="matin", reason="entretien"),
        _row("TECH-1", "2026-11-27", part="apres-midi", reason="formation"),
    ])
    import_path(good, small_db)
    assert [(a.resource_id, a.first_day, a.last_day, a.part) for a in _stored(small_db)] == [
        ("TECH-1", WED, THU, "jour"), ("TECH-1", dt.date(2026, 11, 27), dt.date(2026, 11, 27), "apres-midi"),
        ("V1", dt.date(2026, 11, 27), dt.date(2026, 11, 27), "matin")]
    longer = _absences_file(tmp_path, [_row("TECH-1", "2026-11-25", "2026-11-26", reason="maladie")])
    import_path(longer, small_db)  # same key: the stored row is replaced, not an overlap
    assert [a.reason for a in _stored(small_db) if a.first_day == WED] == ["maladie"]


def test_bad_absences_are_refused_all_at_once_naming_file_row_field_and_rule(small_db: str, tmp_path: Path) -> None:
    import_path(_absences_file(tmp_path, [_row("TECH-1", "2026-12-01", "2026-12-04")]), small_db)
    before = _stored(small_db)
    bad = _absences_file(tmp_path, [
        _row("TECH-9", "2026-11-25"),
        _row("TECH-1", "2026-11-26", "2026-11-24"),
        _row("V1", "2026-11-23", "2026-11-27", reason="entretien"),
        _row("V1", "2026-11-25", part="matin", reason="entretien"),
        _row("TECH-1", "2026-12-03", part="matin", reason="maladie"),
        _row("TECH-1", "2026-11-30", reason="malade"),
    ])
    with pytest.raises(InputError) as caught:
        import_path(bad, small_db)
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {
        (2, "resource_id", "absence_unknown_resource"),
        (3, "last_day", "absence_last_before_first"),
        (5, "first_day", "absence_overlap"),  # V1 twice on the Wednesday morning
        (6, "first_day", "absence_overlap_stored"),  # within the stored 1-4 December
        (7, "reason", "not_choice"),
    }
    text = caught.value.render("fr")
    assert "absences.csv, ligne 2, colonne « resource_id »" in text and "ni une personne" in text
    assert "ligne 3, colonne « last_day » : le dernier jour (2026-11-24) est avant le premier jour (2026-11-26)" in text
    assert "chevauche celle de la ligne 4" in text and "déjà dans la base (2026-12-01 → 2026-12-04, jour)" in text
    assert "malade" not in text and "maladie »" not in text  # the reason may be health data: never repeated
    assert "overlaps the one on row 4" in caught.value.render("en")
    assert _stored(small_db) == before  # nothing written


def test_import_check_command_exits_2_on_an_unknown_resource(small_db: str, tmp_path: Path) -> None:
    from tournees.cli import main

    bad = _absences_file(tmp_path, [{"resource_id": "PERSONNE", "first_day": "2026-11-25", "last_day": "2026-11-25"}])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(bad), "--db", small_db])
    said = out.getvalue() + err.getvalue()
    assert code == 2 and "PERSONNE" in said and "Erreur interne" not in said
    assert _stored(small_db) == []


# --- every planner, end to end on the demo ------------------------------------------------------------


def _cache(settings: Settings, factory: pytest.TempPathFactory) -> Settings:
    return replace(settings, cache_dir=factory.getbasetemp() / "road-cache")  # the road network prepared once


def _demo_copy(demo_db: Path, tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    if rows:
        import_path(write_tables(tmp_path / "absences", {"absences": rows}), path)
    return path


def _visits(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["kind"] in ("visit", "session")]


def _clock(row: dict[str, str], key: str) -> dt.time:
    return dt.datetime.fromisoformat(row[key]).time()


def test_bricolage_never_plans_a_technician_away(demo_db: Path, settings: Settings, tmp_path: Path,
                                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _demo_copy(demo_db, tmp_path, [
        _row("TECH-1", "2026-11-25"),
        _row("TECH-2", "2026-11-26", part="matin", reason="formation"),
        _row("VAN-1", "2026-11-27", part="apres-midi", reason="entretien"),
    ])
    planner = BricolagePlanner(Database.open(path), _cache(settings, tmp_path_factory), FAST)
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path / "plan", week_label="2026-W48")
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    rows = _visits(folder)
    assert rows and not [r for r in rows if r["resource_id"] == "TECH-1" and r["date"] == "2026-11-25"]
    thursday = [r for r in rows if r["resource_id"] == "TECH-2" and r["date"] == "2026-11-26"]
    assert thursday and all(_clock(r, "slot_start") >= dt.time(13, 30) for r in thursday)
    assert any(r["task_id"] == "ATELIER-W48" for r in thursday)  # the afternoon workshop still holds
    friday = [r for r in rows if r["resource_id"] == "TECH-1" and r["date"] == "2026-11-27"]  # VAN-1 at the garage
    assert friday and all(_clock(r, "slot_end") <= dt.time(12) for r in friday)
    assert folder_findings(folder, str(path), "fr") == []  # nothing to re-plan


def test_bricolage_workshop_whose_leader_is_away_is_left_out_with_its_reason(
        demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _demo_copy(demo_db, tmp_path, [_row("TECH-2", "2026-11-26", "2026-11-27", reason="maladie")])
    planner = BricolagePlanner(Database.open(path), _cache(settings, tmp_path_factory), FAST)
    plan = planner.plan(MONDAY)
    [left] = [u for u in plan.solution.unassigned if u.task_id == "ATELIER-W48"]
    assert left.reason_code == "staff_absent" and "TECH-2" in left.reason and "maladie" not in left.reason
    days = {(v.id, plan.horizon.days[v.day]) for v in plan.problem.vehicles}
    assert ("TECH-2", THU) not in days and ("TECH-2", dt.date(2026, 11, 27)) not in days


def test_an_absence_entered_after_the_plan_is_listed_then_replanned_keeping_the_others(
        demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from tournees.cli import main
    path = _demo_copy(demo_db, tmp_path, [])
    planner = BricolagePlanner(Database.open(path), _cache(settings, tmp_path_factory), FAST)
    base = planner.plan(MONDAY)
    published = planner.write(base, tmp_path / "published", week_label="2026-W48")
    planner.confirm(base)
    rows = _visits(published)
    hit = sorted(r["task_id"] for r in rows if r["resource_id"] == "TECH-1" and r["date"] == "2026-11-26")
    assert hit
    others = {r["task_id"]: r for r in rows
              if r["date"] >= "2026-11-25" and r["task_id"] not in hit and r["task_id"].startswith("BRI")}
    import_path(write_tables(tmp_path / "late", {"absences": [_row("TECH-1", "2026-11-26", reason="maladie")]}), path)

    findings = folder_findings(published, str(path), "fr")  # tournees check
    assert sorted(f.split(" ", 1)[0] for f in findings) == hit
    assert all("TECH-1 le 2026-11-26" in f and "maladie" not in f for f in findings)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(published), "--db", str(path)])
    assert code == 2 and hit[0] in out.getvalue()
    [line] = stored_plan_lines(planner.db, "fr")  # tournees summary
    assert f"{len(hit)} visite(s) du plan bricolage-2026-W48-1" in line

    plan = planner.replan(MONDAY, "2026-W48", from_day=WED)
    folder = planner.write(plan, tmp_path / "replan", week_label="2026-W48")
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    assert folder_findings(folder, str(path), "fr") == []
    after = {r["task_id"]: r for r in _visits(folder)}
    assert not [r for r in after.values() if r["resource_id"] == "TECH-1" and r["date"] == "2026-11-26"]
    moved = {m["request_id"]: m for m in plan.moves}
    assert set(hit) <= set(moved)
    why = "rendez-vous confirmé, déplacé : TECH-1 est absent (2026-11-26 → 2026-11-26, jour)"  # never the reason
    assert all(moved[t]["why"] == why for t in hit)
    with (folder / "unassigned.csv").open(encoding="utf-8") as fh:
        left = {r["task_id"]: r["reason_code"] for r in csv.DictReader(fh)}
    # moved, never dropped: each is in the new week, or listed with its reason when the confirmed week has no room
    assert all(t in after or left.get(t) for t in hit) and not any(t in after and t in left for t in hit)
    for task_id, row in others.items():  # every other confirmed appointment keeps its day, technician and slot
        kept = after[task_id]
        assert (kept["resource_id"], kept["date"], kept["slot_start"], kept["slot_end"]) == (
            row["resource_id"], row["date"], row["slot_start"], row["slot_end"])
    assert {r.request_id for r in planner.db.load(BricolageRequest) if r.status == "confirmed"} >= set(others)


def test_bricolage_on_postgresql_respects_absences(demo_folder: Path, settings: Settings, tmp_path: Path,
                                                   tmp_path_factory: pytest.TempPathFactory, postgres) -> None:  # noqa: F811
    from tournees.demo import RESOURCES
    url = postgres.create_database("absences_brico")
    Database.open(url).dispose()
    import_path(RESOURCES, url)
    import_path(demo_folder, url)
    import_path(write_tables(tmp_path / "abs", {"absences": [_row("TECH-2", "2026-11-23", "2026-11-24")]}), url)
    db = Database.open(url)
    try:
        plan = BricolagePlanner(db, _cache(settings, tmp_path_factory), FAST).plan(MONDAY)
        assert check(plan.problem, plan.solution) == []
        days = {(v.id, plan.horizon.days[v.day]) for v in plan.problem.vehicles}
        assert ("TECH-2", MONDAY) not in days and ("TECH-2", dt.date(2026, 11, 24)) not in days
        assert ("TECH-1", MONDAY) in days
    finally:
        db.dispose()


def test_ecrivain_holds_no_session_while_the_writer_is_away(demo_db: Path, settings: Settings, tmp_path: Path,
                                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    from tournees.services.ecrivain.planner import EcrivainOptions, EcrivainPlanner

    path = _demo_copy(demo_db, tmp_path, [
        _row("ECRIVAIN-1", "2026-11-24", reason="formation"),
        _row("ECRIVAIN-1", "2026-11-26", part="apres-midi", reason="autre"),
    ])
    options = EcrivainOptions(time_limit_s=4, workers=1)
    planner = EcrivainPlanner(Database.open(path), _cache(settings, tmp_path_factory), options)
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path / "plan", week_label="2026-W48")
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    rows = _visits(folder)
    assert rows and not [r for r in rows if r["date"] == "2026-11-24"]
    thursday = [r for r in rows if r["date"] == "2026-11-26"]
    assert all(_clock(r, "end") <= dt.time(12) for r in thursday)
    assert all(_clock(r, "slot_end") <= dt.time(12) for r in thursday if r["slot_end"])
    assert folder_findings(folder, str(path), "fr") == []


def test_epicerie_van_at_the_garage_loses_that_day_only(demo_db: Path, settings: Settings, tmp_path: Path,
                                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    from tournees.services.epicerie.planner import EpicerieOptions, EpiceriePlanner

    base = _demo_copy(demo_db, tmp_path / "base", [])
    plain = EpiceriePlanner(Database.open(base), _cache(settings, tmp_path_factory), EpicerieOptions(weeks=2))
    plain = plain.plan(MONDAY)
    by_day: dict[dt.date, list[str]] = {}
    for route in plain.solution.routes:
        by_day.setdefault(plain.days[plain.problem.vehicles[route.vehicle].day], []).extend(route.task_ids)
    garage, late = sorted(d for d in by_day if d >= dt.date(2026, 11, 30))[:2]  # two days of the second week
    path = _demo_copy(demo_db, tmp_path / "away", [
        _row("EPI-1", garage.isoformat(), reason="entretien"),
        _row("EPI-CHAUFFEUR", late.isoformat(), part="matin", reason="autre"),
    ])
    planner = EpiceriePlanner(Database.open(path), _cache(settings, tmp_path_factory), EpicerieOptions(weeks=2))
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path / "plan", label="2026-W48_2w")
    assert check(plan.problem, plan.solution) == [] and check_plan_folder(folder) == []
    rows = _visits(folder)
    assert not [r for r in rows if r["date"] == garage.isoformat()]
    assert all(_clock(r, "start") >= dt.time(13, 30) for r in rows if r["date"] == late.isoformat())
    left = {u.task_id: u for u in plan.solution.unassigned}
    assert all(left[t].reason_code == "staff_absent" for t in by_day[garage])
    assert plan.calendar.equals(plain.calendar)  # the published calendar is kept: one day lost, not a new calendar
    others = {r["task_id"]: (r["date"], r["start"]) for r in _visits(folder)}
    plain_rows = {}
    for route in plain.solution.routes:
        for step in route.steps:
            if step.task_id:
                plain_rows[step.task_id] = plain.context.when(step.start)
    assert all(plain_rows[t][:19] == start[:19] for t, (_, start) in others.items() if t in plain_rows)

"""Écrivain numérique rules (fiche 10): travel by mobility, every writer, regular sessions, no long waits, letters."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tournees.db import Database
from tournees.model import EcrivainRequest, Staff, Tenant, Venue, VenueHours
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import length_text
from tournees.outputs.write import DocumentContext
from tournees.services.ecrivain.planner import EcrivainOptions, EcrivainPlanner
from tournees.services.ecrivain.rules import MOBILITY_LIMIT_MIN, idle_at_homes, trip
from tournees.settings import Settings

MONDAY = dt.date(2026, 11, 23)
OPTIONS = EcrivainOptions(time_limit_s=6, workers=1)


def _tenant(mobility: str, has_car: bool) -> Tenant:
    return Tenant(tenant_id="LOC-X", residence_id="RES-X", birth_year=1940, sex="F", mobility=mobility, has_car=has_car)


VENUE = Venue(venue_id="V", kind="mairie", name="Mairie", address="1 place", insee_code="45234", lat=47.9, lon=1.9)


def test_travel_rule_per_mobility() -> None:
    # named case: 15 min by car, 2 400 m on foot (40 min at 1 m/s)
    car = trip(_tenant("autonome", True), VENUE, 900, 2400, walk_speed_mps=1.0, limit_min=None)
    assert (car.mode, car.seconds, car.allowed) == ("voiture", 900, True)  # a tenant with a car drives
    walker = trip(_tenant("autonome", False), VENUE, 900, 2400, walk_speed_mps=1.0, limit_min=None)
    assert (walker.mode, walker.seconds, walker.allowed) == ("pied", 2400, False)  # on the walking network
    assert trip(_tenant("autonome", False), VENUE, 900, 1000, walk_speed_mps=1.0, limit_min=None).allowed
    assert trip(
        _tenant("aide", False), VENUE, 900, 2400, walk_speed_mps=1.0, limit_min=None
    ).allowed  # driven by the helper
    assert trip(_tenant("fauteuil", False), VENUE, 600, 500, walk_speed_mps=1.0, limit_min=None).allowed
    assert not trip(
        _tenant("fauteuil", False), replace(VENUE, accessible=False), 600, 500, walk_speed_mps=1.0, limit_min=None
    ).allowed
    assert not trip(_tenant("domicile", True), VENUE, 60, 60, walk_speed_mps=1.0, limit_min=None).allowed


@pytest.fixture(scope="module")
def week(demo_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("ecrivain-rules") / "demo.sqlite"
    shutil.copyfile(demo_db, path)
    planner = EcrivainPlanner(
        Database.open(path), replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"), OPTIONS
    )
    plan = planner.plan(MONDAY)
    folder = planner.write(plan, tmp_path_factory.mktemp("out") / "w48", week_label="2026-W48")
    from tournees.services import registry

    writer = registry.get("ecrivain")  # the letters are the service's own documents
    writer.extra_documents(PlanFolder.read(folder), DocumentContext(planner.db, False, "fr", {}))
    return planner, plan, folder


def test_no_tenant_with_a_car_is_too_far_from_a_venue_within_the_car_limit(week) -> None:
    planner, plan, _ = week
    requests = {r.request_id: r for r in planner.db.load(EcrivainRequest)}
    tenants = {t.tenant_id: t for t in planner.db.load(Tenant)}
    residences = {t.tenant_id: t.residence_id for t in tenants.values()}
    index = {p: i for i, p in enumerate(plan.context.location_ids)}
    venues = {v.venue_id for v in planner.db.load(Venue)}
    opened = {h.venue_id for h in planner.db.load(VenueHours)}
    too_far = [u.task_id for u in plan.solution.unassigned if u.reason_code == "too_far"]
    assert all(requests[t].tenant_id in tenants for t in too_far)
    for t in too_far:
        r = requests[t]
        tenant = tenants[r.tenant_id]
        if tenant.has_car and tenant.mobility == "autonome":
            limit = 60 * (r.max_travel_min or MOBILITY_LIMIT_MIN["autonome"])
            home = index[residences[r.tenant_id]]
            reachable = [v for v in venues & opened if plan.problem.durations[home, index[v]] <= limit]
            assert not reachable or not r.availability, t  # only when no open venue is within the car limit


def test_the_writer_never_waits_hours_at_a_tenants_home(week) -> None:
    _, plan, _ = week
    homes = {t for r in plan.solution.routes for t in r.task_ids if not t.startswith("S-")}
    assert homes  # the demo week has home visits
    assert all(idle < 3600 for _, idle in idle_at_homes(plan.problem, plan.solution, homes))
    for route in plan.solution.routes:
        for st in route.steps:
            if st.kind == "visit" and st.task_id in homes:
                assert st.start - st.arrival < 3600  # nor before a visit
        first = route.steps[1]
        assert (
            first.kind != "break" or route.steps[0].departure >= first.start - 3600
        )  # a day does not open on hours of nothing


def test_letters_state_the_real_length_and_home_visits_get_their_slot(week) -> None:
    planner, plan, folder = week
    assert [length_text(m) for m in (15, 60, 90, 240)] == ["15 minutes", "1 heure", "1 h 30", "4 heures"]
    letters = (folder / "courriers.html").read_text(encoding="utf-8")
    assert "environ une heure" not in letters
    homes = [t for r in plan.solution.routes for t in r.task_ids if not t.startswith("S-")]
    assert homes and letters.count("viendra chez vous") == len(homes)
    for rid in homes:
        a, b = (dt.datetime.fromisoformat(plan.context.when(x)) for x in plan.context.slots[rid])
        assert re.search(rf"entre {a:%H h %M} et {b:%H h %M}.*?{re.escape(rid)}", letters, re.S)


def test_every_writer_is_planned_and_sessions_stay_regular(
    demo_db: Path, settings: Settings, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path / "two.sqlite"
    shutil.copyfile(demo_db, path)
    db = Database.open(path)
    first = next(s for s in db.load(Staff) if s.service == "ecrivain")
    second = replace(
        first, staff_id="ECRIVAIN-2", label="Écrivain 2", working_days=("mar", "jeu")
    )  # named case: a second writer
    with db.session() as session:
        session.merge(second)
    planner = EcrivainPlanner(db, replace(settings, cache_dir=tmp_path_factory.getbasetemp() / "road-cache"), OPTIONS)
    w48 = planner.plan(MONDAY)
    assert {s.staff_id for s in w48.sessions} == {first.staff_id, second.staff_id}
    planner.write(w48, tmp_path / "w48", week_label="2026-W48")
    w49 = planner.plan(MONDAY + dt.timedelta(days=7))
    key = {(s.staff_id, s.venue_id, (s.start // 86400, s.start % 86400)) for s in w48.sessions}
    again = {(s.staff_id, s.venue_id, (s.start // 86400, s.start % 86400)) for s in w49.sessions}
    assert key <= again and w49.kpis["sessions_kept_from_previous_week"] == len(w48.sessions)

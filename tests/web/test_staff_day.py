"""The technician's own day (role staff, issue #27): a phone-sized page of their published visits, marked
done or not; nothing of the other technicians or of the tenants; on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
import time
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, token
from tests.web.test_outcomes import rows, steps, week_plans
from tournees.db import Database
from tournees.db.failures import StorageError
from tournees.db.schema import TABLES
from tournees.errors import ValidationError

STAFF = {"tech1": "TECH-1", "tech2": "TECH-2"}
PASSWORD = "mot-de-passe-technicien"


def _staff_client(server: Server, username: str) -> httpx.Client:
    from tournees.web.accounts import add_user, load_user

    db = Database(server.db_url)
    try:
        for _ in range(50):  # (SQLite: the server's worker may be writing this very moment)
            try:
                if load_user(db, username) is None:
                    add_user(db, username, PASSWORD, "staff", staff_id=STAFF[username])
                break
            except StorageError:
                time.sleep(0.1)
    finally:
        db.dispose()
    client = server.client()
    page = client.get("/login")
    reply = client.post("/login", data={"csrftoken": token(page.text), "username": username, "password": PASSWORD})
    assert reply.status_code == 200 and reply.url.path == "/day", reply.url  # a technician lands on their day
    return client


def _day_visits(server: Server, staff_id: str, weekday: int) -> tuple[str, list[Any]]:
    """A day of the published plan (0 = Monday) and the technician's visits that day, in order."""
    ids = week_plans(server)
    requests = {r.request_id for r in rows(server, "bricolage_requests")}
    mine = [s for s in steps(server, ids["pa"]) if s.kind == "visit" and s.task_id in requests
            and s.resource_id == staff_id and s.date.weekday() == weekday]
    assert mine
    return mine[0].date.isoformat(), sorted(mine, key=lambda s: s.seq)


def _tenants(server: Server, request_ids: list[str]) -> dict[str, Any]:
    br, tn = TABLES["bricolage_requests"], TABLES["tenants"]
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            query = sa.select(br.c.request_id, tn).join(tn, tn.c.tenant_id == br.c.tenant_id)
            return {r.request_id: r for r in conn.execute(query.where(br.c.request_id.in_(request_ids)))}
    finally:
        db.dispose()


def test_a_technician_sees_their_own_day_only(server: Server) -> None:
    day, visits = _day_visits(server, "TECH-1", 2)
    _, others = _day_visits(server, "TECH-2", 2)
    client = _staff_client(server, "tech1")
    page = html.unescape(client.get("/day", params={"date": day}).text)
    shown = re.findall(r'<li class="visit" data-task="([^"]+)">', page)
    assert shown == [s.task_id for s in visits]  # in the order of the route
    assert not {s.task_id for s in others} & set(re.findall(r"BRI-\d+|TEL-[\d-]+", page))
    assert page.count('href="geo:') == len(visits)  # the phone's own map: no outside site
    assert "http" not in re.sub(r'href="/[^"]*"', "", page.split("<main>")[1])
    tenants = _tenants(server, [s.task_id for s in visits])
    for request_id, tenant in tenants.items():
        assert tenant.tenant_id not in page  # no tenant id, no GIR, no health data: what the door needs
        if tenant.phone:
            assert (tenant.phone in page) == bool(tenant.call_ahead and tenant.consent), request_id
    assert 'name="viewport"' in page and "Faite" in page


def test_a_technician_reaches_nothing_else(server: Server) -> None:
    ids = week_plans(server)
    day, others = _day_visits(server, "TECH-2", 3)
    client = _staff_client(server, "tech1")
    tenant = _tenants(server, [others[0].task_id])[others[0].task_id].tenant_id
    for path in ("/plans", f"/plans/{ids['pa']}", "/backlog", f"/tenants/{tenant}", "/import", "/analysis", "/admin"):
        assert client.get(path).status_code == 403, path
    page = client.get("/day", params={"date": day})
    reply = client.post(f"/day/{others[0].task_id}/outcome", data={"csrftoken": token(page.text), "outcome": "done"})
    assert reply.status_code == 404  # another technician's visit does not exist for this account
    assert not rows(server, "activities", request_id=others[0].task_id)
    planner = _planner_cannot_open_the_day(server)
    assert planner.status_code == 403


def _planner_cannot_open_the_day(server: Server) -> httpx.Response:
    from tests.web.conftest import sign_in

    return sign_in(server, "pa").get("/day")


def test_a_technician_marks_visits_done_or_not(server: Server) -> None:
    day, visits = _day_visits(server, "TECH-1", 3)
    client = _staff_client(server, "tech1")
    page = client.get("/day", params={"date": day})
    first, second = visits[0].task_id, visits[1].task_id
    done = client.post(f"/day/{first}/outcome", data={"csrftoken": token(page.text), "outcome": "done", "score": "4"})
    assert done.status_code == 200 and "Faite" not in html.unescape(done.text).split(f'data-task="{first}"')[1][:600]
    missed = client.post(
        f"/day/{second}/outcome",
        data={"csrftoken": token(page.text), "outcome": "cancelled", "cancelled_by": "service"},
    )
    assert missed.status_code == 200
    statuses = {r.request_id: r.status for r in rows(server, "bricolage_requests")}
    assert statuses[first] == "done" and statuses[second] == "received"
    (act,) = rows(server, "activities", request_id=first)
    assert act.staff_id == "TECH-1"
    assert [r.score for r in rows(server, "satisfaction", activity_id=act.activity_id)] == [4]
    audit = rows(server, "activities", request_id=second)
    assert [a.outcome for a in audit] == ["cancelled"]


def test_a_staff_account_names_a_known_technician(server: Server) -> None:
    from tournees.web.accounts import add_user

    db = Database(server.db_url)
    try:
        with pytest.raises(ValidationError, match="--staff-id"):
            add_user(db, "tech-sans", PASSWORD, "staff")
        with pytest.raises(ValidationError, match="inconnu"):
            add_user(db, "tech-x", PASSWORD, "staff", staff_id="TECH-99")
        with pytest.raises(ValidationError, match="retirez --staff-id"):
            add_user(db, "pl-x", PASSWORD, "planner", ["LOGEMLOIRET"], staff_id="TECH-1")
    finally:
        db.dispose()


def test_tournees_user_add_makes_a_staff_account(demo_db: Any, tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    import shutil

    from tournees.cli import main

    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("TOURNEES_PASSWORD", PASSWORD)
    assert main(["user", "add", "tech9", "--role", "staff", "--staff-id", "TECH-2", "--db", str(db)]) == 0
    assert main(["user", "list", "--db", str(db)]) == 0
    assert "tech9\tstaff\tTECH-2" in capsys.readouterr().out
    assert main(["user", "add", "tech8", "--role", "staff", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "--staff-id" in err and "Erreur interne" not in err


def test_the_demo_has_a_technician_account(demo_db: Any, tmp_path: Any) -> None:
    """`make serve` prints a staff account to try the technician's own day with (TECH-1's)."""
    import shutil

    from tournees.db import Database
    from tournees.settings import load_settings
    from tournees.web.accounts import load_user
    from tournees.web.commands import demo_database

    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, db)
    demo_database(load_settings(), str(db))
    base = Database.open(db)
    try:
        user = load_user(base, "technicien")
        assert user is not None and user.role == "staff" and user.staff_id == "TECH-1" and not user.landlords
    finally:
        base.dispose()

"""One plan form for the three services (issue #27): ``POST /plans`` with ``service``, the queue's service column
(migration 0013), bad fields refused in French naming the field (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token


def start(server: Server, client: httpx.Client, service: str, **fields: str) -> httpx.Response:
    """The plans page's form, sent as the browser sends it."""
    page = client.get("/plans")
    data = {"csrftoken": token(page.text), "landlord": "LOGEMLOIRET", "service": service, "week": "2026-W48"}
    return client.post("/plans", data=data | fields)


def planned(server: Server, client: httpx.Client, service: str, **fields: str) -> str:
    """A plan of ``service`` for LogemLoiret, waited for; its id."""
    reply = start(server, client, service, **fields)
    assert reply.status_code == 200, reply.text[:500]
    server.state.jobs.wait_all()
    return reply.url.path.split("/")[2]


def plan_in_browser(page: Any, service: str, week: str, ready: str, **fields: str) -> None:
    """The plans page's form filled and sent in a browser, waiting until the plan's ``ready`` selector shows."""
    page.goto("/plans")
    page.select_option("select[name=landlord]", "LOGEMLOIRET")
    page.select_option("select[name=service]", service)
    page.fill("input[name=week]", week)
    for name, value in fields.items():
        page.fill(f"input[name={name}]", value)
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector(ready, timeout=300_000)
    page.frame_locator("iframe.map").locator(".leaflet-container").wait_for(timeout=60_000)


def _job(server: Server, plan_id: str) -> sa.Row:
    from tournees.db import Database
    from tournees.db.web_tables import plan_jobs, web_plans

    db = Database(server.db_url)
    with db.engine.connect() as conn:
        job = conn.execute(sa.select(plan_jobs).where(plan_jobs.c.plan_id == plan_id)).one()
        plan = conn.execute(sa.select(web_plans).where(web_plans.c.plan_id == plan_id)).one()
    db.dispose()
    assert plan.status == "ready", plan.error
    return job


def test_the_form_offers_the_three_services(server: Server) -> None:
    page = sign_in(server, "pa").get("/plans").text
    for code in ("bricolage", "ecrivain", "epicerie"):
        assert f'<option value="{code}">' in page
    assert 'name="weeks"' in page


def test_an_ecrivain_plan_goes_through_the_queue_with_its_service(server: Server) -> None:
    client = sign_in(server, "pa")
    plan_id = planned(server, client, "ecrivain")
    job = _job(server, plan_id)
    assert (job.service, job.weeks, job.state) == ("ecrivain", 1, "done")
    from tournees.db import Database
    from tournees.web import plans as store

    db = Database(server.db_url)
    row = store.get(db, plan_id)
    db.dispose()
    assert row is not None and row.service == "ecrivain" and str(row.run_id).startswith("ecrivain-2026-W48-")


def test_an_epicerie_plan_keeps_its_weeks(server: Server) -> None:
    client = sign_in(server, "pa")
    plan_id = planned(server, client, "epicerie", weeks="2")
    job = _job(server, plan_id)
    assert (job.service, job.weeks) == ("epicerie", 2)
    folder: Path = server.state.workdir / plan_id
    assert (folder / "carte_publique.html").exists() and (folder / "calendrier_communes.csv").exists()


def test_bad_service_and_weeks_are_refused_naming_the_field(server: Server) -> None:
    client = sign_in(server, "pa")
    reply = start(server, client, "<b>jardinage</b>")
    text = html.unescape(reply.text)
    assert reply.status_code == 422 and "Champ service" in text and "<b>jardinage</b>" not in reply.text
    for weeks in ("0", "27", "deux"):
        reply = start(server, client, "epicerie", weeks=weeks)
        assert reply.status_code == 422 and "Champ semaines" in html.unescape(reply.text), weeks


def test_another_landlords_planner_cannot_plan_for_it(server: Server) -> None:
    reply = start(server, sign_in(server, "pb"), "ecrivain")
    assert reply.status_code == 403


def test_jobs_queued_before_the_migration_are_bricolage_ones(tmp_path: Path) -> None:
    from alembic import command

    from tournees.db import Database
    from tournees.db.database import _alembic_config

    path = tmp_path / "old.sqlite"
    with Database(path).engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012")
        conn.execute(
            sa.text(
                "INSERT INTO plan_jobs (plan_id, landlord_id, kind, week, time_limit_s, state, attempts, max_attempts,"
                " cancel_requested, created_by, created_at, progress) VALUES ('P1', 'LL', 'plan', '2026-W48', 5,"
                " 'waiting', 0, 3, false, 'pa', '2026-12-03 10:00:00', '[]')"
            )
        )
    db = Database.open(path)
    from tournees.web import jobs

    job = jobs.latest(db, "P1")
    assert job is not None and jobs.spec_of(job).service == "bricolage" and jobs.spec_of(job).weeks == 1

"""The épicerie mobile in the browser (issue #27): plan N weeks, the communes' calendar and the coverage by
commune (counts only), the public map, publishing to the communes (the calendar locked for re-planning the
same weeks); landlord isolation; a real browser run (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in, submit
from tests.web.test_plan_form import plan_in_browser, planned

PLAN: dict[str, str] = {}  # backend url -> the épicerie plan made once for this module


@pytest.fixture()
def plan_id(server: Server) -> str:
    if server.db_url not in PLAN:
        PLAN[server.db_url] = planned(server, sign_in(server, "pa"), "epicerie", weeks="2")
    return PLAN[server.db_url]


def _calendar(server: Server, plan_id: str) -> list[tuple[str, str, str, str]]:
    plan = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))
    return sorted((r["stop_id"], r["weekday"], r["start"], r["end"]) for r in plan["calendar"])


def _run_status(server: Server, plan_id: str) -> str:
    from tournees.db import Database

    db = Database(server.db_url)
    with db.engine.connect() as conn:
        status = conn.scalar(
            sa.text(
                "SELECT r.status FROM planning_runs r JOIN web_plans p ON p.run_id = r.run_id WHERE p.plan_id = :p"
            ),
            {"p": plan_id},
        )
    db.dispose()
    return str(status)


def test_the_calendar_and_the_coverage_by_commune_without_a_tenant_row(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    shown = sorted(re.findall(r'<tr data-stop="([^"]+)" data-weekday="([^"]+)">', page))
    assert shown and shown == sorted((s, d) for s, d, _, _ in _calendar(server, plan_id))
    for stop, _, start, end in _calendar(server, plan_id):
        assert f"{start}–{end}" in page, stop
    communes = re.findall(r'<tr data-insee="(\d+)"><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>', page)
    assert communes and all(int(c) <= int(n) for _, n, c in communes)
    assert not re.search(r"LOC-\d", page) and not re.search(r"RES-", page)  # no tenant nor residence of anyone
    assert client.get(f"/plans/{plan_id}/files/carte_publique.html").status_code == 200
    assert client.get(f"/plans/{plan_id}/files/calendrier_communes.ics").status_code == 200
    assert client.get(f"/plans/{plan_id}/files/couverture.csv").status_code == 404  # a row per senior: not served


def test_another_landlords_planner_gets_404(server: Server, plan_id: str) -> None:
    other = sign_in(server, "pb")
    assert other.get(f"/plans/{plan_id}").status_code == 404
    assert other.get(f"/plans/{plan_id}/files/carte_publique.html").status_code == 404
    page = other.get("/plans").text
    reply = other.post(f"/plans/{plan_id}/epicerie/publish", data={"csrftoken": token(page), "version": "1"})
    assert reply.status_code == 404 and _run_status(server, plan_id) == "draft"


def test_a_published_calendar_of_the_same_weeks_is_kept() -> None:
    """Re-planning weeks whose calendar was published keeps it (before: only an earlier period's plan was kept)."""
    from tournees.model import PlanningRun, PlanStep
    from tournees.services.epicerie.published import published_pattern

    monday = dt.date(2026, 11, 30)

    def run(run_id: str, status: str) -> PlanningRun:
        return PlanningRun(run_id=run_id, service="epicerie", horizon_start=monday + dt.timedelta(days=1),
                           horizon_end=monday + dt.timedelta(days=12), status=status,
                           created_at=dt.datetime(2026, 11, 20, 10))

    def step(run_id: str, hour: int) -> PlanStep:
        tuesday = monday + dt.timedelta(days=1)
        at = dt.datetime.combine(tuesday, dt.time(hour))
        return PlanStep(run_id=run_id, resource_id="EPI-1", date=tuesday, seq=1, kind="visit",
                        task_id=f"ARR-011@{tuesday.isoformat()}", arrival=at, start=at,
                        end=at + dt.timedelta(minutes=45), departure=at + dt.timedelta(minutes=45))

    runs = [run("epicerie-a", "published"), run("epicerie-b", "draft")]
    steps = [step("epicerie-a", 9), step("epicerie-b", 14)]
    assert published_pattern(runs, steps, monday, ["EPI-1"], 1) == {(0, "mar", 0): {"ARR-011": 9 * 3600}}
    assert published_pattern([runs[1]], steps, monday, ["EPI-1"], 1) == {}  # a draft of these weeks is not kept


def test_the_epicerie_in_a_browser(browser: Any, server: Server) -> None:
    context, page, errors = _signed_in(browser, server, "pa")
    plan_in_browser(page, "epicerie", "2026-W50", "#calendar tbody tr", weeks="1")
    assert page.locator("#coverage tbody tr").count() > 0
    # publishing locks the calendar: the page comes back saying so
    submit(page, page.locator("#publish-form button[type=submit]"))
    assert "verrouillé" in page.locator(".flash").inner_text()
    assert page.locator("#run-status").inner_text() == "publié"
    assert not errors, errors
    context.close()


def test_a_stops_time_is_changed_every_week_or_refused_saying_why(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    stop, weekday, start, _ = _calendar(server, plan_id)[0]
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version and f'<option value="{stop}|{weekday}">' in page
    form = {"csrftoken": token(page), "version": version[1]}
    for bad in ("25:99", "<b>midi</b>"):
        reply = client.post(f"/plans/{plan_id}/epicerie/stop", data=form | {"row": f"{stop}|{weekday}", "start": bad})
        assert reply.status_code == 422 and "Champ start" in html.unescape(reply.text) and "<b>midi" not in reply.text
    reply = client.post(f"/plans/{plan_id}/epicerie/stop", data=form | {"row": "ARR-999|lun", "start": "10:00"})
    assert reply.status_code == 422 and "Champ row" in html.unescape(reply.text)
    # ten minutes earlier or later, stop by stop: a change that breaks a published time is refused saying why,
    # nothing written; the first that holds is made every week, its days re-timed
    before = _calendar(server, plan_id)
    done = None
    for stop, weekday, start, _ in before:
        for minutes in (-10, 10):
            moment = dt.datetime.combine(dt.date.today(), dt.time.fromisoformat(start)) + dt.timedelta(minutes=minutes)
            new = moment.strftime("%H:%M")
            reply = client.post(f"/plans/{plan_id}/epicerie/stop",
                                data=form | {"row": f"{stop}|{weekday}", "start": new})
            if reply.status_code == 422:
                assert "rien n'a été changé" in html.unescape(reply.text) and _calendar(server, plan_id) == before
                continue
            assert reply.status_code == 200 and "re-minutées" in html.unescape(reply.text), reply.text[:800]
            done = (stop, weekday, new)
            break
        if done:
            break
    assert done is not None
    stop, weekday, new = done
    assert (stop, weekday, new) in {(s, d, a) for s, d, a, _ in _calendar(server, plan_id)}
    visits = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))["visits"]
    mine = [v for v in visits if v["task_id"].startswith(f"{stop}@") and v["date"] == v["task_id"].split("@")[1]]
    assert mine and all(v["start"][11:16] == new for v in mine)
    assert f'data-stop="{stop}" data-weekday="{weekday}"' in reply.text and f"{new}–" in reply.text
    again = client.post(f"/plans/{plan_id}/epicerie/stop", data=form | {"row": f"{stop}|{weekday}", "start": start})
    assert again.status_code == 409  # from the stale page
    other = sign_in(server, "pb")
    reply = other.post(f"/plans/{plan_id}/epicerie/stop", data={"csrftoken": token(other.get("/plans").text),
                                                                 "row": f"{stop}|{weekday}", "start": start})
    assert reply.status_code == 404


def test_publish_to_the_communes_then_replan_keeps_the_calendar(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    before = _calendar(server, plan_id)
    page = client.get(f"/plans/{plan_id}").text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    reply = client.post(f"/plans/{plan_id}/epicerie/publish", data={"csrftoken": token(page), "version": version[1]})
    assert reply.status_code == 200 and "publié aux communes" in html.unescape(reply.text)
    assert _run_status(server, plan_id) == "published"
    assert re.search(r'id="run-status">publié<', reply.text)
    version = re.search(r'name="version" value="(\d+)"', reply.text)
    assert version
    reply = client.post(f"/plans/{plan_id}/replan", data={"csrftoken": token(reply.text), "version": version[1]})
    assert reply.status_code == 200
    server.state.jobs.wait_all()
    assert _calendar(server, plan_id) == before
    assert re.findall(r'<tr data-stop="([^"]+)"', client.get(f"/plans/{plan_id}").text)

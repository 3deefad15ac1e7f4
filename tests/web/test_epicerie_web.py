"""The épicerie mobile in the browser (issue #27): plan N weeks, the communes' calendar and the coverage by
commune (counts only), the public map, publishing to the communes (the calendar locked for re-planning the
same weeks); landlord isolation; a real browser run (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in, submit
from tests.web.test_plan_form import plan_in_browser, planned
from tournees.calendar import WEEKDAYS, weekday_code

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
    # a stop to a day the van does not go out: refused, saying why
    page.select_option("#stop-form select[name=weekday]", "lun")
    page.fill("#stop-form input[name=start]", "10:00")
    submit(page, page.locator("#stop-form button[type=submit]"))
    assert "ne tourne pas le" in page.locator(".error").inner_text()
    page.go_back()
    page.reload()
    # a commune left out: the weeks planned again, its stops gone, the coverage before → after shown
    commune = page.locator("#calendar tbody tr td").first.inner_text()
    page.select_option("#commune-form select[name=commune]", label=commune)
    submit(page, page.locator("#commune-form button[value='0']"))
    page.wait_for_selector("#coverage-change", timeout=300_000)
    assert commune in page.locator("#left-out").inner_text()
    assert commune not in page.locator("#calendar").inner_text()
    assert page.locator("#coverage-change tr.changed", has_text=commune).count() == 1
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
    mine = [v for v in visits if v["task_id"].startswith(f"{stop}@") and v["date"] == v["task_id"].split("@")[1]
            and weekday_code(dt.date.fromisoformat(v["date"])) == weekday]  # (a stop may come two days a week)
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


def _page_form(client: Any, plan_id: str) -> tuple[str, dict[str, str]]:
    page = client.get(f"/plans/{plan_id}").text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    return page, {"csrftoken": token(page), "version": version[1]}


def _said(reply: Any) -> str:
    found = re.search(r'<p class="(?:error|flash)"[^>]*>(.*?)</p>', reply.text, re.S)
    return html.unescape(found[1]) if found else ""


def _folder_state(server: Server, plan_id: str) -> tuple[str, str]:
    folder = server.state.workdir / plan_id
    return (folder / "plan.json").read_text(encoding="utf-8"), (folder / "calendrier_communes.csv").read_text("utf-8")


def test_a_stops_weekday_is_changed_every_week_re_timed_or_refused_saying_why(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page, form = _page_form(client, plan_id)
    assert '<select name="weekday"><option value="">' in page
    plan = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))
    van_days = sorted({weekday_code(dt.date.fromisoformat(r["date"])) for r in plan["resources"]})
    rules = {code: set(c["forbidden_days"]) | {c["market_day"]} for code, c in plan["communes"].items()}
    before, folder = _calendar(server, plan_id), _folder_state(server, plan_id)

    def refused(row: str, weekday: str, start: str, why: str) -> None:
        reply = client.post(f"/plans/{plan_id}/epicerie/stop", data=form | {"row": row, "weekday": weekday,
                                                                            "start": start})
        assert reply.status_code == 422 and why in _said(reply), _said(reply)
        assert "rien n'a été changé" in _said(reply)
        assert _folder_state(server, plan_id) == folder and _calendar(server, plan_id) == before

    # a day the van does not go out, a day the commune bans, a time outside its hours, a day it already comes
    stop, weekday, start, _ = before[0]
    off = next(d for d in WEEKDAYS if d not in van_days and d not in rules[plan["stops"][stop]])
    refused(f"{stop}|{weekday}", off, start, "ne tourne pas le")
    banned = next((s, d, a, b) for s, d, a, _ in before for b in sorted(rules[plan["stops"][s]]) if b in WEEKDAYS)
    refused(f"{banned[0]}|{banned[1]}", banned[3], banned[2], "n'accueille pas le camion")
    refused(f"{stop}|{weekday}", "", "06:00", "hors des heures de la commune")
    twice = next(((s, d) for s, d, _, _ in before if [x for x, _, _, _ in before].count(s) > 1), None)
    if twice:
        other = next(d for s, d, _, _ in before if s == twice[0] and d != twice[1])
        refused(f"{twice[0]}|{twice[1]}", other, "10:00", "passe déjà ce jour-là")
    reply = client.post(f"/plans/{plan_id}/epicerie/stop", data=form | {"row": f"{stop}|{weekday}", "weekday": "<b>",
                                                                        "start": start})
    assert reply.status_code == 422 and "Champ weekday" in _said(reply) and "<b>" not in reply.text
    # to the van's other day, on the hour or half past: a time another stop keeps there (or the van's day) refuses
    # it saying why, nothing written; the first that holds is made every week, both days re-timed
    done, broke = None, 0
    for stop, weekday, _, _ in before:
        for to in van_days:
            if to == weekday or to in rules[plan["stops"][stop]] or (stop, to) in {(s, d) for s, d, _, _ in before}:
                continue
            for new in [f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 30)]:
                reply = client.post(f"/plans/{plan_id}/epicerie/stop",
                                    data=form | {"row": f"{stop}|{weekday}", "weekday": to, "start": new})
                if reply.status_code == 422:
                    assert "rien n'a été changé" in _said(reply) and _folder_state(server, plan_id) == folder
                    broke += "ne tient plus" in _said(reply)
                    continue
                assert reply.status_code == 200 and "déplacé" in _said(reply), reply.text[:800]
                done = (stop, weekday, to, new)
                break
            if done:
                break
        if done:
            break
    assert done is not None and broke  # (a published time or the van's day refused at least one)
    stop, weekday, to, new = done
    assert "Couverture par commune inchangée" in _said(reply)
    after = _calendar(server, plan_id)
    assert (stop, to) in {(s, d) for s, d, _, _ in after} and (stop, weekday) not in {(s, d) for s, d, _, _ in after}
    assert {r for r in after if r[0] != stop} == {r for r in before if r[0] != stop}  # the other rows as they were
    assert f'data-stop="{stop}" data-weekday="{to}"' in reply.text
    moved = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))
    mine = [v for v in moved["visits"] if v["task_id"].startswith(f"{stop}@")]
    assert mine and all(weekday_code(dt.date.fromisoformat(v["task_id"].split("@")[1])) == to for v in mine)
    assert all(v["start"][11:16] == new for v in mine if v["date"] == v["task_id"].split("@")[1])
    assert {t["task_id"] for t in moved["tasks"]} >= {v["task_id"] for v in mine}  # the next change reads them
    ics = (server.state.workdir / plan_id / "calendrier_communes.ics").read_text(encoding="utf-8")
    assert sum(f"DTSTART:{v['start'][:10].replace('-', '')}T{new.replace(':', '')}" in ics for v in mine) == len(mine)
    # the next change starts from the moved plan: back to its day and time
    page, form = _page_form(client, plan_id)
    reply = client.post(f"/plans/{plan_id}/epicerie/stop",
                        data=form | {"row": f"{stop}|{to}", "weekday": weekday,
                                     "start": next(a for s, d, a, _ in before if (s, d) == (stop, weekday))})
    assert reply.status_code == 200, _said(reply)
    assert _calendar(server, plan_id) == before


def test_a_commune_left_out_then_put_back_replans_keeping_the_others_published_calendar(
    server: Server, plan_id: str
) -> None:
    client = sign_in(server, "pa")
    page, form = _page_form(client, plan_id)
    if _run_status(server, plan_id) != "published":
        assert client.post(f"/plans/{plan_id}/epicerie/publish", data=form).status_code == 200
        page, form = _page_form(client, plan_id)
    assert "Aucune commune retirée" in page
    before = _calendar(server, plan_id)
    stops = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))["stops"]
    commune = stops[before[0][0]]
    theirs = {s for s, code in stops.items() if code == commune}
    for bad, field in (({"commune": "99999", "include": "0"}, "Champ commune"),
                       ({"commune": commune, "include": "2"}, "Champ include"),
                       ({"commune": commune, "include": "1"}, "déjà dans ce plan")):
        reply = client.post(f"/plans/{plan_id}/epicerie/commune", data=form | bad)
        assert reply.status_code == 422 and field in _said(reply)
    other = sign_in(server, "pb")
    reply = other.post(f"/plans/{plan_id}/epicerie/commune", data={"csrftoken": token(other.get("/plans").text),
                                                                    "version": form["version"], "commune": commune,
                                                                    "include": "0"})
    assert reply.status_code == 404 and _calendar(server, plan_id) == before
    reply = client.post(f"/plans/{plan_id}/epicerie/commune", data=form | {"commune": commune, "include": "0"})
    assert reply.status_code == 200 and "retirée" in _said(reply), reply.text[:500]
    server.state.jobs.wait_all()
    page = client.get(f"/plans/{plan_id}").text
    after = _calendar(server, plan_id)
    assert after and not [r for r in after if r[0] in theirs]  # its stops gone
    assert {r for r in before if r[0] not in theirs} <= set(after)  # the others' published stops, days and times
    change = re.findall(r'<tr data-insee="(\d+)"(?: class="changed")?><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>',
                        page.split('id="coverage-change"')[1])
    assert commune in {code for code, _, _ in change}, page[-3000:]
    was, now = next((int(b), int(a)) for code, b, a in change if code == commune)
    assert was > now  # its seniors covered before → after (counts only)
    assert re.search(r'id="left-out">Communes retirées de ce plan : [^<]+\.<', page)
    assert not re.search(r"LOC-\d", page)
    # put back: its stops come back, the others' published calendar still kept
    page, form = _page_form(client, plan_id)
    reply = client.post(f"/plans/{plan_id}/epicerie/commune", data=form | {"commune": commune, "include": "1"})
    assert reply.status_code == 200 and "remise" in _said(reply)
    server.state.jobs.wait_all()
    back = _calendar(server, plan_id)
    assert [r for r in back if r[0] in theirs] and {r for r in before if r[0] not in theirs} <= set(back)
    page = client.get(f"/plans/{plan_id}").text
    assert "Aucune commune retirée" in page
    assert any(code == commune and int(b) < int(a) for code, b, a in re.findall(
        r'<tr data-insee="(\d+)"(?: class="changed")?><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>',
        page.split('id="coverage-change"')[1]))


def test_jobs_queued_before_migration_0014_carry_no_choice(tmp_path: Path) -> None:
    """plan_jobs.options (the épicerie's communes left out) is added empty to the jobs already queued."""
    from alembic import command

    from tournees.db import Database
    from tournees.db.database import _alembic_config
    from tournees.web import jobs

    path = tmp_path / "old.sqlite"
    with Database(path).engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0013")
        conn.execute(sa.text(
            "INSERT INTO plan_jobs (plan_id, landlord_id, kind, week, service, weeks, time_limit_s, state, attempts,"
            " max_attempts, cancel_requested, created_by, created_at, progress) VALUES ('P1', 'LL', 'plan',"
            " '2026-W48', 'epicerie', 2, 5, 'waiting', 0, 3, false, 'pa', '2026-12-03 10:00:00', '[]')"))
    db = Database.open(path)
    job = jobs.latest(db, "P1")
    assert job is not None and jobs.spec_of(job).options == "{}" and jobs.spec_of(job).weeks == 2
    db.dispose()

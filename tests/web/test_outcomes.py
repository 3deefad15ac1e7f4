"""Publishing a bricol'âge plan, recording what happened at its visits, and technicians shared by two
landlords planned once (issue #27); on SQLite and PostgreSQL.

The week 2026-W49 is used here only (the other web tests plan 2026-W48): a published plan takes its
technicians' time from the other landlords' plans of its week.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import httpx
import sqlalchemy as sa

import tournees.db.web_tables  # noqa: F401  (the web app's tables on the metadata)
from tests.web.conftest import Server, sign_in, token
from tournees.db import Database
from tournees.db.schema import TABLES, metadata

WEEK = "2026-W49"
_PUBLISHED: dict[str, dict[str, str]] = {}  # server base -> plan ids of the week (one setup per backend)


def plan(server: Server, client: httpx.Client, landlord: str) -> str:
    page = client.get("/plans")
    reply = client.post(
        "/plans", data={"csrftoken": token(page.text), "landlord": landlord, "service": "bricolage", "week": WEEK}
    )
    assert reply.status_code == 200, reply.text[:300]
    server.state.jobs.wait_all()
    return reply.url.path.rsplit("/", 1)[1]


def publish(client: httpx.Client, plan_id: str) -> httpx.Response:
    page = client.get(f"/plans/{plan_id}")
    return client.post(f"/plans/{plan_id}/publish", data={"csrftoken": token(page.text)})


def week_plans(server: Server) -> dict[str, str]:
    """pa's plan of the week, published; pb's plan made before it was published (``pb_early``), not published."""
    if server.base not in _PUBLISHED:
        pa, pb = sign_in(server, "pa"), sign_in(server, "pb")
        a = plan(server, pa, "LOGEMLOIRET")
        early = plan(server, pb, "RES-ORLEANAIS")
        reply = publish(pa, a)
        assert reply.status_code == 200 and 'id="published"' in reply.text, reply.text[:500]
        _PUBLISHED[server.base] = {"pa": a, "pb_early": early}
    return _PUBLISHED[server.base]


def steps(server: Server, plan_id: str) -> list[Any]:
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            run = conn.scalar(sa.text("SELECT run_id FROM web_plans WHERE plan_id = :p"), {"p": plan_id})
            st = TABLES["plan_steps"]
            query = sa.select(st).where(st.c.run_id == run).order_by(st.c.date, st.c.resource_id, st.c.seq)
            return list(conn.execute(query))
    finally:
        db.dispose()


def rows(server: Server, table: str, **where: str) -> list[Any]:
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            t = metadata.tables[table]  # (the records' tables and the web app's)
            return list(conn.execute(sa.select(t).where(*[t.c[k] == v for k, v in where.items()])))
    finally:
        db.dispose()


def _visits_on(server: Server, plan_id: str, weekday: int) -> list[Any]:
    """The plan's bricol'âge visits on a weekday of the week (0 = Monday), already past."""
    requests = {r.request_id for r in rows(server, "bricolage_requests")}
    found = [
        s for s in steps(server, plan_id) if s.kind == "visit" and s.task_id in requests and s.date.weekday() == weekday
    ]
    assert found and all(s.date <= dt.date.today() for s in found)
    return found


def _record(client: httpx.Client, plan_id: str, task: str, **fields: str) -> httpx.Response:
    page = client.get(f"/plans/{plan_id}")
    reply = client.post(f"/plans/{plan_id}/outcome", data={"csrftoken": token(page.text), "task_id": task, **fields})
    return httpx.Response(reply.status_code, text=html.unescape(reply.text), request=reply.request)


def test_outcomes_feed_the_activity_records_and_the_indicators(server: Server) -> None:
    from tournees.indicators import indicators_from_db

    ids = week_plans(server)
    pa = sign_in(server, "pa")
    page = pa.get(f"/plans/{ids['pa']}").text
    assert "outcome-form" in page  # a published plan's past visits can be recorded
    done, cancelled, absent = [s.task_id for s in _visits_on(server, ids["pa"], 0)[:3]]
    db = Database.read(server.db_url)
    before = indicators_from_db(db)["issues"]
    db.dispose()
    assert _record(pa, ids["pa"], done, outcome="done", score="5").status_code == 200
    assert _record(pa, ids["pa"], cancelled, outcome="cancelled", cancelled_by="tenant").status_code == 200
    assert _record(pa, ids["pa"], absent, outcome="no_show").status_code == 200
    statuses = {r.request_id: r.status for r in rows(server, "bricolage_requests")}
    assert statuses[done] == "done" and statuses[cancelled] == "received" and statuses[absent] == "received"
    (act,) = rows(server, "activities", request_id=done)
    assert act.outcome == "done" and act.service == "bricolage" and act.staff_id and act.motive
    assert [r.score for r in rows(server, "satisfaction", activity_id=act.activity_id)] == [5]
    db = Database.read(server.db_url)
    after = indicators_from_db(db)["issues"]
    db.dispose()

    def count(table: Any, column: str) -> int:
        brico = table[table["service"] == "bricolage"]
        return int(brico[column].sum()) if len(brico) else 0

    assert count(after, "realisees") == count(before, "realisees") + 1
    assert count(after, "annulations") == count(before, "annulations") + 1
    assert count(after, "absences") == count(before, "absences") + 1
    # not done: back among the pending requests, with its history
    backlog = html.unescape(pa.get("/backlog").text)
    line = next(r for r in backlog.split("<tr>") if f"<td>{cancelled}</td>" in r)
    assert "annulée" in line and "le locataire" in line
    assert f"<td>{done}</td>" not in backlog
    page = html.unescape(pa.get(f"/plans/{ids['pa']}").text)
    assert re.search(rf'data-task="{re.escape(done)}">.*?data-outcome="done"', page, flags=re.S)


def test_an_outcome_is_refused_with_the_field_and_the_rule(server: Server) -> None:
    ids = week_plans(server)
    pa = sign_in(server, "pa")
    task = _visits_on(server, ids["pa"], 0)[3].task_id
    reply = _record(pa, ids["pa"], task, outcome="cancelled")
    assert reply.status_code == 422 and "cancelled_by" in reply.text and "qui a annulé" in reply.text
    reply = _record(pa, ids["pa"], task, outcome="done", score="7")
    assert reply.status_code == 422 and "score « 7 »" in reply.text
    reply = _record(pa, ids["pa"], task, outcome="no_show", score="4")
    assert reply.status_code == 422 and "réalisée seulement" in reply.text
    reply = _record(pa, ids["pa"], task, outcome="parti")
    assert reply.status_code == 422 and "outcome « parti »" in reply.text
    assert not rows(server, "activities", request_id=task)  # nothing written
    assert _record(pa, ids["pa"], task, outcome="done").status_code == 200
    again = _record(pa, ids["pa"], task, outcome="done")
    assert again.status_code == 422 and "déjà enregistré" in again.text
    assert len(rows(server, "activities", request_id=task)) == 1


def test_a_future_visit_cannot_be_recorded(server: Server) -> None:
    from tournees.web import outcomes
    from tournees.web.accounts import load_user

    ids = week_plans(server)
    db = Database(server.db_url)
    try:
        visit = next(v for v in outcomes.published_visits(db) if v.plan_id == ids["pa"])
        user = load_user(db, "pa")
        assert user is not None
        try:
            outcomes.record_visit(db, user, visit, outcomes.Outcome("done", None, None), "fr",
                                  today=visit.day - dt.timedelta(days=1))
        except outcomes.OutcomeError as err:
            assert "pas encore eu lieu" in str(err)
        else:
            raise AssertionError("a visit of tomorrow was recorded")
    finally:
        db.dispose()


def test_outcomes_of_another_landlord_or_an_unpublished_plan_do_not_exist(server: Server) -> None:
    ids = week_plans(server)
    task = _visits_on(server, ids["pa"], 1)[0].task_id
    pb = sign_in(server, "pb")
    page = pb.get("/plans")
    form = {"csrftoken": token(page.text), "task_id": task, "outcome": "done"}
    reply = pb.post(f"/plans/{ids['pa']}/outcome", data=form)
    assert reply.status_code == 404
    early = _visits_on(server, ids["pb_early"], 1)[0].task_id
    reply = _record(pb, ids["pb_early"], early, outcome="done")  # a plan not published: no visit to record
    assert reply.status_code == 404
    assert not rows(server, "activities", request_id=early)
    assert "outcome-form" not in pb.get(f"/plans/{ids['pb_early']}").text


def test_shared_technicians_are_not_double_booked(server: Server) -> None:
    """Both landlords' plans of the demo fill TECH-1 and TECH-2 all day (the issue): once pa's plan is
    published, pb's plan made before cannot be published, and pb's new plan uses only the time left."""
    ids = week_plans(server)
    pb = sign_in(server, "pb")
    taken = {(s.resource_id, s.date) for s in steps(server, ids["pa"]) if s.kind == "visit"}
    early = {(s.resource_id, s.date) for s in steps(server, ids["pb_early"]) if s.kind == "visit"}
    assert taken & early  # the double booking the issue describes, had both been published
    refused = publish(pb, ids["pb_early"])
    text = html.unescape(refused.text)
    assert refused.status_code == 409 and "rien n'a été publié" in text and "LogemLoiret" in text
    again = plan(server, pb, "RES-ORLEANAIS")
    spans: dict[tuple[str, dt.date], list[tuple[dt.datetime, dt.datetime]]] = {}
    for s in steps(server, ids["pa"]):
        spans.setdefault((s.resource_id, s.date), []).append((s.departure or s.start, s.arrival or s.end))
    held = {k: (min(a for a, _ in v), max(b for _, b in v)) for k, v in spans.items()}
    mine = [s for s in steps(server, again) if s.kind == "visit"]  # (in the demo pa's week leaves TECH-1 and
    # TECH-2 little time and few of their weekly hours: tests/services/test_shared_staff.py plans into a free span)
    for s in mine:
        if (s.resource_id, s.date) in held:
            lo, hi = held[(s.resource_id, s.date)]
            assert s.end <= lo or s.start >= hi, (s.resource_id, s.date, s.start, lo, hi)
    page = html.unescape(pb.get(f"/plans/{again}").text)
    assert 'id="shared"' in page and "pris par le plan publié de LogemLoiret" in page
    assert publish(pb, again).status_code == 200


def _add_absences(server: Server, *absences: dict[str, Any]) -> None:
    db = Database(server.db_url)
    try:
        with db.engine.begin() as conn:  # (written first thing: no read-then-write transaction for SQLite to refuse)
            conn.execute(TABLES["absences"].insert(), list(absences))
    finally:
        db.dispose()


def test_who_is_away_and_the_visits_an_absence_breaks_are_shown(server: Server) -> None:
    ids = week_plans(server)
    friday = [s for s in steps(server, ids["pa"]) if s.kind == "visit" and s.resource_id == "TECH-2"
              and s.date.weekday() == 4]
    assert friday
    later = dt.date.today() + dt.timedelta(days=20)
    _add_absences(
        server,
        {"resource_id": "TECH-2", "first_day": friday[0].date, "last_day": friday[0].date, "part": "jour",
         "reason": "maladie"},
        {"resource_id": "TECH-1", "first_day": later, "last_day": later, "part": "matin", "reason": "maladie"},
    )
    pa = sign_in(server, "pa")
    page = html.unescape(pa.get(f"/plans/{ids['pa']}").text)
    away = re.search(r'<ul id="away">(.*?)</ul>', page, flags=re.S)
    assert away and "TECH-2" in away.group(1) and "maladie" not in page  # who, never why (health data)
    broken = re.search(r'<ul id="broken">(.*?)</ul>', page, flags=re.S)
    assert broken and all(s.task_id in broken.group(1) for s in friday)  # entered after the published plan
    backlog = html.unescape(pa.get("/backlog").text)
    listed = re.search(r'<ul id="away">(.*?)</ul>', backlog, flags=re.S)
    assert listed and "TECH-1" in listed.group(1) and later.isoformat() in listed.group(1) and "maladie" not in backlog
    from tournees.web.texts import reason_label

    assert reason_label("staff_absent", "", "en") == "The staff member is away that day (absence entered)."


def test_tournees_record_reads_a_file_all_or_nothing(
    server: Server, tmp_path: Any, capsys: Any
) -> None:
    from tournees.cli import main

    ids = week_plans(server)
    first, second = _visits_on(server, ids["pa"], 1)[1:3]
    bad = tmp_path / "visites.csv"
    bad.write_text(
        "request_id,day,outcome,cancelled_by,score\n"
        f"{first.task_id},{first.date},done,,5\n"
        f"{second.task_id},{second.date},cancelled,,\n"
        f"BRI-9999,{second.date},done,,\n",
        encoding="utf-8",
    )
    assert main(["record", str(bad), "--db", server.db_url]) == 2
    err = capsys.readouterr().err
    assert "visites.csv, ligne 3, champ outcome" in err and "qui a annulé" in err
    assert "visites.csv, ligne 4, champ request_id" in err and "rien n'a été enregistré" in err
    assert not rows(server, "activities", request_id=first.task_id)  # the good row waited for the others
    good = tmp_path / "visites_ok.csv"
    good.write_text(
        "request_id,day,outcome,cancelled_by,score\n"
        f"{first.task_id},{first.date},done,,5\n"
        f"{second.task_id},{second.date},cancelled,landlord,\n",
        encoding="utf-8",
    )
    assert main(["record", str(good), "--db", server.db_url]) == 0
    statuses = {r.request_id: r.status for r in rows(server, "bricolage_requests")}
    assert statuses[first.task_id] == "done" and statuses[second.task_id] == "received"
    assert [r.cancelled_by for r in rows(server, "visit_outcomes", request_id=second.task_id)] == ["landlord"]
    assert main(["record", str(good), "--db", server.db_url]) == 2  # recorded already: refused, nothing changed
    assert "déjà enregistré" in capsys.readouterr().err

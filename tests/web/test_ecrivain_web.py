"""The écrivain's week in the browser (issue #27): plan, the week's sessions and appointments, free times for a
tenant who calls (nearest first, by mobility), booking and moving, confirming, publishing; landlord isolation
and escaping (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in, submit
from tests.web.test_plan_form import plan_in_browser, planned

PLAN: dict[str, str] = {}  # backend url -> the écrivain plan of LogemLoiret made once for this module


@pytest.fixture()
def plan_id(server: Server) -> str:
    if server.db_url not in PLAN:
        PLAN[server.db_url] = planned(server, sign_in(server, "pa"), "ecrivain")
    return PLAN[server.db_url]


def _rows(server: Server, query: str, **params: object) -> list[sa.Row]:
    from tournees.db import Database

    db = Database(server.db_url)
    with db.engine.connect() as conn:
        rows = list(conn.execute(sa.text(query), params))
    db.dispose()
    return rows


def _run(server: Server, plan_id: str) -> str:
    return str(_rows(server, "SELECT run_id FROM web_plans WHERE plan_id = :p", p=plan_id)[0].run_id)


def _iso(value: object) -> str:
    """A stored time as the pages write it (SQLite gives text, PostgreSQL a datetime)."""
    return dt.datetime.fromisoformat(str(value)).isoformat()


def _version(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found
    return found.group(1)


def _landlord_of(server: Server, request_id: str) -> str:
    return str(
        _rows(
            server,
            "SELECT r.landlord_id FROM ecrivain_requests q JOIN tenants t ON t.tenant_id = q.tenant_id"
            " JOIN residences r ON r.residence_id = t.residence_id WHERE q.request_id = :q",
            q=request_id,
        )[0].landlord_id
    )


def test_the_week_shows_sessions_appointments_and_only_the_landlords_requests(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    assert 'id="sessions"' in page and 'id="book-form"' in page and "carte.html" in page
    run = _run(server, plan_id)
    sessions = _rows(server, "SELECT session_id FROM plan_sessions WHERE run_id = :r", r=run)
    booked = _rows(server, "SELECT request_id FROM plan_appointments WHERE run_id = :r", r=run)
    assert sessions and booked
    for s in sessions:
        assert f'data-session="{s.session_id}"' in page
    for a in booked:
        assert f'data-task="{a.request_id}"' in page and _landlord_of(server, a.request_id) == "LOGEMLOIRET"
    for rid in re.findall(r'<option value="(ECR-[^"]+)">', page):  # the requests that may be booked
        assert _landlord_of(server, rid) == "LOGEMLOIRET"
    for name in ("permanences.html", "courriers.html"):
        reply = client.get(f"/plans/{plan_id}/files/{name}")
        assert reply.status_code == 200 and "<html" in reply.text.lower()


def test_another_landlords_planner_gets_404_everywhere(server: Server, plan_id: str) -> None:
    other = sign_in(server, "pb")
    booked = _rows(server, "SELECT request_id FROM plan_appointments WHERE run_id = :r", r=_run(server, plan_id))[0]
    assert other.get(f"/plans/{plan_id}").status_code == 404
    assert other.get(f"/plans/{plan_id}/files/courriers.html").status_code == 404
    assert other.get(f"/plans/{plan_id}/ecrivain/slots", params={"request_id": booked.request_id}).status_code == 404
    page = other.get("/plans").text
    for action in ("book", "confirm", "publish"):
        reply = other.post(
            f"/plans/{plan_id}/ecrivain/{action}",
            data={"csrftoken": token(page), "request_id": booked.request_id, "version": "1"},
        )
        assert reply.status_code == 404, action


def _slots(client: httpx.Client, plan_id: str, request_id: str) -> tuple[str, list[tuple[str, str, int]]]:
    page = client.get(f"/plans/{plan_id}/ecrivain/slots", params={"request_id": request_id}).text
    rows = re.findall(r'<tr data-session="([^"]+)" data-start="([^"]+)">.*?<td>[^<]*</td>\s*<td>[^<]*</td>\s*'
                      r"<td>(\d+) min", page, flags=re.S)
    return page, [(s, t, int(m)) for s, t, m in rows]


def test_a_tenant_who_calls_is_booked_into_a_freed_time_nearest_first(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    run = _run(server, plan_id)
    first = _rows(server, "SELECT request_id, session_id, start FROM plan_appointments WHERE run_id = :r"
                  " ORDER BY request_id", r=run)[0]
    freed = (first.session_id, _iso(first.start))
    page, rows = _slots(client, plan_id, first.request_id)
    assert freed in {(s, t) for s, t, _ in rows}  # its own time counts as free (to move it)
    assert [m for _, _, m in rows] == sorted(m for _, _, m in rows)  # nearest first
    # the tenant calls it off: its time is free, the request waits again
    reply = client.post(f"/plans/{plan_id}/ecrivain/unbook",
                        data={"csrftoken": token(page), "version": _version(page), "request_id": first.request_id})
    assert reply.status_code == 200 and "libéré" in html.unescape(reply.text), reply.text[:500]
    assert not _rows(server, "SELECT 1 FROM plan_appointments WHERE run_id = :r AND request_id = :q",
                     r=run, q=first.request_id)
    # another tenant calls: among the landlord's waiting requests, the first that may come to a free time
    waiting = re.findall(r'<option value="(ECR-[^"]+)">', reply.text)
    assert first.request_id in waiting
    for request_id in sorted(waiting, key=lambda r: (r == first.request_id, r)):
        page, rows = _slots(client, plan_id, request_id)
        if rows:
            break
    assert rows and freed in {(s, t) for s, t, _ in rows}  # only the freed time is free (the sessions are full)
    session_id, start, _ = rows[0]
    reply = client.post(
        f"/plans/{plan_id}/ecrivain/book",
        data={"csrftoken": token(page), "version": _version(page), "request_id": request_id,
              "session_id": session_id, "start": start},
    )
    assert reply.status_code == 200 and "enregistré" in html.unescape(reply.text), reply.text[:500]
    booked = _rows(server, "SELECT session_id, start FROM plan_appointments WHERE run_id = :r AND request_id = :q",
                   r=run, q=request_id)
    assert [(b.session_id, _iso(b.start)) for b in booked] == [(session_id, start)]
    assert f'data-task="{request_id}"' in reply.text
    written = client.get(f"/plans/{plan_id}/files/appointments.csv").text
    mine = [r for r in csv.DictReader(io.StringIO(written)) if r["request_id"] == request_id]
    assert [(r["session_id"], r["start"]) for r in mine] == [(session_id, start)]
    assert first.request_id not in written
    assert _rows(server, "SELECT status FROM ecrivain_requests WHERE request_id = :q", q=request_id)[0].status == (
        "planned")
    # the same form again: the page it came from is stale now, nothing is written
    again = client.post(
        f"/plans/{plan_id}/ecrivain/book",
        data={"csrftoken": token(page), "version": _version(page), "request_id": request_id,
              "session_id": session_id, "start": start},
    )
    assert again.status_code == 409 and "rechargez" in html.unescape(again.text)


def test_confirm_and_publish(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    request_id = re.findall(r'action="/plans/[^/]+/ecrivain/confirm".*?name="request_id" value="([^"]+)"', page,
                            flags=re.S)[0]
    reply = client.post(f"/plans/{plan_id}/ecrivain/confirm",
                        data={"csrftoken": token(page), "version": _version(page), "request_id": request_id})
    assert reply.status_code == 200
    assert _rows(server, "SELECT status FROM ecrivain_requests WHERE request_id = :q", q=request_id)[0].status == (
        "confirmed")
    page = reply.text
    reply = client.post(
        f"/plans/{plan_id}/ecrivain/publish", data={"csrftoken": token(page), "version": _version(page)}
    )
    assert reply.status_code == 200 and "publiée" in html.unescape(reply.text)
    assert _rows(server, "SELECT status FROM planning_runs WHERE run_id = :r", r=_run(server, plan_id))[0].status == (
        "published")


def test_hostile_and_foreign_request_ids_are_refused_escaped(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    hostile = '<script>alert("x")</script>'
    reply = client.get(f"/plans/{plan_id}/ecrivain/slots", params={"request_id": hostile})
    assert reply.status_code == 422 and "<script>alert" not in reply.text and "request_id" in reply.text
    foreign = next(r.request_id for r in _rows(server, "SELECT request_id FROM ecrivain_requests")
                   if _landlord_of(server, r.request_id) != "LOGEMLOIRET")
    reply = client.get(f"/plans/{plan_id}/ecrivain/slots", params={"request_id": foreign})
    assert reply.status_code == 422 and "n'existe pas" in html.unescape(reply.text)


def test_the_ecrivain_week_in_a_browser(browser: Any, server: Server) -> None:
    context, page, errors = _signed_in(browser, server, "pa")
    plan_in_browser(page, "ecrivain", "2026-W49", "#sessions .session")
    # a tenant calls off their appointment: its time is free
    freed = page.locator("li[data-task] form[action$='/unbook']").first
    request_id = freed.locator("input[name=request_id]").get_attribute("value")
    submit(page, freed.locator("button"))
    assert "libéré" in page.locator(".flash").inner_text()
    assert page.locator(f'li[data-task="{request_id}"]').count() == 0
    # it calls back: the free times that suit it, nearest first, and one click books it
    page.select_option("#book-form select[name=request_id]", request_id)
    submit(page, page.locator("#book-form button[type=submit]"))
    submit(page, page.locator("#slots tbody tr").first.locator("button"))
    assert page.locator(f'li[data-task="{request_id}"]').count() == 1
    assert "enregistré" in page.locator(".flash").inner_text()
    submit(page, page.locator("#publish-form button[type=submit]"))
    assert "publié" in page.locator("#run-status").inner_text()
    assert not errors, errors
    context.close()


def test_a_hostile_venue_name_is_escaped_and_the_page_speaks_english(server: Server, plan_id: str) -> None:
    from tournees.db import Database

    venue = _rows(server, "SELECT venue_id FROM plan_sessions WHERE run_id = :r", r=_run(server, plan_id))[0].venue_id
    name = _rows(server, "SELECT name FROM venues WHERE venue_id = :v", v=venue)[0].name
    hostile = '<img src=x onerror="alert(1)">Mairie'
    db = Database(server.db_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE venues SET name = :n WHERE venue_id = :v"), {"n": hostile, "v": venue})
        client = sign_in(server, "pa")
        page = client.get(f"/plans/{plan_id}").text
        assert hostile not in page and "&lt;img src=x" in page
        client.get("/lang/en")
        english = html.unescape(client.get(f"/plans/{plan_id}").text)
        assert "The week's sessions and their appointments" in english and "Publish the week" in english
    finally:
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE venues SET name = :n WHERE venue_id = :v"), {"n": name, "v": venue})
        db.dispose()


def _cancel(server: Server, request_id: str) -> None:
    from tournees.db import Database

    db = Database(server.db_url)
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE ecrivain_requests SET status = 'cancelled' WHERE request_id = :q"),
                     {"q": request_id})
    db.dispose()


def _given(server: Server, run: str) -> set[tuple[str, str, str]]:
    rows = _rows(server, "SELECT request_id, session_id, start FROM plan_appointments WHERE run_id = :r", r=run)
    return {(a.request_id, a.session_id, _iso(a.start)) for a in rows}


def test_a_replan_keeps_the_appointments_given(server: Server) -> None:
    """A tenant calls off the first appointment of a session: re-planning the week (issue #27) keeps every other
    appointment at its session and time (those tenants were told), the hole is for the others."""
    client = sign_in(server, "pa")
    plan_id = planned(server, client, "ecrivain", week="2026-W50")
    run = _run(server, plan_id)
    first = _rows(server, "SELECT request_id, session_id, start FROM plan_appointments WHERE run_id = :r"
                  " ORDER BY start, request_id", r=run)[0]
    page = client.get(f"/plans/{plan_id}").text
    assert 'id="replan-form"' in page
    reply = client.post(f"/plans/{plan_id}/ecrivain/unbook",
                        data={"csrftoken": token(page), "version": _version(page), "request_id": first.request_id})
    assert reply.status_code == 200, reply.text[:500]
    _cancel(server, first.request_id)  # (the tenant no longer needs it: nobody else is waiting for that time)
    given = _given(server, run)
    assert given and all(start > _iso(first.start) for _, sid, start in given if sid == first.session_id)
    form = {"csrftoken": token(reply.text), "version": _version(reply.text)}
    reply = client.post(f"/plans/{plan_id}/replan", data=form)
    assert reply.status_code == 200
    server.state.jobs.wait_all()
    again = _run(server, plan_id)
    assert again != run
    now = _given(server, again)
    assert given <= now, given - now


def _fiche_10(server: Server) -> dict[str, list[list[str]]]:
    """Fiche 10's tables on /analysis, by title: their rows of cells."""
    analysis = sign_in(server, "an").get("/analysis").text
    fiche = re.search(r'<section class="fiche" id="fiche-10">(.*?)</section>', analysis, flags=re.S)
    assert fiche, analysis[:500]
    tables = re.findall(r"<caption>([^<]*)</caption>.*?<tbody>(.*?)</tbody>", fiche.group(1), flags=re.S)
    return {html.unescape(title): [[html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)]
                                   for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]
            for title, body in tables}


def test_what_happened_at_the_appointments_is_recorded_and_seen_in_fiche_10(server: Server) -> None:
    """After a published week (issue #27): an appointment done with the tenant's satisfaction gives an activity
    (the request's démarche, the session's venue) fiche 10 counts and the request is done; a tenant absent sends
    the request back among the waiting ones, its history kept; recording twice is refused, nothing written; no
    form before publishing; another landlord's planner gets 404."""
    client = sign_in(server, "pa")
    plan_id = planned(server, client, "ecrivain", week="2026-W47")  # a past week: what happened may be recorded
    run = _run(server, plan_id)
    done, absent = _rows(server, "SELECT a.request_id, a.start, s.venue_id, s.staff_id, q.motive, q.tenant_id"
                         " FROM plan_appointments a JOIN plan_sessions s ON s.run_id = a.run_id AND s.session_id ="
                         " a.session_id JOIN ecrivain_requests q ON q.request_id = a.request_id WHERE a.run_id = :r"
                         " ORDER BY a.start, a.request_id", r=run)[:2]
    page = client.get(f"/plans/{plan_id}").text
    assert "ecrivain/outcome" not in page  # not before the week is published
    send = {"csrftoken": token(page), "task_id": done.request_id, "outcome": "done", "score": "5"}
    assert client.post(f"/plans/{plan_id}/ecrivain/outcome", data=send).status_code == 404
    before = _fiche_10(server)
    reply = client.post(f"/plans/{plan_id}/ecrivain/publish",
                        data={"csrftoken": token(page), "version": _version(page)})
    assert reply.status_code == 200 and f'action="/plans/{plan_id}/ecrivain/outcome"' in reply.text
    homes = _rows(server, "SELECT task_id FROM plan_steps WHERE run_id = :r AND kind = 'visit'", r=run)
    assert homes  # the home visits have the form too
    for request_id in [done.request_id, absent.request_id, *(h.task_id for h in homes)]:
        assert f'name="task_id" value="{request_id}"' in reply.text, request_id
    other = sign_in(server, "pb")
    assert other.post(f"/plans/{plan_id}/ecrivain/outcome",
                      data=send | {"csrftoken": token(other.get("/plans").text)}).status_code == 404
    refused = client.post(f"/plans/{plan_id}/ecrivain/outcome", data=send | {"outcome": "cancelled", "score": ""})
    assert refused.status_code == 422 and "champ cancelled_by" in html.unescape(refused.text)
    assert not _rows(server, "SELECT * FROM activities WHERE request_id = :q", q=done.request_id)  # nothing written
    reply = client.post(f"/plans/{plan_id}/ecrivain/outcome", data=send)
    assert reply.status_code == 200 and f"Visite {done.request_id} : réalisée" in html.unescape(reply.text)
    reply = client.post(f"/plans/{plan_id}/ecrivain/outcome", data=send | {"task_id": absent.request_id,
                                                                             "outcome": "no_show", "score": ""})
    assert reply.status_code == 200
    for again in (send | {"outcome": "no_show", "score": ""}, send | {"task_id": absent.request_id, "score": ""}):
        refused = client.post(f"/plans/{plan_id}/ecrivain/outcome", data=again)
        assert refused.status_code == 422 and "déjà enregistré" in html.unescape(refused.text)
    acts = {a.request_id: a for a in _rows(server, "SELECT * FROM activities WHERE request_id IN (:d, :a)",
                                           d=done.request_id, a=absent.request_id)}
    assert (acts[done.request_id].service, acts[done.request_id].outcome, acts[done.request_id].motive,
            acts[done.request_id].venue_id, acts[done.request_id].staff_id, acts[done.request_id].tenant_id) == (
        "ecrivain", "done", done.motive, done.venue_id, done.staff_id, done.tenant_id)
    assert acts[absent.request_id].outcome == "no_show" and len(acts) == 2
    score = _rows(server, "SELECT score FROM satisfaction WHERE activity_id = :a",
                  a=acts[done.request_id].activity_id)
    assert [s.score for s in score] == [5]
    status = {r.request_id: r.status for r in _rows(server, "SELECT request_id, status FROM ecrivain_requests"
                                                    " WHERE request_id IN (:d, :a)", d=done.request_id,
                                                    a=absent.request_id)}
    assert status == {done.request_id: "done", absent.request_id: "received"}  # absent: waiting again
    history = _rows(server, "SELECT outcome, day FROM visit_outcomes WHERE request_id = :q", q=absent.request_id)
    assert [h.outcome for h in history] == ["no_show"]  # its history, shown among the waiting requests
    waiting = html.unescape(client.get("/backlog", params={"service": "ecrivain"}).text)
    line = re.search(rf"<td>{absent.request_id}</td>.*?</tr>", waiting, flags=re.S)
    assert line and 'class="history"' in line.group(0) and "locataire absent" in line.group(0).lower(), waiting[:300]
    page = client.get(f"/plans/{plan_id}").text
    assert 'data-outcome="done"' in page and 'data-outcome="no_show"' in page
    assert f'<option value="{absent.request_id}">' in page  # bookable again
    after = _fiche_10(server)  # fiche 10 counts them: one more done and one more absent, the answer, the venue

    def count(fiche: dict[str, list[list[str]]], table: str, column: int, first: str | None = None) -> int:
        return next(int(r[column]) for r in fiche[table] if first is None or r[0] == first)

    issues, rated, venues = ("Réalisées, annulations et absences", "Satisfaction (note moyenne sur 5 et taux de notes"
                             " ≥ 4)", "Consultations par lieu d'accueil")
    assert count(after, issues, 0) == count(before, issues, 0) + 1  # done
    assert count(after, issues, 2) == count(before, issues, 2) + 1  # tenant absent
    assert count(after, rated, 1, "globale") == count(before, rated, 1, "globale") + 1
    assert count(after, venues, 1, done.venue_id) == count(before, venues, 1, done.venue_id) + 1
    # re-planning the week keeps the appointment that took place, not the one the tenant missed: it waits again
    # (planned afresh like any waiting request, not held at its time)
    given = _given(server, run)
    form = {"csrftoken": token(page), "version": _version(page)}
    assert client.post(f"/plans/{plan_id}/replan", data=form).status_code == 200
    server.state.jobs.wait_all()
    assert (done.request_id, _iso(done.start)) in {(q, t) for q, _, t in _given(server, _run(server, plan_id))}
    kpis = json.loads((server.state.workdir / plan_id / "plan.json").read_text(encoding="utf-8"))["kpis"]
    assert kpis["appointments_kept"] == len(given) - 1
